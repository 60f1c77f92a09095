package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

type rolesView struct {
	P       places.Partnership
	Holders []store.RoleHolder
}

// RoleOptions are the roles a partnership grants, most powerful first.
func (rolesView) RoleOptions() []Option { return accountRoleOptions() }

func accountRoleOptions() []Option {
	hints := map[auth.Role]string{
		auth.RoleAdministrator: "Runs the partnership: its details, board, records and who has which role",
		auth.RoleOfficer:       "Keeps the board, meetings and decisions, and works on the area's needs",
		auth.RoleAnalyst:       "Imports indicator data and annotates and publishes priorities for the partnership's areas",
		auth.RoleBoardMember:   "Sits on the board",
		auth.RoleResident:      "Takes part as a resident",
	}
	opts := make([]Option, len(auth.Roles))
	for i, r := range auth.Roles {
		opts[i] = Option{Value: string(r), Label: accountRoleLabel(string(r)), Hint: hints[r]}
	}
	return opts
}

// accountRoleLabel is a role's name for people.
func accountRoleLabel(role string) string {
	switch auth.Role(role) {
	case auth.RoleAdministrator:
		return "Administrator"
	case auth.RoleOfficer:
		return "Officer"
	case auth.RoleAnalyst:
		return "Analyst"
	case auth.RoleBoardMember:
		return "Board member"
	case auth.RoleResident:
		return "Resident"
	}
	return role
}

// RoleLabel names a holder's role.
func (rolesView) RoleLabel(role string) string { return accountRoleLabel(role) }

// partnershipRoles lists who holds which role in the partnership, with a
// form to grant one and a button to revoke each.
func (w *Web) partnershipRoles(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.ManageRoles, id); !ok {
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "granted":
		notice = "Role given"
	case "revoked":
		notice = "Role taken away"
	}
	w.renderRoles(rw, r, http.StatusOK, id, newForm(), notice)
}

func (w *Web) renderRoles(rw http.ResponseWriter, r *http.Request, status int, id int64, f *Form, notice string) {
	f.OrderErrors("email", "role", "user_id")
	p, err := w.store.GetPartnership(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	holders, err := w.store.PartnershipRoles(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.render(rw, r, status, "partnership-roles", &Page{
		Title: "People and roles: " + p.Name, Form: f, Notice: notice,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: p.Name, Href: "/partnerships/" + formatIntPlain(p.ID)}},
		Data:        rolesView{P: p, Holders: holders},
	})
}

// grantRole gives the account with the e-mail address a role here.
func (w *Web) grantRole(rw http.ResponseWriter, r *http.Request) {
	pr, id, f, ok := w.rolesForm(rw, r)
	if !ok {
		return
	}
	role := f.Get("role")
	if role == "" {
		f.AddError("role", "Select the role to give")
	} else if !auth.Role(role).Valid() {
		f.AddError("role", "Select one of the roles listed")
	}
	if f.Get("email") == "" {
		f.AddError("email", "Enter the email address of the person's account")
	}
	if f.Valid() {
		_, err := w.store.GrantRoleByEmail(r.Context(), pr.Actor(), f.Get("email"), id, role)
		if !applyDomainError(f, err, nil) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		w.renderRoles(rw, r, http.StatusUnprocessableEntity, id, f, "")
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(id)+"/roles?done=granted", http.StatusSeeOther)
}

// revokeRole takes an account's role here away.
func (w *Web) revokeRole(rw http.ResponseWriter, r *http.Request) {
	pr, id, f, ok := w.rolesForm(rw, r)
	if !ok {
		return
	}
	userID, convErr := strconv.ParseInt(f.Get("user_id"), 10, 64)
	if convErr != nil || userID <= 0 {
		f.AddParamError("user_id", "Choose whose role to take away")
		w.renderRoles(rw, r, http.StatusUnprocessableEntity, id, f, "")
		return
	}
	err := w.store.RevokeRole(r.Context(), pr.Actor(), userID, id)
	if isNotFound(err) {
		f.AddParamError("user_id", "That person has no role in this partnership")
		w.renderRoles(rw, r, http.StatusUnprocessableEntity, id, f, "")
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(id)+"/roles?done=revoked", http.StatusSeeOther)
}

// rolesForm checks the caller may manage the roles of partnership {id} and
// reads the posted form; it answers the request itself when not ok.
func (w *Web) rolesForm(rw http.ResponseWriter, r *http.Request) (*auth.Principal, int64, *Form, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return nil, 0, nil, false
	}
	pr, ok := w.allow(rw, r, auth.ManageRoles, id)
	if !ok {
		return nil, 0, nil, false
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return nil, 0, nil, false
	}
	return pr, id, f, true
}
