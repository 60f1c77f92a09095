package web

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
)

type twoFactorView struct {
	Enrolled bool
	// Required: the person is a global administrator who must enrol
	// before acting as one.
	Required      bool
	Secret        string
	QRCode        template.URL // a data: URL made here, never from input
	RecoveryLeft  int
	RecoveryCodes []string // shown once, straight after enrolment
	Next          string
}

const twoFactorTitle = "Two-step sign-in"

func (w *Web) renderTwoFactor(rw http.ResponseWriter, r *http.Request, status int, form *Form, v twoFactorView) {
	w.render(rw, r, status, "account-two-factor", &Page{Title: twoFactorTitle, Nav: "account", Form: form,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Your account", Href: "/account"}}, Data: v})
}

// twoFactorForm shows whether the person has a second factor and, if not,
// a new secret (QR code and text) to add to an authenticator app. Each
// visit before confirming replaces the pending secret.
func (w *Web) twoFactorForm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	w.showTwoFactor(rw, r, p, http.StatusOK, newForm(), safeNext(r.URL.Query().Get("next")))
}

func (w *Web) showTwoFactor(rw http.ResponseWriter, r *http.Request, p *auth.Principal, status int, form *Form, next string) {
	v := twoFactorView{Required: p.SecondFactorMissing, Next: next}
	enrolment, err := w.auth.BeginTOTP(r.Context(), p)
	switch {
	case errors.Is(err, auth.ErrAlreadyEnrolled):
		v.Enrolled = true
		if v.RecoveryLeft, err = w.auth.RecoveryCodesLeft(r.Context(), p.UserID); err != nil {
			w.serverError(rw, r, err)
			return
		}
	case err != nil:
		w.serverError(rw, r, err)
		return
	default:
		v.Secret, v.QRCode = enrolment.Secret, template.URL(enrolment.QRCode)
	}
	w.renderTwoFactor(rw, r, status, form, v)
}

// twoFactorConfirm completes enrolment with a code from the app and shows
// the recovery codes once.
func (w *Web) twoFactorConfirm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	next := safeNext(form.Get("next"))
	code := form.Values.Get("code")
	form.Values.Del("code")
	if code == "" {
		form.AddError("code", "Enter the 6-digit code from your authenticator app")
		w.showTwoFactor(rw, r, p, http.StatusUnprocessableEntity, form, next)
		return
	}
	codes, err := w.auth.ConfirmTOTP(r.Context(), p, code)
	switch {
	case errors.Is(err, auth.ErrBadCode):
		// A new secret is shown: scan it again (the old one may have
		// been seen by someone else while it was on screen).
		form.AddError("code", "The code is not right. Add the new key below to your app and enter the code it shows")
		w.showTwoFactor(rw, r, p, http.StatusUnprocessableEntity, form, next)
		return
	case errors.Is(err, auth.ErrAlreadyEnrolled):
		http.Redirect(rw, r, "/account/two-factor", http.StatusSeeOther)
		return
	case err != nil:
		w.serverError(rw, r, err)
		return
	}
	w.renderTwoFactor(rw, r, http.StatusOK, nil, twoFactorView{Enrolled: true, RecoveryCodes: codes, RecoveryLeft: len(codes), Next: next})
}
