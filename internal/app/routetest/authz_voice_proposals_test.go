package routetest

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// Voice proposals (issue 13 item 4): everyone reads; anyone signed in with
// a confirmed address proposes, comments, supports and reports (residents
// need no role); the partnership's administrators and officers (and global
// administrators) answer, hide and block.
var voiceProposalRows = map[string]string{
	"GET /voice/processes/{id}/proposals":                           "Y Y Y Y Y Y Y Y Y Y",
	"GET /voice/processes/{id}/proposals/new":                       "N Y Y Y Y Y Y Y Y N",
	"POST /voice/processes/{id}/proposals/new":                      "N Y Y Y Y Y Y Y Y N",
	"GET /voice/proposals/{proposalID}":                             "Y Y Y Y Y Y Y Y Y Y",
	"POST /voice/proposals/{proposalID}/comments":                   "N Y Y Y Y Y Y Y Y N",
	"POST /voice/proposals/{proposalID}/support":                    "N Y Y Y Y Y Y Y Y N",
	"POST /voice/proposals/{proposalID}/support/withdraw":           "N Y Y Y Y Y Y Y Y N",
	"GET /voice/proposals/{proposalID}/flag":                        "N Y Y Y Y Y Y Y Y N",
	"POST /voice/proposals/{proposalID}/flag":                       "N Y Y Y Y Y Y Y Y N",
	"GET /voice/proposals/{proposalID}/answer":                      "N N N Y Y Y N N N N",
	"POST /voice/proposals/{proposalID}/answer":                     "N N N Y Y Y N N N N",
	"GET /voice/proposals/{proposalID}/hide":                        "N N N Y Y Y N N N N",
	"POST /voice/proposals/{proposalID}/hide":                       "N N N Y Y Y N N N N",
	"GET /voice/proposals/{proposalID}/unhide":                      "N N N Y Y Y N N N N",
	"POST /voice/proposals/{proposalID}/unhide":                     "N N N Y Y Y N N N N",
	"GET /voice/proposals/{proposalID}/links":                       "N N N Y Y Y N N N N",
	"POST /voice/proposals/{proposalID}/links":                      "N N N Y Y Y N N N N",
	"GET /api/v1/voice/proposals/{proposal_id}/links":               "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/voice/proposals/{proposal_id}/links":              "N N N Y Y Y N N N N",
	"GET /voice/partnerships/{id}/moderation":                       "N N N Y Y Y N N N N",
	"GET /voice/partnerships/{id}/block":                            "N N N Y Y Y N N N N",
	"POST /voice/partnerships/{id}/block":                           "N N N Y Y Y N N N N",
	"GET /voice/partnerships/{id}/unblock":                          "N N N Y Y Y N N N N",
	"POST /voice/partnerships/{id}/unblock":                         "N N N Y Y Y N N N N",
	"GET /api/v1/voice/processes/{process_id}/proposals":            "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/voice/processes/{process_id}/proposals":           "N Y Y Y Y Y Y Y Y N",
	"GET /api/v1/voice/proposals/{proposal_id}":                     "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/voice/proposals/{proposal_id}/comments":            "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/voice/proposals/{proposal_id}/comments":           "N Y Y Y Y Y Y Y Y N",
	"PUT /api/v1/voice/proposals/{proposal_id}/support":             "N Y Y Y Y Y Y Y Y N",
	"DELETE /api/v1/voice/proposals/{proposal_id}/support":          "N Y Y Y Y Y Y Y Y N",
	"POST /api/v1/voice/proposals/{proposal_id}/flags":              "N Y Y Y Y Y Y Y Y N",
	"PUT /api/v1/voice/proposals/{proposal_id}/answer":              "N N N Y Y Y N N N N",
	"POST /api/v1/voice/proposals/{proposal_id}/hide":               "N N N Y Y Y N N N N",
	"POST /api/v1/voice/partnerships/{id}/blocks":                   "N N N Y Y Y N N N N",
	"POST /api/v1/voice/proposals/{proposal_id}/unhide":             "N N N Y Y Y N N N N",
	"GET /api/v1/voice/partnerships/{id}/blocks":                    "N N N Y Y Y N N N N",
	"POST /api/v1/voice/partnerships/{id}/blocks/{user_id}/unblock": "N N N Y Y Y N N N N",
}

func init() { addModuleTable(voiceProposalRows, voiceProposalRequest) }

// voiceWorld is a process of the fixture partnership whose proposals
// phase is open, with a proposal and a comment by its own author.
type voiceWorld struct {
	process  voice.Process
	proposal voice.Proposal
	comment  voice.Comment
	author   store.User
}

var voiceWorlds sync.Map // *fixture → *voiceWorld

func (f *fixture) voice(t *testing.T) *voiceWorld {
	t.Helper()
	if w, ok := voiceWorlds.Load(f); ok {
		return w.(*voiceWorld)
	}
	ctx := context.Background()
	today := time.Now().UTC()
	proc, err := f.srv.Store.CreateProcess(ctx, store.System, voice.Process{PartnershipID: f.p.ID, Title: "Our place, our say",
		Phases: []voice.Phase{{Kind: voice.PhaseProposals, Starts: today.AddDate(0, 0, -2).Format(voice.DateLayout), Ends: today.AddDate(0, 0, 30).Format(voice.DateLayout)}}})
	must(t, err)
	w := &voiceWorld{process: proc}
	w.author = f.srv.CreateUser(t, "voice-author"+f.next()+"@example.test", "Vera Author", false)
	by := store.Actor{UserID: w.author.ID, Name: w.author.Email}
	w.proposal = f.freshProposal(t, w)
	w.comment, err = f.srv.Store.AddComment(ctx, by, voice.NewComment{ProposalID: w.proposal.ID, Body: "A first comment"})
	must(t, err)
	voiceWorlds.Store(f, w)
	return w
}

// freshProposal adds a proposal by the world's author.
func (f *fixture) freshProposal(t *testing.T, w *voiceWorld) voice.Proposal {
	t.Helper()
	p, err := f.srv.Store.CreateProposal(context.Background(), store.Actor{UserID: w.author.ID, Name: w.author.Email},
		voice.ProposalProcessOn(w.process, voice.Day(time.Now())),
		voice.NewProposal{Title: "Benches on the headland " + f.next(), Description: "Somewhere to rest", AreaCode: "E06000001", Category: voice.CategoryEnvironment})
	must(t, err)
	return p
}

// resetPostLimits clears the posting allowance: every probe comes from one
// address (the limits have their own test in internal/auth).
func (f *fixture) resetPostLimits(t *testing.T) {
	_, err := f.srv.Store.DB().ExecContext(context.Background(), "DELETE FROM login_throttle WHERE key LIKE 'post:%'")
	must(t, err)
}

func voiceProposalRequest(t *testing.T, f *fixture, method, pattern string) probe {
	const form = "application/x-www-form-urlencoded"
	w := f.voice(t)
	f.resetPostLimits(t)
	// Writes that change a proposal act on a fresh one, so no probe sees
	// another's hiding.
	pid := w.proposal.ID
	if method != "GET" || strings.Contains(pattern, "unhide") {
		pid = f.freshProposal(t, w).ID
	}
	path := strings.NewReplacer("{id}", itoa(w.process.ID), "{process_id}", itoa(w.process.ID), "{proposalID}", itoa(pid), "{proposal_id}", itoa(pid)).Replace(pattern)
	if strings.Contains(pattern, "/voice/partnerships/") {
		path = strings.Replace(pattern, "{id}", itoa(f.p.ID), 1)
	}
	if strings.Contains(pattern, "unhide") {
		// Showing again acts on hidden content.
		must(t, f.srv.Store.HideProposal(context.Background(), store.System, pid, "Probe"))
	}
	if strings.Contains(pattern, "unblock") {
		// Lifting a block acts on a blocked account.
		u := f.freshUser(t)
		must(t, f.srv.Store.BlockAccount(context.Background(), store.System, f.p.ID, u.ID, "Probe"))
		path = strings.Replace(path, "{user_id}", itoa(u.ID), 1)
		switch method {
		case "GET":
			return probe{method: method, path: path + "?user=" + itoa(u.ID)}
		case "POST":
			if strings.Contains(pattern, "/api/") {
				return probe{method: method, path: path, contentType: "application/json", body: `{"reason":"probe"}`}
			}
			return probe{method: method, path: path, contentType: form, body: "reason=Probe&user_id=" + itoa(u.ID)}
		}
	}
	switch method + " " + pattern {
	case "POST /voice/processes/{id}/proposals/new":
		return probe{method: method, path: path, contentType: form, body: url.Values{"title": {"Probe proposal"}, "description": {"A probe"},
			"area_code": {"E06000001"}, "category": {"health"}}.Encode()}
	case "POST /voice/proposals/{proposalID}/comments":
		return probe{method: method, path: path, contentType: form, body: "body=A+probe+comment"}
	case "POST /voice/proposals/{proposalID}/flag", "POST /voice/proposals/{proposalID}/answer", "POST /voice/proposals/{proposalID}/hide",
		"POST /voice/proposals/{proposalID}/unhide":
		body := "reason=Probe"
		if strings.HasSuffix(pattern, "/answer") {
			body = "state=evaluating"
		}
		return probe{method: method, path: path, contentType: form, body: body}
	case "GET /voice/partnerships/{id}/block":
		return probe{method: method, path: path + "?user=" + itoa(w.author.ID)}
	case "POST /voice/proposals/{proposalID}/links":
		return probe{method: method, path: path, contentType: form, body: "target_kind=not_taken&reason=No+money+this+year"}
	case "POST /api/v1/voice/proposals/{proposal_id}/links":
		return probe{method: method, path: path, contentType: "application/json", body: `{"target_kind":"decision","target_id":` + itoa(f.decision.ID) + `}`}
	case "POST /voice/partnerships/{id}/block":
		return probe{method: method, path: path, contentType: form, body: "reason=Probe&user_id=" + itoa(f.freshUser(t).ID)}
	case "POST /api/v1/voice/processes/{process_id}/proposals":
		return probe{method: method, path: path, contentType: "application/json",
			body: `{"title":"API probe","description":"A probe","area_code":"E06000001","category":"care"}`}
	case "POST /api/v1/voice/proposals/{proposal_id}/comments":
		return probe{method: method, path: path, contentType: "application/json", body: `{"body":"An API probe"}`}
	case "POST /api/v1/voice/proposals/{proposal_id}/flags":
		return probe{method: method, path: path, contentType: "application/json", body: `{"reason":"probe"}`}
	case "PUT /api/v1/voice/proposals/{proposal_id}/answer":
		return probe{method: method, path: path, contentType: "application/json", body: `{"state":"accepted","text":"Yes"}`}
	case "POST /api/v1/voice/proposals/{proposal_id}/hide", "POST /api/v1/voice/proposals/{proposal_id}/unhide":
		return probe{method: method, path: path, contentType: "application/json", body: `{"reason":"probe"}`}
	case "POST /api/v1/voice/partnerships/{id}/blocks":
		return probe{method: method, path: path, contentType: "application/json", body: `{"user_id":` + itoa(f.freshUser(t).ID) + `,"reason":"probe"}`}
	}
	return probe{method: method, path: path}
}
