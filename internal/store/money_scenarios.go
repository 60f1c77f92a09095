package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/money"
)

// SaveMoneyScenario stores a what-if scenario with its answer.
func (s *Store) SaveMoneyScenario(ctx context.Context, by Actor, sc money.Scenario) (_ money.Scenario, err error) {
	defer wrapOp(&err, "save money scenario")
	sc.Normalize()
	if err := sc.Validate(); err != nil {
		return money.Scenario{}, err
	}
	params, _ := json.Marshal(sc.Withdrawal)
	result, _ := json.Marshal(sc.Result)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.moneyFund(ctx, tx, sc.FundID); err != nil {
			return err
		}
		sc.CreatedBy, sc.CreatedAt = by.UserID, s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO money_scenarios (fund_id, name, params, result, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			sc.FundID, sc.Name, string(params), string(result), sc.CreatedBy, sc.CreatedAt).Scan(&sc.ID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyScenario, idText(sc.ID), nil)
	})
	if err != nil {
		return money.Scenario{}, err
	}
	return sc, nil
}

func scanMoneyScenario(row interface{ Scan(...any) error }) (money.Scenario, error) {
	var sc money.Scenario
	var params, result string
	if err := row.Scan(&sc.ID, &sc.FundID, &sc.Name, &params, &result, &sc.CreatedBy, &sc.CreatedAt); err != nil {
		return sc, err
	}
	if err := json.Unmarshal([]byte(params), &sc.Withdrawal); err != nil {
		return sc, err
	}
	return sc, json.Unmarshal([]byte(result), &sc.Result)
}

// MoneyScenario returns one saved scenario of a fund, or ErrNotFound.
func (s *Store) MoneyScenario(ctx context.Context, fundID, id int64) (_ money.Scenario, err error) {
	defer wrapOp(&err, "money scenario")
	sc, err := scanMoneyScenario(s.db.QueryRowContext(ctx, `SELECT id, fund_id, name, params, result, created_by, created_at FROM money_scenarios WHERE id = $1 AND fund_id = $2`, id, fundID))
	if errors.Is(err, sql.ErrNoRows) {
		return sc, ErrNotFound
	}
	return sc, err
}

// MoneyScenarios lists a fund's saved scenarios, newest first.
func (s *Store) MoneyScenarios(ctx context.Context, fundID int64) (_ []money.Scenario, err error) {
	defer wrapOp(&err, "money scenarios")
	rows, err := s.db.QueryContext(ctx, `SELECT id, fund_id, name, params, result, created_by, created_at FROM money_scenarios WHERE fund_id = $1 ORDER BY id DESC`, fundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []money.Scenario{}
	for rows.Next() {
		sc, err := scanMoneyScenario(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}
