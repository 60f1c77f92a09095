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

// AddMoneyContribution records a partner's contribution line and posts it
// to the ledger (pool debited, partner credited) in the first month of the
// fund's year, in one transaction.
func (s *Store) AddMoneyContribution(ctx context.Context, by Actor, c money.Contribution) (_ money.Contribution, err error) {
	defer wrapOp(&err, "add money contribution")
	c.Normalize()
	if err := c.Validate(); err != nil {
		return money.Contribution{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		f, err := s.lockMoneyFund(ctx, tx, c.FundID)
		if err != nil {
			return err
		}
		var errs validation.Errors
		if err := checkMoneyOrgs(ctx, tx, &errs, map[string]int64{"partner_org_id": c.PartnerOrgID}); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		c.CreatedAt = s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO money_contributions (fund_id, partner_org_id, source, basis, schedule, amount_pence, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, c.FundID, c.PartnerOrgID, string(c.Source), string(c.Basis), string(c.Schedule), int64(c.Amount), c.CreatedAt).Scan(&c.ID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyContribution, idText(c.ID), nil); err != nil {
			return err
		}
		p := money.Posting{FundID: f.ID, Period: money.Periods(f.FinancialYear)[0], Kind: money.KindContribution, Amount: c.Amount,
			PartnerOrgID: c.PartnerOrgID, Source: c.Source, Reference: fmt.Sprintf("contribution %d", c.ID)}
		p.Normalize()
		if _, err := s.insertMoneyPosting(ctx, tx, by, f, p); err != nil {
			return err
		}
		return s.moneyPlanEdited(ctx, tx, by, f.ID, "contribution added")
	})
	if err != nil {
		return money.Contribution{}, err
	}
	return c, nil
}

// MoneyContributions lists a fund's contribution lines.
func (s *Store) MoneyContributions(ctx context.Context, fundID int64) (_ []money.Contribution, err error) {
	defer wrapOp(&err, "money contributions")
	rows, err := s.db.QueryContext(ctx, `SELECT id, fund_id, partner_org_id, source, basis, schedule, amount_pence, created_at
		FROM money_contributions WHERE fund_id = $1 ORDER BY id`, fundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []money.Contribution{}
	for rows.Next() {
		var c money.Contribution
		var amt int64
		if err := rows.Scan(&c.ID, &c.FundID, &c.PartnerOrgID, &c.Source, &c.Basis, &c.Schedule, &amt, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.Amount = money.Pence(amt)
		out = append(out, c)
	}
	return out, rows.Err()
}

const moneySchemeCols = `id, fund_id, ref, name, scheme_type, expenditure_category, commissioner_org_id, provider_org_id, starts_on, ends_on, priority, consultation_id, outcomes, created_at, updated_at`

func scanMoneyScheme(row interface{ Scan(...any) error }) (money.Scheme, error) {
	var m money.Scheme
	var outcomes string
	if err := row.Scan(&m.ID, &m.FundID, &m.Ref, &m.Name, &m.SchemeType, &m.Category, &m.CommissionerOrgID, &m.ProviderOrgID,
		&m.StartsOn, &m.EndsOn, &m.Priority, &m.ConsultationID, &outcomes, &m.CreatedAt, &m.UpdatedAt); err != nil {
		return m, err
	}
	return m, json.Unmarshal([]byte(outcomes), &m.Outcomes)
}

func (s *Store) checkMoneyScheme(ctx context.Context, q querier, m money.Scheme) (money.Fund, error) {
	f, err := s.moneyFund(ctx, q, m.FundID)
	if err != nil {
		return f, err
	}
	var year *money.YearData
	if f.Kind == money.FundBCF {
		if y, err := money.Year(f.FinancialYear); err == nil {
			year = &y
		}
	}
	if err := m.Validate(year); err != nil {
		return f, err
	}
	var errs validation.Errors
	if err := checkMoneyOrgs(ctx, q, &errs, map[string]int64{"commissioner_org_id": m.CommissionerOrgID, "provider_org_id": m.ProviderOrgID}); err != nil {
		return f, err
	}
	for i, o := range m.Outcomes {
		var one int
		err := q.QueryRowContext(ctx, `SELECT 1 FROM indicators WHERE id = $1`, o.IndicatorID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			errs.Add(fmt.Sprintf("outcomes[%d].indicator_id", i), fmt.Sprintf("There is no needs indicator %d", o.IndicatorID))
		} else if err != nil {
			return f, err
		}
	}
	return f, errs.Err()
}

// CreateMoneyScheme records a scheme of a fund.
func (s *Store) CreateMoneyScheme(ctx context.Context, by Actor, m money.Scheme) (_ money.Scheme, err error) {
	defer wrapOp(&err, "create money scheme")
	m.Normalize()
	outcomes, _ := json.Marshal(m.Outcomes)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.checkMoneyScheme(ctx, tx, m); err != nil {
			return err
		}
		now := s.stamp()
		m.CreatedAt, m.UpdatedAt = now, now
		err := tx.QueryRowContext(ctx, `INSERT INTO money_schemes (fund_id, ref, name, scheme_type, expenditure_category, commissioner_org_id, provider_org_id, starts_on, ends_on, priority, consultation_id, outcomes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			m.FundID, m.Ref, m.Name, m.SchemeType, m.Category, m.CommissionerOrgID, m.ProviderOrgID, m.StartsOn, m.EndsOn, m.Priority, m.ConsultationID, string(outcomes), now, now).Scan(&m.ID)
		if isUniqueViolation(err) {
			var errs validation.Errors
			errs.Add("ref", "The fund already has a scheme "+m.Ref)
			return errs.Err()
		}
		if err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyScheme, idText(m.ID), nil); err != nil {
			return err
		}
		return s.moneyPlanEdited(ctx, tx, by, m.FundID, "scheme "+m.Ref+" added")
	})
	if err != nil {
		return money.Scheme{}, err
	}
	return m, nil
}

// UpdateMoneyScheme changes a scheme (its fund stays).
func (s *Store) UpdateMoneyScheme(ctx context.Context, by Actor, m money.Scheme) (_ money.Scheme, err error) {
	defer wrapOp(&err, "update money scheme")
	old, err := s.MoneyScheme(ctx, m.ID)
	if err != nil {
		return money.Scheme{}, err
	}
	m.FundID, m.CreatedAt = old.FundID, old.CreatedAt
	m.Normalize()
	outcomes, _ := json.Marshal(m.Outcomes)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.checkMoneyScheme(ctx, tx, m); err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entMoneyScheme, idText(m.ID))
		if err != nil {
			return err
		}
		m.UpdatedAt = s.stamp()
		_, err = tx.ExecContext(ctx, `UPDATE money_schemes SET ref = $1, name = $2, scheme_type = $3, expenditure_category = $4, commissioner_org_id = $5, provider_org_id = $6,
			starts_on = $7, ends_on = $8, priority = $9, consultation_id = $10, outcomes = $11, updated_at = $12 WHERE id = $13`,
			m.Ref, m.Name, m.SchemeType, m.Category, m.CommissionerOrgID, m.ProviderOrgID, m.StartsOn, m.EndsOn, m.Priority, m.ConsultationID, string(outcomes), m.UpdatedAt, m.ID)
		if isUniqueViolation(err) {
			var errs validation.Errors
			errs.Add("ref", "The fund already has a scheme "+m.Ref)
			return errs.Err()
		}
		if err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entMoneyScheme, idText(m.ID), before); err != nil {
			return err
		}
		return s.moneyPlanEdited(ctx, tx, by, m.FundID, "scheme "+m.Ref+" changed")
	})
	if err != nil {
		return money.Scheme{}, err
	}
	return m, nil
}

// MoneyScheme returns one scheme, or ErrNotFound.
func (s *Store) MoneyScheme(ctx context.Context, id int64) (_ money.Scheme, err error) {
	defer wrapOp(&err, "money scheme")
	m, err := scanMoneyScheme(s.db.QueryRowContext(ctx, "SELECT "+moneySchemeCols+" FROM money_schemes WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, err
}

// MoneySchemes lists a fund's schemes in the partnership's priority order.
func (s *Store) MoneySchemes(ctx context.Context, fundID int64) (_ []money.Scheme, err error) {
	defer wrapOp(&err, "money schemes")
	return s.moneySchemes(ctx, s.db, fundID)
}

func (s *Store) moneySchemes(ctx context.Context, q querier, fundID int64) ([]money.Scheme, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+moneySchemeCols+" FROM money_schemes WHERE fund_id = $1 ORDER BY priority, ref, id", fundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []money.Scheme{}
	for rows.Next() {
		m, err := scanMoneyScheme(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
