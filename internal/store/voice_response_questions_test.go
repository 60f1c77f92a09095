package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice"
)

// Regression test: a response checked against questions that an edit
// replaced before it was saved (the edit is allowed while nobody has
// responded) is refused with voice.ErrQuestionsChanged, saving nothing;
// it used to fail on the answers' foreign key, a 500 at both doors.
func TestSaveResponseRefusesAnswersToReplacedQuestions(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, c := voiceConsultation(t, s)
		u := voiceResident(t, s, "late@example.org", "Late Example")
		r, err := c.PrepareResponse("2026-12-03", voice.Respondent{UserID: u.ID, EmailConfirmed: true, DistrictCode: storetest.Hartlepool, AgeBand: "25-34"}, false,
			[]voice.Answer{{QuestionID: c.Questions[0].ID, Choices: []int{1}}})
		if err != nil {
			t.Fatal(err)
		}
		changed := c
		changed.Questions = []voice.Question{{Kind: voice.QuestionSingle, Text: "Is housing your priority?", Required: true, Choices: []string{"Yes", "No"}}}
		changed, err = s.UpdateConsultation(ctx, store.System, changed)
		if err != nil {
			t.Fatal(err)
		}
		// SQLite may give the new question the old one's ID: the answer
		// must not then be pinned to a question its author never saw.
		if _, err := s.SaveResponse(ctx, r); !errors.Is(err, voice.ErrQuestionsChanged) {
			t.Fatalf("SaveResponse after the questions changed: %v, want voice.ErrQuestionsChanged", err)
		}
		if rs, err := s.Responses(ctx, c.ID); err != nil || len(rs) != 0 {
			t.Fatalf("responses after the refusal: %d, %v; want none", len(rs), err)
		}
		// Checked against the new questions, the same person's response saves.
		r, err = changed.PrepareResponse("2026-12-03", voice.Respondent{UserID: u.ID, EmailConfirmed: true, DistrictCode: storetest.Hartlepool, AgeBand: "25-34"}, false,
			[]voice.Answer{{QuestionID: changed.Questions[0].ID, Choices: []int{0}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	})
}
