package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/voice"
)

// Audited Voice entities (registered in auditlog.go).
const (
	entVoiceProcess      = "voice_process"
	entVoiceConsultation = "voice_consultation"
)

// ProcessFilter selects processes; zero fields match everything.
type ProcessFilter struct {
	PartnershipID int64
	AreaCode      string
}

// checkProcess validates p and fills its area from the partnership when
// it names none.
func (s *Store) checkProcess(ctx context.Context, q querier, p *voice.Process) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	pt, err := getPartnership(ctx, q, p.PartnershipID)
	if errors.Is(err, ErrNotFound) {
		return fieldErr("partnership_id", fmt.Sprintf("Partnership %d does not exist", p.PartnershipID))
	} else if err != nil {
		return err
	}
	if p.AreaCode == "" {
		p.AreaType, p.AreaCode = string(pt.AreaType), pt.AreaCode
	}
	if p.AreaType == "" {
		var t string
		err := q.QueryRowContext(ctx, "SELECT type FROM areas WHERE code = $1 ORDER BY type LIMIT 1", p.AreaCode).Scan(&t)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("area_code", fmt.Sprintf("Area code %s is not a known area", p.AreaCode))
		} else if err != nil {
			return err
		}
		p.AreaType = t
	}
	ok, err := areaExists(ctx, q, places.AreaType(p.AreaType), p.AreaCode)
	if err != nil {
		return err
	}
	if !ok {
		return fieldErr("area_code", fmt.Sprintf("Area code %s is not a known %s area", p.AreaCode, p.AreaType))
	}
	return nil
}

// CreateProcess validates p (partnership and area exist; the area is the
// partnership's when none is given) and stores it with its phases.
func (s *Store) CreateProcess(ctx context.Context, by Actor, p voice.Process) (_ voice.Process, err error) {
	defer wrapOp(&err, "create process")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkProcess(ctx, tx, &p); err != nil {
			return err
		}
		now := s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO voice_processes (partnership_id, area_type, area_code, title, summary, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, p.PartnershipID, p.AreaType, p.AreaCode, p.Title, p.Summary, now).Scan(&p.ID); err != nil {
			return err
		}
		if err := writePhases(ctx, tx, p.ID, p.Phases); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entVoiceProcess, idText(p.ID), nil)
	})
	if err != nil {
		return voice.Process{}, err
	}
	return s.Process(ctx, p.ID)
}

// UpdateProcess replaces a process's text, area and phases. A phase kind
// kept keeps its ID (and so its record of mail sent).
func (s *Store) UpdateProcess(ctx context.Context, by Actor, p voice.Process) (_ voice.Process, err error) {
	defer wrapOp(&err, "update process")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entVoiceProcess, idText(p.ID))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if err := s.checkProcess(ctx, tx, &p); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE voice_processes SET partnership_id = $1, area_type = $2, area_code = $3, title = $4, summary = $5, updated_at = $6
			WHERE id = $7`, p.PartnershipID, p.AreaType, p.AreaCode, p.Title, p.Summary, s.stamp(), p.ID); err != nil {
			return err
		}
		if err := writePhases(ctx, tx, p.ID, p.Phases); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionUpdate, entVoiceProcess, idText(p.ID), before)
	})
	if err != nil {
		return voice.Process{}, err
	}
	return s.Process(ctx, p.ID)
}

// writePhases makes the process's phases exactly ph: kinds no longer
// there go, kinds kept are updated in place, new kinds are added.
func writePhases(ctx context.Context, tx *sql.Tx, processID int64, ph []voice.Phase) error {
	keep := map[voice.PhaseKind]bool{}
	for _, x := range ph {
		keep[x.Kind] = true
		res, err := tx.ExecContext(ctx, `UPDATE voice_phases SET starts_on = $1, ends_on = $2, description = $3 WHERE process_id = $4 AND kind = $5`,
			x.Starts, x.Ends, x.Description, processID, string(x.Kind))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n > 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO voice_phases (process_id, kind, starts_on, ends_on, description) VALUES ($1, $2, $3, $4, $5)`,
			processID, string(x.Kind), x.Starts, x.Ends, x.Description); err != nil {
			return err
		}
	}
	for _, k := range voice.PhaseKinds {
		if !keep[k] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM voice_phases WHERE process_id = $1 AND kind = $2`, processID, string(k)); err != nil {
				return err
			}
		}
	}
	return nil
}

const processCols = "id, partnership_id, area_type, area_code, title, summary, created_at, updated_at"

func scanProcesses(rows *sql.Rows) ([]voice.Process, error) {
	defer rows.Close()
	out := []voice.Process{}
	for rows.Next() {
		var p voice.Process
		if err := rows.Scan(&p.ID, &p.PartnershipID, &p.AreaType, &p.AreaCode, &p.Title, &p.Summary, &p.CreatedAt, &p.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Process returns one process with its phases, or ErrNotFound. It
// satisfies voice.ProcessReader.
func (s *Store) Process(ctx context.Context, id int64) (_ voice.Process, err error) {
	defer wrapOp(&err, "get process")
	rows, err := s.db.QueryContext(ctx, "SELECT "+processCols+" FROM voice_processes WHERE id = $1", id)
	if err != nil {
		return voice.Process{}, err
	}
	ps, err := scanProcesses(rows)
	if err != nil {
		return voice.Process{}, err
	}
	if len(ps) == 0 {
		return voice.Process{}, ErrNotFound
	}
	if err := s.attachPhases(ctx, ps); err != nil {
		return voice.Process{}, err
	}
	return ps[0], nil
}

var _ voice.ProcessReader = (*Store)(nil)

// ListProcesses returns the processes f selects, newest first, with their
// phases.
func (s *Store) ListProcesses(ctx context.Context, f ProcessFilter) (_ []voice.Process, err error) {
	defer wrapOp(&err, "list processes")
	q, args := "SELECT "+processCols+" FROM voice_processes WHERE 1=1", []any{}
	if f.PartnershipID != 0 {
		args = append(args, f.PartnershipID)
		q += fmt.Sprintf(" AND partnership_id = $%d", len(args))
	}
	if f.AreaCode != "" {
		args = append(args, f.AreaCode)
		q += fmt.Sprintf(" AND area_code = $%d", len(args))
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY id DESC", args...)
	if err != nil {
		return nil, err
	}
	ps, err := scanProcesses(rows)
	if err != nil {
		return nil, err
	}
	return ps, s.attachPhases(ctx, ps)
}

func (s *Store) attachPhases(ctx context.Context, ps []voice.Process) error {
	if len(ps) == 0 {
		return nil
	}
	idx := map[int64]int{}
	for i, p := range ps {
		idx[p.ID] = i
		ps[i].Phases = []voice.Phase{}
	}
	q := "SELECT id, process_id, kind, starts_on, ends_on, description FROM voice_phases"
	var args []any
	if len(ps) == 1 {
		q, args = q+" WHERE process_id = $1", []any{ps[0].ID}
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY process_id, starts_on, id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ph voice.Phase
		var kind string
		if err := rows.Scan(&ph.ID, &ph.ProcessID, &kind, &ph.Starts, &ph.Ends, &ph.Description); err != nil {
			return err
		}
		ph.Kind = voice.PhaseKind(kind)
		if i, ok := idx[ph.ProcessID]; ok {
			ps[i].Phases = append(ps[i].Phases, ph)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range ps {
		voice.SortPhases(ps[i].Phases)
	}
	return nil
}

// VoiceToday is the calendar day in England by the store's clock: the day
// Voice judges phases and closing dates by.
func (s *Store) VoiceToday() string { return voice.Day(s.now()) }

// SetVoiceClock sets the store's clock (which also stamps rows), so tests
// and demonstrations pick the day Voice sees. Call it before serving.
func (s *Store) SetVoiceClock(now func() time.Time) { s.now = now }
