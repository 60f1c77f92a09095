package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
)

// Single sign-on: accounts linked to an OpenID provider's subjects, and
// sign-ins under way (state, nonce and PKCE verifier kept server-side).

// OIDCFlow is one sign-in under way at the OpenID provider.
type OIDCFlow struct {
	StateHash string
	Nonce     string
	Verifier  string // PKCE code verifier
	Next      string // where to go afterwards (a path on this site)
	ExpiresAt time.Time
}

// SaveOIDCFlow keeps a sign-in under way.
func (s *Store) SaveOIDCFlow(ctx context.Context, f OIDCFlow) (err error) {
	defer wrapOp(&err, "save oidc flow")
	_, err = s.db.ExecContext(ctx, "INSERT INTO oidc_flows (state_hash, nonce, verifier, next_path, expires_at) VALUES ($1, $2, $3, $4, $5)",
		f.StateHash, f.Nonce, f.Verifier, f.Next, f.ExpiresAt.UnixMilli())
	return err
}

// TakeOIDCFlow removes and returns the flow with stateHash, so it can be
// used once; ErrNotFound if there is none or it has expired.
func (s *Store) TakeOIDCFlow(ctx context.Context, stateHash string, now time.Time) (_ OIDCFlow, err error) {
	defer wrapOp(&err, "take oidc flow")
	f := OIDCFlow{StateHash: stateHash}
	var expires int64
	err = s.db.QueryRowContext(ctx, "DELETE FROM oidc_flows WHERE state_hash = $1 RETURNING nonce, verifier, next_path, expires_at", stateHash).
		Scan(&f.Nonce, &f.Verifier, &f.Next, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return OIDCFlow{}, ErrNotFound
	}
	if err != nil {
		return OIDCFlow{}, err
	}
	f.ExpiresAt = time.UnixMilli(expires).UTC()
	if !f.ExpiresAt.After(now) {
		return OIDCFlow{}, ErrNotFound
	}
	return f, nil
}

// OIDCLink ties a provider's subject to an account.
type OIDCLink struct {
	Issuer  string
	Subject string
	UserID  int64
	Email   string
	// OrganisationID is the organisation the e-mail's domain maps to (0
	// when none).
	OrganisationID int64
}

// UserByOIDCSubject returns the account linked to issuer's subject, or
// ErrNotFound.
func (s *Store) UserByOIDCSubject(ctx context.Context, issuer, subject string) (_ User, err error) {
	defer wrapOp(&err, "get user by oidc subject")
	var id int64
	err = s.db.QueryRowContext(ctx, "SELECT user_id FROM user_oidc WHERE issuer = $1 AND subject = $2", issuer, subject).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, err
	}
	return getUserWhere(ctx, s.db, "id = $1", id)
}

// LinkOIDC links an existing account to a provider's subject, recording
// the link in the audit log.
func (s *Store) LinkOIDC(ctx context.Context, by Actor, l OIDCLink) (err error) {
	defer wrapOp(&err, "link oidc account")
	return s.tx(ctx, func(tx *sql.Tx) error { return s.linkOIDC(ctx, tx, by, l) })
}

// ActionSingleSignOnLinked is the audit action for an account linked to an
// OpenID provider's subject.
const ActionSingleSignOnLinked = "single-sign-on-linked"

func (s *Store) linkOIDC(ctx context.Context, tx *sql.Tx, by Actor, l OIDCLink) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO user_oidc (issuer, subject, user_id, email, organisation_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, l.Issuer, l.Subject, l.UserID, l.Email, l.OrganisationID, s.stamp())
	if isUniqueViolation(err) {
		return ErrConflict
	}
	if err != nil {
		return err
	}
	return s.recordEvent(ctx, tx, by, AuditEvent{Action: ActionSingleSignOnLinked, Entity: "user", EntityID: idText(l.UserID),
		Detail: map[string]string{"issuer": l.Issuer, "subject": l.Subject, "email": l.Email, "organisation_id": idText(l.OrganisationID)}})
}

// CreateOIDCUser makes an account without a password (it signs in only
// through the provider) and links it, in one transaction. The account has
// no roles until an administrator grants some.
func (s *Store) CreateOIDCUser(ctx context.Context, by Actor, name string, l OIDCLink) (_ User, err error) {
	defer wrapOp(&err, "create oidc user")
	email := strings.ToLower(strings.TrimSpace(l.Email))
	name = strings.TrimSpace(name)
	if name == "" {
		name = email
	}
	var out User
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, admin, created_at, updated_at, email_confirmed_at)
			VALUES ($1, $2, '', $3, $4, $4, $4) RETURNING id`, email, clip(name, 200), false, s.stamp()).Scan(&id)
		if isUniqueViolation(err) {
			return ErrConflict
		}
		if err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entUser, idText(id), nil); err != nil {
			return err
		}
		l.UserID, l.Email = id, email
		if err := s.linkOIDC(ctx, tx, by, l); err != nil {
			return err
		}
		out, err = getUserWhere(ctx, tx, "id = $1", id)
		return err
	})
	return out, err
}
