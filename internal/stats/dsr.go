package stats

import "math"

// ESP2013 is the 2013 European Standard Population for the 19 five-year
// bands 0–4, 5–9, …, 85–89, 90+.
var ESP2013 = [19]float64{5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000}

// DSRResult is one group's directly standardised rate.
type DSRResult struct {
	TotalCount float64 // Σx (missing counts count as 0)
	TotalPop   float64 // Σn
	Result             // Value and limits are NA when TotalCount < 10
	Statistic  string  // "dsr per 100000" or "dsr NA for total count < 10"
}

// DSRStatistic is the label for a computed DSR.
func DSRStatistic(multiplier float64) string { return "dsr per " + FormatR(multiplier) }

// DSRSuppressedStatistic labels a DSR suppressed for a small count.
const DSRSuppressedStatistic = "dsr NA for total count < 10"

// CheckDSRInputs applies calculate_dsr's data checks, in its order, to the
// whole input: n and stdpop must not be missing, x ≥ 0, n > 0, stdpop ≥ 0.
func CheckDSRInputs(x, n, stdpop []float64) error {
	for i, v := range n {
		if isMissing(v) {
			return inputErr(i, "n", "field n cannot have missing values")
		}
	}
	for i, v := range stdpop {
		if isMissing(v) {
			return inputErr(i, "stdpop", "field stdpop cannot have missing values")
		}
	}
	for i, v := range x {
		if v < 0 {
			return inputErr(i, "x", "numerators must all be greater than or equal to zero")
		}
	}
	for i, v := range n {
		if v <= 0 {
			return inputErr(i, "n", "denominators must all be greater than zero")
		}
	}
	for i, v := range stdpop {
		if v < 0 {
			return inputErr(i, "stdpop", "stdpop must all be greater than or equal to zero")
		}
	}
	return nil
}

// CheckMultiplier rejects a missing or non-positive multiplier.
func CheckMultiplier(m float64) error {
	if isMissing(m) {
		return inputErr(-1, "multiplier", "multiplier must be numeric")
	}
	if m <= 0 {
		return inputErr(-1, "multiplier", "multiplier must be greater than 0")
	}
	return nil
}

// DSR is calculate_dsr for one group of strata (age bands) with counts x,
// populations n and standard populations stdpop (independent events).
func DSR(x, n, stdpop []float64, levels Levels, multiplier float64) (DSRResult, error) {
	if len(x) != len(n) || len(x) != len(stdpop) {
		return DSRResult{}, inputErr(-1, "stdpop", "x, n and stdpop must have the same length")
	}
	if err := CheckDSRInputs(x, n, stdpop); err != nil {
		return DSRResult{}, err
	}
	if err := CheckMultiplier(multiplier); err != nil {
		return DSRResult{}, err
	}
	var c dsrCalc
	c.init(levels, multiplier)
	r := DSRResult{Result: Result{Lower: make([]float64, len(levels)), Upper: make([]float64, len(levels))}}
	c.group(x, n, stdpop, math.NaN(), &r.TotalCount, &r.TotalPop, &r.Value, r.Lower, r.Upper)
	r.Method = MethodDobson
	r.Statistic = c.statistic(r.TotalCount)
	return r, nil
}

// dsrCalc holds per-call constants so that grouped runs allocate nothing.
type dsrCalc struct {
	levels     Levels
	z          []float64
	multiplier float64
	label      string
}

func (c *dsrCalc) init(levels Levels, multiplier float64) {
	c.levels = levels
	c.z = levels.Z()
	c.multiplier = multiplier
	c.label = DSRStatistic(multiplier)
}

func (c *dsrCalc) statistic(total float64) string {
	if total < 10 {
		return DSRSuppressedStatistic
	}
	return c.label
}

// dsrVariance is Σ x·(w/n)² / (Σw)² — the package's vardsr.
func dsrVariance(x, n, w []float64) float64 {
	var sq, sw float64
	for i := range x {
		xi := x[i]
		if isMissing(xi) {
			xi = 0
		}
		r := w[i] / n[i]
		sq += xi * (r * r)
		sw += w[i]
	}
	return 1 / (sw * sw) * sq
}

// group computes one DSR. varOverride, when not NaN, replaces the variance
// (non-independent events).
func (c *dsrCalc) group(x, n, w []float64, varOverride float64, total, pop, value *float64, lower, upper []float64) {
	var o, np, wt, sq, sw float64
	for i := range x {
		xi := x[i]
		if isMissing(xi) {
			xi = 0
		} else {
			o += xi
		}
		np += n[i]
		wt += xi * w[i] / n[i]
		r := w[i] / n[i]
		sq += xi * (r * r)
		sw += w[i]
	}
	*total, *pop = o, np
	v := 1 / (sw * sw) * sq
	if !math.IsNaN(varOverride) {
		v = varOverride
	}
	val := wt / sw * c.multiplier
	if o < 10 {
		*value = NA()
		for l := range lower {
			lower[l], upper[l] = NA(), NA()
		}
		return
	}
	*value = val
	s := math.Sqrt(v / o)
	for l := range c.levels {
		bl := byarsLowerZ(o, c.z[l])
		if IsNA(bl) {
			lower[l] = NA()
		} else {
			lower[l] = val + s*(bl-o)*c.multiplier
		}
		upper[l] = val + s*(byarsUpperZ(o, c.z[l])-o)*c.multiplier
	}
}

// DSRFreqRow is one input row for non-independent events: X persons had
// exactly EventFreq events in age band AgeBand (any comparable key), with
// population N and standard population StdPop.
type DSRFreqRow struct {
	AgeBand   string
	EventFreq float64
	X, N      float64
	StdPop    float64
}

// DSRNonIndependent is calculate_dsr(independent_events = FALSE) for one
// group. Events per band are Σ f·x; the variance is Σ_f f²·Var_f where Var_f
// uses only the rows with that frequency. Rows of one age band must share n
// and stdpop.
func DSRNonIndependent(rows []DSRFreqRow, levels Levels, multiplier float64) (DSRResult, error) {
	x := make([]float64, len(rows))
	n := make([]float64, len(rows))
	w := make([]float64, len(rows))
	for i, r := range rows {
		x[i], n[i], w[i] = r.X, r.N, r.StdPop
		if isMissing(r.EventFreq) {
			return DSRResult{}, inputErr(i, "eventfreq", "eventfreq field must not have any missing values")
		}
	}
	if err := CheckDSRInputs(x, n, w); err != nil {
		return DSRResult{}, err
	}
	if err := CheckMultiplier(multiplier); err != nil {
		return DSRResult{}, err
	}
	var c dsrCalc
	c.init(levels, multiplier)
	var s nonIndScratch
	r := DSRResult{Result: Result{Lower: make([]float64, len(levels)), Upper: make([]float64, len(levels))}}
	if err := c.nonIndependent(rows, &s, &r); err != nil {
		return DSRResult{}, err
	}
	return r, nil
}

type nonIndScratch struct {
	freqs  []float64
	bands  []string
	x, n   []float64
	w      []float64
	fx, fn []float64
	fw     []float64
}

const msgNonIndPops = "There are rows with the same grouping variables and ageband but with different populations (n) or standard populations(stdpop)"

func (c *dsrCalc) nonIndependent(rows []DSRFreqRow, s *nonIndScratch, r *DSRResult) error {
	// Per-frequency variances, frequencies in order of first appearance
	// (summation order differs from R's sorted order only in the last bits).
	s.freqs = s.freqs[:0]
	for _, row := range rows {
		seen := false
		for _, f := range s.freqs {
			if f == row.EventFreq {
				seen = true
				break
			}
		}
		if !seen {
			s.freqs = append(s.freqs, row.EventFreq)
		}
	}
	var custom float64
	for _, f := range s.freqs {
		s.fx, s.fn, s.fw = s.fx[:0], s.fn[:0], s.fw[:0]
		for _, row := range rows {
			if row.EventFreq == f {
				s.fx = append(s.fx, row.X)
				s.fn = append(s.fn, row.N)
				s.fw = append(s.fw, row.StdPop)
			}
		}
		custom += dsrVariance(s.fx, s.fn, s.fw) * (f * f)
	}
	// Events per age band.
	s.bands, s.x, s.n, s.w = s.bands[:0], s.x[:0], s.n[:0], s.w[:0]
	for i, row := range rows {
		k := -1
		for j, b := range s.bands {
			if b == row.AgeBand {
				k = j
				break
			}
		}
		if k < 0 {
			s.bands = append(s.bands, row.AgeBand)
			s.x = append(s.x, 0)
			s.n = append(s.n, row.N)
			s.w = append(s.w, row.StdPop)
			k = len(s.bands) - 1
		} else if s.n[k] != row.N || s.w[k] != row.StdPop {
			return inputErr(i, "n", msgNonIndPops)
		}
		if !isMissing(row.X) {
			s.x[k] += row.EventFreq * row.X
		}
	}
	c.group(s.x, s.n, s.w, custom, &r.TotalCount, &r.TotalPop, &r.Value, r.Lower, r.Upper)
	r.Method = MethodDobsonNonIndependent
	r.Statistic = c.statistic(r.TotalCount)
	return nil
}
