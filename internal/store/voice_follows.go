package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/voice"
)

// Follow records that a person follows a process (again is no change).
func (s *Store) Follow(ctx context.Context, processID, userID int64) (err error) {
	defer wrapOp(&err, "follow process")
	var one int
	err = s.db.QueryRowContext(ctx, "SELECT 1 FROM voice_processes WHERE id = $1", processID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	} else if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO voice_follows (process_id, user_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (process_id, user_id) DO NOTHING`, processID, userID, s.stamp())
	return busy(err)
}

// Unfollow stops a person following a process.
func (s *Store) Unfollow(ctx context.Context, processID, userID int64) (err error) {
	defer wrapOp(&err, "unfollow process")
	_, err = s.db.ExecContext(ctx, "DELETE FROM voice_follows WHERE process_id = $1 AND user_id = $2", processID, userID)
	return busy(err)
}

// Follows reports whether a person follows a process.
func (s *Store) Follows(ctx context.Context, processID, userID int64) (_ bool, err error) {
	defer wrapOp(&err, "follows process")
	var n int
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM voice_follows WHERE process_id = $1 AND user_id = $2", processID, userID).Scan(&n)
	return n > 0, err
}

// Follower is a person who follows a process, with where to write.
type Follower struct {
	UserID int64
	Name   string
	Email  string
}

// Followers lists the enabled accounts that follow a process.
func (s *Store) Followers(ctx context.Context, processID int64) (_ []Follower, err error) {
	defer wrapOp(&err, "followers")
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, u.email FROM voice_follows f JOIN users u ON u.id = f.user_id
		WHERE f.process_id = $1 AND u.disabled = $2 ORDER BY u.id`, processID, false)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Follower{}
	for rows.Next() {
		var f Follower
		if err := rows.Scan(&f.UserID, &f.Name, &f.Email); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// NotifyPhasesOpened finds each phase that has opened by day and whose
// followers have not been told, builds the notices with build, hands them
// to queue and records the phase as told, all in one transaction per
// phase: a phase is told once however often this runs, and a failure to
// queue leaves it to the next run. It returns the number of notices
// queued.
func (s *Store) NotifyPhasesOpened(ctx context.Context, day string, build func(voice.Process, voice.Phase, []Follower) []voice.Notice,
	queue func(ctx context.Context, tx *sql.Tx, notices []voice.Notice) error) (_ int, err error) {
	defer wrapOp(&err, "notify phases opened")
	rows, err := s.db.QueryContext(ctx, `SELECT ph.id, ph.process_id FROM voice_phases ph
		WHERE ph.starts_on <= $1 AND ph.ends_on >= $1 AND NOT EXISTS (SELECT 1 FROM voice_phase_notices n WHERE n.phase_id = ph.id) ORDER BY ph.id`, day)
	if err != nil {
		return 0, err
	}
	type due struct{ phase, process int64 }
	var todo []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.phase, &d.process); err != nil {
			rows.Close()
			return 0, err
		}
		todo = append(todo, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range todo {
		p, err := s.Process(ctx, d.process)
		if err != nil {
			return sent, err
		}
		var ph voice.Phase
		for _, x := range p.Phases {
			if x.ID == d.phase {
				ph = x
			}
		}
		followers, err := s.Followers(ctx, d.process)
		if err != nil {
			return sent, err
		}
		notices := build(p, ph, followers)
		told := false
		err = s.tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `INSERT INTO voice_phase_notices (phase_id, sent_at, followers) VALUES ($1, $2, $3)
				ON CONFLICT (phase_id) DO NOTHING`, d.phase, s.stamp(), len(notices))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err // another run told this phase already
			}
			told = true
			if len(notices) == 0 {
				return nil
			}
			return queue(ctx, tx, notices)
		})
		if err != nil {
			return sent, fmt.Errorf("phase %d: %w", d.phase, err)
		}
		if told {
			sent += len(notices)
		}
	}
	return sent, nil
}
