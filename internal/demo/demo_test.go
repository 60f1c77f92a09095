package demo

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
)

// memStore is an in-memory Store that validates its input as the real store
// does and enforces unique ODS codes, so Seed's lookups and idempotency can be
// tested without a database. (The real store is exercised in
// store_test.go.)
type memStore struct {
	orgs      []places.Organisation
	parts     []places.Partnership
	members   []places.Member
	meetings  []places.Meeting
	decisions []places.Decision
	writes    int
	failAfter int // fail every write after this many (0: never)
}

func (m *memStore) Exclusive(ctx context.Context, _ string, fn func(context.Context) error) error {
	return fn(ctx)
}

func (m *memStore) write() error {
	m.writes++
	if m.failAfter > 0 && m.writes > m.failAfter {
		return fmt.Errorf("simulated crash after %d writes", m.failAfter)
	}
	return nil
}

func page[T any](items []T, p store.Page) []T {
	if p.Limit <= 0 {
		p.Limit = store.DefaultLimit
	}
	if p.Offset > len(items) {
		return nil
	}
	items = items[p.Offset:]
	if len(items) > p.Limit {
		items = items[:p.Limit]
	}
	return items
}

func (m *memStore) ListOrganisations(_ context.Context, f store.OrgFilter) ([]places.Organisation, int, error) {
	var out []places.Organisation
	q := strings.ToLower(f.Query)
	for _, o := range m.orgs {
		if f.Kind != "" && o.Kind != f.Kind {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(o.Name), q) && strings.ToLower(o.ODSCode) != q && strings.ToLower(o.ONSCode) != q {
			continue
		}
		out = append(out, o)
	}
	return page(out, f.Page), len(out), nil
}

func (m *memStore) CreateOrganisation(_ context.Context, _ store.Actor, o places.Organisation) (places.Organisation, error) {
	o.Normalize()
	if errs := o.Validate(); errs != nil {
		return o, errs
	}
	for _, x := range m.orgs {
		if o.ODSCode != "" && x.ODSCode == o.ODSCode {
			return o, store.ErrConflict
		}
	}
	if err := m.write(); err != nil {
		return o, err
	}
	o.ID = int64(len(m.orgs) + 1)
	m.orgs = append(m.orgs, o)
	return o, nil
}

func (m *memStore) ListPartnerships(_ context.Context, f store.PartnershipFilter) ([]places.Partnership, int, error) {
	var out []places.Partnership
	for _, p := range m.parts {
		if (f.Kind == "" || p.Kind == f.Kind) && (f.AreaCode == "" || p.AreaCode == f.AreaCode) {
			out = append(out, p)
		}
	}
	return page(out, f.Page), len(out), nil
}

func (m *memStore) CreatePartnership(_ context.Context, _ store.Actor, p places.Partnership) (places.Partnership, error) {
	p.Normalize()
	if errs := p.Validate(); errs != nil {
		return p, errs
	}
	if p.LeadOrgID > int64(len(m.orgs)) {
		return p, fmt.Errorf("unknown lead organisation %d", p.LeadOrgID)
	}
	if err := m.write(); err != nil {
		return p, err
	}
	p.ID = int64(len(m.parts) + 1)
	m.parts = append(m.parts, p)
	return p, nil
}

func (m *memStore) ListMembers(_ context.Context, pid int64) ([]places.Member, error) {
	var out []places.Member
	for _, x := range m.members {
		if x.PartnershipID == pid {
			out = append(out, x)
		}
	}
	return out, nil
}

func (m *memStore) AddMember(_ context.Context, _ store.Actor, x places.Member) (places.Member, error) {
	x.Normalize()
	if errs := x.Validate(); errs != nil {
		return x, errs
	}
	if err := m.write(); err != nil {
		return x, err
	}
	x.ID = int64(len(m.members) + 1)
	m.members = append(m.members, x)
	return x, nil
}

func (m *memStore) ListMeetings(_ context.Context, pid int64) ([]places.Meeting, error) {
	var out []places.Meeting
	for _, x := range m.meetings {
		if x.PartnershipID == pid {
			out = append(out, x)
		}
	}
	return out, nil
}

func (m *memStore) CreateMeeting(_ context.Context, _ store.Actor, x places.Meeting) (places.Meeting, error) {
	x.Normalize()
	if errs := x.Validate(); errs != nil {
		return x, errs
	}
	if err := m.write(); err != nil {
		return x, err
	}
	x.ID = int64(len(m.meetings) + 1)
	m.meetings = append(m.meetings, x)
	return x, nil
}

func (m *memStore) ListDecisions(_ context.Context, pid int64) ([]places.Decision, error) {
	var out []places.Decision
	for _, x := range m.decisions {
		if x.PartnershipID == pid {
			out = append(out, x)
		}
	}
	return out, nil
}

func (m *memStore) CreateDecision(_ context.Context, _ store.Actor, x places.Decision) (places.Decision, error) {
	x.Normalize()
	if errs := x.Validate(); errs != nil {
		return x, errs
	}
	members := map[int64]bool{}
	for _, mb := range m.members {
		if mb.PartnershipID == x.PartnershipID {
			members[mb.ID] = true
		}
	}
	for _, v := range x.Votes {
		if !members[v.MemberID] {
			return x, fmt.Errorf("vote by %d, not a member of partnership %d", v.MemberID, x.PartnershipID)
		}
	}
	if err := m.write(); err != nil {
		return x, err
	}
	x.ID = int64(len(m.decisions) + 1)
	m.decisions = append(m.decisions, x)
	return x, nil
}

// loadRef loads the reference data once for all the tests here; Seed only
// reads it.
var loadRef = func() func(testing.TB) *refdata.Set {
	var once sync.Once
	var ref *refdata.Set
	var err error
	return func(t testing.TB) *refdata.Set {
		t.Helper()
		once.Do(func() { ref, err = refdata.Load() })
		if err != nil {
			t.Fatal(err)
		}
		return ref
	}
}()

type counts struct{ orgs, parts, members, meetings, decisions int }

func (m *memStore) counts() counts {
	return counts{len(m.orgs), len(m.parts), len(m.members), len(m.meetings), len(m.decisions)}
}

func TestSeedIsIdempotent(t *testing.T) {
	ref := loadRef(t)
	ctx := context.Background()
	st := &memStore{}
	if err := Seed(ctx, st, ref); err != nil {
		t.Fatalf("first seed: %v", err)
	}
	first := st.counts()
	if err := Seed(ctx, st, ref); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	if got := st.counts(); got != first {
		t.Errorf("second seed changed counts from %+v to %+v", first, got)
	}
}

// TestSeedResumesAfterInterruption seeds into a store that fails part-way
// through, then again into the same store, and expects the same result as
// one clean run.
func TestSeedResumesAfterInterruption(t *testing.T) {
	ref := loadRef(t)
	ctx := context.Background()
	clean := &memStore{}
	if err := Seed(ctx, clean, ref); err != nil {
		t.Fatal(err)
	}
	for _, failAfter := range []int{1, 5, 12, 20, 26, 30, 60} {
		t.Run(fmt.Sprint(failAfter), func(t *testing.T) {
			st := &memStore{failAfter: failAfter}
			if err := Seed(ctx, st, ref); err == nil {
				t.Fatalf("seed did not report the simulated crash")
			}
			st.failAfter = 0
			if err := Seed(ctx, st, ref); err != nil {
				t.Fatalf("resumed seed: %v", err)
			}
			if got, want := st.counts(), clean.counts(); got != want {
				t.Errorf("after resuming: %+v, clean run: %+v", got, want)
			}
		})
	}
}

func TestHartlepoolBoard(t *testing.T) {
	ref := loadRef(t)
	st := &memStore{}
	if err := Seed(context.Background(), st, ref); err != nil {
		t.Fatal(err)
	}
	var board places.Partnership
	for _, p := range st.parts {
		if p.Kind == places.PartnershipHWB && p.AreaCode == HartlepoolCode {
			board = p
		}
	}
	if board.ID == 0 {
		t.Fatalf("no health and wellbeing board for %s", HartlepoolCode)
	}
	orgByID := map[int64]places.Organisation{}
	for _, o := range st.orgs {
		orgByID[o.ID] = o
	}
	if lead := orgByID[board.LeadOrgID]; lead.Name != "Hartlepool Borough Council" {
		t.Errorf("lead organisation %q", lead.Name)
	}

	wantOrgs := []struct {
		kind places.OrgKind
		ods  string
	}{
		{places.OrgCouncilUpper, ""}, {places.OrgICB, "QHM"}, {places.OrgNHSTrust, "RVW"},
		{places.OrgPolice, ""}, {places.OrgFireRescue, ""}, {places.OrgVoluntary, ""},
		{places.OrgGPPractice, ""}, {places.OrgSchool, ""},
	}
	members, _ := st.ListMembers(context.Background(), board.ID)
	roles := map[places.MemberRole]int{}
	statutory := 0
	for _, w := range wantOrgs {
		t.Run(string(w.kind), func(t *testing.T) {
			for _, m := range members {
				o := orgByID[m.OrgID]
				if o.Kind == w.kind && (w.ods == "" || o.ODSCode == w.ods) {
					return
				}
			}
			t.Errorf("no board member from a %s organisation (ODS %q)", w.kind, w.ods)
		})
	}
	for _, m := range members {
		roles[m.Role]++
		if m.Statutory {
			statutory++
		}
	}
	if roles[places.RoleChair] != 1 || roles[places.RoleViceChair] != 1 || roles[places.RoleObserver] < 2 || roles[places.RoleMember] < 5 {
		t.Errorf("roles %v: want one chair, one vice-chair, members and observers", roles)
	}
	if statutory == 0 || statutory == len(members) {
		t.Errorf("%d of %d members statutory: want both statutory and co-opted", statutory, len(members))
	}

	meetings, _ := st.ListMeetings(context.Background(), board.ID)
	if len(meetings) != 2 {
		t.Fatalf("%d meetings, want 2", len(meetings))
	}
	for _, m := range meetings {
		if m.Agenda == "" || m.Minutes == "" || len(m.Attendance) == 0 || len(m.Attendance) >= len(members)+1 {
			t.Errorf("meeting %s: agenda, minutes and partial attendance expected", m.Date)
		}
	}
	decisions, _ := st.ListDecisions(context.Background(), board.ID)
	byOutcome := map[places.Outcome]int{}
	for _, d := range decisions {
		byOutcome[d.Outcome]++
		if len(d.Papers) == 0 || d.MeetingID == 0 {
			t.Errorf("decision %q: want linked papers and a meeting", d.Text)
		}
		if d.Outcome == places.OutcomeVote {
			f, a, ab := d.Tally()
			if f <= a || f+a+ab != len(d.Votes) {
				t.Errorf("decision %q: tally %d for, %d against, %d abstain", d.Text, f, a, ab)
			}
		}
	}
	if byOutcome[places.OutcomeVote] == 0 || byOutcome[places.OutcomeConsensus] == 0 {
		t.Errorf("outcomes %v: want both votes and consensus", byOutcome)
	}
}

func TestFootprintPartnerships(t *testing.T) {
	ref := loadRef(t)
	st := &memStore{}
	if err := Seed(context.Background(), st, ref); err != nil {
		t.Fatal(err)
	}
	orgByID := map[int64]places.Organisation{}
	for _, o := range st.orgs {
		orgByID[o.ID] = o
	}
	bySector := map[places.Sector]int{}
	seen := map[string]bool{}
	for _, p := range st.parts {
		if p.Kind != places.PartnershipFootprint {
			continue
		}
		if p.AreaType != places.AreaSTP {
			t.Errorf("footprint partnership %q tied to a %s", p.Name, p.AreaType)
		}
		if !strings.HasSuffix(p.Name, IllustrativeSuffix) {
			t.Errorf("footprint partnership %q is not marked illustrative", p.Name)
		}
		seen[p.AreaCode] = true
		bySector[places.SectorOf(orgByID[p.LeadOrgID].Kind)]++
		members, _ := st.ListMembers(context.Background(), p.ID)
		if len(members) == 0 {
			t.Errorf("footprint %s has no board", p.AreaCode)
		}
	}
	if len(seen) != 44 {
		t.Errorf("%d footprints have a partnership, want 44", len(seen))
	}
	if bySector[places.SectorLocalGovernment] != 3 || bySector[places.SectorNHS] != 41 {
		t.Errorf("lead sectors %v, want 3 local government and 41 NHS", bySector)
	}
}

func TestCouncilName(t *testing.T) {
	tests := []struct{ code, name, want string }{
		{"E06000001", "Hartlepool", "Hartlepool Borough Council"},
		{"E10000024", "Nottinghamshire", "Nottinghamshire County Council"},
		{"E09000007", "Camden", "London Borough of Camden"},
		{"E09000001", "City of London", "City of London Corporation"},
		{"E08000010", "Wigan", "Wigan Council"},
		{"E06000052", "Cornwall", "Cornwall Council"},
	}
	for _, tt := range tests {
		if got := CouncilName(refdata.Area{Type: refdata.UTLA, Code: tt.code, Name: tt.name}); got != tt.want {
			t.Errorf("CouncilName(%s) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestSeedAfterBoardRenamedAddsNoSecondBoard(t *testing.T) {
	ref := loadRef(t)
	ctx := context.Background()
	st := &memStore{}
	if err := Seed(ctx, st, ref); err != nil {
		t.Fatal(err)
	}
	first := st.counts()
	for i := range st.parts {
		st.parts[i].Name = "Renamed " + st.parts[i].Name
	}
	if err := Seed(ctx, st, ref); err != nil {
		t.Fatal(err)
	}
	if got := st.counts(); got != first {
		t.Errorf("seeding after renaming changed counts from %+v to %+v", first, got)
	}
}
