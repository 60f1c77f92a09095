package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// SavePBResult stores (or replaces, on a recount) a closed process's
// count and its anonymised .pb file. A staff override already recorded
// stays. Audited with the winners and the file's SHA-256.
func (s *Store) SavePBResult(ctx context.Context, r *budgeting.Result) (err error) {
	defer wrapOp(&err, "save pb result")
	winners, err := json.Marshal(r.Winners)
	if err != nil {
		return err
	}
	outcome, err := json.Marshal(r.Outcome)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM pb_processes WHERE id = $1", r.ProcessID).Scan(&status); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("pb process %d: %w", r.ProcessID, ErrNotFound)
			}
			return err
		}
		if status != string(budgeting.StatusClosed) {
			return budgeting.ErrNotCounted
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pb_results (process_id, rule, winners, total_pence, outcome, computed_at, ballots_pb, ballots_sha256)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (process_id) DO UPDATE SET rule = excluded.rule, winners = excluded.winners, total_pence = excluded.total_pence,
			outcome = excluded.outcome, computed_at = excluded.computed_at, ballots_pb = excluded.ballots_pb, ballots_sha256 = excluded.ballots_sha256`,
			r.ProcessID, string(r.Rule), string(winners), r.TotalPence, string(outcome), r.ComputedAt, string(r.BallotsPB), r.BallotsSHA256); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, System, AuditEvent{Action: "pb-count", Entity: "pb_process", EntityID: strconv.FormatInt(r.ProcessID, 10),
			Detail: map[string]string{"winners": strings.Join(r.Winners, ","), "total_pence": strconv.FormatInt(r.TotalPence, 10),
				"ballots_sha256": r.BallotsSHA256}})
	})
}

// PBResult returns a process's result, or budgeting.ErrNotCounted before
// it has been counted (ErrNotFound for no such process).
func (s *Store) PBResult(ctx context.Context, processID int64) (_ *budgeting.Result, err error) {
	defer wrapOp(&err, "pb result")
	r := &budgeting.Result{ProcessID: processID}
	var rule, winners, outcome, override, file string
	var by sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT rule, winners, total_pence, outcome, computed_at, override_winners, override_reason, overridden_by,
		overridden_at, ballots_pb, ballots_sha256 FROM pb_results WHERE process_id = $1`, processID).Scan(&rule, &winners, &r.TotalPence, &outcome,
		&r.ComputedAt, &override, &r.OverrideReason, &by, &r.OverriddenAt, &file, &r.BallotsSHA256)
	if errors.Is(err, sql.ErrNoRows) {
		var one int
		if err := s.db.QueryRowContext(ctx, "SELECT 1 FROM pb_processes WHERE id = $1", processID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("pb process %d: %w", processID, ErrNotFound)
		}
		return nil, budgeting.ErrNotCounted
	}
	if err != nil {
		return nil, err
	}
	r.Rule, r.BallotsPB, r.OverriddenBy = budgeting.Rule(rule), []byte(file), by.Int64
	if err := json.Unmarshal([]byte(winners), &r.Winners); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(outcome), &r.Outcome); err != nil {
		return nil, err
	}
	if override != "" {
		if err := json.Unmarshal([]byte(override), &r.OverrideWinners); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// OverridePBResult records staff's replacement of the counted winners,
// with the reason shown publicly beside the result. Every winner must be
// a project on the ballot and the total within the pot. Audited.
func (s *Store) OverridePBResult(ctx context.Context, by Actor, processID int64, winners []string, reason string) (err error) {
	defer wrapOp(&err, "override pb result")
	if strings.TrimSpace(reason) == "" {
		return fieldErr("reason", "give the reason, which is published with the result")
	}
	p, err := s.PBProcess(ctx, processID)
	if err != nil {
		return err
	}
	cost := map[string]int64{}
	for _, pr := range p.Ballot(0) {
		cost[pr.Code] = pr.CostPence
	}
	var total int64
	seen := map[string]bool{}
	for i, w := range winners {
		c, ok := cost[w]
		if !ok || seen[w] {
			return fieldErr("winners["+strconv.Itoa(i)+"]", fmt.Sprintf("%q is not a project on the ballot, or is listed twice", w))
		}
		seen[w] = true
		total += c
	}
	if total > p.PotPence {
		return fieldErr("winners", fmt.Sprintf("the projects cost %s, more than the pot of %s", budgeting.Pounds(total), budgeting.Pounds(p.PotPence)))
	}
	list, _ := json.Marshal(winners)
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE pb_results SET override_winners = $1, override_reason = $2, overridden_by = $3, overridden_at = $4 WHERE process_id = $5",
			string(list), reason, nullID(by.UserID), s.stamp(), processID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return budgeting.ErrNotCounted
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-override", Entity: "pb_process", EntityID: strconv.FormatInt(processID, 10),
			Detail: map[string]string{"winners": strings.Join(winners, ","), "reason": reason}})
	})
}
