// Package stats computes the public-health indicator statistics behind
// Fingertips, with the same results as the R package PHEindicatormethods 2.1.0
// (see shared/specs/indicator-methods.md): Wilson, Byar's and exact Poisson
// limits, proportions, crude rates, directly and indirectly standardised
// rates, means, life expectancy, quantiles, funnel plots and the slope and
// relative index of inequality.
//
// The package does no I/O. Inputs and outputs are plain float64 values and
// slices. A missing value (R's NA) is the NaN returned by NA and recognised by
// IsNA; other NaNs mean "not a number" (R's NaN, e.g. 0/0), and ±Inf are
// infinities, exactly as R would print them.
//
// Errors caused by the input are *InputError values carrying the spec's
// message and, where known, the offending row (0-based index into the slice
// passed in) and field.
//
// Entry points, one value at a time:
//
//	levels, err := stats.ParseLevels([]float64{0.95, 0.998}) // or 95, or nil for 95%
//	stats.Proportion(x, n, levels, 100)          // Wilson; Result{Value, Lower[i], Upper[i], Method}
//	stats.Rate(x, n, levels, 100000)             // exact (x < 10) or Byar's
//	stats.DSR(x, n, stats.ESP2013[:], levels, 100000)
//	stats.DSRNonIndependent(rows, levels, 100000)
//	stats.ISRatio(x, n, xref, nref, levels, 1) / stats.ISRate(..., 100000)
//	stats.Mean(values, levels)
//	stats.LifeExpectancy(bands, levels)          // per band, plus a suppression warning
//	stats.Quantiles(values, 10, true)
//	stats.FunnelLimits / FunnelPoints / FunnelSignificanceProportion|Ratio|Rate
//	stats.SII(quantiles, stats.SIIOptions{...}, haveSE)
//
// and column-wise for many groups (rows ordered group by group, offsets
// marking the groups; computed in parallel): ProportionsInto, RatesInto,
// DSRGroups, DSRNonIndependentGroups, ISRGroups, MeanGroups,
// LifeExpectancyGroups, QuantileGroups. The building blocks WilsonLower/Upper,
// ByarsLower/Upper, ExactPoissonLower/Upper, NormalQuantile,
// ChiSquareQuantile and StudentTQuantile are exported too.
package stats

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// naBits is R's NA_real_: a quiet NaN whose low word is 1954.
const naBits = 0x7FF80000000007A2

// NA returns the missing-value marker.
func NA() float64 { return math.Float64frombits(naBits) }

// IsNA reports whether v is the missing-value marker (not any other NaN).
// Like R, it looks only at the payload's low word, so NA survives arithmetic.
func IsNA(v float64) bool {
	b := math.Float64bits(v)
	return v != v && uint32(b) == 1954
}

// isMissing reports NA or NaN: R's is.na().
func isMissing(v float64) bool { return v != v }

// InputError is a problem with the input data or arguments. Row is the
// 0-based index of the offending element in the slice given to the function
// (-1 when the problem is not tied to one row); Field names the argument or
// column (the R argument name: "x", "n", "stdpop", "confidence", ...).
type InputError struct {
	Row     int
	Field   string
	Message string
}

func (e *InputError) Error() string {
	switch {
	case e.Row >= 0 && e.Field != "":
		return fmt.Sprintf("row %d, %s: %s", e.Row+1, e.Field, e.Message)
	case e.Field != "":
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	default:
		return e.Message
	}
}

func inputErr(row int, field, msg string) *InputError {
	return &InputError{Row: row, Field: field, Message: msg}
}

// Result is one computed statistic with its confidence limits. Lower[i] and
// Upper[i] belong to Levels[i] of the Levels used for the computation.
type Result struct {
	Value  float64
	Lower  []float64
	Upper  []float64
	Method string // e.g. "Wilson", "Exact", "Byars", "Dobson"
}

// Statistic labels used in the package's "statistic" column.
func proportionStatistic(multiplier float64) string {
	if multiplier == 100 {
		return "percentage"
	}
	return "proportion of " + AsCharacterR(multiplier)
}

// AsCharacterR formats a number as R's as.character/paste0 do: up to 15
// significant digits, in fixed notation unless scientific is shorter
// (so 100000 is "1e+05" but 1000 is "1000").
func AsCharacterR(v float64) string {
	if math.IsInf(v, 0) || v != v {
		return FormatR(v)
	}
	if v == 0 {
		return "0"
	}
	e := strconv.FormatFloat(v, 'e', 14, 64) // d.dddddddddddddde±XX
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	mant, expPart, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expPart)
	digits := strings.TrimRight(strings.Replace(mant, ".", "", 1), "0")
	nsig := len(digits)
	var fixed string
	switch {
	case exp >= 0 && nsig <= exp+1:
		fixed = digits + strings.Repeat("0", exp+1-nsig)
	case exp >= 0:
		fixed = digits[:exp+1] + "." + digits[exp+1:]
	default:
		fixed = "0." + strings.Repeat("0", -exp-1) + digits
	}
	sci := digits[:1]
	if nsig > 1 {
		sci += "." + digits[1:]
	}
	es := strconv.Itoa(abs(exp))
	if len(es) < 2 {
		es = "0" + es
	}
	if exp < 0 {
		sci += "e-" + es
	} else {
		sci += "e+" + es
	}
	out := fixed
	if len(fixed) > len(sci) {
		out = sci
	}
	if neg {
		out = "-" + out
	}
	return out
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// RateStatistic is the "statistic" label of a crude rate: "rate per 100000".
func RateStatistic(multiplier float64) string { return "rate per " + FormatR(multiplier) }

// ProportionStatistic is the "statistic" label of a proportion.
func ProportionStatistic(multiplier float64) string { return proportionStatistic(multiplier) }

// FormatR formats a number as R's format(x, scientific = FALSE) does with
// the default digits = 7: the fewest significant digits (at most 7) that
// show the value to 7 significant digits, in fixed notation
// (1234567.5 → "1234568", 0.00012345678 → "0.0001234568").
func FormatR(v float64) string {
	if math.IsInf(v, 1) {
		return "Inf"
	}
	if math.IsInf(v, -1) {
		return "-Inf"
	}
	if v != v {
		return "NA"
	}
	if v == 0 {
		return "0"
	}
	e := strconv.FormatFloat(v, 'e', 6, 64) // [-]d.dddddde±XX
	mant, expPart, _ := strings.Cut(strings.TrimPrefix(e, "-"), "e")
	exp, _ := strconv.Atoi(expPart)
	sig := len(strings.TrimRight(strings.Replace(mant, ".", "", 1), "0"))
	decimals := sig - 1 - exp
	if decimals < 0 {
		decimals = 0
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
