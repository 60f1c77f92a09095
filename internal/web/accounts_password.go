package web

import (
	"errors"
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
)

func (w *Web) currentSessionID(r *http.Request) string {
	return auth.SessionID(w.auth.TokenFromRequest(r))
}

type passwordView struct {
	MinLength int
}

func (w *Web) renderPasswordForm(rw http.ResponseWriter, r *http.Request, status int, f *Form) {
	w.render(rw, r, status, "account-password", &Page{Title: "Change your password", Nav: "account", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Your account", Href: "/account"}},
		Data:        passwordView{MinLength: auth.MinPasswordLen}})
}

// passwordForm shows the change-password form.
func (w *Web) passwordForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.requireSignIn(rw, r); !ok {
		return
	}
	w.renderPasswordForm(rw, r, http.StatusOK, newForm())
}

// changePassword replaces the signed-in person's password after checking
// the current one. All their sessions end and this browser gets a new one.
func (w *Web) changePassword(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	current, next, confirm := form.Values.Get("current_password"), form.Values.Get("new_password"), form.Values.Get("confirm_password")
	for _, k := range []string{"current_password", "new_password", "confirm_password"} {
		form.Values.Del(k) // never echoed back
	}
	switch {
	case current == "":
		form.AddError("current_password", "Enter your current password")
	case len(current) > maxPasswordLen:
		form.AddError("current_password", "Current password must be 1,000 characters or fewer")
	}
	if next == "" {
		form.AddError("new_password", "Enter a new password")
	} else if err := auth.CheckPasswordPolicy(next); err != nil {
		form.AddError("new_password", "New p"+err.Error()[1:])
	} else if confirm != next {
		form.AddError("confirm_password", "The new passwords do not match: type the new password again")
	}
	form.OrderErrors("current_password", "new_password", "confirm_password")
	if !form.Valid() {
		w.renderPasswordForm(rw, r, http.StatusUnprocessableEntity, form)
		return
	}
	page := &Page{Title: "Change your password", Nav: "account", Form: form,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Your account", Href: "/account"}}, Data: passwordView{MinLength: auth.MinPasswordLen}}
	token, err := w.auth.ChangePassword(r.Context(), p, current, next, w.auth.Client(r))
	if w.signInRefused(rw, r, err, form, "current_password", "account-password", page) {
		return
	}
	var weak *auth.PasswordPolicyError
	switch {
	case errors.Is(err, auth.ErrBadCredentials):
		form.AddError("current_password", "Your current password is not right")
		w.renderPasswordForm(rw, r, http.StatusUnprocessableEntity, form)
		return
	case errors.As(err, &weak):
		form.AddError("new_password", "New p"+weak.Error()[1:])
		w.renderPasswordForm(rw, r, http.StatusUnprocessableEntity, form)
		return
	case err != nil:
		w.serverError(rw, r, err)
		return
	}
	w.auth.SetCookie(rw, r, token)
	http.Redirect(rw, r, "/account?done=password", http.StatusSeeOther)
}
