package store_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// TestAreaPopulation: a council's reference population by sex and band; an
// ICB's is the sum of the lower-tier councils wholly inside it; an area
// without one is empty, not an error.
func TestAreaPopulation(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ref := storetest.SmallReference()
		ref.Version = "fixture-population" // a new version, so it loads over the fixture's
		for _, a := range ref.Areas {
			if a.Type == places.AreaLTLA {
				ref.Population[a.Ref()] = []places.PopulationCount{
					{Sex: places.Female, AgeBand: "20-24", Count: int64(a.Population) / 2},
					{Sex: places.Male, AgeBand: "20-24", Count: int64(a.Population) - int64(a.Population)/2},
				}
			}
		}
		if _, err := s.LoadReference(ctx, ref); err != nil {
			t.Fatal(err)
		}
		total := func(p []places.PopulationCount) int64 {
			var n int64
			for _, c := range p {
				n += c.Count
			}
			return n
		}
		for _, tc := range []struct {
			ref   places.AreaRef
			cells int
			total int64
		}{
			{places.AreaRef{Type: places.AreaUTLA, Code: storetest.Hartlepool}, 2, 200},
			// Hartlepool (200) + County Durham (300) + Carlisle (100).
			{places.AreaRef{Type: places.AreaICB, Code: storetest.NENCICB}, 2, 600},
			{places.AreaRef{Type: places.AreaLSOA, Code: storetest.LSOA1}, 0, 0},
		} {
			got, err := s.AreaPopulation(ctx, tc.ref)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.cells || total(got) != tc.total {
				t.Errorf("%v: %d cells, %d people; want %d, %d (%+v)", tc.ref, len(got), total(got), tc.cells, tc.total, got)
			}
		}
	})
}

// TestStoredSeries: the values held for an indicator in some periods, by
// series, as an import's preview counts what it replaces.
func TestStoredSeries(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		if _, _, err := importFile(t, s, needs.FormatFingertips, "london.csv", openExtract(t, "fingertips_london_utla_2023.csv"), nil); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		all, err := s.IndicatorValues(ctx, store.ValueQuery{IndicatorID: 93701, AllSeries: true})
		if err != nil || len(all) == 0 {
			t.Fatalf("93701: %d values, %v", len(all), err)
		}
		got, err := s.StoredSeries(ctx, 93701, []string{all[0].Period.Label})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, p := range all {
			if p.Period.Label == all[0].Period.Label {
				want++
			}
		}
		if len(got) != want || got[0].Key.IndicatorID != 93701 || got[0].Period != all[0].Period.Label {
			t.Errorf("%d stored values of 93701 in %s, want %d (%+v)", len(got), all[0].Period.Label, want, got[:min(len(got), 2)])
		}
		if none, err := s.StoredSeries(ctx, 93701, []string{"1999"}); err != nil || len(none) != 0 {
			t.Errorf("a period not held: %d, %v", len(none), err)
		}
	})
}
