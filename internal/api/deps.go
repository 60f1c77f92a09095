package api

import (
	"context"
	"log/slog"
	"net/http"
)

// Deps is what the API needs from the rest of the server.
type Deps struct {
	Logger *slog.Logger
}

const (
	securityCookie    = "sessionCookie"
	sessionCookieName = "placeboard_session"
)

func newErrorMapper(logger *slog.Logger) errorMapper {
	return errorMapper{logger: logger}
}

func (a *API) authenticate(ctx context.Context, r *http.Request) context.Context { return ctx }

func (a *API) registerAreas()         {}
func (a *API) registerOrganisations() {}
func (a *API) registerPartnerships()  {}
func (a *API) registerNational()      {}
func (a *API) registerAccounts()      {}
