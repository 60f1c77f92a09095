package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// Mailer queues e-mail for the mail job (*jobs.Queue is one).
type Mailer interface {
	EnqueueMail(ctx context.Context, m mail.Message) (int64, error)
}

// RegistrationInput is a resident making their own account.
type RegistrationInput struct {
	Body struct {
		Name     string `json:"name" maxLength:"200" doc:"The name shown beside what the person writes."`
		Email    string `json:"email" maxLength:"254" doc:"Where the confirmation link is sent."`
		Password string `json:"password" maxLength:"1000" doc:"At least 12 characters; commonly used passwords are refused."`
		Postcode string `json:"postcode,omitempty" maxLength:"20" doc:"Optional UK postcode, matched to its LSOA, ward and district through the ONS postcode lookup."`
		District string `json:"district,omitempty" maxLength:"9" doc:"Optional district (local authority) code, used when the lookup is not loaded or does not know the postcode."`
		AgeBand  string `json:"age_band,omitempty" enum:"16-24,25-34,35-44,45-54,55-64,65-74,75+," doc:"Optional age band."`
	}
}

// Registration is an account waiting for its address to be confirmed.
type Registration struct {
	ID             int64  `json:"id"`
	Email          string `json:"email"`
	EmailConfirmed bool   `json:"email_confirmed"`
	Message        string `json:"message"`
}

type registrationOutput struct{ Body Registration }

// ConfirmInput carries the token from the confirmation link.
type ConfirmInput struct {
	Body struct {
		Token string `json:"token" minLength:"1" maxLength:"200" doc:"The token parameter of the link in the confirmation email."`
	}
}

type personalDataOutput struct {
	Body map[string]any
}

const registerDoc = "Makes an unconfirmed resident account and emails a single-use confirmation link " +
	"(sent by a background job, never within the request). At most a few registrations per client " +
	"address per hour are taken: beyond that 429 with Retry-After."

// registerRegistrations lists the self-registration operations and the
// personal-data download.
func (a *API) registerRegistrations() {
	tags := []string{"accounts"}
	huma.Register(a.huma, huma.Operation{
		Errors:      append(writeErrors, http.StatusTooManyRequests),
		OperationID: "create-registration", Method: http.MethodPost, Path: "/registrations",
		Summary: "Register as a resident", Tags: tags, DefaultStatus: http.StatusAccepted, Description: registerDoc,
	}, a.createRegistration)
	huma.Register(a.huma, huma.Operation{
		Errors:      append(writeErrors, http.StatusGone),
		OperationID: "confirm-registration", Method: http.MethodPost, Path: "/registrations/confirm",
		Summary: "Confirm an email address with the link's token", Tags: tags,
		Description: "404 for an unknown token; 410 for one used already or expired (register again or ask for a new link on the web).",
	}, a.confirmRegistration)
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-my-data", Method: http.MethodGet, Path: "/users/me/data",
		Summary: "Everything the service holds about the signed-in user", Tags: tags, Security: needsSession,
	}, a.getMyData)
}

func (a *API) createRegistration(ctx context.Context, in *RegistrationInput) (*registrationOutput, error) {
	if a.deps.Accounts == nil {
		return nil, problem(http.StatusServiceUnavailable, "registration is not available on this server")
	}
	b := in.Body
	reg := auth.Registration{Name: b.Name, Email: b.Email, Password: b.Password,
		Profile: places.ResidentProfileInput{Postcode: b.Postcode, DistrictCode: b.District, AgeBand: b.AgeBand}}
	u, token, err := a.deps.Accounts.Register(ctx, reg, clientOf(ctx))
	var limited *auth.RateLimitedError
	var busy *auth.BusyError
	switch {
	case errors.As(err, &limited):
		return nil, huma.ErrorWithHeaders(problem(http.StatusTooManyRequests, "too many registrations from your network; try again later"),
			http.Header{"Retry-After": []string{retrySeconds(limited.RetryAfter)}})
	case errors.As(err, &busy):
		return nil, huma.ErrorWithHeaders(problem(http.StatusServiceUnavailable, "the service is busy; try again in a few seconds"),
			http.Header{"Retry-After": []string{retrySeconds(busy.RetryAfter)}})
	case errors.Is(err, store.ErrConflict):
		return nil, problem(http.StatusConflict, "an account with this email address already exists", fieldProblem("email", "An account with this email address already exists"))
	case err != nil:
		return nil, a.errs.mapError(ctx, err)
	}
	if a.deps.Mail == nil {
		a.deps.Logger.ErrorContext(ctx, "registration: no mailer: the confirmation link was not sent", "user_id", u.ID)
	} else {
		link := a.baseURL(ctx) + "/register/confirm?token=" + url.QueryEscape(token)
		if _, err := a.deps.Mail.EnqueueMail(ctx, mail.Confirmation(u.Email, u.Name, link, a.deps.Accounts.ConfirmLinkTTL())); err != nil {
			a.deps.Logger.ErrorContext(ctx, "registration: queue the confirmation e-mail", "user_id", u.ID, "err", err)
		}
	}
	return &registrationOutput{Body: Registration{ID: u.ID, Email: u.Email, Message: "Check your email for the confirmation link."}}, nil
}

func (a *API) confirmRegistration(ctx context.Context, in *ConfirmInput) (*registrationOutput, error) {
	if a.deps.Accounts == nil {
		return nil, problem(http.StatusServiceUnavailable, "registration is not available on this server")
	}
	u, err := a.deps.Accounts.ConfirmEmail(ctx, in.Body.Token, clientOf(ctx))
	switch {
	case errors.Is(err, store.ErrLinkExpired):
		return nil, problem(http.StatusGone, "the link has expired; ask for a new one at /register/resend", fieldProblem("token", "The link has expired"))
	case errors.Is(err, store.ErrLinkUsed):
		return nil, problem(http.StatusGone, "the link has been used already", fieldProblem("token", "The link has been used already"))
	case errors.Is(err, store.ErrNotFound):
		return nil, problem(http.StatusNotFound, "no such link", fieldProblem("token", "The link is not right: check it was copied whole"))
	case err != nil:
		return nil, a.errs.mapError(ctx, err)
	}
	return &registrationOutput{Body: Registration{ID: u.ID, Email: u.Email, EmailConfirmed: true, Message: "Your email address is confirmed."}}, nil
}

func (a *API) getMyData(ctx context.Context, _ *struct{}) (*personalDataOutput, error) {
	p, err := a.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	data, err := a.deps.Store.PersonalData(ctx, p.UserID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &personalDataOutput{Body: data}, nil
}

func retrySeconds(d time.Duration) string {
	return strconv.Itoa(max(int((d+time.Second-1)/time.Second), 1))
}

type clientKey struct{}

// clientOf is the caller's address and browser, as the server's trusted
// proxies make them out (set in ServeHTTP).
func clientOf(ctx context.Context) auth.Client {
	c, _ := ctx.Value(clientKey{}).(auth.Client)
	return c
}

// baseURL is the site's address for links in e-mail: the public URL, or
// the address the request came to.
func (a *API) baseURL(ctx context.Context) string {
	if a.deps.PublicURL != "" {
		return strings.TrimSuffix(a.deps.PublicURL, "/")
	}
	if u, ok := ctx.Value(requestURLKey{}).(*url.URL); ok && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	if h, ok := ctx.Value(requestHostKey{}).(string); ok && h != "" {
		return "http://" + h
	}
	return ""
}

type requestHostKey struct{}
