package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
)

// Session is a server-side sign-in. Only a hash of the cookie's token is
// stored, so a leaked database does not leak live sessions.
type Session struct {
	TokenHash     string
	UserID        int64
	CreatedAt     time.Time
	ExpiresAt     time.Time
	LastSeenAt    time.Time
	ClientAddress string
	UserAgent     string
}

// Longest user agent kept with a session or sign-in event.
const maxUserAgentLen = 300

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// CreateSession stores a new session and ends the user's older sessions
// beyond the newest keep (keep <= 0 keeps them all). It returns how many
// earlier sessions it ended.
func (s *Store) CreateSession(ctx context.Context, sess Session, keep int) (_ int, err error) {
	defer wrapOp(&err, "create session")
	var ended int
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, client_address, user_agent)
			VALUES ($1, $2, $3, $4, $3, $5, $6)`,
			sess.TokenHash, sess.UserID, audit.FormatTime(sess.CreatedAt), audit.FormatTime(sess.ExpiresAt),
			clip(sess.ClientAddress, 100), clip(sess.UserAgent, maxUserAgentLen))
		if err != nil {
			return err
		}
		if keep <= 0 {
			return nil
		}
		// The new session always stays; of the others, the newest keep-1.
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2 AND token_hash NOT IN
			(SELECT token_hash FROM sessions WHERE user_id = $1 AND token_hash <> $2 ORDER BY created_at DESC, token_hash LIMIT $3)`,
			sess.UserID, sess.TokenHash, keep-1)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ended = int(n)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: create session: %w", err)
	}
	return ended, nil
}

const sessionCols = "token_hash, user_id, created_at, expires_at, last_seen_at, client_address, user_agent"

func scanSession(sc interface{ Scan(...any) error }) (Session, error) {
	var sess Session
	var created, expires, seen string
	if err := sc.Scan(&sess.TokenHash, &sess.UserID, &created, &expires, &seen, &sess.ClientAddress, &sess.UserAgent); err != nil {
		return Session{}, err
	}
	sess.CreatedAt, _ = time.Parse(audit.TimeLayout, created)
	sess.ExpiresAt, _ = time.Parse(audit.TimeLayout, expires)
	sess.LastSeenAt, _ = time.Parse(audit.TimeLayout, seen)
	return sess, nil
}

// SessionUser returns the session with tokenHash and its user, if the
// session has not expired at now and was last seen after idleSince;
// otherwise ErrNotFound.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now, idleSince time.Time) (_ Session, _ User, err error) {
	defer wrapOp(&err, "session user")
	sess, err := scanSession(s.db.QueryRowContext(ctx, "SELECT "+sessionCols+" FROM sessions WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3",
		tokenHash, audit.FormatTime(now), audit.FormatTime(idleSince)))
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, User{}, ErrNotFound
	}
	if err != nil {
		return Session{}, User{}, fmt.Errorf("store: session user: %w", err)
	}
	u, err := s.GetUser(ctx, sess.UserID)
	return sess, u, err
}

// TouchSession records that a session was used at now. It writes only when
// the stored time is before staleBefore, so a busy session costs one write
// a minute rather than one per request.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, now, staleBefore time.Time) (err error) {
	defer wrapOp(&err, "touch session")
	_, err = s.db.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $3",
		audit.FormatTime(now), tokenHash, audit.FormatTime(staleBefore))
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// UserSessions lists a user's sessions, newest first.
func (s *Store) UserSessions(ctx context.Context, userID int64) (_ []Session, err error) {
	defer wrapOp(&err, "list sessions")
	rows, err := s.db.QueryContext(ctx, "SELECT "+sessionCols+" FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, token_hash", userID)
	if err != nil {
		return nil, fmt.Errorf("store: user sessions: %w", err)
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("store: user sessions: %w", err)
		}
		out = append(out, sess)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: user sessions: %w", err)
	}
	return out, nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) (err error) {
	defer wrapOp(&err, "delete session")
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSession ends one of userID's sessions; ErrNotFound if that user
// has no such session (so nobody can end another person's session).
func (s *Store) DeleteUserSession(ctx context.Context, userID int64, tokenHash string) (err error) {
	defer wrapOp(&err, "delete user session")
	res, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1 AND user_id = $2", tokenHash, userID)
	if err != nil {
		return fmt.Errorf("store: end session: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: end session: %w", err)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

// PurgeExpired deletes sessions expired at now or idle since idleSince, and
// throttle rows whose window started before throttleBefore.
func (s *Store) PurgeExpired(ctx context.Context, now, idleSince, throttleBefore time.Time) (err error) {
	defer wrapOp(&err, "purge expired")
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2",
		audit.FormatTime(now), audit.FormatTime(idleSince)); err != nil {
		return fmt.Errorf("store: purge sessions: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, "DELETE FROM login_throttle WHERE window_start < $1 AND next_at < $2",
		throttleBefore.UnixMilli(), now.UnixMilli()); err != nil {
		return fmt.Errorf("store: purge sign-in throttle: %w", err)
	}
	return nil
}
