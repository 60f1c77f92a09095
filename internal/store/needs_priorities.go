package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/validation"
)

// Audited needs entities (registered in auditlog.go).
const (
	entPriorityNote        = "priority_note"
	entPriorityPublication = "priority_publication"
)

// PriorityNote is an analyst's pin and note on one indicator of an area's
// priorities.
type PriorityNote struct {
	ID          int64  `json:"id"`
	AreaCode    string `json:"area_code"`
	IndicatorID int    `json:"indicator_id"`
	Pinned      bool   `json:"pinned"`
	Note        string `json:"note"`
	UpdatedAt   string `json:"updated_at"`
}

// MaxPriorityNote bounds a note's length.
const MaxPriorityNote = 2000

// SetPriorityNote pins or unpins an indicator for an area and sets its note.
func (s *Store) SetPriorityNote(ctx context.Context, by Actor, n PriorityNote) (PriorityNote, error) {
	var errs validation.Errors
	n.Note = strings.TrimSpace(n.Note)
	errs.MaxLen("note", n.Note, "Note", MaxPriorityNote)
	if n.IndicatorID <= 0 {
		errs.Add("indicator_id", "Choose an indicator")
	}
	if err := errs.Err(); err != nil {
		return PriorityNote{}, err
	}
	pinned := 0
	if n.Pinned {
		pinned = 1
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM needs_priorities WHERE area_code = $1 AND indicator_id = $2`, n.AreaCode, n.IndicatorID).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.QueryRowContext(ctx, `INSERT INTO needs_priorities (area_code, indicator_id, pinned, note, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, n.AreaCode, n.IndicatorID, pinned, n.Note, by.UserID, now).Scan(&id); err != nil {
				return err
			}
			n.ID, n.UpdatedAt = id, now
			return s.recordChange(ctx, tx, by, audit.ActionCreate, entPriorityNote, idText(id), nil)
		case err != nil:
			return err
		}
		before, err := s.image(ctx, tx, entPriorityNote, idText(id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE needs_priorities SET pinned = $1, note = $2, updated_by = $3, updated_at = $4 WHERE id = $5`,
			pinned, n.Note, by.UserID, now, id); err != nil {
			return err
		}
		n.ID, n.UpdatedAt = id, now
		return s.recordChange(ctx, tx, by, audit.ActionUpdate, entPriorityNote, idText(id), before)
	})
	if err != nil {
		return PriorityNote{}, err
	}
	return n, nil
}

// PriorityNotes returns an area's pins and notes by indicator.
func (s *Store) PriorityNotes(ctx context.Context, areaCode string) (map[int]PriorityNote, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, area_code, indicator_id, pinned, note, updated_at FROM needs_priorities WHERE area_code = $1`, areaCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]PriorityNote{}
	for rows.Next() {
		var n PriorityNote
		var pinned int64
		if err := rows.Scan(&n.ID, &n.AreaCode, &n.IndicatorID, &pinned, &n.Note, &n.UpdatedAt); err != nil {
			return nil, err
		}
		n.Pinned = pinned != 0
		out[n.IndicatorID] = n
	}
	return out, rows.Err()
}

// PriorityPublication is a ranking as published, frozen.
type PriorityPublication struct {
	ID          int64  `json:"id"`
	AreaCode    string `json:"area_code"`
	Title       string `json:"title"`
	Ranking     string `json:"ranking"` // JSON, as the caller gave it
	PublishedBy int64  `json:"published_by"`
	PublishedAt string `json:"published_at"`
}

// PublishPriorities stores a ranking as published.
func (s *Store) PublishPriorities(ctx context.Context, by Actor, p PriorityPublication) (PriorityPublication, error) {
	var errs validation.Errors
	p.Title = strings.TrimSpace(p.Title)
	if errs.Required("title", p.Title, "Title") {
		errs.MaxLen("title", p.Title, "Title", 200)
	}
	if err := errs.Err(); err != nil {
		return PriorityPublication{}, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		p.PublishedAt, p.PublishedBy = s.stamp(), by.UserID
		if err := tx.QueryRowContext(ctx, `INSERT INTO needs_priority_publications (area_code, title, ranking, published_by, published_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, p.AreaCode, p.Title, p.Ranking, p.PublishedBy, p.PublishedAt).Scan(&p.ID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entPriorityPublication, idText(p.ID), nil)
	})
	if err != nil {
		return PriorityPublication{}, err
	}
	return p, nil
}

// LatestPriorityPublication returns an area's most recent published
// ranking, or ErrNotFound.
func (s *Store) LatestPriorityPublication(ctx context.Context, areaCode string) (PriorityPublication, error) {
	var p PriorityPublication
	err := s.db.QueryRowContext(ctx, `SELECT id, area_code, title, ranking, published_by, published_at FROM needs_priority_publications
		WHERE area_code = $1 ORDER BY id DESC LIMIT 1`, areaCode).Scan(&p.ID, &p.AreaCode, &p.Title, &p.Ranking, &p.PublishedBy, &p.PublishedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}
