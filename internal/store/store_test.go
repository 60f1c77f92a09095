package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

var admin = store.Actor{UserID: 0, Name: "tester@example.test"}

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	ve, ok := validation.As(err)
	if !ok {
		t.Fatalf("want a validation error, got %v", err)
	}
	return ve.Fields[0].Field
}

func TestAreas(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tests := []struct {
			name string
			f    store.AreaFilter
			want []string // codes in order
		}{
			{"by type", store.AreaFilter{Type: places.AreaUTLA}, []string{storetest.Durham, storetest.Cumbria, storetest.Hartlepool, storetest.Northumb}},
			{"name search any case", store.AreaFilter{Query: "HARTLE"}, []string{storetest.Hartlepool, storetest.Hartlepool, storetest.LSOA1}},
			{"code prefix", store.AreaFilter{Type: places.AreaLTLA, Query: "e0700"}, []string{storetest.Carlisle}},
			{"wildcards are literal", store.AreaFilter{Query: "%"}, nil},
			{"children of a footprint", store.AreaFilter{Parent: places.AreaRef{Type: places.AreaSTP, Code: storetest.NENCFootprt}, Type: places.AreaUTLA},
				[]string{storetest.Durham, storetest.Cumbria, storetest.Hartlepool, storetest.Northumb}},
			{"in force in 2020", store.AreaFilter{Query: "north", ValidOn: "2020-01-01"}, []string{storetest.NorthEast, storetest.Northumb, storetest.NENCFootprt}},
			{"in force in 2023", store.AreaFilter{Query: "north", ValidOn: "2023-01-01"}, []string{storetest.NorthEast, storetest.NENCICB, storetest.Northumb}},
			{"page", store.AreaFilter{Type: places.AreaUTLA, Page: store.Page{Limit: 2, Offset: 1}}, []string{storetest.Cumbria, storetest.Hartlepool}},
		}
		for _, tc := range tests {
			got, total, err := s.ListAreas(ctx, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var codes []string
			for _, a := range got {
				codes = append(codes, a.Code)
			}
			if strings.Join(codes, ",") != strings.Join(tc.want, ",") {
				t.Errorf("%s: got %v, want %v", tc.name, codes, tc.want)
			}
			if tc.f.Limit == 0 && total != len(tc.want) {
				t.Errorf("%s: total %d, want %d", tc.name, total, len(tc.want))
			}
		}
		d, err := s.GetArea(ctx, places.AreaRef{Type: places.AreaUTLA, Code: storetest.Cumbria})
		if err != nil {
			t.Fatal(err)
		}
		if d.Area.Population != 400 {
			t.Errorf("Cumbria population %d", d.Area.Population)
		}
		var share *places.AreaParent
		for i, p := range d.Parents {
			if p.Type == places.AreaSTP {
				share = &d.Parents[i]
			}
		}
		if share == nil || share.LSOAs != 60 || share.OfLSOAs != 321 || share.Name == "" {
			t.Errorf("Cumbria's footprint share: %+v", share)
		}
		if len(d.Children) != 1 || d.Children[0].Code != storetest.Carlisle {
			t.Errorf("Cumbria children: %+v", d.Children)
		}
		var sum int64
		for _, p := range d.Population {
			sum += p.Count
		}
		if sum != 400 {
			t.Errorf("population bands sum to %d, want 400", sum)
		}
		// The same code is two areas: utla and ltla.
		both, err := s.AreasByCode(ctx, []string{storetest.Hartlepool, "E99999999"})
		if err != nil || len(both) != 2 {
			t.Errorf("AreasByCode: %v, %v", both, err)
		}
		if _, err := s.GetArea(ctx, places.AreaRef{Type: places.AreaICB, Code: storetest.Hartlepool}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown area: %v, want ErrNotFound", err)
		}
	})
}

func TestOrganisations(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o, err := s.CreateOrganisation(ctx, admin, places.Organisation{Name: " Hartlepool Borough Council ", Kind: places.OrgCouncilUpper, ONSCode: "e06000001", AreaCodes: []string{"E06000001"}})
		if err != nil {
			t.Fatal(err)
		}
		if o.ID == 0 || o.Name != "Hartlepool Borough Council" || o.ONSCode != "E06000001" || len(o.AreaCodes) != 1 {
			t.Errorf("created %+v", o)
		}
		bad := []struct {
			name  string
			org   places.Organisation
			field string
		}{
			{"missing name", places.Organisation{Kind: places.OrgSchool}, "name"},
			{"unknown kind", places.Organisation{Name: "X", Kind: "castle"}, "kind"},
			{"overlong name", places.Organisation{Name: strings.Repeat("x", 201), Kind: places.OrgSchool}, "name"},
			{"unknown area", places.Organisation{Name: "X", Kind: places.OrgSchool, AreaCodes: []string{"E06000999"}}, "area_codes"},
			{"bad ODS", places.Organisation{Name: "X", Kind: places.OrgNHSTrust, ODSCode: "!!"}, "ods_code"},
		}
		for _, tc := range bad {
			_, err := s.CreateOrganisation(ctx, admin, tc.org)
			if f := fieldOf(t, err); f != tc.field {
				t.Errorf("%s: field %q, want %q", tc.name, f, tc.field)
			}
		}
		trust, err := s.CreateOrganisation(ctx, admin, places.Organisation{Name: "North Tees and Hartlepool NHS Foundation Trust", Kind: places.OrgNHSTrust, ODSCode: "RVW"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateOrganisation(ctx, admin, places.Organisation{Name: "Copy", Kind: places.OrgNHSTrust, ODSCode: "rvw"}); fieldOf(t, err) != "ods_code" {
			t.Errorf("duplicate ODS code accepted")
		}
		trust.AreaCodes = []string{storetest.Hartlepool, storetest.Durham}
		trust, err = s.UpdateOrganisation(ctx, admin, trust)
		if err != nil || len(trust.AreaCodes) != 2 {
			t.Fatalf("update: %+v %v", trust, err)
		}
		list, total, err := s.ListOrganisations(ctx, store.OrgFilter{AreaCode: storetest.Durham})
		if err != nil || total != 1 || list[0].ID != trust.ID {
			t.Errorf("by area: %v %d %v", list, total, err)
		}
		list, _, _ = s.ListOrganisations(ctx, store.OrgFilter{Query: "rvw"})
		if len(list) != 1 {
			t.Errorf("search by ODS code: %v", list)
		}
		// Import is all or nothing and names the row.
		_, err = s.ImportOrganisations(ctx, admin, []places.OrgCSVRow{
			{Row: 2, Organisation: places.Organisation{Name: "Good School", Kind: places.OrgSchool, SchoolURN: "123456"}},
			{Row: 4, Organisation: places.Organisation{Name: "Bad", Kind: places.OrgSchool, AreaCodes: []string{"E06000999"}}},
		})
		ve, ok := validation.As(err)
		if !ok || ve.Fields[0].Row != 4 || strings.Contains(ve.Fields[0].Message, "Row 4") || ve.Fields[0].Field != "area_codes" {
			t.Fatalf("import error: %v", err)
		}
		if _, n, _ := s.ListOrganisations(ctx, store.OrgFilter{Kind: places.OrgSchool}); n != 0 {
			t.Errorf("a failed import left %d rows", n)
		}
		n, err := s.ImportOrganisations(ctx, admin, []places.OrgCSVRow{{Row: 2, Organisation: places.Organisation{Name: "Good School", Kind: places.OrgSchool, SchoolURN: "123456"}}})
		if err != nil || n != 1 {
			t.Errorf("import: %d %v", n, err)
		}
		if err := s.DeleteOrganisation(ctx, admin, o.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetOrganisation(ctx, o.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after delete: %v", err)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit after organisation changes: %v", err)
		}
	})
}

// board builds a partnership with two members, a meeting and a decision.
func board(t *testing.T, s *store.Store) (places.Partnership, []places.Member) {
	t.Helper()
	ctx := context.Background()
	council, err := s.CreateOrganisation(ctx, admin, places.Organisation{Name: "Hartlepool Borough Council", Kind: places.OrgCouncilUpper, ONSCode: storetest.Hartlepool})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.CreatePartnership(ctx, admin, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Hartlepool Health and Wellbeing Board", LeadOrgID: council.ID})
	if err != nil {
		t.Fatal(err)
	}
	var ms []places.Member
	for _, m := range []places.Member{
		{PartnershipID: p.ID, PersonName: "Ada Chair", OrgID: council.ID, Role: places.RoleChair, Statutory: true},
		{PartnershipID: p.ID, PersonName: "Bo Member", OrgID: council.ID, Role: places.RoleMember},
	} {
		got, err := s.AddMember(ctx, admin, m)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, got)
	}
	return p, ms
}

func TestPartnershipBoardMeetingsDecisions(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, ms := board(t, s)
		if p.AreaType != places.AreaUTLA {
			t.Errorf("hwb area type %q, want utla", p.AreaType)
		}
		// A footprint on a code shared by stp and icb resolves to the stp.
		fp, err := s.CreatePartnership(ctx, admin, places.Partnership{Kind: places.PartnershipFootprint, AreaCode: storetest.NENCFootprt, Name: "NENC", LeadOrgID: p.LeadOrgID})
		if err != nil || fp.AreaType != places.AreaSTP {
			t.Fatalf("footprint: %+v %v", fp, err)
		}
		for _, tc := range []struct {
			p     places.Partnership
			field string
		}{
			{places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Carlisle, Name: "X"}, "area_code"},
			{places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Durham, Name: "X", LeadOrgID: 9999}, "lead_org_id"},
			{places.Partnership{Kind: "club", AreaCode: storetest.Durham, Name: "X"}, "kind"},
		} {
			if _, err := s.CreatePartnership(ctx, admin, tc.p); fieldOf(t, err) != tc.field {
				t.Errorf("%+v: want field %s", tc.p, tc.field)
			}
		}
		members, err := s.ListMembers(ctx, p.ID)
		if err != nil || len(members) != 2 || members[0].Role != places.RoleChair || !members[0].Statutory || members[1].Statutory {
			t.Errorf("members: %+v %v", members, err)
		}
		m, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: p.ID, Date: "2026-03-04", Agenda: "1. Welcome", Attendance: []int64{ms[0].ID, ms[1].ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: p.ID, Date: "2026-02-30"}); fieldOf(t, err) != "date" {
			t.Error("impossible date accepted")
		}
		if _, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: p.ID, Date: "2026-03-05", Attendance: []int64{99999}}); fieldOf(t, err) != "attendance" {
			t.Error("stranger attended")
		}
		d, err := s.CreateDecision(ctx, admin, places.Decision{PartnershipID: p.ID, MeetingID: m.ID, Text: "Adopt the strategy", Date: "2026-03-04",
			Outcome: places.OutcomeVote, Votes: []places.Vote{{MemberID: ms[0].ID, Choice: places.VoteFor}, {MemberID: ms[1].ID, Choice: places.VoteAbstain}},
			Papers: []places.Paper{{Title: "Strategy", URL: "https://example.org/s.pdf"}}})
		if err != nil {
			t.Fatal(err)
		}
		f, a, ab := d.Tally()
		if f != 1 || a != 0 || ab != 1 || len(d.Papers) != 1 || d.MeetingID != m.ID {
			t.Errorf("decision %+v", d)
		}
		if _, err := s.CreateDecision(ctx, admin, places.Decision{PartnershipID: fp.ID, Text: "x", Date: "2026-01-01", Outcome: places.OutcomeVote,
			Votes: []places.Vote{{MemberID: ms[0].ID, Choice: places.VoteFor}}}); fieldOf(t, err) != "votes[0].member_id" {
			t.Error("a member of another board voted")
		}
		if err := s.DeleteMeeting(ctx, admin, m.ID); err != nil {
			t.Fatal(err)
		}
		if d2, _ := s.GetDecision(ctx, d.ID); d2.MeetingID != 0 {
			t.Errorf("decision still tied to deleted meeting")
		}
		if err := s.RemoveMember(ctx, admin, ms[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePartnership(ctx, admin, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetPartnership(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("partnership after delete: %v", err)
		}
		rep, err := s.VerifyAudit(ctx)
		if err != nil {
			t.Fatalf("audit: %v", err)
		}
		if rep.Entries < 10 {
			t.Errorf("only %d audit entries", rep.Entries)
		}
	})
}

func TestUsersRolesSessions(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, err := s.CreateUser(ctx, store.System, store.NewUser{Email: " Ada@Example.TEST ", Name: "Ada", PasswordHash: "$argon2id$x", Admin: true})
		if err != nil || u.Email != "ada@example.test" || !u.Admin {
			t.Fatalf("create user: %+v %v", u, err)
		}
		_, err = s.CreateUser(ctx, store.System, store.NewUser{Email: "ada@example.test", Name: "Ada 2", PasswordHash: "h"})
		if !errors.Is(err, store.ErrConflict) || fieldOf(t, err) != "email" {
			t.Errorf("duplicate e-mail: %v", err)
		}
		if got, err := s.GetUserByEmail(ctx, "ADA@example.test"); err != nil || got.ID != u.ID {
			t.Errorf("by email: %v", err)
		}
		p, _ := board(t, s)
		if err := s.GrantRole(ctx, store.System, store.RoleGrant{UserID: u.ID, PartnershipID: p.ID, Role: "officer"}); err != nil {
			t.Fatal(err)
		}
		if err := s.GrantRole(ctx, store.System, store.RoleGrant{UserID: u.ID, PartnershipID: p.ID, Role: "administrator"}); err != nil {
			t.Fatal(err)
		}
		if err := s.GrantRole(ctx, store.System, store.RoleGrant{UserID: u.ID, PartnershipID: p.ID, Role: "emperor"}); fieldOf(t, err) != "role" {
			t.Error("unknown role accepted")
		}
		roles, _ := s.UserRoles(ctx, u.ID)
		if len(roles) != 1 || roles[0].Role != "administrator" {
			t.Errorf("roles: %+v", roles)
		}
		now := time.Now()
		if _, err := s.CreateSession(ctx, store.Session{TokenHash: "abc", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, 0); err != nil {
			t.Fatal(err)
		}
		if _, got, err := s.SessionUser(ctx, "abc", now, now.Add(-time.Minute)); err != nil || got.ID != u.ID {
			t.Errorf("session: %v", err)
		}
		if _, _, err := s.SessionUser(ctx, "abc", now.Add(2*time.Hour), now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		if err := s.SetPassword(ctx, store.System, u.ID, "$argon2id$y"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, "abc", now, now.Add(-time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session survived a password change: %v", err)
		}
		// Sign-in throttling is tested in users_throttle_test.go.
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit: %v", err)
		}
	})
}

// A cancelled context fails the query cleanly and leaves the pool usable
// (modernc once broke connections on cancel).
func TestCancelledQueryLeavesStoreUsable(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, _, err := s.ListAreas(ctx, store.AreaFilter{}); err == nil {
			t.Error("cancelled query succeeded")
		}
		if _, _, err := s.ListAreas(context.Background(), store.AreaFilter{}); err != nil {
			t.Errorf("query after cancel: %v", err)
		}
	})
}

var _ = audit.GenesisHash

// TestSQLiteMapsTheFile checks that SQLite connections read the database
// through mmap (a build without it would answer 0 and silently fall back
// to a read call per page, which area profiles are slowed by).
func TestSQLiteMapsTheFile(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	// Every connection of the pool, not only the first.
	conns := make([]interface{ Close() error }, 0, 3)
	for i := 0; i < 3; i++ {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var size int64
		if err := c.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&size); err != nil {
			t.Fatal(err)
		}
		if size != 1<<30 {
			t.Errorf("connection %d: mmap_size %d, want %d", i, size, 1<<30)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}
