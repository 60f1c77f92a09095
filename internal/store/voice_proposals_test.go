package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
)

// proposalWorld is a partnership in Hartlepool with an open process and two
// confirmed accounts.
type proposalWorld struct {
	proc         voice.ProposalProcess
	ann, bob     store.User
	annBy, bobBy store.Actor
}

func newProposalWorld(t *testing.T, s *store.Store) proposalWorld {
	t.Helper()
	ctx := context.Background()
	p, err := s.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Hartlepool HWB"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(email, name string) store.User {
		u, err := s.CreateUser(ctx, store.System, store.NewUser{Email: email, Name: name, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w := proposalWorld{proc: voice.ProposalProcess{ID: 7, PartnershipID: p.ID, AreaCode: storetest.Hartlepool, Title: "Our place", ProposalsOpen: true}}
	w.ann, w.bob = mk("ann@example.test", "Ann"), mk("bob@example.test", "Bob")
	w.annBy, w.bobBy = store.Actor{UserID: w.ann.ID, Name: w.ann.Email}, store.Actor{UserID: w.bob.ID, Name: w.bob.Email}
	return w
}

func (w proposalWorld) propose(t *testing.T, s *store.Store, title string) voice.Proposal {
	t.Helper()
	p, err := s.CreateProposal(context.Background(), w.annBy, w.proc, voice.NewProposal{Title: title, Description: "More benches on the headland",
		AreaCode: storetest.Hartlepool, Category: voice.CategoryEnvironment})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fieldsOf(err error) []string {
	ve, ok := validation.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

// Proposals: stored with their author's display name and area; bad input
// names each field; closed processes and blocked accounts are refused;
// filters narrow the list; hidden proposals leave public lists.
func TestProposalsCreateListAnswerHide(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newProposalWorld(t, s)
		p := w.propose(t, s, "Benches on the headland")
		if p.AuthorName != "Ann" || p.AreaName != "Hartlepool" || p.Category != voice.CategoryEnvironment || p.Answer != voice.AnswerNone || p.PartnershipID != w.proc.PartnershipID {
			t.Fatalf("created %+v", p)
		}
		for _, tc := range []struct {
			name string
			np   voice.NewProposal
			want []string
		}{
			{"blank", voice.NewProposal{}, []string{"title", "description", "area_code", "category"}},
			{"unknown category", voice.NewProposal{Title: "T", Description: "D", AreaCode: storetest.Hartlepool, Category: "weather"}, []string{"category"}},
			{"area outside", voice.NewProposal{Title: "T", Description: "D", AreaCode: storetest.Durham, Category: voice.CategoryHealth}, []string{"area_code"}},
			{"unknown organisation", voice.NewProposal{Title: "T", Description: "D", AreaCode: storetest.Hartlepool, Category: voice.CategoryHealth, OrganisationID: 999}, []string{"organisation_id"}},
			{"control character", voice.NewProposal{Title: "T\x00", Description: "D", AreaCode: storetest.Hartlepool, Category: voice.CategoryHealth}, []string{"title"}},
		} {
			_, err := s.CreateProposal(ctx, w.annBy, w.proc, tc.np)
			if got := strings.Join(fieldsOf(err), ","); got != strings.Join(tc.want, ",") {
				t.Errorf("%s: fields %q, want %q (%v)", tc.name, got, tc.want, err)
			}
		}
		closed := w.proc
		closed.ProposalsOpen = false
		if _, err := s.CreateProposal(ctx, w.annBy, closed, voice.NewProposal{Title: "T", Description: "D", AreaCode: storetest.Hartlepool, Category: voice.CategoryHealth}); !errors.Is(err, voice.ErrProposalsClosed) {
			t.Errorf("closed process: %v", err)
		}

		other := w.propose(t, s, "Later bus to the marina")
		if _, err := s.AnswerProposal(ctx, store.System, other.ID, voice.OfficialAnswer{State: voice.AnswerRejected}); strings.Join(fieldsOf(err), ",") != "text" {
			t.Errorf("rejection without reason: %v", err)
		}
		ans, err := s.AnswerProposal(ctx, store.System, other.ID, voice.OfficialAnswer{State: voice.AnswerAccepted, Text: "We will fund it"})
		if err != nil || ans.Answer != voice.AnswerAccepted || ans.AnswerText != "We will fund it" || ans.AnsweredAt == "" {
			t.Fatalf("answer: %+v %v", ans, err)
		}
		if _, err := s.AnswerProposal(ctx, store.System, 9999, voice.OfficialAnswer{State: voice.AnswerAccepted}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("answer missing: %v", err)
		}

		for _, tc := range []struct {
			f    voice.ProposalFilter
			want int
		}{
			{voice.ProposalFilter{}, 2},
			{voice.ProposalFilter{ProcessID: w.proc.ID}, 2},
			{voice.ProposalFilter{ProcessID: 99}, 0},
			{voice.ProposalFilter{Answer: "accepted"}, 1},
			{voice.ProposalFilter{Answer: "none"}, 1},
			{voice.ProposalFilter{Query: "MARINA"}, 1},
			{voice.ProposalFilter{Query: "100%"}, 0},
			{voice.ProposalFilter{Category: voice.CategoryEnvironment}, 2},
			{voice.ProposalFilter{Category: voice.CategoryHousing}, 0},
		} {
			list, total, err := s.ListProposals(ctx, tc.f)
			if err != nil || total != tc.want || len(list) != tc.want {
				t.Errorf("filter %+v: %d/%d, want %d (%v)", tc.f, len(list), total, tc.want, err)
			}
		}
		if _, _, err := s.ListProposals(ctx, voice.ProposalFilter{Category: "x", Answer: "maybe"}); strings.Join(fieldsOf(err), ",") != "category,answer" {
			t.Errorf("bad filter: %v", err)
		}

		if err := s.HideProposal(ctx, store.System, p.ID, " "); strings.Join(fieldsOf(err), ",") != "reason" {
			t.Errorf("hide without reason: %v", err)
		}
		if err := s.HideProposal(ctx, store.System, p.ID, "Advertising"); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := s.ListProposals(ctx, voice.ProposalFilter{}); total != 1 {
			t.Errorf("public list after hiding: %d", total)
		}
		if _, total, _ := s.ListProposals(ctx, voice.ProposalFilter{IncludeHidden: true}); total != 2 {
			t.Errorf("moderators' list after hiding: %d", total)
		}
		got, err := s.GetProposal(ctx, p.ID)
		if err != nil || !got.Hidden || got.Public().Title != "Hidden by moderators: Advertising" || got.Public().Description != "" || got.Public().AuthorName != "" {
			t.Errorf("hidden proposal: %+v %v", got.Public(), err)
		}
		if _, err := s.SupportProposal(ctx, w.bobBy, p.ID); !errors.Is(err, voice.ErrHidden) {
			t.Errorf("support hidden: %v", err)
		}

		if err := s.BlockAccount(ctx, store.System, w.proc.PartnershipID, w.ann.ID, "Spam"); err != nil {
			t.Fatal(err)
		}
		if err := s.BlockAccount(ctx, store.System, w.proc.PartnershipID, w.ann.ID, "Spam again"); err != nil {
			t.Fatalf("second block: %v", err)
		}
		if _, err := s.CreateProposal(ctx, w.annBy, w.proc, voice.NewProposal{Title: "T", Description: "D", AreaCode: storetest.Hartlepool, Category: voice.CategoryHealth}); !errors.Is(err, voice.ErrBlocked) {
			t.Errorf("blocked proposal: %v", err)
		}
		if _, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: other.ID, Body: "hi"}); !errors.Is(err, voice.ErrBlocked) {
			t.Errorf("blocked comment: %v", err)
		}
		if blocked, err := s.IsBlocked(ctx, w.proc.PartnershipID, w.bob.ID); blocked || err != nil {
			t.Errorf("bob blocked: %v %v", blocked, err)
		}
	})
}

// Comments thread by reply; a reply must answer a comment on the same
// proposal; hidden comments show only the reason publicly.
func TestProposalComments(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newProposalWorld(t, s)
		p, q := w.propose(t, s, "Benches"), w.propose(t, s, "Buses")
		top, err := s.AddComment(ctx, w.bobBy, voice.NewComment{ProposalID: p.ID, Body: "Yes please"})
		if err != nil || top.AuthorName != "Bob" {
			t.Fatalf("comment: %+v %v", top, err)
		}
		reply, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: p.ID, ParentID: top.ID, Body: "Thank you"})
		if err != nil || reply.ParentID != top.ID {
			t.Fatalf("reply: %+v %v", reply, err)
		}
		if _, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: q.ID, ParentID: top.ID, Body: "Wrong thread"}); strings.Join(fieldsOf(err), ",") != "parent_id" {
			t.Errorf("reply across proposals: %v", err)
		}
		if _, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: p.ID, Body: "  "}); strings.Join(fieldsOf(err), ",") != "body" {
			t.Errorf("blank comment: %v", err)
		}
		if _, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: 9999, Body: "x"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("comment on nothing: %v", err)
		}
		if err := s.HideComment(ctx, store.System, top.ID, "Personal attack"); err != nil {
			t.Fatal(err)
		}
		cs, err := s.ProposalComments(ctx, p.ID)
		if err != nil || len(cs) != 2 {
			t.Fatalf("comments %+v %v", cs, err)
		}
		threads := voice.Thread(cs)
		if len(threads) != 1 || len(threads[0].Replies) != 1 || threads[0].Replies[0].Body != "Thank you" {
			t.Fatalf("threads %+v", threads)
		}
		pub := threads[0].Public()
		if pub.Body != "Hidden by moderators: Personal attack" || pub.AuthorName != "" || pub.Replies[0].Body != "Thank you" {
			t.Errorf("public thread %+v", pub)
		}
		if got, _ := s.GetProposal(ctx, p.ID); got.Comments != 2 {
			t.Errorf("comment count %d", got.Comments)
		}
	})
}

// 200 parallel supports by one person on one proposal store one support;
// withdrawing removes it; supporting again adds it back.
func TestProposalSupportOncePerPersonInParallel(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newProposalWorld(t, s)
		p := w.propose(t, s, "Benches")
		const n = 200
		var wg sync.WaitGroup
		added := make([]bool, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				added[i], errs[i] = s.SupportProposal(ctx, w.bobBy, p.ID)
			}()
		}
		wg.Wait()
		adds := 0
		for i := range n {
			if errs[i] != nil && !errors.Is(errs[i], store.ErrBusy) {
				t.Fatalf("support %d: %v", i, errs[i])
			}
			if added[i] {
				adds++
			}
		}
		var rows int
		if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM voice_proposal_supports WHERE proposal_id = $1", p.ID).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != 1 || adds != 1 {
			t.Fatalf("%d support rows, %d calls added one; want 1 and 1", rows, adds)
		}
		if got, _ := s.GetProposal(ctx, p.ID); got.Supports != 1 {
			t.Errorf("count %d", got.Supports)
		}
		if ok, _ := s.HasSupported(ctx, p.ID, w.bob.ID); !ok {
			t.Error("bob's support not seen")
		}
		if removed, err := s.WithdrawSupport(ctx, w.bobBy, p.ID); !removed || err != nil {
			t.Fatalf("withdraw: %v %v", removed, err)
		}
		if removed, _ := s.WithdrawSupport(ctx, w.bobBy, p.ID); removed {
			t.Error("withdrew twice")
		}
		if got, _ := s.GetProposal(ctx, p.ID); got.Supports != 0 {
			t.Errorf("count after withdrawing %d", got.Supports)
		}
		if again, _ := s.SupportProposal(ctx, w.bobBy, p.ID); !again {
			t.Error("support after withdrawing not added")
		}
	})
}

// Flags: once per person per item, in parallel too; the moderators' queue
// counts them with their reasons.
func TestProposalFlags(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newProposalWorld(t, s)
		p := w.propose(t, s, "Benches")
		c, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: p.ID, Body: "Buy my benches"})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.FlagProposal(ctx, w.bobBy, p.ID, c.ID, "Advert"); err != nil && !errors.Is(err, store.ErrBusy) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if added, err := s.FlagProposal(ctx, w.annBy, p.ID, 0, ""); !added || err != nil {
			t.Fatalf("flag proposal: %v %v", added, err)
		}
		q := w.propose(t, s, "Other")
		if _, err := s.FlagProposal(ctx, w.annBy, q.ID, c.ID, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("flag comment of another proposal: %v", err)
		}
		items, err := s.FlaggedItems(ctx, w.proc.PartnershipID)
		if err != nil || len(items) != 2 {
			t.Fatalf("flagged %+v %v", items, err)
		}
		for _, it := range items {
			if it.Flags != 1 {
				t.Errorf("item %+v: want 1 flag", it)
			}
		}
	})
}

// A person's data download holds their proposals, comments and supports;
// after deleting the account the content stays under "Deleted account".
func TestProposalPersonalDataAndAnonymising(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newProposalWorld(t, s)
		p := w.propose(t, s, "Benches")
		if _, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: p.ID, Body: "My own comment"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SupportProposal(ctx, w.annBy, p.ID); err != nil {
			t.Fatal(err)
		}
		data, err := s.PersonalData(ctx, w.ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(data["voice_proposals"])
		for _, want := range []string{`"title":"Benches"`, `"body":"My own comment"`, `"supported_proposal_ids":[` + itoa64(p.ID) + `]`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("personal data lacks %s: %s", want, b)
			}
		}
		other, _ := s.PersonalData(ctx, w.bob.ID)
		if b, _ := json.Marshal(other["voice_proposals"]); strings.Contains(string(b), "Benches") {
			t.Errorf("bob's data holds ann's proposal: %s", b)
		}
		if err := s.AnonymiseUser(ctx, w.annBy, w.ann.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetProposal(ctx, p.ID)
		if err != nil || got.AuthorName != store.DeletedAccountName || got.Title != "Benches" {
			t.Errorf("after deletion: %+v %v", got, err)
		}
		cs, _ := s.ProposalComments(ctx, p.ID)
		if len(cs) != 1 || cs[0].AuthorName != store.DeletedAccountName {
			t.Errorf("comments after deletion: %+v", cs)
		}
	})
}

func itoa64(n int64) string { b, _ := json.Marshal(n); return string(b) }

// "You said, we did" for proposals: a proposal links to a decision of its
// own partnership's board, or is not taken forward with a reason; another
// board's decision and a missing reason are refused by field.
func TestProposalLinks(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newProposalWorld(t, s)
		p := w.propose(t, s, "Benches")
		d, err := s.CreateDecision(ctx, store.System, places.Decision{PartnershipID: w.proc.PartnershipID, Text: "Fund benches", Date: "2026-11-20", Outcome: places.OutcomeConsensus})
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Durham, Name: "Durham HWB"})
		if err != nil {
			t.Fatal(err)
		}
		od, err := s.CreateDecision(ctx, store.System, places.Decision{PartnershipID: other.ID, Text: "Elsewhere", Date: "2026-11-20", Outcome: places.OutcomeConsensus})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			l    voice.Link
			want string
		}{
			{voice.Link{TargetKind: voice.TargetDecision, TargetID: od.ID}, "target_id"},
			{voice.Link{TargetKind: voice.TargetNotTaken}, "reason"},
			{voice.Link{TargetKind: "wish"}, "target_kind"},
		} {
			if _, err := s.AddProposalLink(ctx, store.System, p.ID, tc.l); strings.Join(fieldsOf(err), ",") != tc.want {
				t.Errorf("%+v: %v", tc.l, err)
			}
		}
		if _, err := s.AddProposalLink(ctx, store.System, 9999, voice.Link{TargetKind: voice.TargetNotTaken, Reason: "x"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing proposal: %v", err)
		}
		if _, err := s.AddProposalLink(ctx, store.System, p.ID, voice.Link{TargetKind: voice.TargetDecision, TargetID: d.ID}); err != nil {
			t.Fatal(err)
		}
		links, err := s.ProposalLinks(ctx, p.ID)
		if err != nil || len(links) != 1 || links[0].Title != "Fund benches" || links[0].URL == "" || links[0].Link.SubjectKind != voice.SubjectProposal {
			t.Fatalf("links %+v %v", links, err)
		}
		// A theme's orphan report is not disturbed by proposal links.
		if orphans, err := s.OrphanThemes(ctx, w.proc.PartnershipID); err != nil || len(orphans) != 0 {
			t.Errorf("orphans %+v %v", orphans, err)
		}
	})
}
