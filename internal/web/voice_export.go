package web

import (
	"bytes"
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
	"github.com/placeboard/placeboard/internal/voice/export"
)

// voiceExportTable builds the responses table for the signed-in staff
// member: with names, e-mail addresses and postcodes only when their role
// lets them see respondents.
func (w *Web) voiceExportTable(rw http.ResponseWriter, r *http.Request) (store.ConsultationItem, []string, [][]string, bool) {
	it, ok := w.voiceConsultation(rw, r)
	if !ok {
		return it, nil, nil, false
	}
	pr, ok := w.allow(rw, r, auth.AnalyseConsultations, it.PartnershipID)
	if !ok {
		return it, nil, nil, false
	}
	ctx := r.Context()
	rs, err := w.store.Responses(ctx, it.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return it, nil, nil, false
	}
	var personal map[int64]voice.Personal
	if auth.Can(pr, auth.ViewRespondents, it.PartnershipID) {
		if personal, err = w.store.RespondentDetails(ctx, it.ID); err != nil {
			w.storeError(rw, r, err)
			return it, nil, nil, false
		}
	}
	header, rows := voice.ExportTable(it.Consultation, rs, personal)
	return it, header, rows, true
}

// voiceResponsesCSV downloads the responses as CSV.
func (w *Web) voiceResponsesCSV(rw http.ResponseWriter, r *http.Request) {
	it, header, rows, ok := w.voiceExportTable(rw, r)
	if !ok {
		return
	}
	writeCSV(rw, "consultation-"+formatIntPlain(it.ID)+"-responses.csv", header, rows)
}

// voiceResponsesXLSX downloads the responses as an Excel workbook.
func (w *Web) voiceResponsesXLSX(rw http.ResponseWriter, r *http.Request) {
	it, header, rows, ok := w.voiceExportTable(rw, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, "Responses", header, rows); err != nil {
		w.serverError(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	rw.Header().Set("Content-Disposition", `attachment; filename="consultation-`+formatIntPlain(it.ID)+`-responses.xlsx"`)
	_, _ = buf.WriteTo(rw)
}
