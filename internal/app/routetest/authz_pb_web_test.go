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
}

func init() { addModuleTable(pbWebRows, pbWebRequest) }

// pbWebProcesses are the fixture's processes for the PB page probes: one
// open for voting, one closed and counted, one in draft.
type pbWebProcesses struct {
	open, closed, draft int64
	codes               []string
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
	var err error
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
	case strings.HasSuffix(pattern, "/results"), strings.HasSuffix(pattern, "/turnout"), strings.HasSuffix(pattern, "/receipt"):
		id = ps.closed
	}
	path := strings.ReplaceAll(pattern, "{id}", itoa(id))
	p := probe{method: method, path: path}
	if method == "POST" {
		// An empty form: whoever is let in gets the form back with errors
		// (422) and nothing changes.
		p.contentType = "application/x-www-form-urlencoded"
		p.body = url.Values{}.Encode()
	}
	return p
}
