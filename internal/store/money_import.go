package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/money"
)

// ImportMoneyActuals posts a finance file's actuals to a fund in ONE
// transaction. Every row is checked first (money.CheckActuals: scheme known
// to the fund, month in the fund's year and open); any problem posts
// nothing and comes back as *validation.Errors naming each row and column.
// Each posting is audited. progress, when not nil, is told how many steps
// are done so far, of twice the rows (posting, then auditing, each row).
// The web page and the API queue an upload instead (PostMoneyActualsUpload,
// run by a River job); the CLI and the benchmark call this directly.
func (s *Store) ImportMoneyActuals(ctx context.Context, by Actor, fundID int64, fileName string, rows []money.ActualRow, progress func(done, total int)) (_ money.ImportResult, err error) {
	defer wrapOp(&err, "import money actuals")
	return s.importMoneyActuals(ctx, by, fundID, fileName, rows, progress, nil)
}

// importMoneyActuals is ImportMoneyActuals with finish, when not nil, run
// last inside the transaction.
func (s *Store) importMoneyActuals(ctx context.Context, by Actor, fundID int64, fileName string, rows []money.ActualRow, progress func(done, total int),
	finish func(tx *sql.Tx, res money.ImportResult) error) (money.ImportResult, error) {
	var res money.ImportResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		f, err := s.lockMoneyFund(ctx, tx, fundID)
		if err != nil {
			return err
		}
		schemes, err := s.moneySchemes(ctx, tx, fundID)
		if err != nil {
			return err
		}
		byRef := map[string]money.Scheme{}
		for _, m := range schemes {
			byRef[m.Ref] = m
		}
		closed, err := moneyClosedPeriods(ctx, tx, fundID)
		if err != nil {
			return err
		}
		total, err := money.CheckActuals(f, schemes, closed, rows)
		if err != nil {
			return err
		}
		now := s.stamp()
		res.Rows, res.Total = len(rows), total
		if err := tx.QueryRowContext(ctx, `INSERT INTO money_imports (fund_id, file_name, rows, total_pence, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			fundID, fileName, len(rows), int64(total), by.UserID, now).Scan(&res.ImportID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entMoneyImport, idText(res.ImportID), nil); err != nil {
			return err
		}
		debit, credit, _ := money.KindActual.Accounts()
		for lo := 0; lo < len(rows); lo += moneyBatch {
			batch := rows[lo:min(lo+moneyBatch, len(rows))]
			var q strings.Builder
			q.WriteString(`INSERT INTO money_ledger (fund_id, period, kind, debit, credit, amount_pence, scheme_id, provider_org_id, source, import_id, reference, memo, profile, posted_by, posted_at) VALUES `)
			args := make([]any, 0, len(batch)*10)
			for i, r := range batch {
				m := byRef[r.SchemeRef]
				if i > 0 {
					q.WriteString(", ")
				}
				n := len(args)
				fmt.Fprintf(&q, "(%s, 'actual', '%s', '%s', %s, '', %s, '', %s)", s.marks(n, 2), debit, credit, s.marks(n+2, 3), s.marks(n+5, 3), s.marks(n+8, 2))
				args = append(args, fundID, r.Period, int64(r.Amount), m.ID, nullID(m.ProviderOrgID), res.ImportID, r.Reference, r.Memo, by.UserID, now)
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return fmt.Errorf("rows %d to %d: %w", batch[0].Row, batch[len(batch)-1].Row, err)
			}
			if progress != nil {
				progress(lo+len(batch), 2*len(rows))
			}
		}
		// Audit every posting: one chained entry each, the tail read once.
		if err := s.auditImportedPostings(ctx, tx, by, res.ImportID, func(done int) {
			if progress != nil {
				progress(len(rows)+done, 2*len(rows))
			}
		}); err != nil {
			return err
		}
		if finish != nil {
			return finish(tx, res)
		}
		return nil
	})
	if err != nil {
		return money.ImportResult{}, err
	}
	return res, nil
}

func (s *Store) auditImportedPostings(ctx context.Context, tx *sql.Tx, by Actor, importID int64, tick func(done int)) error {
	rows, err := tx.QueryContext(ctx, `SELECT * FROM money_ledger WHERE import_id = $1 ORDER BY id`, importID)
	if err != nil {
		return err
	}
	type image struct {
		id  string
		img []byte
	}
	var all []image
	if err := rowImages(rows, []string{"id"}, func(id string, img map[string]any) error {
		b, err := json.Marshal(img)
		all = append(all, image{id, b})
		return err
	}); err != nil {
		return err
	}
	last, err := s.auditTail(ctx, tx)
	if err != nil {
		return err
	}
	for lo := 0; lo < len(all); lo += moneyBatch {
		batch := all[lo:min(lo+moneyBatch, len(all))]
		var q strings.Builder
		q.WriteString("INSERT INTO audit_log (" + auditInsertCols + ") VALUES ")
		args := make([]any, 0, len(batch)*14)
		for i, im := range batch {
			last = s.sealAfter(by, last, audit.Entry{Action: audit.ActionCreate, Entity: entMoneyPosting, EntityID: im.id, After: im.img})
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + s.marks(len(args), 14) + ")")
			args = append(args, auditInsertArgs(last)...)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
		tick(lo + len(batch))
	}
	return nil
}

// marks returns n comma-separated placeholders for the arguments after
// the first `before`: "?" on SQLite, whose driver binds positional marks
// without looking each up by name (which made long statements slow), and
// "$k" on PostgreSQL.
func (s *Store) marks(before, n int) string {
	var b strings.Builder
	for k := 1; k <= n; k++ {
		if k > 1 {
			b.WriteString(", ")
		}
		if s.engine == SQLite {
			b.WriteByte('?')
		} else {
			fmt.Fprintf(&b, "$%d", before+k)
		}
	}
	return b.String()
}

// moneyBatch is how many rows one bulk INSERT carries.
const moneyBatch = 500

// MoneyPostings returns every posting of a fund, oldest first.
func (s *Store) MoneyPostings(ctx context.Context, fundID int64) ([]money.Posting, error) {
	return s.MoneyLedger(ctx, fundID, MoneyLedgerFilter{})
}
