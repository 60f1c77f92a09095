package routetest

import (
	"testing"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

func init() { moduleBadCases = append(moduleBadCases, pbBadCases) }

// pbBadCases are malformed requests to the participatory-budgeting API
// (internal/api/pb_processes.go, pb_ballots.go), sent as a global
// administrator: each names the field, or the rule a ballot breaks.
func pbBadCases(t *testing.T, f *fixture) []badCase {
	const (
		list     = "GET /api/v1/pb/processes"
		get      = "GET /api/v1/pb/processes/{process_id}"
		ballot   = "POST /api/v1/pb/processes/{process_id}/ballots"
		receipt  = "GET /api/v1/pb/processes/{process_id}/receipts/{receipt}"
		result   = "GET /api/v1/pb/processes/{process_id}/result"
		file     = "GET /api/v1/pb/processes/{process_id}/ballots.pb"
		create   = "POST /api/v1/partnerships/{id}/pb/processes"
		project  = "POST /api/v1/pb/processes/{process_id}/projects"
		open     = "POST /api/v1/pb/processes/{process_id}/open"
		closeP   = "POST /api/v1/pb/processes/{process_id}/close"
		codes    = "POST /api/v1/pb/processes/{process_id}/codes"
		override = "POST /api/v1/pb/processes/{process_id}/override"
		recount  = "POST /api/v1/pb/processes/{process_id}/recount"
		paper    = "POST /api/v1/pb/processes/{process_id}/paper-ballots"
		check    = "POST /api/v1/pb/processes/{process_id}/paper-ballots/{paper_id}/check"
	)
	draft, _ := pbProcessIn(t, f, budgeting.StatusDraft, 0)
	open1, cs := pbProcessIn(t, f, budgeting.StatusOpen, 3)
	closed, _ := pbProcessIn(t, f, budgeting.StatusClosed, 1)
	d, o, c := "/api/v1/pb/processes/"+itoa(draft), "/api/v1/pb/processes/"+itoa(open1), "/api/v1/pb/processes/"+itoa(closed)
	return []badCase{
		{list, "partnership not a number", "/api/v1/pb/processes?partnership=x", "", "", 422, "query.partnership"},
		{get, "id not a number", "/api/v1/pb/processes/x", "", "", 422, "path.process_id"},
		{get, "no such process", "/api/v1/pb/processes/999999", "", "", 404, "path.process_id"},
		{ballot, "malformed JSON", o + "/ballots", "", `{"code":`, 400, "body"},
		{ballot, "no code, signed in, the process takes codes only", o + "/ballots", "", `{"projects":["walk"]}`, 403, "body.code"},
		{ballot, "unknown code", o + "/ballots", "", `{"code":"AAAA-AAAA-AAAA","projects":["walk"]}`, 422, "body.code"},
		{ballot, "unknown project names the rule", o + "/ballots", "", `{"code":"` + cs[0] + `","projects":["zz"]}`, 422, "body.projects[0]"},
		{ballot, "points on an approval ballot", o + "/ballots", "", `{"code":"` + cs[0] + `","points":{"walk":2}}`, 422, "body.points"},
		{ballot, "projects not a list", o + "/ballots", "", `{"code":"` + cs[0] + `","projects":"walk"}`, 422, "body.projects"},
		{ballot, "draft process", d + "/ballots", "", `{"code":"AAAA-AAAA-AAAA","projects":["walk"]}`, 409, "path.process_id"},
		{ballot, "no such process", "/api/v1/pb/processes/999999/ballots", "", `{"code":"AAAA","projects":["walk"]}`, 404, "path.process_id"},
		{receipt, "unknown receipt", o + "/receipts/NOPE", "", "", 404, "path.receipt"},
		{receipt, "overlong receipt", o + "/receipts/" + long201, "", "", 422, "path.receipt"},
		{result, "before the close", o + "/result", "", "", 409, "path.process_id"},
		{result, "id not a number", "/api/v1/pb/processes/x/result", "", "", 422, "path.process_id"},
		{file, "before the close", o + "/ballots.pb", "", "", 409, "path.process_id"},
		{file, "pot not a number", c + "/ballots.pb?pot=x", "", "", 422, "query.pot"},
		{file, "no such pot", c + "/ballots.pb?pot=999999", "", "", 404, "query.pot"},
		{file, "no such process", "/api/v1/pb/processes/999999/ballots.pb", "", "", 404, "path.process_id"},
		{create, "empty title", "/api/v1/partnerships/{p}/pb/processes", "", `{"title":"","pot_pence":100,"ballot_type":"approval","use_codes":true}`, 422, "body.title"},
		{create, "zero pot", "/api/v1/partnerships/{p}/pb/processes", "", `{"title":"Fund","pot_pence":0,"ballot_type":"approval","use_codes":true}`, 422, "body.pot_pence"},
		{create, "unknown ballot type", "/api/v1/partnerships/{p}/pb/processes", "", `{"title":"Fund","pot_pence":100,"ballot_type":"borda","use_codes":true}`, 422, "body.ballot_type"},
		{create, "no way to vote", "/api/v1/partnerships/{p}/pb/processes", "", `{"title":"Fund","pot_pence":100,"ballot_type":"approval"}`, 422, "body.eligibility"},
		{create, "knapsack with a project count", "/api/v1/partnerships/{p}/pb/processes", "", `{"title":"Fund","pot_pence":100,"ballot_type":"knapsack","threshold_percent":70,"min_projects":2,"use_codes":true}`, 422, "body.min_projects"},
		{create, "project id with a semicolon", "/api/v1/partnerships/{p}/pb/processes", "", `{"title":"Fund","pot_pence":100,"ballot_type":"approval","use_codes":true,"projects":[{"id":"a;b","title":"X","cost_pence":1}]}`, 422, "body.projects[0].code"},
		{create, "no such partnership", "/api/v1/partnerships/999999/pb/processes", "", `{"title":"Fund","pot_pence":100,"ballot_type":"approval","use_codes":true}`, 404, "path.id"},
		{project, "negative cost", d + "/projects", "", `{"id":"x","title":"X","cost_pence":-1}`, 422, "body.cost_pence"},
		{project, "empty id", d + "/projects", "", `{"id":"","title":"X","cost_pence":1}`, 422, "body.id"},
		{project, "after opening", o + "/projects", "", `{"id":"x","title":"X","cost_pence":1}`, 409, "path.process_id"},
		{open, "already open", o + "/open", "", "", 409, "path.process_id"},
		{open, "id not a number", "/api/v1/pb/processes/x/open", "", "", 422, "path.process_id"},
		{closeP, "a draft", d + "/close", "", "", 409, "path.process_id"},
		{closeP, "no such process", "/api/v1/pb/processes/999999/close", "", "", 404, "path.process_id"},
		{codes, "zero codes", o + "/codes", "", `{"count":0}`, 422, "body.count"},
		{codes, "count not a number", o + "/codes", "", `{"count":"ten"}`, 422, "body.count"},
		{override, "no reason", c + "/override", "", `{"winners":["walk"],"reason":""}`, 422, "body.reason"},
		{override, "unknown winner", c + "/override", "", `{"winners":["zz"],"reason":"because"}`, 422, "body.winners[0]"},
		{override, "before the close", o + "/override", "", `{"winners":["walk"],"reason":"because"}`, 409, "path.process_id"},
		{recount, "before the close", o + "/recount", "", "", 409, "path.process_id"},
		{recount, "id not a number", "/api/v1/pb/processes/x/recount", "", "", 422, "path.process_id"},
		{paper, "unknown channel", o + "/paper-ballots", "", `{"channel":"post","code":"` + cs[1] + `","projects":["walk"]}`, 422, "body.channel"},
		{paper, "no identity", o + "/paper-ballots", "", `{"channel":"paper","projects":["walk"]}`, 422, "body.code"},
		{paper, "ballot breaks a rule", o + "/paper-ballots", "", `{"channel":"paper","code":"` + cs[1] + `","projects":["walk","walk"]}`, 422, "body.projects[1]"},
		{check, "no such paper ballot", o + "/paper-ballots/999999/check", "", `{"accept":true}`, 404, "path.paper_id"},
		{check, "accept not a boolean", o + "/paper-ballots/1/check", "", `{"accept":"yes"}`, 422, "body.accept"},
	}
}
