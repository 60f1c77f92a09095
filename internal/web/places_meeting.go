package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/places"
)

type meetingView struct {
	*partnershipData
	Meeting   places.Meeting
	Present   []boardSeat
	Absent    []boardSeat
	Decisions []places.Decision
}

// meetingPage shows one meeting: attendance, agenda, minutes and the
// decisions taken at it.
func (w *Web) meetingPage(rw http.ResponseWriter, r *http.Request) {
	id, ok1 := pathID(r, "id")
	mid, ok2 := pathID(r, "meetingID")
	if !ok1 || !ok2 {
		w.notFound(rw, r)
		return
	}
	m, err := w.store.GetMeeting(r.Context(), mid)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if m.PartnershipID != id {
		w.notFound(rw, r)
		return
	}
	d, err := w.loadPartnership(r.Context(), r, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := meetingView{partnershipData: d, Meeting: m}
	present := map[int64]bool{}
	for _, a := range m.Attendance {
		present[a] = true
	}
	for _, s := range d.Members {
		switch {
		case present[s.ID]:
			v.Present = append(v.Present, s)
		case s.InTerm(m.Date):
			v.Absent = append(v.Absent, s) // not on the board that day: neither
		}
	}
	for _, dec := range d.Decisions {
		if dec.MeetingID == m.ID {
			v.Decisions = append(v.Decisions, dec)
		}
	}
	crumbs := append(partnershipCrumbs(d), Crumb{Label: d.P.Name, Href: "/partnerships/" + formatIntPlain(d.P.ID)})
	notice := map[string]string{"changed": "Meeting saved", "cancelled": "Meeting cancelled"}[r.URL.Query().Get("done")]
	w.render(rw, r, http.StatusOK, "meeting", &Page{Title: "Meeting on " + dateLong(m.Date), Breadcrumbs: crumbs, Data: v, Notice: notice})
}
