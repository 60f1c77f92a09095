package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/placeboard/placeboard/internal/auth"
)

type signInCodeView struct {
	Next string
}

// askForCode handles a first factor that was right for a person with a
// second factor: the challenge goes into a short-lived cookie and the
// browser to the code page. It reports whether err was that case.
func (w *Web) askForCode(rw http.ResponseWriter, r *http.Request, err error, next string) bool {
	var need *auth.SecondFactorRequiredError
	if !errors.As(err, &need) {
		return false
	}
	w.auth.SetFlowCookie(rw, r, auth.ChallengeCookieName, need.Challenge, auth.ChallengeTTL())
	http.Redirect(rw, r, "/sign-in/code?next="+url.QueryEscape(next), http.StatusSeeOther)
	return true
}

func (w *Web) renderSignInCode(rw http.ResponseWriter, r *http.Request, status int, form *Form, next string) {
	w.render(rw, r, status, "sign-in-code", &Page{Title: "Enter the code from your authenticator app", Nav: "sign-in",
		Form: form, Data: signInCodeView{Next: next}})
}

// signInCodeForm asks for the second factor after a right password.
func (w *Web) signInCodeForm(rw http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if w.auth.FlowCookie(r, auth.ChallengeCookieName) == "" {
		http.Redirect(rw, r, signInHref(next), http.StatusSeeOther)
		return
	}
	w.renderSignInCode(rw, r, http.StatusOK, newForm(), next)
}

// signInCode checks the TOTP or recovery code and starts the session.
func (w *Web) signInCode(rw http.ResponseWriter, r *http.Request) {
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	next := safeNext(form.Get("next"))
	code := form.Values.Get("code")
	form.Values.Del("code")
	if code == "" {
		form.AddError("code", "Enter the 6-digit code from your authenticator app, or a recovery code")
		w.renderSignInCode(rw, r, http.StatusUnprocessableEntity, form, next)
		return
	}
	token, _, err := w.auth.CompleteSignIn(r.Context(), w.auth.FlowCookie(r, auth.ChallengeCookieName), code, w.auth.Client(r))
	switch {
	case errors.Is(err, auth.ErrChallengeGone):
		w.auth.SetFlowCookie(rw, r, auth.ChallengeCookieName, "", 0)
		form := newForm()
		form.AddError("email", "Your sign-in has expired or had too many wrong codes. Sign in again")
		w.render(rw, r, http.StatusUnauthorized, "sign-in", &Page{Title: "Sign in", Nav: "sign-in", Form: form, Data: w.signInView(next)})
		return
	case errors.Is(err, auth.ErrBadCode):
		form.AddError("code", "The code is not right, or it has been used already. Wait for a new code and try again")
		w.renderSignInCode(rw, r, http.StatusUnauthorized, form, next)
		return
	case err != nil:
		w.serverError(rw, r, err)
		return
	}
	w.auth.SetFlowCookie(rw, r, auth.ChallengeCookieName, "", 0)
	w.auth.SetCookie(rw, r, token)
	http.Redirect(rw, r, next, http.StatusSeeOther)
}
