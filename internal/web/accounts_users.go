package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

type usersView struct {
	Users []userRow
}

type userRow struct {
	store.User
	Roles []userRoleRow
	Self  bool
}

type userRoleRow struct {
	PartnershipID   int64
	PartnershipName string
	Role            string
}

// adminUsers lists every account with its roles, and lets global
// administrators disable and re-enable accounts.
func (w *Web) adminUsers(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.allow(rw, r, auth.ManageUsers, 0); !ok {
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "disabled":
		notice = "Account disabled: it cannot sign in and its sessions have ended"
	case "enabled":
		notice = "Account enabled"
	case "national":
		notice = "National analyst capability changed"
	}
	w.renderUsers(rw, r, http.StatusOK, newForm(), notice)
}

func (w *Web) renderUsers(rw http.ResponseWriter, r *http.Request, status int, f *Form, notice string) {
	ctx := r.Context()
	users, err := w.store.ListUsers(ctx)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	grants, err := w.store.AllRoleGrants(ctx)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	names := map[int64]string{}
	me := principal(r)
	v := usersView{Users: make([]userRow, len(users))}
	for i, u := range users {
		row := userRow{User: u, Self: me != nil && me.UserID == u.ID}
		for _, g := range grants[u.ID] {
			name, ok := names[g.PartnershipID]
			if !ok {
				p, err := w.store.GetPartnership(ctx, g.PartnershipID)
				if err != nil {
					w.storeError(rw, r, err)
					return
				}
				name = p.Name
				names[g.PartnershipID] = name
			}
			row.Roles = append(row.Roles, userRoleRow{PartnershipID: g.PartnershipID, PartnershipName: name, Role: accountRoleLabel(g.Role)})
		}
		v.Users[i] = row
	}
	w.render(rw, r, status, "admin-users", &Page{
		Title: "Accounts", Form: f, Notice: notice,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Administration", Href: "/admin"}},
		Data:        v,
	})
}

// setUserDisabled disables (disabled=yes) or re-enables (disabled=no) an
// account. Disabling ends its sessions. Nobody disables their own account,
// so the last administrator cannot lock everyone out by accident.
func (w *Web) setUserDisabled(rw http.ResponseWriter, r *http.Request) {
	pr, userID, f, ok := w.userForm(rw, r)
	if !ok {
		return
	}
	var disabled bool
	switch f.Get("disabled") {
	case "yes":
		disabled = true
	case "no":
	default:
		f.AddParamError("disabled", "Choose whether to disable or enable the account (disabled must be yes or no)")
	}
	if disabled && userID == pr.UserID {
		f.AddParamError("disabled", "You cannot disable your own account")
	}
	if !f.Valid() {
		w.renderUsers(rw, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	err := w.store.SetDisabled(r.Context(), pr.Actor(), userID, disabled)
	if isNotFound(err) {
		w.notFound(rw, r)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	done := "enabled"
	if disabled {
		done = "disabled"
	}
	http.Redirect(rw, r, "/admin/users?done="+done+"#user-"+strconv.FormatInt(userID, 10), http.StatusSeeOther)
}

// setNationalAnalyst grants (national_analyst=yes) or removes
// (national_analyst=no) the national analyst capability: imports and
// priorities for every area.
func (w *Web) setNationalAnalyst(rw http.ResponseWriter, r *http.Request) {
	pr, userID, f, ok := w.userForm(rw, r)
	if !ok {
		return
	}
	var on bool
	switch f.Get("national_analyst") {
	case "yes":
		on = true
	case "no":
	default:
		f.AddParamError("national_analyst", "Choose whether the account is a national analyst (national_analyst must be yes or no)")
		w.renderUsers(rw, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	err := w.store.SetNationalAnalyst(r.Context(), pr.Actor(), userID, on)
	if isNotFound(err) {
		w.notFound(rw, r)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/admin/users?done=national#user-"+strconv.FormatInt(userID, 10), http.StatusSeeOther)
}

// userForm checks the caller may manage accounts and reads the form posted
// about the account {userID}; it answers the request itself when not ok.
func (w *Web) userForm(rw http.ResponseWriter, r *http.Request) (*auth.Principal, int64, *Form, bool) {
	pr, ok := w.allow(rw, r, auth.ManageUsers, 0)
	if !ok {
		return nil, 0, nil, false
	}
	userID, convErr := strconv.ParseInt(r.PathValue("userID"), 10, 64)
	if convErr != nil || userID <= 0 {
		w.notFound(rw, r)
		return nil, 0, nil, false
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return nil, 0, nil, false
	}
	return pr, userID, f, true
}
