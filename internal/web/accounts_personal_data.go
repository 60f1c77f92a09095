package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

// personalData downloads everything the service holds about the signed-in
// person, as JSON (each module adds its section: store.RegisterPersonalData).
func (w *Web) personalData(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	data, err := w.store.PersonalData(r.Context(), p.UserID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	body, err := json.MarshalIndent(map[string]any{
		"about":      "Everything Placeboard holds about you, downloaded " + time.Now().UTC().Format(time.RFC3339),
		"your_data":  data,
		"sections":   store.PersonalDataSections(),
		"account_id": p.UserID,
	}, "", "  ")
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="placeboard-my-data-`+strconv.FormatInt(p.UserID, 10)+`.json"`)
	rw.Header().Set("Cache-Control", "no-store")
	rw.Write(body)
}

func (w *Web) renderDeleteAccount(rw http.ResponseWriter, r *http.Request, status int, f *Form) {
	w.render(rw, r, status, "account-delete", &Page{Title: "Delete your account", Nav: "account", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Your account", Href: "/account"}}})
}

// deleteAccountForm explains what deleting does and asks for the password.
func (w *Web) deleteAccountForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.requireSignIn(rw, r); !ok {
		return
	}
	w.renderDeleteAccount(rw, r, http.StatusOK, newForm())
}

// deleteAccount anonymises the person's account once their password is
// checked; they are signed out everywhere.
func (w *Web) deleteAccount(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	password := form.Values.Get("password")
	form.Values.Del("password")
	switch {
	case password == "":
		form.AddError("password", "Enter your password to delete your account")
	case len(password) > maxPasswordLen:
		form.AddError("password", "Password must be 1,000 characters or fewer")
	}
	if !form.Valid() {
		w.renderDeleteAccount(rw, r, http.StatusUnprocessableEntity, form)
		return
	}
	page := &Page{Title: "Delete your account", Nav: "account", Form: form,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Your account", Href: "/account"}}}
	err = w.auth.DeleteAccount(r.Context(), p, password, w.auth.Client(r))
	if w.signInRefused(rw, r, err, form, "password", "account-delete", page) {
		return
	}
	switch {
	case errors.Is(err, auth.ErrBadCredentials):
		form.AddError("password", "Your password is not right")
		w.renderDeleteAccount(rw, r, http.StatusUnprocessableEntity, form)
		return
	case errors.Is(err, store.ErrLastAdmin):
		form.AddError("password", "You are the only global administrator: make someone else an administrator before you delete your account")
		w.renderDeleteAccount(rw, r, http.StatusConflict, form)
		return
	case err != nil:
		w.storeError(rw, r, err)
		return
	}
	w.auth.ClearCookie(rw, r)
	// The session is gone: show the page as to an anonymous visitor.
	r = r.WithContext(auth.WithPrincipal(r.Context(), nil))
	w.render(rw, r, http.StatusOK, "account-deleted", &Page{Title: "Your account has been deleted"})
}
