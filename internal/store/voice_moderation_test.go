package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice"
)

// auditTrail returns an entity's entries, oldest first.
func auditTrail(t *testing.T, s *store.Store, entity, id string) []audit.Entry {
	t.Helper()
	es, _, err := s.AuditEntries(context.Background(), store.AuditFilter{Entity: entity, EntityID: id, Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

// checkEvent says whether e is the event action by who with the detail
// want (nil: no detail).
func checkEvent(t *testing.T, e audit.Entry, action string, who store.Actor, want map[string]string) {
	t.Helper()
	var got map[string]string
	if len(e.After) > 0 && string(e.After) != "null" {
		if err := json.Unmarshal(e.After, &got); err != nil {
			t.Fatalf("entry %d: detail %s: %v", e.Seq, e.After, err)
		}
	}
	if e.Action != action || e.ActorID != who.UserID || e.ActorName != who.Name || len(got) != len(want) {
		t.Errorf("entry %d: %s by %d %s %s, want %s by %d %s %v", e.Seq, e.Action, e.ActorID, e.ActorName, e.After, action, who.UserID, who.Name, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("entry %d: %s = %q, want %q", e.Seq, k, got[k], v)
		}
	}
}

// Moderation can be undone: hidden content shown again and a block lifted,
// each with the moderator's reason, audited with who and why; undoing what
// is not done records nothing.
func TestProposalModerationUndone(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newProposalWorld(t, s)
		mod := store.Actor{UserID: w.bob.ID, Name: w.bob.Email} // moderating, as the doors would allow
		p := w.propose(t, s, "Benches")
		c, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: p.ID, Body: "Buy my benches"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.HideProposal(ctx, mod, p.ID, "Looks like spam"); err != nil {
			t.Fatal(err)
		}
		if err := s.HideComment(ctx, mod, c.ID, "An advert"); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, entity string
			id           int64
			unhide       func(ctx context.Context, by store.Actor, id int64, reason string) error
			hidden       func() bool
		}{
			{"proposal", "voice_proposal", p.ID, s.UnhideProposal, func() bool { got, _ := s.GetProposal(ctx, p.ID); return got.Hidden || got.HiddenReason != "" }},
			{"comment", "voice_proposal_comment", c.ID, s.UnhideComment, func() bool { got, _ := s.GetComment(ctx, c.ID); return got.Hidden || got.HiddenReason != "" }},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				if err := tc.unhide(ctx, mod, tc.id, "  "); len(fieldsOf(err)) != 1 || fieldsOf(err)[0] != "reason" {
					t.Fatalf("no reason: %v", err)
				}
				if err := tc.unhide(ctx, mod, 999_999, "Reported in error"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("unknown id: %v", err)
				}
				before := len(auditTrail(t, s, tc.entity, strconv.FormatInt(tc.id, 10)))
				if err := tc.unhide(ctx, mod, tc.id, "Reported in error"); err != nil {
					t.Fatal(err)
				}
				if tc.hidden() {
					t.Errorf("still hidden")
				}
				trail := auditTrail(t, s, tc.entity, strconv.FormatInt(tc.id, 10))
				if len(trail) != before+2 {
					t.Fatalf("%d new entries, want the change and its reason", len(trail)-before)
				}
				if e := trail[len(trail)-2]; e.Action != audit.ActionUpdate || e.ActorID != mod.UserID {
					t.Errorf("change entry %+v", e)
				}
				checkEvent(t, trail[len(trail)-1], "voice-unhide", mod, map[string]string{"reason": "Reported in error"})
				// Showing what is shown changes and records nothing.
				if err := tc.unhide(ctx, mod, tc.id, "Again"); err != nil {
					t.Fatal(err)
				}
				if n := len(auditTrail(t, s, tc.entity, strconv.FormatInt(tc.id, 10))); n != len(trail) {
					t.Errorf("%d entries after a second unhide, want %d", n, len(trail))
				}
			})
		}

		// A block lifted: the account posts again, and can be blocked again.
		pid := w.proc.PartnershipID
		key := strconv.FormatInt(pid, 10) + ":" + strconv.FormatInt(w.ann.ID, 10)
		if err := s.UnblockAccount(ctx, mod, pid, w.ann.ID, "Not blocked"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unblocking an account that is not blocked: %v", err)
		}
		if err := s.BlockAccount(ctx, mod, pid, w.ann.ID, "Adverts"); err != nil {
			t.Fatal(err)
		}
		blocks, err := s.VoiceBlocks(ctx, pid)
		if err != nil || len(blocks) != 1 || blocks[0].UserID != w.ann.ID || blocks[0].Name != "Ann" || blocks[0].Reason != "Adverts" {
			t.Fatalf("blocks %+v %v", blocks, err)
		}
		if err := s.UnblockAccount(ctx, mod, pid, w.ann.ID, ""); len(fieldsOf(err)) != 1 || fieldsOf(err)[0] != "reason" {
			t.Errorf("unblock without a reason: %v", err)
		}
		if err := s.UnblockAccount(ctx, mod, pid, w.ann.ID, "She agreed to stop"); err != nil {
			t.Fatal(err)
		}
		if blocked, err := s.IsBlocked(ctx, pid, w.ann.ID); blocked || err != nil {
			t.Errorf("still blocked: %v %v", blocked, err)
		}
		if blocks, _ := s.VoiceBlocks(ctx, pid); len(blocks) != 0 {
			t.Errorf("blocks after lifting: %+v", blocks)
		}
		trail := auditTrail(t, s, "voice_block", key)
		if len(trail) != 3 || trail[0].Action != audit.ActionCreate || trail[1].Action != audit.ActionDelete || trail[1].ActorID != mod.UserID {
			t.Fatalf("block trail %+v", trail)
		}
		checkEvent(t, trail[2], "voice-unblock", mod, map[string]string{"reason": "She agreed to stop"})
		if _, err := s.SupportProposal(ctx, w.annBy, w.propose(t, s, "Shade").ID); err != nil {
			t.Errorf("a lifted block still stops posting: %v", err)
		}
		if err := s.BlockAccount(ctx, mod, pid, w.ann.ID, "Adverts again"); err != nil {
			t.Fatal(err)
		}
		if blocked, _ := s.IsBlocked(ctx, pid, w.ann.ID); !blocked {
			t.Error("blocking again did not block")
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("verify audit: %v", err)
		}
	})
}

// Supports and reports are audited like the resident's other writes: one
// event each time one is added or a support withdrawn, by the account,
// with a report's reason; repeats (in parallel too) record nothing more.
func TestProposalParticipationAudited(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newProposalWorld(t, s)
		p := w.propose(t, s, "Benches")
		c, err := s.AddComment(ctx, w.annBy, voice.NewComment{ProposalID: p.ID, Body: "Buy my benches"})
		if err != nil {
			t.Fatal(err)
		}
		pid, cid := strconv.FormatInt(p.ID, 10), strconv.FormatInt(c.ID, 10)
		events := func(entity, id, action string) []audit.Entry {
			var out []audit.Entry
			for _, e := range auditTrail(t, s, entity, id) {
				if e.Action == action {
					out = append(out, e)
				}
			}
			return out
		}
		var wg sync.WaitGroup
		for range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.SupportProposal(ctx, w.bobBy, p.ID); err != nil && !errors.Is(err, store.ErrBusy) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got := events("voice_proposal", pid, "voice-support")
		if len(got) != 1 {
			t.Fatalf("%d support entries after 30 presses, want 1", len(got))
		}
		checkEvent(t, got[0], "voice-support", w.bobBy, nil)
		for range 2 {
			if _, err := s.WithdrawSupport(ctx, w.bobBy, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		if got := events("voice_proposal", pid, "voice-support-withdrawn"); len(got) != 1 {
			t.Errorf("%d withdrawal entries after two withdrawals, want 1", len(got))
		} else {
			checkEvent(t, got[0], "voice-support-withdrawn", w.bobBy, nil)
		}
		// Reports: on the proposal with a reason, on the comment without.
		for range 2 {
			if _, err := s.FlagProposal(ctx, w.bobBy, p.ID, 0, "  Spam  "); err != nil {
				t.Fatal(err)
			}
			if _, err := s.FlagProposal(ctx, w.annBy, p.ID, c.ID, ""); err != nil {
				t.Fatal(err)
			}
		}
		if got := events("voice_proposal", pid, "voice-report"); len(got) != 1 {
			t.Errorf("%d report entries on the proposal, want 1", len(got))
		} else {
			checkEvent(t, got[0], "voice-report", w.bobBy, map[string]string{"reason": "Spam"})
		}
		if got := events("voice_proposal_comment", cid, "voice-report"); len(got) != 1 {
			t.Errorf("%d report entries on the comment, want 1", len(got))
		} else {
			checkEvent(t, got[0], "voice-report", w.annBy, nil)
		}
		// Refused writes record nothing.
		if err := s.BlockAccount(ctx, store.System, w.proc.PartnershipID, w.bob.ID, "Adverts"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SupportProposal(ctx, w.bobBy, p.ID); !errors.Is(err, voice.ErrBlocked) {
			t.Errorf("a blocked account supported: %v", err)
		}
		if got := events("voice_proposal", pid, "voice-support"); len(got) != 1 {
			t.Errorf("%d support entries after a refused support, want 1", len(got))
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("verify audit: %v", err)
		}
	})
}
