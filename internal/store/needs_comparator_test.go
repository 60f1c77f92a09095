package store_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func TestParentLinksAsAtFollowLoadedChanges(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadReference(ctx, mergerReference()); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open("../places/testdata/parent-changes-fixture.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		changes, err := places.ParseParentChanges(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.LoadParentChanges(ctx, store.Actor{Name: "loader@example.test"}, changes); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct{ day, cornwall, plymouth, name string }{
			{"2026-03-31", "E54000036", "E54000037", "NHS Cornwall and the Isles of Scilly Integrated Care Board"},
			{"2026-04-01", "E54000037", "E54000037", "NHS Devon Integrated Care Board"},
		} {
			links, err := s.ParentLinksAsAt(ctx, places.AreaLTLA, places.AreaICB, tt.day)
			if err != nil {
				t.Fatal(err)
			}
			c, p := links["E06000052"], links["E06000026"]
			if len(c) != 1 || c[0].Code != tt.cornwall || c[0].Name != tt.name || !c[0].Whole() || len(p) != 1 || p[0].Code != tt.plymouth {
				t.Errorf("as at %s: Cornwall %+v, Plymouth %+v", tt.day, c, p)
			}
		}
	})
}

func TestLatestValuesOneQueryForAParentsAreas(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "count": "N", "denominator": "D"},
			"indicator": {"id": 990007, "name": "Local proportion", "value_type": "proportion", "polarity": "low_is_good"}}`))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("Code,Year,N,D\n")
		for y := 2021; y <= 2022; y++ {
			for i, code := range []string{storetest.England, storetest.Hartlepool, storetest.Durham, storetest.Northumb} {
				fmt.Fprintf(&b, "%s,%d,%d,1000\n", code, y, 100+10*i+y-2021)
			}
		}
		// Only Durham has 2023: it is the latest period among the region's
		// areas, and England's 2023 value comes with it.
		fmt.Fprintf(&b, "%s,2023,140,1000\n%s,2023,99,1000\n%s,2023,77,1000\n", storetest.Durham, storetest.England, storetest.Cumbria)
		if _, _, err := importFile(t, s, needs.FormatGeneric, "p.csv", strings.NewReader(b.String()), m); err != nil {
			t.Fatal(err)
		}
		kids, err := s.AreasIn(ctx, places.AreaRef{Type: places.AreaRegion, Code: storetest.NorthEast}, places.AreaUTLA, "2026-12-03")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, k := range kids {
			codes = append(codes, k.Code)
		}
		sort.Strings(codes)
		if strings.Join(codes, ",") != strings.Join([]string{storetest.Hartlepool, storetest.Durham, storetest.Northumb}, ",") {
			t.Fatalf("North East's upper-tier areas %v", codes)
		}
		all, err := s.AreasIn(ctx, places.AreaRef{Type: places.AreaCountry, Code: storetest.England}, places.AreaUTLA, "2026-12-03")
		if err != nil || len(all) != 4 {
			t.Fatalf("England's upper-tier areas %d %v", len(all), err)
		}
		pts, err := s.LatestValues(ctx, codes, []string{storetest.England})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range pts {
			got = append(got, fmt.Sprintf("%s %s %.6g", p.AreaCode, p.Period.Label, p.Value))
		}
		want := []string{storetest.Durham + " 2023 14", storetest.England + " 2023 9.9"}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("latest values %v, want %v", got, want)
		}
		vals, err := s.ComparatorValues(ctx, []string{storetest.Cumbria, storetest.Northumb}, []int{990007})
		if err != nil || len(vals) != 3 {
			t.Errorf("comparator values %d %v", len(vals), err)
		}
	})
}
