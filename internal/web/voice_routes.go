package web

import (
	"context"
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// registerVoiceRoutes mounts the Voice pages (issue 13): processes,
// consultations, responses, analysis and "you said, we did".
func (w *Web) registerVoiceRoutes(mux Mux) {
	mux.HandleFunc("GET /voice", w.voiceHome)
	mux.HandleFunc("GET /voice/processes/{id}", w.voiceProcessPage)
	mux.HandleFunc("POST /voice/processes/{id}/follow", w.voiceFollow)
	mux.HandleFunc("GET /voice/consultations/{id}", w.voiceConsultationPage)
	mux.HandleFunc("GET /voice/consultations/{id}/respond", w.voiceRespondForm)
	mux.HandleFunc("POST /voice/consultations/{id}/respond", w.voiceRespond)
	mux.HandleFunc("GET /voice/consultations/{id}/results", w.voiceResults)
	mux.HandleFunc("GET /voice/consultations/{id}/you-said-we-did", w.voiceYSWD)
	mux.HandleFunc("GET /voice/consultations/{id}/analysis", w.voiceAnalysis)
	mux.HandleFunc("GET /voice/consultations/{id}/responses.csv", w.voiceResponsesCSV)
	mux.HandleFunc("GET /voice/consultations/{id}/responses.xlsx", w.voiceResponsesXLSX)
	mux.HandleFunc("POST /voice/consultations/{id}/themes", w.voiceThemeCreate)
	mux.HandleFunc("POST /voice/consultations/{id}/tags", w.voiceTag)
	mux.HandleFunc("POST /voice/consultations/{id}/links", w.voiceLinkCreate)
	mux.HandleFunc("GET /voice/orphans", w.voiceOrphans)
	mux.HandleFunc("GET /partnerships/{id}/voice/processes/new", w.voiceProcessNewForm)
	mux.HandleFunc("POST /partnerships/{id}/voice/processes/new", w.voiceProcessCreate)
	mux.HandleFunc("GET /voice/processes/{id}/consultations/new", w.voiceConsultationNewForm)
	mux.HandleFunc("POST /voice/processes/{id}/consultations/new", w.voiceConsultationCreate)
	mux.HandleFunc("GET /voice/consultations/{id}/edit", w.voiceConsultationEditForm)
	mux.HandleFunc("POST /voice/consultations/{id}/edit", w.voiceConsultationUpdate)
}

// voiceConsultation loads a consultation with its process's partnership;
// drafts are found only by those who manage consultations.
func (w *Web) voiceConsultation(rw http.ResponseWriter, r *http.Request) (store.ConsultationItem, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return store.ConsultationItem{}, false
	}
	it, err := w.store.ConsultationItem(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return store.ConsultationItem{}, false
	}
	if !it.Published && !auth.Can(principal(r), auth.ManageConsultations, it.PartnershipID) {
		w.notFound(rw, r)
		return store.ConsultationItem{}, false
	}
	return it, true
}

// voiceCrumbs are the breadcrumbs of a consultation's pages.
func voiceCrumbs(it store.ConsultationItem, here bool) []Crumb {
	c := []Crumb{{Label: "Home", Href: "/"}, {Label: "Voice", Href: "/voice"},
		{Label: it.ProcessTitle, Href: "/voice/processes/" + formatIntPlain(it.ProcessID)}}
	if here {
		c = append(c, Crumb{Label: it.Title, Href: "/voice/consultations/" + formatIntPlain(it.ID)})
	}
	return c
}

// voiceStatus is a consultation's status tag on a day.
func voiceStatus(c voice.Consultation, day string) Tag {
	switch c.Status(day) {
	case voice.StatusDraft:
		return tag("Draft", "grey")
	case voice.StatusOpen:
		return tag("Open", "green")
	case voice.StatusClosed:
		return tag("Closed", "")
	}
	return tag("Opens "+voice.LongDate(c.Opens), "blue")
}

// areaNames names the codes (areas the reference holds), for tables.
func (w *Web) areaNames(ctx context.Context, codes []string) map[string]string {
	out := map[string]string{}
	if len(codes) == 0 {
		return out
	}
	areas, err := w.store.AreasByCode(ctx, codes)
	if err != nil {
		w.log.Warn("voice: area names", "err", err)
		return out
	}
	for _, a := range areas {
		out[a.Code] = a.Name
	}
	return out
}

// partnershipName names a partnership ("" when it cannot be read).
func (w *Web) partnershipName(ctx context.Context, id int64) places.Partnership {
	p, err := w.store.GetPartnership(ctx, id)
	if err != nil {
		return places.Partnership{ID: id}
	}
	return p
}
