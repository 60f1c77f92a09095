package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/validation"
)

const userCols = "id, email, name, admin, national_analyst, disabled, password_hash, created_at, email_confirmed_at, postcode, lsoa_code, ward_code, district_code, age_band"

func scanUsers(rows *sql.Rows) ([]User, error) {
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		var u User
		var created string
		var confirmed sql.NullString
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Admin, &u.NationalAnalyst, &u.Disabled, &u.PasswordHash, &created,
			&confirmed, &u.Postcode, &u.LSOACode, &u.WardCode, &u.DistrictCode, &u.AgeBand); err != nil {
			return nil, err
		}
		u.CreatedAt, _ = time.Parse(audit.TimeLayout, created)
		if confirmed.Valid {
			if at, err := time.Parse(audit.TimeLayout, confirmed.String); err == nil {
				u.EmailConfirmedAt = &at
			}
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func getUserWhere(ctx context.Context, q querier, where string, arg any) (User, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+userCols+" FROM users WHERE "+where, arg)
	if err != nil {
		return User{}, err
	}
	us, err := scanUsers(rows)
	if err != nil {
		return User{}, err
	}
	if len(us) == 0 {
		return User{}, ErrNotFound
	}
	return us[0], nil
}

// CreateUser adds an account. A taken e-mail is a *validation.Errors on
// email (which also matches ErrConflict with errors.Is).
func (s *Store) CreateUser(ctx context.Context, by Actor, u NewUser) (_ User, err error) {
	defer wrapOp(&err, "create user")
	email := strings.ToLower(strings.TrimSpace(u.Email))
	name := strings.TrimSpace(u.Name)
	var errs validation.Errors
	if errs.Required("email", email, "an email address") {
		errs.MaxLen("email", email, "Email address", 254)
		if !strings.Contains(email, "@") || strings.ContainsAny(email, " \t\r\n") {
			errs.Add("email", "Enter an email address in the correct format, like name@example.com")
		}
	}
	if errs.Required("name", name, "the person's name") {
		errs.MaxLen("name", name, "Name", 200)
	}
	if u.PasswordHash == "" {
		errs.Add("password", "Enter a password")
	}
	if err := errs.Err(); err != nil {
		return User{}, err
	}
	var out User
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		var id int64
		// An account made here (by an administrator, the CLI or single
		// sign-on) is confirmed when made; self-registration confirms later.
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, admin, created_at, updated_at, email_confirmed_at)
			VALUES ($1, $2, $3, $4, $5, $5, $5) RETURNING id`, email, name, u.PasswordHash, u.Admin, now).Scan(&id)
		if isUniqueViolation(err) {
			return emailTaken{}
		}
		if err != nil {
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
		return User{}, &conflictFields{validation.Errors{Fields: []validation.FieldError{{Field: "email", Message: "An account with this email address already exists"}}}}
	}
	return out, err
}

type emailTaken struct{}

func (emailTaken) Error() string { return "email taken" }

// conflictFields is a validation error that is also ErrConflict.
type conflictFields struct{ validation.Errors }

func (c *conflictFields) Is(target error) bool { return target == ErrConflict }
func (c *conflictFields) As(target any) bool {
	if p, ok := target.(**validation.Errors); ok {
		*p = &c.Errors
		return true
	}
	return false
}

// GetUser returns a user by ID or ErrNotFound.
func (s *Store) GetUser(ctx context.Context, id int64) (_ User, err error) {
	defer wrapOp(&err, "get user")
	return getUserWhere(ctx, s.db, "id = $1", id)
}

// GetUserByEmail returns a user by e-mail (any case) or ErrNotFound.
func (s *Store) GetUserByEmail(ctx context.Context, email string) (_ User, err error) {
	defer wrapOp(&err, "get user by email")
	return getUserWhere(ctx, s.db, "email = $1", strings.ToLower(strings.TrimSpace(email)))
}

// ListUsers returns every user ordered by e-mail.
func (s *Store) ListUsers(ctx context.Context) (_ []User, err error) {
	defer wrapOp(&err, "list users")
	rows, err := s.db.QueryContext(ctx, "SELECT "+userCols+" FROM users ORDER BY email")
	if err != nil {
		return nil, err
	}
	return scanUsers(rows)
}

// SetPassword replaces a user's password hash and ends their sessions.
func (s *Store) SetPassword(ctx context.Context, by Actor, userID int64, hash string) (err error) {
	defer wrapOp(&err, "set password")
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entUser, idText(userID))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3", hash, s.stamp(), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionUpdate, entUser, idText(userID), before)
	})
}

// SetAdmin grants or removes the global administrator flag.
func (s *Store) SetAdmin(ctx context.Context, by Actor, userID int64, admin bool) (err error) {
	defer wrapOp(&err, "set admin")
	return s.setUserFlag(ctx, by, userID, "admin", admin, false)
}

var validRoles = map[string]bool{"administrator": true, "officer": true, "analyst": true, "board_member": true, "resident": true}

// GrantRole gives (or changes) a user's role in a partnership.
func (s *Store) GrantRole(ctx context.Context, by Actor, g RoleGrant) (err error) {
	defer wrapOp(&err, "grant role")
	if !validRoles[g.Role] {
		return fieldErr("role", "Role must be administrator, officer, analyst, board_member or resident")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := getUserWhere(ctx, tx, "id = $1", g.UserID); errors.Is(err, ErrNotFound) {
			return fieldErr("user_id", fmt.Sprintf("User %d does not exist", g.UserID))
		} else if err != nil {
			return err
		}
		if _, err := getPartnership(ctx, tx, g.PartnershipID); errors.Is(err, ErrNotFound) {
			return fieldErr("partnership_id", fmt.Sprintf("Partnership %d does not exist", g.PartnershipID))
		} else if err != nil {
			return err
		}
		id := idText(g.UserID) + ":" + idText(g.PartnershipID)
		before, err := s.image(ctx, tx, entUserRole, id)
		if err != nil {
			return err
		}
		action := audit.ActionCreate
		if before != nil {
			action = audit.ActionUpdate
			_, err = tx.ExecContext(ctx, "UPDATE user_roles SET role = $1 WHERE user_id = $2 AND partnership_id = $3", g.Role, g.UserID, g.PartnershipID)
		} else {
			_, err = tx.ExecContext(ctx, "INSERT INTO user_roles (user_id, partnership_id, role, created_at) VALUES ($1, $2, $3, $4)", g.UserID, g.PartnershipID, g.Role, s.stamp())
		}
		if err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, action, entUserRole, id, before)
	})
}

// RevokeRole removes a user's role in a partnership (ErrNotFound if none).
func (s *Store) RevokeRole(ctx context.Context, by Actor, userID, partnershipID int64) (err error) {
	defer wrapOp(&err, "revoke role")
	return s.tx(ctx, func(tx *sql.Tx) error { return s.revokeRole(ctx, tx, by, userID, partnershipID) })
}

func (s *Store) revokeRole(ctx context.Context, tx *sql.Tx, by Actor, userID, partnershipID int64) error {
	id := idText(userID) + ":" + idText(partnershipID)
	before, err := s.image(ctx, tx, entUserRole, id)
	if err != nil {
		return err
	}
	if before == nil {
		return ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM user_roles WHERE user_id = $1 AND partnership_id = $2", userID, partnershipID); err != nil {
		return err
	}
	return s.recordChange(ctx, tx, by, audit.ActionDelete, entUserRole, id, before)
}

// UserRoles returns a user's roles, one per partnership.
func (s *Store) UserRoles(ctx context.Context, userID int64) (_ []RoleGrant, err error) {
	defer wrapOp(&err, "user roles")
	rows, err := s.db.QueryContext(ctx, "SELECT user_id, partnership_id, role FROM user_roles WHERE user_id = $1 ORDER BY partnership_id", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RoleGrant{}
	for rows.Next() {
		var g RoleGrant
		if err := rows.Scan(&g.UserID, &g.PartnershipID, &g.Role); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
