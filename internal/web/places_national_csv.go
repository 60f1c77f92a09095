package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/spreadsheet"
)

// nationalCSVHeader names the CSV's columns. The council codes let a
// reader recount the page's totals (a council in two footprints is one
// council).
var nationalCSVHeader = []string{
	"footprint_code", "footprint_name", "partnership", "lead_organisation", "lead_sector",
	"councils", "councils_total", "councils_on_board", "council_codes", "council_codes_on_board",
}

// nationalCSV downloads the national view's rows, in the same order and with
// the same filter as the page, so its figures equal the page's.
func (w *Web) nationalCSV(rw http.ResponseWriter, r *http.Request) {
	nq, form := parseNationalQuery(r.URL.Query())
	if !form.Valid() {
		msg := ""
		for i, e := range form.Errors {
			if i > 0 {
				msg += "; "
			}
			msg += e.Message
		}
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.WriteHeader(http.StatusBadRequest)
		_, _ = rw.Write([]byte(msg + "\n"))
		return
	}
	sum, err := w.footprints.Summary(r.Context())
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	key := nationalRenderKey{csv: true, q: nq}
	body, ok := w.nationalRendered.get(sum.Generation, key)
	if !ok {
		body = nationalCSVBytes(footprintRows(sum, nq))
		w.nationalRendered.put(sum.Generation, key, body)
	}
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="placeboard-footprints.csv"`)
	_, _ = rw.Write(body)
}

// nationalCSVBytes writes the rows as CSV.
func nationalCSVBytes(rows []nationalRow) []byte {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(nationalCSVHeader)
	for _, row := range rows {
		partnership := ""
		if row.Partnership != nil {
			partnership = row.Partnership.Name
		}
		codes := make([]string, len(row.Councils))
		for i, c := range row.Councils {
			codes[i] = c.Code
		}
		sector := ""
		if row.LeadSector != "" {
			sector = string(row.LeadSector)
		}
		_ = cw.Write([]string{
			row.Area.Code, spreadsheet.SafeCell(row.Area.Name), spreadsheet.SafeCell(partnership), spreadsheet.SafeCell(row.LeadName), sector,
			spreadsheet.SafeCell(row.CouncilNames()), strconv.Itoa(len(row.Councils)), strconv.Itoa(row.CouncilsOnBoard),
			strings.Join(codes, ";"), strings.Join(row.OnBoard, ";"),
		})
	}
	cw.Flush()
	return buf.Bytes()
}
