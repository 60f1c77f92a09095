package routetest

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbNoCountsServer is one server with an open process whose ballots are
// spread over its projects as counts says (project code → ballots), all
// cast with voting codes.
type pbNoCountsServer struct {
	srv       *apptest.Server
	partner   int64
	process   int64
	projectID int64
	receipt   string // the first ballot's
	clients   map[string]*http.Client
}

func newPBNoCountsServer(t *testing.T, ballots [][]string) *pbNoCountsServer {
	t.Helper()
	ctx := context.Background()
	srv := apptest.New(t)
	st := srv.Store
	part, err := st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board"})
	must(t, err)
	yes := true
	id, err := st.CreatePBProcess(ctx, store.System, &budgeting.Process{PartnershipID: part.ID, Title: "Healthy Hartlepool Fund", PotPence: 4000000,
		Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseCodes: true, MaxProjects: 3,
		Projects: []budgeting.Project{
			{Code: "walk", Title: "Walking group", CostPence: 800000, Feasible: &yes},
			{Code: "garden", Title: "Community garden", CostPence: 1500000, Feasible: &yes},
			{Code: "youth", Title: "Youth drop-in", CostPence: 2000000, Feasible: &yes},
			{Code: "gym", Title: "Outdoor gym", CostPence: 3500000, Feasible: &yes},
		}})
	must(t, err)
	codes, err := st.CreatePBCodes(ctx, store.System, id, 0, len(ballots))
	must(t, err)
	must(t, st.OpenPBProcess(ctx, store.System, id))
	var first string
	for i, b := range ballots {
		r, err := budgeting.Vote(ctx, st, id, budgeting.Proof{Code: codes[i]}, budgeting.Choices{Projects: b}, "")
		must(t, err)
		if i == 0 {
			first = r
		}
	}
	p, err := st.PBProcess(ctx, id)
	must(t, err)
	s := &pbNoCountsServer{srv: srv, partner: part.ID, process: id, projectID: p.Projects[0].ID, receipt: first, clients: map[string]*http.Client{"anonymous": srv.Client(t)}}
	// Fixed names, so both servers' pages greet the same people.
	for _, r := range []struct {
		name  string
		role  auth.Role
		admin bool
	}{{"resident", auth.RoleResident, false}, {"officer", auth.RoleOfficer, false}, {"global_admin", "", true}} {
		u := srv.CreateUser(t, r.name+"@example.test", "PB "+r.name, r.admin)
		if r.role != "" {
			srv.Grant(t, u.ID, part.ID, r.role)
		}
		s.clients[r.name], _ = srv.Login(t, u.Email)
	}
	return s
}

// pbVolatile is what may differ between two servers for reasons other
// than the ballots: the lot and salts (64 hex digits), times, and tokens.
var pbVolatile = []*regexp.Regexp{
	regexp.MustCompile(`[0-9a-f]{64}`),
	regexp.MustCompile(`\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} UTC`),
	regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})`),
}

func pbNormalise(s string) string {
	for _, re := range pbVolatile {
		s = re.ReplaceAllString(s, "…")
	}
	return s
}

// TestPBNoCountsWhileOpenPages: while voting is open, no participatory
// budgeting page, API answer or export shows a count per project (Decidim
// leaked them through its open-data file, #12348). Two servers hold the
// same process with the same number of ballots, spread over the projects
// in opposite ways (30/20/10/0 votes against 0/10/20/30). Every PB route
// (web pages and /api/v1/pb, found in the server's own route list) is
// fetched from both, signed out, as a resident, as the partnership's
// officer and as a global administrator; the answers must be identical
// once the lot, salts and times are blanked. A page that showed any
// project's count would differ. The same sweep after the close shows the
// check is not vacuous: the results page then differs.
func TestPBNoCountsWhileOpenPages(t *testing.T) {
	// 30 ballots each. A: walk 30, garden 20, youth 10, gym 0.
	// B: walk 0, garden 10, youth 20, gym 30.
	var a, b [][]string
	for i := range 30 {
		switch {
		case i < 10:
			a = append(a, []string{"walk", "garden", "youth"})
			b = append(b, []string{"gym", "youth", "garden"})
		case i < 20:
			a = append(a, []string{"walk", "garden"})
			b = append(b, []string{"gym", "youth"})
		default:
			a = append(a, []string{"walk"})
			b = append(b, []string{"gym"})
		}
	}
	sa, sb := newPBNoCountsServer(t, a), newPBNoCountsServer(t, b)
	if sa.process != sb.process || sa.partner != sb.partner || sa.projectID != sb.projectID {
		t.Fatalf("the two servers' ids differ: process %d/%d, partnership %d/%d", sa.process, sb.process, sa.partner, sb.partner)
	}
	routes := pbGetRoutes(t)
	if len(routes) < 18 {
		t.Fatalf("only %d PB routes found: %v", len(routes), routes)
	}
	fetch := func(s *pbNoCountsServer, who, path string) (int, string) {
		p := probe{method: http.MethodGet, path: path}
		f := &fixture{srv: s.srv}
		status, _, body := f.do(t, s.clients[who], p)
		return status, strings.ReplaceAll(pbNormalise(body), s.receipt, "RECEIPT")
	}
	who := []string{"anonymous", "resident", "officer", "global_admin"}
	for _, route := range routes {
		pathA, pathB := pbRoutePath(t, route, sa), pbRoutePath(t, route, sb)
		for _, w := range who {
			t.Run(route+"/"+w, func(t *testing.T) {
				stA, bodyA := fetch(sa, w, pathA)
				stB, bodyB := fetch(sb, w, pathB)
				path := pathA
				if stA >= 500 {
					t.Fatalf("GET %s: %d", path, stA)
				}
				if stA != stB || bodyA != bodyB {
					t.Errorf("GET %s as %s depends on how the votes are spread (statuses %d and %d):\n%s", path, w, stA, stB, pbDiff(bodyA, bodyB))
				}
			})
		}
	}
	// After the close the results differ, as they must: the sweep above
	// would have seen counts had any page shown them.
	for _, s := range []*pbNoCountsServer{sa, sb} {
		must(t, s.srv.Store.ClosePBProcess(context.Background(), store.System, s.process))
		_, err := budgeting.Recount(context.Background(), s.srv.Store, s.process, "2026-12-03T10:00:00Z")
		must(t, err)
	}
	results := fmt.Sprintf("/pb/%d/results", sa.process)
	stA, bodyA := fetch(sa, "anonymous", results)
	stB, bodyB := fetch(sb, "anonymous", results)
	if stA != 200 || stB != 200 || bodyA == bodyB {
		t.Errorf("after the close the results pages (%d, %d) should differ between the two spreads of votes", stA, stB)
	}
}

// pbGetRoutes lists the server's GET routes of participatory budgeting:
// the pages under /pb, the staff pages, and the API under /api/v1/pb.
func pbGetRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range serverRoutes() {
		method, pattern := splitRoute(r)
		if method != http.MethodGet {
			continue
		}
		if pattern == "/pb" || strings.HasPrefix(pattern, "/pb/") || strings.Contains(pattern, "/pb/") || strings.HasPrefix(pattern, "/api/v1/pb") {
			out = append(out, r)
		}
	}
	return out
}

// pbRoutePath fills a PB route's parameters from the server's process.
func pbRoutePath(t *testing.T, route string, s *pbNoCountsServer) string {
	t.Helper()
	_, pattern := splitRoute(route)
	id := itoa(s.process)
	if strings.HasPrefix(pattern, "/partnerships/") {
		id = itoa(s.partner)
	}
	path := strings.NewReplacer("{id}", id, "{process_id}", itoa(s.process), "{projectID}", itoa(s.projectID), "{project_id}", itoa(s.projectID),
		"{receipt}", s.receipt).Replace(pattern)
	if strings.Contains(path, "{") {
		t.Fatalf("%s: no value for its parameters; add one in pbRoutePath", route)
	}
	return path
}

// pbDiff shows where two bodies first differ.
func pbDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("first difference at byte %d:\nA: …%s…\nB: …%s…", i, a[from:min(len(a), i+200)], b[from:min(len(b), i+200)])
}
