package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
)

// entSignInEvent is the audited entity for sign-ins, failed and refused
// sign-ins and sign-outs.
const entSignInEvent = "sign_in_event"

// Registered here rather than in auditlog.go's list while helper "audit"
// rewrites that file; fold it into auditedEntities when both have merged.
func init() {
	auditedEntities = append(auditedEntities, entityDef{entSignInEvent, "sign_in_events", "id", "id"})
}

// Kinds of sign-in event.
const (
	SignInSucceeded = "signed_in"
	SignInFailed    = "sign_in_failed"
	SignInRefused   = "sign_in_refused" // throttled: the password was not checked
	SignedOut       = "signed_out"
)

// SignInEvent is one sign-in, failed or refused sign-in, or sign-out.
type SignInEvent struct {
	At            time.Time
	Kind          string
	Email         string
	UserID        int64 // 0 when the e-mail has no account
	ClientAddress string
	UserAgent     string
}

// RecordSignInEvent stores ev with its audit entry, whose after-image holds
// the client address. by is the person (or anonymous for a failed sign-in).
func (s *Store) RecordSignInEvent(ctx context.Context, by Actor, ev SignInEvent) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO sign_in_events (at, kind, email, user_id, client_address, user_agent)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			audit.FormatTime(ev.At), ev.Kind, clip(ev.Email, 254), ev.UserID, clip(ev.ClientAddress, 100), clip(ev.UserAgent, maxUserAgentLen)).Scan(&id)
		if err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entSignInEvent, idText(id), nil)
	})
	if err != nil {
		return fmt.Errorf("store: record sign-in event: %w", err)
	}
	return nil
}
