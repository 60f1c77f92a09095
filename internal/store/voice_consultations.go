package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/voice"
)

// ConsultationFilter selects consultations; zero fields match all.
type ConsultationFilter struct {
	ProcessID     int64
	PartnershipID int64
	PublishedOnly bool
}

// ConsultationItem is a consultation in a list, with its process's
// partnership and its number of responses.
type ConsultationItem struct {
	voice.Consultation
	PartnershipID int64  `json:"partnership_id"`
	ProcessTitle  string `json:"process_title"`
	AreaCode      string `json:"area_code"`
	Responses     int    `json:"responses"`
}

func (s *Store) checkConsultation(ctx context.Context, q querier, c *voice.Consultation) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	var one int
	err := q.QueryRowContext(ctx, "SELECT 1 FROM voice_processes WHERE id = $1", c.ProcessID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fieldErr("process_id", fmt.Sprintf("Process %d does not exist", c.ProcessID))
	}
	return err
}

// CreateConsultation validates c (its process exists) and stores it with
// its documents and questions.
func (s *Store) CreateConsultation(ctx context.Context, by Actor, c voice.Consultation) (_ voice.Consultation, err error) {
	defer wrapOp(&err, "create consultation")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkConsultation(ctx, tx, &c); err != nil {
			return err
		}
		now := s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO voice_consultations (process_id, title, summary, options_text, opens_on, closes_on, published,
				allow_anonymous, one_per_page, fictional, short_reason, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			c.ProcessID, c.Title, c.Summary, c.Options, c.Opens, c.Closes, c.Published, c.AllowAnonymous, c.OnePerPage, c.Fictional, c.ShortReason, now).Scan(&c.ID); err != nil {
			return err
		}
		if err := writeDocuments(ctx, tx, c.ID, c.Documents); err != nil {
			return err
		}
		if err := writeQuestions(ctx, tx, c.ID, c.Questions); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entVoiceConsultation, idText(c.ID), nil)
	})
	if err != nil {
		return voice.Consultation{}, err
	}
	return s.Consultation(ctx, c.ID)
}

// UpdateConsultation changes a consultation (the page's and the API's
// edit). Its questions can change only while it has no responses
// (voice.CheckQuestionChange: a field error on "questions" then); questions
// left as they were keep their IDs, which responses refer to.
func (s *Store) UpdateConsultation(ctx context.Context, by Actor, c voice.Consultation) (_ voice.Consultation, err error) {
	defer wrapOp(&err, "update consultation")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entVoiceConsultation, idText(c.ID))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if err := s.checkConsultation(ctx, tx, &c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE voice_consultations SET process_id = $1, title = $2, summary = $3, options_text = $4, opens_on = $5,
				closes_on = $6, published = $7, allow_anonymous = $8, one_per_page = $9, fictional = $10, short_reason = $11, updated_at = $12 WHERE id = $13`,
			c.ProcessID, c.Title, c.Summary, c.Options, c.Opens, c.Closes, c.Published, c.AllowAnonymous, c.OnePerPage, c.Fictional, c.ShortReason, s.stamp(), c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM voice_documents WHERE consultation_id = $1", c.ID); err != nil {
			return err
		}
		if err := writeDocuments(ctx, tx, c.ID, c.Documents); err != nil {
			return err
		}
		old, err := questionsOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if !voice.SameQuestions(old, c.Questions) {
			if s.engine == Postgres {
				// A response being saved holds the consultation's row (its
				// foreign key's KEY SHARE lock) until it commits, which
				// FOR UPDATE waits for: the count below then sees it,
				// where without the wait the questions' delete took its
				// answers with them (ON DELETE CASCADE). A response begun
				// after waits for this transaction in turn. Both take the
				// consultation before its questions, so neither waits for
				// the other in a circle. SQLite's transactions take one
				// writer at a time already.
				if _, err := tx.ExecContext(ctx, "SELECT id FROM voice_consultations WHERE id = $1 FOR UPDATE", c.ID); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM voice_responses WHERE consultation_id = $1", c.ID).Scan(&n); err != nil {
				return err
			}
			if err := voice.CheckQuestionChange(n); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM voice_questions WHERE consultation_id = $1", c.ID); err != nil {
				return err
			}
			if err := writeQuestions(ctx, tx, c.ID, c.Questions); err != nil {
				return err
			}
		}
		return s.recordChange(ctx, tx, by, audit.ActionUpdate, entVoiceConsultation, idText(c.ID), before)
	})
	if err != nil {
		return voice.Consultation{}, err
	}
	return s.Consultation(ctx, c.ID)
}

func writeDocuments(ctx context.Context, tx *sql.Tx, id int64, docs []voice.Document) error {
	for i, d := range docs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO voice_documents (consultation_id, position, title, url, format) VALUES ($1, $2, $3, $4, $5)`,
			id, i+1, d.Title, d.URL, d.Format); err != nil {
			return err
		}
	}
	return nil
}

func writeQuestions(ctx context.Context, tx *sql.Tx, id int64, qs []voice.Question) error {
	for _, q := range qs {
		choices, err := json.Marshal(q.Choices)
		if err != nil {
			return err
		}
		if q.Choices == nil {
			choices = []byte("[]")
		}
		var pos, choice any
		if q.ShowIf != nil {
			pos, choice = q.ShowIf.Position, q.ShowIf.Choice
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO voice_questions (consultation_id, position, kind, text, hint, required, choices, show_if_position, show_if_choice)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, q.Position, string(q.Kind), q.Text, q.Hint, q.Required, string(choices), pos, choice); err != nil {
			return err
		}
	}
	return nil
}

func questionsOf(ctx context.Context, q querier, id int64) ([]voice.Question, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, position, kind, text, hint, required, choices, show_if_position, show_if_choice
		FROM voice_questions WHERE consultation_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []voice.Question{}
	for rows.Next() {
		var x voice.Question
		var kind, choices string
		var pos, choice sql.NullInt64
		if err := rows.Scan(&x.ID, &x.Position, &kind, &x.Text, &x.Hint, &x.Required, &choices, &pos, &choice); err != nil {
			return nil, err
		}
		x.Kind = voice.QuestionKind(kind)
		if err := json.Unmarshal([]byte(choices), &x.Choices); err != nil {
			return nil, err
		}
		if len(x.Choices) == 0 {
			x.Choices = nil
		}
		if pos.Valid {
			x.ShowIf = &voice.Condition{Position: int(pos.Int64), Choice: int(choice.Int64)}
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

const consultationCols = `c.id, c.process_id, c.title, c.summary, c.options_text, c.opens_on, c.closes_on, c.published, c.allow_anonymous,
	c.one_per_page, c.fictional, c.short_reason, c.created_at, c.updated_at, p.partnership_id, p.title, p.area_code,
	(SELECT count(*) FROM voice_responses r WHERE r.consultation_id = c.id)`

func scanConsultations(rows *sql.Rows) ([]ConsultationItem, error) {
	defer rows.Close()
	out := []ConsultationItem{}
	for rows.Next() {
		var it ConsultationItem
		c := &it.Consultation
		if err := rows.Scan(&c.ID, &c.ProcessID, &c.Title, &c.Summary, &c.Options, &c.Opens, &c.Closes, &c.Published, &c.AllowAnonymous,
			&c.OnePerPage, &c.Fictional, &c.ShortReason, &c.CreatedAt, &c.UpdatedAt, &it.PartnershipID, &it.ProcessTitle, &it.AreaCode, &it.Responses); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// ConsultationItem returns one consultation (with its documents and
// questions) and its list details, or ErrNotFound.
func (s *Store) ConsultationItem(ctx context.Context, id int64) (_ ConsultationItem, err error) {
	defer wrapOp(&err, "get consultation")
	rows, err := s.db.QueryContext(ctx, "SELECT "+consultationCols+" FROM voice_consultations c JOIN voice_processes p ON p.id = c.process_id WHERE c.id = $1", id)
	if err != nil {
		return ConsultationItem{}, err
	}
	items, err := scanConsultations(rows)
	if err != nil {
		return ConsultationItem{}, err
	}
	if len(items) == 0 {
		return ConsultationItem{}, ErrNotFound
	}
	it := items[0]
	if it.Questions, err = questionsOf(ctx, s.db, id); err != nil {
		return ConsultationItem{}, err
	}
	drows, err := s.db.QueryContext(ctx, "SELECT title, url, format FROM voice_documents WHERE consultation_id = $1 ORDER BY position", id)
	if err != nil {
		return ConsultationItem{}, err
	}
	defer drows.Close()
	it.Documents = []voice.Document{}
	for drows.Next() {
		var d voice.Document
		if err := drows.Scan(&d.Title, &d.URL, &d.Format); err != nil {
			return ConsultationItem{}, err
		}
		it.Documents = append(it.Documents, d)
	}
	return it, drows.Err()
}

// Consultation returns one consultation with its documents and questions,
// or ErrNotFound.
func (s *Store) Consultation(ctx context.Context, id int64) (voice.Consultation, error) {
	it, err := s.ConsultationItem(ctx, id)
	return it.Consultation, err
}

// ListConsultations returns the consultations f selects, newest first,
// without their questions.
func (s *Store) ListConsultations(ctx context.Context, f ConsultationFilter) (_ []ConsultationItem, err error) {
	defer wrapOp(&err, "list consultations")
	q, args := "SELECT "+consultationCols+" FROM voice_consultations c JOIN voice_processes p ON p.id = c.process_id WHERE 1=1", []any{}
	if f.ProcessID != 0 {
		args = append(args, f.ProcessID)
		q += fmt.Sprintf(" AND c.process_id = $%d", len(args))
	}
	if f.PartnershipID != 0 {
		args = append(args, f.PartnershipID)
		q += fmt.Sprintf(" AND p.partnership_id = $%d", len(args))
	}
	if f.PublishedOnly {
		args = append(args, true)
		q += fmt.Sprintf(" AND c.published = $%d", len(args))
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY c.closes_on DESC, c.id DESC", args...)
	if err != nil {
		return nil, err
	}
	return scanConsultations(rows)
}
