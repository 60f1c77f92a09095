package demo

import (
	"context"
	"fmt"
	"strconv"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// VoiceStore is what the Voice demo needs; *store.Store satisfies it.
type VoiceStore interface {
	ListPartnerships(ctx context.Context, f store.PartnershipFilter) ([]places.Partnership, int, error)
	CreateDecision(ctx context.Context, by store.Actor, d places.Decision) (places.Decision, error)
	ListProcesses(ctx context.Context, f store.ProcessFilter) ([]voice.Process, error)
	CreateProcess(ctx context.Context, by store.Actor, p voice.Process) (voice.Process, error)
	CreateConsultation(ctx context.Context, by store.Actor, c voice.Consultation) (voice.Consultation, error)
	SaveResponse(ctx context.Context, r voice.Response) (voice.Response, error)
	Responses(ctx context.Context, consultationID int64) ([]voice.Response, error)
	CreateTheme(ctx context.Context, by store.Actor, t voice.Theme) (voice.Theme, error)
	TagAnswer(ctx context.Context, tag voice.ThemeTag) error
	AddLink(ctx context.Context, by store.Actor, l voice.Link) (voice.Link, error)
	VoiceToday() string
}

// VoiceProcessTitle names the demo's engagement process (the marker that
// it was seeded).
const VoiceProcessTitle = "Hartlepool health and wellbeing priorities"

// VoiceResponses is how many fictional responses the closed consultation
// gets.
const VoiceResponses = 60

// seedVoice gives the Hartlepool board an engagement process with a
// closed consultation on its priorities (fictional responses, themes and
// "you said, we did") and an open one. It does nothing when the process
// exists already.
func seedVoice(ctx context.Context, st VoiceStore) error {
	ps, _, err := st.ListPartnerships(ctx, store.PartnershipFilter{AreaCode: HartlepoolCode, Kind: places.PartnershipHWB})
	if err != nil || len(ps) == 0 {
		return err
	}
	p := ps[0]
	existing, err := st.ListProcesses(ctx, store.ProcessFilter{PartnershipID: p.ID})
	if err != nil {
		return err
	}
	for _, x := range existing {
		if x.Title == VoiceProcessTitle {
			return nil
		}
	}
	today, err := voice.ParseDate(st.VoiceToday())
	if err != nil {
		return err
	}
	day := func(d int) string { return today.AddDate(0, 0, d).Format(voice.DateLayout) }
	proc, err := st.CreateProcess(ctx, Actor, voice.Process{PartnershipID: p.ID, Title: VoiceProcessTitle,
		Summary: "The board asks Hartlepool's residents and organisations where it should act first, before it agrees its plan and spends its pooled budget. (Fictional demonstration data.)",
		Phases: []voice.Phase{
			{Kind: voice.PhaseInformation, Starts: day(-120), Ends: day(-91), Description: "The joint strategic needs assessment is published."},
			{Kind: voice.PhaseConsultation, Starts: day(-90), Ends: day(30), Description: "Two consultations: on priorities, then on GP appointments."},
			{Kind: voice.PhaseProposals, Starts: day(31), Ends: day(60)},
			{Kind: voice.PhaseVoting, Starts: day(61), Ends: day(80)},
			{Kind: voice.PhaseResults, Starts: day(81), Ends: day(90)},
			{Kind: voice.PhaseDelivery, Starts: day(91), Ends: day(455)},
		}})
	if err != nil {
		return fmt.Errorf("process: %w", err)
	}
	closed, err := st.CreateConsultation(ctx, Actor, voice.Consultation{ProcessID: proc.ID, Title: "Our priorities for health and wellbeing",
		Summary: "Which of the needs in the assessment should the board tackle first? (The responses are generated, fictional demonstration data.)",
		Options: "Option 1: healthy weight and physical activity.\nOption 2: mental health of children and young people.\nOption 3: warm, dry homes.",
		Opens:   day(-90), Closes: day(-30), Published: true, AllowAnonymous: true, Fictional: true,
		Documents: []voice.Document{{Title: "Hartlepool joint strategic needs assessment (summary)", URL: "https://www.hartlepool.gov.uk/jsna", Format: "Web page"}},
		Questions: []voice.Question{
			{Kind: voice.QuestionSingle, Text: "Which option should come first?", Required: true, Choices: []string{"Healthy weight and activity", "Young people's mental health", "Warm, dry homes"}},
			{Kind: voice.QuestionScale, Text: "Health services in Hartlepool meet my needs"},
			{Kind: voice.QuestionText, Text: "What would make the biggest difference to your health?"},
		}})
	if err != nil {
		return fmt.Errorf("closed consultation: %w", err)
	}
	texts := []string{
		"A bus that goes to the hospital in the evening",
		"Somewhere for teenagers to talk to someone about how they feel",
		"Help with damp in our rented flat",
		"Cheaper swimming at the leisure centre",
		"Buses on Sundays so I can visit my mum in hospital",
		"Shorter waits for children's mental health services",
	}
	bands := places.ResidentAgeBands
	for i := range VoiceResponses {
		r := voice.Response{ConsultationID: closed.ID, Respondent: "demo:" + strconv.Itoa(i+1), Type: voice.RespondentResident, Fictional: true,
			DistrictCode: HartlepoolCode, AgeBand: bands[(i*3)%len(bands)],
			Answers: []voice.Answer{
				{QuestionID: closed.Questions[0].ID, Choices: []int{(i*7 + i/5) % 3}},
				{QuestionID: closed.Questions[1].ID, Choices: []int{(i * 5) % 5}},
			}}
		if i%10 == 9 {
			r.Type, r.DistrictCode, r.AgeBand = voice.RespondentOrganisation, "", ""
		}
		if i%2 == 0 {
			r.Answers = append(r.Answers, voice.Answer{QuestionID: closed.Questions[2].ID, Text: texts[(i/2)%len(texts)]})
		}
		if _, err := st.SaveResponse(ctx, r); err != nil {
			return fmt.Errorf("response %d: %w", i+1, err)
		}
	}
	rs, err := st.Responses(ctx, closed.ID)
	if err != nil {
		return err
	}
	themeOf := map[int]string{0: "Transport to health services", 4: "Transport to health services", 1: "Young people's mental health", 5: "Young people's mental health",
		2: "Damp and cold homes"}
	themes := map[string]voice.Theme{}
	for _, name := range []string{"Transport to health services", "Young people's mental health", "Damp and cold homes", "Cost of leisure"} {
		th, err := st.CreateTheme(ctx, Actor, voice.Theme{ConsultationID: closed.ID, Name: name})
		if err != nil {
			return fmt.Errorf("theme %s: %w", name, err)
		}
		themes[name] = th
	}
	for _, r := range rs {
		for _, a := range r.Answers {
			if a.Text == "" {
				continue
			}
			for k, txt := range texts {
				if txt == a.Text && themeOf[k] != "" {
					if err := st.TagAnswer(ctx, voice.ThemeTag{ThemeID: themes[themeOf[k]].ID, ResponseID: r.ID, QuestionID: a.QuestionID}); err != nil {
						return err
					}
				}
			}
		}
	}
	decided := today.AddDate(0, 0, -10).Format(places.DateLayout)
	bus, err := st.CreateDecision(ctx, Actor, places.Decision{PartnershipID: p.ID, Text: "Fund a 12-month community transport pilot to the University Hospital of Hartlepool, evenings and Sundays.",
		Date: decided, Outcome: places.OutcomeConsensus})
	if err != nil {
		return err
	}
	minds, err := st.CreateDecision(ctx, Actor, places.Decision{PartnershipID: p.ID, Text: "Make children and young people's mental health the board's first priority for 2027.",
		Date: decided, Outcome: places.OutcomeConsensus})
	if err != nil {
		return err
	}
	for _, l := range []voice.Link{
		{SubjectKind: voice.SubjectTheme, SubjectID: themes["Transport to health services"].ID, TargetKind: voice.TargetDecision, TargetID: bus.ID},
		{SubjectKind: voice.SubjectTheme, SubjectID: themes["Young people's mental health"].ID, TargetKind: voice.TargetDecision, TargetID: minds.ID},
		{SubjectKind: voice.SubjectTheme, SubjectID: themes["Damp and cold homes"].ID, TargetKind: voice.TargetNotTaken,
			Reason: "The council's housing strategy already funds damp repairs; the board has asked for a report on it instead."},
	} {
		if _, err := st.AddLink(ctx, Actor, l); err != nil {
			return fmt.Errorf("you said, we did: %w", err)
		}
	}
	_, err = st.CreateConsultation(ctx, Actor, voice.Consultation{ProcessID: proc.ID, Title: "Getting a GP appointment",
		Summary: "Tell the board how easy it is to see your GP practice, so it knows where to help.",
		Options: "The board will choose between extending evening appointments and funding more pharmacy consultations.",
		Opens:   day(-7), Closes: day(30), Published: true, AllowAnonymous: true,
		Documents: []voice.Document{{Title: "Primary care access in Hartlepool", URL: "https://www.hartlepool.gov.uk/jsna", Format: "Web page"}},
		Questions: []voice.Question{
			{Kind: voice.QuestionSingle, Text: "Did you try to see a GP in the last 12 months?", Required: true, Choices: []string{"Yes", "No"}},
			{Kind: voice.QuestionMultiple, Text: "How did you try to get an appointment?", Choices: []string{"Phone", "Online", "In person", "Pharmacy referral"},
				ShowIf: &voice.Condition{Position: 1, Choice: 0}},
			{Kind: voice.QuestionScale, Text: "It was easy to get an appointment", ShowIf: &voice.Condition{Position: 1, Choice: 0}},
			{Kind: voice.QuestionRanking, Text: "Rank these by how much they would help", Choices: []string{"Evening appointments", "More pharmacy consultations", "Online booking"}},
			{Kind: voice.QuestionText, Text: "Anything else the board should know?"},
		}})
	if err != nil {
		return fmt.Errorf("open consultation: %w", err)
	}
	return nil
}
