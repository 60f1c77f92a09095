package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/voice"
)

// Audited Voice entities for themes and "you said, we did" links.
const (
	entVoiceTheme = "voice_theme"
	entVoiceLink  = "voice_yswd_link"
)

// CreateTheme adds a theme to a consultation (names are unique within
// one: a field error on name).
func (s *Store) CreateTheme(ctx context.Context, by Actor, t voice.Theme) (_ voice.Theme, err error) {
	defer wrapOp(&err, "create theme")
	t.Normalize()
	if err := t.Validate(); err != nil {
		return voice.Theme{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM voice_consultations WHERE id = $1", t.ConsultationID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return fieldErr("consultation_id", fmt.Sprintf("Consultation %d does not exist", t.ConsultationID))
		} else if err != nil {
			return err
		}
		t.CreatedAt = s.stamp()
		err := tx.QueryRowContext(ctx, `INSERT INTO voice_themes (consultation_id, name, description, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			t.ConsultationID, t.Name, t.Description, t.CreatedAt).Scan(&t.ID)
		if isUniqueViolation(err) {
			return fieldErr("name", "The consultation already has a theme called "+t.Name)
		} else if err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entVoiceTheme, idText(t.ID), nil)
	})
	if err != nil {
		return voice.Theme{}, err
	}
	return t, nil
}

// Theme returns one theme or ErrNotFound.
func (s *Store) Theme(ctx context.Context, id int64) (_ voice.Theme, err error) {
	defer wrapOp(&err, "get theme")
	ts, err := s.themesWhere(ctx, "id = $1", id)
	if err != nil {
		return voice.Theme{}, err
	}
	if len(ts) == 0 {
		return voice.Theme{}, ErrNotFound
	}
	return ts[0], nil
}

// Themes lists a consultation's themes by name.
func (s *Store) Themes(ctx context.Context, consultationID int64) (_ []voice.Theme, err error) {
	defer wrapOp(&err, "list themes")
	return s.themesWhere(ctx, "consultation_id = $1", consultationID)
}

func (s *Store) themesWhere(ctx context.Context, where string, args ...any) ([]voice.Theme, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, consultation_id, name, description, created_at FROM voice_themes WHERE "+where+" ORDER BY name, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []voice.Theme{}
	for rows.Next() {
		var t voice.Theme
		if err := rows.Scan(&t.ID, &t.ConsultationID, &t.Name, &t.Description, &t.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteTheme removes a theme, its tags and its links.
func (s *Store) DeleteTheme(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "delete theme")
	return s.tx(ctx, func(tx *sql.Tx) error {
		links, err := idsOf(ctx, tx, "SELECT id FROM voice_yswd_links WHERE subject_kind = $1 AND subject_id = $2", string(voice.SubjectTheme), id)
		if err != nil {
			return err
		}
		for _, l := range links {
			if err := s.deleteAudited(ctx, tx, by, entVoiceLink, l); err != nil {
				return err
			}
		}
		return s.deleteAudited(ctx, tx, by, entVoiceTheme, id)
	})
}

// TagAnswer tags a free-text answer with a theme of the same
// consultation (tagging twice is no change).
func (s *Store) TagAnswer(ctx context.Context, tag voice.ThemeTag) (err error) {
	defer wrapOp(&err, "tag answer")
	return s.tx(ctx, func(tx *sql.Tx) error {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT q.kind FROM voice_themes t JOIN voice_responses r ON r.consultation_id = t.consultation_id
			JOIN voice_answers a ON a.response_id = r.id JOIN voice_questions q ON q.id = a.question_id
			WHERE t.id = $1 AND r.id = $2 AND q.id = $3`, tag.ThemeID, tag.ResponseID, tag.QuestionID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("theme_id", "The theme and the answer must belong to the same consultation")
		} else if err != nil {
			return err
		}
		if voice.QuestionKind(kind) != voice.QuestionText {
			return fieldErr("question_id", "Only free-text answers take themes")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO voice_theme_tags (theme_id, response_id, question_id) VALUES ($1, $2, $3)
			ON CONFLICT (theme_id, response_id, question_id) DO NOTHING`, tag.ThemeID, tag.ResponseID, tag.QuestionID)
		return err
	})
}

// UntagAnswer removes a tag.
func (s *Store) UntagAnswer(ctx context.Context, tag voice.ThemeTag) (err error) {
	defer wrapOp(&err, "untag answer")
	_, err = s.db.ExecContext(ctx, "DELETE FROM voice_theme_tags WHERE theme_id = $1 AND response_id = $2 AND question_id = $3", tag.ThemeID, tag.ResponseID, tag.QuestionID)
	return busy(err)
}

// ThemeTags lists the tags on a consultation's answers.
func (s *Store) ThemeTags(ctx context.Context, consultationID int64) (_ []voice.ThemeTag, err error) {
	defer wrapOp(&err, "theme tags")
	rows, err := s.db.QueryContext(ctx, `SELECT g.theme_id, g.response_id, g.question_id FROM voice_theme_tags g JOIN voice_themes t ON t.id = g.theme_id
		WHERE t.consultation_id = $1 ORDER BY g.response_id, g.question_id, g.theme_id`, consultationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []voice.ThemeTag{}
	for rows.Next() {
		var g voice.ThemeTag
		if err := rows.Scan(&g.ThemeID, &g.ResponseID, &g.QuestionID); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// AddLink records what a theme (or proposal) led to. A decision must
// exist and belong to the partnership that ran the consultation; schemes
// and plan priorities are checked by their modules when they arrive.
func (s *Store) AddLink(ctx context.Context, by Actor, l voice.Link) (_ voice.Link, err error) {
	defer wrapOp(&err, "add you said we did link")
	l.Normalize()
	if err := l.Validate(); err != nil {
		return voice.Link{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var partnershipID int64
		switch l.SubjectKind {
		case voice.SubjectTheme:
			err := tx.QueryRowContext(ctx, `SELECT p.partnership_id FROM voice_themes t JOIN voice_consultations c ON c.id = t.consultation_id
				JOIN voice_processes p ON p.id = c.process_id WHERE t.id = $1`, l.SubjectID).Scan(&partnershipID)
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("subject_id", fmt.Sprintf("Theme %d does not exist", l.SubjectID))
			} else if err != nil {
				return err
			}
		default:
			partnershipID = 0 // proposals: checked by the proposals store
		}
		if l.TargetKind == voice.TargetDecision {
			var dp int64
			err := tx.QueryRowContext(ctx, "SELECT partnership_id FROM decisions WHERE id = $1", l.TargetID).Scan(&dp)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && partnershipID != 0 && dp != partnershipID) {
				return fieldErr("target_id", fmt.Sprintf("Decision %d is not a decision of this partnership's board", l.TargetID))
			} else if err != nil {
				return err
			}
		}
		l.CreatedBy, l.CreatedAt = by.UserID, s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO voice_yswd_links (subject_kind, subject_id, target_kind, target_id, reason, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, string(l.SubjectKind), l.SubjectID, string(l.TargetKind), nullID(l.TargetID), l.Reason,
			l.CreatedBy, l.CreatedAt).Scan(&l.ID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entVoiceLink, idText(l.ID), nil)
	})
	if err != nil {
		return voice.Link{}, err
	}
	return l, nil
}

// DeleteLink removes a "you said, we did" link.
func (s *Store) DeleteLink(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "delete you said we did link")
	return s.tx(ctx, func(tx *sql.Tx) error { return s.deleteAudited(ctx, tx, by, entVoiceLink, id) })
}

// ThemeLinks returns the links of a consultation's themes, by theme, with
// each decision's text and date.
func (s *Store) ThemeLinks(ctx context.Context, consultationID int64) (_ map[int64][]voice.YSWDTarget, err error) {
	defer wrapOp(&err, "theme links")
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, l.subject_kind, l.subject_id, l.target_kind, COALESCE(l.target_id, 0), l.reason, l.created_at,
			COALESCE(d.text, ''), COALESCE(d.date, ''), COALESCE(d.partnership_id, 0)
		FROM voice_yswd_links l JOIN voice_themes t ON t.id = l.subject_id
		LEFT JOIN decisions d ON l.target_kind = 'decision' AND d.id = l.target_id
		WHERE l.subject_kind = 'theme' AND t.consultation_id = $1 ORDER BY l.subject_id, l.id`, consultationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]voice.YSWDTarget{}
	for rows.Next() {
		var x voice.YSWDTarget
		var sk, tk string
		var pid int64
		if err := rows.Scan(&x.Link.ID, &sk, &x.Link.SubjectID, &tk, &x.Link.TargetID, &x.Link.Reason, &x.Link.CreatedAt, &x.Title, &x.Date, &pid); err != nil {
			return nil, err
		}
		x.Link.SubjectKind, x.Link.TargetKind = voice.SubjectKind(sk), voice.TargetKind(tk)
		if x.Link.TargetKind == voice.TargetDecision {
			x.URL = fmt.Sprintf("/partnerships/%d/decisions/%d", pid, x.Link.TargetID)
		}
		out[x.Link.SubjectID] = append(out[x.Link.SubjectID], x)
	}
	return out, rows.Err()
}

// OrphanTheme is a theme with no "you said, we did" answer yet.
type OrphanTheme struct {
	voice.Theme
	ConsultationTitle string `json:"consultation_title"`
	PartnershipID     int64  `json:"partnership_id"`
}

// OrphanThemes lists the themes with no link yet, for one partnership (0:
// all), by consultation and name.
func (s *Store) OrphanThemes(ctx context.Context, partnershipID int64) (_ []OrphanTheme, err error) {
	defer wrapOp(&err, "orphan themes")
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.consultation_id, t.name, t.description, t.created_at, c.title, p.partnership_id
		FROM voice_themes t JOIN voice_consultations c ON c.id = t.consultation_id JOIN voice_processes p ON p.id = c.process_id
		WHERE ($1 = 0 OR p.partnership_id = $1)
		  AND NOT EXISTS (SELECT 1 FROM voice_yswd_links l WHERE l.subject_kind = 'theme' AND l.subject_id = t.id)
		ORDER BY t.consultation_id, t.name, t.id`, partnershipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []OrphanTheme{}
	for rows.Next() {
		var o OrphanTheme
		if err := rows.Scan(&o.ID, &o.ConsultationID, &o.Name, &o.Description, &o.CreatedAt, &o.ConsultationTitle, &o.PartnershipID); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
