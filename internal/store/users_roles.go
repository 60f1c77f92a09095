package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/placeboard/placeboard/internal/audit"
)

// SetDisabled disables or re-enables an account. Disabling ends every
// session the account has, so it is signed out everywhere at once.
func (s *Store) SetDisabled(ctx context.Context, by Actor, userID int64, disabled bool) (err error) {
	defer wrapOp(&err, "set disabled")
	return s.setUserFlag(ctx, by, userID, "disabled", disabled, disabled)
}

// SetNationalAnalyst grants or removes the national analyst capability
// (indicator imports and priorities for every area).
func (s *Store) SetNationalAnalyst(ctx context.Context, by Actor, userID int64, on bool) (err error) {
	defer wrapOp(&err, "set national analyst")
	return s.setUserFlag(ctx, by, userID, "national_analyst", on, false)
}

// setUserFlag sets one boolean column of users (column is a constant from
// this file, never input), audited with before and after.
func (s *Store) setUserFlag(ctx context.Context, by Actor, userID int64, column string, value, endSessions bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entUser, idText(userID))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET "+column+" = $1, updated_at = $2 WHERE id = $3", value, s.stamp(), userID); err != nil {
			return err
		}
		if endSessions {
			if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
				return err
			}
		}
		return s.recordChange(ctx, tx, by, audit.ActionUpdate, entUser, idText(userID), before)
	})
}

// PartnershipRoles lists who holds a role in a partnership, by e-mail.
func (s *Store) PartnershipRoles(ctx context.Context, partnershipID int64) (_ []RoleHolder, err error) {
	defer wrapOp(&err, "partnership roles")
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.email, u.name, r.role, u.disabled
		FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.partnership_id = $1 ORDER BY u.email`, partnershipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RoleHolder{}
	for rows.Next() {
		var h RoleHolder
		if err := rows.Scan(&h.UserID, &h.Email, &h.Name, &h.Role, &h.Disabled); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// AllRoleGrants returns every role grant, keyed by user ID, for the users
// page.
func (s *Store) AllRoleGrants(ctx context.Context) (_ map[int64][]RoleGrant, err error) {
	defer wrapOp(&err, "all role grants")
	rows, err := s.db.QueryContext(ctx, "SELECT user_id, partnership_id, role FROM user_roles ORDER BY user_id, partnership_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]RoleGrant{}
	for rows.Next() {
		var g RoleGrant
		if err := rows.Scan(&g.UserID, &g.PartnershipID, &g.Role); err != nil {
			return nil, err
		}
		out[g.UserID] = append(out[g.UserID], g)
	}
	return out, rows.Err()
}

// PartnershipsCovering returns the IDs of the partnerships whose area is
// the area with this code or contains it (through area_parents, at any
// depth), ascending.
func (s *Store) PartnershipsCovering(ctx context.Context, areaCode string) (_ []int64, err error) {
	defer wrapOp(&err, "partnerships covering")
	return idsOf(ctx, s.db, `WITH RECURSIVE up(code) AS (
			SELECT CAST($1 AS TEXT)
			UNION SELECT ap.parent_code FROM area_parents ap JOIN up ON ap.child_code = up.code
		)
		SELECT DISTINCT p.id FROM partnerships p JOIN up ON p.area_code = up.code ORDER BY p.id`, areaCode)
}

// AreasCoveredBy returns the codes of the given partnerships' areas and of
// every area inside them (through area_parents, at any depth).
func (s *Store) AreasCoveredBy(ctx context.Context, partnershipIDs []int64) (_ map[string]bool, err error) {
	defer wrapOp(&err, "areas covered by")
	out := map[string]bool{}
	if len(partnershipIDs) == 0 {
		return out, nil
	}
	marks := make([]string, len(partnershipIDs))
	args := make([]any, len(partnershipIDs))
	for i, id := range partnershipIDs {
		marks[i] = "$" + idText(int64(i+1))
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE down(code) AS (
			SELECT area_code FROM partnerships WHERE id IN (`+strings.Join(marks, ", ")+`)
			UNION SELECT ap.child_code FROM area_parents ap JOIN down ON ap.parent_code = down.code
		)
		SELECT code FROM down`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out[code] = true
	}
	return out, rows.Err()
}

// GrantRoleByEmail gives the account with this e-mail (any case) a role in
// a partnership; an unknown address is a validation error on email. The
// web page, the API and the command line all grant through it.
func (s *Store) GrantRoleByEmail(ctx context.Context, by Actor, email string, partnershipID int64, role string) (_ User, err error) {
	u, err := s.userForRole(ctx, email)
	if err != nil {
		return User{}, err
	}
	return u, s.GrantRole(ctx, by, RoleGrant{UserID: u.ID, PartnershipID: partnershipID, Role: role})
}

// RevokeRoleByEmail removes the role of the account with this e-mail in a
// partnership (ErrNotFound if it has none there).
func (s *Store) RevokeRoleByEmail(ctx context.Context, by Actor, email string, partnershipID int64) (_ User, err error) {
	u, err := s.userForRole(ctx, email)
	if err != nil {
		return User{}, err
	}
	return u, s.RevokeRole(ctx, by, u.ID, partnershipID)
}

func (s *Store) userForRole(ctx context.Context, email string) (User, error) {
	if strings.TrimSpace(email) == "" {
		return User{}, fieldErr("email", "Enter the email address of the person's account")
	}
	u, err := s.GetUserByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		return User{}, fieldErr("email", "No account has the email address "+strings.TrimSpace(email))
	}
	return u, err
}
