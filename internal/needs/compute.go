package needs

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/stats"
)

// FinishError is a row whose numbers contradict each other. Field is the
// DataPoint field ("count", "lower_ci_95"); importers turn it into the
// file's column header.
type FinishError struct {
	Field   string
	Message string
}

func (e *FinishError) Error() string { return e.Field + ": " + e.Message }

var bothLevels = stats.Levels{0.95, 0.998}

// The calculators Finish uses, at both levels and multiplier 1 (finish
// scales), so that no row allocates: an import finishes a million.
var (
	proportionCalc = stats.NewProportionCalc(bothLevels, 1)
	rateCalc       = stats.NewRateCalc(bothLevels, 1)
)

// finishResult is a value and its 95% and 99.8% limits ([0] and [1]).
type finishResult struct {
	value        float64
	lower, upper [2]float64
}

// finish computes a row at the multiplier. Scaling the calculator's
// results (multiplier 1) gives stats.Proportion's and stats.Rate's bit for
// bit: both compute x/n·multiplier and limit·multiplier, and a product
// with 1 is exact.
func finish(calc *stats.RowCalc, x, n, mult float64) finishResult {
	var r finishResult
	r.value, _ = calc.Row(x, n, r.lower[:], r.upper[:])
	r.value *= mult
	for l := range r.lower {
		r.lower[l] *= mult
		r.upper[l] *= mult
	}
	return r
}

// Names of the methods Finish computes with, for origin details.
const (
	wilsonName = "Wilson score"
	byarName   = "Byar's method (exact Poisson below 10 events)"
)

func methodName(m Method) string {
	if m == MethodByar {
		return byarName
	}
	return wilsonName
}

// computedDetail is a computed value's origin detail: a constant for each
// method, so that computing a row allocates nothing.
func computedDetail(m Method) string {
	const prefix = "value and limits computed by placeboard from count and denominator ("
	if m == MethodByar {
		return prefix + byarName + ")"
	}
	return prefix + wilsonName + ")"
}

// agreementRel is how closely a recomputed value must match a published one
// to count as the same figure, unless the published figure is rounded (then
// it must agree to its last decimal place).
const agreementRel = 1e-6

// Finish checks a parsed point and completes it with internal/stats:
//   - a proportion or crude rate with count and denominator but no value is
//     computed (value and the missing 95% and 99.8% limits): OriginComputed;
//   - a given value that count and denominator reproduce is kept as given
//     and its missing limits are filled in: OriginVerified;
//   - anything else is kept exactly as given: OriginPrecomputed, with the
//     reason in OriginDetail.
func Finish(p *DataPoint, ind Indicator) error {
	if Has(p.Count) && p.Count < 0 {
		return &FinishError{"count", "a count cannot be negative"}
	}
	if Has(p.Denominator) && p.Denominator <= 0 {
		return &FinishError{"denominator", "a denominator must be greater than zero"}
	}
	if Has(p.Lower95) && Has(p.Upper95) && p.Lower95 > p.Upper95 {
		return &FinishError{"lower_ci_95", fmt.Sprintf("the lower 95%% limit %g is above the upper limit %g", p.Lower95, p.Upper95)}
	}
	if Has(p.Lower998) && Has(p.Upper998) && p.Lower998 > p.Upper998 {
		return &FinishError{"lower_ci_99_8", fmt.Sprintf("the lower 99.8%% limit %g is above the upper limit %g", p.Lower998, p.Upper998)}
	}
	method := ind.Method()
	haveCounts := Has(p.Count) && Has(p.Denominator)
	if method == MethodWilson && haveCounts && p.Count > p.Denominator {
		return &FinishError{"count", fmt.Sprintf("the count %g is larger than the denominator %g, impossible for a proportion", p.Count, p.Denominator)}
	}
	mult := ind.Multiplier
	if mult <= 0 {
		mult = 1
	}

	var (
		r      finishResult
		canRun = haveCounts && (method == MethodWilson || method == MethodByar)
	)
	if canRun {
		var err error
		if method == MethodWilson {
			err = stats.CheckProportionInputs([]float64{p.Count}, []float64{p.Denominator})
			r = finish(proportionCalc, p.Count, p.Denominator, mult)
		} else {
			err = stats.CheckRateInputs([]float64{p.Count}, []float64{p.Denominator})
			r = finish(rateCalc, p.Count, p.Denominator, mult)
		}
		if err != nil {
			return &FinishError{"count", err.Error()}
		}
	}

	switch {
	case !Has(p.Value) && canRun:
		p.Value = r.value
		fill(&p.Lower95, r.lower[0])
		fill(&p.Upper95, r.upper[0])
		fill(&p.Lower998, r.lower[1])
		fill(&p.Upper998, r.upper[1])
		p.Origin = OriginComputed
		p.OriginDetail = computedDetail(method)
	case !Has(p.Value) && method == MethodCount && Has(p.Count):
		p.Value = p.Count
		p.Origin = OriginComputed
		p.OriginDetail = "value is the count"
	case !Has(p.Value):
		p.Origin = OriginPrecomputed
		if p.Note != "" {
			p.OriginDetail = "no value published: " + p.Note
		} else {
			p.OriginDetail = "no value published"
		}
	case canRun && agrees(p.Value, r.value):
		filled := fill(&p.Lower95, r.lower[0])
		filled = fill(&p.Upper95, r.upper[0]) || filled
		filled998 := fill(&p.Lower998, r.lower[1])
		filled998 = fill(&p.Upper998, r.upper[1]) || filled998
		p.Origin = OriginVerified
		p.OriginDetail = "published value reproduced from count and denominator"
		var added []string
		if filled {
			added = append(added, "95%")
		}
		if filled998 {
			added = append(added, "99.8%")
		}
		if len(added) > 0 {
			p.OriginDetail += fmt.Sprintf("; %s limits added by placeboard (%s)", strings.Join(added, " and "), methodName(method))
		}
	case canRun:
		p.Origin = OriginPrecomputed
		p.OriginDetail = fmt.Sprintf("kept as published: count/denominator × %s gives %.6g, not the published %.6g (the source pools, models or adjusts it)", strconv.FormatFloat(mult, 'f', -1, 64), r.value, p.Value)
	default:
		p.Origin = OriginPrecomputed
		p.OriginDetail = "kept as published: " + whyNotRecomputed(ind, haveCounts)
	}
	return nil
}

func whyNotRecomputed(ind Indicator, haveCounts bool) string {
	switch ind.Method() {
	case MethodDSRDobson:
		return "a directly standardised rate needs counts and populations by age band, which this row does not give"
	case MethodISRByar:
		return "an indirectly standardised figure needs the expected count from reference rates, which this row does not give"
	case MethodLifeExpectancy:
		return "life expectancy needs deaths and populations by age band"
	case MethodMean:
		return "a mean needs the individual values"
	case MethodNone:
		return "placeboard has no method for this value type"
	}
	if !haveCounts {
		return "the row has no count and denominator"
	}
	return "not recomputable"
}

// fill sets *dst to v when dst is missing; it reports whether it did.
func fill(dst *float64, v float64) bool {
	if Has(*dst) || math.IsNaN(v) {
		return false
	}
	*dst = v
	return true
}

// agrees reports whether a published value matches a recomputed one: to
// 1e-6 relative, or to the published figure's last decimal place when it is
// rounded (97.98 matches 97.9834).
func agrees(published, recomputed float64) bool {
	diff := math.Abs(published - recomputed)
	if diff <= agreementRel*math.Max(math.Abs(published), math.Abs(recomputed)) {
		return true
	}
	s := strconv.FormatFloat(published, 'f', -1, 64)
	decimals := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		decimals = len(s) - i - 1
	}
	if decimals >= 6 {
		return false // an unrounded figure must meet the relative test
	}
	return diff <= 0.5*math.Pow(10, -float64(decimals))+1e-12
}

// RelativeDifference is |a-b| / max(|a|,|b|), 0 when both are 0.
func RelativeDifference(a, b float64) float64 {
	m := math.Max(math.Abs(a), math.Abs(b))
	if m == 0 {
		return 0
	}
	return math.Abs(a-b) / m
}
