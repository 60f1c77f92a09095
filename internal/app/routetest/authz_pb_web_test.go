package routetest

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// Participatory budgeting pages (internal/web/pb_*.go). Residents' pages
// are public (a vote needs a code or a signed-in resident, checked by the
// form, not by a role); the staff pages are for the partnership's officers
// and administrators (auth.ManageParticipatoryBudgets) and global administrators.
var pbWebRows = map[string]string{
	"GET /pb":              "Y Y Y Y Y Y Y Y Y Y",
	"GET /pb/{id}":         "Y Y Y Y Y Y Y Y Y Y",
	"GET /pb/{id}/vote":    "Y Y Y Y Y Y Y Y Y Y",
	"POST /pb/{id}/vote":   "Y Y Y Y Y Y Y Y Y Y",
	"POST /pb/{id}/ballot": "Y Y Y Y Y Y Y Y Y Y",
	"GET /pb/{id}/receipt": "Y Y Y Y Y Y Y Y Y Y",
	"GET /pb/{id}/results": "Y Y Y Y Y Y Y Y Y Y",
	"GET /pb/{id}/turnout": "Y Y Y Y Y Y Y Y Y Y",

	"GET /partnerships/{id}/pb/new":       "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/pb/new":      "N N N Y Y Y N N N N",
	"GET /pb/{id}/manage":                 "N N N Y Y Y N N N N",
	"GET /pb/{id}/edit":                   "N N N Y Y Y N N N N",
	"POST /pb/{id}/edit":                  "N N N Y Y Y N N N N",
	"GET /pb/{id}/projects/new":           "N N N Y Y Y N N N N",
	"POST /pb/{id}/projects/new":          "N N N Y Y Y N N N N",
	"GET /pb/{id}/projects/{projectID}":   "N N N Y Y Y N N N N",
	"POST /pb/{id}/projects/{projectID}":  "N N N Y Y Y N N N N",
	"POST /pb/{id}/open":                  "N N N Y Y Y N N N N",
	"POST /pb/{id}/close":                 "N N N Y Y Y N N N N",
	"POST /pb/{id}/codes":                 "N N N Y Y Y N N N N",
	"GET /pb/{id}/paper":                  "N N N Y Y Y N N N N",
	"POST /pb/{id}/paper":                 "N N N Y Y Y N N N N",
	"POST /pb/{id}/paper/{paperID}/check": "N N N Y Y Y N N N N",
	"GET /pb/{id}/override":               "N N N Y Y Y N N N N",
	"POST /pb/{id}/override":              "N N N Y Y Y N N N N",
}

func init() { addModuleTable(pbWebRows, pbWebRequest) }

// pbWebProcesses are the fixture's processes for the PB page probes: one
// open for voting, one closed and counted, one in draft (with a project),
// and an empty draft that cannot open.
type pbWebProcesses struct {
	open, closed, draft, empty int64
	draftProject               int64
	codes                      []string
}

var pbWebFixtures sync.Map // *fixture → *pbWebProcesses

// pbWebProcessesOf makes (once per fixture) the processes the probes use,
// in the fixture's partnership.
func pbWebProcessesOf(t *testing.T, f *fixture) *pbWebProcesses {
	t.Helper()
	if v, ok := pbWebFixtures.Load(f); ok {
		return v.(*pbWebProcesses)
	}
	ctx := context.Background()
	st := f.srv.Store
	yes := true
	mk := func(title string) int64 {
		id, err := st.CreatePBProcess(ctx, store.System, &budgeting.Process{PartnershipID: f.p.ID, Title: title, PotPence: 100000,
			Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseCodes: true, MaxProjects: 2,
			Projects: []budgeting.Project{
				{Code: "p1", Title: "Walking group", CostPence: 40000, Feasible: &yes},
				{Code: "p2", Title: "Community garden", CostPence: 60000, Feasible: &yes},
			}})
		must(t, err)
		return id
	}
	ps := &pbWebProcesses{open: mk("Open fund"), closed: mk("Closed fund"), draft: mk("Draft fund")}
	empty, err := st.CreatePBProcess(ctx, store.System, &budgeting.Process{PartnershipID: f.p.ID, Title: "Empty fund", PotPence: 100000,
		Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseCodes: true})
	must(t, err)
	ps.empty = empty
	draft, err := st.PBProcess(ctx, ps.draft)
	must(t, err)
	ps.draftProject = draft.Projects[0].ID
	ps.codes, err = st.CreatePBCodes(ctx, store.System, ps.open, 0, 5)
	must(t, err)
	closedCodes, err := st.CreatePBCodes(ctx, store.System, ps.closed, 0, 1)
	must(t, err)
	must(t, st.OpenPBProcess(ctx, store.System, ps.open))
	must(t, st.OpenPBProcess(ctx, store.System, ps.closed))
	_, err = budgeting.Vote(ctx, st, ps.closed, budgeting.Proof{Code: closedCodes[0]}, budgeting.Choices{Projects: []string{"p1"}}, "")
	must(t, err)
	must(t, st.ClosePBProcess(ctx, store.System, ps.closed))
	_, err = budgeting.Recount(ctx, st, ps.closed, "2026-12-03T10:00:00Z")
	must(t, err)
	v, _ := pbWebFixtures.LoadOrStore(f, ps)
	return v.(*pbWebProcesses)
}

func pbWebRequest(t *testing.T, f *fixture, method, pattern string) probe {
	ps := pbWebProcessesOf(t, f)
	id := ps.open
	switch {
	case strings.HasPrefix(pattern, "/partnerships/"):
		id = f.p.ID
	case strings.HasSuffix(pattern, "/results"), strings.HasSuffix(pattern, "/turnout"), strings.HasSuffix(pattern, "/receipt"),
		strings.HasSuffix(pattern, "/override"), strings.HasSuffix(pattern, "/close"):
		// Closing a closed process answers 409 and changes nothing.
		id = ps.closed
	case strings.HasSuffix(pattern, "/edit"), strings.Contains(pattern, "/projects/"):
		id = ps.draft
	case strings.HasSuffix(pattern, "/open"):
		// A draft without projects cannot open: 422, nothing changes.
		id = ps.empty
	}
	path := strings.NewReplacer("{id}", itoa(id), "{projectID}", itoa(ps.draftProject), "{paperID}", "1").Replace(pattern)
	p := probe{method: method, path: path}
	if method == "POST" {
		// An empty form: whoever is let in gets the form back with errors
		// (422) and nothing changes.
		p.contentType = "application/x-www-form-urlencoded"
		p.body = url.Values{}.Encode()
	}
	return p
}
