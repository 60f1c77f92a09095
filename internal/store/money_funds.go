package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/validation"
)

// Audited money entities.
const (
	entMoneyFund         = "money_fund"
	entMoneyAgreement    = "money_agreement"
	entMoneyVariation    = "money_variation"
	entMoneyContribution = "money_contribution"
	entMoneyScheme       = "money_scheme"
	entMoneyPosting      = "money_posting"
	entMoneyImport       = "money_import"
	entMoneyPeriod       = "money_period"
	entMoneyScenario     = "money_scenario"
	entMoneyPlanVersion  = "money_plan_version"
	entMoneySignoff      = "money_signoff"
)

func init() {
	auditedEntities = append(auditedEntities,
		entityDef{entMoneyFund, "money_funds", "id", "id"},
		entityDef{entMoneyAgreement, "money_agreements", "id", "id"},
		entityDef{entMoneyVariation, "money_variations", "id", "id"},
		entityDef{entMoneyContribution, "money_contributions", "id", "id"},
		entityDef{entMoneyScheme, "money_schemes", "id", "id"},
		entityDef{entMoneyImport, "money_imports", "id", "id"},
		entityDef{entMoneyPosting, "money_ledger", "id", "id"},
		entityDef{entMoneyPeriod, "money_periods", "id", "id"},
		entityDef{entMoneyScenario, "money_scenarios", "id", "id"},
		entityDef{entMoneyPlanVersion, "money_plan_versions", "id", "id"},
		entityDef{entMoneySignoff, "money_signoffs", "id", "id"},
	)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// moneyRefExists reports whether a row with the given id is in table.
func moneyRefExists(ctx context.Context, q querier, table string, id int64) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, "SELECT 1 FROM "+table+" WHERE id = $1", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// checkMoneyOrgs adds a field error for each organisation ID not in the
// register.
func checkMoneyOrgs(ctx context.Context, q querier, errs *validation.Errors, fields map[string]int64) error {
	for field, id := range fields {
		if id <= 0 {
			continue
		}
		ok, err := moneyRefExists(ctx, q, "organisations", id)
		if err != nil {
			return err
		}
		if !ok {
			errs.Add(field, fmt.Sprintf("There is no organisation %d in the register", id))
		}
	}
	return nil
}

const moneyFundCols = `id, partnership_id, financial_year, name, kind, host_org_id, manager_name, consult_before_allocating, illustrative, created_at, updated_at`

func scanMoneyFund(row interface{ Scan(...any) error }) (money.Fund, error) {
	var f money.Fund
	var consult, illus int64
	err := row.Scan(&f.ID, &f.PartnershipID, &f.FinancialYear, &f.Name, &f.Kind, &f.HostOrgID, &f.ManagerName, &consult, &illus, &f.CreatedAt, &f.UpdatedAt)
	f.ConsultBeforeAllocating, f.Illustrative = consult != 0, illus != 0
	return f, err
}

// CreateMoneyFund records a pooled fund for a partnership and year.
func (s *Store) CreateMoneyFund(ctx context.Context, by Actor, f money.Fund) (_ money.Fund, err error) {
	defer wrapOp(&err, "create money fund")
	f.Normalize()
	if err := f.Validate(); err != nil {
		return money.Fund{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var errs validation.Errors
		if ok, err := moneyRefExists(ctx, tx, "partnerships", f.PartnershipID); err != nil {
			return err
		} else if !ok {
			errs.Add("partnership_id", fmt.Sprintf("There is no partnership %d", f.PartnershipID))
		}
		if err := checkMoneyOrgs(ctx, tx, &errs, map[string]int64{"host_org_id": f.HostOrgID}); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		now := s.stamp()
		f.CreatedAt, f.UpdatedAt = now, now
		err := tx.QueryRowContext(ctx, `INSERT INTO money_funds (partnership_id, financial_year, name, kind, host_org_id, manager_name, consult_before_allocating, illustrative, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			f.PartnershipID, f.FinancialYear, f.Name, f.Kind, f.HostOrgID, f.ManagerName, boolInt(f.ConsultBeforeAllocating), boolInt(f.Illustrative), now, now).Scan(&f.ID)
		if isUniqueViolation(err) {
			errs.Add("name", "The partnership already has a fund of that name for "+f.FinancialYear)
			return errs.Err()
		}
		if err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyFund, idText(f.ID), nil); err != nil {
			return err
		}
		_, err = s.newMoneyPlanVersion(ctx, tx, by, f.ID, "fund created")
		return err
	})
	if err != nil {
		return money.Fund{}, err
	}
	return f, nil
}

// UpdateMoneyFund changes a fund's name, host, manager and the
// consult-before-allocating rule.
func (s *Store) UpdateMoneyFund(ctx context.Context, by Actor, f money.Fund) (_ money.Fund, err error) {
	defer wrapOp(&err, "update money fund")
	old, err := s.MoneyFund(ctx, f.ID)
	if err != nil {
		return money.Fund{}, err
	}
	f.PartnershipID, f.FinancialYear, f.Kind, f.CreatedAt = old.PartnershipID, old.FinancialYear, old.Kind, old.CreatedAt
	f.Normalize()
	if err := f.Validate(); err != nil {
		return money.Fund{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var errs validation.Errors
		if err := checkMoneyOrgs(ctx, tx, &errs, map[string]int64{"host_org_id": f.HostOrgID}); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entMoneyFund, idText(f.ID))
		if err != nil {
			return err
		}
		f.UpdatedAt = s.stamp()
		_, err = tx.ExecContext(ctx, `UPDATE money_funds SET name = $1, host_org_id = $2, manager_name = $3, consult_before_allocating = $4, illustrative = $5, updated_at = $6 WHERE id = $7`,
			f.Name, f.HostOrgID, f.ManagerName, boolInt(f.ConsultBeforeAllocating), boolInt(f.Illustrative), f.UpdatedAt, f.ID)
		if isUniqueViolation(err) {
			errs.Add("name", "The partnership already has a fund of that name for "+f.FinancialYear)
			return errs.Err()
		}
		if err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entMoneyFund, idText(f.ID), before); err != nil {
			return err
		}
		return s.moneyPlanEdited(ctx, tx, by, f.ID, "fund changed")
	})
	if err != nil {
		return money.Fund{}, err
	}
	return f, nil
}

// MoneyFund returns one fund, or ErrNotFound.
func (s *Store) MoneyFund(ctx context.Context, id int64) (_ money.Fund, err error) {
	defer wrapOp(&err, "money fund")
	return s.moneyFund(ctx, s.db, id)
}

func (s *Store) moneyFund(ctx context.Context, q querier, id int64) (money.Fund, error) {
	f, err := scanMoneyFund(q.QueryRowContext(ctx, "SELECT "+moneyFundCols+" FROM money_funds WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	return f, err
}

// MoneyFunds lists a partnership's funds (every fund when partnershipID is
// 0), newest year first.
func (s *Store) MoneyFunds(ctx context.Context, partnershipID int64) (_ []money.Fund, err error) {
	defer wrapOp(&err, "money funds")
	rows, err := s.db.QueryContext(ctx, "SELECT "+moneyFundCols+" FROM money_funds WHERE ($1 = 0 OR partnership_id = $1) ORDER BY financial_year DESC, name, id", partnershipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []money.Fund{}
	for rows.Next() {
		f, err := scanMoneyFund(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// SaveMoneyAgreement records the agreement that governs a fund, or
// replaces its terms.
func (s *Store) SaveMoneyAgreement(ctx context.Context, by Actor, a money.Agreement) (_ money.Agreement, err error) {
	defer wrapOp(&err, "save money agreement")
	a.Normalize()
	if err := a.Validate(); err != nil {
		return money.Agreement{}, err
	}
	parties, _ := json.Marshal(a.Parties)
	steps, _ := json.Marshal(a.Waterfall)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.moneyFund(ctx, tx, a.FundID); err != nil {
			return err
		}
		var errs validation.Errors
		fields := map[string]int64{"host_org_id": a.HostOrgID}
		for i, p := range a.Parties {
			fields[fmt.Sprintf("parties[%d].org_id", i)] = p.OrgID
		}
		if err := checkMoneyOrgs(ctx, tx, &errs, fields); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		now := s.stamp()
		a.UpdatedAt = now
		err := tx.QueryRowContext(ctx, `SELECT id, created_at FROM money_agreements WHERE fund_id = $1`, a.FundID).Scan(&a.ID, &a.CreatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			a.CreatedAt = now
			if err := tx.QueryRowContext(ctx, `INSERT INTO money_agreements (fund_id, kind, host_org_id, hosting, parties, risk_share, risk_pool_pence, waterfall, termination_notice_months, scheme_notice_months, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
				a.FundID, a.Kind, a.HostOrgID, a.Hosting, string(parties), string(a.RiskShare), int64(a.RiskPool), string(steps), a.TerminationNoticeMonths, a.SchemeNoticeMonths, now, now).Scan(&a.ID); err != nil {
				return err
			}
			if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyAgreement, idText(a.ID), nil); err != nil {
				return err
			}
			return s.moneyPlanEdited(ctx, tx, by, a.FundID, "agreement recorded")
		}
		if err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entMoneyAgreement, idText(a.ID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE money_agreements SET kind = $1, host_org_id = $2, hosting = $3, parties = $4, risk_share = $5, risk_pool_pence = $6, waterfall = $7,
			termination_notice_months = $8, scheme_notice_months = $9, updated_at = $10 WHERE id = $11`,
			a.Kind, a.HostOrgID, a.Hosting, string(parties), string(a.RiskShare), int64(a.RiskPool), string(steps), a.TerminationNoticeMonths, a.SchemeNoticeMonths, now, a.ID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entMoneyAgreement, idText(a.ID), before); err != nil {
			return err
		}
		return s.moneyPlanEdited(ctx, tx, by, a.FundID, "agreement changed")
	})
	if err != nil {
		return money.Agreement{}, err
	}
	return a, nil
}

// MoneyAgreement returns the agreement of a fund, or ErrNotFound.
func (s *Store) MoneyAgreement(ctx context.Context, fundID int64) (_ money.Agreement, err error) {
	defer wrapOp(&err, "money agreement")
	return s.moneyAgreement(ctx, s.db, fundID)
}

func (s *Store) moneyAgreement(ctx context.Context, q querier, fundID int64) (money.Agreement, error) {
	var a money.Agreement
	var parties, steps string
	var pool int64
	err := q.QueryRowContext(ctx, `SELECT id, fund_id, kind, host_org_id, hosting, parties, risk_share, risk_pool_pence, waterfall, termination_notice_months, scheme_notice_months, created_at, updated_at
		FROM money_agreements WHERE fund_id = $1`, fundID).Scan(&a.ID, &a.FundID, &a.Kind, &a.HostOrgID, &a.Hosting, &parties, &a.RiskShare, &pool, &steps,
		&a.TerminationNoticeMonths, &a.SchemeNoticeMonths, &a.CreatedAt, &a.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, err
	}
	a.RiskPool = money.Pence(pool)
	if err := json.Unmarshal([]byte(parties), &a.Parties); err != nil {
		return a, err
	}
	return a, json.Unmarshal([]byte(steps), &a.Waterfall)
}

// RecordMoneyVariation records a variation of a fund's agreement; it is
// refused unless every partner has agreed.
func (s *Store) RecordMoneyVariation(ctx context.Context, by Actor, fundID int64, v money.Variation) (_ money.Variation, err error) {
	defer wrapOp(&err, "record money variation")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		a, err := s.moneyAgreement(ctx, tx, fundID)
		if err != nil {
			return err
		}
		v.AgreementID = a.ID
		if err := v.Validate(a); err != nil {
			return err
		}
		agreed, _ := json.Marshal(v.AgreedBy)
		v.RecordedAt, v.RecordedBy = s.stamp(), by.UserID
		if err := tx.QueryRowContext(ctx, `INSERT INTO money_variations (agreement_id, description, effective_on, agreed_by, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, v.AgreementID, v.Description, v.EffectiveOn, string(agreed), v.RecordedBy, v.RecordedAt).Scan(&v.ID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyVariation, idText(v.ID), nil)
	})
	if err != nil {
		return money.Variation{}, err
	}
	return v, nil
}

// MoneyVariations lists the variations of a fund's agreement, oldest first.
func (s *Store) MoneyVariations(ctx context.Context, fundID int64) (_ []money.Variation, err error) {
	defer wrapOp(&err, "money variations")
	rows, err := s.db.QueryContext(ctx, `SELECT v.id, v.agreement_id, v.description, v.effective_on, v.agreed_by, v.recorded_by, v.recorded_at
		FROM money_variations v JOIN money_agreements a ON a.id = v.agreement_id WHERE a.fund_id = $1 ORDER BY v.id`, fundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []money.Variation{}
	for rows.Next() {
		var v money.Variation
		var agreed string
		if err := rows.Scan(&v.ID, &v.AgreementID, &v.Description, &v.EffectiveOn, &agreed, &v.RecordedBy, &v.RecordedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(agreed), &v.AgreedBy); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
