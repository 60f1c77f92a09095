package web

import (
	"errors"
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
)

// The routes here are mounted only when single sign-on is configured
// (w.sso is set).

// signInOIDC sends the browser to the organisation's OpenID provider.
func (w *Web) signInOIDC(rw http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	authURL, state, err := w.sso.Begin(r.Context(), next)
	if err != nil {
		w.log.Error("single sign-on: start", "err", err)
		form := newForm()
		form.AddError("sso", "Signing in with your organisation account is not working at the moment. Try again later, or sign in with your email address and password")
		w.render(rw, r, http.StatusBadGateway, "sign-in", &Page{Title: "Sign in", Nav: "sign-in", Form: form, Data: w.signInView(next)})
		return
	}
	w.auth.SetFlowCookie(rw, r, auth.OIDCStateCookieName, state, auth.OIDCStateTTL())
	http.Redirect(rw, r, authURL, http.StatusSeeOther)
}

// signInOIDCCallback is where the provider sends the browser back.
func (w *Web) signInOIDCCallback(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	token, next, err := w.sso.Finish(r.Context(), auth.Callback{State: q.Get("state"), Code: q.Get("code"),
		Error: q.Get("error"), ErrorDescription: q.Get("error_description"),
		CookieState: w.auth.FlowCookie(r, auth.OIDCStateCookieName)}, w.auth.Client(r))
	w.auth.SetFlowCookie(rw, r, auth.OIDCStateCookieName, "", 0)
	next = safeNext(next)
	if w.askForCode(rw, r, err, next) {
		return
	}
	var refused *auth.SSOError
	if errors.As(err, &refused) {
		form := newForm()
		form.AddError("sso", "You could not be signed in with your organisation account: "+refused.Reason)
		w.render(rw, r, http.StatusUnauthorized, "sign-in", &Page{Title: "Sign in", Nav: "sign-in", Form: form, Data: w.signInView(next)})
		return
	}
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	w.auth.SetCookie(rw, r, token)
	http.Redirect(rw, r, next, http.StatusSeeOther)
}
