package web

import (
	"net/http"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
)

type accountView struct {
	Email       string
	Name        string
	Sessions    []sessionRow
	IdleMinutes int
	TwoFactor   bool // two-step sign-in is on (account_totp.go)
	// The resident profile (accounts_register*.go).
	EmailConfirmed bool
	Postcode       string
	District       string // the district's name
	AgeBand        string
}

type sessionRow struct {
	ID        string
	Created   string
	LastSeen  string
	Address   string
	UserAgent string
	Current   bool
}

// sessionTime is how the account page shows a session's times (UTC).
func sessionTime(t time.Time) string { return t.UTC().Format("2 January 2006 at 15:04 UTC") }

// account shows the signed-in person their details and their sessions.
func (w *Web) account(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	sessions, err := w.auth.Sessions(r.Context(), p.UserID)
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	twoFactor, err := w.auth.HasSecondFactor(r.Context(), p.UserID)
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	current := auth.SessionID(w.auth.TokenFromRequest(r))
	v := accountView{Email: p.Email, Name: p.Name, IdleMinutes: int(w.auth.IdleTimeout() / time.Minute), TwoFactor: twoFactor, EmailConfirmed: p.EmailConfirmed}
	if err := w.accountProfile(r, p.UserID, &v); err != nil {
		w.serverError(rw, r, err)
		return
	}
	for _, s := range sessions {
		v.Sessions = append(v.Sessions, sessionRow{ID: s.TokenHash, Created: sessionTime(s.CreatedAt), LastSeen: sessionTime(s.LastSeenAt),
			Address: s.ClientAddress, UserAgent: s.UserAgent, Current: s.TokenHash == current})
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "password":
		notice = "Your password has been changed. Your other sessions have ended"
	case "ended":
		notice = "The session has ended"
	case "profile":
		notice = "Your details have been saved"
	}
	w.render(rw, r, http.StatusOK, "account", &Page{Title: "Your account", Nav: "account", Data: v, Notice: notice})
}
