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
		m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "age": "Age", "count": "N", "denominator": "D"},
			"indicator": {"id": 990007, "name": "Local proportion", "value_type": "proportion", "polarity": "low_is_good"}}`))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("Code,Year,Age,N,D\n")
		for y := 2021; y <= 2022; y++ {
			for i, code := range []string{storetest.England, storetest.Hartlepool, storetest.Durham, storetest.Northumb} {
				fmt.Fprintf(&b, "%s,%d,All ages,%d,1000\n", code, y, 100+10*i+y-2021)
			}
		}
		// An age group published in 2021 only: not in the latest period, so
		// not shown.
		fmt.Fprintf(&b, "%s,2021,65+ yrs,50,1000\n", storetest.Durham)
		// Only Durham has 2023: it is the latest period among the region's
		// areas, and England's 2023 value comes with it.
		fmt.Fprintf(&b, "%s,2023,All ages,140,1000\n%s,2023,All ages,99,1000\n%s,2023,All ages,77,1000\n", storetest.Durham, storetest.England, storetest.Cumbria)
		// 2024 has values outside the region only (Cumbria, England).
		fmt.Fprintf(&b, "%s,2024,All ages,78,1000\n%s,2024,All ages,98,1000\n", storetest.Cumbria, storetest.England)
		if _, _, err := importFile(t, s, needs.FormatGeneric, "p.csv", strings.NewReader(b.String()), m); err != nil {
			t.Fatal(err)
		}
		// A re-import of 2023 replaces Durham's value: the current version
		// is read, not the replaced one.
		if _, _, err := importFile(t, s, needs.FormatGeneric, "p2.csv", strings.NewReader("Code,Year,Age,N,D\n"+storetest.Durham+",2023,All ages,150,1000\n"), m); err != nil {
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
		sort.Strings(got)
		want := []string{storetest.Durham + " 2023 15", storetest.England + " 2023 9.9"}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("latest values %v, want %v", got, want)
		}
		for _, p := range pts {
			if p.Period.From != "2023-01-01" || p.Period.To != "2023-12-31" || p.Sex != "Persons" || p.Age != "All ages" || p.Count != p.Value*10 || !needs.Has(p.Lower95) {
				t.Errorf("latest value %+v", p)
			}
		}
		// Cumbria has 2024, Durham 2023.
		pts, err = s.LatestValues(ctx, []string{storetest.Cumbria, storetest.Durham}, nil)
		if err != nil || len(pts) != 1 || pts[0].AreaCode != storetest.Cumbria || pts[0].Period.Label != "2024" {
			t.Errorf("latest values of Cumbria and Durham %+v %v", pts, err)
		}
		held, err := s.AreasWithValues(ctx, []string{storetest.Northumb, storetest.Carlisle, storetest.Durham, storetest.Hartlepool})
		if err != nil || strings.Join(held, ",") != strings.Join([]string{storetest.Hartlepool, storetest.Durham, storetest.Northumb}, ",") {
			t.Errorf("areas with values %v %v", held, err)
		}
		vals, err := s.ComparatorValues(ctx, []string{storetest.Cumbria, storetest.Northumb}, []int{990007})
		if err != nil || len(vals) != 4 {
			t.Errorf("comparator values %d %v", len(vals), err)
		}
	})
}
