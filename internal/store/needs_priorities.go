package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/needs"
)

// Audited needs entities (registered in auditlog.go).
const (
	entPriorityNote        = "priority_note"
	entPriorityPublication = "priority_publication"
)

// SetPriorityNote pins or unpins an indicator for an area and sets its note.
// The note is validated by needs.PriorityNote.Validate.
func (s *Store) SetPriorityNote(ctx context.Context, by Actor, n needs.PriorityNote) (needs.PriorityNote, error) {
	n.Normalize()
	if err := n.Validate(); err != nil {
		return needs.PriorityNote{}, err
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
		return needs.PriorityNote{}, fmt.Errorf("store: set priority note: %w", err)
	}
	return n, nil
}

// PriorityNotes returns an area's pins and notes by indicator.
func (s *Store) PriorityNotes(ctx context.Context, areaCode string) (map[int]needs.PriorityNote, error) {
	out, err := s.priorityNotes(ctx, areaCode)
	if err != nil {
		return nil, fmt.Errorf("store: priority notes: %w", err)
	}
	return out, nil
}

func (s *Store) priorityNotes(ctx context.Context, areaCode string) (map[int]needs.PriorityNote, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, area_code, indicator_id, pinned, note, updated_at FROM needs_priorities WHERE area_code = $1`, areaCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]needs.PriorityNote{}
	for rows.Next() {
		var n needs.PriorityNote
		var pinned int64
		if err := rows.Scan(&n.ID, &n.AreaCode, &n.IndicatorID, &pinned, &n.Note, &n.UpdatedAt); err != nil {
			return nil, err
		}
		n.Pinned = pinned != 0
		out[n.IndicatorID] = n
	}
	return out, rows.Err()
}

// PublishPriorities stores a ranking as published.
// The title is validated by needs.PriorityPublication.Validate.
func (s *Store) PublishPriorities(ctx context.Context, by Actor, p needs.PriorityPublication) (needs.PriorityPublication, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return needs.PriorityPublication{}, err
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
		return needs.PriorityPublication{}, fmt.Errorf("store: publish priorities: %w", err)
	}
	return p, nil
}

// LatestPriorityPublication returns an area's most recent published
// ranking, or ErrNotFound.
func (s *Store) LatestPriorityPublication(ctx context.Context, areaCode string) (needs.PriorityPublication, error) {
	var p needs.PriorityPublication
	err := s.db.QueryRowContext(ctx, `SELECT id, area_code, title, ranking, published_by, published_at FROM needs_priority_publications
		WHERE area_code = $1 ORDER BY id DESC LIMIT 1`, areaCode).Scan(&p.ID, &p.AreaCode, &p.Title, &p.Ranking, &p.PublishedBy, &p.PublishedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: latest priority publication: %w", err)
	}
	return p, nil
}
