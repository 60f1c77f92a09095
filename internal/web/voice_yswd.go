package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

type voiceYSWDView struct {
	C         store.ConsultationItem
	Responses int
	Page      voice.YSWDPage
	CanManage bool
}

// voiceYSWD is the "you said, we did" page, generated from the links
// between the themes people raised and the board's decisions; published
// with the results.
func (w *Web) voiceYSWD(rw http.ResponseWriter, r *http.Request) {
	it, ok := w.voiceConsultation(rw, r)
	if !ok {
		return
	}
	if !it.ResultsVisible(w.store.VoiceToday(), auth.Can(principal(r), auth.AnalyseConsultations, it.PartnershipID)) {
		w.resultsNotPublished(rw, r, it)
		return
	}
	res, err := voice.LoadResults(r.Context(), w.store, it.Consultation)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := voiceYSWDView{C: it, Responses: res.Analysis.Responses, Page: res.YSWD, CanManage: auth.Can(principal(r), auth.ManageConsultations, it.PartnershipID)}
	w.render(rw, r, http.StatusOK, "voice-yswd", &Page{Title: "You said, we did: " + it.Title, Nav: "voice", Data: v, Breadcrumbs: voiceCrumbs(it, true)})
}

type voiceOrphansView struct {
	Orphans       []store.OrphanTheme
	PartnershipID int64
}

// voiceOrphans lists the themes nobody has answered yet ("you said" with
// no "we did"), for one partnership (?partnership=ID) or, for global
// administrators, all.
func (w *Web) voiceOrphans(rw http.ResponseWriter, r *http.Request) {
	var pid int64
	if s := r.URL.Query().Get("partnership"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			w.badRequest(rw, r, "partnership must be a partnership number.")
			return
		}
		pid = n
	}
	if _, ok := w.allow(rw, r, auth.ManageConsultations, pid); !ok {
		return
	}
	orphans, err := w.store.OrphanThemes(r.Context(), pid)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "voice-orphans", &Page{Title: "Themes without a response", Nav: "voice", Data: voiceOrphansView{Orphans: orphans, PartnershipID: pid},
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Voice", Href: "/voice"}}})
}
