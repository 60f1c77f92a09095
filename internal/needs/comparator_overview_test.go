package needs

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
)

// overviewWorld adds what the overview needs to comparatorWorld: the
// catalogue, the areas inside a parent and the latest values.
type overviewWorld struct {
	*comparatorWorld
	latestCalls int
}

func (w *overviewWorld) NeedsCatalogue(context.Context) (*Catalogue, error) {
	return comparatorCatalogue(), nil
}

func (w *overviewWorld) AreasIn(_ context.Context, parent places.AreaRef, child places.AreaType, _ string) ([]places.Area, error) {
	var out []places.Area
	for _, a := range w.areas {
		if a.Type != child {
			continue
		}
		if parent.Type == places.AreaCountry {
			out = append(out, a)
			continue
		}
		for _, p := range w.links[[2]places.AreaType{child, parent.Type}][a.Code] {
			if p.Code == parent.Code {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

func (w *overviewWorld) PeerGroups(_ context.Context, periods []IndicatorPeriod, peerType places.AreaType, benchmarkCode string) ([]*PeerGroup, error) {
	ofType := map[string]bool{}
	for _, a := range w.areas {
		if a.Type == peerType {
			ofType[a.Code] = true
		}
	}
	var out []*PeerGroup
	for _, ip := range periods {
		g := &PeerGroup{IndicatorID: ip.IndicatorID, Period: ip.Period}
		for _, p := range w.values {
			if p.IndicatorID != ip.IndicatorID || p.Period.Label != ip.Period || p.Sex != "Persons" || p.Category != "" {
				continue
			}
			switch {
			case p.AreaCode == benchmarkCode:
				g.Benchmark = append(g.Benchmark, p)
			case ofType[p.AreaCode]:
				g.Peers = append(g.Peers, PeerValue{AreaCode: p.AreaCode, Sex: p.Sex, Age: p.Age, Value: p.Value})
			}
		}
		out = append(out, g)
	}
	return out, nil
}

func (w *overviewWorld) AreasWithValues(_ context.Context, codes []string) ([]string, error) {
	held := map[string]bool{}
	for _, p := range w.values {
		if p.Sex == "Persons" && p.Category == "" {
			held[p.AreaCode] = true
		}
	}
	var out []string
	for _, c := range codes {
		if held[c] {
			out = append(out, c)
		}
	}
	return out, nil
}

func (w *overviewWorld) LatestValues(_ context.Context, areas, others []string) ([]DataPoint, error) {
	w.latestCalls++
	in := func(code string, list []string) bool {
		for _, c := range list {
			if c == code {
				return true
			}
		}
		return false
	}
	latest := map[int]string{}
	for _, p := range w.values {
		if in(p.AreaCode, areas) && p.Period.To > latest[p.IndicatorID] {
			latest[p.IndicatorID] = p.Period.To
		}
	}
	var out []DataPoint
	for _, p := range w.values {
		if (in(p.AreaCode, areas) || in(p.AreaCode, others)) && p.Period.To == latest[p.IndicatorID] {
			out = append(out, p)
		}
	}
	return out, nil
}

func TestOverviewOfARegion(t *testing.T) {
	ctx := context.Background()
	w := &overviewWorld{comparatorWorld: newComparatorWorld()}
	// Four more councils elsewhere, so quintiles among England's councils
	// exist; Liverpool has the lowest of the six, Knowsley the highest.
	for i, code := range []string{"E06000002", "E06000003", "E06000004"} {
		w.areas = append(w.areas, places.Area{Type: places.AreaUTLA, Code: code, Name: "Elsewhere " + code})
		w.value(indQuint, code, float64(20+i), 100, Missing)
	}
	w.value(indQuint, hartlepool, 23, 100, Missing)
	w.value(indQuint, liverpool, 10, 100, Missing)
	w.value(indQuint, knowsley, 30, 100, Missing)
	w.value(indQuint, EnglandCode, 2000, 10000, Missing)
	// The proportion: Knowsley has 2024 as well, so 2024 is the row's
	// period and Liverpool (2023 only) has no value in it.
	w.value(indProp, liverpool, 150, 1000, Missing)
	k := w.value(indProp, knowsley, 260, 1000, Missing)
	k.Period, k.Value = Period{Label: "2024", From: "2024-01-01", To: "2024-12-31"}, Missing
	k.Lower95, k.Upper95, k.Lower998, k.Upper998 = Missing, Missing, Missing, Missing
	if err := Finish(&k, comparatorCatalogue().byID[indProp]); err != nil {
		t.Fatal(err)
	}
	w.values = append(w.values, k)
	e := k
	e.AreaCode, e.AreaName, e.Count, e.Denominator, e.Value = EnglandCode, "England", 200000, 1000000, Missing
	e.Lower95, e.Upper95, e.Lower998, e.Upper998 = Missing, Missing, Missing, Missing
	if err := Finish(&e, comparatorCatalogue().byID[indProp]); err != nil {
		t.Fatal(err)
	}
	w.values = append(w.values, e)

	o := Overviews{Store: w, AsAt: "2026-12-03"}
	for _, tt := range []struct {
		name    string
		choice  ComparatorChoice
		prop    []Outcome // Knowsley, Liverpool (by name)
		quint   []int
		present []bool
	}{
		// Knowsley 26% (2024) against England's 20%: worse. Quintiles rank
		// among all six councils: Knowsley 5, Liverpool 1.
		{"England", ComparatorChoice{Kind: CompareWithEngland}, []Outcome{Worse, ""}, []int{5, 1}, []bool{true, false}},
		// The North West has no 2024 value and Liverpool none to pool.
		{"region", ComparatorChoice{Kind: CompareWithRegion}, []Outcome{NotCompared, ""}, []int{0, 0}, []bool{true, false}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ov, err := o.Overview(ctx, OverviewQuery{Code: northWest, Choice: tt.choice})
			if err != nil {
				t.Fatal(err)
			}
			if ov.ChildType != places.AreaUTLA || len(ov.Areas) != 2 || ov.Areas[0].Name != "Knowsley" || ov.Areas[1].Name != "Liverpool" {
				t.Fatalf("areas %+v", ov.Areas)
			}
			// By name: "Quintiled", then "Smoking prevalence".
			if len(ov.Rows) != 2 || ov.Rows[0].Indicator.ID != indQuint || ov.Rows[1].Period != "2024" {
				t.Fatalf("rows %+v", ov.Rows)
			}
			quint, prop := ov.Rows[0], ov.Rows[1]
			if math.Abs(prop.England.Value-20) > 1e-9 {
				t.Errorf("England %v", prop.England.Value)
			}
			for i := range ov.Areas {
				if prop.Cells[i].Present != tt.present[i] {
					t.Errorf("cell %d present %v", i, prop.Cells[i].Present)
				}
				if !prop.Cells[i].Present && (Has(prop.Cells[i].Point.Value) || Has(prop.Cells[i].Compared.Value.Value)) {
					t.Errorf("absent cell %d has numbers %+v", i, prop.Cells[i])
				}
				if tt.prop[i] != "" && prop.Cells[i].Compared.Comparison.Outcome != tt.prop[i] {
					t.Errorf("cell %d: %s (%s)", i, prop.Cells[i].Compared.Comparison.Outcome, prop.Cells[i].Compared.Comparison.Reason)
				}
				if q := quint.Cells[i].Compared.Comparison.Quintile; q != tt.quint[i] {
					t.Errorf("quintile cell %d: %d (%s)", i, q, quint.Cells[i].Compared.Comparison.Reason)
				}
			}
		})
	}
	if w.latestCalls != 2 {
		t.Errorf("%d latest-value queries for two overviews", w.latestCalls)
	}
	if _, err := o.Overview(ctx, OverviewQuery{Code: liverpool, Type: places.AreaLTLA}); err == nil {
		t.Error("a district has an overview")
	}
}

// TestOverviewOfAnICBListsTheAreasHoldingValues: an ICB's overview lists
// its districts or its upper-tier councils, whichever more of hold values:
// upper-tier values only (as shipped extracts hold) list Lancashire and
// Blackpool, not Lancashire's districts; district values list the
// districts; a tie (unitary councils, which are both) lists the districts.
func TestOverviewOfAnICBListsTheAreasHoldingValues(t *testing.T) {
	const (
		lancsICB  = "E54000048"
		lancs     = "E10000017"
		burnley   = "E07000117"
		chorley   = "E07000118"
		blackpool = "E06000009"
	)
	world := func() *overviewWorld {
		w := &overviewWorld{comparatorWorld: newComparatorWorld()}
		add := func(t places.AreaType, code, name string) {
			w.areas = append(w.areas, places.Area{Type: t, Code: code, Name: name})
		}
		add(places.AreaICB, lancsICB, "NHS Lancashire and South Cumbria ICB")
		add(places.AreaUTLA, lancs, "Lancashire")
		add(places.AreaUTLA, blackpool, "Blackpool")
		add(places.AreaLTLA, blackpool, "Blackpool")
		add(places.AreaLTLA, burnley, "Burnley")
		add(places.AreaLTLA, chorley, "Chorley")
		w.link(places.AreaUTLA, lancs, places.AreaRegion, northWest, "")
		w.link(places.AreaUTLA, blackpool, places.AreaRegion, northWest, "")
		w.link(places.AreaLTLA, blackpool, places.AreaUTLA, blackpool, "")
		for _, d := range []string{burnley, chorley} {
			w.link(places.AreaLTLA, d, places.AreaUTLA, lancs, "")
		}
		for _, d := range []string{blackpool, burnley, chorley} {
			w.link(places.AreaLTLA, d, places.AreaICB, lancsICB, "")
		}
		w.value(indProp, EnglandCode, 20000, 100000, Missing)
		return w
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		icb   string
		held  []string
		child places.AreaType
		areas []string
	}{
		{"upper-tier values", lancsICB, []string{lancs, blackpool}, places.AreaUTLA, []string{"Blackpool", "Lancashire"}},
		{"district values", lancsICB, []string{burnley, chorley, blackpool}, places.AreaLTLA, []string{"Blackpool", "Burnley", "Chorley"}},
		{"unitary councils", merseyICB, []string{liverpool, knowsley}, places.AreaLTLA, []string{"Knowsley", "Liverpool"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := world()
			for i, code := range tt.held {
				w.value(indProp, code, float64(150+10*i), 1000, Missing)
			}
			ov, err := Overviews{Store: w, AsAt: "2026-12-03"}.Overview(ctx, OverviewQuery{Code: tt.icb, Type: places.AreaICB, Choice: ComparatorChoice{Kind: CompareWithEngland}})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range ov.Areas {
				names = append(names, a.Name)
			}
			if ov.ChildType != tt.child || strings.Join(names, ", ") != strings.Join(tt.areas, ", ") {
				t.Fatalf("%s: %v", ov.ChildType, names)
			}
			if len(ov.Rows) != 1 {
				t.Fatalf("rows %+v", ov.Rows)
			}
			for i, c := range ov.Rows[0].Cells {
				if !c.Present {
					t.Errorf("%s has no value", ov.Areas[i].Name)
				}
			}
		})
	}
}
