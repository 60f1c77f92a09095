package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
)

const maxEmailLen, maxPasswordLen = 254, 1000

type signInView struct {
	Next string
	// SSO offers the organisation sign-in (single sign-on is configured).
	SSO bool
}

func (w *Web) signInView(next string) signInView { return signInView{Next: next, SSO: w.sso != nil} }

// signInForm shows the sign-in page.
func (w *Web) signInForm(rw http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if principal(r) != nil {
		http.Redirect(rw, r, next, http.StatusSeeOther)
		return
	}
	w.render(rw, r, http.StatusOK, "sign-in", &Page{Title: "Sign in", Nav: "sign-in", Form: newForm(), Data: w.signInView(next)})
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
	page := &Page{Title: "Sign in", Nav: "sign-in", Form: form, Data: w.signInView(next)}
	form.OrderErrors("email", "password")
	if !form.Valid() {
		w.render(rw, r, http.StatusUnprocessableEntity, "sign-in", page)
		return
	}
	token, _, err := w.auth.Login(r.Context(), email, password, w.auth.Client(r))
	if w.signInRefused(rw, r, err, form, "email", "sign-in", page) {
		return
	}
	if w.askForCode(rw, r, err, next) {
		return
	}
	if errors.Is(err, auth.ErrBadCredentials) {
		form.AddError("email", "Enter a correct email address and password")
		w.render(rw, r, http.StatusUnauthorized, "sign-in", page)
		return
	}
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	w.auth.SetCookie(rw, r, token)
	http.Redirect(rw, r, next, http.StatusSeeOther)
}

// signInRefused answers a throttled (429) or busy (503) password check on
// page, with Retry-After and a message on field, and reports whether it
// did.
func (w *Web) signInRefused(rw http.ResponseWriter, r *http.Request, err error, form *Form, field, name string, page *Page) bool {
	var limited *auth.RateLimitedError
	var busy *auth.BusyError
	switch {
	case errors.As(err, &limited):
		rw.Header().Set("Retry-After", retryAfter(limited.RetryAfter))
		form.AddError(field, "There have been too many failed attempts to sign in to this account. Wait "+waitText(limited.RetryAfter)+" and try again")
		w.render(rw, r, http.StatusTooManyRequests, name, page)
		return true
	case errors.As(err, &busy):
		rw.Header().Set("Retry-After", retryAfter(busy.RetryAfter))
		form.AddError(field, "The service is busy. Wait a few seconds and try again")
		w.render(rw, r, http.StatusServiceUnavailable, name, page)
		return true
	}
	return false
}

// retryAfter is a Retry-After value in whole seconds, at least 1.
func retryAfter(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	return strconv.Itoa(max(s, 1))
}

// waitText says how long to wait in words, rounded up to minutes.
func waitText(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	if m <= 1 {
		return "1 minute"
	}
	return strconv.Itoa(m) + " minutes"
}

// signOut ends the session. It is a POST so that a link or image elsewhere
// cannot sign anyone out.
func (w *Web) signOut(rw http.ResponseWriter, r *http.Request) {
	if err := w.auth.Logout(r.Context(), w.auth.TokenFromRequest(r), w.auth.Client(r)); err != nil {
		w.serverError(rw, r, err)
		return
	}
	w.auth.ClearCookie(rw, r)
	http.Redirect(rw, r, "/", http.StatusSeeOther)
}

func signInHref(next string) string { return "/sign-in?next=" + url.QueryEscape(safeNext(next)) }

// safeNext keeps a post-sign-in destination on this site: a path starting
// with a single slash, otherwise the home page. Browsers remove tabs and
// newlines from URLs and read a backslash as a slash, so "/\t/evil.example"
// or "/\evil.example" would leave the site: any control character or
// backslash is refused outright, and what is left must parse as a bare
// path (no scheme, host or user).
func safeNext(next string) string {
	if next == "" || len(next) > 2000 || next[0] != '/' {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c <= 0x9f) {
			return "/"
		}
	}
	if strings.HasPrefix(next, "//") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}
