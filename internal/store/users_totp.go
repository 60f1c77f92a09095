package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// The second factor: TOTP secrets, the last time-step used, recovery codes
// and pending sign-in challenges. Every "use once" is a single conditional
// UPDATE, so parallel requests and several servers cannot use a code twice.

// ActionSecondFactorEnrolled is the audit action for a completed TOTP
// enrolment (an event: the secret itself is never written to the log).
const ActionSecondFactorEnrolled = "second-factor-enrolled"

// TOTP is a person's TOTP enrolment.
type TOTP struct {
	Secret    string
	Confirmed bool
	LastStep  int64
}

// GetTOTP returns userID's TOTP enrolment or ErrNotFound.
func (s *Store) GetTOTP(ctx context.Context, userID int64) (_ TOTP, err error) {
	defer wrapOp(&err, "get totp")
	var t TOTP
	var confirmed int
	err = s.db.QueryRowContext(ctx, "SELECT secret, confirmed, last_step FROM user_totp WHERE user_id = $1", userID).Scan(&t.Secret, &confirmed, &t.LastStep)
	if errors.Is(err, sql.ErrNoRows) {
		return TOTP{}, ErrNotFound
	}
	t.Confirmed = confirmed == 1
	return t, err
}

// HasSecondFactor reports whether userID has confirmed a TOTP enrolment.
func (s *Store) HasSecondFactor(ctx context.Context, userID int64) (bool, error) {
	t, err := s.GetTOTP(ctx, userID)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return t.Confirmed, err
}

// StartTOTP keeps secret as userID's pending enrolment, replacing an
// earlier pending one. A confirmed enrolment is left alone: ErrConflict.
func (s *Store) StartTOTP(ctx context.Context, userID int64, secret string) (err error) {
	defer wrapOp(&err, "start totp")
	res, err := s.db.ExecContext(ctx, `INSERT INTO user_totp (user_id, secret, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0, created_at = excluded.created_at
		WHERE user_totp.confirmed = 0`, userID, secret, s.stamp())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	return nil
}

// UseTOTPStep takes time-step step for userID: true when step is later
// than every step used before (the code is fresh), false for a replay. The
// check and the update are one statement.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (_ bool, err error) {
	defer wrapOp(&err, "use totp step")
	res, err := s.db.ExecContext(ctx, "UPDATE user_totp SET last_step = $1 WHERE user_id = $2 AND last_step < $1", step, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ConfirmTOTP completes userID's enrolment and replaces their recovery
// codes with codeHashes, audited.
func (s *Store) ConfirmTOTP(ctx context.Context, by Actor, userID int64, codeHashes []string) (err error) {
	defer wrapOp(&err, "confirm totp")
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE user_totp SET confirmed = 1 WHERE user_id = $1 AND confirmed = 0", userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM user_recovery_codes WHERE user_id = $1", userID); err != nil {
			return err
		}
		for _, h := range codeHashes {
			if _, err := tx.ExecContext(ctx, "INSERT INTO user_recovery_codes (user_id, code_hash) VALUES ($1, $2)", userID, h); err != nil {
				return err
			}
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: ActionSecondFactorEnrolled, Entity: "user", EntityID: idText(userID)})
	})
}

// UseRecoveryCode spends one of userID's unused recovery codes: true if
// codeHash was one, false otherwise (unknown or already used).
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, codeHash string) (_ bool, err error) {
	defer wrapOp(&err, "use recovery code")
	res, err := s.db.ExecContext(ctx, "UPDATE user_recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at = ''",
		s.stamp(), userID, codeHash)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecoveryCodesLeft counts userID's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (n int, err error) {
	defer wrapOp(&err, "count recovery codes")
	err = s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at = ''", userID).Scan(&n)
	return n, err
}

// CreateChallenge records a sign-in waiting for its second factor.
func (s *Store) CreateChallenge(ctx context.Context, tokenHash string, userID int64, method string, expires time.Time) (err error) {
	defer wrapOp(&err, "create sign-in challenge")
	_, err = s.db.ExecContext(ctx, "INSERT INTO signin_challenges (token_hash, user_id, method, expires_at) VALUES ($1, $2, $3, $4)",
		tokenHash, userID, method, expires.UnixMilli())
	return err
}

// ChallengeAttempt counts one attempt at the challenge and returns its
// user and sign-in method, or ErrNotFound when the challenge is unknown,
// expired, or has had maxAttempts already.
func (s *Store) ChallengeAttempt(ctx context.Context, tokenHash string, now time.Time, maxAttempts int) (userID int64, method string, err error) {
	defer wrapOp(&err, "sign-in challenge attempt")
	err = s.db.QueryRowContext(ctx, `UPDATE signin_challenges SET attempts = attempts + 1
		WHERE token_hash = $1 AND expires_at > $2 AND attempts < $3 RETURNING user_id, method`,
		tokenHash, now.UnixMilli(), maxAttempts).Scan(&userID, &method)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", ErrNotFound
	}
	return userID, method, err
}

// DeleteChallenge ends a challenge (answered, or abandoned).
func (s *Store) DeleteChallenge(ctx context.Context, tokenHash string) (err error) {
	defer wrapOp(&err, "delete sign-in challenge")
	_, err = s.db.ExecContext(ctx, "DELETE FROM signin_challenges WHERE token_hash = $1", tokenHash)
	return err
}

// PurgeSignInSteps deletes expired sign-in challenges and OpenID flows.
func (s *Store) PurgeSignInSteps(ctx context.Context, now time.Time) (err error) {
	defer wrapOp(&err, "purge sign-in steps")
	if _, err := s.db.ExecContext(ctx, "DELETE FROM signin_challenges WHERE expires_at <= $1", now.UnixMilli()); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "DELETE FROM oidc_flows WHERE expires_at <= $1", now.UnixMilli())
	return err
}
