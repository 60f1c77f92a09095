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
}

// memberOptions lists the board as checkbox or radio options.
func (w *Web) memberOptions(d *partnershipData) []Option {
	opts := make([]Option, len(d.Members))
	for i, m := range d.Members {
		opts[i] = Option{Value: strconv.FormatInt(m.ID, 10), Label: m.PersonName, Hint: roleLabel(m.Role) + ", " + m.Org.Name}
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
	w.renderMeetingForm(rw, r, http.StatusOK, id, newForm())
}

func (w *Web) renderMeetingForm(rw http.ResponseWriter, r *http.Request, status int, id int64, f *Form) {
	f.OrderErrors("date", "attendance", "agenda", "minutes")
	d, err := w.loadPartnership(r.Context(), r, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.render(rw, r, status, "meeting-new", &Page{
		Title: "Record a meeting", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: d.P.Name, Href: "/partnerships/" + formatIntPlain(id)}},
		Data:        meetingFormView{P: d.P, MemberOptions: w.memberOptions(d)},
	})
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
	m := places.Meeting{PartnershipID: id, Date: f.DateValue("date", "Date of the meeting"), Agenda: f.Values.Get("agenda"), Minutes: f.Values.Get("minutes")}
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
	if !f.Valid() {
		w.renderMeetingForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	_, err = w.store.CreateMeeting(r.Context(), pr.Actor(), m)
	if applyDomainError(f, err, nil) {
		w.renderMeetingForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(id)+"?done=meeting#meetings", http.StatusSeeOther)
}
