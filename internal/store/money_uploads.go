package store

// Uploaded finance files of actuals and their import's progress
// (money_actuals_uploads, migration 03001): kept in the database so that
// every server sharing it can run the import job and show its progress.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/validation"
)

const moneyUploadCols = `id, fund_id, user_id, user_name, client_addr, file_name, rows_total, total_pence, state, phase, rows_done, attempts,
	COALESCE(import_id, 0), problems, error, created_at, updated_at`

// moneyUploadLockClass is the first key of the PostgreSQL advisory lock
// that keeps a fund's new uploads one at a time (the second is the fund's
// id): two-key advisory locks do not meet the one-key ones used elsewhere.
// The fund's row is not locked instead because a running import holds it
// for its whole transaction, and an upload must not wait for that.
const moneyUploadLockClass = 3_001

// CreateMoneyActualsUpload keeps a checked file of rows actuals totalling
// total, queued for by's import into the fund. A fund that already has
// money.MaxPendingUploads uploads queued or running keeps nothing more
// (money.ErrTooManyUploads): the count and the insert are one transaction,
// and uploads to one fund take it one at a time (SQLite transactions begin
// IMMEDIATE; PostgreSQL takes the fund's advisory lock first), so uploads
// sent together cannot pass the cap between them.
func (s *Store) CreateMoneyActualsUpload(ctx context.Context, by Actor, fundID int64, fileName string, data []byte, rows int, total money.Pence) (_ money.ActualsUpload, err error) {
	defer wrapOp(&err, "create money actuals upload")
	var up money.ActualsUpload
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if s.engine == Postgres {
			// int32: a fund id past 2^31 shares a lock with another fund,
			// which only makes them wait for each other.
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1, $2)", int32(moneyUploadLockClass), int32(fundID)); err != nil {
				return err
			}
		}
		var pending int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM money_actuals_uploads WHERE fund_id = $1 AND state IN ($2, $3)",
			fundID, string(money.UploadQueued), string(money.UploadRunning)).Scan(&pending); err != nil {
			return err
		}
		if err := money.CheckPendingUploads(int(pending)); err != nil {
			return err
		}
		now := s.stamp()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO money_actuals_uploads (fund_id, user_id, user_name, client_addr, file_name, data, size, rows_total, total_pence,
				state, phase, rows_done, attempts, problems, error, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '', 0, 0, '', '', $11, $11) RETURNING id`,
			fundID, by.UserID, by.Name, by.ClientAddr, fileName, data, int64(len(data)), int64(rows), int64(total), string(money.UploadQueued), now).Scan(&id); err != nil {
			return err
		}
		var err error
		up, err = s.moneyActualsUpload(ctx, tx, id)
		return err
	})
	if err != nil {
		return money.ActualsUpload{}, err
	}
	return up, nil
}

// MoneyActualsUpload reads an upload without its file, or ErrNotFound.
func (s *Store) MoneyActualsUpload(ctx context.Context, id int64) (_ money.ActualsUpload, err error) {
	defer wrapOp(&err, "money actuals upload")
	return s.moneyActualsUpload(ctx, s.db, id)
}

func (s *Store) moneyActualsUpload(ctx context.Context, q querier, id int64) (money.ActualsUpload, error) {
	var up money.ActualsUpload
	var state, problems string
	var importID, rowsTotal, total, rowsDone, attempts int64
	err := q.QueryRowContext(ctx, "SELECT "+moneyUploadCols+" FROM money_actuals_uploads WHERE id = $1", id).Scan(
		&up.ID, &up.FundID, &up.Uploader.UserID, &up.Uploader.Name, &up.Uploader.ClientAddr, &up.FileName, &rowsTotal, &total, &state, &up.Phase,
		&rowsDone, &attempts, &importID, &problems, &up.Error, &up.CreatedAt, &up.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return money.ActualsUpload{}, ErrNotFound
	}
	if err != nil {
		return money.ActualsUpload{}, err
	}
	up.State = money.UploadState(state)
	up.RowsTotal, up.Total, up.RowsDone, up.Attempts = int(rowsTotal), money.Pence(total), int(rowsDone), int(attempts)
	if problems != "" {
		if err := json.Unmarshal([]byte(problems), &up.Problems); err != nil {
			return money.ActualsUpload{}, fmt.Errorf("problems: %w", err)
		}
	}
	if up.State == money.UploadDone {
		up.Result = &money.ImportResult{ImportID: importID, Rows: up.RowsTotal, Total: up.Total}
	}
	return up, nil
}

// MoneyActualsUploadData reads an upload's file (empty once it has ended).
func (s *Store) MoneyActualsUploadData(ctx context.Context, id int64) (_ []byte, err error) {
	defer wrapOp(&err, "money actuals upload data")
	var data []byte
	err = s.db.QueryRowContext(ctx, `SELECT data FROM money_actuals_uploads WHERE id = $1`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return data, err
}

// StartMoneyActualsUpload marks a queued (or interrupted running) upload
// running and counts the attempt; false when it has ended.
func (s *Store) StartMoneyActualsUpload(ctx context.Context, id int64) (bool, error) {
	return s.moveUpload(ctx, "start money actuals upload", `UPDATE money_actuals_uploads SET state = $1, phase = $2, rows_done = 0, attempts = attempts + 1, updated_at = $3
		WHERE id = $4 AND state IN ($5, $6)`, string(money.UploadRunning), money.PhasePosting, s.stamp(), id, string(money.UploadQueued), string(money.UploadRunning))
}

// RequeueMoneyActualsUpload puts a running upload back in the queue with a
// note saying why (its job will be retried).
func (s *Store) RequeueMoneyActualsUpload(ctx context.Context, id int64, why string) error {
	_, err := s.moveUpload(ctx, "requeue money actuals upload", `UPDATE money_actuals_uploads SET state = $1, phase = $2, rows_done = 0, updated_at = $3 WHERE id = $4 AND state = $5`,
		string(money.UploadQueued), why, s.stamp(), id, string(money.UploadRunning))
	return err
}

// FailMoneyActualsUpload ends an upload that has not posted, with why and
// the rows and columns at fault; its file is dropped.
func (s *Store) FailMoneyActualsUpload(ctx context.Context, id int64, why string, problems []validation.FieldError) error {
	raw := ""
	if len(problems) > 0 {
		b, err := json.Marshal(problems)
		if err != nil {
			return fmt.Errorf("store: fail money actuals upload: %w", err)
		}
		raw = string(b)
	}
	_, err := s.moveUpload(ctx, "fail money actuals upload", `UPDATE money_actuals_uploads SET state = $1, phase = '', error = $2, problems = $3, data = $4, updated_at = $5
		WHERE id = $6 AND state IN ($7, $8)`, string(money.UploadFailed), why, raw, []byte{}, s.stamp(), id, string(money.UploadQueued), string(money.UploadRunning))
	return err
}

// moneyProgressSteps is how many progress writes an import makes at most:
// one each twentieth of the way.
const moneyProgressSteps = 20

// PostMoneyActualsUpload posts a running upload's rows as its uploader
// (ImportMoneyActuals) and, in the same transaction, marks it done with
// the import's id and drops its file: a job that dies after the commit
// and runs again finds the upload done (money.ErrUploadEnded) and posts
// nothing twice.
//
// Progress is written on PostgreSQL, from another connection, each
// twentieth of the way. SQLite has one writer at a time and the import's
// transaction is it, so there the upload shows its phase until it ends.
func (s *Store) PostMoneyActualsUpload(ctx context.Context, up money.ActualsUpload, rows []money.ActualRow) (_ money.ImportResult, err error) {
	defer wrapOp(&err, "post money actuals upload")
	var progress func(done, total int)
	if s.engine == Postgres {
		next := 0
		progress = func(done, total int) {
			if done*moneyProgressSteps < next*total {
				return
			}
			next = done*moneyProgressSteps/total + 1
			phase := money.PhasePosting
			if done > len(rows) {
				phase = money.PhaseAuditing
			}
			// Advisory: a failed write must not stop the import.
			_, _ = s.db.ExecContext(ctx, `UPDATE money_actuals_uploads SET phase = $1, rows_done = $2, updated_at = $3 WHERE id = $4 AND state = $5`,
				phase, int64(done/2), s.stamp(), up.ID, string(money.UploadRunning))
		}
	}
	return s.importMoneyActuals(ctx, up.Uploader, up.FundID, up.FileName, rows, progress, func(tx *sql.Tx, res money.ImportResult) error {
		// Last in the transaction: from here the upload's row is locked
		// until the commit, and no progress is written after it.
		r, err := tx.ExecContext(ctx, `UPDATE money_actuals_uploads SET state = $1, phase = '', rows_done = $2, import_id = $3, data = $4, updated_at = $5
			WHERE id = $6 AND state = $7`, string(money.UploadDone), int64(res.Rows), res.ImportID, []byte{}, s.stamp(), up.ID, string(money.UploadRunning))
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = money.ErrUploadEnded
			}
			return err
		}
		return nil
	})
}

// MoneyActualsUploads lists a fund's latest uploads, newest first.
func (s *Store) MoneyActualsUploads(ctx context.Context, fundID int64, limit int) (_ []money.ActualsUpload, err error) {
	defer wrapOp(&err, "money actuals uploads")
	ids, err := idsOf(ctx, s.db, "SELECT id FROM money_actuals_uploads WHERE fund_id = $1 ORDER BY id DESC LIMIT $2", fundID, limit)
	if err != nil {
		return nil, err
	}
	out := make([]money.ActualsUpload, 0, len(ids))
	for _, id := range ids {
		up, err := s.moneyActualsUpload(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, up)
	}
	return out, nil
}

// moneyUploadPersonal is one upload of actuals as its uploader's data
// download shows it: what they sent, from where and what became of it
// (the file itself is not kept once the upload ends, and is not here).
type moneyUploadPersonal struct {
	ID            int64  `json:"id"`
	FileName      string `json:"file_name"`
	FundID        int64  `json:"fund_id"`
	Fund          string `json:"fund"`
	Rows          int64  `json:"rows"`
	TotalPence    int64  `json:"total_pence"`
	State         string `json:"state"`
	CreatedAt     string `json:"created_at"`
	ClientAddress string `json:"client_address"`
}

// moneyUploadsDeletedAccount is why an account's deletion ended its
// uploads that had not been posted.
const moneyUploadsDeletedAccount = "The account that uploaded the file was deleted before it was posted; nothing was posted"

func init() {
	RegisterPersonalData("money_actuals_uploads", func(ctx context.Context, s *Store, userID int64) (any, error) {
		rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.file_name, u.fund_id, f.name, u.rows_total, u.total_pence, u.state, u.created_at, u.client_addr
			FROM money_actuals_uploads u JOIN money_funds f ON f.id = u.fund_id WHERE u.user_id = $1 ORDER BY u.id`, userID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []moneyUploadPersonal{}
		for rows.Next() {
			var u moneyUploadPersonal
			if err := rows.Scan(&u.ID, &u.FileName, &u.FundID, &u.Fund, &u.Rows, &u.TotalPence, &u.State, &u.CreatedAt, &u.ClientAddress); err != nil {
				return nil, err
			}
			out = append(out, u)
		}
		return out, rows.Err()
	})
	// A deleted account's uploads stay as the record of what was imported
	// (the ledger and the audit log keep their own entries, untouched),
	// like a deleted author's proposals: the account row they point to is
	// anonymised, and the name and address kept on the upload go too. An
	// upload not yet posted ends as failed with its file dropped, as the
	// account's sessions and follows end: nothing is posted for an account
	// that no longer exists. (A job posting it at this moment on PostgreSQL
	// finds it ended when it comes to mark it done, and posts nothing.)
	RegisterAnonymiser("money_actuals_uploads", func(ctx context.Context, s *Store, tx *sql.Tx, userID int64) error {
		now := s.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE money_actuals_uploads SET state = $1, phase = '', error = $2, data = $3, updated_at = $4
			WHERE user_id = $5 AND state IN ($6, $7)`, string(money.UploadFailed), moneyUploadsDeletedAccount, []byte{}, now, userID,
			string(money.UploadQueued), string(money.UploadRunning)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE money_actuals_uploads SET user_name = $1, client_addr = '' WHERE user_id = $2", DeletedAccountName, userID)
		return err
	})
}
