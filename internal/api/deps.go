package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
)

// Deps is what the API needs from the rest of the server.
type Deps struct {
	Store *store.Store
	// Authenticate returns the signed-in user for r (from the session
	// cookie), or nil for an anonymous visitor. An error means the lookup
	// itself failed (database down), not that the visitor is anonymous.
	Authenticate func(r *http.Request) (*auth.Principal, error)
	// Reference is the embedded geography the server loaded at start; the
	// boundaries come from it. When nil it is loaded on first use.
	Reference *refdata.Set
	Logger    *slog.Logger
	// National is the server's one national summary, shared with the web
	// pages; when nil (and Store is set) the API keeps its own.
	National *places.National
	// Accounts registers residents and confirms their addresses
	// (accounts_register.go); Mail queues the confirmation e-mail;
	// PublicURL is the site's address for links in it.
	Accounts  *auth.Service
	Mail      Mailer
	PublicURL string
	// PBRecount queues participatory-budget recounts (pb_processes.go).
	PBRecount PBRecounter
	// MoneyActuals queues imports of actuals (money_ledger.go).
	MoneyActuals money.ActualsQueue
}

const (
	securityBearer    = "bearerToken"
	securityCookie    = "sessionCookie"
	sessionCookieName = "placeboard_session"
)

func newErrorMapper(logger *slog.Logger) errorMapper {
	return errorMapper{
		logger:   logger,
		notFound: func(err error) bool { return errors.Is(err, store.ErrNotFound) },
		conflict: func(err error) bool { return errors.Is(err, store.ErrConflict) },
		busy:     func(err error) bool { return errors.Is(err, store.ErrBusy) },
	}
}

type principalKey struct{}
type authErrorKey struct{}

// authenticate resolves the caller once per request and keeps the result in
// the context for the operations.
func (a *API) authenticate(ctx context.Context, r *http.Request) context.Context {
	// The server's session middleware has usually resolved the caller
	// already; only look again when it has not.
	if p := auth.FromContext(ctx); p != nil {
		return context.WithValue(ctx, principalKey{}, p)
	}
	if a.deps.Authenticate == nil || auth.TokenFromRequest(r) == "" {
		return ctx
	}
	p, err := a.deps.Authenticate(r)
	if err != nil {
		return context.WithValue(ctx, authErrorKey{}, err)
	}
	return context.WithValue(ctx, principalKey{}, p)
}

func principal(ctx context.Context) *auth.Principal {
	p, _ := ctx.Value(principalKey{}).(*auth.Principal)
	return p
}

// require checks the caller may do action in a partnership (0 for global
// actions): 401 for anonymous callers, 403 for signed-in ones without the
// role. It returns the caller.
func (a *API) require(ctx context.Context, action auth.Action, partnershipID int64) (*auth.Principal, error) {
	if err, ok := ctx.Value(authErrorKey{}).(error); ok {
		return nil, a.errs.mapError(ctx, err)
	}
	p := principal(ctx)
	if auth.Can(p, action, partnershipID) {
		return p, nil
	}
	if p == nil {
		return nil, huma.Error401Unauthorized("sign in to do this")
	}
	if p.SecondFactorMissing {
		return nil, huma.Error403Forbidden("administrators must set up two-step sign-in at /account/two-factor before doing this (" + string(action) + ")")
	}
	return nil, huma.Error403Forbidden("your role does not allow this (" + string(action) + ")")
}

// signedIn returns the caller, or a 401 for anonymous callers.
func (a *API) signedIn(ctx context.Context) (*auth.Principal, error) {
	if err, ok := ctx.Value(authErrorKey{}).(error); ok {
		return nil, a.errs.mapError(ctx, err)
	}
	if p := principal(ctx); p != nil {
		return p, nil
	}
	return nil, huma.Error401Unauthorized("sign in to do this")
}

// needsSession is the security requirement documented on operations that need
// a session.
var needsSession = []map[string][]string{{securityCookie: {}}, {securityBearer: {}}}

// The problem statuses documented on every operation (huma adds the
// problem schema for each).
var (
	readErrors  = []int{http.StatusNotFound, http.StatusUnprocessableEntity}
	writeErrors = []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity}
)

// guard checks permission before huma reads and validates the body, so a
// caller who may not write is told 401/403 rather than given feedback on
// their input. partnershipParam names the path parameter holding the
// partnership ID ("" for global actions). A malformed ID is left for huma
// to report as a 422 once the caller is known to be signed in.
func (a *API) guard(action auth.Action, partnershipParam string) huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		var id int64
		if partnershipParam != "" {
			n, err := strconv.ParseInt(ctx.Param(partnershipParam), 10, 64)
			if err != nil && principal(ctx.Context()) != nil {
				next(ctx)
				return
			}
			id = n
		}
		if _, err := a.require(ctx.Context(), action, id); err != nil {
			var se huma.StatusError
			if errors.As(err, &se) {
				_ = huma.WriteErr(a.huma, ctx, se.GetStatus(), se.Error())
				return
			}
			_ = huma.WriteErr(a.huma, ctx, http.StatusInternalServerError, "internal error")
			return
		}
		next(ctx)
	}}
}
