package app

import (
	"context"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// The whole embedded geography loads on both engines, and what comes back
// out of the store matches the figures.
func TestLoadReferenceBothEngines(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		start := time.Now()
		loaded, err := LoadReference(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: reference data loaded in %s", s.Engine(), time.Since(start).Round(time.Millisecond))
		if !loaded {
			t.Fatal("first load reported nothing loaded")
		}
		again, err := LoadReference(ctx, s)
		if err != nil || again {
			t.Fatalf("second load: loaded=%v err=%v, want false, nil", again, err)
		}
		counts := []struct {
			typ  places.AreaType
			want int
		}{{places.AreaICB, 42}, {places.AreaSTP, 44}, {places.AreaLSOA, 32844}}
		for _, c := range counts {
			_, total, err := s.ListAreas(ctx, store.AreaFilter{Type: c.typ, Page: store.Page{Limit: 1}})
			if err != nil {
				t.Fatal(err)
			}
			if total != c.want {
				t.Errorf("%s: %d areas, want %d", c.typ, total, c.want)
			}
		}
		utlas, _, err := s.ListAreas(ctx, store.AreaFilter{Type: places.AreaUTLA, Page: store.Page{Limit: store.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, a := range utlas {
			if a.ValidTo == "" || a.ValidTo >= "2021-06-30" {
				if a.ValidFrom == "" || a.ValidFrom <= "2021-06-30" {
					sum += a.Population
				}
			}
		}
		if sum != 56_536_419 {
			t.Errorf("upper-tier council populations sum to %d, want 56,536,419", sum)
		}
		// Hartlepool's population by band adds up to its total.
		d, err := s.GetArea(ctx, places.AreaRef{Type: places.AreaUTLA, Code: "E06000001"})
		if err != nil {
			t.Fatal(err)
		}
		var bands int64
		for _, p := range d.Population {
			bands += p.Count
		}
		if len(d.Population) != 38 || bands != d.Area.Population {
			t.Errorf("Hartlepool: %d bands summing to %d, total %d", len(d.Population), bands, d.Area.Population)
		}
	})
}

func BenchmarkReferenceFromSet(b *testing.B) {
	for b.Loop() {
		set, err := refdata.Load()
		if err != nil {
			b.Fatal(err)
		}
		ReferenceFromSet(set)
	}
}

// BenchmarkLoadReference measures first-start loading of the whole
// geography (≈33,400 areas, 66,000 parent links, 17,500 population cells)
// into an empty database. Goal in docs/benchmarks.md.
func BenchmarkLoadReference(b *testing.B) {
	set, err := refdata.Load()
	if err != nil {
		b.Fatal(err)
	}
	ref := ReferenceFromSet(set)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				var s *store.Store
				if engine == "sqlite" {
					s = storetest.SQLite(b)
				} else {
					s = storetest.Postgres(b)
				}
				b.StartTimer()
				if _, err := s.LoadReference(context.Background(), ref); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
