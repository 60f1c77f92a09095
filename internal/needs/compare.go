package needs

import (
	"fmt"
	"math"

	"github.com/placeboard/placeboard/internal/stats"
)

// Outcome is the result of comparing an area with a benchmark.
type Outcome string

// Outcomes. Better and worse need a polarity; without one an area is higher
// or lower. Quintile comparisons use the Quintile field instead.
const (
	Better      Outcome = "better"
	Similar     Outcome = "similar"
	Worse       Outcome = "worse"
	Higher      Outcome = "higher"
	Lower       Outcome = "lower"
	NotCompared Outcome = "not_compared"
)

// OutcomeLabel is the words shown for an outcome.
func OutcomeLabel(o Outcome) string {
	switch o {
	case Better:
		return "Better than benchmark"
	case Similar:
		return "Similar to benchmark"
	case Worse:
		return "Worse than benchmark"
	case Higher:
		return "Higher than benchmark"
	case Lower:
		return "Lower than benchmark"
	}
	return "Not compared"
}

// Comparison is one area's value set against one benchmark.
type Comparison struct {
	Outcome        Outcome         `json:"outcome"`
	Method         BenchmarkMethod `json:"method"`
	Level          float64         `json:"level,omitempty"` // 0.95 or 0.998 for CI methods
	BenchmarkCode  string          `json:"benchmark_area_code,omitempty"`
	BenchmarkValue float64         `json:"benchmark_value"`
	Quintile       int             `json:"quintile,omitempty"` // 1 = lowest values
	QuintileLabel  string          `json:"quintile_label,omitempty"`
	Reason         string          `json:"reason"`
}

// CompareCI applies Fingertips' rule "confidence intervals overlapping
// reference value": the area differs from the benchmark when its confidence
// interval (95% or 99.8%) lies wholly above or below the benchmark's value.
// Polarity turns higher/lower into better/worse.
func CompareCI(p DataPoint, benchmark DataPoint, pol Polarity, level BenchmarkMethod) Comparison {
	c := Comparison{Outcome: NotCompared, Method: level, BenchmarkCode: benchmark.AreaCode, BenchmarkValue: benchmark.Value}
	lo, hi := p.Lower95, p.Upper95
	c.Level = 0.95
	if level == BenchmarkCI998 {
		lo, hi = p.Lower998, p.Upper998
		c.Level = 0.998
	}
	switch {
	case !Has(benchmark.Value):
		c.Reason = "the benchmark has no value for this period"
		return c
	case !Has(p.Value):
		c.Reason = "no value"
		return c
	case !Has(lo) || !Has(hi):
		c.Reason = fmt.Sprintf("no %s confidence interval", levelLabel(c.Level))
		return c
	}
	var dir Outcome
	switch {
	case lo > benchmark.Value:
		dir = Higher
	case hi < benchmark.Value:
		dir = Lower
	default:
		c.Outcome = Similar
		c.Reason = fmt.Sprintf("the %s interval %s–%s includes the benchmark %s", levelLabel(c.Level), fmtNum(lo), fmtNum(hi), fmtNum(benchmark.Value))
		return c
	}
	c.Outcome = withPolarity(dir, pol)
	word := "above"
	if dir == Lower {
		word = "below"
	}
	c.Reason = fmt.Sprintf("the %s interval %s–%s lies wholly %s the benchmark %s", levelLabel(c.Level), fmtNum(lo), fmtNum(hi), word, fmtNum(benchmark.Value))
	return c
}

func withPolarity(dir Outcome, pol Polarity) Outcome {
	switch {
	case pol == HighIsGood && dir == Higher, pol == LowIsGood && dir == Lower:
		return Better
	case pol == HighIsGood && dir == Lower, pol == LowIsGood && dir == Higher:
		return Worse
	}
	return dir
}

func levelLabel(l float64) string {
	if l == 0.998 {
		return "99.8%"
	}
	return "95%"
}

func fmtNum(v float64) string {
	if !Has(v) {
		return "–"
	}
	a := math.Abs(v)
	switch {
	case a >= 1000:
		return fmt.Sprintf("%.0f", v)
	case a >= 100:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

// FormatValue formats a value for tables and charts with sensible precision.
func FormatValue(v float64) string { return fmtNum(v) }

// Quintiles places each value in a quintile of the group (1 = lowest values,
// 5 = highest), as Fingertips does for indicators benchmarked by quintiles.
// Missing values, and groups with fewer than five values, get 0.
func Quintiles(values []float64) []int {
	q, tooFew := stats.Quantiles(values, 5, false)
	out := make([]int, len(values))
	if tooFew {
		return out
	}
	for i, v := range q {
		if Has(v) {
			out[i] = int(v)
		}
	}
	return out
}

// quintileOf is Quintiles(values)[i], without placing the other values.
func quintileOf(values []float64, i int) int {
	if q := stats.QuantileOf(values, i, 5, false); Has(q) {
		return int(q)
	}
	return 0
}

// QuintileLabel names a quintile: with a polarity, "Best" to "Worst";
// without, "Lowest" to "Highest".
func QuintileLabel(q int, pol Polarity) string {
	if q < 1 || q > 5 {
		return "Not compared"
	}
	plain := []string{"Lowest", "Low", "Middle", "High", "Highest"}
	switch pol {
	case HighIsGood:
		return []string{"Worst", "Worse", "Middle", "Better", "Best"}[q-1]
	case LowIsGood:
		return []string{"Best", "Better", "Middle", "Worse", "Worst"}[q-1]
	}
	return plain[q-1]
}

// CompareGroup compares every point of one indicator and period with the
// benchmark by the indicator's method; for quintiles the group itself is the
// reference. Results are in the order of points.
func CompareGroup(points []DataPoint, benchmark DataPoint, ind Indicator) []Comparison {
	out := make([]Comparison, len(points))
	switch ind.Benchmark {
	case BenchmarkQuintiles:
		vals := make([]float64, len(points))
		for i, p := range points {
			vals[i] = p.Value
		}
		qs := Quintiles(vals)
		n := countPresent(vals)
		for i, q := range qs {
			out[i] = quintileComparison(q, n, benchmark, ind)
		}
	case BenchmarkNone:
		for i := range points {
			out[i] = Comparison{Outcome: NotCompared, Method: BenchmarkNone, Reason: "this indicator is not compared"}
		}
	default:
		for i, p := range points {
			out[i] = CompareCI(p, benchmark, ind.Polarity, ind.Benchmark)
		}
	}
	return out
}

// quintileComparison is the comparison of a value in quintile q of a group
// of n present values (q = 0: not placed).
func quintileComparison(q, n int, benchmark DataPoint, ind Indicator) Comparison {
	c := Comparison{Outcome: NotCompared, Method: BenchmarkQuintiles, BenchmarkCode: benchmark.AreaCode, BenchmarkValue: benchmark.Value, Quintile: q}
	if q == 0 {
		c.Reason = "quintiles need at least five areas with values"
		return c
	}
	c.QuintileLabel = QuintileLabel(q, ind.Polarity)
	c.Reason = fmt.Sprintf("quintile %d of %d areas", q, n)
	// Outer quintiles read as better/worse for the priority score.
	switch {
	case q == 5:
		c.Outcome = withPolarity(Higher, ind.Polarity)
	case q == 1:
		c.Outcome = withPolarity(Lower, ind.Polarity)
	default:
		c.Outcome = Similar
	}
	return c
}

func countPresent(vals []float64) int {
	n := 0
	for _, v := range vals {
		if Has(v) {
			n++
		}
	}
	return n
}

// CompareByPeriod compares values of one indicator, of areas of one type,
// that may span several periods and age groups: each period and age group
// is compared as one group (CompareGroup) with the benchmark's value for the
// same period and age, taken from benchmarks (the first found; a missing
// one gives "not compared"). Results are in the order of points.
func CompareByPeriod(points, benchmarks []DataPoint, benchmarkCode string, ind Indicator) []Comparison {
	type key struct{ period, age string }
	bench := map[key]DataPoint{}
	for _, b := range benchmarks {
		k := key{b.Period.Label, b.Age}
		if _, ok := bench[k]; !ok {
			bench[k] = b
		}
	}
	groups := map[key][]int{}
	var order []key
	for i, p := range points {
		k := key{p.Period.Label, p.Age}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	out := make([]Comparison, len(points))
	for _, k := range order {
		idx := groups[k]
		sub := make([]DataPoint, len(idx))
		for j, i := range idx {
			sub[j] = points[i]
		}
		b, ok := bench[k]
		if !ok {
			b = NewDataPoint()
			b.AreaCode = benchmarkCode
		}
		for j, c := range CompareGroup(sub, b, ind) {
			out[idx[j]] = c
		}
	}
	return out
}
