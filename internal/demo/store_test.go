package demo_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// TestSeedOnRealStore seeds both engines twice, with the reference geography
// loaded (without LSOAs, which the demo does not touch), and checks that the
// second run adds nothing and the audit log still verifies.
func TestSeedOnRealStore(t *testing.T) {
	ref, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	storetest.EnginesEmpty(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := st.LoadReference(ctx, app.ReferenceFromSet(&refdata.Set{Areas: ref.Areas})); err != nil {
			t.Fatalf("load reference: %v", err)
		}
		if err := demo.Seed(ctx, st, ref); err != nil {
			t.Fatalf("first seed: %v", err)
		}
		before := snapshot(t, st)
		if err := demo.Seed(ctx, st, ref); err != nil {
			t.Fatalf("second seed: %v", err)
		}
		if after := snapshot(t, st); after != before {
			t.Errorf("second seed changed the data: %+v then %+v", before, after)
		}
		if before.partnerships != 45 || before.hartlepoolMembers != 13 || before.hartlepoolMeetings != 2 || before.hartlepoolDecisions != 6 {
			t.Errorf("seeded %+v, want 45 partnerships and a Hartlepool board of 13 with 2 meetings and 6 decisions (4 of the board record, 2 answering the Voice demo consultation)", before)
		}
		report, err := st.VerifyAudit(ctx)
		if err != nil {
			t.Fatalf("audit does not verify after seeding: %v", err)
		}
		if report.Entries == 0 {
			t.Errorf("seeding wrote no audit entries")
		}
	})
}

type counts struct {
	orgs, partnerships                                         int
	hartlepoolMembers, hartlepoolMeetings, hartlepoolDecisions int
}

func snapshot(t *testing.T, st *store.Store) counts {
	t.Helper()
	ctx := context.Background()
	var c counts
	var err error
	if _, c.orgs, err = st.ListOrganisations(ctx, store.OrgFilter{}); err != nil {
		t.Fatal(err)
	}
	if _, c.partnerships, err = st.ListPartnerships(ctx, store.PartnershipFilter{}); err != nil {
		t.Fatal(err)
	}
	hwb, _, err := st.ListPartnerships(ctx, store.PartnershipFilter{Kind: places.PartnershipHWB, AreaCode: demo.HartlepoolCode})
	if err != nil || len(hwb) != 1 {
		t.Fatalf("Hartlepool boards: %d, %v", len(hwb), err)
	}
	members, err := st.ListMembers(ctx, hwb[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	meetings, err := st.ListMeetings(ctx, hwb[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	decisions, err := st.ListDecisions(ctx, hwb[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	c.hartlepoolMembers, c.hartlepoolMeetings, c.hartlepoolDecisions = len(members), len(meetings), len(decisions)
	return c
}

// TestConcurrentSeedsDoNotDuplicate starts two seeds at once through two
// stores sharing one database, as two servers started with --demo would,
// and expects the same data as one seed.
func TestConcurrentSeedsDoNotDuplicate(t *testing.T) {
	ref, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	engines := []struct {
		name string
		cfg  func(t *testing.T) store.Config
	}{
		{"sqlite", func(t *testing.T) store.Config { return store.Config{DataDir: t.TempDir()} }},
		{"postgres", func(t *testing.T) store.Config { return store.Config{DatabaseURL: storetest.PostgresURL(t)} }},
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := e.cfg(t)
			var stores [2]*store.Store
			for i := range stores {
				st, err := store.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				stores[i] = st
			}
			if err := stores[0].Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := stores[0].LoadReference(ctx, app.ReferenceFromSet(&refdata.Set{Areas: ref.Areas})); err != nil {
				t.Fatalf("load reference: %v", err)
			}
			errs := make(chan error, 2)
			for _, st := range stores {
				go func() { errs <- demo.Seed(ctx, st, ref) }()
			}
			for range stores {
				if err := <-errs; err != nil {
					t.Errorf("seed: %v", err)
				}
			}
			got := snapshot(t, stores[1])
			if got.partnerships != 45 || got.hartlepoolMembers != 13 || got.hartlepoolMeetings != 2 || got.hartlepoolDecisions != 6 {
				t.Errorf("after two concurrent seeds: %+v, want 45 partnerships and a Hartlepool board of 13 with 2 meetings and 6 decisions (2 from the Voice demo)", got)
			}
		})
	}
}
