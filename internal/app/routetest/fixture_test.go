package routetest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/placeboard/placeboard/internal/api"
	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/web"
)

// serverRoutes is every route of the whole server, from the single list
// each part exposes: /healthz (core), the API's recorded registrations and
// the web's Routes.
//
// The API's list is recorded from its real registrations; the web's is
// the list web.Routes() keeps beside Register. A route listed but not
// registered fails the matrix (it answers the catch-all 404); a route
// registered but not listed would not be seen.
//
// TODO(core, web): expose (*app.App).Routes() built from what routes()
// really registers (a recording wrapper around the ServeMux, with
// web.Register taking an interface{ Handle; HandleFunc } instead of
// *http.ServeMux), and use it here instead of this union.
func serverRoutes() []string {
	rs := []string{"GET /healthz"}
	for _, r := range api.New(api.Deps{}).Routes() {
		rs = append(rs, r.String())
	}
	rs = append(rs, web.Routes()...)
	sort.Strings(rs)
	return rs
}

// fixture is one partnership with a board member, meeting and decision,
// plus a second partnership whose officer must not act in the first.
type fixture struct {
	srv        *apptest.Server
	org        places.Organisation
	p, other   places.Partnership
	member     places.Member
	meeting    places.Meeting
	decision   places.Decision
	seq        atomic.Int64
	freeAreas  []string
	areaCursor atomic.Int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, apptest.New(t))
}

// postgresServer starts the whole server on a fresh PostgreSQL database
// with the reference data loaded (skipped unless PLACEBOARD_TEST_POSTGRES
// is set; it fails under CI=true without it).
func postgresServer(t *testing.T) *apptest.Server {
	t.Helper()
	dsn := apptest.PostgresURL(t)
	a, err := app.New(context.Background(), app.Config{DatabaseURL: dsn, AuthOptions: auth.Options{AdminSecondFactorOptional: true}})
	if err != nil {
		t.Fatalf("start on PostgreSQL: %v", err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &apptest.Server{Server: srv, App: a, Store: a.Store(), Auth: a.Auth()}
}

func newFixtureOn(t *testing.T, srv *apptest.Server) *fixture {
	t.Helper()
	ctx := context.Background()
	st := srv.Store
	f := &fixture{srv: srv}
	var err error
	f.org, err = st.CreateOrganisation(ctx, store.System, places.Organisation{
		Name: "Hartlepool Borough Council", Kind: places.OrgCouncilUpper, ONSCode: "E06000001",
		AreaCodes: []string{"E06000001"}})
	must(t, err)
	f.p, err = st.CreatePartnership(ctx, store.System, places.Partnership{
		Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board", LeadOrgID: f.org.ID})
	must(t, err)
	f.other, err = st.CreatePartnership(ctx, store.System, places.Partnership{
		Kind: places.PartnershipHWB, AreaCode: "E06000002", Name: "Middlesbrough Health and Wellbeing Board"})
	must(t, err)
	f.member, err = st.AddMember(ctx, store.System, places.Member{PartnershipID: f.p.ID, PersonName: "Alex Chair",
		OrgID: f.org.ID, Role: places.RoleChair, Statutory: true})
	must(t, err)
	f.meeting, err = st.CreateMeeting(ctx, store.System, places.Meeting{PartnershipID: f.p.ID, Date: "2026-01-15",
		Agenda: "Joint strategy", Attendance: []int64{f.member.ID}})
	must(t, err)
	f.decision, err = st.CreateDecision(ctx, store.System, places.Decision{PartnershipID: f.p.ID, MeetingID: f.meeting.ID,
		Text: "Adopt the joint strategy", Date: "2026-01-15", Outcome: places.OutcomeVote,
		Votes: []places.Vote{{MemberID: f.member.ID, Choice: places.VoteFor}}})
	must(t, err)
	// Upper-tier areas with no partnership yet, for creating partnerships.
	f.freeAreas = append(f.freeAreas, "E06000003", "E06000004", "E06000005", "E06000006", "E06000007", "E06000008",
		"E06000009", "E06000010", "E06000011", "E06000012", "E06000013", "E06000014")
	return f
}

// freshMember adds a board member to the fixture partnership, for requests
// that remove one.
func (f *fixture) freshMember(t *testing.T) places.Member {
	t.Helper()
	m, err := f.srv.Store.AddMember(context.Background(), store.System, places.Member{PartnershipID: f.p.ID,
		PersonName: "Member " + f.next(), OrgID: f.org.ID, Role: places.RoleMember})
	must(t, err)
	return m
}

// freshUser creates an account with no role, for requests that grant one.
func (f *fixture) freshUser(t *testing.T) store.User {
	t.Helper()
	n := f.next()
	return f.srv.CreateUser(t, "person"+n+"@example.test", "Person "+n, false)
}

// freshRoleHolder creates an account with a resident role in the fixture
// partnership, for requests that revoke a role or disable an account.
func (f *fixture) freshRoleHolder(t *testing.T) store.User {
	t.Helper()
	u := f.freshUser(t)
	f.srv.Grant(t, u.ID, f.p.ID, auth.RoleResident)
	return u
}

func (f *fixture) next() string { return strconv.FormatInt(f.seq.Add(1), 10) }

func (f *fixture) freeArea(t *testing.T) string {
	i := int(f.areaCursor.Add(1)) - 1
	if i >= len(f.freeAreas) {
		t.Fatal("fixture ran out of free areas")
	}
	return f.freeAreas[i]
}

// role is one column of the authorisation matrix.
type role struct {
	name     string
	role     auth.Role // role in the fixture partnership (or in other, for officer_elsewhere)
	admin    bool
	inOther  bool
	national bool // national analyst
	disabled bool // the account is disabled after signing in
}

var roles = []role{
	{name: "anonymous"},
	{name: "resident", role: auth.RoleResident},
	{name: "board_member", role: auth.RoleBoardMember},
	{name: "officer", role: auth.RoleOfficer},
	{name: "administrator", role: auth.RoleAdministrator},
	{name: "global_admin", admin: true},
	{name: "officer_elsewhere", role: auth.RoleOfficer, inOther: true},
	{name: "analyst", role: auth.RoleAnalyst},
	{name: "national_analyst", national: true},
	{name: "disabled", admin: true, disabled: true},
}

// users signs in one fresh user per role; anonymous gets a client with no
// session. It also returns each role's e-mail for fresh sessions.
func (f *fixture) users(t *testing.T) (map[string]*http.Client, map[string]string) {
	t.Helper()
	clients, emails := map[string]*http.Client{}, map[string]string{}
	for _, r := range roles {
		if r.name == "anonymous" {
			clients[r.name] = f.srv.Client(t)
			continue
		}
		pid := f.p.ID
		if r.inOther {
			pid = f.other.ID
		}
		c, u := f.srv.As(t, r.role, pid, r.admin)
		if r.national {
			must(t, f.srv.Store.SetNationalAnalyst(context.Background(), store.System, u.ID, true))
		}
		if r.disabled {
			must(t, f.srv.Store.SetDisabled(context.Background(), store.System, u.ID, true))
		}
		clients[r.name], emails[r.name] = c, u.Email
	}
	return clients, emails
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var storeSystem = store.System

func placesMember(partnershipID, orgID int64) places.Member {
	return places.Member{PartnershipID: partnershipID, PersonName: "Other Board Member", OrgID: orgID, Role: places.RoleMember}
}

func readAll(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func placesOrg(name, kind, ods string) places.Organisation {
	return places.Organisation{Name: name, Kind: places.OrgKind(kind), ODSCode: ods}
}
