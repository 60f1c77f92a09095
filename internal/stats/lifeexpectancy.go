package stats

import (
	"math"
	"sort"
)

// DefaultAgeContents are the start ages of the 20 bands phe_life_expectancy
// expects: 0, 1, 5, 10, …, 90.
var DefaultAgeContents = []float64{0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90}

// LifeBand is one age band of one group: deaths and population from
// StartAge (the band's first age) to the next band's start.
type LifeBand struct {
	StartAge   float64
	Deaths     float64
	Population float64
}

// LifeResult is the life expectancy at one band's start age.
type LifeResult struct {
	StartAge float64
	Result           // Value is NA when suppressed; limits may remain
	PopsUsed float64 // Σ population over bands starting at or above StartAge
	DthsUsed float64 // Σ deaths over bands starting at or above StartAge
}

// Life-expectancy suppression warnings (group outputs become NA).
const (
	WarnLENegativeDeaths      = "some age bands have negative deaths; outputs have been suppressed to NAs"
	WarnLEZeroPop             = "some age bands have a zero or less population; outputs have been suppressed to NAs"
	WarnLEBandCount           = "some groups contain a different number of age bands than 20; life expectancy cannot be calculated for these. These groups will contain NAs."
	WarnLEAgeNotInAgeContents = "le_age not in the vector described by age_contents; all life expectancies will be returned"
	WarnLEDeathsOverPop       = "some age bands have more deaths than population; outputs have been suppressed to NAs"
	WarnLESmallPop            = "some groups have a total population of less than 5,000; outputs have been suppressed to NAs"
	WarnLEWideCI              = "some life expectancy values have a 95% confidence interval > 20 years; these values have been suppressed to NAs"
)

// LifeStatistic is the "statistic" label for a start age.
func LifeStatistic(startAge string) string { return "life expectancy at " + startAge }

const leBands = 20

// LifeExpectancy is phe_life_expectancy (Chiang II, Silcocks' limits) for
// one group's bands, which may be in any order. It returns one result per
// band in ascending start-age order, and the warning that explains a
// suppression ("" when none). Suppressed groups give NA values and limits.
func LifeExpectancy(bands []LifeBand, levels Levels) ([]LifeResult, string) {
	sorted := append([]LifeBand(nil), bands...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].StartAge < sorted[j].StartAge })
	var c leCalc
	c.init(levels)
	out := make([]LifeResult, len(sorted))
	for i := range out {
		out[i].Lower = make([]float64, len(levels))
		out[i].Upper = make([]float64, len(levels))
	}
	warn := c.group(sorted, out)
	return out, warn
}

type leCalc struct {
	levels Levels
	z      []float64
	z975   float64
	// scratch, one entry per band
	n, a, m, q, l, d, L, T, e, sp, W, ST []float64
}

func (c *leCalc) init(levels Levels) {
	c.levels = levels
	c.z = levels.Z()
	c.z975 = NormalQuantile(0.975)
	for _, p := range []*[]float64{&c.n, &c.a, &c.m, &c.q, &c.l, &c.d, &c.L, &c.T, &c.e, &c.sp, &c.W, &c.ST} {
		*p = make([]float64, leBands)
	}
}

// leSuppression returns the first suppression warning that applies to a
// group, in the package's order.
func leSuppression(b []LifeBand) string {
	for _, x := range b {
		if x.Deaths < 0 {
			return WarnLENegativeDeaths
		}
	}
	for _, x := range b {
		if x.Population <= 0 {
			return WarnLEZeroPop
		}
	}
	if len(b) != leBands {
		return WarnLEBandCount
	}
	for _, x := range b {
		if x.Deaths > x.Population {
			return WarnLEDeathsOverPop
		}
	}
	var tot float64
	for _, x := range b {
		tot += x.Population
	}
	// NA total populations are not filtered by R (NA <= 5000 is NA).
	if tot <= 5000 {
		return WarnLESmallPop
	}
	return ""
}

// group fills out (len(b) entries, bands sorted by start age). Returns the
// warning for the group, if any.
func (c *leCalc) group(b []LifeBand, out []LifeResult) string {
	// cumulative pops/deaths from the oldest band down
	var cp, cd float64
	for i := len(b) - 1; i >= 0; i-- {
		cp += b[i].Population
		cd += b[i].Deaths
		out[i].StartAge = b[i].StartAge
		out[i].PopsUsed, out[i].DthsUsed = cp, cd
		out[i].Method = MethodChiang
	}
	if w := leSuppression(b); w != "" {
		for i := range out {
			out[i].Value = NA()
			for l := range out[i].Lower {
				out[i].Lower[l], out[i].Upper[l] = NA(), NA()
			}
		}
		return w
	}
	const N = leBands
	n, a, m, q, l, d, L, T, e, sp, W, ST := c.n, c.a, c.m, c.q, c.l, c.d, c.L, c.T, c.e, c.sp, c.W, c.ST
	for i := 0; i < N; i++ {
		if b[i].StartAge == 0 {
			a[i] = 0.1
		} else {
			a[i] = 0.5
		}
		m[i] = b[i].Deaths / b[i].Population
		if i < N-1 {
			n[i] = b[i+1].StartAge - b[i].StartAge
		} else {
			n[i] = 2 / m[i]
		}
		D, P := b[i].Deaths, b[i].Population
		if D <= P/n[i]/a[i] {
			q[i] = m[i] * n[i] / (1 + m[i]*n[i]*(1-a[i]))
		} else if isMissing(D) || isMissing(P/n[i]/a[i]) {
			q[i] = NA() // case_when with an NA condition falls through to TRUE ~ 1 in R? no: NA condition is skipped
			q[i] = 1
		} else {
			q[i] = 1
		}
	}
	// l: cumulative product 1e5·p1·p2…
	l[0] = 1e5
	for i := 1; i < N; i++ {
		l[i] = l[i-1] * (1 - q[i-1])
	}
	for i := 0; i < N; i++ {
		next := 0.0
		if i < N-1 {
			next = l[i+1]
		}
		d[i] = l[i] - next
	}
	for i := 0; i < N-1; i++ {
		L[i] = n[i] * (l[i+1] + a[i]*d[i])
	}
	L[N-1] = l[N-1] / m[N-1]
	var acc float64
	for i := N - 1; i >= 0; i-- {
		acc = rSumAdd(acc, L[i])
		T[i] = acc
	}
	for i := 0; i < N; i++ {
		if l[i] == 0 {
			e[i] = 0
		} else {
			e[i] = T[i] / l[i]
		}
	}
	for i := 0; i < N; i++ {
		if d[i] == 0 {
			sp[i] = 0
		} else {
			sp[i] = (q[i] * q[i]) * (1 - q[i]) / b[i].Deaths
		}
	}
	sp[N-1] = 4 / (b[N-1].Deaths * (m[N-1] * m[N-1]))
	for i := 0; i < N-1; i++ {
		f := (1-a[i])*n[i] + e[i+1]
		W[i] = sp[i] * (l[i] * l[i]) * (f * f)
	}
	h := l[N-1] / 2
	W[N-1] = (h * h) * sp[N-1]
	acc = 0
	for i := N - 1; i >= 0; i-- {
		acc = rSumAdd(acc, W[i])
		ST[i] = acc
	}
	wide := false
	for i := 0; i < N; i++ {
		se := math.Sqrt(ST[i] / (l[i] * l[i]))
		v := e[i]
		for k, z := range c.z {
			out[i].Lower[k] = v - z*se
			out[i].Upper[k] = v + z*se
		}
		if math.IsInf(v, 1) {
			v = NA()
		}
		if c.z975*se > 10 {
			v = NA()
			wide = true
		}
		out[i].Value = v
	}
	if wide {
		return WarnLEWideCI
	}
	return ""
}

// rSumAdd adds as R's sum() and cumsum() do: in x87 long double, where of
// two NaN operands the one with the larger significand, NA (payload 1954),
// wins whatever the order. (Plain double arithmetic, in R as in Go, keeps
// the first operand's NaN instead.)
func rSumAdd(acc, x float64) float64 {
	s := acc + x
	if s != s && (IsNA(acc) || IsNA(x)) {
		return NA()
	}
	return s
}
