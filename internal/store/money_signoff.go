package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/validation"
)

// newMoneyPlanVersion starts the next version of a fund's plan in tx.
func (s *Store) newMoneyPlanVersion(ctx context.Context, tx *sql.Tx, by Actor, fundID int64, reason string) (int64, error) {
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM money_plan_versions WHERE fund_id = $1`, fundID).Scan(&v); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO money_plan_versions (fund_id, version, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		fundID, v+1, reason, by.UserID, s.stamp()).Scan(&id); err != nil {
		return 0, err
	}
	return id, s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyPlanVersion, idText(id), nil)
}

// moneyPlanEdited is called by every write that changes a fund's plan:
// when the current version carries any signature, the edit makes a new
// version and voids the earlier signatures.
func (s *Store) moneyPlanEdited(ctx context.Context, tx *sql.Tx, by Actor, fundID int64, reason string) error {
	var cur int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM money_plan_versions WHERE fund_id = $1 ORDER BY version DESC LIMIT 1`, fundID).Scan(&cur)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.newMoneyPlanVersion(ctx, tx, by, fundID, reason)
		return err
	}
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id FROM money_signoffs s JOIN money_plan_versions v ON v.id = s.plan_version_id
		WHERE v.fund_id = $1 AND s.voided_at = '' ORDER BY s.id`, fundID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil // nobody has signed the current version: it stays the draft
	}
	now := s.stamp()
	for _, id := range ids {
		before, err := s.image(ctx, tx, entMoneySignoff, idText(id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE money_signoffs SET voided_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entMoneySignoff, idText(id), before); err != nil {
			return err
		}
	}
	_, err = s.newMoneyPlanVersion(ctx, tx, by, fundID, reason)
	return err
}

// moneyCouncil returns the first partner of the agreement that is a
// council (the section 151 officer signs for it), 0 when none.
func moneyCouncil(ctx context.Context, q querier, a money.Agreement) (int64, error) {
	for _, p := range a.Parties {
		var kind string
		err := q.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, p.OrgID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, err
		}
		if kind == "council_upper" || kind == "council_lower" {
			return p.OrgID, nil
		}
	}
	return 0, nil
}

// MoneyPlan returns the current version of a fund's plan with its
// signatures and the ones still missing.
func (s *Store) MoneyPlan(ctx context.Context, fundID int64) (_ money.PlanVersion, err error) {
	defer wrapOp(&err, "money plan")
	return s.moneyPlan(ctx, s.db, fundID)
}

func (s *Store) moneyPlan(ctx context.Context, q querier, fundID int64) (money.PlanVersion, error) {
	var v money.PlanVersion
	err := q.QueryRowContext(ctx, `SELECT id, fund_id, version, reason, created_by, created_at FROM money_plan_versions WHERE fund_id = $1 ORDER BY version DESC LIMIT 1`, fundID).
		Scan(&v.ID, &v.FundID, &v.Version, &v.Reason, &v.CreatedBy, &v.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return v, ErrNotFound
	}
	if err != nil {
		return v, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, plan_version_id, org_id, role, signer_name, signed_by, signed_at, voided_at FROM money_signoffs WHERE plan_version_id = $1 ORDER BY id`, v.ID)
	if err != nil {
		return v, err
	}
	v.Signoffs = []money.Signoff{}
	for rows.Next() {
		var so money.Signoff
		if err := rows.Scan(&so.ID, &so.PlanVersionID, &so.OrgID, &so.Role, &so.SignerName, &so.SignedBy, &so.SignedAt, &so.VoidedAt); err != nil {
			rows.Close()
			return v, err
		}
		v.Signoffs = append(v.Signoffs, so)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return v, err
	}
	var req []money.Required
	if a, err := s.moneyAgreement(ctx, q, fundID); err == nil {
		council, err := moneyCouncil(ctx, q, a)
		if err != nil {
			return v, err
		}
		req = money.RequiredSignoffs(a, council)
	} else if !errors.Is(err, ErrNotFound) {
		return v, err
	}
	v.Complete(req)
	return v, nil
}

// SignMoneyPlan records a signature on version of a fund's plan. It is
// refused when version is not the current one (a later edit voided it) or
// when the plan does not need that signature.
func (s *Store) SignMoneyPlan(ctx context.Context, by Actor, fundID int64, version int, so money.Signoff) (_ money.PlanVersion, err error) {
	defer wrapOp(&err, "sign money plan")
	if err := so.Validate(); err != nil {
		return money.PlanVersion{}, err
	}
	var out money.PlanVersion
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockMoneyFund(ctx, tx, fundID); err != nil {
			return err
		}
		cur, err := s.moneyPlan(ctx, tx, fundID)
		if err != nil {
			return err
		}
		var errs validation.Errors
		if version != cur.Version {
			errs.Add("version", "Version "+strconv.Itoa(version)+" is not the current plan: sign version "+strconv.Itoa(cur.Version))
			return errs.Err()
		}
		needed := false
		for _, m := range cur.Missing {
			if m.OrgID == so.OrgID && m.Role == so.Role {
				needed = true
			}
		}
		if !needed {
			for _, x := range cur.Signoffs {
				if x.OrgID == so.OrgID && x.Role == so.Role {
					errs.Add("role", "This organisation has already signed this version in that role")
					return errs.Err()
				}
			}
			return &money.NotRequiredError{OrgID: so.OrgID, Role: so.Role}
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO money_signoffs (plan_version_id, org_id, role, signer_name, signed_by, signed_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			cur.ID, so.OrgID, string(so.Role), so.SignerName, by.UserID, s.stamp()).Scan(&id)
		if isUniqueViolation(err) {
			errs.Add("role", "This organisation has already signed this version in that role")
			return errs.Err()
		}
		if err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneySignoff, idText(id), nil); err != nil {
			return err
		}
		out, err = s.moneyPlan(ctx, tx, fundID)
		return err
	})
	if err != nil {
		return money.PlanVersion{}, err
	}
	return out, nil
}
