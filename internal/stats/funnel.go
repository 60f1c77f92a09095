package stats

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/mathext"
)

// Funnel significance labels, in the package's factor order.
const (
	FunnelHigh001        = "High (0.001)"
	FunnelHigh025        = "High (0.025)"
	FunnelLow001         = "Low (0.001)"
	FunnelLow025         = "Low (0.025)"
	FunnelNotSignificant = "Not significant"
	FunnelNotApplicable  = "Not applicable for events less than 10 for dsrs"
)

// Funnel statistics and rate/ratio types.
const (
	FunnelProportion = "proportion"
	FunnelRate       = "rate"
	FunnelRatio      = "ratio"
	RateTypeDSR      = "dsr"
	RateTypeCrude    = "crude"
	RatioTypeCount   = "count"
	RatioTypeISR     = "isr"
)

// sigmaAdjustment is the proportion control limit at probability p for a
// population (the package's sigma_adjustment, same operation order).
func sigmaAdjustment(p, population, avg float64, high bool, multiplier float64) float64 {
	g := NormalQuantile(p)
	g2 := g * g
	first := avg * (population/g2 + 1)
	t := -8 * avg * (population/g2 + 1)
	adj := math.Sqrt(t*t - 64*(1/g2+1/population)*avg*(population*(avg*(population/g2+2)-1)+g2*(avg-1)))
	last := 1/g2 + 1/population
	var r float64
	if high {
		r = (first + adj/8) / last
	} else {
		r = (first - adj/8) / last
	}
	return r / population * multiplier
}

// FunnelSignificanceProportion is assign_funnel_significance(statistic =
// "proportion"): each row's x/n against the control limits around Σx/Σn.
func FunnelSignificanceProportion(x, n []float64) ([]string, error) {
	for i := range x {
		if isMissing(x[i]) || isMissing(n[i]) {
			return nil, inputErr(i, "numerator", "for proportions, numerators and denominators must be provided for all records, even when their values are zero")
		}
	}
	if err := checkFunnelCounts(x, n); err != nil {
		return nil, err
	}
	for i := range x {
		if x[i] > n[i] {
			return nil, inputErr(i, "numerator", "numerators must be less than or equal to denominator for a proportion statistic")
		}
	}
	var sx, sn float64
	for i := range x {
		sx += x[i]
		sn += n[i]
	}
	avg := sx / sn
	out := make([]string, len(x))
	for i := range x {
		v := x[i] / n[i]
		switch {
		case v < sigmaAdjustment(0.999, n[i], avg, false, 1):
			out[i] = FunnelLow001
		case v < sigmaAdjustment(0.975, n[i], avg, false, 1):
			out[i] = FunnelLow025
		case v > sigmaAdjustment(0.999, n[i], avg, true, 1):
			out[i] = FunnelHigh001
		case v > sigmaAdjustment(0.975, n[i], avg, true, 1):
			out[i] = FunnelHigh025
		default:
			out[i] = FunnelNotSignificant
		}
	}
	return out, nil
}

func checkFunnelCounts(x, n []float64) error {
	for i, v := range x {
		if v < 0 {
			return inputErr(i, "numerator", "numerators must be greater than or equal to zero")
		}
	}
	for i, v := range n {
		if v <= 0 {
			return inputErr(i, "denominator", "denominators must be greater than zero")
		}
	}
	return nil
}

// funnelRatioStatistic is funnel_ratio_significance: the lower ("low") or
// upper Poisson limit of obs at two-sided level p, divided by expected.
func funnelRatioStatistic(obs, expected, p float64, low bool) float64 {
	var t float64
	switch {
	case obs == 0 && low:
		t = 0
	case obs < 10:
		if low {
			t = ChiSquareQuantileUpper(0.5+p/2, 2*obs) / 2
		} else {
			t = ChiSquareQuantile(0.5+p/2, 2*obs+2) / 2
		}
	default:
		z := NormalQuantile(0.5 + p/2)
		if low {
			a := 1 - 1/(9*obs) - z/3/math.Sqrt(obs)
			t = obs * (a * a * a)
		} else {
			o := obs + 1
			a := 1 - 1/(9*o) + z/3/math.Sqrt(o)
			t = o * (a * a * a)
		}
	}
	return t / expected
}

// FunnelSignificanceRatio is assign_funnel_significance(statistic =
// "ratio") for observed and expected counts.
func FunnelSignificanceRatio(obs, expected []float64) ([]string, error) {
	for i := range obs {
		if isMissing(obs[i]) {
			return nil, inputErr(i, "numerator", "for ratios, numerators must be provided for all records")
		}
	}
	if err := checkFunnelCounts(obs, expected); err != nil {
		return nil, err
	}
	out := make([]string, len(obs))
	for i := range obs {
		out[i] = ratioLabel(obs[i], expected[i], 1)
	}
	return out, nil
}

func ratioLabel(o, e, ref float64) string {
	switch {
	case ref < funnelRatioStatistic(o, e, 0.998, true):
		return FunnelHigh001
	case ref < funnelRatioStatistic(o, e, 0.95, true):
		return FunnelHigh025
	case ref > funnelRatioStatistic(o, e, 0.998, false):
		return FunnelLow001
	case ref > funnelRatioStatistic(o, e, 0.95, false):
		return FunnelLow025
	}
	return FunnelNotSignificant
}

// checkFunnelRateInputs applies the rate checks shared by significance and
// limits. denominator may be nil (not given).
func checkFunnelRateInputs(num, rate, den []float64, multiplier float64) error {
	for i, v := range num {
		if isMissing(v) {
			return inputErr(i, "numerator", "for rates, numerators must be provided for all records, even when their values are zero")
		}
	}
	for i := range num {
		if isMissing(rate[i]) && (den == nil || isMissing(den[i])) {
			return inputErr(i, "rate", "for rates, rates must be provided for all records, or a denominator must be provided if the rate is zero")
		}
	}
	for i, v := range num {
		if v == 0 {
			if den == nil {
				return inputErr(i, "denominator", "for rates, where there are 0 events for a record, the denominator field needs to be provided using the denominator argument")
			}
			if den[i] <= 0 || isMissing(den[i]) {
				return inputErr(i, "denominator", "for rates, where there are 0 events for a record, the denominator must be provided")
			}
		}
	}
	if isMissing(multiplier) {
		return inputErr(-1, "multiplier", "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier")
	}
	return nil
}

// derivedDenominators reproduces the package's denominator_derived.
func derivedDenominators(num, rate, den []float64, rateType string, multiplier float64, dsrOrder bool) []float64 {
	out := make([]float64, len(num))
	for i := range num {
		switch {
		case rateType == RateTypeDSR && num[i] == 0:
			out[i] = NA()
		case rateType == RateTypeCrude && den != nil && num[i] == 0:
			out[i] = den[i]
		case dsrOrder && rateType == RateTypeDSR:
			out[i] = num[i] / rate[i] * multiplier
		default:
			out[i] = multiplier * num[i] / rate[i]
		}
	}
	return out
}

// FunnelSignificanceRate is assign_funnel_significance(statistic = "rate").
// den may be nil. rateType is "dsr" or "crude".
func FunnelSignificanceRate(num, rate, den []float64, rateType string, multiplier float64) ([]string, error) {
	if rateType != RateTypeDSR && rateType != RateTypeCrude {
		return nil, inputErr(-1, "rate_type", "rate_type must be one of dsr or crude")
	}
	if err := checkFunnelRateInputs(num, rate, den, multiplier); err != nil {
		return nil, err
	}
	if err := checkFunnelCounts(num, den); err != nil {
		return nil, err
	}
	d := derivedDenominators(num, rate, den, rateType, multiplier, true)
	var so, sd float64
	for i := range num {
		so += num[i]
		if !isMissing(d[i]) {
			sd += d[i]
		}
	}
	avg := so / sd
	out := make([]string, len(num))
	for i := range num {
		if isMissing(d[i]) {
			// NA comparisons fall through every case.
			out[i] = FunnelNotSignificant
		} else {
			out[i] = ratioLabel(num[i], d[i], avg)
		}
		if rateType == RateTypeDSR && num[i] < 10 {
			out[i] = FunnelNotApplicable
		}
	}
	return out, nil
}

// FunnelPoints is calculate_funnel_points: the rate to chart and the
// per-year derived denominator for each row (den may be nil).
func FunnelPoints(num, rate, den []float64, rateType string, yearsOfData, multiplier float64) (chart, derived []float64, err error) {
	if rateType != RateTypeDSR && rateType != RateTypeCrude {
		return nil, nil, inputErr(-1, "rate_type", "rate_type must be one of dsr or crude")
	}
	for i, v := range num {
		if v == 0 {
			if den == nil {
				return nil, nil, inputErr(i, "denominator", "for rates, where there are 0 events for a record, the denominator field needs to be provided using the denominator argument")
			}
			if den[i] == 0 || isMissing(den[i]) {
				return nil, nil, inputErr(i, "denominator", "for rates, where there are 0 events for a record, the denominator must be provided")
			}
		}
	}
	chart = make([]float64, len(num))
	derived = make([]float64, len(num))
	for i := range num {
		if rateType == RateTypeDSR {
			if num[i] < 10 {
				chart[i], derived[i] = NA(), NA()
			} else {
				chart[i] = rate[i]
				derived[i] = (multiplier * num[i] / rate[i]) / yearsOfData
			}
			continue
		}
		chart[i] = rate[i]
		if den != nil && num[i] == 0 {
			derived[i] = den[i] / yearsOfData
		} else {
			derived[i] = (multiplier * num[i] / rate[i]) / yearsOfData
		}
	}
	return chart, derived, nil
}

// FunnelLimitsOptions are calculate_funnel_limits' arguments.
type FunnelLimitsOptions struct {
	Statistic   string  // proportion, rate or ratio
	Multiplier  float64 // required for proportion, ratio and rate
	RatioType   string  // count or isr (ratio)
	RateType    string  // dsr or crude (rate)
	YearsOfData float64 // rate
}

// FunnelTable is the 100-row table of funnel lines. Names[k] labels
// Columns[k]; Statistic and Method are the metadata columns.
type FunnelTable struct {
	Names     []string
	Columns   [][]float64
	Statistic string
	Method    string
}

// rCharWidth is nchar(as.character(v)) for a non-negative whole number, as
// R formats it (15 significant digits, scientific when shorter).
func rCharWidth(v float64) int {
	if v == 0 {
		return 1
	}
	s := strconv.FormatFloat(v, 'f', 0, 64)
	fixed := len(s)
	sig := len(s)
	for sig > 1 && s[sig-1] == '0' {
		sig--
	}
	if sig > 15 {
		sig = 15
	}
	exp := fixed - 1
	sci := sig + 4
	if sig > 1 {
		sci++
	}
	if exp >= 100 {
		sci++
	}
	if fixed <= sci {
		return fixed
	}
	return sci
}

func signifFloor(x float64) float64 {
	if x == 0 {
		return 0
	}
	n := float64(rCharWidth(math.Floor(x*0.95)) - 1)
	p := math.Pow(10, n)
	return math.Floor(x*0.95/p) * p
}

func signifCeiling(x float64) float64 {
	if x == 0 {
		return 0
	}
	n := float64(rCharWidth(math.Ceil(x*1.05)) - 2)
	p := math.Pow(10, n)
	return math.Ceil(x*1.05/p) * p
}

// poissonCIs is the package's poisson_cis: P(xa ≤ K ≤ xb) for K ~ Poisson(z),
// by the same rescaled series.
func poissonCIs(z, xa, xb float64) float64 {
	if !(z < 1e5) {
		// The series needs about z terms; for large means use the
		// equivalent regularised incomplete gamma functions instead.
		if z != z || math.IsInf(z, 0) {
			return math.NaN()
		}
		switch {
		case xa <= 0 && xb >= 1e10:
			return 1
		case xa <= 0:
			return guard(func() float64 { return mathext.GammaIncRegComp(math.Floor(xb)+1, z) })
		case xb >= 1e10:
			return guard(func() float64 { return mathext.GammaIncReg(math.Ceil(xa), z) })
		}
	}
	q, tot, s, k := 1.0, 0.0, 0.0, 0.0
	for k <= z || q > tot*1e-10 {
		tot += q
		if k >= xa && k <= xb {
			s += q
		}
		if tot > 1e30 {
			s /= 1e30
			tot /= 1e30
			q /= 1e30
		}
		k++
		q = q * z / k
	}
	return s / tot
}

// poissonFunnel is the package's poisson_funnel: bisection for the Poisson
// mean at which obs sits on the p tail.
func poissonFunnel(obs, p float64, low bool) float64 {
	v, dv := 0.5, 0.5
	for dv > 1e-7 {
		dv /= 2
		m := (1 + obs) * v / (1 - v)
		if low {
			if poissonCIs(m, obs, 10000000000) > p {
				v -= dv
			} else {
				v += dv
			}
		} else {
			if poissonCIs(m, 0, obs) < p {
				v -= dv
			} else {
				v += dv
			}
		}
	}
	return (1 + obs) * v / (1 - v)
}

// FunnelLimits is calculate_funnel_limits. For proportions pass numerator
// and denominator; for ratios observed and expected; for rates numerator,
// rate and optionally denominator (den may be nil).
func FunnelLimits(num, den, rate []float64, o FunnelLimitsOptions) (*FunnelTable, error) {
	var d []float64
	switch o.Statistic {
	case FunnelRate:
		if isMissing(o.YearsOfData) || isMissing(o.Multiplier) || o.RateType == "" {
			return nil, inputErr(-1, "rate_type", "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier, years_of_data")
		}
		if err := checkFunnelRateInputs(num, rate, den, o.Multiplier); err != nil {
			return nil, err
		}
		if o.RateType != RateTypeDSR && o.RateType != RateTypeCrude {
			return nil, inputErr(-1, "rate_type", "rate_type must be one of dsr or crude")
		}
		d = derivedDenominators(num, rate, den, o.RateType, o.Multiplier, false)
	case FunnelRatio:
		if isMissing(o.Multiplier) || o.RatioType == "" {
			return nil, inputErr(-1, "ratio_type", "the following arguments are required for ratios: data, numerator, denominator, ratio_type, multiplier")
		}
		if o.RatioType != RatioTypeCount && o.RatioType != RatioTypeISR {
			return nil, inputErr(-1, "ratio_type", "ratio_type must be one of count or isr")
		}
		d = den
	case FunnelProportion:
		if isMissing(o.Multiplier) {
			return nil, inputErr(-1, "multiplier", "the following arguments are required for proportions: data, numerator, denominator, multiplier")
		}
		for i := range num {
			if isMissing(num[i]) || isMissing(den[i]) {
				return nil, inputErr(i, "numerator", "for proportions, numerators and denominators must be provided for all records, even when their values are zero")
			}
		}
		d = den
	default:
		return nil, inputErr(-1, "statistic", "statistic must be provided as proportion, rate or ratio")
	}
	for i := range num {
		if math.IsInf(num[i], 0) || num[i] < 0 || (o.Statistic != FunnelRate && isMissing(num[i])) {
			return nil, inputErr(i, "numerator", "numerators must be finite numbers greater than or equal to zero")
		}
		if !isMissing(d[i]) && (math.IsInf(d[i], 0) || d[i] <= 0) {
			return nil, inputErr(i, "denominator", "denominators must be finite numbers greater than zero")
		}
	}
	var sn, sd float64
	minD, maxD := math.Inf(1), math.Inf(-1)
	for i := range num {
		sn += num[i]
		if !isMissing(d[i]) {
			sd += d[i]
			minD = math.Min(minD, d[i])
			maxD = math.Max(maxD, d[i])
		}
	}
	av := sn / sd
	if !(av >= 0) || (av == 0 && o.Statistic != FunnelProportion) || math.IsInf(av, 0) || math.IsInf(maxD, 0) {
		return nil, inputErr(-1, "numerator", "funnel limits need a positive, finite average (some numerators and denominators must be greater than zero)")
	}
	var axisMin, axisMax float64
	if maxD > 2*minD {
		axisMin = 0
	} else if o.Statistic == FunnelRate {
		axisMin = signifFloor(minD/o.YearsOfData) * o.YearsOfData
	} else {
		axisMin = signifFloor(minD)
	}
	if o.Statistic == FunnelRate {
		axisMax = signifCeiling(maxD/o.YearsOfData) * o.YearsOfData
	} else {
		axisMax = signifCeiling(maxD)
	}
	header := map[string]string{FunnelProportion: "Population", FunnelRatio: "Observed_events", FunnelRate: "Events"}[o.Statistic]
	if o.Statistic == FunnelRate {
		axisMin = math.Floor(axisMin * av)
		axisMax = math.Ceil(axisMax * av)
	}
	first := make([]float64, 100)
	first[0] = math.Max(1, axisMin)
	for j := 2; j <= 100; j++ {
		offset := float64(j)
		if o.Statistic == FunnelRatio {
			offset = float64(j - 1)
		}
		prev := first[j-2]
		first[j-1] = math.Max(math.RoundToEven(math.Pow(axisMax/prev, 1/(101-offset))*prev), prev+1)
	}
	t := &FunnelTable{}
	col := func(name string, v []float64) {
		t.Names = append(t.Names, name)
		t.Columns = append(t.Columns, v)
	}
	col(header, first)
	mk := func() []float64 { return make([]float64, 100) }
	switch o.Statistic {
	case FunnelProportion:
		l2, u2, l3, u3, base := mk(), mk(), mk(), mk(), mk()
		for i, pop := range first {
			l2[i] = math.Max(0, sigmaAdjustment(0.975, pop, av, false, o.Multiplier))
			u2[i] = math.Min(100, sigmaAdjustment(0.975, pop, av, true, o.Multiplier))
			l3[i] = math.Max(0, sigmaAdjustment(0.999, pop, av, false, o.Multiplier))
			u3[i] = math.Min(100, sigmaAdjustment(0.999, pop, av, true, o.Multiplier))
			base[i] = av * o.Multiplier
		}
		col("lower_2s_limit", l2)
		col("upper_2s_limit", u2)
		col("lower_3s_limit", l3)
		col("upper_3s_limit", u3)
		col("baseline", base)
		t.Statistic, t.Method = FunnelProportion, MethodWilson
	case FunnelRatio:
		names := []string{"lower_2s", "upper_2s", "lower_3s", "upper_3s"}
		ps := []float64{0.025, 0.025, 0.001, 0.001}
		lowSide := []bool{false, true, false, true} // lower limit uses the "high" side
		for k := range names {
			ev, lim := mk(), mk()
			for i, ob := range first {
				ev[i] = poissonFunnel(ob, ps[k], lowSide[k])
				lim[i] = ob / ev[i]
				if o.RatioType == RatioTypeCount {
					lim[i] = lim[i] - 1
				} else {
					lim[i] = lim[i] * 100
				}
			}
			col(names[k]+"_exp_events", ev)
			col(names[k]+"_limit", lim)
		}
		t.Statistic, t.Method = "ratio ("+o.RatioType+")", "Poisson"
	case FunnelRate:
		names := []string{"lower_2s", "upper_2s", "lower_3s", "upper_3s"}
		ps := []float64{0.025, 0.025, 0.001, 0.001}
		lowSide := []bool{false, true, false, true}
		for k := range names {
			pop, lim := mk(), mk()
			for i, ev := range first {
				p1 := poissonFunnel(ev, ps[k], lowSide[k]) / av
				lim[i] = ev / p1 * o.Multiplier
				pop[i] = p1 / o.YearsOfData
			}
			col(names[k]+"_population_1_year", pop)
			col(names[k]+"_limit", lim)
		}
		base := mk()
		for i := range base {
			base[i] = av * o.Multiplier
		}
		col("baseline", base)
		t.Statistic = "rate (" + o.RateType + " per " + formatBigMark(o.Multiplier) + ")"
		t.Method = "Poisson"
	}
	return t, nil
}

// formatBigMark is format(x, big.mark = ",", scientific = FALSE).
func formatBigMark(v float64) string {
	s := FormatR(v)
	intPart, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i:]
			break
		}
	}
	neg := false
	if len(intPart) > 0 && intPart[0] == '-' {
		neg, intPart = true, intPart[1:]
	}
	var b []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, intPart[i])
	}
	out := string(b) + frac
	if neg {
		out = "-" + out
	}
	return out
}
