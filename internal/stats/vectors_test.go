package stats

import (
	"fmt"
	"math"
	"testing"
)

// Vectors from PHEindicatormethods' own tests (testdata/README.md).

func TestByarsWilsonVectors(t *testing.T) {
	for i, r := range readRecords(t, "byars_wilson_limits.csv") {
		conf := map[string]float64{"95%": 0.95, "99.8%": 0.998}[r["confidence"]]
		x := r.f("x")
		name := fmt.Sprintf("row %d %s x=%v", i+1, r["method"], x)
		switch r["method"] {
		case "Byars":
			check(t, name+" lower", ByarsLower(x, conf), r.f("lowercl"))
			check(t, name+" upper", ByarsUpper(x, conf), r.f("uppercl"))
		case "Wilson":
			lo, hi, err := Wilson(x, r.f("n"), conf)
			if err != nil {
				t.Fatal(err)
			}
			check(t, name+" lower", lo, r.f("lowercl"))
			check(t, name+" upper", hi, r.f("uppercl"))
		}
	}
}

func TestProportionVectors(t *testing.T) {
	lv := mustLevels(t, 0.95, 0.998)
	for i, r := range readRecords(t, "proportion_expected.csv") {
		res, err := Proportion(r.f("Numerator"), r.f("Denominator"), lv, r.f("multiplier"))
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		name := fmt.Sprintf("row %d (%s)", i+1, r["Area"])
		check(t, name+" value", res.Value, r.f("value"))
		check(t, name+" lower95", res.Lower[0], r.f("lower95_0cl"))
		check(t, name+" upper95", res.Upper[0], r.f("upper95_0cl"))
		check(t, name+" lower99.8", res.Lower[1], r.f("lower99_8cl"))
		check(t, name+" upper99.8", res.Upper[1], r.f("upper99_8cl"))
		if got := ProportionStatistic(r.f("multiplier")); got != r["statistic"] {
			t.Errorf("%s statistic %q want %q", name, got, r["statistic"])
		}
	}
}

// sumByArea sums Numerator and Denominator per Area over both multiplier
// blocks, as the package test does (R's sum: NA if any NA).
func sumByArea(rows []record) (areas []string, x, n map[string]float64) {
	x, n = map[string]float64{}, map[string]float64{}
	for _, r := range rows {
		a := r["Area"]
		if _, ok := x[a]; !ok {
			areas = append(areas, a)
		}
		x[a] += r.f("Numerator")
		n[a] += r.f("Denominator")
	}
	return areas, x, n
}

func TestProportionGroupedVectors(t *testing.T) {
	in := readRecords(t, "proportion_expected.csv")
	_, x, n := sumByArea(in)
	lv := mustLevels(t, 0.95)
	for _, r := range readRecords(t, "proportion_grouped_expected.csv") {
		a := r["Area"]
		res, err := Proportion(x[a], n[a], lv, r.f("multiplier"))
		if err != nil {
			t.Fatal(err)
		}
		check(t, a+" x", x[a], r.f("Numerator"))
		check(t, a+" value", res.Value, r.f("value"))
		check(t, a+" lower", res.Lower[0], r.f("lowercl"))
		check(t, a+" upper", res.Upper[0], r.f("uppercl"))
		if lv.Label() != r["confidence"] {
			t.Errorf("confidence label %q want %q", lv.Label(), r["confidence"])
		}
	}
}

func TestRateVectors(t *testing.T) {
	lv := mustLevels(t, 0.95, 0.998)
	for i, r := range readRecords(t, "rate_expected.csv") {
		res, err := Rate(r.f("Numerator"), r.f("Denominator"), lv, r.f("multiplier"))
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		name := fmt.Sprintf("row %d (%s)", i+1, r["Area"])
		check(t, name+" value", res.Value, r.f("value"))
		check(t, name+" lower95", res.Lower[0], r.f("lower95_0cl"))
		check(t, name+" upper95", res.Upper[0], r.f("upper95_0cl"))
		check(t, name+" lower99.8", res.Lower[1], r.f("lower99_8cl"))
		check(t, name+" upper99.8", res.Upper[1], r.f("upper99_8cl"))
		if res.Method != r["method"] {
			t.Errorf("%s method %q want %q", name, res.Method, r["method"])
		}
		if got := RateStatistic(r.f("multiplier")); got != r["statistic"] {
			t.Errorf("%s statistic %q want %q", name, got, r["statistic"])
		}
	}
}

func TestRateGroupedVectors(t *testing.T) {
	in := readRecords(t, "rate_expected.csv")
	lv := mustLevels(t, 95)
	for _, r := range readRecords(t, "rate_grouped_expected.csv") {
		_, x, n := sumByArea(in)
		a := r["Area"]
		res, err := Rate(x[a], n[a], lv, r.f("multiplier"))
		if err != nil {
			t.Fatal(err)
		}
		check(t, a+" value", res.Value, r.f("value"))
		check(t, a+" lower", res.Lower[0], r.f("lowercl"))
		check(t, a+" upper", res.Upper[0], r.f("uppercl"))
	}
}

func TestMeanVectors(t *testing.T) {
	in := readRecords(t, "mean_input.csv")
	groups := map[string][]float64{}
	var all []float64
	for _, r := range in {
		groups[r["area"]] = append(groups[r["area"]], r.f("values"))
		all = append(all, r.f("values"))
	}
	groups["No grouping"] = all
	lv := mustLevels(t, 0.95, 0.998)
	for _, r := range readRecords(t, "mean_expected.csv") {
		a := r["area"]
		res := Mean(groups[a], lv)
		check(t, a+" value_sum", res.ValueSum, r.f("value_sum"))
		check(t, a+" value_count", res.ValueCount, r.f("value_count"))
		check(t, a+" stdev", res.StDev, r.f("stdev"))
		check(t, a+" value", res.Value, r.f("value"))
		check(t, a+" lower95", res.Lower[0], r.f("lower95_0cl"))
		check(t, a+" upper95", res.Upper[0], r.f("upper95_0cl"))
		check(t, a+" lower99.8", res.Lower[1], r.f("lower99_8cl"))
		check(t, a+" upper99.8", res.Upper[1], r.f("upper99_8cl"))
	}
}

// TestMeanMissingValues follows R's phe_mean (not the Python port): a group
// with an NA gives NA outputs while value_count still counts the NA row.
func TestMeanMissingValues(t *testing.T) {
	in := readRecords(t, "phsm_mean_input_with_na.csv")
	groups := map[string][]float64{}
	for _, r := range in {
		groups[r["area"]] = append(groups[r["area"]], r.f("values"))
	}
	exp := map[string]record{}
	for _, r := range readRecords(t, "phsm_mean_expected.csv") {
		exp[r["area"]] = r
	}
	lv := mustLevels(t, 0.95, 0.998)
	for a, vals := range groups {
		res := Mean(vals, lv)
		hasNA := false
		for _, v := range vals {
			hasNA = hasNA || IsNA(v)
		}
		if hasNA {
			if !IsNA(res.Value) || !IsNA(res.StDev) || !IsNA(res.Lower[0]) || res.ValueCount != float64(len(vals)) {
				t.Errorf("%s: NA group gave %+v", a, res)
			}
			continue
		}
		r := exp[a]
		check(t, a+" value", res.Value, r.f("Value"))
		check(t, a+" lower95", res.Lower[0], r.f("lower_95_ci"))
		check(t, a+" upper99.8", res.Upper[1], r.f("upper_99_8_ci"))
	}
}

// TestMeanIdenticalValues: R's long-double mean makes the standard
// deviation of identical values exactly 0, and the limits equal the mean.
func TestMeanIdenticalValues(t *testing.T) {
	for _, v := range []float64{0.1, 1.0 / 3, 123456.789, 1e-7} {
		vals := make([]float64, 10)
		for i := range vals {
			vals[i] = v
		}
		r := Mean(vals, Levels{0.95})
		if r.StDev != 0 || r.Lower[0] != r.Value || r.Upper[0] != r.Value {
			t.Errorf("v=%v: sd %v limits %v %v value %v", v, r.StDev, r.Lower[0], r.Upper[0], r.Value)
		}
	}
}

// TestRowCalcMatchesBatch checks the streaming calculator against the
// batch functions on the package vectors.
func TestRowCalcMatchesBatch(t *testing.T) {
	rows := readRecords(t, "rate_expected.csv")
	x, n := cols(rows, "Numerator"), cols(rows, "Denominator")
	lv := mustLevels(t, 0.95, 0.998)
	for _, rate := range []bool{false, true} {
		var b Batch
		calc := NewProportionCalc(lv, 100)
		if rate {
			RatesInto(&b, x, n, lv, 100)
			calc = NewRateCalc(lv, 100)
		} else {
			ProportionsInto(&b, x, n, lv, 100)
		}
		lo, hi := make([]float64, 2), make([]float64, 2)
		for i := range x {
			if x[i] > n[i] && !rate {
				continue
			}
			v, m := calc.Row(x[i], n[i], lo, hi)
			if !agree(v, b.Value[i], 0) || m != b.Method[i] || !agree(lo[1], b.Lower[1][i], 0) || !agree(hi[0], b.Upper[0][i], 0) {
				t.Errorf("rate=%v row %d: %v %v %v %v vs %v %v %v %v", rate, i, v, m, lo, hi, b.Value[i], b.Method[i], b.Lower[1][i], b.Upper[0][i])
			}
		}
	}
}

// TestProportionRowsMatchesRow checks the run-at-a-time calculator against
// Row bit for bit (NA payloads included) for every kind of level list:
// none (confidence NA), one, the pair 0.95 and 0.998, and a level of 1.
func TestProportionRowsMatchesRow(t *testing.T) {
	x := []float64{0, 1, 7, 50, 99, 100, NA(), 3, math.NaN(), 0, 12345}
	n := []float64{1, 1, 10, 100, 100, 100, 10, NA(), 5, 1e6, 20000}
	cases := []struct {
		name   string
		levels Levels
		mult   float64
	}{
		{"NA", Levels{}, 1},
		{"95", Levels{0.95}, 1},
		{"99.8 per 100", Levels{0.998}, 100},
		{"95 and 99.8", Levels{0.95, 0.998}, 1},
		{"95 and 99.8 per 1000", Levels{0.95, 0.998}, 1000},
		{"100", Levels{1}, 1},
	}
	for _, c := range cases {
		calc := NewProportionCalc(c.levels, c.mult)
		value := make([]float64, len(x))
		lower := [][]float64{make([]float64, len(x)), make([]float64, len(x))}
		upper := [][]float64{make([]float64, len(x)), make([]float64, len(x))}
		calc.ProportionRows(x, n, value, lower, upper)
		for i := range x {
			lo, up := make([]float64, len(c.levels)), make([]float64, len(c.levels))
			v, _ := calc.Row(x[i], n[i], lo, up)
			same := sameBits(v, value[i])
			for l := range c.levels {
				same = same && sameBits(lo[l], lower[l][i]) && sameBits(up[l], upper[l][i])
			}
			if !same {
				t.Errorf("%s, x=%v n=%v: rows gave %v %v %v, Row %v %v %v", c.name, x[i], n[i],
					value[i], []float64{lower[0][i], lower[1][i]}, []float64{upper[0][i], upper[1][i]}, v, lo, up)
			}
		}
	}
	// The pair at 95% and 99.8% against the package's published vectors.
	rows := readRecords(t, "rate_expected.csv")
	px, pn := cols(rows, "Numerator"), cols(rows, "Denominator")
	lv := mustLevels(t, 0.95, 0.998)
	var b Batch
	ProportionsInto(&b, px, pn, lv, 100)
	value := make([]float64, len(px))
	lower := [][]float64{make([]float64, len(px)), make([]float64, len(px))}
	upper := [][]float64{make([]float64, len(px)), make([]float64, len(px))}
	NewProportionCalc(lv, 100).ProportionRows(px, pn, value, lower, upper)
	for i := range px {
		if px[i] > pn[i] {
			continue
		}
		for l := range lv {
			if !sameBits(value[i], b.Value[i]) || !sameBits(lower[l][i], b.Lower[l][i]) || !sameBits(upper[l][i], b.Upper[l][i]) {
				t.Errorf("row %d level %d: %v %v %v, batch %v %v %v", i, l, value[i], lower[l][i], upper[l][i], b.Value[i], b.Lower[l][i], b.Upper[l][i])
			}
		}
	}
}

// sameBits reports whether a and b are the same float64 to the bit.
func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
