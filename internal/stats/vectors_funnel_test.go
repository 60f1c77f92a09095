package stats

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// checkStored compares got with a value stored to a limited number of
// decimals: they must agree to half a unit in the stored last place (plus
// 1e-9 relative).
func checkStored(t *testing.T, what string, got float64, stored string) {
	t.Helper()
	want := num(stored)
	dec := 0
	if i := strings.IndexByte(stored, '.'); i >= 0 && !strings.ContainsAny(stored, "eE") {
		dec = len(stored) - i - 1
	}
	tol := 0.5*math.Pow(10, -float64(dec)) + 1e-9*math.Abs(want)
	if math.IsNaN(want) != math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.12g, want %s", what, got, stored)
	}
}

func TestFunnelProportionLimitsVectors(t *testing.T) {
	in := readRecords(t, "funnel_prop_inputs.csv")
	var x, n, xa, na []float64
	for _, r := range in {
		x = append(x, r.f("numerator"))
		n = append(n, r.f("denominator"))
		if r.f("denominator") < 31000 {
			xa = append(xa, r.f("numerator"))
			na = append(na, r.f("denominator"))
		}
	}
	for _, c := range []struct {
		file string
		x, n []float64
	}{{"funnel_prop_outputs.csv", x, n}, {"funnel_prop_outputs_with_axis_variation.csv", xa, na}} {
		tab, err := FunnelLimits(c.x, c.n, nil, FunnelLimitsOptions{Statistic: FunnelProportion, Multiplier: 100})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range readRecords(t, c.file) {
			for k, col := range []string{"Population", "Lower2s0025limit", "Upper2s0025limit", "Lower3s0001limit", "Upper3s0001limit", "Baseline"} {
				checkStored(t, fmt.Sprintf("%s row %d %s", c.file, i+1, col), tab.Columns[k][i], r[col])
			}
		}
	}
}

func TestFunnelRatioLimitsVectors(t *testing.T) {
	in := readRecords(t, "funnel_ratio_inputs.csv")
	out := readRecords(t, "funnel_ratio_outputs.csv")
	for _, rt := range []string{RatioTypeCount, RatioTypeISR} {
		tab, err := FunnelLimits(cols(in, "obs"), cols(in, "expected"), nil, FunnelLimitsOptions{Statistic: FunnelRatio, Multiplier: 100, RatioType: rt})
		if err != nil {
			t.Fatal(err)
		}
		if tab.Statistic != "ratio ("+rt+")" || tab.Method != "Poisson" {
			t.Errorf("metadata %q %q", tab.Statistic, tab.Method)
		}
		for i, r := range out {
			for k, name := range tab.Names {
				col := strings.Replace(name, "limit", rt, 1)
				checkStored(t, fmt.Sprintf("%s row %d %s", rt, i+1, col), tab.Columns[k][i], r[col])
			}
		}
	}
}

func TestFunnelRateLimitsVectors(t *testing.T) {
	in := readRecords(t, "funnel_rate_input_funnels.csv")
	ev, rate := cols(in, "ev"), cols(in, "rate")
	maxEv := 0.0
	for _, v := range ev {
		maxEv = math.Max(maxEv, v)
	}
	// Case 2: the largest count replaced by 5 (crude).
	ev2 := append([]float64(nil), ev...)
	for i := range ev2 {
		if ev2[i] == maxEv {
			ev2[i] = 5
		}
	}
	// Case 3: pop derived, the largest count and its rate set to 0, rows
	// with pop ≤ max/2 dropped (crude with denominator).
	var ev3, rate3, pop3 []float64
	maxPop := 0.0
	pops := make([]float64, len(ev))
	for i := range ev {
		pops[i] = 1e5 * ev[i] / rate[i]
		maxPop = math.Max(maxPop, pops[i])
	}
	for i := range ev {
		if !(pops[i] > maxPop/2) {
			continue
		}
		e, r := ev[i], rate[i]
		if e == maxEv {
			e, r = 0, 0
		}
		ev3, rate3, pop3 = append(ev3, e), append(rate3, r), append(pop3, pops[i])
	}
	cases := []struct {
		file           string
		ev, rate, pop  []float64
		rateType, stat string
	}{
		{"funnel_rate_outputs.csv", ev, rate, nil, RateTypeDSR, "rate (dsr per 100,000)"},
		{"funnel_rate_outputs_2.csv", ev2, rate, nil, RateTypeCrude, "rate (crude per 100,000)"},
		{"funnel_rate_outputs_3.csv", ev3, rate3, pop3, RateTypeCrude, "rate (crude per 100,000)"},
	}
	for _, c := range cases {
		tab, err := FunnelLimits(c.ev, c.pop, c.rate, FunnelLimitsOptions{Statistic: FunnelRate, Multiplier: 1e5, RateType: c.rateType, YearsOfData: 3})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range readRecords(t, c.file) {
			for k, name := range tab.Names {
				checkStored(t, fmt.Sprintf("%s row %d %s", c.file, i+1, name), tab.Columns[k][i], r[name])
			}
			if r["statistic"] != tab.Statistic {
				t.Errorf("%s statistic %q want %q", c.file, tab.Statistic, r["statistic"])
			}
		}
	}
}

func TestFunnelSignificanceVectors(t *testing.T) {
	prop := readRecords(t, "funnel_prop_inputs.csv")
	got, err := FunnelSignificanceProportion(cols(prop, "numerator"), cols(prop, "denominator"))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range prop {
		if got[i] != r["significance"] {
			t.Errorf("proportion %s: %q want %q", r["Area"], got[i], r["significance"])
		}
	}
	ratio := readRecords(t, "funnel_ratio_inputs.csv")
	got, err = FunnelSignificanceRatio(cols(ratio, "obs"), cols(ratio, "expected"))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range ratio {
		if got[i] != r["significance"] {
			t.Errorf("ratio row %d: %q want %q", i+1, got[i], r["significance"])
		}
	}
	rates := readRecords(t, "funnel_rate_dsr_inputs.csv")
	var nonZero []record
	for _, r := range rates {
		if r.f("count") != 0 {
			nonZero = append(nonZero, r)
		}
	}
	for _, c := range []struct {
		rateCol, rateType string
		mult              float64
		rows              []record
		want              string
	}{
		{"rate_dsr", RateTypeDSR, 1e5, rates, "dsr_per_100000_with_0"},
		{"rate_dsr", RateTypeDSR, 100, rates, "dsr_per_100_with_0"},
		{"rate_dsr", RateTypeDSR, 1e5, nonZero, "dsr_per_100000_without_0"},
		{"rate_dsr", RateTypeDSR, 100, nonZero, "dsr_per_100_without_0"},
		{"rate_crude_per_100000", RateTypeCrude, 1e5, rates, "crude_per_100000_with_0"},
		{"rate_crude_per_100", RateTypeCrude, 100, rates, "crude_per_100_with_0"},
		{"rate_crude_per_100000", RateTypeCrude, 1e5, nonZero, "crude_per_100000_without_0"},
		{"rate_crude_per_100", RateTypeCrude, 100, nonZero, "crude_per_100_without_0"},
	} {
		got, err := FunnelSignificanceRate(cols(c.rows, "count"), cols(c.rows, c.rateCol), cols(c.rows, "pop"), c.rateType, c.mult)
		if err != nil {
			t.Fatalf("%s: %v", c.want, err)
		}
		for i, r := range c.rows {
			if got[i] != r[c.want] {
				t.Errorf("%s row %d: %q want %q", c.want, i+1, got[i], r[c.want])
			}
		}
	}
}

func TestFunnelPointsVectors(t *testing.T) {
	in := readRecords(t, "funnel_rate_input_funnels.csv")
	ev, rate, pop := cols(in, "ev"), cols(in, "rate"), cols(in, "pop")
	maxEv := 0.0
	for _, v := range ev {
		maxEv = math.Max(maxEv, v)
	}
	// As testFunnels.R: the largest count becomes 5 (dsr) or 0 (crude with
	// denominators, 5 years of data).
	replaced := func(by float64) []float64 {
		out := append([]float64(nil), ev...)
		for i := range out {
			if out[i] == maxEv {
				out[i] = by
			}
		}
		return out
	}
	for _, c := range []struct {
		ev       []float64
		rateType string
		den      []float64
		years    float64
		suffix   string
	}{{replaced(5), RateTypeDSR, nil, 3, ""}, {ev, RateTypeCrude, nil, 3, "_crude"}, {replaced(0), RateTypeCrude, pop, 5, "_crude_with_denom"}} {
		chart, der, err := FunnelPoints(c.ev, rate, c.den, c.rateType, c.years, 1e5)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range in {
			checkStored(t, fmt.Sprintf("row %d rate_chart%s", i+1, c.suffix), chart[i], r["rate_chart"+c.suffix])
			checkStored(t, fmt.Sprintf("row %d denominator_derived%s", i+1, c.suffix), der[i], r["denominator_derived"+c.suffix])
		}
	}
}
