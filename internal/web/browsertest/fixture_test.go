package browsertest

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// board is a partnership with a board, a meeting and a decision, made
// through the store as an administrator would have made them.
type board struct {
	Orgs        map[string]places.Organisation // by kind
	Partnership places.Partnership
	Members     []places.Member
	Meeting     places.Meeting
	Decision    places.Decision
}

// hartlepoolBoard builds Hartlepool's health and wellbeing board: four
// organisations from four sectors, four members, a meeting all attended and
// a decision taken by vote (3 for, 1 abstaining).
func hartlepoolBoard(t *testing.T, srv *apptest.Server) board {
	t.Helper()
	ctx := context.Background()
	st := srv.Store
	b := board{Orgs: map[string]places.Organisation{}}
	for _, o := range []places.Organisation{
		{Name: "North Tees and Hartlepool NHS Foundation Trust", Kind: places.OrgNHSTrust, ODSCode: "RVW", AreaCodes: []string{"E06000001", "E06000004"}},
		{Name: "Hartlepool Borough Council", Kind: places.OrgCouncilUpper, ONSCode: "E06000001", AreaCodes: []string{"E06000001"}},
		{Name: "Cleveland Police", Kind: places.OrgPolice, AreaCodes: []string{"E06000001", "E06000002", "E06000003", "E06000004"}},
		{Name: "Hartlepool Voluntary Development Agency", Kind: places.OrgVoluntary, CharityNumber: "1092396", AreaCodes: []string{"E06000001"}},
	} {
		created, err := st.CreateOrganisation(ctx, store.System, o)
		if err != nil {
			t.Fatalf("create organisation %s: %v", o.Name, err)
		}
		b.Orgs[string(o.Kind)] = created
	}
	p, err := st.CreatePartnership(ctx, store.System, places.Partnership{
		Kind: places.PartnershipHWB, AreaCode: "E06000001", AreaType: places.AreaUTLA,
		Name: "Hartlepool Health and Wellbeing Board", LeadOrgID: b.Orgs["council_upper"].ID,
	})
	if err != nil {
		t.Fatalf("create partnership: %v", err)
	}
	b.Partnership = p
	for _, m := range []places.Member{
		{PersonName: "Alex Example", OrgID: b.Orgs["council_upper"].ID, Role: places.RoleChair, Statutory: true},
		{PersonName: "Sam Sample", OrgID: b.Orgs["nhs_trust"].ID, Role: places.RoleViceChair, Statutory: true},
		{PersonName: "Jo Placeholder", OrgID: b.Orgs["police"].ID, Role: places.RoleMember},
		{PersonName: "Chris Fictional", OrgID: b.Orgs["voluntary"].ID, Role: places.RoleMember},
	} {
		m.PartnershipID = p.ID
		added, err := st.AddMember(ctx, store.System, m)
		if err != nil {
			t.Fatalf("add member %s: %v", m.PersonName, err)
		}
		b.Members = append(b.Members, added)
	}
	ids := make([]int64, len(b.Members))
	for i, m := range b.Members {
		ids[i] = m.ID
	}
	b.Meeting, err = st.CreateMeeting(ctx, store.System, places.Meeting{
		PartnershipID: p.ID, Date: "2026-03-12", Agenda: "1. Joint strategic needs assessment\n2. Better Care Fund plan",
		Minutes: "The board discussed the needs assessment.", Attendance: ids,
	})
	if err != nil {
		t.Fatalf("create meeting: %v", err)
	}
	b.Decision, err = st.CreateDecision(ctx, store.System, places.Decision{
		PartnershipID: p.ID, MeetingID: b.Meeting.ID, Date: "2026-03-12",
		Text:    "Adopt the joint local health and wellbeing strategy 2026 to 2030",
		Outcome: places.OutcomeVote,
		Votes: []places.Vote{
			{MemberID: b.Members[0].ID, Choice: places.VoteFor},
			{MemberID: b.Members[1].ID, Choice: places.VoteFor},
			{MemberID: b.Members[2].ID, Choice: places.VoteAbstain},
			{MemberID: b.Members[3].ID, Choice: places.VoteFor},
		},
		Papers: []places.Paper{{Title: "Draft strategy", URL: "https://example.org/strategy.pdf"}},
	})
	if err != nil {
		t.Fatalf("create decision: %v", err)
	}
	return b
}
