package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// Mailer queues e-mail for the mail job (*jobs.Queue is one): nothing is
// sent from within a request.
type Mailer interface {
	EnqueueMail(ctx context.Context, m mail.Message) (int64, error)
}

// registerFields is the order of the registration form's fields, which the
// error summary follows.
var registerFields = []string{"name", "email", "password", "confirm_password", "postcode", "district", "age_band"}

type registerView struct {
	MinLength int
	// PostcodeLookup: the ONS postcode lookup is loaded, so a postcode
	// places the person; otherwise (or for an unknown postcode) they
	// choose their district.
	PostcodeLookup bool
	Districts      []Option
	AgeBands       []Option
}

// profileOptions lists the districts and age bands for the profile
// fields, the first option of each being "not given".
func (w *Web) profileOptions(ctx context.Context) (lookup bool, districts, bands []Option, err error) {
	if lookup, err = w.store.PostcodesLoaded(ctx); err != nil {
		return false, nil, nil, err
	}
	ds, err := w.store.Districts(ctx)
	if err != nil {
		return false, nil, nil, err
	}
	districts = []Option{{Value: "", Label: "Choose your district"}}
	for _, d := range ds {
		districts = append(districts, Option{Value: d.Code, Label: d.Name})
	}
	bands = []Option{{Value: "", Label: "Prefer not to say"}}
	for _, b := range places.ResidentAgeBands {
		bands = append(bands, Option{Value: b, Label: strings.Replace(b, "-", " to ", 1)})
	}
	return lookup, districts, bands, nil
}

func (w *Web) renderRegister(rw http.ResponseWriter, r *http.Request, status int, f *Form) {
	f.OrderErrors(registerFields...)
	lookup, districts, bands, err := w.profileOptions(r.Context())
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.render(rw, r, status, "register", &Page{Title: "Create an account", Nav: "sign-in", Form: f,
		Data: registerView{MinLength: auth.MinPasswordLen, PostcodeLookup: lookup, Districts: districts, AgeBands: bands}})
}

// registerForm shows the registration form (signed-in people go to their
// account instead).
func (w *Web) registerForm(rw http.ResponseWriter, r *http.Request) {
	if principal(r) != nil {
		http.Redirect(rw, r, "/account", http.StatusSeeOther)
		return
	}
	w.renderRegister(rw, r, http.StatusOK, newForm())
}

// register makes an unconfirmed resident account and queues the e-mail
// with its confirmation link.
func (w *Web) register(rw http.ResponseWriter, r *http.Request) {
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	password, confirm := form.Values.Get("password"), form.Values.Get("confirm_password")
	form.Values.Del("password") // never echoed back
	form.Values.Del("confirm_password")
	if len(password) > maxPasswordLen {
		form.AddError("password", "Password must be 1,000 characters or fewer")
		w.renderRegister(rw, r, http.StatusUnprocessableEntity, form)
		return
	}
	reg := auth.Registration{Name: form.Get("name"), Email: form.Get("email"), Password: password,
		Profile: places.ResidentProfileInput{Postcode: form.Get("postcode"), DistrictCode: form.Get("district"), AgeBand: form.Get("age_band")}}
	// Every problem at once: the domain's checks, then the repeated
	// password.
	if _, err := w.auth.CheckRegistration(r.Context(), reg); !form.addValidation(err) && err != nil {
		w.storeError(rw, r, err)
		return
	}
	if password != "" && confirm != password && form.ErrorFor("password") == "" {
		form.AddError("confirm_password", "The passwords do not match: type the password again")
	}
	if !form.Valid() {
		w.renderRegister(rw, r, http.StatusUnprocessableEntity, form)
		return
	}
	u, token, err := w.auth.Register(r.Context(), reg, w.auth.Client(r))
	if w.registerRefused(rw, r, err, form) {
		return
	}
	if form.addValidation(err) {
		status := http.StatusUnprocessableEntity
		if errors.Is(err, store.ErrConflict) {
			status = http.StatusConflict
		}
		w.renderRegister(rw, r, status, form)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.sendConfirmation(r, u, token)
	http.Redirect(rw, r, "/register/check-email", http.StatusSeeOther)
}

// registerRefused answers a throttled (429) or busy (503) registration on
// the form, and reports whether it did.
func (w *Web) registerRefused(rw http.ResponseWriter, r *http.Request, err error, form *Form) bool {
	var limited *auth.RateLimitedError
	var busy *auth.BusyError
	switch {
	case errors.As(err, &limited):
		rw.Header().Set("Retry-After", retryAfter(limited.RetryAfter))
		form.AddError("email", "Too many accounts have been asked for from your network. Wait "+waitText(limited.RetryAfter)+" and try again")
		w.renderRegister(rw, r, http.StatusTooManyRequests, form)
		return true
	case errors.As(err, &busy):
		rw.Header().Set("Retry-After", retryAfter(busy.RetryAfter))
		form.AddError("email", "The service is busy. Wait a few seconds and try again")
		w.renderRegister(rw, r, http.StatusServiceUnavailable, form)
		return true
	}
	return false
}

// sendConfirmation queues the confirmation e-mail. If it cannot be queued
// the account still stands: the person can ask for a new link.
func (w *Web) sendConfirmation(r *http.Request, u store.User, token string) {
	if w.mail == nil {
		w.log.Error("registration: no mailer: the confirmation link was not sent", "user_id", u.ID)
		return
	}
	link := w.baseURL(r) + "/register/confirm?token=" + url.QueryEscape(token)
	if _, err := w.mail.EnqueueMail(r.Context(), mail.Confirmation(u.Email, u.Name, link, w.auth.ConfirmLinkTTL())); err != nil {
		w.log.Error("registration: queue the confirmation e-mail", "user_id", u.ID, "err", err)
	}
}

// baseURL is the site's address for links in e-mail: the configured public
// URL, or (in development, where none is set) the address the request came
// to.
func (w *Web) baseURL(r *http.Request) string {
	if w.publicURL != "" {
		return w.publicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// registerCheckEmail tells the person to look for the link.
func (w *Web) registerCheckEmail(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "register-check-email", &Page{Title: "Check your email", Nav: "sign-in",
		Data: struct{ Hours int }{int(w.auth.ConfirmLinkTTL().Hours())}})
}

type confirmView struct {
	Confirmed bool
	Problem   string // why the link did not work
}

// registerConfirm follows the link from the e-mail. An expired, used or
// unknown link says which, and offers a new one.
func (w *Web) registerConfirm(rw http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	u, err := w.auth.ConfirmEmail(r.Context(), token, w.auth.Client(r))
	form := newForm()
	var status int
	var v confirmView
	switch {
	case err == nil:
		w.render(rw, r, http.StatusOK, "register-confirm", &Page{Title: "Your email address is confirmed", Nav: "sign-in", Form: form, Data: confirmView{Confirmed: true}})
		return
	case errors.Is(err, store.ErrLinkExpired):
		status, v.Problem = http.StatusGone, "This link has expired. Links work for "+hoursText(w.auth.ConfirmLinkTTL().Hours())+"."
		form.Values.Set("email", u.Email)
	case errors.Is(err, store.ErrLinkUsed):
		status, v.Problem = http.StatusGone, "This link has been used already. If your email address is confirmed, sign in."
	case errors.Is(err, store.ErrNotFound):
		status, v.Problem = http.StatusNotFound, "This link is not right. Check you copied all of it from the email."
	default:
		w.storeError(rw, r, err)
		return
	}
	w.render(rw, r, status, "register-confirm", &Page{Title: "The link did not work", Nav: "sign-in", Form: form, Data: v})
}

func hoursText(h float64) string {
	if h == 1 {
		return "1 hour"
	}
	return itoa(int(h)) + " hours"
}

// registerResendForm asks for the address to send a new link to.
func (w *Web) registerResendForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "register-confirm", &Page{Title: "Get a new confirmation link", Nav: "sign-in", Form: newForm(), Data: confirmView{}})
}

// registerResend sends a new link when the address belongs to an account
// waiting for confirmation, and answers the same whether or not it does.
func (w *Web) registerResend(rw http.ResponseWriter, r *http.Request) {
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	email := form.Get("email")
	switch {
	case email == "":
		form.AddError("email", "Enter your email address")
	case len(email) > maxEmailLen:
		form.AddError("email", "Email address must be 254 characters or fewer")
	case !strings.Contains(email, "@"):
		form.AddError("email", "Enter an email address in the correct format, like name@example.com")
	}
	page := &Page{Title: "Get a new confirmation link", Nav: "sign-in", Form: form, Data: confirmView{}}
	if !form.Valid() {
		w.render(rw, r, http.StatusUnprocessableEntity, "register-confirm", page)
		return
	}
	u, token, err := w.auth.ResendConfirmation(r.Context(), email, w.auth.Client(r))
	var limited *auth.RateLimitedError
	if errors.As(err, &limited) {
		rw.Header().Set("Retry-After", retryAfter(limited.RetryAfter))
		form.AddError("email", "Too many links have been asked for from your network. Wait "+waitText(limited.RetryAfter)+" and try again")
		w.render(rw, r, http.StatusTooManyRequests, "register-confirm", page)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if token != "" {
		w.sendConfirmation(r, u, token)
	}
	http.Redirect(rw, r, "/register/check-email", http.StatusSeeOther)
}
