package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/placeboard/placeboard/internal/auth"
)

const maxEmailLen, maxPasswordLen = 254, 1000

type signInView struct {
	Next string
}

// signInForm shows the sign-in page.
func (w *Web) signInForm(rw http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if principal(r) != nil {
		http.Redirect(rw, r, next, http.StatusSeeOther)
		return
	}
	w.render(rw, r, http.StatusOK, "sign-in", &Page{Title: "Sign in", Nav: "sign-in", Form: newForm(), Data: signInView{Next: next}})
}

// signIn checks the e-mail and password and starts a session. CSRF is
// handled by the server's cross-origin protection; the session cookie is
// SameSite=Lax and HttpOnly.
func (w *Web) signIn(rw http.ResponseWriter, r *http.Request) {
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	next := safeNext(form.Get("next"))
	email, password := form.Get("email"), form.Values.Get("password")
	form.Values.Del("password") // never echoed back
	switch {
	case email == "":
		form.AddError("email", "Enter your email address")
	case len(email) > maxEmailLen:
		form.AddError("email", "Email address must be 254 characters or fewer")
	}
	switch {
	case password == "":
		form.AddError("password", "Enter your password")
	case len(password) > maxPasswordLen:
		form.AddError("password", "Password must be 1,000 characters or fewer")
	}
	page := &Page{Title: "Sign in", Nav: "sign-in", Form: form, Data: signInView{Next: next}}
	form.OrderErrors("email", "password")
	if !form.Valid() {
		w.render(rw, r, http.StatusUnprocessableEntity, "sign-in", page)
		return
	}
	token, _, err := w.auth.Login(r.Context(), email, password, auth.ClientIP(r))
	var limited *auth.RateLimitedError
	switch {
	case errors.As(err, &limited):
		form.AddError("email", "There have been too many failed attempts to sign in. Wait 15 minutes and try again")
		w.render(rw, r, http.StatusTooManyRequests, "sign-in", page)
		return
	case errors.Is(err, auth.ErrBadCredentials):
		form.AddError("email", "Enter a correct email address and password")
		w.render(rw, r, http.StatusUnauthorized, "sign-in", page)
		return
	case err != nil:
		w.serverError(rw, r, err)
		return
	}
	w.auth.SetCookie(rw, r, token)
	http.Redirect(rw, r, next, http.StatusSeeOther)
}

// signOut ends the session. It is a POST so that a link or image elsewhere
// cannot sign anyone out.
func (w *Web) signOut(rw http.ResponseWriter, r *http.Request) {
	if err := w.auth.Logout(r.Context(), auth.TokenFromRequest(r)); err != nil {
		w.serverError(rw, r, err)
		return
	}
	w.auth.ClearCookie(rw, r)
	http.Redirect(rw, r, "/", http.StatusSeeOther)
}

func signInHref(next string) string { return "/sign-in?next=" + url.QueryEscape(safeNext(next)) }
