package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

type meetingFormView struct {
	P             places.Partnership
	MemberOptions []Option
	// Action, Heading and Button tell the record form from the edit form.
	Action, Heading, Button string
}

// memberOptions lists the board as checkbox or radio options, saying whose
// term has ended or not yet begun.
func (w *Web) memberOptions(d *partnershipData) []Option {
	opts := make([]Option, len(d.Members))
	for i, m := range d.Members {
		hint := roleLabel(m.Role) + ", " + m.Org.Name
		if term := termLabel(m.Member); term != "" {
			hint += ". " + term
		}
		opts[i] = Option{Value: strconv.FormatInt(m.ID, 10), Label: m.PersonName, Hint: hint}
	}
	return opts
}

// meetingNewForm asks for a meeting's date, agenda, minutes and who came.
func (w *Web) meetingNewForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.ManageMeetings, id); !ok {
		return
	}
	w.renderMeetingForm(rw, r, http.StatusOK, id, 0, newForm())
}

// renderMeetingForm shows the record form (meetingID 0) or the edit form.
func (w *Web) renderMeetingForm(rw http.ResponseWriter, r *http.Request, status int, id, meetingID int64, f *Form) {
	f.OrderErrors("date", "attendance", "agenda", "minutes")
	d, err := w.loadPartnership(r.Context(), r, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := meetingFormView{P: d.P, MemberOptions: w.memberOptions(d), Action: "/partnerships/" + formatIntPlain(id) + "/meetings/new",
		Heading: "Record a meeting", Button: "Record meeting"}
	if meetingID != 0 {
		v.Action = "/partnerships/" + formatIntPlain(id) + "/meetings/" + formatIntPlain(meetingID) + "/edit"
		v.Heading, v.Button = "Change a meeting", "Save changes"
	}
	w.render(rw, r, status, "meeting-new", &Page{
		Title: v.Heading, Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: d.P.Name, Href: "/partnerships/" + formatIntPlain(id)}},
		Data:        v,
	})
}

// readMeeting reads the meeting form into m, recording problems on f.
func readMeeting(f *Form, m *places.Meeting) {
	m.Date, m.Agenda, m.Minutes = f.DateValue("date", "Date of the meeting"), f.Values.Get("agenda"), f.Values.Get("minutes")
	m.Attendance = nil
	for _, s := range f.Values["attendance"] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			f.AddError("attendance", "Select board members from the list")
			break
		}
		m.Attendance = append(m.Attendance, n)
	}
	m.Normalize()
	if verr := m.Validate(); verr != nil {
		applyDomainError(f, verr, nil)
	}
	if f.ErrorFor("date") != "" && !strings.HasPrefix(f.ErrorFor("date"), "Date of") {
		reword(f, "date", "Date of the meeting")
	}
}

// meetingCreate records the meeting, or shows the form again.
func (w *Web) meetingCreate(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.allow(rw, r, auth.ManageMeetings, id)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	m := places.Meeting{PartnershipID: id}
	readMeeting(f, &m)
	if !f.Valid() {
		w.renderMeetingForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	_, err = w.store.CreateMeeting(r.Context(), pr.Actor(), m)
	if applyDomainError(f, err, nil) {
		w.renderMeetingForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(id)+"?done=meeting#meetings", http.StatusSeeOther)
}
