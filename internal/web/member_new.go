package web

import (
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

type memberFormView struct {
	P          places.Partnership
	OrgOptions []Option
}

// RoleOptions are the board roles.
func (memberFormView) RoleOptions() []Option {
	opts := make([]Option, len(places.MemberRoles))
	for i, r := range places.MemberRoles {
		opts[i] = Option{Value: string(r), Label: roleLabel(r)}
	}
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
	w.renderMemberForm(rw, r, http.StatusOK, id, newForm())
}

func (w *Web) renderMemberForm(rw http.ResponseWriter, r *http.Request, status int, id int64, f *Form) {
	f.OrderErrors("person_name", "org_id", "ods_code", "role", "statutory")
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
	w.render(rw, r, status, "member-new", &Page{
		Title: "Add a board member", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: p.Name, Href: "/partnerships/" + formatIntPlain(p.ID)}},
		Data:        memberFormView{P: p, OrgOptions: opts},
	})
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
	m := places.Member{PartnershipID: id, PersonName: f.Get("person_name"), Role: places.MemberRole(f.Get("role"))}
	switch f.Get("statutory") {
	case "yes":
		m.Statutory = true
	case "no":
	case "":
		f.AddError("statutory", "Select whether the member is statutory or co-opted")
	default:
		f.AddError("statutory", "Select statutory or co-opted")
	}
	code := f.Get("ods_code")
	m.OrgID = parseID(f, "org_id", "Choose an organisation from the list")
	switch {
	case code != "" && m.OrgID != 0:
		f.AddError("ods_code", "Either choose an organisation or enter its code, not both")
	case len(code) > 20:
		f.AddError("ods_code", "Organisation code must be 20 characters or fewer")
	case code != "":
		o, found, err := w.findOrgByCode(r.Context(), code)
		if err != nil {
			w.storeError(rw, r, err)
			return
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
	orgField := map[string]string{}
	if code != "" {
		orgField["org_id"] = "ods_code"
	}
	if verr := m.Validate(); verr != nil {
		applyDomainError(f, verr, orgField)
	}
	if !f.Valid() {
		w.renderMemberForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	_, err = w.store.AddMember(r.Context(), pr.Actor(), m)
	if applyDomainError(f, err, orgField) {
		w.renderMemberForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if isNotFound(err) {
		f.AddError("org_id", "Choose an organisation that is in the register")
		w.renderMemberForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(id)+"?done=member#board", http.StatusSeeOther)
}
