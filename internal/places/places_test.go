package places

import (
	"strings"
	"testing"
)

func fields(errs interface{ Error() string }) string {
	if errs == nil {
		return ""
	}
	return errs.Error()
}

func TestOrganisationValidate(t *testing.T) {
	ok := Organisation{Name: "Hartlepool Borough Council", Kind: OrgCouncilUpper, ONSCode: "E06000001", AreaCodes: []string{"E06000001"}}
	tests := []struct {
		name   string
		change func(o *Organisation)
		field  string // "" = valid
	}{
		{"valid", func(o *Organisation) {}, ""},
		{"lower-case codes are normalised", func(o *Organisation) { o.ONSCode = " e06000001 "; o.AreaCodes = []string{"e06000001", "E06000001"} }, ""},
		{"missing name", func(o *Organisation) { o.Name = "  " }, "name"},
		{"overlong name", func(o *Organisation) { o.Name = strings.Repeat("é", MaxNameLen+1) }, "name"},
		{"missing kind", func(o *Organisation) { o.Kind = "" }, "kind"},
		{"unknown kind", func(o *Organisation) { o.Kind = "castle" }, "kind"},
		{"bad ODS code", func(o *Organisation) { o.ODSCode = "R-1" }, "ods_code"},
		{"bad ONS code", func(o *Organisation) { o.ONSCode = "E0600001" }, "ons_code"},
		{"bad URN", func(o *Organisation) { o.SchoolURN = "12a456" }, "school_urn"},
		{"bad charity number", func(o *Organisation) { o.CharityNumber = "12" }, "charity_number"},
		{"bad area code", func(o *Organisation) { o.AreaCodes = []string{"Hartlepool"} }, "area_codes"},
	}
	for _, tc := range tests {
		o := ok
		o.AreaCodes = append([]string(nil), ok.AreaCodes...)
		tc.change(&o)
		o.Normalize()
		errs := o.Validate()
		switch {
		case tc.field == "" && errs != nil:
			t.Errorf("%s: unexpected %v", tc.name, errs)
		case tc.field != "" && (errs == nil || errs.Fields[0].Field != tc.field):
			t.Errorf("%s: got %v, want a problem with %s", tc.name, fields(errs.Err()), tc.field)
		}
	}
}

func TestSectorOf(t *testing.T) {
	for k, want := range map[OrgKind]Sector{
		OrgICB: SectorNHS, OrgCCG: SectorNHS, OrgNHSTrust: SectorNHS, OrgGPPractice: SectorNHS,
		OrgCouncilUpper: SectorLocalGovernment, OrgCouncilLower: SectorLocalGovernment,
		OrgSchool: SectorOther, OrgPolice: SectorOther, OrgFireRescue: SectorOther, OrgVoluntary: SectorOther, OrgHousing: SectorOther, OrgPrivate: SectorOther,
	} {
		if got := SectorOf(k); got != want {
			t.Errorf("SectorOf(%s) = %s, want %s", k, got, want)
		}
		if k.Label() == "" {
			t.Errorf("%s has no label", k)
		}
	}
	if len(OrgKinds) != 12 {
		t.Errorf("%d kinds, want 12", len(OrgKinds))
	}
}

func TestPartnershipMemberValidate(t *testing.T) {
	ps := []struct {
		p     Partnership
		field string
	}{
		{Partnership{Kind: PartnershipHWB, AreaCode: "E06000001", Name: "Board"}, ""},
		{Partnership{Kind: PartnershipFootprint, AreaCode: "E54000050", AreaType: AreaICB, Name: "F"}, ""},
		{Partnership{Kind: PartnershipHWB, AreaCode: "E06000001", AreaType: AreaICB, Name: "Board"}, "area_type"},
		{Partnership{Kind: "club", AreaCode: "E06000001", Name: "Board"}, "kind"},
		{Partnership{Kind: PartnershipHWB, AreaCode: "", Name: "Board"}, "area_code"},
		{Partnership{Kind: PartnershipHWB, AreaCode: "E06000001"}, "name"},
		{Partnership{Kind: PartnershipHWB, AreaCode: "E06000001", Name: "B", LeadOrgID: -1}, "lead_org_id"},
	}
	for _, tc := range ps {
		tc.p.Normalize()
		errs := tc.p.Validate()
		if (tc.field == "") != (errs == nil) || (errs != nil && errs.Fields[0].Field != tc.field) {
			t.Errorf("%+v: got %v, want %q", tc.p, errs.Err(), tc.field)
		}
	}
	ms := []struct {
		m     Member
		field string
	}{
		{Member{PersonName: "Ada", OrgID: 1, Role: RoleChair, Statutory: true}, ""},
		{Member{PersonName: "", OrgID: 1, Role: RoleChair}, "person_name"},
		{Member{PersonName: "Ada", OrgID: 0, Role: RoleChair}, "org_id"},
		{Member{PersonName: "Ada", OrgID: 1, Role: "king"}, "role"},
	}
	for _, tc := range ms {
		errs := tc.m.Validate()
		if (tc.field == "") != (errs == nil) || (errs != nil && errs.Fields[0].Field != tc.field) {
			t.Errorf("%+v: got %v, want %q", tc.m, errs.Err(), tc.field)
		}
	}
}

func TestMeetingDecisionValidate(t *testing.T) {
	meetings := []struct {
		m     Meeting
		field string
	}{
		{Meeting{Date: "2026-03-04", Attendance: []int64{1, 2}}, ""},
		{Meeting{Date: ""}, "date"},
		{Meeting{Date: "04/03/2026"}, "date"},
		{Meeting{Date: "2026-02-29"}, "date"},
		{Meeting{Date: "1066-10-14"}, "date"},
		{Meeting{Date: "2026-03-04", Agenda: strings.Repeat("x", MaxTextLen+1)}, "agenda"},
		{Meeting{Date: "2026-03-04", Attendance: []int64{1, 1}}, "attendance"},
	}
	for _, tc := range meetings {
		errs := tc.m.Validate()
		if (tc.field == "") != (errs == nil) || (errs != nil && errs.Fields[0].Field != tc.field) {
			t.Errorf("%+v: got %v, want %q", tc.m, errs.Err(), tc.field)
		}
	}
	vote := func(id int64, c VoteChoice) Vote { return Vote{MemberID: id, Choice: c} }
	decisions := []struct {
		d     Decision
		field string
	}{
		{Decision{Text: "Agree", Date: "2026-03-04", Outcome: OutcomeConsensus}, ""},
		{Decision{Text: "Agree", Date: "2026-03-04", Outcome: OutcomeVote, Votes: []Vote{vote(1, VoteFor), vote(2, VoteAgainst)}}, ""},
		{Decision{Text: "", Date: "2026-03-04", Outcome: OutcomeConsensus}, "text"},
		{Decision{Text: "A", Date: "2026-03-04", Outcome: "coin toss"}, "outcome"},
		{Decision{Text: "A", Date: "2026-03-04", Outcome: OutcomeVote}, "votes"},
		{Decision{Text: "A", Date: "2026-03-04", Outcome: OutcomeConsensus, Votes: []Vote{vote(1, VoteFor)}}, "votes"},
		{Decision{Text: "A", Date: "2026-03-04", Outcome: OutcomeVote, Votes: []Vote{vote(1, VoteFor), vote(1, VoteFor)}}, "votes[1].member_id"},
		{Decision{Text: "A", Date: "2026-03-04", Outcome: OutcomeVote, Votes: []Vote{vote(1, "maybe")}}, "votes[0].choice"},
		{Decision{Text: "A", Date: "2026-03-04", Outcome: OutcomeConsensus, Papers: []Paper{{Title: "P", URL: "javascript:alert(1)"}}}, "papers[0].url"},
		{Decision{Text: "A", Date: "2026-03-04", Outcome: OutcomeConsensus, Papers: []Paper{{Title: "", URL: "https://x.org"}}}, "papers[0].title"},
	}
	for _, tc := range decisions {
		tc.d.Normalize()
		errs := tc.d.Validate()
		if (tc.field == "") != (errs == nil) || (errs != nil && errs.Fields[0].Field != tc.field) {
			t.Errorf("%+v: got %v, want %q", tc.d, errs.Err(), tc.field)
		}
	}
	d := Decision{Votes: []Vote{vote(1, VoteFor), vote(2, VoteFor), vote(3, VoteAgainst), vote(4, VoteAbstain)}}
	if f, a, ab := d.Tally(); f != 2 || a != 1 || ab != 1 {
		t.Errorf("tally %d %d %d", f, a, ab)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-04", "", "2026-02-30", "x", " 2026-01-01 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && d.Format(DateLayout) != strings.TrimSpace(s) {
			t.Fatalf("%q parsed as %s", s, d.Format(DateLayout))
		}
	})
}
