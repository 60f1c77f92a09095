package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
)

// Every "you said, we did" item links at least one theme and one
// decision; the orphan report lists exactly the themes planted without
// an answer.
func TestVoiceYSWDAndOrphans(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, c := voiceConsultation(t, s)
		u := voiceResident(t, s, "ann@example.org", "Ann Example")
		r, err := c.PrepareResponse("2026-12-03", voice.Respondent{UserID: u.ID, EmailConfirmed: true}, false,
			[]voice.Answer{{QuestionID: c.Questions[0].ID, Choices: []int{0}}, {QuestionID: c.Questions[4].ID, Text: "Buses to the hospital stop at six"}})
		if err != nil {
			t.Fatal(err)
		}
		if r, err = s.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
		d, err := s.CreateDecision(ctx, store.System, places.Decision{PartnershipID: p.PartnershipID, Text: "Fund an evening bus", Date: "2027-01-05", Outcome: places.OutcomeConsensus})
		if err != nil {
			t.Fatal(err)
		}
		theme := func(name string) voice.Theme {
			th, err := s.CreateTheme(ctx, store.System, voice.Theme{ConsultationID: c.ID, Name: name})
			if err != nil {
				t.Fatal(err)
			}
			return th
		}
		transport, parks, orphanA, orphanB := theme("Transport"), theme("Parks"), theme("Loneliness"), theme("Damp homes")
		if err := s.TagAnswer(ctx, voice.ThemeTag{ThemeID: transport.ID, ResponseID: r.ID, QuestionID: c.Questions[4].ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.TagAnswer(ctx, voice.ThemeTag{ThemeID: transport.ID, ResponseID: r.ID, QuestionID: c.Questions[0].ID}); !hasField(err, "question_id") {
			t.Fatalf("tagged a choice answer: %v", err)
		}
		if _, err := s.CreateTheme(ctx, store.System, voice.Theme{ConsultationID: c.ID, Name: "Parks"}); !hasField(err, "name") {
			t.Fatalf("duplicate theme: %v", err)
		}
		if _, err := s.AddLink(ctx, store.System, voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: transport.ID, TargetKind: voice.TargetDecision, TargetID: d.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddLink(ctx, store.System, voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: parks.ID, TargetKind: voice.TargetNotTaken, Reason: "The council's parks plan covers it"}); err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			l     voice.Link
			field string
		}{
			{voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: orphanA.ID, TargetKind: voice.TargetDecision, TargetID: 999}, "target_id"},
			{voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: 999, TargetKind: voice.TargetDecision, TargetID: d.ID}, "subject_id"},
			{voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: orphanA.ID, TargetKind: voice.TargetNotTaken}, "reason"},
			{voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: orphanA.ID, TargetKind: "wish"}, "target_kind"},
		}
		for _, b := range bad {
			if _, err := s.AddLink(ctx, store.System, b.l); !hasField(err, b.field) {
				t.Errorf("%+v: want error on %s, got %v", b.l, b.field, err)
			}
		}

		rs, err := s.Responses(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		tags, err := s.ThemeTags(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		themes, err := s.Themes(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		links, err := s.ThemeLinks(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		page := voice.YSWD(voice.CountThemes(themes, tags, rs), links)
		if len(page.Items) != 1 || page.Items[0].Theme.Theme.ID != transport.ID || page.Items[0].Theme.Count != 1 ||
			page.Items[0].Theme.Quotes[0] != "Buses to the hospital stop at six" {
			t.Fatalf("items %+v", page.Items)
		}
		for _, it := range page.Items {
			decisions := 0
			for _, x := range it.WeDid {
				if x.Link.TargetKind == voice.TargetDecision && x.Title != "" && x.URL != "" {
					decisions++
				}
			}
			if it.Theme.Theme.ID == 0 || decisions == 0 {
				t.Errorf("item without a theme or a decision: %+v", it)
			}
		}
		if len(page.NotTaken) != 1 || page.NotTaken[0].WeDid[0].Link.Reason == "" {
			t.Fatalf("not taken %+v", page.NotTaken)
		}
		want := []int64{orphanB.ID, orphanA.ID} // by name: Damp homes, Loneliness
		var gotIDs []int64
		for _, o := range page.Orphans {
			gotIDs = append(gotIDs, o.ID)
		}
		slices.Sort(gotIDs)
		wantSorted := slices.Clone(want)
		slices.Sort(wantSorted)
		if !slices.Equal(gotIDs, wantSorted) {
			t.Fatalf("page orphans %v, want %v", gotIDs, wantSorted)
		}
		report, err := s.OrphanThemes(ctx, p.PartnershipID)
		if err != nil {
			t.Fatal(err)
		}
		gotIDs = gotIDs[:0]
		for _, o := range report {
			gotIDs = append(gotIDs, o.ID)
		}
		if !slices.Equal(gotIDs, want) {
			t.Fatalf("orphan report %v, want %v", gotIDs, want)
		}
		if all, err := s.OrphanThemes(ctx, 0); err != nil || len(all) != 2 {
			t.Fatalf("all orphans %+v %v", all, err)
		}
		if err := s.DeleteTheme(ctx, store.System, transport.ID); err != nil {
			t.Fatal(err)
		}
		if links, _ := s.ThemeLinks(ctx, c.ID); len(links[transport.ID]) != 0 {
			t.Fatalf("links of a deleted theme: %+v", links)
		}
	})
}

func hasField(err error, field string) bool {
	errs, ok := validation.As(err)
	return ok && errs.Has(field)
}
