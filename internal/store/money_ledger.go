package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/validation"
)

// SetMoneyConsultations gives the store the source of consultation
// statuses for the consult-before-allocating rule. Without one, the store
// uses itself when it implements money.Consultations (the Voice store
// files do).
func (s *Store) SetMoneyConsultations(c money.Consultations) { s.moneyConsults = c }

func (s *Store) consultations() money.Consultations {
	if s.moneyConsults != nil {
		return s.moneyConsults
	}
	if c, ok := any(s).(money.Consultations); ok {
		return c
	}
	return nil
}

// lockMoneyFund reads a fund inside tx and locks it against concurrent
// postings until tx ends (SQLite transactions already begin IMMEDIATE).
func (s *Store) lockMoneyFund(ctx context.Context, tx *sql.Tx, id int64) (money.Fund, error) {
	q := "SELECT " + moneyFundCols + " FROM money_funds WHERE id = $1"
	if s.engine == Postgres {
		q += " FOR UPDATE"
	}
	f, err := scanMoneyFund(tx.QueryRowContext(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	return f, err
}

const moneyPostingCols = `id, fund_id, period, kind, debit, credit, amount_pence, scheme_id, partner_org_id, provider_org_id, source, reverses_id, import_id, reference, memo, profile, posted_by, posted_at`

func scanMoneyPosting(row interface{ Scan(...any) error }) (money.Posting, error) {
	var p money.Posting
	var amt int64
	var scheme, partner, provider, reverses, imp sql.NullInt64
	var profile string
	if err := row.Scan(&p.ID, &p.FundID, &p.Period, &p.Kind, &p.Debit, &p.Credit, &amt, &scheme, &partner, &provider, &p.Source,
		&reverses, &imp, &p.Reference, &p.Memo, &profile, &p.PostedBy, &p.PostedAt); err != nil {
		return p, err
	}
	p.Amount = money.Pence(amt)
	p.SchemeID, p.PartnerOrgID, p.ProviderOrgID, p.ReversesID, p.ImportID = scheme.Int64, partner.Int64, provider.Int64, reverses.Int64, imp.Int64
	if profile != "" && profile != "null" {
		if err := json.Unmarshal([]byte(profile), &p.Profile); err != nil {
			return p, err
		}
	}
	return p, nil
}

func profileText(p []money.ProfileLine) string {
	if len(p) == 0 {
		return ""
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// moneyPeriodClosed reports whether a fund's month is closed.
func moneyPeriodClosed(ctx context.Context, q querier, fundID int64, period string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM money_periods WHERE fund_id = $1 AND period = $2`, fundID, period).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// moneyPosition sums a fund's ledger inside q.
func moneyPosition(ctx context.Context, q querier, fundID int64) (money.FundPosition, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, COALESCE(scheme_id, 0), SUM(CASE WHEN reverses_id IS NULL THEN amount_pence ELSE -amount_pence END)
		FROM money_ledger WHERE fund_id = $1 GROUP BY kind, COALESCE(scheme_id, 0)`, fundID)
	if err != nil {
		return money.FundPosition{}, err
	}
	defer rows.Close()
	var ps []money.Posting
	for rows.Next() {
		var p money.Posting
		var amt int64
		if err := rows.Scan(&p.Kind, &p.SchemeID, &amt); err != nil {
			return money.FundPosition{}, err
		}
		p.Amount = money.Pence(amt)
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return money.FundPosition{}, err
	}
	return money.Position(ps), nil
}

// insertMoneyPosting appends p (normalised and checked) to the ledger
// inside tx and audits it.
func (s *Store) insertMoneyPosting(ctx context.Context, tx *sql.Tx, by Actor, f money.Fund, p money.Posting) (money.Posting, error) {
	closed, err := moneyPeriodClosed(ctx, tx, f.ID, p.Period)
	if err != nil {
		return p, err
	}
	if closed {
		var errs validation.Errors
		errs.Add("period", fmt.Sprintf("The month %s is closed: post into an open month", p.Period))
		return p, errs.Err()
	}
	p.FundID, p.PostedBy, p.PostedAt = f.ID, by.UserID, s.stamp()
	if err := tx.QueryRowContext(ctx, `INSERT INTO money_ledger (fund_id, period, kind, debit, credit, amount_pence, scheme_id, partner_org_id, provider_org_id, source, reverses_id, import_id, reference, memo, profile, posted_by, posted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		p.FundID, p.Period, string(p.Kind), string(p.Debit), string(p.Credit), int64(p.Amount), nullID(p.SchemeID), nullID(p.PartnerOrgID), nullID(p.ProviderOrgID),
		string(p.Source), nullID(p.ReversesID), nullID(p.ImportID), p.Reference, p.Memo, profileText(p.Profile), p.PostedBy, p.PostedAt).Scan(&p.ID); err != nil {
		if isUniqueViolation(err) && p.ReversesID != 0 {
			var errs validation.Errors
			errs.Add("posting_id", fmt.Sprintf("Posting %d has already been reversed", p.ReversesID))
			return p, errs.Err()
		}
		return p, err
	}
	return p, s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyPosting, idText(p.ID), nil)
}

// PostMoney appends a budget, commitment or actual to a fund's ledger. In
// one transaction, with the fund locked, it refuses a budget beyond the
// fund's unallocated money and a commitment beyond the scheme's
// uncommitted budget (*money.OvercommitError). A commitment to a scheme
// whose consultation is still open is refused (*money.ConsultationOpenError)
// when the fund's consult-before-allocating rule is on.
func (s *Store) PostMoney(ctx context.Context, by Actor, p money.Posting) (_ money.Posting, err error) {
	defer wrapOp(&err, "post money")
	p.ReversesID, p.ImportID = 0, 0
	p.Normalize()
	f, err := s.MoneyFund(ctx, p.FundID)
	if err != nil {
		return p, err
	}
	if err := p.Validate(f.FinancialYear); err != nil {
		return p, err
	}
	if p.Kind == money.KindContribution {
		var errs validation.Errors
		errs.Add("kind", "Record a contribution as a contribution line, not a posting")
		return p, errs.Err()
	}
	sch, err := s.MoneyScheme(ctx, p.SchemeID)
	if errors.Is(err, ErrNotFound) || (err == nil && sch.FundID != f.ID) {
		var errs validation.Errors
		errs.Add("scheme_id", fmt.Sprintf("The fund has no scheme %d", p.SchemeID))
		return p, errs.Err()
	}
	if err != nil {
		return p, err
	}
	if p.ProviderOrgID == 0 && p.Kind != money.KindBudget {
		p.ProviderOrgID = sch.ProviderOrgID
	}
	if p.Kind == money.KindCommitment {
		if err := money.CheckConsulted(ctx, s.consultations(), f, sch); err != nil {
			return p, err
		}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockMoneyFund(ctx, tx, f.ID); err != nil {
			return err
		}
		pos, err := moneyPosition(ctx, tx, f.ID)
		if err != nil {
			return err
		}
		if err := money.CheckFunds(pos, p); err != nil {
			return err
		}
		if p, err = s.insertMoneyPosting(ctx, tx, by, f, p); err != nil {
			return err
		}
		if p.Kind == money.KindBudget {
			return s.moneyPlanEdited(ctx, tx, by, f.ID, "budget for scheme "+sch.Ref)
		}
		return nil
	})
	if err != nil {
		return money.Posting{}, err
	}
	return p, nil
}

// ReverseMoneyPosting corrects a posting by appending its reversal in
// period (the original's period when ""). Both stay in the ledger. A
// posting is reversed at most once, and never by a reversal.
func (s *Store) ReverseMoneyPosting(ctx context.Context, by Actor, fundID, postingID int64, period, memo string) (_ money.Posting, err error) {
	defer wrapOp(&err, "reverse money posting")
	var out money.Posting
	err = s.tx(ctx, func(tx *sql.Tx) error {
		f, err := s.lockMoneyFund(ctx, tx, fundID)
		if err != nil {
			return err
		}
		orig, err := scanMoneyPosting(tx.QueryRowContext(ctx, "SELECT "+moneyPostingCols+" FROM money_ledger WHERE id = $1 AND fund_id = $2", postingID, fundID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		var errs validation.Errors
		if orig.ReversesID != 0 {
			errs.Add("posting_id", "A reversal cannot itself be reversed: post the entry again")
			return errs.Err()
		}
		period = strings.TrimSpace(period)
		if period == "" {
			period = orig.Period
		}
		if !money.ValidPeriod(period) || !money.InYear(period, f.FinancialYear) {
			errs.Add("period", "Enter a month of the fund's year "+f.FinancialYear+", like 2025-04")
			return errs.Err()
		}
		pos, err := moneyPosition(ctx, tx, f.ID)
		if err != nil {
			return err
		}
		if err := money.CheckReversal(pos, orig); err != nil {
			return err
		}
		if memo = strings.TrimSpace(memo); memo == "" {
			memo = fmt.Sprintf("reversal of posting %d", orig.ID)
		}
		out, err = s.insertMoneyPosting(ctx, tx, by, f, orig.Reversal(period, memo))
		if err != nil {
			return err
		}
		if orig.Kind == money.KindBudget || orig.Kind == money.KindContribution {
			return s.moneyPlanEdited(ctx, tx, by, f.ID, fmt.Sprintf("posting %d reversed", orig.ID))
		}
		return nil
	})
	if err != nil {
		return money.Posting{}, err
	}
	return out, nil
}

// MoneyLedgerFilter narrows MoneyLedger.
type MoneyLedgerFilter struct {
	Kind     money.Kind // "" for all
	SchemeID int64
	Period   string
	Limit    int // 0 for all
	Offset   int
}

// MoneyLedger lists a fund's postings, oldest first.
func (s *Store) MoneyLedger(ctx context.Context, fundID int64, f MoneyLedgerFilter) (_ []money.Posting, err error) {
	defer wrapOp(&err, "money ledger")
	q := "SELECT " + moneyPostingCols + " FROM money_ledger WHERE fund_id = $1 AND ($2 = '' OR kind = $2) AND ($3 = 0 OR scheme_id = $3) AND ($4 = '' OR period = $4) ORDER BY id"
	args := []any{fundID, string(f.Kind), f.SchemeID, f.Period}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []money.Posting{}
	for rows.Next() {
		p, err := scanMoneyPosting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MoneyLedgerCount counts the postings MoneyLedger would list without
// its limit.
func (s *Store) MoneyLedgerCount(ctx context.Context, fundID int64, f MoneyLedgerFilter) (_ int, err error) {
	defer wrapOp(&err, "money ledger count")
	var n int
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM money_ledger WHERE fund_id = $1 AND ($2 = '' OR kind = $2) AND ($3 = 0 OR scheme_id = $3) AND ($4 = '' OR period = $4)",
		fundID, string(f.Kind), f.SchemeID, f.Period).Scan(&n)
	return n, err
}

// MoneyPosting returns one posting of a fund, or ErrNotFound.
func (s *Store) MoneyPosting(ctx context.Context, fundID, id int64) (_ money.Posting, err error) {
	defer wrapOp(&err, "money posting")
	p, err := scanMoneyPosting(s.db.QueryRowContext(ctx, "SELECT "+moneyPostingCols+" FROM money_ledger WHERE id = $1 AND fund_id = $2", id, fundID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// MoneyPosition sums a fund's ledger: contributions, allocations,
// commitments and spend, overall and per scheme.
func (s *Store) MoneyPosition(ctx context.Context, fundID int64) (_ money.FundPosition, err error) {
	defer wrapOp(&err, "money position")
	if _, err := s.moneyFund(ctx, s.db, fundID); err != nil {
		return money.FundPosition{}, err
	}
	return moneyPosition(ctx, s.db, fundID)
}

// MoneyTrialBalance returns a fund's balances by account.
func (s *Store) MoneyTrialBalance(ctx context.Context, fundID int64) (_ []money.Balance, err error) {
	defer wrapOp(&err, "money trial balance")
	ps, err := s.MoneyLedger(ctx, fundID, MoneyLedgerFilter{})
	if err != nil {
		return nil, err
	}
	return money.TrialBalance(ps), nil
}

// CloseMoneyPeriod closes a month of a fund: nothing more is posted in it.
func (s *Store) CloseMoneyPeriod(ctx context.Context, by Actor, fundID int64, period string) (err error) {
	defer wrapOp(&err, "close money period")
	return s.tx(ctx, func(tx *sql.Tx) error {
		f, err := s.lockMoneyFund(ctx, tx, fundID)
		if err != nil {
			return err
		}
		var errs validation.Errors
		if !money.ValidPeriod(period) || !money.InYear(period, f.FinancialYear) {
			errs.Add("period", "Enter a month of the fund's year "+f.FinancialYear+", like 2025-04")
			return errs.Err()
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO money_periods (fund_id, period, closed_by, closed_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			fundID, period, by.UserID, s.stamp()).Scan(&id)
		if isUniqueViolation(err) {
			errs.Add("period", "The month "+period+" is already closed")
			return errs.Err()
		}
		if err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyPeriod, idText(id), nil)
	})
}

// MoneyClosedPeriods lists a fund's closed months.
func (s *Store) MoneyClosedPeriods(ctx context.Context, fundID int64) (_ []string, err error) {
	defer wrapOp(&err, "money closed periods")
	return moneyClosedPeriods(ctx, s.db, fundID)
}

func moneyClosedPeriods(ctx context.Context, q querier, fundID int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT period FROM money_periods WHERE fund_id = $1 ORDER BY period`, fundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
