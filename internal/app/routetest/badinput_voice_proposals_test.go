package routetest

import (
	"strings"
	"testing"
)

func init() { moduleBadCases = append(moduleBadCases, voiceProposalBadCases) }

// voiceProposalBadCases are the malformed proposal requests
// (internal/api/voice_proposals.go), sent by a global administrator.
func voiceProposalBadCases(t *testing.T, f *fixture) []badCase {
	w := f.voice(t)
	f.resetPostLimits(t)
	proc, prop, com := itoa(w.process.ID), itoa(w.proposal.ID), itoa(w.comment.ID)
	other := f.freshProposal(t, w)
	const (
		list    = "GET /api/v1/voice/processes/{process_id}/proposals"
		create  = "POST /api/v1/voice/processes/{process_id}/proposals"
		get     = "GET /api/v1/voice/proposals/{proposal_id}"
		comms   = "GET /api/v1/voice/proposals/{proposal_id}/comments"
		comment = "POST /api/v1/voice/proposals/{proposal_id}/comments"
		support = "PUT /api/v1/voice/proposals/{proposal_id}/support"
		unsup   = "DELETE /api/v1/voice/proposals/{proposal_id}/support"
		answer  = "PUT /api/v1/voice/proposals/{proposal_id}/answer"
		flag    = "POST /api/v1/voice/proposals/{proposal_id}/flags"
		hide    = "POST /api/v1/voice/proposals/{proposal_id}/hide"
		block   = "POST /api/v1/voice/partnerships/{id}/blocks"
		unhide  = "POST /api/v1/voice/proposals/{proposal_id}/unhide"
		blocks  = "GET /api/v1/voice/partnerships/{id}/blocks"
		unblock = "POST /api/v1/voice/partnerships/{id}/blocks/{user_id}/unblock"
		links   = "GET /api/v1/voice/proposals/{proposal_id}/links"
		link    = "POST /api/v1/voice/proposals/{proposal_id}/links"
	)
	pp := "/api/v1/voice/processes/" + proc + "/proposals"
	pr := "/api/v1/voice/proposals/" + prop
	valid := `"description":"D","area_code":"E06000001","category":"health"`
	return []badCase{
		{list, "unknown category", pp + "?category=weather", "", "", 422, "query.category"},
		{list, "unknown answer", pp + "?answer=maybe", "", "", 422, "query.answer"},
		{list, "process id not a number", "/api/v1/voice/processes/abc/proposals", "", "", 422, "path.process_id"},
		{list, "no such process", "/api/v1/voice/processes/999999/proposals", "", "", 404, "path.process_id"},
		{create, "malformed JSON", pp, "", `{"title":`, 400, "body"},
		{create, "blank", pp, "", `{}`, 422, "body.title"},
		{create, "blank description", pp, "", `{"title":"T","area_code":"E06000001","category":"health"}`, 422, "body.description"},
		{create, "unknown category", pp, "", `{"title":"T","description":"D","area_code":"E06000001","category":"weather"}`, 422, "body.category"},
		{create, "area outside the process", pp, "", `{"title":"T","description":"D","area_code":"E06000002","category":"health"}`, 422, "body.area_code"},
		{create, "overlong title", pp, "", `{"title":"` + strings.Repeat("a", 151) + `",` + valid + `}`, 422, "body.title"},
		{create, "organisation not on the board", pp, "", `{"title":"T",` + valid + `,"organisation_id":999999}`, 422, "body.organisation_id"},
		{create, "title with a control character", pp, "", `{"title":"T\u0001",` + valid + `}`, 422, "body.title"},
		{get, "id not a number", "/api/v1/voice/proposals/abc", "", "", 422, "path.proposal_id"},
		{get, "no such proposal", "/api/v1/voice/proposals/999999", "", "", 404, "path.proposal_id"},
		{comms, "id zero", "/api/v1/voice/proposals/0/comments", "", "", 422, "path.proposal_id"},
		{comment, "blank body", pr + "/comments", "", `{"body":" "}`, 422, "body.body"},
		{support, "no such proposal", "/api/v1/voice/proposals/999999/support", "", "", 404, "path.proposal_id"},
		{comment, "reply across proposals", "/api/v1/voice/proposals/" + itoa(other.ID) + "/comments", "", `{"body":"x","parent_id":` + com + `}`, 422, "body.parent_id"},
		{comment, "negative parent", pr + "/comments", "", `{"body":"x","parent_id":-1}`, 422, "body.parent_id"},
		{comment, "malformed JSON", pr + "/comments", "", `{"body":`, 400, "body"},
		{support, "id not a number", "/api/v1/voice/proposals/x/support", "", "", 422, "path.proposal_id"},
		{unsup, "id not a number", "/api/v1/voice/proposals/x/support", "", "", 422, "path.proposal_id"},
		{answer, "no state", pr + "/answer", "", `{}`, 422, "body.state"},
		{answer, "unknown state", pr + "/answer", "", `{"state":"maybe"}`, 422, "body.state"},
		{answer, "rejected without a reason", pr + "/answer", "", `{"state":"rejected"}`, 422, "body.text"},
		{flag, "comment of another proposal", "/api/v1/voice/proposals/" + itoa(other.ID) + "/flags", "", `{"comment_id":` + com + `}`, 422, "body.comment_id"},
		{flag, "overlong reason", pr + "/flags", "", `{"reason":"` + strings.Repeat("a", 1001) + `"}`, 422, "body.reason"},
		{hide, "no reason", pr + "/hide", "", `{"reason":""}`, 422, "body.reason"},
		{hide, "comment of another proposal", "/api/v1/voice/proposals/" + itoa(other.ID) + "/hide", "", `{"reason":"x","comment_id":` + com + `}`, 422, "body.comment_id"},
		{links, "no such proposal", "/api/v1/voice/proposals/999999/links", "", "", 404, "path.proposal_id"},
		{link, "unknown kind", pr + "/links", "", `{"target_kind":"wish"}`, 422, "body.target_kind"},
		{link, "not taken without reason", pr + "/links", "", `{"target_kind":"not_taken"}`, 422, "body.reason"},
		{link, "decision without id", pr + "/links", "", `{"target_kind":"decision"}`, 422, "body.target_id"},
		{link, "decision of another board", pr + "/links", "", `{"target_kind":"decision","target_id":999999}`, 422, "body.target_id"},
		{block, "no such account", "/api/v1/voice/partnerships/{p}/blocks", "", `{"user_id":999999,"reason":"x"}`, 422, "body.user_id"},
		{block, "no reason", "/api/v1/voice/partnerships/{p}/blocks", "", `{"user_id":` + itoa(w.author.ID) + `,"reason":""}`, 422, "body.reason"},
		{block, "user id zero", "/api/v1/voice/partnerships/{p}/blocks", "", `{"user_id":0,"reason":"x"}`, 422, "body.user_id"},
		{unhide, "no reason", pr + "/unhide", "", `{"reason":" "}`, 422, "body.reason"},
		{unhide, "comment of another proposal", "/api/v1/voice/proposals/" + itoa(other.ID) + "/unhide", "", `{"reason":"x","comment_id":` + com + `}`, 422, "body.comment_id"},
		{blocks, "no such partnership", "/api/v1/voice/partnerships/999999/blocks", "", "", 404, "path.id"},
		{unblock, "an account not blocked", "/api/v1/voice/partnerships/{p}/blocks/" + itoa(w.author.ID) + "/unblock", "", `{"reason":"x"}`, 404, "path.user_id"},
		{unblock, "no reason", "/api/v1/voice/partnerships/{p}/blocks/" + itoa(w.author.ID) + "/unblock", "", `{"reason":""}`, 422, "body.reason"},
		{unblock, "user id zero", "/api/v1/voice/partnerships/{p}/blocks/0/unblock", "", `{"reason":"x"}`, 422, "path.user_id"},
	}
}
