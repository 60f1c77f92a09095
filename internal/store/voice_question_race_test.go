package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

// A change of questions and a response being saved at the same moment
// (PostgreSQL, where both run at once; SQLite has one writer): the edit
// waits for the response and then refuses the change, rather than
// counting no responses, replacing the questions and so deleting the
// response's answers with them (ON DELETE CASCADE), which left a response
// answering nothing that was asked.
// A response with no answers (every question optional and skipped) is
// waited for too.
func TestQuestionChangeWaitsForAResponseBeingSaved(t *testing.T) {
	s := storetest.Fixture(t, storetest.Postgres(t))
	for _, answers := range []int{1, 0} {
		t.Run(fmt.Sprintf("%d answers", answers), func(t *testing.T) { checkQuestionChangeWaits(t, s, answers) })
	}
}

func checkQuestionChangeWaits(t *testing.T, s *store.Store, answers int) {
	ctx := context.Background()
	_, c := voiceConsultation(t, s)
	u := voiceResident(t, s, fmt.Sprintf("race%d@example.org", answers), "Race Example")

	// The response, saved as SaveResponse saves it, its transaction left
	// open.
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var rid int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO voice_responses (consultation_id, respondent, user_id, respondent_type, anonymous, fictional,
			lsoa_code, ward_code, district_code, age_band, submitted_at, updated_at)
		VALUES ($1, $2, $3, 'individual', false, false, '', '', $4, '25-34', '2026-12-03', '2026-12-03') RETURNING id`,
		c.ID, "user:race", u.ID, storetest.Hartlepool).Scan(&rid); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < answers; i++ {
		if _, err := tx.ExecContext(ctx, "INSERT INTO voice_answers (response_id, question_id, choices, text) VALUES ($1, $2, '[1]', '')", rid, c.Questions[i].ID); err != nil {
			t.Fatal(err)
		}
	}

	changed := c
	changed.Questions = c.Questions[:3]
	done := make(chan error, 1)
	go func() {
		_, err := s.UpdateConsultation(ctx, store.System, changed)
		done <- err
	}()
	// Until the edit waits for a lock the response holds (a hang guard,
	// not a speed bound).
	for deadline := time.Now().Add(time.Minute); ; {
		var waiting int
		if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM pg_locks WHERE NOT granted").Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the edit ended without waiting for the response: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the edit never waited")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	err = <-done
	if ve, ok := validation.As(err); !ok || len(ve.Fields) != 1 || ve.Fields[0].Field != "questions" {
		t.Fatalf("the edit after a response came: %v, want a problem on questions", err)
	}
	var kept int
	if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM voice_answers WHERE response_id = $1", rid).Scan(&kept); err != nil || kept != answers {
		t.Fatalf("the response has %d answers (%v), want %d", kept, err, answers)
	}
	if after, err := s.Consultation(ctx, c.ID); err != nil || len(after.Questions) != len(c.Questions) || after.Questions[0].ID != c.Questions[0].ID {
		t.Fatalf("questions after the refused edit: %+v %v", after.Questions, err)
	}
}
