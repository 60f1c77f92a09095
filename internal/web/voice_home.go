package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

type voiceConsultationRow struct {
	store.ConsultationItem
	Status Tag
}

type voiceProcessRow struct {
	voice.Process
	Partnership string
	Standing    voice.Standing
}

type voiceHomeView struct {
	Open, Closed, Upcoming []voiceConsultationRow
	Processes              []voiceProcessRow
}

// voiceHome lists the engagement processes and the consultations, open
// ones first, so a resident finds what they can answer now.
func (w *Web) voiceHome(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	day := w.store.VoiceToday()
	items, err := w.store.ListConsultations(ctx, store.ConsultationFilter{PublishedOnly: true})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	var v voiceHomeView
	for _, it := range items {
		row := voiceConsultationRow{ConsultationItem: it, Status: voiceStatus(it.Consultation, day)}
		switch {
		case it.OpenOn(day):
			v.Open = append(v.Open, row)
		case it.ClosedOn(day):
			v.Closed = append(v.Closed, row)
		default:
			v.Upcoming = append(v.Upcoming, row)
		}
	}
	ps, err := w.store.ListProcesses(ctx, store.ProcessFilter{})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	for _, p := range ps {
		v.Processes = append(v.Processes, voiceProcessRow{Process: p, Partnership: w.partnershipName(ctx, p.PartnershipID).Name, Standing: p.StandingOn(day)})
	}
	w.render(rw, r, http.StatusOK, "voice-home", &Page{Title: "Have your say", Nav: "voice", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}}})
}

type voiceProcessView struct {
	P              voice.Process
	Partnership    string
	Standing       voice.Standing
	Consultations  []voiceConsultationRow
	SignedIn       bool
	Following      bool
	CanManage      bool
	PhaseIsCurrent map[int64]bool
}

// voiceProcessPage shows where a process stands, its phases and its
// consultations, with a button to follow it.
func (w *Web) voiceProcessPage(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	ctx := r.Context()
	p, err := w.store.Process(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	day := w.store.VoiceToday()
	v := voiceProcessView{P: p, Partnership: w.partnershipName(ctx, p.PartnershipID).Name, Standing: p.StandingOn(day), PhaseIsCurrent: map[int64]bool{}}
	if v.Standing.Current != nil {
		v.PhaseIsCurrent[v.Standing.Current.ID] = true
	}
	pr := principal(r)
	v.CanManage = auth.Can(pr, auth.ManageConsultations, p.PartnershipID)
	items, err := w.store.ListConsultations(ctx, store.ConsultationFilter{ProcessID: id, PublishedOnly: !v.CanManage})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	for _, it := range items {
		v.Consultations = append(v.Consultations, voiceConsultationRow{ConsultationItem: it, Status: voiceStatus(it.Consultation, day)})
	}
	if pr != nil {
		v.SignedIn = true
		if v.Following, err = w.store.Follows(ctx, id, pr.UserID); err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	notice := map[string]string{"followed": "You are following this process. We will e-mail you when each phase opens.",
		"unfollowed": "You no longer follow this process."}[r.URL.Query().Get("done")]
	w.render(rw, r, http.StatusOK, "voice-process", &Page{Title: p.Title, Nav: "voice", Data: v, Notice: notice,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Voice", Href: "/voice"}}})
}

// voiceFollow follows (follow=yes) or stops following (follow=no) a
// process, for the signed-in person.
func (w *Web) voiceFollow(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read.")
		return
	}
	ctx := r.Context()
	switch f.Get("follow") {
	case "yes":
		err = w.store.Follow(ctx, id, p.UserID)
	case "no":
		if _, err = w.store.Process(ctx, id); err == nil {
			err = w.store.Unfollow(ctx, id, p.UserID)
		}
	default:
		w.badRequest(rw, r, "follow must be yes or no.")
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	done := "followed"
	if f.Get("follow") == "no" {
		done = "unfollowed"
	}
	http.Redirect(rw, r, "/voice/processes/"+formatIntPlain(id)+"?done="+done, http.StatusSeeOther)
}
