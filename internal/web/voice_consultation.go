package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

type voiceConsultationView struct {
	C           store.ConsultationItem
	Partnership string
	Status      Tag
	Open        bool
	Closed      bool
	SignedIn    bool
	Confirmed   bool
	Responded   bool // the signed-in person has a response saved
	CanAnalyse  bool
	CanManage   bool
	PerPage     bool
}

// voiceConsultationPage publishes what people need to respond (the
// Gunning principles): the summary, the options, the documents and the
// closing date, with the way in to respond while it is open.
func (w *Web) voiceConsultationPage(rw http.ResponseWriter, r *http.Request) {
	it, ok := w.voiceConsultation(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	day := w.store.VoiceToday()
	pr := principal(r)
	v := voiceConsultationView{C: it, Partnership: w.partnershipName(ctx, it.PartnershipID).Name, Status: voiceStatus(it.Consultation, day),
		Open: it.OpenOn(day), Closed: it.ClosedOn(day), PerPage: it.PerPage(),
		CanAnalyse: auth.Can(pr, auth.AnalyseConsultations, it.PartnershipID), CanManage: auth.Can(pr, auth.ManageConsultations, it.PartnershipID)}
	if pr != nil {
		v.SignedIn, v.Confirmed = true, pr.EmailConfirmed
		if _, err := w.store.ResponseOf(ctx, it.ID, voiceRespondentKey(pr.UserID)); err == nil {
			v.Responded = true
		}
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "saved":
		notice = "Your response has been saved. You can change it until the consultation closes on " + dateLong(it.Closes) + "."
	case "edited":
		notice = "The consultation is saved."
	}
	w.render(rw, r, http.StatusOK, "voice-consultation", &Page{Title: it.Title, Nav: "voice", Data: v, Notice: notice, Breadcrumbs: voiceCrumbs(it, false)})
}
