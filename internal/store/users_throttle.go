package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Sign-in throttling. Each key ("account:<email>", "address:<ip>") has one
// row in login_throttle counting attempts in a fixed window. Every check
// and count is a single statement, so the limit holds across parallel
// requests and across servers sharing one PostgreSQL database.

// LoginSlot is the answer to ReserveLoginAttempt.
type LoginSlot struct {
	Granted bool
	// RetryAt is when the key's window ends (for a refused attempt).
	RetryAt time.Time
	// FirstRefusal is true for the first refusal in a window, so callers
	// can record one audit entry per throttled window rather than one per
	// refused request.
	FirstRefusal bool
}

// ReserveLoginAttempt takes one of key's max attempts in the window that
// started at most window ago, starting a new window when the last one has
// passed. When all max are taken it grants nothing: the caller must not
// check the password. A successful check should give the slot back with
// ReleaseLoginAttempt, so only failures use up the allowance.
func (s *Store) ReserveLoginAttempt(ctx context.Context, key string, now time.Time, window time.Duration, max int) (_ LoginSlot, err error) {
	defer wrapOp(&err, "reserve login attempt")
	nowMS, since := now.UnixMilli(), now.Add(-window).UnixMilli()
	var attempts int64
	err = s.db.QueryRowContext(ctx, `INSERT INTO login_throttle (key, window_start, attempts) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			attempts = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.attempts + 1 END,
			refusal_logged = CASE WHEN login_throttle.window_start <= $3 THEN 0 ELSE login_throttle.refusal_logged END,
			window_start = CASE WHEN login_throttle.window_start <= $3 THEN excluded.window_start ELSE login_throttle.window_start END
		WHERE login_throttle.window_start <= $3 OR login_throttle.attempts < $4
		RETURNING attempts`, key, nowMS, since, max).Scan(&attempts)
	if err == nil {
		return LoginSlot{Granted: true}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return LoginSlot{}, fmt.Errorf("store: reserve sign-in attempt: %w", err)
	}
	// Refused. Note the first refusal of the window, and when it ends.
	var start int64
	err = s.db.QueryRowContext(ctx, "UPDATE login_throttle SET refusal_logged = 1 WHERE key = $1 AND refusal_logged = 0 RETURNING window_start", key).Scan(&start)
	first := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		err = s.db.QueryRowContext(ctx, "SELECT window_start FROM login_throttle WHERE key = $1", key).Scan(&start)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return LoginSlot{}, fmt.Errorf("store: reserve sign-in attempt: %w", err)
	}
	return LoginSlot{RetryAt: time.UnixMilli(start).Add(window).UTC(), FirstRefusal: first}, nil
}

// ReleaseLoginAttempt gives back a slot taken by ReserveLoginAttempt (after
// a right password, or when no password was checked after all).
func (s *Store) ReleaseLoginAttempt(ctx context.Context, key string) (err error) {
	defer wrapOp(&err, "release login attempt")
	if _, err := s.db.ExecContext(ctx, "UPDATE login_throttle SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0", key); err != nil {
		return fmt.Errorf("store: release sign-in attempt: %w", err)
	}
	return nil
}

// CountLoginFailure adds a failure to key's window (starting a new window
// when the last one has passed). Address keys use it: they count failures
// but never refuse on their own.
func (s *Store) CountLoginFailure(ctx context.Context, key string, now time.Time, window time.Duration) (err error) {
	defer wrapOp(&err, "count login failure")
	_, err = s.db.ExecContext(ctx, `INSERT INTO login_throttle (key, window_start, attempts) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			attempts = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.attempts + 1 END,
			window_start = CASE WHEN login_throttle.window_start <= $3 THEN excluded.window_start ELSE login_throttle.window_start END`,
		key, now.UnixMilli(), now.Add(-window).UnixMilli())
	if err != nil {
		return fmt.Errorf("store: count sign-in failure: %w", err)
	}
	return nil
}

// PaceLoginAttempt spaces out the attempts of a key that has at least
// limit failures in its current window: each attempt takes the next free
// moment, pace after the previous one, and the caller waits until then.
// It returns how long to wait (0 for a key under its limit). The queue is
// never pushed more than maxWait ahead: beyond that an attempt waits
// maxWait and is not queued, so a flood cannot push honest people's
// attempts further and further away.
func (s *Store) PaceLoginAttempt(ctx context.Context, key string, now time.Time, window time.Duration, limit int, pace, maxWait time.Duration) (_ time.Duration, err error) {
	defer wrapOp(&err, "pace login attempt")
	nowMS := now.UnixMilli()
	var next int64
	err = s.db.QueryRowContext(ctx, `UPDATE login_throttle
		SET next_at = CASE WHEN next_at > $2 THEN next_at ELSE $2 END + $3
		WHERE key = $1 AND window_start > $4 AND attempts >= $5 AND next_at <= $6
		RETURNING next_at`,
		key, nowMS, pace.Milliseconds(), now.Add(-window).UnixMilli(), limit, now.Add(maxWait).UnixMilli()).Scan(&next)
	if err == nil {
		return time.Duration(next-pace.Milliseconds()-nowMS) * time.Millisecond, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: pace sign-in attempt: %w", err)
	}
	// Either under the limit, or the queue is full.
	var attempts, start int64
	err = s.db.QueryRowContext(ctx, "SELECT attempts, window_start FROM login_throttle WHERE key = $1", key).Scan(&attempts, &start)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: pace sign-in attempt: %w", err)
	}
	if attempts >= int64(limit) && start > now.Add(-window).UnixMilli() {
		return maxWait, nil
	}
	return 0, nil
}
