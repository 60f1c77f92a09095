package store

import (
	"context"
	"database/sql"
	"errors"

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

// Followers lists the enabled accounts that follow a process.
func (s *Store) Followers(ctx context.Context, processID int64) (_ []voice.Follower, err error) {
	defer wrapOp(&err, "followers")
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, u.email FROM voice_follows f JOIN users u ON u.id = f.user_id
		WHERE f.process_id = $1 AND u.disabled = $2 ORDER BY u.id`, processID, false)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []voice.Follower{}
	for rows.Next() {
		var f voice.Follower
		if err := rows.Scan(&f.UserID, &f.Name, &f.Email); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// PhasesToAnnounce lists the phases open on day whose followers have not
// been told, with their processes and followers.
func (s *Store) PhasesToAnnounce(ctx context.Context, day string) (_ []voice.PhaseDue, err error) {
	defer wrapOp(&err, "phases to announce")
	rows, err := s.db.QueryContext(ctx, `SELECT ph.id, ph.process_id FROM voice_phases ph
		WHERE ph.starts_on <= $1 AND ph.ends_on >= $1 AND NOT EXISTS (SELECT 1 FROM voice_phase_notices n WHERE n.phase_id = ph.id) ORDER BY ph.id`, day)
	if err != nil {
		return nil, err
	}
	type due struct{ phase, process int64 }
	var todo []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.phase, &d.process); err != nil {
			rows.Close()
			return nil, err
		}
		todo = append(todo, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []voice.PhaseDue{}
	for _, d := range todo {
		p, err := s.Process(ctx, d.process)
		if err != nil {
			return nil, err
		}
		x := voice.PhaseDue{Process: p}
		for _, ph := range p.Phases {
			if ph.ID == d.phase {
				x.Phase = ph
			}
		}
		if x.Followers, err = s.Followers(ctx, d.process); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// ClaimPhaseNotice records that a phase's followers are being told; false
// when it was claimed already (by another run or server).
func (s *Store) ClaimPhaseNotice(ctx context.Context, phaseID int64, followers int) (_ bool, err error) {
	defer wrapOp(&err, "claim phase notice")
	res, err := s.db.ExecContext(ctx, `INSERT INTO voice_phase_notices (phase_id, sent_at, followers) VALUES ($1, $2, $3)
		ON CONFLICT (phase_id) DO NOTHING`, phaseID, s.stamp(), followers)
	if err != nil {
		return false, busy(err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleasePhaseNotice undoes a claim whose notices could not be queued.
func (s *Store) ReleasePhaseNotice(ctx context.Context, phaseID int64) (err error) {
	defer wrapOp(&err, "release phase notice")
	_, err = s.db.ExecContext(ctx, "DELETE FROM voice_phase_notices WHERE phase_id = $1", phaseID)
	return busy(err)
}

var _ voice.PhaseNoticeStore = (*Store)(nil)
