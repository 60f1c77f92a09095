package voice

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

func fields(err error) string {
	ve, ok := validation.As(err)
	if !ok {
		return ""
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

func TestProposalValidate(t *testing.T) {
	ok := NewProposal{Title: "Benches", Description: "On the headland", AreaCode: "e06000001", Category: CategoryEnvironment}
	for _, tc := range []struct {
		name string
		edit func(p *NewProposal)
		want string
	}{
		{"valid", func(*NewProposal) {}, ""},
		{"blank", func(p *NewProposal) { *p = NewProposal{} }, "title,description,area_code,category"},
		{"long title", func(p *NewProposal) { p.Title = strings.Repeat("a", MaxProposalTitle+1) }, "title"},
		{"newline in title", func(p *NewProposal) { p.Title = "a\nb" }, "title"},
		{"newline in description is fine", func(p *NewProposal) { p.Description = "a\nb" }, ""},
		{"bad category", func(p *NewProposal) { p.Category = "Weather" }, "category"},
		{"bad utf8", func(p *NewProposal) { p.Description = "\xff" }, "description"},
	} {
		p := ok
		tc.edit(&p)
		p.Normalize()
		if got := fields(p.Validate()); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	p := ok
	p.Normalize()
	if p.AreaCode != "E06000001" {
		t.Errorf("area code not normalised: %q", p.AreaCode)
	}
}

func TestAnswerCommentReasonFilterValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"answer none", OfficialAnswer{}.Validate(), "state"},
		{"answer unknown", OfficialAnswer{State: "maybe"}.Validate(), "state"},
		{"rejected without reason", OfficialAnswer{State: AnswerRejected}.Validate(), "text"},
		{"rejected with reason", OfficialAnswer{State: AnswerRejected, Text: "No money"}.Validate(), ""},
		{"evaluating", OfficialAnswer{State: AnswerEvaluating}.Validate(), ""},
		{"comment blank", NewComment{}.Validate(), "body"},
		{"comment too long", NewComment{Body: strings.Repeat("x", MaxCommentBody+1)}.Validate(), "body"},
		{"comment negative parent", NewComment{Body: "x", ParentID: -1}.Validate(), "parent_id"},
		{"reason required", Reason(" ", true), "reason"},
		{"reason optional", Reason("", false), ""},
		{"reason control", Reason("a\x01", false), "reason"},
		{"filter", ProposalFilter{Category: "x", Answer: "y", Offset: -1}.Validate(), "category,answer,offset"},
		{"filter none", ProposalFilter{Answer: "none", Category: CategoryCare}.Validate(), ""},
	} {
		if got := fields(tc.err); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestThreadAndPublic(t *testing.T) {
	cs := []Comment{
		{ID: 1, Body: "top"},
		{ID: 2, ParentID: 1, Body: "reply", Hidden: true, HiddenReason: "rude", AuthorName: "Bo"},
		{ID: 3, ParentID: 2, Body: "reply to reply"},
		{ID: 4, ParentID: 99, Body: "orphan"},
		{ID: 5, Body: "second"},
	}
	th := Thread(cs)
	if len(th) != 3 || th[0].ID != 1 || th[1].ID != 4 || th[2].ID != 5 {
		t.Fatalf("roots %+v", th)
	}
	if len(th[0].Replies) != 1 || th[0].Replies[0].ID != 2 || len(th[0].Replies[0].Replies) != 1 || th[0].Replies[0].Replies[0].ID != 3 {
		t.Fatalf("replies %+v", th[0])
	}
	pub := th[0].Public()
	if r := pub.Replies[0]; r.Body != HiddenPrefix+"rude" || r.AuthorName != "" || r.Replies[0].Body != "reply to reply" {
		t.Errorf("public %+v", r)
	}
	if th[0].Replies[0].Body != "reply" {
		t.Error("Public changed the original")
	}
	p := Proposal{Title: "T", Description: "D", AuthorName: "Ann", Hidden: true, HiddenReason: "spam"}.Public()
	if p.Title != HiddenPrefix+"spam" || p.Description != "" || p.AuthorName != "" {
		t.Errorf("hidden proposal %+v", p)
	}
	n := ProposalNotice("a@example.test", Proposal{Title: "Benches", Answer: AnswerRejected, AnswerText: "No budget"}, "http://x/p/1")
	if n.To != "a@example.test" || !strings.Contains(n.Subject, "Rejected") || !strings.Contains(n.Body, "No budget") || !strings.Contains(n.Body, "http://x/p/1") {
		t.Errorf("notice %+v", n)
	}
}

func TestProposalProcessOn(t *testing.T) {
	p := Process{ID: 4, PartnershipID: 2, AreaCode: "E06000001", Title: "Our place", Phases: []Phase{
		{Kind: PhaseConsultation, Starts: "2026-11-01", Ends: "2026-11-30"},
		{Kind: PhaseProposals, Starts: "2026-12-01", Ends: "2026-12-31"},
	}}
	for day, open := range map[string]bool{"2026-11-30": false, "2026-12-01": true, "2026-12-31": true, "2027-01-01": false} {
		got := ProposalProcessOn(p, day)
		if got.ProposalsOpen != open || got.ID != 4 || got.PartnershipID != 2 || got.AreaCode != "E06000001" || got.Ends != "2026-12-31" {
			t.Errorf("%s: %+v", day, got)
		}
	}
	if ProposalProcessOn(Process{ID: 1}, "2026-12-01").ProposalsOpen {
		t.Error("a process without a proposals phase takes proposals")
	}
}
