package needs

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
)

// comparatorWorld: England, two regions, three councils (each both a utla
// and an ltla, as unitary councils are), one ICB holding two of them, a
// proportion (low is good, 95% intervals), a directly standardised rate and
// a quintile-benchmarked proportion.
type comparatorWorld struct {
	areas  []places.Area
	links  map[[2]places.AreaType]map[string][]places.AreaParent
	values []DataPoint
	asked  []string // the as-at days asked for
}

const (
	liverpool  = "E08000012"
	knowsley   = "E08000011"
	hartlepool = "E06000001"
	northWest  = "E12000002"
	northEast  = "E12000001"
	merseyICB  = "E54000008"
	indProp    = 1
	indDSR     = 2
	indQuint   = 3
)

func newComparatorWorld() *comparatorWorld {
	w := &comparatorWorld{links: map[[2]places.AreaType]map[string][]places.AreaParent{}}
	add := func(t places.AreaType, code, name string) {
		w.areas = append(w.areas, places.Area{Type: t, Code: code, Name: name})
	}
	add(places.AreaCountry, EnglandCode, "England")
	add(places.AreaRegion, northWest, "North West")
	add(places.AreaRegion, northEast, "North East")
	add(places.AreaICB, merseyICB, "NHS Cheshire and Merseyside ICB")
	for _, c := range []struct{ code, name, region string }{{liverpool, "Liverpool", northWest}, {knowsley, "Knowsley", northWest}, {hartlepool, "Hartlepool", northEast}} {
		add(places.AreaUTLA, c.code, c.name)
		add(places.AreaLTLA, c.code, c.name)
		w.link(places.AreaUTLA, c.code, places.AreaRegion, c.region, "")
		w.link(places.AreaLTLA, c.code, places.AreaUTLA, c.code, c.name)
	}
	w.link(places.AreaLTLA, liverpool, places.AreaICB, merseyICB, "NHS Cheshire and Merseyside ICB")
	w.link(places.AreaLTLA, knowsley, places.AreaICB, merseyICB, "NHS Cheshire and Merseyside ICB")
	return w
}

func (w *comparatorWorld) link(child places.AreaType, code string, parent places.AreaType, pcode, name string) {
	if name == "" {
		for _, a := range w.areas {
			if a.Code == pcode && a.Type == parent {
				name = a.Name
			}
		}
	}
	k := [2]places.AreaType{child, parent}
	if w.links[k] == nil {
		w.links[k] = map[string][]places.AreaParent{}
	}
	w.links[k][code] = append(w.links[k][code], places.AreaParent{Type: parent, Code: pcode, Name: name, LSOAs: 10, OfLSOAs: 10})
}

// value stores one headline value of 2023; a proportion is computed from
// its count and denominator as an import would.
func (w *comparatorWorld) value(id int, code string, count, denom, value float64) DataPoint {
	p := NewDataPoint()
	p.IndicatorID, p.AreaCode, p.Sex, p.Age = id, code, "Persons", "All ages"
	p.Period = Period{Label: "2023", From: "2023-01-01", To: "2023-12-31"}
	p.Count, p.Denominator, p.Value = count, denom, value
	if err := Finish(&p, comparatorCatalogue().byID[id]); err != nil {
		panic(err)
	}
	for _, a := range w.areas {
		if a.Code == code {
			p.AreaName = a.Name
		}
	}
	w.values = append(w.values, p)
	return p
}

func comparatorCatalogue() *Catalogue {
	return NewCatalogue([]Indicator{
		{ID: indProp, Name: "Smoking prevalence", ValueType: ValueProportion, Multiplier: 100, Polarity: LowIsGood, Benchmark: BenchmarkCI95},
		{ID: indDSR, Name: "Under 75 mortality", ValueType: ValueDSR, Multiplier: 100000, Polarity: LowIsGood, Benchmark: BenchmarkCI95},
		{ID: indQuint, Name: "Quintiled", ValueType: ValueProportion, Multiplier: 100, Polarity: LowIsGood, Benchmark: BenchmarkQuintiles},
	})
}

func (w *comparatorWorld) AreasByCode(_ context.Context, codes []string) ([]places.Area, error) {
	var out []places.Area
	for _, a := range w.areas {
		for _, c := range codes {
			if a.Code == c {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

func (w *comparatorWorld) ParentLinksAsAt(_ context.Context, child, parent places.AreaType, asAt string) (map[string][]places.AreaParent, error) {
	w.asked = append(w.asked, asAt)
	return w.links[[2]places.AreaType{child, parent}], nil
}

func (w *comparatorWorld) ComparatorValues(_ context.Context, codes []string, ids []int) ([]DataPoint, error) {
	var out []DataPoint
	for _, p := range w.values {
		for _, c := range codes {
			for _, id := range ids {
				if p.AreaCode == c && p.IndicatorID == id {
					out = append(out, p)
				}
			}
		}
	}
	return out, nil
}

// wilson is the Wilson score interval written out, to check Pool
// independently of internal/stats.
func wilson(x, n, z float64) (lo, hi float64) {
	p := x / n
	centre := (2*x + z*z) / (2 * (n + z*z))
	half := z * math.Sqrt(z*z+4*x*(1-p)) / (2 * (n + z*z))
	return (centre - half) * 100, (centre + half) * 100
}

func TestPoolSumsCountsAndDenominators(t *testing.T) {
	cat := comparatorCatalogue()
	prop, _ := cat.Get(indProp)
	dsr, _ := cat.Get(indDSR)
	w := newComparatorWorld()
	a := w.value(indProp, liverpool, 30, 200, Missing)
	b := w.value(indProp, knowsley, 50, 300, Missing)
	noCount := NewDataPoint()
	noCount.AreaName, noCount.Value, noCount.Period.Label = "Hartlepool", 12, "2023"
	for _, tt := range []struct {
		name      string
		ind       Indicator
		members   []DataPoint
		ok        bool
		value     float64
		count     float64
		why       string
		wilsonZ95 bool
	}{
		{"two areas' proportion is the Wilson proportion of the summed counts", prop, []DataPoint{a, b}, true, 16, 80, "", true},
		{"one area pools to itself", prop, []DataPoint{a}, true, 15, 30, "", true},
		{"a member without counts", prop, []DataPoint{a, noCount}, false, 0, 0, "Hartlepool has no count and denominator for 2023", false},
		{"a DSR cannot be pooled", dsr, []DataPoint{a, b}, false, 0, 0, "cannot be pooled from counts and denominators", false},
		{"nothing to pool", prop, nil, false, 0, 0, "no values to pool", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, why, ok := Pool(tt.ind, tt.members)
			if ok != tt.ok {
				t.Fatalf("ok = %v (%s)", ok, why)
			}
			if !ok {
				if !strings.Contains(why, tt.why) {
					t.Errorf("why = %q, want %q", why, tt.why)
				}
				return
			}
			if math.Abs(got.Value-tt.value) > 1e-12 || got.Count != tt.count {
				t.Errorf("value %v count %v, want %v and %v", got.Value, got.Count, tt.value, tt.count)
			}
			lo, hi := wilson(got.Count, got.Denominator, 1.959963984540054)
			if math.Abs(got.Lower95-lo) > 1e-9 || math.Abs(got.Upper95-hi) > 1e-9 {
				t.Errorf("95%% limits %v–%v, want Wilson %v–%v", got.Lower95, got.Upper95, lo, hi)
			}
			lo, hi = wilson(got.Count, got.Denominator, 3.090232306167813)
			if math.Abs(got.Lower998-lo) > 1e-9 || math.Abs(got.Upper998-hi) > 1e-9 {
				t.Errorf("99.8%% limits %v–%v, want Wilson %v–%v", got.Lower998, got.Upper998, lo, hi)
			}
		})
	}
}

func TestParseComparator(t *testing.T) {
	long := strings.Repeat("E06000001,", 0)
	for i := 0; i <= MaxComparatorSet; i++ {
		long += "E0600" + string(rune('1'+i/10)) + "00" + string(rune('0'+i%10)) + "1,"
	}
	for _, tt := range []struct {
		kind, set string
		want      ComparatorChoice
		field     string
	}{
		{"", "", ComparatorChoice{Kind: CompareWithEngland}, ""},
		{"Region", "E06000001", ComparatorChoice{Kind: CompareWithRegion}, ""},
		{"icb", "", ComparatorChoice{Kind: CompareWithICB}, ""},
		{"set", " e06000001, E06000002 E06000001", ComparatorChoice{Kind: CompareWithSet, Set: []string{"E06000001", "E06000002"}}, ""},
		{"county", "", ComparatorChoice{}, "comparator"},
		{"set", "", ComparatorChoice{}, "set"},
		{"set", "E06000001,Liverpool", ComparatorChoice{}, "set"},
		{"set", long, ComparatorChoice{}, "set"},
	} {
		got, err := ParseComparator(tt.kind, tt.set)
		var ce *ComparatorError
		switch {
		case tt.field != "" && (!errors.As(err, &ce) || ce.Field != tt.field):
			t.Errorf("ParseComparator(%q, %q) = %v, want an error naming %s", tt.kind, tt.set, err, tt.field)
		case tt.field == "" && err != nil:
			t.Errorf("ParseComparator(%q, %q): %v", tt.kind, tt.set, err)
		case tt.field == "" && (got.Kind != tt.want.Kind || got.SetParam() != tt.want.SetParam()):
			t.Errorf("ParseComparator(%q, %q) = %+v, want %+v", tt.kind, tt.set, got, tt.want)
		}
	}
}

func TestCompareProfileWithEachComparator(t *testing.T) {
	ctx := context.Background()
	cat := comparatorCatalogue()
	prop, _ := cat.Get(indProp)
	dsr, _ := cat.Get(indDSR)
	quint, _ := cat.Get(indQuint)
	w := newComparatorWorld()
	// Liverpool 150 of 1,000 (15%, 95% interval 12.9–17.4): better than
	// England's 20%, similar to the North West's stored 16%, worse than the
	// ICB's 11%, similar to the pooled set Knowsley + Hartlepool
	// (170 of 1,000 = 17%).
	area := w.value(indProp, liverpool, 150, 1000, Missing)
	england := w.value(indProp, EnglandCode, 200000, 1000000, Missing)
	w.value(indProp, northWest, 16000, 100000, Missing)
	w.value(indProp, merseyICB, 11000, 100000, Missing)
	w.value(indProp, knowsley, 90, 500, Missing)
	w.value(indProp, hartlepool, 80, 500, Missing)
	// The DSR has no counts to pool: a set compares with each member.
	dsrArea := w.value(indDSR, liverpool, Missing, Missing, 400)
	dsrArea.Lower95, dsrArea.Upper95 = 380, 420
	w.values[len(w.values)-1] = dsrArea
	w.value(indDSR, knowsley, Missing, Missing, 350)
	w.value(indDSR, hartlepool, Missing, Missing, 410)
	w.value(indDSR, EnglandCode, Missing, Missing, 330)
	quintArea := w.value(indQuint, liverpool, 15, 100, Missing)
	w.value(indQuint, northWest, 1600, 10000, Missing)

	lpool := places.Area{Type: places.AreaUTLA, Code: liverpool, Name: "Liverpool"}
	englandRow := ProfileRow{Indicator: prop, Area: area, Benchmark: england, Comparison: CompareCI(area, england, LowIsGood, BenchmarkCI95)}
	rows := []ProfileRow{englandRow, {Indicator: dsr, Area: dsrArea}, {Indicator: quint, Area: quintArea}}
	c := Comparators{Store: w, AsAt: "2026-12-03"}
	for _, tt := range []struct {
		name       string
		choice     ComparatorChoice
		comparator string
		outcomes   []Outcome
		values     []float64
		reason     []string
	}{
		{"England: the profile's own comparison", ComparatorChoice{Kind: CompareWithEngland}, "England",
			[]Outcome{Better, "", ""}, []float64{20, Missing, Missing}, nil},
		{"region: similar where England says better", ComparatorChoice{Kind: CompareWithRegion}, "North West",
			[]Outcome{Similar, NotCompared, NotCompared}, []float64{16, Missing, 16},
			[]string{"includes the benchmark 16", "North West has no value for 2023", "ranked by quintiles"}},
		{"ICB: worse", ComparatorChoice{Kind: CompareWithICB}, "NHS Cheshire and Merseyside ICB",
			[]Outcome{Worse, NotCompared, NotCompared}, []float64{11, Missing, Missing}, []string{"lies wholly above the benchmark 11"}},
		{"set: pooled proportion, DSR by member", ComparatorChoice{Kind: CompareWithSet, Set: []string{knowsley, hartlepool}}, "the set Knowsley, Hartlepool",
			[]Outcome{Similar, NotCompared, NotCompared}, []float64{17, Missing, Missing},
			[]string{"includes the benchmark 17", "compared with each member: worse Knowsley; similar Hartlepool"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.CompareProfile(ctx, lpool, rows, tt.choice)
			if err != nil {
				t.Fatal(err)
			}
			if got.Comparator.Name != tt.comparator {
				t.Errorf("comparator %q, want %q", got.Comparator.Name, tt.comparator)
			}
			for i, want := range tt.outcomes {
				if want == "" {
					continue
				}
				if got.Rows[i].Comparison.Outcome != want {
					t.Errorf("row %d: %s (%s), want %s", i, got.Rows[i].Comparison.Outcome, got.Rows[i].Comparison.Reason, want)
				}
				if v := got.Rows[i].Value.Value; Has(v) != Has(tt.values[i]) || (Has(v) && math.Abs(v-tt.values[i]) > 1e-9) {
					t.Errorf("row %d: comparator value %v, want %v", i, v, tt.values[i])
				}
				if i < len(tt.reason) && !strings.Contains(got.Rows[i].Comparison.Reason, tt.reason[i]) {
					t.Errorf("row %d: reason %q lacks %q", i, got.Rows[i].Comparison.Reason, tt.reason[i])
				}
			}
		})
	}
	if w.asked[0] != "2026-12-03" {
		t.Errorf("parent links asked as at %v", w.asked)
	}
}

func TestRegionPooledFromItsCouncilsWhenNotStored(t *testing.T) {
	ctx := context.Background()
	cat := comparatorCatalogue()
	prop, _ := cat.Get(indProp)
	w := newComparatorWorld()
	area := w.value(indProp, liverpool, 150, 1000, Missing)
	w.value(indProp, knowsley, 90, 500, Missing)
	c := Comparators{Store: w, AsAt: "2026-12-03"}
	got, err := c.CompareProfile(ctx, places.Area{Type: places.AreaUTLA, Code: liverpool, Name: "Liverpool"}, []ProfileRow{{Indicator: prop, Area: area}}, ComparatorChoice{Kind: CompareWithRegion})
	if err != nil {
		t.Fatal(err)
	}
	r := got.Rows[0]
	// 240 of 1,500 = 16%.
	if math.Abs(r.Value.Value-16) > 1e-12 || r.Value.Count != 240 || !strings.Contains(r.Pooled, "2 areas") || r.Comparison.Outcome != Similar {
		t.Errorf("pooled region %+v, %s", r.Value, r.Comparison.Reason)
	}
}

func TestResolveWhereThereIsNoComparator(t *testing.T) {
	ctx := context.Background()
	w := newComparatorWorld()
	c := Comparators{Store: w, AsAt: "2026-12-03"}
	for _, tt := range []struct {
		area   places.Area
		kind   ComparatorKind
		code   string
		reason string
	}{
		{places.Area{Type: places.AreaUTLA, Code: hartlepool, Name: "Hartlepool"}, CompareWithRegion, northEast, ""},
		{places.Area{Type: places.AreaLTLA, Code: knowsley, Name: "Knowsley"}, CompareWithRegion, northWest, ""},
		{places.Area{Type: places.AreaLTLA, Code: knowsley, Name: "Knowsley"}, CompareWithICB, merseyICB, ""},
		{places.Area{Type: places.AreaUTLA, Code: hartlepool, Name: "Hartlepool"}, CompareWithICB, "", "Hartlepool has no ICB"},
		{places.Area{Type: places.AreaRegion, Code: northWest, Name: "North West"}, CompareWithRegion, "", "a region has no region"},
		{places.Area{Type: places.AreaICB, Code: merseyICB, Name: "ICB"}, CompareWithICB, "", "a icb has no ICB"},
	} {
		got, err := c.Resolve(ctx, ComparatorChoice{Kind: tt.kind}, []places.Area{tt.area})
		if err != nil {
			t.Fatal(err)
		}
		cmp := got[tt.area.Ref()]
		if cmp.Code != tt.code || !strings.Contains(cmp.Unavailable, tt.reason) {
			t.Errorf("%s %s by %s: %+v", tt.area.Type, tt.area.Code, tt.kind, cmp)
		}
	}
	_, err := c.Resolve(ctx, ComparatorChoice{Kind: CompareWithSet, Set: []string{"E06999999"}}, nil)
	var ce *ComparatorError
	if !errors.As(err, &ce) || ce.Field != "set" {
		t.Errorf("unknown set member: %v", err)
	}
}
