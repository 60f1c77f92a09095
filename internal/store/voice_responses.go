package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/voice"
)

// SaveResponse stores a respondent's response (made by
// voice.Consultation.PrepareResponse), replacing their earlier answers:
// the database keeps one response per respondent per consultation, so
// any number of submissions at once leave one row. An organisation's
// response can be changed only by the person who gave it
// (voice.ErrNotRespondent).
func (s *Store) SaveResponse(ctx context.Context, r voice.Response) (_ voice.Response, err error) {
	defer wrapOp(&err, "save response")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		// The update is refused (no row returned) when an organisation's
		// response was given by somebody else.
		err := tx.QueryRowContext(ctx, `INSERT INTO voice_responses (consultation_id, respondent, user_id, org_id, respondent_type, anonymous, fictional,
				lsoa_code, ward_code, district_code, age_band, submitted_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
			ON CONFLICT (consultation_id, respondent) DO UPDATE SET anonymous = excluded.anonymous, lsoa_code = excluded.lsoa_code,
				ward_code = excluded.ward_code, district_code = excluded.district_code, age_band = excluded.age_band, updated_at = excluded.updated_at
			WHERE voice_responses.user_id = excluded.user_id
			RETURNING id, submitted_at`,
			r.ConsultationID, r.Respondent, nullID(r.UserID), nullID(r.OrgID), string(r.Type), r.Anonymous, r.Fictional,
			r.LSOACode, r.WardCode, r.DistrictCode, r.AgeBand, now).Scan(&r.ID, &r.SubmittedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return voice.ErrNotRespondent
		}
		if err != nil {
			return err
		}
		r.UpdatedAt = now
		if err := s.checkAnsweredQuestions(ctx, tx, r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM voice_answers WHERE response_id = $1", r.ID); err != nil {
			return err
		}
		for _, a := range r.Answers {
			choices, err := json.Marshal(a.Choices)
			if err != nil {
				return err
			}
			if a.Choices == nil {
				choices = []byte("[]")
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO voice_answers (response_id, question_id, choices, text) VALUES ($1, $2, $3, $4)",
				r.ID, a.QuestionID, string(choices), a.Text); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return voice.Response{}, err
	}
	return r, nil
}

// checkAnsweredQuestions refuses a response whose questions are no longer
// the consultation's (voice.ErrQuestionsChanged): an edit of its
// questions, allowed only before the first response, committed after the
// response was checked. On PostgreSQL the questions are then held (KEY
// SHARE) until the response commits, so an edit waits for it and sees it
// (UpdateConsultation); SQLite has one writer at a time.
func (s *Store) checkAnsweredQuestions(ctx context.Context, tx *sql.Tx, r voice.Response) error {
	if s.engine == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT id FROM voice_questions WHERE consultation_id = $1 FOR KEY SHARE", r.ConsultationID); err != nil {
			return err
		}
	}
	current, err := questionsOf(ctx, tx, r.ConsultationID)
	if err != nil {
		return err
	}
	if r.Asked != nil && !voice.StillAsked(r.Asked, current) {
		return voice.ErrQuestionsChanged
	}
	ids := map[int64]bool{}
	for _, q := range current {
		ids[q.ID] = true
	}
	for _, a := range r.Answers {
		if !ids[a.QuestionID] {
			return voice.ErrQuestionsChanged
		}
	}
	return nil
}

const responseCols = `id, consultation_id, respondent, COALESCE(user_id, 0), COALESCE(org_id, 0), respondent_type, anonymous, fictional,
	lsoa_code, ward_code, district_code, age_band, submitted_at, updated_at`

func (s *Store) scanResponses(ctx context.Context, where string, args ...any) ([]voice.Response, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+responseCols+" FROM voice_responses WHERE "+where+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	out := []voice.Response{}
	idx := map[int64]int{}
	for rows.Next() {
		var r voice.Response
		var typ string
		if err := rows.Scan(&r.ID, &r.ConsultationID, &r.Respondent, &r.UserID, &r.OrgID, &typ, &r.Anonymous, &r.Fictional,
			&r.LSOACode, &r.WardCode, &r.DistrictCode, &r.AgeBand, &r.SubmittedAt, &r.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		r.Type = voice.RespondentType(typ)
		r.Answers = []voice.Answer{}
		idx[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	arows, err := s.db.QueryContext(ctx, `SELECT a.response_id, a.question_id, a.choices, a.text FROM voice_answers a
		JOIN voice_responses r ON r.id = a.response_id JOIN voice_questions q ON q.id = a.question_id
		WHERE r.`+where+` ORDER BY a.response_id, q.position`, args...)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var rid int64
		var a voice.Answer
		var choices string
		if err := arows.Scan(&rid, &a.QuestionID, &choices, &a.Text); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(choices), &a.Choices); err != nil {
			return nil, err
		}
		if len(a.Choices) == 0 {
			a.Choices = nil
		}
		if i, ok := idx[rid]; ok {
			out[i].Answers = append(out[i].Answers, a)
		}
	}
	return out, arows.Err()
}

// ResponseOf returns the respondent's response to a consultation, or
// ErrNotFound.
func (s *Store) ResponseOf(ctx context.Context, consultationID int64, respondent string) (_ voice.Response, err error) {
	defer wrapOp(&err, "get response")
	rs, err := s.scanResponses(ctx, "consultation_id = $1 AND respondent = $2", consultationID, respondent)
	if err != nil {
		return voice.Response{}, err
	}
	if len(rs) == 0 {
		return voice.Response{}, ErrNotFound
	}
	return rs[0], nil
}

// Responses returns every response to a consultation with its answers,
// in the order given. They carry no names or e-mail addresses
// (voice.Personals has those, for the roles that may see them).
func (s *Store) Responses(ctx context.Context, consultationID int64) (_ []voice.Response, err error) {
	defer wrapOp(&err, "list responses")
	return s.scanResponses(ctx, "consultation_id = $1", consultationID)
}

// RespondentDetails returns the personal data behind a consultation's
// responses, by response ID, leaving out anonymous responses. Only doors
// that have checked the caller may see personal data call it.
func (s *Store) RespondentDetails(ctx context.Context, consultationID int64) (_ map[int64]voice.Personal, err error) {
	defer wrapOp(&err, "respondent details")
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, COALESCE(u.name, ''), COALESCE(u.email, ''), COALESCE(u.postcode, ''), COALESCE(o.name, '')
		FROM voice_responses r LEFT JOIN users u ON u.id = r.user_id LEFT JOIN organisations o ON o.id = r.org_id
		WHERE r.consultation_id = $1 AND r.anonymous = $2`, consultationID, false)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]voice.Personal{}
	for rows.Next() {
		var d voice.Personal
		if err := rows.Scan(&d.ResponseID, &d.Name, &d.Email, &d.Postcode, &d.OrganisationName); err != nil {
			return nil, err
		}
		out[d.ResponseID] = d
	}
	return out, rows.Err()
}

type responseData struct {
	ConsultationID    int64          `json:"consultation_id"`
	ConsultationTitle string         `json:"consultation_title"`
	RespondentType    string         `json:"respondent_type"`
	OrgID             int64          `json:"org_id,omitempty"`
	Anonymous         bool           `json:"anonymous"`
	SubmittedAt       string         `json:"submitted_at"`
	UpdatedAt         string         `json:"updated_at"`
	Answers           []voice.Answer `json:"answers"`
}

type followData struct {
	ProcessID    int64  `json:"process_id"`
	ProcessTitle string `json:"process_title"`
	Since        string `json:"since"`
}

func init() {
	// A deleted account's responses stay, counted, but anonymous and
	// without the small area or age band; its follows end.
	RegisterAnonymiser("voice", func(ctx context.Context, _ *Store, tx *sql.Tx, userID int64) error {
		if _, err := tx.ExecContext(ctx, `UPDATE voice_responses SET respondent = 'deleted:' || CAST(id AS TEXT), user_id = NULL, anonymous = $1,
			lsoa_code = '', age_band = '' WHERE user_id = $2`, true, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM voice_follows WHERE user_id = $1", userID)
		return err
	})
	RegisterPersonalData("voice_responses", func(ctx context.Context, s *Store, userID int64) (any, error) {
		rs, err := s.scanResponses(ctx, "user_id = $1", userID)
		if err != nil {
			return nil, err
		}
		out := []responseData{}
		for _, r := range rs {
			var title string
			if err := s.db.QueryRowContext(ctx, "SELECT title FROM voice_consultations WHERE id = $1", r.ConsultationID).Scan(&title); err != nil {
				return nil, fmt.Errorf("consultation %d: %w", r.ConsultationID, err)
			}
			out = append(out, responseData{ConsultationID: r.ConsultationID, ConsultationTitle: title, RespondentType: string(r.Type), OrgID: r.OrgID,
				Anonymous: r.Anonymous, SubmittedAt: r.SubmittedAt, UpdatedAt: r.UpdatedAt, Answers: r.Answers})
		}
		return out, nil
	})
	RegisterPersonalData("voice_follows", func(ctx context.Context, s *Store, userID int64) (any, error) {
		rows, err := s.db.QueryContext(ctx, `SELECT f.process_id, p.title, f.created_at FROM voice_follows f JOIN voice_processes p ON p.id = f.process_id
			WHERE f.user_id = $1 ORDER BY f.process_id`, userID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []followData{}
		for rows.Next() {
			var f followData
			if err := rows.Scan(&f.ProcessID, &f.ProcessTitle, &f.Since); err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, rows.Err()
	})
}
