package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

// boardMeeting reads the meeting in the path ({id}, {meetingID}) after
// checking the caller may manage meetings; false when a response was written.
func (w *Web) boardMeeting(rw http.ResponseWriter, r *http.Request) (*auth.Principal, places.Meeting, bool) {
	return boardRecord(w, rw, r, "meetingID", auth.ManageMeetings, w.store.GetMeeting, func(m places.Meeting) int64 { return m.PartnershipID })
}

// meetingEditForm shows the meeting form filled with what is recorded.
func (w *Web) meetingEditForm(rw http.ResponseWriter, r *http.Request) {
	_, m, ok := w.boardMeeting(rw, r)
	if !ok {
		return
	}
	f := newForm()
	setDate(f, "date", m.Date)
	f.Values.Set("agenda", m.Agenda)
	f.Values.Set("minutes", m.Minutes)
	for _, a := range m.Attendance {
		f.Values.Add("attendance", strconv.FormatInt(a, 10))
	}
	w.renderMeetingForm(rw, r, http.StatusOK, m.PartnershipID, m.ID, f)
}

// meetingUpdate saves the changed meeting (its decisions follow its date),
// or shows the form again naming each problem.
func (w *Web) meetingUpdate(rw http.ResponseWriter, r *http.Request) {
	pr, m, ok := w.boardMeeting(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	readMeeting(f, &m)
	if f.Valid() {
		_, err = w.store.UpdateMeeting(r.Context(), pr.Actor(), m)
		if err == nil {
			http.Redirect(rw, r, "/partnerships/"+formatIntPlain(m.PartnershipID)+"/meetings/"+formatIntPlain(m.ID)+"?done=changed", http.StatusSeeOther)
			return
		}
		if !applyDomainError(f, err, nil) {
			w.storeError(rw, r, err)
			return
		}
	}
	w.renderMeetingForm(rw, r, http.StatusUnprocessableEntity, m.PartnershipID, m.ID, f)
}

func meetingEndView(m places.Meeting) endFormView {
	base := "/partnerships/" + formatIntPlain(m.PartnershipID) + "/meetings/" + formatIntPlain(m.ID)
	return endFormView{
		Caption: "Meeting on " + dateLong(m.Date), Heading: "Cancel the meeting",
		Hint:   "The day it was called off, for example 28 3 2026",
		Action: base + "/end", Button: "Cancel meeting", Back: base,
		Consequence: "The meeting stays in the record, shown as cancelled. A meeting at which decisions were taken cannot be cancelled.",
	}
}

// meetingEndForm asks when the meeting was called off.
func (w *Web) meetingEndForm(rw http.ResponseWriter, r *http.Request) {
	_, m, ok := w.boardMeeting(rw, r)
	if !ok {
		return
	}
	f := newForm()
	setDate(f, "date", m.CancelledOn)
	w.renderEndForm(rw, r, http.StatusOK, meetingEndView(m), w.boardCrumbs(r, m.PartnershipID), f)
}

// meetingEnd cancels the meeting, or shows the form again.
func (w *Web) meetingEnd(rw http.ResponseWriter, r *http.Request) {
	pr, m, ok := w.boardMeeting(rw, r)
	if !ok {
		return
	}
	w.endRecord(rw, r, meetingEndView(m), w.boardCrumbs(r, m.PartnershipID), "Date the meeting was cancelled", "cancelled_on",
		"/partnerships/"+formatIntPlain(m.PartnershipID)+"/meetings/"+formatIntPlain(m.ID)+"?done=cancelled",
		func(date string) error {
			_, err := w.store.CancelMeeting(r.Context(), pr.Actor(), m.ID, date)
			return err
		})
}
