package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/validation"
)

// Self-registration (issue 13 item 5): residents make their own accounts,
// which stay unconfirmed until they follow a single-use link sent to their
// e-mail address. Only the link token's SHA-256 is stored.

// Errors from ConfirmEmail, testable with errors.Is.
var (
	// ErrLinkExpired: the link was not used in time. ConfirmEmail returns
	// the account with it, so the page can offer a new link.
	ErrLinkExpired = errors.New("the link has expired")
	// ErrLinkUsed: the link was used already.
	ErrLinkUsed = errors.New("the link has been used already")
	// ErrLastAdmin: the account is the last global administrator's.
	ErrLastAdmin = errors.New("the last global administrator's account cannot be deleted")
)

// PurposeConfirmEmail marks a link that confirms an e-mail address.
const PurposeConfirmEmail = "confirm-email"

// NewResident is a self-registered account: unconfirmed, with a profile.
type NewResident struct {
	Email        string
	Name         string
	PasswordHash string
	Profile      places.ResidentProfile
}

// EmailLink is a link sent by e-mail, as stored: the token's hash.
type EmailLink struct {
	TokenHash string
	Purpose   string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// RegisterResident adds an unconfirmed account with its profile and its
// first confirmation link, in one transaction (audited). A taken e-mail is
// a *validation.Errors on email that also matches ErrConflict.
func (s *Store) RegisterResident(ctx context.Context, by Actor, u NewResident, link EmailLink) (_ User, err error) {
	defer wrapOp(&err, "register resident")
	email := strings.ToLower(strings.TrimSpace(u.Email))
	name := strings.TrimSpace(u.Name)
	var errs validation.Errors
	errs.Required("email", email, "your email address")
	errs.Required("name", name, "your name")
	if u.PasswordHash == "" {
		errs.Add("password", "Enter a password")
	}
	if link.TokenHash == "" {
		return User{}, errors.New("no confirmation link")
	}
	if err := errs.Err(); err != nil {
		return User{}, err
	}
	var out User
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		p := u.Profile
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, admin, created_at, updated_at, email_confirmed_at,
				postcode, lsoa_code, ward_code, district_code, age_band)
			VALUES ($1, $2, $3, $4, $5, $5, NULL, $6, $7, $8, $9, $10) RETURNING id`,
			email, name, u.PasswordHash, false, now, p.Postcode, p.LSOACode, p.WardCode, p.DistrictCode, p.AgeBand).Scan(&id)
		if isUniqueViolation(err) {
			return emailTaken{}
		}
		if err != nil {
			return err
		}
		if err := insertLink(ctx, tx, id, email, link); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entUser, idText(id), nil); err != nil {
			return err
		}
		out, err = getUserWhere(ctx, tx, "id = $1", id)
		return err
	})
	var taken emailTaken
	if errors.As(err, &taken) {
		return User{}, &conflictFields{validation.Errors{Fields: []validation.FieldError{{Field: "email", Message: "An account with this email address already exists: sign in, or ask for a new confirmation link"}}}}
	}
	return out, err
}

func insertLink(ctx context.Context, tx *sql.Tx, userID int64, email string, l EmailLink) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO email_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, l.TokenHash, userID, l.Purpose, email, l.CreatedAt.UnixMilli(), l.ExpiresAt.UnixMilli())
	return err
}

// AddConfirmationLink stores a new confirmation link for an unconfirmed
// account. It returns ErrNotFound when the account does not exist, and
// ErrConflict when its address is confirmed already (the caller says
// neither to the person, so the answer does not reveal who has an
// account).
func (s *Store) AddConfirmationLink(ctx context.Context, userID int64, link EmailLink) (err error) {
	defer wrapOp(&err, "add confirmation link")
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := getUserWhere(ctx, tx, "id = $1", userID)
		if err != nil {
			return err
		}
		if u.EmailConfirmedAt != nil || u.Disabled {
			return ErrConflict
		}
		return insertLink(ctx, tx, u.ID, u.Email, link)
	})
}

// ConfirmEmail uses the confirmation link whose token hashes to tokenHash:
// the account's address counts as confirmed from now (audited) and the link
// cannot be used again. ErrNotFound for an unknown link; ErrLinkUsed for
// one used already; ErrLinkExpired (with the account, so a new link can be
// offered) for one past its expiry. Two requests racing with one link
// confirm once: the second gets ErrLinkUsed.
func (s *Store) ConfirmEmail(ctx context.Context, by Actor, tokenHash string, now time.Time) (_ User, err error) {
	defer wrapOp(&err, "confirm email")
	var out User
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var userID, expires int64
		var used sql.NullInt64
		var email string
		err := tx.QueryRowContext(ctx, "SELECT user_id, email, expires_at, used_at FROM email_tokens WHERE token_hash = $1 AND purpose = $2",
			tokenHash, PurposeConfirmEmail).Scan(&userID, &email, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if out, err = getUserWhere(ctx, tx, "id = $1", userID); err != nil {
			return err
		}
		switch {
		case used.Valid:
			return ErrLinkUsed
		case now.UnixMilli() >= expires:
			return ErrLinkExpired
		case out.Email != email || out.Disabled:
			// The account changed address or was deleted since: the link
			// proves nothing about it now.
			return ErrNotFound
		}
		res, err := tx.ExecContext(ctx, "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL", now.UnixMilli(), tokenHash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrLinkUsed
		}
		if out.EmailConfirmedAt != nil {
			return nil // confirmed through another link already
		}
		before, err := s.image(ctx, tx, entUser, idText(userID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET email_confirmed_at = $1, updated_at = $1 WHERE id = $2", audit.FormatTime(now), userID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entUser, idText(userID), before); err != nil {
			return err
		}
		out, err = getUserWhere(ctx, tx, "id = $1", userID)
		return err
	})
	if errors.Is(err, ErrLinkExpired) {
		return out, err
	}
	if err != nil {
		return User{}, err
	}
	return out, nil
}

// SetResidentProfile replaces a person's postcode, areas and age band
// (audited). Resolve the profile with places.ResolveResidentProfile first.
func (s *Store) SetResidentProfile(ctx context.Context, by Actor, userID int64, p places.ResidentProfile) (err error) {
	defer wrapOp(&err, "set resident profile")
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entUser, idText(userID))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET postcode = $1, lsoa_code = $2, ward_code = $3, district_code = $4, age_band = $5, updated_at = $6
			WHERE id = $7`, p.Postcode, p.LSOACode, p.WardCode, p.DistrictCode, p.AgeBand, s.stamp(), userID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionUpdate, entUser, idText(userID), before)
	})
}

// DeletedAccountName is the name an anonymised account keeps.
const DeletedAccountName = "Deleted account"

// AnonymiseUser deletes a person's account but keeps what they wrote: the
// row stays (so their content keeps an author) with the name "Deleted
// account", an e-mail address that cannot receive mail and is unique, no
// password, no profile, no roles, no second factor or single sign-on link,
// and disabled, so nobody can sign in as it. Their sessions and links end.
// All in one transaction, audited. ErrLastAdmin when the account is the
// last enabled global administrator's.
func (s *Store) AnonymiseUser(ctx context.Context, by Actor, userID int64) (err error) {
	defer wrapOp(&err, "anonymise user")
	suffix := make([]byte, 8)
	if _, err := rand.Read(suffix); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := getUserWhere(ctx, tx, "id = $1", userID)
		if err != nil {
			return err
		}
		if u.Admin {
			if s.engine == Postgres {
				// Two administrators deleting themselves at once must not
				// both see the other still there.
				if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(lastAdminLockID)); err != nil {
					return err
				}
			}
			var others int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE admin = $1 AND disabled = $2 AND id <> $3", true, false, userID).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				return ErrLastAdmin
			}
		}
		roles, err := tx.QueryContext(ctx, "SELECT partnership_id FROM user_roles WHERE user_id = $1", userID)
		if err != nil {
			return err
		}
		var partnerships []int64
		for roles.Next() {
			var id int64
			if err := roles.Scan(&id); err != nil {
				roles.Close()
				return err
			}
			partnerships = append(partnerships, id)
		}
		roles.Close()
		for _, pid := range partnerships {
			if err := s.revokeRole(ctx, tx, by, userID, pid); err != nil {
				return err
			}
		}
		for _, q := range []string{
			"DELETE FROM sessions WHERE user_id = $1",
			"DELETE FROM email_tokens WHERE user_id = $1",
			"DELETE FROM user_totp WHERE user_id = $1",
			"DELETE FROM user_recovery_codes WHERE user_id = $1",
			"DELETE FROM signin_challenges WHERE user_id = $1",
			"DELETE FROM user_oidc WHERE user_id = $1",
		} {
			if _, err := tx.ExecContext(ctx, q, userID); err != nil {
				return err
			}
		}
		if err := s.runAnonymisers(ctx, tx, userID); err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entUser, idText(userID))
		if err != nil {
			return err
		}
		// .invalid is reserved (RFC 2606): mail to it goes nowhere.
		email := "deleted-" + idText(userID) + "-" + hex.EncodeToString(suffix) + "@deleted.invalid"
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, email = $2, password_hash = '', admin = $3, national_analyst = $3, disabled = $4,
				postcode = '', lsoa_code = '', ward_code = '', district_code = '', age_band = '', updated_at = $5
			WHERE id = $6`, DeletedAccountName, email, false, true, s.stamp(), userID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionUpdate, entUser, idText(userID), before)
	})
}

// AnonymiseFunc detaches a person's rows in one module from them when
// their account is deleted (inside AnonymiseUser's transaction tx): their
// content stays, with nothing that leads back to them.
type AnonymiseFunc func(ctx context.Context, s *Store, tx *sql.Tx, userID int64) error

var anonymisers = struct {
	sync.Mutex
	names []string
	funcs map[string]AnonymiseFunc
}{funcs: map[string]AnonymiseFunc{}}

// RegisterAnonymiser adds a module's step to every account deletion.
// Call it from init(), beside the module's RegisterPersonalData; a name
// may be registered once.
func RegisterAnonymiser(name string, fn AnonymiseFunc) {
	anonymisers.Lock()
	defer anonymisers.Unlock()
	if _, dup := anonymisers.funcs[name]; dup {
		panic("store: anonymiser " + name + " registered twice")
	}
	anonymisers.names = append(anonymisers.names, name)
	anonymisers.funcs[name] = fn
}

func (s *Store) runAnonymisers(ctx context.Context, tx *sql.Tx, userID int64) error {
	anonymisers.Lock()
	names := append([]string(nil), anonymisers.names...)
	funcs := anonymisers.funcs
	anonymisers.Unlock()
	for _, name := range names {
		if err := funcs[name](ctx, s, tx, userID); err != nil {
			return fmt.Errorf("anonymise %s: %w", name, err)
		}
	}
	return nil
}

// lastAdminLockID serialises account deletions by administrators on
// PostgreSQL (SQLite serialises writers already).
const lastAdminLockID = 7_270_601_013
