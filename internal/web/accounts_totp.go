package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/boombuler/barcode/qr"

	"github.com/placeboard/placeboard/internal/auth"
)

type twoFactorView struct {
	Enrolled bool
	// Required: the person is a global administrator who must enrol
	// before acting as one.
	Required      bool
	Secret        string
	QRCode        template.HTML // an inline SVG drawn here (qrCodeSVG)
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
		v.Secret = enrolment.Secret
		if v.QRCode, err = qrCodeSVG(enrolment.URL); err != nil {
			w.serverError(rw, r, err)
			return
		}
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

// qrCodeSVG draws text as a QR code in inline SVG: one square per dark
// module, with the four-module quiet zone. Inline, so the page's Content
// Security Policy (no data: images) holds.
func qrCodeSVG(text string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return "", fmt.Errorf("web: qr code: %w", err)
	}
	b := code.Bounds()
	n := b.Dx() + 8
	var path strings.Builder
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, _, _, _ := code.At(x, y).RGBA(); r == 0 {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x-b.Min.X+4, y-b.Min.Y+4)
			}
		}
	}
	// Only numbers and fixed markup go into the SVG, so it is safe HTML.
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="240" height="240" role="img" aria-labelledby="qr-title" shape-rendering="crispEdges">`+
		`<title id="qr-title">QR code holding the key shown below</title><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, n, n, path.String())), nil
}
