package store

// Uploaded indicator files and their import's progress (indicator_uploads,
// migration 01001 in the needs range): kept in the database so that every
// server sharing it can confirm, run and show an upload.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/needs"
)

const uploadCols = `token, user_id, user_name, file_name, format, mapping, coverage, size, summary, preview, state, phase, rows_done, rows_total, attempts, result, error, created_at, updated_at`

// CreateIndicatorUpload keeps a previewed file, unless it would exceed the
// limits: lim.PendingPerUser previewed, queued or running uploads for its
// user, or lim.PendingBytes for all pending uploads together (a
// *needs.LimitError says which). Previewed uploads older than
// lim.PreviewTTL are deleted first.
func (s *Store) CreateIndicatorUpload(ctx context.Context, up needs.Upload, data []byte, lim needs.UploadLimits) error {
	summary, err := json.Marshal(up.Summary)
	if err != nil {
		return fmt.Errorf("store: create indicator upload: %w", err)
	}
	coverage := ""
	if up.Coverage != nil {
		b, err := json.Marshal(up.Coverage)
		if err != nil {
			return fmt.Errorf("store: create indicator upload: coverage: %w", err)
		}
		coverage = string(b)
	}
	preview, err := encodePreview(up.Preview)
	if err != nil {
		return fmt.Errorf("store: create indicator upload: %w", err)
	}
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if lim.PreviewTTL > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_uploads WHERE state = $1 AND created_at < $2`,
				string(needs.UploadPreviewed), stampOf(now.Add(-lim.PreviewTTL))); err != nil {
				return err
			}
		}
		pending := []any{string(needs.UploadPreviewed), string(needs.UploadQueued), string(needs.UploadRunning)}
		var mine int64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_uploads WHERE user_id = $1 AND state IN ($2, $3, $4)`,
			append([]any{up.UserID}, pending...)...).Scan(&mine); err != nil {
			return err
		}
		if lim.PendingPerUser > 0 && mine >= int64(lim.PendingPerUser) {
			return &needs.LimitError{What: "uploads waiting for you", Limit: int64(lim.PendingPerUser), Have: mine}
		}
		var bytes int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(size), 0) FROM indicator_uploads WHERE state IN ($1, $2, $3)`, pending...).Scan(&bytes); err != nil {
			return err
		}
		if lim.PendingBytes > 0 && bytes+int64(len(data)) > lim.PendingBytes {
			return &needs.LimitError{What: "bytes waiting in all uploads", Limit: lim.PendingBytes, Have: bytes}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO indicator_uploads (token, user_id, user_name, file_name, format, mapping, data, size, summary, preview,
			state, phase, rows_done, rows_total, attempts, result, error, created_at, updated_at, coverage)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', 0, $12, 0, '', '', $13, $13, $14)`,
			up.Token, up.UserID, up.UserName, up.FileName, string(up.Format), up.Mapping, data, int64(len(data)), string(summary), preview,
			string(needs.UploadPreviewed), int64(up.Summary.Rows), stampOf(now), coverage)
		return err
	})
	if err != nil {
		var le *needs.LimitError
		if errors.As(err, &le) {
			return le
		}
		return fmt.Errorf("store: create indicator upload: %w", err)
	}
	return nil
}

// encodePreview keeps the preview's points as base64 gob: they hold NaN
// for missing values, which JSON cannot carry.
func encodePreview(pts []needs.DataPoint) (string, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(pts); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b.Bytes()), nil
}

func decodePreview(s string) ([]needs.DataPoint, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	var pts []needs.DataPoint
	err = gob.NewDecoder(bytes.NewReader(raw)).Decode(&pts)
	return pts, err
}

func stampOf(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// IndicatorUpload reads an upload without its file.
func (s *Store) IndicatorUpload(ctx context.Context, token string) (needs.Upload, error) {
	var up needs.Upload
	var format, coverage, state, summary, preview, result, created, updated string
	err := s.db.QueryRowContext(ctx, `SELECT `+uploadCols+` FROM indicator_uploads WHERE token = $1`, token).Scan(
		&up.Token, &up.UserID, &up.UserName, &up.FileName, &format, &up.Mapping, &coverage, &up.Size, &summary, &preview, &state, &up.Phase,
		&up.RowsDone, &up.RowsTotal, &up.Attempts, &result, &up.Error, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return needs.Upload{}, ErrNotFound
	}
	if err != nil {
		return needs.Upload{}, fmt.Errorf("store: get indicator upload: %w", err)
	}
	up.Format, up.State = needs.Format(format), needs.UploadState(state)
	if coverage != "" {
		up.Coverage = &needs.AreaCoverage{}
		if err := json.Unmarshal([]byte(coverage), up.Coverage); err != nil {
			return needs.Upload{}, fmt.Errorf("store: get indicator upload: coverage: %w", err)
		}
	}
	if err := json.Unmarshal([]byte(summary), &up.Summary); err != nil {
		return needs.Upload{}, fmt.Errorf("store: get indicator upload: summary: %w", err)
	}
	if up.Preview, err = decodePreview(preview); err != nil {
		return needs.Upload{}, fmt.Errorf("store: get indicator upload: preview: %w", err)
	}
	if result != "" {
		up.Result = &needs.Import{}
		if err := json.Unmarshal([]byte(result), up.Result); err != nil {
			return needs.Upload{}, fmt.Errorf("store: get indicator upload: result: %w", err)
		}
	}
	up.CreatedAt, _ = time.Parse("2006-01-02T15:04:05.000000Z", created)
	up.UpdatedAt, _ = time.Parse("2006-01-02T15:04:05.000000Z", updated)
	return up, nil
}

// IndicatorUploadData reads an upload's file.
func (s *Store) IndicatorUploadData(ctx context.Context, token string) ([]byte, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM indicator_uploads WHERE token = $1`, token).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: get indicator upload data: %w", err)
	}
	return data, nil
}

// QueueIndicatorUpload moves a previewed upload of userID to queued,
// reporting false when it was not previewed (already confirmed) or is not
// theirs.
func (s *Store) QueueIndicatorUpload(ctx context.Context, token string, userID int64) (bool, error) {
	return s.moveUpload(ctx, "queue indicator upload", `UPDATE indicator_uploads SET state = $1, phase = '', updated_at = $2
		WHERE token = $3 AND user_id = $4 AND state = $5`, string(needs.UploadQueued), s.stamp(), token, userID, string(needs.UploadPreviewed))
}

// StartIndicatorUpload marks a queued (or interrupted running) upload as
// running and counts the attempt; false when it has already finished.
func (s *Store) StartIndicatorUpload(ctx context.Context, token string) (bool, error) {
	return s.moveUpload(ctx, "start indicator upload", `UPDATE indicator_uploads SET state = $1, phase = $2, rows_done = 0, error = '', attempts = attempts + 1, updated_at = $3
		WHERE token = $4 AND state IN ($5, $6)`, string(needs.UploadRunning), needs.PhaseStaging, s.stamp(), token, string(needs.UploadQueued), string(needs.UploadRunning))
}

// RequeueIndicatorUpload puts a running upload back in the queue with a
// note saying why (its job will be retried).
func (s *Store) RequeueIndicatorUpload(ctx context.Context, token, why string) error {
	_, err := s.moveUpload(ctx, "requeue indicator upload", `UPDATE indicator_uploads SET state = $1, phase = $2, updated_at = $3 WHERE token = $4 AND state = $5`,
		string(needs.UploadQueued), why, s.stamp(), token, string(needs.UploadRunning))
	return err
}

// SetIndicatorUploadProgress records a running import's phase and rows done.
func (s *Store) SetIndicatorUploadProgress(ctx context.Context, token, phase string, rows int) error {
	_, err := s.moveUpload(ctx, "set indicator upload progress", `UPDATE indicator_uploads SET phase = $1, rows_done = $2, updated_at = $3 WHERE token = $4 AND state = $5`,
		phase, int64(rows), s.stamp(), token, string(needs.UploadRunning))
	return err
}

// FinishIndicatorUpload records an import's outcome: its result, or the
// message saying why it failed. The file is dropped either way.
func (s *Store) FinishIndicatorUpload(ctx context.Context, token string, res *needs.Import, failure string) error {
	state, result := needs.UploadFailed, ""
	rows := int64(0)
	if res != nil {
		raw, err := json.Marshal(res)
		if err != nil {
			return fmt.Errorf("store: finish indicator upload: %w", err)
		}
		state, result, rows = needs.UploadDone, string(raw), int64(res.Rows+res.Skipped)
	}
	query := `UPDATE indicator_uploads SET state = $1, phase = '', result = $2, error = $3, data = $4, updated_at = $5 WHERE token = $6`
	args := []any{string(state), result, failure, []byte{}, s.stamp(), token}
	if res != nil {
		query = strings.Replace(query, "updated_at = $5", "updated_at = $5, rows_done = $7", 1)
		args = append(args, rows)
	}
	_, err := s.moveUpload(ctx, "finish indicator upload", query, args...)
	return err
}

func (s *Store) moveUpload(ctx context.Context, op, query string, args ...any) (bool, error) {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("store: %s: %w", op, busy(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: %s: %w", op, err)
	}
	return n > 0, nil
}

// ImportUpload imports an upload's parsed points as its uploader (see
// ImportIndicatorsStaged), reporting progress.
func (s *Store) ImportUpload(ctx context.Context, up needs.Upload, cat *needs.Catalogue, parse func(emit needs.Emit) (needs.Summary, error),
	progress func(phase string, rows int)) (needs.Import, error) {
	return s.ImportIndicatorsStaged(ctx, Actor{UserID: up.UserID, Name: up.UserName}, IndicatorImportFile{Format: up.Format, FileName: up.FileName},
		cat, parse, ImportOptions{Progress: progress})
}
