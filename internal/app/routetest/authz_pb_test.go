package routetest

import (
	"context"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// Participatory budgeting (issue 15): the published process, ballots with
// a code, receipts, results and the .pb file are public; setting up,
// opening, closing, codes, overrides, recounts and paper ballots are for
// the partnership's officers and administrators.
var pbRows = map[string]string{
	"GET /api/v1/pb/processes":                                              "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/pb/processes/{process_id}":                                 "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/pb/processes/{process_id}/ballots":                        "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/pb/processes/{process_id}/receipts/{receipt}":              "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/pb/processes/{process_id}/result":                          "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/pb/processes/{process_id}/ballots.pb":                      "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/partnerships/{id}/pb/processes":                           "N N N Y Y Y N N N N",
	"POST /api/v1/pb/processes/{process_id}/projects":                       "N N N Y Y Y N N N N",
	"POST /api/v1/pb/processes/{process_id}/open":                           "N N N Y Y Y N N N N",
	"POST /api/v1/pb/processes/{process_id}/close":                          "N N N Y Y Y N N N N",
	"POST /api/v1/pb/processes/{process_id}/codes":                          "N N N Y Y Y N N N N",
	"POST /api/v1/pb/processes/{process_id}/override":                       "N N N Y Y Y N N N N",
	"POST /api/v1/pb/processes/{process_id}/recount":                        "N N N Y Y Y N N N N",
	"POST /api/v1/pb/processes/{process_id}/paper-ballots":                  "N N N Y Y Y N N N N",
	"POST /api/v1/pb/processes/{process_id}/paper-ballots/{paper_id}/check": "N N N Y Y Y N N N N",
}

func init() { addModuleTable(pbRows, pbRequest) }

// pbProcessIn stores a process of the fixture's partnership in the given
// state (draft, open, or closed and counted) and returns it with codes.
func pbProcessIn(t *testing.T, f *fixture, status budgeting.Status, codes int) (int64, []string) {
	t.Helper()
	ctx := context.Background()
	yes := true
	p := &budgeting.Process{PartnershipID: f.p.ID, Title: "Hartlepool Health Fund " + itoa(f.seq.Add(1)), PotPence: 100000,
		Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseCodes: true, UseAssisted: true,
		Projects: []budgeting.Project{
			{Code: "walk", Title: "Walking group", CostPence: 40000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "garden", Title: "Community garden", CostPence: 60000, Feasible: &yes, FeasibilityReason: "costed"},
		}}
	id, err := f.srv.Store.CreatePBProcess(ctx, store.System, p)
	must(t, err)
	var cs []string
	if codes > 0 {
		cs, err = f.srv.Store.CreatePBCodes(ctx, store.System, id, 0, codes)
		must(t, err)
	}
	if status == budgeting.StatusDraft {
		return id, cs
	}
	must(t, f.srv.Store.OpenPBProcess(ctx, store.System, id))
	if status == budgeting.StatusOpen {
		return id, cs
	}
	if len(cs) > 0 {
		_, err := budgeting.Vote(ctx, f.srv.Store, id, budgeting.Proof{Code: cs[0]}, budgeting.Choices{Projects: []string{"walk"}}, "")
		must(t, err)
	}
	must(t, f.srv.Store.ClosePBProcess(ctx, store.System, id))
	_, err = budgeting.Recount(ctx, f.srv.Store, id, "2026-12-03T08:00:00Z")
	must(t, err)
	return id, cs
}

func pbRequest(t *testing.T, f *fixture, method, pattern string) probe {
	const js = "application/json"
	path := func(id int64) string { return strings.Replace(pattern, "{process_id}", itoa(id), 1) }
	switch method + " " + pattern {
	case "GET /api/v1/pb/processes":
		return probe{method: method, path: pattern}
	case "GET /api/v1/pb/processes/{process_id}":
		id, _ := pbProcessIn(t, f, budgeting.StatusOpen, 0)
		return probe{method: method, path: path(id)}
	case "POST /api/v1/pb/processes/{process_id}/ballots":
		id, codes := pbProcessIn(t, f, budgeting.StatusOpen, 1)
		return probe{method: method, path: path(id), contentType: js, body: `{"code":"` + codes[0] + `","projects":["walk"]}`}
	case "GET /api/v1/pb/processes/{process_id}/receipts/{receipt}":
		id, codes := pbProcessIn(t, f, budgeting.StatusOpen, 1)
		receipt, err := budgeting.Vote(context.Background(), f.srv.Store, id, budgeting.Proof{Code: codes[0]}, budgeting.Choices{Projects: []string{"garden"}}, "")
		must(t, err)
		return probe{method: method, path: strings.Replace(path(id), "{receipt}", receipt, 1)}
	case "GET /api/v1/pb/processes/{process_id}/result", "GET /api/v1/pb/processes/{process_id}/ballots.pb":
		id, _ := pbProcessIn(t, f, budgeting.StatusClosed, 1)
		return probe{method: method, path: path(id)}
	case "POST /api/v1/partnerships/{id}/pb/processes":
		return probe{method: method, path: strings.Replace(pattern, "{id}", itoa(f.p.ID), 1), contentType: js,
			body: `{"title":"Probe fund","pot_pence":100000,"ballot_type":"approval","use_codes":true}`}
	case "POST /api/v1/pb/processes/{process_id}/projects":
		id, _ := pbProcessIn(t, f, budgeting.StatusDraft, 0)
		return probe{method: method, path: path(id), contentType: js,
			body: `{"id":"bench","title":"Benches","cost_pence":20000,"feasible":true,"feasibility_reason":"costed"}`}
	case "POST /api/v1/pb/processes/{process_id}/open":
		id, _ := pbProcessIn(t, f, budgeting.StatusDraft, 0)
		return probe{method: method, path: path(id)}
	case "POST /api/v1/pb/processes/{process_id}/close":
		id, _ := pbProcessIn(t, f, budgeting.StatusOpen, 0)
		return probe{method: method, path: path(id)}
	case "POST /api/v1/pb/processes/{process_id}/codes":
		id, _ := pbProcessIn(t, f, budgeting.StatusOpen, 0)
		return probe{method: method, path: path(id), contentType: js, body: `{"count":3}`}
	case "POST /api/v1/pb/processes/{process_id}/override":
		id, _ := pbProcessIn(t, f, budgeting.StatusClosed, 1)
		return probe{method: method, path: path(id), contentType: js, body: `{"winners":["garden"],"reason":"The garden's land came free."}`}
	case "POST /api/v1/pb/processes/{process_id}/recount":
		id, _ := pbProcessIn(t, f, budgeting.StatusClosed, 1)
		return probe{method: method, path: path(id)}
	case "POST /api/v1/pb/processes/{process_id}/paper-ballots":
		id, codes := pbProcessIn(t, f, budgeting.StatusOpen, 1)
		return probe{method: method, path: path(id), contentType: js, body: `{"channel":"paper","code":"` + codes[0] + `","projects":["walk"]}`}
	case "POST /api/v1/pb/processes/{process_id}/paper-ballots/{paper_id}/check":
		id, _ := pbProcessIn(t, f, budgeting.StatusOpen, 0)
		p, err := f.srv.Store.PBProcess(context.Background(), id)
		must(t, err)
		// Entered by another officer (an ID no probe signs in as).
		paper, err := f.srv.Store.EnterPBPaperBallot(context.Background(), store.Actor{UserID: 1 << 40, Name: "first officer"}, budgeting.Submission{
			ProcessID: id, Channel: budgeting.ChannelAssisted, Choices: budgeting.Choices{Projects: []string{"walk"}},
			IdentityHash: budgeting.IdentityHash(p.Salt, budgeting.IdentityPerson, budgeting.PersonKey("Probe "+itoa(f.seq.Add(1)), "1950-01-01", "TS24 7AA"))})
		must(t, err)
		return probe{method: method, path: strings.Replace(path(id), "{paper_id}", itoa(paper), 1), contentType: js, body: `{"accept":true}`}
	}
	t.Fatalf("no PB probe for %s %s", method, pattern)
	return probe{}
}
