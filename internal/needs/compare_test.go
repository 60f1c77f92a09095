package needs

import (
	"math"
	"strings"
	"testing"
)

func pt(area string, v, lo, hi float64) DataPoint {
	p := NewDataPoint()
	p.AreaCode, p.Value, p.Lower95, p.Upper95 = area, v, lo, hi
	return p
}

func TestCompareCI(t *testing.T) {
	eng := pt("E92000001", 10, 9.9, 10.1)
	tests := []struct {
		name string
		p    DataPoint
		pol  Polarity
		want Outcome
	}{
		{"above, low is good", pt("A", 12, 11, 13), LowIsGood, Worse},
		{"above, high is good", pt("A", 12, 11, 13), HighIsGood, Better},
		{"above, no judgement", pt("A", 12, 11, 13), NoJudgement, Higher},
		{"above, polarity unset", pt("A", 12, 11, 13), PolarityNone, Higher},
		{"below, low is good", pt("A", 8, 7, 9), LowIsGood, Better},
		{"below, high is good", pt("A", 8, 7, 9), HighIsGood, Worse},
		{"overlapping", pt("A", 11, 9.5, 12), LowIsGood, Similar},
		{"touching counts as overlapping", pt("A", 11, 10, 12), LowIsGood, Similar},
		{"no interval", pt("A", 11, math.NaN(), math.NaN()), LowIsGood, NotCompared},
		{"no value", pt("A", math.NaN(), math.NaN(), math.NaN()), LowIsGood, NotCompared},
	}
	for _, tc := range tests {
		c := CompareCI(tc.p, eng, tc.pol, BenchmarkCI95)
		if c.Outcome != tc.want || c.Reason == "" {
			t.Errorf("%s: %+v, want %s", tc.name, c, tc.want)
		}
	}
	// At 99.8% the wider interval can make a 95% difference similar.
	p := pt("A", 12, 10.5, 13.5)
	p.Lower998, p.Upper998 = 9.5, 14.5
	if c := CompareCI(p, eng, LowIsGood, BenchmarkCI95); c.Outcome != Worse {
		t.Errorf("95%%: %s", c.Outcome)
	}
	if c := CompareCI(p, eng, LowIsGood, BenchmarkCI998); c.Outcome != Similar || c.Level != 0.998 {
		t.Errorf("99.8%%: %+v", c)
	}
	if c := CompareCI(p, pt("E92000001", math.NaN(), 0, 0), LowIsGood, BenchmarkCI95); c.Outcome != NotCompared {
		t.Errorf("no benchmark value: %s", c.Outcome)
	}
}

func TestQuintiles(t *testing.T) {
	vals := []float64{5, 1, 9, 3, 7, 2, 8, 4, 10, 6, math.NaN()}
	q := Quintiles(vals)
	want := []int{3, 1, 5, 2, 4, 1, 4, 2, 5, 3, 0}
	for i := range want {
		if q[i] != want[i] {
			t.Fatalf("quintiles = %v, want %v", q, want)
		}
	}
	if q := Quintiles([]float64{1, 2, 3}); q[0] != 0 {
		t.Errorf("three values got quintiles %v", q)
	}
	if QuintileLabel(5, LowIsGood) != "Worst" || QuintileLabel(5, HighIsGood) != "Best" || QuintileLabel(1, NoJudgement) != "Lowest" {
		t.Error("quintile labels")
	}
}

func TestCompareGroupUsesIndicatorMethod(t *testing.T) {
	eng := pt("E92000001", 10, 9.9, 10.1)
	var pts []DataPoint
	for i := 1; i <= 10; i++ {
		pts = append(pts, pt("A", float64(i*2), float64(i*2)-0.5, float64(i*2)+0.5))
	}
	q := CompareGroup(pts, eng, Indicator{Benchmark: BenchmarkQuintiles, Polarity: LowIsGood})
	if q[9].Quintile != 5 || q[9].Outcome != Worse || q[0].Outcome != Better || q[4].Outcome != Similar || q[9].QuintileLabel != "Worst" {
		t.Errorf("quintile comparisons %+v", q)
	}
	c := CompareGroup(pts, eng, Indicator{Benchmark: BenchmarkCI95, Polarity: HighIsGood})
	if c[0].Outcome != Worse || c[9].Outcome != Better || c[4].Outcome != Similar {
		t.Errorf("CI comparisons %+v", c)
	}
	n := CompareGroup(pts, eng, Indicator{Benchmark: BenchmarkNone})
	if n[0].Outcome != NotCompared {
		t.Errorf("none: %+v", n[0])
	}
}

func TestRankPriorities(t *testing.T) {
	eng := pt("E92000001", 10, 9.9, 10.1)
	eng.AreaName = "England"
	mk := func(id int, v, lo, hi, lo998, hi998, denom float64, pol Polarity) PriorityInput {
		p := pt("E06000001", v, lo, hi)
		p.Lower998, p.Upper998, p.Denominator = lo998, hi998, denom
		p.Period = Period{Years: 1}
		ind := Indicator{ID: id, Name: "I" + string(rune('A'+id)), ValueType: ValueProportion, Multiplier: 100, Unit: "%", Polarity: pol, Benchmark: BenchmarkCI95}
		// The burden counts the reference population, never the
		// denominator: give it a sample of 10 to show it is not used.
		p.Denominator = 10
		return PriorityInput{Indicator: ind, Point: p, Benchmark: eng, Comparison: CompareCI(p, eng, pol, BenchmarkCI95), Population: &MatchedPopulation{People: denom, Label: "people of all ages"}}
	}
	inputs := []PriorityInput{
		mk(1, 11, 10.5, 11.5, 9.95, 12, 1000, LowIsGood),    // worse at 95 only, small population
		mk(2, 15, 14, 16, 13, 17, 50000, LowIsGood),         // worse at 99.8, big population
		mk(3, 9, 8.5, 9.5, 8, 9.8, 100000, LowIsGood),       // better
		mk(4, 10.5, 9, 12, 8, 13, 100000, LowIsGood),        // similar
		mk(5, 15, 14, 16, 13, 17, 50000, NoJudgement),       // higher, not judged
		mk(6, 11, 10.5, 11.5, 9.95, 12, 1000000, LowIsGood), // worse at 95, large population
	}
	inputs[5].Trend = Trend{Marker: TrendIncreasing, Direction: Worse}
	got := RankPriorities(inputs, DefaultPriorityWeights)
	order := []int{}
	for _, p := range got {
		order = append(order, p.IndicatorID)
	}
	// Ranked (significant differences) first, better last; then listed
	// apart: similar (4) and not judged (5).
	want := []int{2, 6, 1, 3, 4, 5}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v (%+v)", order, want, got)
		}
	}
	top := got[0]
	if top.Significance != 40 || math.Abs(top.ExcessPeople-2500) > 1e-9 || !strings.Contains(top.Explanation, "99.8%") || !strings.Contains(top.Explanation, "England") {
		t.Errorf("top priority %+v", top)
	}
	if got[4].Burden != 0 || got[4].Gap != 0.5 || got[4].Standing != StandingNoDifference || got[4].Rank != 0 {
		t.Errorf("a similar indicator scores no burden and is listed apart: %+v", got[4])
	}
	if got[5].Standing != StandingNoDifference || got[3].Rank != 4 || got[3].Standing != StandingRanked {
		t.Errorf("standings: %+v", got)
	}
	if top.BurdenUnit != "people" || math.Abs(top.Affected-7500) > 1e-9 || !strings.Contains(top.Explanation, "2,500 people (+") && !strings.Contains(top.Explanation, "2500 people (+") {
		t.Errorf("a prevalence's burden is in people: %+v", top)
	}
	if got[1].TrendPoints != 10 || !strings.Contains(got[1].Explanation, "getting worse") {
		t.Errorf("trend not scored: %+v", got[1])
	}
}
