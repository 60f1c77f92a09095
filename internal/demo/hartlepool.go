package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
)

// Teesside's four unitary councils, served together by Cleveland Police and
// Cleveland Fire Brigade.
var clevelandAreas = []string{"E06000001", "E06000002", "E06000003", "E06000004"}

// HartlepoolBoardName is the name of the demo health and wellbeing board.
const HartlepoolBoardName = "Hartlepool Health and Wellbeing Board"

func (s *seeder) hartlepool(ctx context.Context) error {
	area, ok := s.ref.Area(refdata.UTLA, HartlepoolCode)
	if !ok {
		return fmt.Errorf("area %s missing from reference data", HartlepoolCode)
	}
	icb, ok := s.ref.Area(refdata.ICB, "E54000050")
	if !ok {
		return fmt.Errorf("ICB E54000050 missing from reference data")
	}
	orgs := map[string]places.Organisation{
		"council": councilOrg(area),
		"icb":     icbOrg(icb),
		"trust": {Name: "North Tees and Hartlepool NHS Foundation Trust", Kind: places.OrgNHSTrust, ODSCode: "RVW",
			AreaCodes: []string{"E06000001", "E06000004"}},
		"police":      {Name: "Cleveland Police", Kind: places.OrgPolice, AreaCodes: clevelandAreas},
		"fire":        {Name: "Cleveland Fire Brigade", Kind: places.OrgFireRescue, AreaCodes: clevelandAreas},
		"healthwatch": {Name: "Healthwatch Hartlepool", Kind: places.OrgVoluntary, AreaCodes: []string{HartlepoolCode}},
		"vda":         {Name: "Hartlepool Voluntary Development Agency", Kind: places.OrgVoluntary, AreaCodes: []string{HartlepoolCode}},
		// Fictional, and named so: no real practice or school is implied.
		"gp":     {Name: "Harbourside Medical Practice (fictional)", Kind: places.OrgGPPractice, AreaCodes: []string{HartlepoolCode}},
		"school": {Name: "Marina Primary School (fictional)", Kind: places.OrgSchool, AreaCodes: []string{HartlepoolCode}},
	}
	keys := map[string]string{}
	for _, name := range sortedKeys(orgs) {
		o, err := s.ensureOrg(ctx, orgs[name])
		if err != nil {
			return err
		}
		keys[name] = orgKey(o)
	}
	board, err := s.ensurePartnership(ctx, places.Partnership{
		Kind: places.PartnershipHWB, AreaType: places.AreaUTLA, AreaCode: HartlepoolCode,
		Name: HartlepoolBoardName, LeadOrgID: s.orgs[keys["council"]].ID,
	})
	if err != nil {
		return err
	}

	// Fictional people in the roles a health and wellbeing board has: the
	// statutory members (a councillor, the directors of public health, adult
	// and children's services, the ICB and Healthwatch) and co-opted ones.
	seats := []seat{
		{"Councillor Joan Pattinson", keys["council"], places.RoleChair, true},
		{"Dr Samuel Okafor", keys["icb"], places.RoleViceChair, true},
		{"Councillor Derek Milburn", keys["council"], places.RoleMember, true},
		{"Dr Helen Marsh", keys["council"], places.RoleMember, true},
		{"Gareth Lowes", keys["council"], places.RoleMember, true},
		{"Rachel Kerr", keys["council"], places.RoleMember, true},
		{"Peter Grayson", keys["healthwatch"], places.RoleMember, true},
		{"Julie Armstrong", keys["trust"], places.RoleMember, false},
		{"Chief Inspector Mark Dunmore", keys["police"], places.RoleMember, false},
		{"Lindsay Woodhouse", keys["vda"], places.RoleMember, false},
		{"Dr Anil Kapadia", keys["gp"], places.RoleMember, false},
		{"Station Manager Chris Hopewell", keys["fire"], places.RoleObserver, false},
		{"Fiona Clarkson", keys["school"], places.RoleObserver, false},
	}
	ids, err := s.ensureMembers(ctx, board.ID, seats)
	if err != nil {
		return err
	}
	except := func(absent ...string) []int64 {
		var out []int64
		for _, st := range seats {
			skip := false
			for _, a := range absent {
				skip = skip || st.person == a
			}
			if !skip {
				out = append(out, ids[st.person])
			}
		}
		return out
	}

	meetings := []places.Meeting{
		{
			PartnershipID: board.ID, Date: "2026-07-08",
			Agenda: strings.Join([]string{
				"1. Apologies and declarations of interest",
				"2. Minutes of the meeting of 11 March 2026",
				"3. Joint Strategic Needs Assessment: 2026 update",
				"4. Better Care Fund plan 2026–27",
				"5. Healthwatch Hartlepool annual report",
				"6. Any other business",
			}, "\n"),
			Minutes: strings.Join([]string{
				"Apologies were received from Chief Inspector Mark Dunmore and Fiona Clarkson. No interests were declared.",
				"The minutes of 11 March 2026 were agreed as a true record.",
				"The Director of Public Health presented the 2026 update of the Joint Strategic Needs Assessment, highlighting healthy life expectancy, childhood obesity and alcohol-related admissions. The board noted the update and asked for it to be published.",
				"The board considered the Better Care Fund plan 2026–27, including the discharge funding and the national metrics. After discussion of the community equipment budget the plan was approved on a vote for submission to NHS England.",
				"Peter Grayson presented Healthwatch Hartlepool's annual report; the board thanked the volunteers and noted the report.",
			}, "\n\n"),
			Attendance: except("Chief Inspector Mark Dunmore", "Fiona Clarkson"),
		},
		{
			PartnershipID: board.ID, Date: "2026-10-07",
			Agenda: strings.Join([]string{
				"1. Apologies and declarations of interest",
				"2. Minutes of the meeting of 8 July 2026",
				"3. Joint Local Health and Wellbeing Strategy 2026–2030",
				"4. Pharmaceutical Needs Assessment: draft for consultation",
				"5. Winter plan for health and social care",
				"6. Better Care Fund: quarter 2 report",
			}, "\n"),
			Minutes: strings.Join([]string{
				"Apologies were received from Dr Anil Kapadia. Councillor Derek Milburn declared an interest as a trustee of a local carers' charity.",
				"The minutes of 8 July 2026 were agreed as a true record.",
				"The board considered the refreshed Joint Local Health and Wellbeing Strategy, built on the JSNA and the public engagement over the summer. The strategy was adopted on a vote.",
				"The draft Pharmaceutical Needs Assessment was agreed for 60-day public consultation.",
				"The ICB and the trust presented the joint winter plan; the board noted it and asked for a report on discharge delays in January.",
				"The quarter 2 Better Care Fund report was noted.",
			}, "\n\n"),
			Attendance: except("Dr Anil Kapadia"),
		},
	}
	existingMeetings, err := s.st.ListMeetings(ctx, board.ID)
	if err != nil {
		return fmt.Errorf("listing meetings: %w", err)
	}
	meetingIDs := map[string]int64{}
	for _, m := range existingMeetings {
		meetingIDs[m.Date] = m.ID
	}
	for _, m := range meetings {
		if _, ok := meetingIDs[m.Date]; ok {
			continue
		}
		created, err := s.st.CreateMeeting(ctx, Actor, m)
		if err != nil {
			return fmt.Errorf("meeting of %s: %w", m.Date, err)
		}
		meetingIDs[m.Date] = created.ID
	}

	// Votes: observers do not vote; absent members do not vote.
	votes := func(date string, choices map[string]places.VoteChoice) []places.Vote {
		var out []places.Vote
		for _, st := range seats {
			if st.role == places.RoleObserver {
				continue
			}
			present := false
			for _, m := range meetings {
				if m.Date != date {
					continue
				}
				for _, id := range m.Attendance {
					present = present || id == ids[st.person]
				}
			}
			if !present {
				continue
			}
			c, ok := choices[st.person]
			if !ok {
				c = places.VoteFor
			}
			out = append(out, places.Vote{MemberID: ids[st.person], Choice: c})
		}
		return out
	}
	const papers = "https://example.org/placeboard-demo/hartlepool-hwb/"
	decisions := []places.Decision{
		{
			PartnershipID: board.ID, MeetingID: meetingIDs["2026-07-08"], Date: "2026-07-08",
			Text:    "Note the Joint Strategic Needs Assessment 2026 update and publish it on the council's website.",
			Outcome: places.OutcomeConsensus,
			Papers:  []places.Paper{{Title: "Joint Strategic Needs Assessment: 2026 update (report of the Director of Public Health)", URL: papers + "2026-07-08/jsna-2026-update"}},
		},
		{
			PartnershipID: board.ID, MeetingID: meetingIDs["2026-07-08"], Date: "2026-07-08",
			Text:    "Approve the Better Care Fund plan 2026–27 for submission to NHS England.",
			Outcome: places.OutcomeVote,
			Votes:   votes("2026-07-08", map[string]places.VoteChoice{"Lindsay Woodhouse": places.VoteAbstain}),
			Papers: []places.Paper{
				{Title: "Better Care Fund plan 2026–27: narrative plan", URL: papers + "2026-07-08/bcf-plan-narrative"},
				{Title: "Better Care Fund plan 2026–27: expenditure and metrics", URL: papers + "2026-07-08/bcf-plan-expenditure"},
			},
		},
		{
			PartnershipID: board.ID, MeetingID: meetingIDs["2026-10-07"], Date: "2026-10-07",
			Text:    "Adopt the Joint Local Health and Wellbeing Strategy 2026–2030.",
			Outcome: places.OutcomeVote,
			Votes: votes("2026-10-07", map[string]places.VoteChoice{
				"Councillor Derek Milburn": places.VoteAgainst,
				"Julie Armstrong":          places.VoteAbstain,
			}),
			Papers: []places.Paper{{Title: "Joint Local Health and Wellbeing Strategy 2026–2030", URL: papers + "2026-10-07/health-and-wellbeing-strategy"}},
		},
		{
			PartnershipID: board.ID, MeetingID: meetingIDs["2026-10-07"], Date: "2026-10-07",
			Text:    "Approve the draft Pharmaceutical Needs Assessment for 60-day public consultation.",
			Outcome: places.OutcomeConsensus,
			Papers:  []places.Paper{{Title: "Pharmaceutical Needs Assessment: draft for consultation", URL: papers + "2026-10-07/pna-draft"}},
		},
	}
	existingDecisions, err := s.st.ListDecisions(ctx, board.ID)
	if err != nil {
		return fmt.Errorf("listing decisions: %w", err)
	}
	have := map[string]bool{}
	for _, d := range existingDecisions {
		have[d.Text] = true
	}
	for _, d := range decisions {
		if have[d.Text] {
			continue
		}
		if _, err := s.st.CreateDecision(ctx, Actor, d); err != nil {
			return fmt.Errorf("decision %q: %w", d.Text, err)
		}
	}
	return nil
}
