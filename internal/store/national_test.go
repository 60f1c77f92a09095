package store_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func nationalGeneration(t *testing.T, s *store.Store) int64 {
	t.Helper()
	g, err := s.NationalGeneration(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestNationalFacts: the store returns the footprint, its four councils,
// the footprint partnership, its lead and its board's organisations; the
// domain rule then counts one council of four on the board, led by local
// government.
func TestNationalFacts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, _ := board(t, s)
		fp, err := s.CreatePartnership(ctx, admin, places.Partnership{Kind: places.PartnershipFootprint, AreaCode: storetest.NENCFootprt, Name: "NENC", LeadOrgID: p.LeadOrgID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddMember(ctx, admin, places.Member{PartnershipID: fp.ID, PersonName: "Cy", OrgID: p.LeadOrgID, Role: places.RoleMember}); err != nil {
			t.Fatal(err)
		}
		facts, err := s.NationalFacts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(facts.Footprints) != 1 || len(facts.Footprints[0].Councils) != 4 || len(facts.Partnerships) != 1 ||
			len(facts.BoardOrgs[fp.ID]) != 1 || facts.Organisations[p.LeadOrgID].ONSCode != storetest.Hartlepool {
			t.Fatalf("facts: %+v", facts)
		}
		sum := places.SummariseNational(facts)
		f := sum.Footprints[0]
		if len(f.Councils) != 4 || f.CouncilsOnBoard != 1 || f.OnBoard[0] != storetest.Hartlepool ||
			f.LeadSector != places.SectorLocalGovernment || f.Partnership == nil || f.Partnership.ID != fp.ID {
			t.Errorf("footprint summary: %d councils, on board %v, sector %q", len(f.Councils), f.OnBoard, f.LeadSector)
		}
		want := places.NationalTotals{Footprints: 1, LedByLocalGovernment: 1, Councils: 4, CouncilsOnBoard: 1, CouncilPlaces: 4, CouncilPlacesOnBoard: 1}
		if sum.Totals != want {
			t.Errorf("totals %+v, want %+v", sum.Totals, want)
		}
	})
}

// TestNationalGenerationMovesWithEveryWrite: each write the national view
// depends on moves the generation, in the same transaction; a write it does
// not depend on (a meeting) leaves it.
func TestNationalGenerationMovesWithEveryWrite(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var org places.Organisation
		var fp places.Partnership
		var member places.Member
		steps := []struct {
			name  string
			moves bool
			write func() error
		}{
			{"create organisation", true, func() (err error) {
				org, err = s.CreateOrganisation(ctx, admin, places.Organisation{Name: "Durham County Council", Kind: places.OrgCouncilUpper, ONSCode: storetest.Durham})
				return err
			}},
			{"update organisation's served areas", true, func() (err error) {
				org.AreaCodes = []string{storetest.Durham, storetest.Hartlepool}
				org, err = s.UpdateOrganisation(ctx, admin, org)
				return err
			}},
			{"create footprint partnership", true, func() (err error) {
				fp, err = s.CreatePartnership(ctx, admin, places.Partnership{Kind: places.PartnershipFootprint, AreaCode: storetest.NENCFootprt, Name: "NENC"})
				return err
			}},
			{"set its lead", true, func() (err error) {
				fp.LeadOrgID = org.ID
				fp, err = s.UpdatePartnership(ctx, admin, fp)
				return err
			}},
			{"add a board member", true, func() (err error) {
				member, err = s.AddMember(ctx, admin, places.Member{PartnershipID: fp.ID, PersonName: "Dee", OrgID: org.ID, Role: places.RoleChair})
				return err
			}},
			{"record a meeting (not shown nationally)", false, func() error {
				_, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: fp.ID, Date: "2026-01-15", Agenda: "Plan"})
				return err
			}},
			{"remove the member", true, func() error { return s.RemoveMember(ctx, admin, member.ID) }},
			{"reload reference data", true, func() error {
				ref := storetest.SmallReference()
				ref.Version = "fixture-2"
				_, err := s.LoadReference(ctx, ref)
				return err
			}},
		}
		for _, st := range steps {
			before := nationalGeneration(t, s)
			if err := st.write(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			after := nationalGeneration(t, s)
			if moved := after != before; moved != st.moves {
				t.Errorf("%s: generation %d → %d, want moved=%v", st.name, before, after, st.moves)
			}
		}
	})
}

// TestNationalSummaryAcrossServers: two servers (two stores, each with its
// own places.National cache) on one database. A write made through the
// second shows in the first's next summary, and the first does not rebuild
// while nothing changes.
func TestNationalSummaryAcrossServers(t *testing.T) {
	open := func(t *testing.T, cfg store.Config) *store.Store {
		s, err := store.Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return s
	}
	run := func(t *testing.T, cfg store.Config) {
		ctx := context.Background()
		first := storetest.Fixture(t, open(t, cfg))
		second := open(t, cfg)
		counting := &countingStore{Store: first}
		one, two := places.NewNational(counting), places.NewNational(second)

		a, err := one.Summary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		again, err := one.Summary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if again != a || counting.facts != 1 {
			t.Errorf("unchanged data: summary rebuilt (%d fact reads), want one build", counting.facts)
		}
		if a.Totals.LedByLocalGovernment != 0 {
			t.Fatalf("fresh fixture: %+v", a.Totals)
		}

		// A write through the second server.
		org, err := second.CreateOrganisation(ctx, admin, places.Organisation{Name: "Northumberland County Council", Kind: places.OrgCouncilUpper, ONSCode: storetest.Northumb})
		if err != nil {
			t.Fatal(err)
		}
		fp, err := second.CreatePartnership(ctx, admin, places.Partnership{Kind: places.PartnershipFootprint, AreaCode: storetest.NENCFootprt, Name: "NENC", LeadOrgID: org.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := second.AddMember(ctx, admin, places.Member{PartnershipID: fp.ID, PersonName: "Eli", OrgID: org.ID, Role: places.RoleChair}); err != nil {
			t.Fatal(err)
		}

		b, err := one.Summary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, err := two.Summary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := places.NationalTotals{Footprints: 1, LedByLocalGovernment: 1, Councils: 4, CouncilsOnBoard: 1, CouncilPlaces: 4, CouncilPlacesOnBoard: 1}
		if b.Totals != want || c.Totals != want {
			t.Errorf("after a write on the second server: first sees %+v, second %+v; want %+v", b.Totals, c.Totals, want)
		}
		if b.Generation <= a.Generation || counting.facts != 2 {
			t.Errorf("generation %d → %d, %d fact reads; want a newer generation and one rebuild", a.Generation, b.Generation, counting.facts)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, store.Config{DataDir: t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) { run(t, store.Config{DatabaseURL: storetest.PostgresURL(t)}) })
}

// countingStore counts how often the national facts are read.
type countingStore struct {
	*store.Store
	facts int
}

func (c *countingStore) NationalFacts(ctx context.Context) (places.NationalFacts, error) {
	c.facts++
	return c.Store.NationalFacts(ctx)
}
