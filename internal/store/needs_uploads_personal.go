package store

// A person's indicator uploads (indicator_uploads) in their data download,
// and what deleting their account does to them.

import (
	"context"
	"database/sql"

	"github.com/placeboard/placeboard/internal/needs"
)

// indicatorUploadPersonal is one upload in a person's data download: what
// they sent and what became of it, not the file nor its preview.
type indicatorUploadPersonal struct {
	FileName  string `json:"file_name"`
	Format    string `json:"format"`
	Bytes     int64  `json:"bytes"`
	Rows      int64  `json:"rows"`
	State     string `json:"state"`
	Error     string `json:"error,omitempty"`
	CreatedAt string `json:"created_at"`
}

// indicatorUploadsDeletedAccount is why an account's deletion ended its
// uploads that had not started importing.
const indicatorUploadsDeletedAccount = "The account that uploaded the file was deleted before it was imported; nothing was imported"

func init() {
	RegisterPersonalData("indicator_uploads", func(ctx context.Context, s *Store, userID int64) (any, error) {
		rows, err := s.db.QueryContext(ctx, `SELECT file_name, format, size, rows_total, state, error, created_at
			FROM indicator_uploads WHERE user_id = $1 ORDER BY created_at, token`, userID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []indicatorUploadPersonal{}
		for rows.Next() {
			var u indicatorUploadPersonal
			if err := rows.Scan(&u.FileName, &u.Format, &u.Bytes, &u.Rows, &u.State, &u.Error, &u.CreatedAt); err != nil {
				return nil, err
			}
			out = append(out, u)
		}
		return out, rows.Err()
	})
	// As with uploads of actuals: the rows stay as the record of what was
	// imported (the imports and values keep their own ids), without the
	// name kept on them. Uploads not yet confirmed or still waiting for a
	// worker end as failed with their file dropped, so nothing is imported
	// for an account that no longer exists (their job then finds nothing to
	// start). One already importing finishes: its values belong to the
	// place, not the person.
	RegisterAnonymiser("indicator_uploads", func(ctx context.Context, s *Store, tx *sql.Tx, userID int64) error {
		if _, err := tx.ExecContext(ctx, `UPDATE indicator_uploads SET state = $1, phase = '', error = $2, data = $3, updated_at = $4
			WHERE user_id = $5 AND state IN ($6, $7)`, string(needs.UploadFailed), indicatorUploadsDeletedAccount, []byte{}, s.stamp(), userID,
			string(needs.UploadPreviewed), string(needs.UploadQueued)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE indicator_uploads SET user_name = $1 WHERE user_id = $2", DeletedAccountName, userID)
		return err
	})
}
