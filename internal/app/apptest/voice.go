package apptest

import (
	"context"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// VoiceDay is the day the Voice seed's server sees (its store's clock is
// fixed to noon on it).
var VoiceDay = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// VoiceSeed is what SeedVoice made.
type VoiceSeed struct {
	Partnership places.Partnership
	Process     voice.Process
	Open        voice.Consultation // open on VoiceDay: five questions, one of each kind
	Closed      voice.Consultation // closed on VoiceDay, with responses, themes and links
	Decision    places.Decision
	Linked      voice.Theme // linked to Decision
	Orphan      voice.Theme // no response yet
	// Respondents answered the closed consultation; their names, e-mail
	// addresses and postcodes are the personal data no public page, no
	// API answer without the role and no open data may show.
	Respondents  []store.User
	PersonalData []string
}

// SeedVoice fixes the store's clock to VoiceDay and adds a Hartlepool
// board with an engagement process, an open consultation and a closed one
// answered by three residents, with a theme linked to a board decision
// and an orphan theme.
func (s *Server) SeedVoice(t testing.TB) VoiceSeed {
	t.Helper()
	ctx := context.Background()
	s.Store.SetVoiceClock(func() time.Time { return VoiceDay })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("apptest: seed voice: %v", err)
		}
	}
	var v VoiceSeed
	var err error
	v.Partnership, err = s.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board"})
	must(err)
	v.Process, err = s.Store.CreateProcess(ctx, store.System, voice.Process{PartnershipID: v.Partnership.ID, Title: "Hartlepool priorities 2027",
		Summary: "Help the board choose where to act first.", Phases: []voice.Phase{
			{Kind: voice.PhaseInformation, Starts: "2026-10-01", Ends: "2026-10-31"},
			{Kind: voice.PhaseConsultation, Starts: "2026-11-01", Ends: "2026-12-31"},
			{Kind: voice.PhaseVoting, Starts: "2027-01-10", Ends: "2027-01-31"}}})
	must(err)
	v.Open, err = s.Store.CreateConsultation(ctx, store.System, voice.Consultation{ProcessID: v.Process.ID, Title: "What should the board do first?",
		Summary: "The board is choosing its priorities for 2027.", Options: "Option A: health first.\nOption B: housing first.",
		Opens: "2026-11-01", Closes: "2026-12-31", Published: true, AllowAnonymous: true,
		Documents: []voice.Document{{Title: "Joint strategic needs assessment", URL: "https://example.org/jsna.pdf", Format: "PDF"}},
		Questions: []voice.Question{
			{Kind: voice.QuestionSingle, Text: "Should health come first?", Required: true, Choices: []string{"Yes", "No"}},
			{Kind: voice.QuestionMultiple, Text: "Which services do you use?", Choices: []string{"GP", "Dentist", "Pharmacy"}},
			{Kind: voice.QuestionScale, Text: "Services in Hartlepool are good"},
			{Kind: voice.QuestionRanking, Text: "Rank these priorities", Choices: []string{"Housing", "Jobs", "Parks"}},
			{Kind: voice.QuestionText, Text: "Why should health come first?", ShowIf: &voice.Condition{Position: 1, Choice: 0}},
		}})
	must(err)
	v.Closed, err = s.Store.CreateConsultation(ctx, store.System, voice.Consultation{ProcessID: v.Process.ID, Title: "Transport to health services",
		Summary: "How do you get to your GP and the hospital?", Opens: "2026-10-01", Closes: "2026-11-30", Published: true,
		Questions: []voice.Question{
			{Kind: voice.QuestionSingle, Text: "Can you get to the hospital easily?", Required: true, Choices: []string{"Yes", "No"}},
			{Kind: voice.QuestionText, Text: "What would help?"},
		}})
	must(err)
	texts := []string{"An evening bus to the hospital", "Buses that run on Sundays", "Fix the damp in council flats"}
	for i, name := range []string{"Seeded Respondent Alpha", "Seeded Respondent Bravo", "Seeded Respondent Charlie"} {
		email := []string{"alpha.respondent@seeded.test", "bravo.respondent@seeded.test", "charlie.respondent@seeded.test"}[i]
		u := s.CreateUser(t, email, name, false)
		postcode := []string{"TS24 7QS", "TS25 1AB", "TS26 9XZ"}[i]
		must(s.Store.SetResidentProfile(ctx, store.System, u.ID, places.ResidentProfile{Postcode: postcode, WardCode: "E05008942", DistrictCode: "E06000001", AgeBand: "25-34"}))
		v.Respondents = append(v.Respondents, u)
		v.PersonalData = append(v.PersonalData, name, email, postcode)
		// Answered on the closing day, by the clock.
		s.Store.SetVoiceClock(func() time.Time { return time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) })
		r, err := v.Closed.PrepareResponse("2026-11-30", voice.Respondent{UserID: u.ID, EmailConfirmed: true, WardCode: "E05008942", DistrictCode: "E06000001", AgeBand: "25-34"}, false,
			[]voice.Answer{{QuestionID: v.Closed.Questions[0].ID, Choices: []int{i % 2}}, {QuestionID: v.Closed.Questions[1].ID, Text: texts[i]}})
		must(err)
		_, err = s.Store.SaveResponse(ctx, r)
		must(err)
	}
	s.Store.SetVoiceClock(func() time.Time { return VoiceDay })
	rs, err := s.Store.Responses(ctx, v.Closed.ID)
	must(err)
	v.Decision, err = s.Store.CreateDecision(ctx, store.System, places.Decision{PartnershipID: v.Partnership.ID, Text: "Fund an evening bus to the hospital",
		Date: "2026-12-02", Outcome: places.OutcomeConsensus})
	must(err)
	v.Linked, err = s.Store.CreateTheme(ctx, store.System, voice.Theme{ConsultationID: v.Closed.ID, Name: "Buses"})
	must(err)
	v.Orphan, err = s.Store.CreateTheme(ctx, store.System, voice.Theme{ConsultationID: v.Closed.ID, Name: "Damp homes"})
	must(err)
	must(s.Store.TagAnswer(ctx, voice.ThemeTag{ThemeID: v.Linked.ID, ResponseID: rs[0].ID, QuestionID: v.Closed.Questions[1].ID}))
	must(s.Store.TagAnswer(ctx, voice.ThemeTag{ThemeID: v.Linked.ID, ResponseID: rs[1].ID, QuestionID: v.Closed.Questions[1].ID}))
	must(s.Store.TagAnswer(ctx, voice.ThemeTag{ThemeID: v.Orphan.ID, ResponseID: rs[2].ID, QuestionID: v.Closed.Questions[1].ID}))
	_, err = s.Store.AddLink(ctx, store.System, voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: v.Linked.ID, TargetKind: voice.TargetDecision, TargetID: v.Decision.ID})
	must(err)
	return v
}
