package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
)

// voiceConsultation makes a process and an open consultation with one
// question of each kind (the text question shown only after choice 0 of
// question 1).
func voiceConsultation(t *testing.T, s *store.Store) (voice.Process, voice.Consultation) {
	t.Helper()
	ctx := context.Background()
	pt := voicePartnership(t, s)
	p, err := s.CreateProcess(ctx, store.System, voice.Process{PartnershipID: pt.ID, Title: "Priorities", Phases: []voice.Phase{
		{Kind: voice.PhaseConsultation, Starts: "2026-11-01", Ends: "2026-12-31"}}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.CreateConsultation(ctx, store.System, voice.Consultation{ProcessID: p.ID, Title: "What matters most", Opens: "2026-11-01", Closes: "2026-12-31",
		Published: true, AllowAnonymous: true, Options: "Three options",
		Documents: []voice.Document{{Title: "Needs assessment", URL: "https://example.org/jsna.pdf", Format: "PDF"}},
		Questions: []voice.Question{
			{Kind: voice.QuestionSingle, Text: "Is health your priority?", Required: true, Choices: []string{"Yes", "No"}},
			{Kind: voice.QuestionMultiple, Text: "Which services?", Choices: []string{"GP", "Dentist", "Pharmacy"}},
			{Kind: voice.QuestionScale, Text: "Services are good"},
			{Kind: voice.QuestionRanking, Text: "Rank these", Choices: []string{"Housing", "Jobs", "Parks"}},
			{Kind: voice.QuestionText, Text: "Why?", ShowIf: &voice.Condition{Position: 1, Choice: 0}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return p, c
}

func voiceResident(t *testing.T, s *store.Store, email, name string) store.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), store.System, store.NewUser{Email: email, Name: name, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestVoiceConsultationStore(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, c := voiceConsultation(t, s)
		if len(c.Questions) != 5 || c.Questions[4].ShowIf == nil || c.Questions[4].ShowIf.Position != 1 || len(c.Documents) != 1 || c.Questions[2].Choices != nil {
			t.Fatalf("consultation %+v", c)
		}
		list, err := s.ListConsultations(ctx, store.ConsultationFilter{ProcessID: p.ID, PublishedOnly: true})
		if err != nil || len(list) != 1 || list[0].PartnershipID != p.PartnershipID || list[0].Responses != 0 {
			t.Fatalf("list %+v %v", list, err)
		}
		// Questions change freely before any response...
		c.Questions = c.Questions[:4]
		c.Title = "What matters most to you"
		c, err = s.UpdateConsultation(ctx, store.System, c)
		if err != nil || len(c.Questions) != 4 || c.Title != "What matters most to you" {
			t.Fatalf("update %+v %v", c, err)
		}
		u := voiceResident(t, s, "ann@example.org", "Ann Example")
		r, err := c.PrepareResponse("2026-12-03", voice.Respondent{UserID: u.ID, EmailConfirmed: true, DistrictCode: storetest.Hartlepool, AgeBand: "25-34"}, false,
			[]voice.Answer{{QuestionID: c.Questions[0].ID, Choices: []int{1}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
		// ...and not after.
		c.Questions = c.Questions[:3]
		_, err = s.UpdateConsultation(ctx, store.System, c)
		if errs, ok := validation.As(err); !ok || !errs.Has("questions") {
			t.Fatalf("questions changed after a response: %v", err)
		}
		if c, err = s.Consultation(ctx, c.ID); err != nil || len(c.Questions) != 4 {
			t.Fatalf("after the refused change: %d questions, %v; want the 4 kept", len(c.Questions), err)
		}
		// Editing keeps one response with the new answers.
		r.Answers = []voice.Answer{{QuestionID: c.Questions[0].ID, Choices: []int{0}}, {QuestionID: c.Questions[2].ID, Choices: []int{4}}}
		if _, err := s.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := s.ResponseOf(ctx, c.ID, r.Respondent)
		if err != nil || len(got.Answers) != 2 || got.Answers[1].Choices[0] != 4 || got.DistrictCode != storetest.Hartlepool || got.AgeBand != "25-34" {
			t.Fatalf("response %+v %v", got, err)
		}
		details, err := s.RespondentDetails(ctx, c.ID)
		if err != nil || details[got.ID].Email != "ann@example.org" {
			t.Fatalf("details %+v %v", details, err)
		}
		// An organisation answers once, through the person who answered.
		org, err := s.CreateOrganisation(ctx, store.System, places.Organisation{Name: "Hartlepool Carers", Kind: places.OrgVoluntary, CharityNumber: "1234567"})
		if err != nil {
			t.Fatal(err)
		}
		bob := voiceResident(t, s, "bob@example.org", "Bob Example")
		or, err := c.PrepareResponse("2026-12-03", voice.Respondent{UserID: u.ID, EmailConfirmed: true, OrgID: org.ID}, false, []voice.Answer{{QuestionID: c.Questions[0].ID, Choices: []int{0}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveResponse(ctx, or); err != nil {
			t.Fatal(err)
		}
		or.UserID = bob.ID
		if _, err := s.SaveResponse(ctx, or); !errors.Is(err, voice.ErrNotRespondent) {
			t.Fatalf("another person changed the organisation's response: %v", err)
		}
		all, err := s.Responses(ctx, c.ID)
		if err != nil || len(all) != 2 || all[1].Type != voice.RespondentOrganisation || all[1].OrgID != org.ID {
			t.Fatalf("responses %+v %v", all, err)
		}

		// Deleting Ann's account keeps her responses, anonymised.
		if err := s.Follow(ctx, p.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.AnonymiseUser(ctx, store.System, u.ID); err != nil {
			t.Fatal(err)
		}
		all, err = s.Responses(ctx, c.ID)
		if err != nil || len(all) != 2 {
			t.Fatalf("after deletion %+v %v", all, err)
		}
		for _, x := range all {
			if x.UserID != 0 || !x.Anonymous || x.AgeBand != "" || x.LSOACode != "" {
				t.Errorf("not anonymised: %+v", x)
			}
		}
		if len(all[0].Answers) != 2 {
			t.Errorf("answers lost: %+v", all[0])
		}
		if details, _ := s.RespondentDetails(ctx, c.ID); len(details) != 0 {
			t.Errorf("details after deletion: %+v", details)
		}
		if fs, err := s.Followers(ctx, p.ID); err != nil || len(fs) != 0 {
			t.Errorf("followers after deletion: %+v %v", fs, err)
		}
	})
}

// 200 parallel submissions of one person's response store one response.
func TestVoiceResponseParallelOnePerPerson(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, c := voiceConsultation(t, s)
		u := voiceResident(t, s, "ann@example.org", "Ann Example")
		const n = 200
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := c.PrepareResponse("2026-12-03", voice.Respondent{UserID: u.ID, EmailConfirmed: true}, false,
					[]voice.Answer{{QuestionID: c.Questions[0].ID, Choices: []int{i % 2}}})
				if err == nil {
					_, err = s.SaveResponse(ctx, r)
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, store.ErrBusy):
			default:
				t.Errorf("submission: %v", err)
			}
		}
		if ok == 0 {
			t.Fatal("no submission stored")
		}
		all, err := s.Responses(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 {
			t.Fatalf("%d responses stored, want 1", len(all))
		}
		if len(all[0].Answers) != 1 {
			t.Fatalf("answers %+v", all[0].Answers)
		}
	})
}
