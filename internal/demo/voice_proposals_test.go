package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice"
)

// The demo proposals: Hartlepool's process gets four fictional proposals
// with threaded comments, supports, answers and "you said, we did" links;
// a second run adds nothing.
func TestSeedVoiceProposals(t *testing.T) {
	ref, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := st.LoadReference(ctx, app.ReferenceFromSet(&refdata.Set{Areas: ref.Areas})); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, st, ref); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := demo.SeedVoiceProposals(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	list, n, err := st.ListProposals(ctx, voice.ProposalFilter{})
	if err != nil || n != 4 {
		t.Fatalf("%d proposals, %v", n, err)
	}
	answered, replies := 0, 0
	for _, p := range list {
		if !strings.HasSuffix(p.Description, demo.FictionalMarker) {
			t.Errorf("%q is not marked fictional", p.Title)
		}
		if p.Answer != voice.AnswerNone {
			answered++
		}
		cs, err := st.ProposalComments(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.ParentID != 0 {
				replies++
			}
		}
		links, err := st.ProposalLinks(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Answer == voice.AnswerAccepted && (len(links) != 1 || links[0].Link.TargetKind != voice.TargetDecision) {
			t.Errorf("accepted proposal %q links %+v", p.Title, links)
		}
	}
	if answered != 3 || replies != 1 {
		t.Errorf("%d answered, %d replies; want 3 and 1", answered, replies)
	}
	if _, err := st.VerifyAudit(ctx); err != nil {
		t.Errorf("audit: %v", err)
	}
}
