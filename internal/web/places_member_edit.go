package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

// boardMember reads the member in the path ({id}, {memberID}) after checking
// the caller may manage the board; false when a response was written.
func (w *Web) boardMember(rw http.ResponseWriter, r *http.Request) (*auth.Principal, places.Member, bool) {
	return boardRecord(w, rw, r, "memberID", auth.ManageBoard, w.store.GetMember, func(m places.Member) int64 { return m.PartnershipID })
}

// memberEditForm shows the member form filled with what is recorded.
func (w *Web) memberEditForm(rw http.ResponseWriter, r *http.Request) {
	_, m, ok := w.boardMember(rw, r)
	if !ok {
		return
	}
	f := newForm()
	f.Values.Set("person_name", m.PersonName)
	f.Values.Set("job_title", m.JobTitle)
	f.Values.Set("org_id", strconv.FormatInt(m.OrgID, 10))
	f.Values.Set("role", string(m.Role))
	f.Values.Set("statutory", map[bool]string{true: "yes", false: "no"}[m.Statutory])
	setDate(f, "term_start", m.TermStart)
	setDate(f, "term_end", m.TermEnd)
	w.renderMemberForm(rw, r, http.StatusOK, m.PartnershipID, m.ID, f)
}

// memberUpdate saves the changed member (audited with before and after), or
// shows the form again naming each problem.
func (w *Web) memberUpdate(rw http.ResponseWriter, r *http.Request) {
	pr, m, ok := w.boardMember(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	rename, err := w.readMember(r.Context(), f, &m)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if f.Valid() {
		_, err = w.store.UpdateMember(r.Context(), pr.Actor(), m)
		if err == nil {
			http.Redirect(rw, r, "/partnerships/"+formatIntPlain(m.PartnershipID)+"?done=member-changed#board", http.StatusSeeOther)
			return
		}
		if !applyDomainError(f, err, rename) {
			w.storeError(rw, r, err)
			return
		}
	}
	w.renderMemberForm(rw, r, http.StatusUnprocessableEntity, m.PartnershipID, m.ID, f)
}

func memberEndView(m places.Member) endFormView {
	base := "/partnerships/" + formatIntPlain(m.PartnershipID)
	return endFormView{
		Caption: m.PersonName, Heading: "End " + m.PersonName + "'s term",
		Hint:   "The last day of their term, for example 31 3 2027. It must not be before a meeting they attended",
		Action: base + "/members/" + formatIntPlain(m.ID) + "/end",
		Button: "End term", Back: base + "#board",
		Consequence: "They stay in the board's record with their end date, and keep their past attendance and votes.",
	}
}

// memberEndForm asks on which day a member's term ended.
func (w *Web) memberEndForm(rw http.ResponseWriter, r *http.Request) {
	_, m, ok := w.boardMember(rw, r)
	if !ok {
		return
	}
	f := newForm()
	setDate(f, "date", m.TermEnd)
	w.renderEndForm(rw, r, http.StatusOK, memberEndView(m), w.boardCrumbs(r, m.PartnershipID), f)
}

// memberEnd ends the member's term, or shows the form again.
func (w *Web) memberEnd(rw http.ResponseWriter, r *http.Request) {
	pr, m, ok := w.boardMember(rw, r)
	if !ok {
		return
	}
	w.endRecord(rw, r, memberEndView(m), w.boardCrumbs(r, m.PartnershipID), "Last day of the term", "term_end",
		"/partnerships/"+formatIntPlain(m.PartnershipID)+"?done=member-ended#board",
		func(date string) error { _, err := w.store.EndMember(r.Context(), pr.Actor(), m.ID, date); return err })
}

// boardCrumbs leads back to the partnership's page.
func (w *Web) boardCrumbs(r *http.Request, id int64) []Crumb {
	crumbs := []Crumb{{Label: "Home", Href: "/"}}
	if p, err := w.store.GetPartnership(r.Context(), id); err == nil {
		crumbs = append(crumbs, Crumb{Label: p.Name, Href: "/partnerships/" + formatIntPlain(id)})
	}
	return crumbs
}
