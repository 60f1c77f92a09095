package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

type memberFormView struct {
	P          places.Partnership
	OrgOptions []Option
	// Action, Heading and Button tell the add form from the edit form.
	Action, Heading, Button string
}

// RoleOptions are the board roles.
func (memberFormView) RoleOptions() []Option {
	opts := make([]Option, len(places.MemberRoles))
	for i, r := range places.MemberRoles {
		opts[i] = Option{Value: string(r), Label: roleLabel(r)}
	}
	opts[len(opts)-1].Hint = "Observers attend but do not vote"
	return opts
}

// StatutoryOptions: statutory or co-opted.
func (memberFormView) StatutoryOptions() []Option {
	return []Option{
		{Value: "yes", Label: "Statutory member", Hint: "Required by law, such as the council's director of public health"},
		{Value: "no", Label: "Co-opted member", Hint: "Invited by the board"},
	}
}

// memberNewForm asks for a person, their organisation (picked from the
// register or given by ODS code), role and whether they are statutory.
func (w *Web) memberNewForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.ManageBoard, id); !ok {
		return
	}
	w.renderMemberForm(rw, r, http.StatusOK, id, 0, newForm())
}

// renderMemberForm shows the add form (memberID 0) or the edit form.
func (w *Web) renderMemberForm(rw http.ResponseWriter, r *http.Request, status int, id, memberID int64, f *Form) {
	f.OrderErrors("person_name", "job_title", "org_id", "ods_code", "role", "statutory", "term_start", "term_end")
	p, err := w.store.GetPartnership(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	opts, err := w.orgOptions(r.Context(), p.AreaCode)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := memberFormView{P: p, OrgOptions: opts, Action: "/partnerships/" + formatIntPlain(id) + "/members/new",
		Heading: "Add a board member", Button: "Add member"}
	if memberID != 0 {
		v.Action = "/partnerships/" + formatIntPlain(id) + "/members/" + formatIntPlain(memberID) + "/edit"
		v.Heading, v.Button = "Change a board member", "Save changes"
	}
	w.render(rw, r, status, "member-new", &Page{
		Title: v.Heading, Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: p.Name, Href: "/partnerships/" + formatIntPlain(p.ID)}},
		Data:        v,
	})
}

// readMember reads the member form into m (a new member of partnership id
// when m.ID is 0), recording problems on f. The map renames domain fields
// to the form's; the error is a store failure only.
func (w *Web) readMember(ctx context.Context, f *Form, m *places.Member) (map[string]string, error) {
	m.PersonName, m.Role, m.JobTitle = f.Values.Get("person_name"), places.MemberRole(f.Get("role")), f.Values.Get("job_title")
	switch f.Get("statutory") {
	case "yes":
		m.Statutory = true
	case "no":
		m.Statutory = false
	case "":
		f.AddError("statutory", "Select whether the member is statutory or co-opted")
	default:
		f.AddError("statutory", "Select statutory or co-opted")
	}
	m.TermStart = f.DateValue("term_start", "Start of term")
	m.TermEnd = f.DateValue("term_end", "End of term")
	code := f.Get("ods_code")
	m.OrgID = parseID(f, "org_id", "Choose an organisation from the list")
	switch {
	case code != "" && m.OrgID != 0:
		f.AddError("ods_code", "Either choose an organisation or enter its code, not both")
	case len(code) > 20:
		f.AddError("ods_code", "Organisation code must be 20 characters or fewer")
	case code != "":
		o, found, err := w.findOrgByCode(ctx, code)
		if err != nil {
			return nil, err
		}
		if !found {
			f.AddError("ods_code", "No organisation in the register has the code "+strings.ToUpper(code))
		}
		m.OrgID = o.ID
	case m.OrgID == 0 && !f.Valid() && f.ErrorFor("org_id") != "":
		// already reported
	case m.OrgID == 0:
		f.AddError("org_id", "Choose the member's organisation, or enter its code")
	}
	m.Normalize()
	// When a code was typed, the organisation's problem belongs to it.
	rename := map[string]string{}
	if code != "" {
		rename["org_id"] = "ods_code"
	}
	if verr := m.Validate(); verr != nil {
		applyDomainError(f, verr, rename)
	}
	for field, label := range map[string]string{"term_start": "Start of term", "term_end": "End of term"} {
		if e := f.ErrorFor(field); e != "" && strings.HasPrefix(e, "Date must") {
			reword(f, field, label)
		}
	}
	return rename, nil
}

// memberCreate adds the member, or shows the form again with the problems.
func (w *Web) memberCreate(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.allow(rw, r, auth.ManageBoard, id)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	m := places.Member{PartnershipID: id}
	rename, err := w.readMember(r.Context(), f, &m)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if !f.Valid() {
		w.renderMemberForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	_, err = w.store.AddMember(r.Context(), pr.Actor(), m)
	if applyDomainError(f, err, rename) {
		w.renderMemberForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	if isNotFound(err) {
		f.AddError("org_id", "Choose an organisation that is in the register")
		w.renderMemberForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(id)+"?done=member#board", http.StatusSeeOther)
}
