package stats

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// SII value types (the package's value_type).
const (
	SIIValueOther      = 0
	SIIValueRate       = 1
	SIIValueProportion = 2
)

// SIIQuantile is one quantile's row for phe_sii. Value may be NA when X is
// given for a proportion (value = X/Population). Either SE or both LowerCL
// and UpperCL must be present (NaN = absent).
type SIIQuantile struct {
	Quantile   float64
	Population float64
	X          float64
	Value      float64
	LowerCL    float64
	UpperCL    float64
	SE         float64
}

// SIIOptions are phe_sii's arguments. Seed seeds the R-compatible random
// source (set.seed(Seed) in R before phe_sii gives the same draws).
type SIIOptions struct {
	ValueType   int
	Transform   bool
	Multiplier  float64 // default 1
	Repetitions int     // default 100000, at least 1000
	Levels      Levels
	Seed        int32
	// Random, when set, is drawn from instead of a new source seeded with
	// Seed: phe_sii simulates the groups one after another from R's single
	// random stream.
	Random *RRandom
}

// SIIResult is one group's slope and relative index of inequality with
// simulated limits (SIILower[i] for Levels[i]).
type SIIResult struct {
	SII, RII, Intercept float64
	SIILower, SIIUpper  []float64
	RIILower, RIIUpper  []float64
}

// SIILimitNames returns the limit column names, e.g. sii_lower95_0cl.
func SIILimitNames(prefix string, levels Levels) (lower, upper []string) {
	for _, c := range levels {
		tag := strings.ReplaceAll(strconv.FormatFloat(c*100, 'f', 1, 64), ".", "_")
		lower = append(lower, prefix+"_lower"+tag+"cl")
		upper = append(upper, prefix+"_upper"+tag+"cl")
	}
	return lower, upper
}

// CheckSIIOptions validates the arguments that do not depend on the data.
func CheckSIIOptions(o SIIOptions, haveSE, haveCL bool) error {
	if o.ValueType < 0 || o.ValueType > 2 {
		return inputErr(-1, "value_type", "value_type should be 0, 1 or 2")
	}
	if o.Repetitions < 1000 {
		return inputErr(-1, "repetitions", "number of repetitions must be 1000 or greater. Default is 100,000")
	}
	if o.Transform && o.ValueType == 0 {
		return inputErr(-1, "transform", "value_type should be 1 or 2 when transform is true")
	}
	if o.Transform && haveSE {
		return inputErr(-1, "se", "function phe_sii requires se to be missing when transform is true")
	}
	if o.Transform && !haveCL {
		return inputErr(-1, "lower_cl", "function phe_sii requires lower_cl and upper_cl fields when transform is true")
	}
	if !haveSE && !haveCL {
		return inputErr(-1, "se", "function phe_sii requires either lower_cl and upper_cl fields, or se field")
	}
	return nil
}

// SII is phe_sii for one group whose rows are its quantiles (5 to 100).
// haveSE says the SE field is supplied (otherwise it is derived from the
// limits on the transformed scale with the 95% z).
func SII(rows []SIIQuantile, o SIIOptions, haveSE bool) (SIIResult, error) {
	if o.Multiplier == 0 {
		o.Multiplier = 1
	}
	if o.Repetitions == 0 {
		o.Repetitions = 100000
	}
	if len(o.Levels) == 0 {
		o.Levels = Levels{0.95}
	}
	haveCL := true
	for _, r := range rows {
		if isMissing(r.LowerCL) || isMissing(r.UpperCL) {
			haveCL = false
		}
	}
	if err := CheckSIIOptions(o, haveSE, haveCL || !haveSE); err != nil {
		return SIIResult{}, err
	}
	nq := len(rows)
	if nq < 5 || nq > 100 {
		return SIIResult{}, inputErr(-1, "quantile", "Number of quantiles must be between 5 and 100")
	}
	for i, r := range rows {
		if r.Population <= 0 || isMissing(r.Population) {
			return SIIResult{}, inputErr(i, "population", "some groups have a zero, negative or missing population")
		}
		if haveSE && (r.SE < 0 || isMissing(r.SE)) {
			return SIIResult{}, inputErr(i, "se", "negative or missing standard errors in input dataset")
		}
		if !haveSE && (isMissing(r.LowerCL) || isMissing(r.UpperCL)) {
			return SIIResult{}, inputErr(i, "lower_cl", "missing lower or upper confidence limits in input dataset")
		}
		if o.ValueType == SIIValueProportion {
			if r.Value < 0 || r.Value > 1 {
				return SIIResult{}, inputErr(i, "value", "value proportions are not all between 0 and 1")
			}
			if !haveSE && (r.LowerCL < 0 || r.LowerCL > 1 || r.UpperCL < 0 || r.UpperCL > 1) {
				return SIIResult{}, inputErr(i, "lower_cl", "confidence limit proportions are not all between 0 and 1")
			}
			if isMissing(r.Value) && r.X <= 0 {
				return SIIResult{}, inputErr(i, "x", "some groups have a zero or negative count x")
			}
		}
	}
	sorted := append([]SIIQuantile(nil), rows...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Quantile < sorted[j].Quantile })

	// Transformed values and standard errors.
	tr := func(v float64) float64 {
		switch o.ValueType {
		case SIIValueRate:
			return math.Log(v)
		case SIIValueProportion:
			return math.Log(v / (1 - v))
		}
		return v
	}
	val := make([]float64, nq)
	se := make([]float64, nq)
	z := NormalQuantile(0.975)
	var totPop float64
	for _, r := range sorted {
		totPop += r.Population
	}
	sqrtA := make([]float64, nq)
	bSqrtA := make([]float64, nq)
	y := make([]float64, nq)
	cum := 0.0
	for i, r := range sorted {
		v := r.Value
		if isMissing(v) && o.ValueType == SIIValueProportion {
			v = r.X / r.Population
		}
		val[i] = tr(v)
		if haveSE {
			se[i] = r.SE
		} else {
			se[i] = (tr(r.UpperCL) - tr(r.LowerCL)) / z / 2
		}
		prop := r.Population / totPop
		b := prop / 2
		if i > 0 {
			b = prop/2 + cum
		}
		cum += prop
		a := r.Population / totPop
		sqrtA[i] = math.Sqrt(a)
		bSqrtA[i] = b * sqrtA[i]
		vt := val[i]
		if !o.Transform {
			vt = untransform(val[i], o.ValueType)
		}
		y[i] = sqrtA[i] * vt
	}
	// Least squares through the origin on (sqrt_a, b_sqrt_a): (X'X)⁻¹X'.
	var s11, s12, s22 float64
	for i := range sqrtA {
		s11 += sqrtA[i] * sqrtA[i]
		s12 += sqrtA[i] * bSqrtA[i]
		s22 += bSqrtA[i] * bSqrtA[i]
	}
	det := s11*s22 - s12*s12
	w0 := make([]float64, nq) // row 1 of (X'X)⁻¹X' (intercept)
	w1 := make([]float64, nq) // row 2 (slope)
	for i := range sqrtA {
		w0[i] = (s22*sqrtA[i] - s12*bSqrtA[i]) / det
		w1[i] = (-s12*sqrtA[i] + s11*bSqrtA[i]) / det
	}
	var b0, b1 float64
	for i := range y {
		b0 += w0[i] * y[i]
		b1 += w1[i] * y[i]
	}
	res := SIIResult{}
	m := o.Multiplier
	if !o.Transform {
		res.SII = m * b1
		res.RII = (b0 + b1) / b0
		if m < 0 {
			res.RII = 1 / res.RII
		}
		res.Intercept = b0
	} else {
		x1 := b0 + b1
		inv := func(v float64) float64 { return untransform(v, o.ValueType) }
		ai, a1 := inv(b0), inv(x1)
		res.SII = (a1 - ai) * m
		if m < 0 {
			res.RII = 1 / (a1 / ai)
		} else {
			res.RII = a1 / ai
		}
		res.Intercept = ai * math.Abs(m)
	}

	// Simulation, drawing exactly as rnorm(reps*nq, value, se) fills a
	// quantile-by-repetition matrix column by column.
	rng := o.Random
	if rng == nil {
		rng = NewRRandom(o.Seed)
	}
	reps := o.Repetitions
	siiSim := make([]float64, reps)
	riiSim := make([]float64, reps)
	for r := 0; r < reps; r++ {
		var p0, p1 float64
		for i := 0; i < nq; i++ {
			d := rng.RNorm(val[i], se[i])
			if !o.Transform {
				d = untransform(d, o.ValueType)
			}
			fy := d * sqrtA[i]
			p0 += w0[i] * fy
			p1 += w1[i] * fy
		}
		riiSim[r] = (p1 + p0) / p0
		if m < 0 && !o.Transform {
			riiSim[r] = 1 / riiSim[r]
		}
		if !o.Transform {
			siiSim[r] = p1 * m
		} else {
			siiSim[r] = p1
		}
	}
	sort.Float64s(siiSim)
	sort.Float64s(riiSim)
	for _, c := range o.Levels {
		cv := c + (1-c)/2
		lo := int(math.RoundToEven(float64(reps)*(1-cv))) - 1
		hi := int(math.RoundToEven(float64(reps)*cv)) - 1
		lo = clampIndex(lo, reps)
		hi = clampIndex(hi, reps)
		sl, su := siiSim[lo], siiSim[hi]
		rl, ru := riiSim[lo], riiSim[hi]
		if o.Transform {
			xh := (b0 + (b0 + b1)) / 2
			il, iu := xh-sl/2, xh-su/2
			xl, xu := xh+sl/2, xh+su/2
			f := func(v float64) float64 { return untransform(v, o.ValueType) }
			flip := m < 1
			if o.ValueType == SIIValueProportion {
				flip = m < 0
			}
			if flip {
				sl, su = (f(xu)-f(iu))*m, (f(xl)-f(il))*m
				rl, ru = 1/(f(xu)/f(iu)), 1/(f(xl)/f(il))
			} else {
				sl, su = (f(xl)-f(il))*m, (f(xu)-f(iu))*m
				rl, ru = f(xl)/f(il), f(xu)/f(iu)
			}
		}
		res.SIILower = append(res.SIILower, sl)
		res.SIIUpper = append(res.SIIUpper, su)
		res.RIILower = append(res.RIILower, rl)
		res.RIIUpper = append(res.RIIUpper, ru)
	}
	return res, nil
}

func clampIndex(i, n int) int {
	if i < 0 {
		return 0
	}
	if i >= n {
		return n - 1
	}
	return i
}

func untransform(v float64, valueType int) float64 {
	switch valueType {
	case SIIValueRate:
		return math.Exp(v)
	case SIIValueProportion:
		return math.Exp(v) / (1 + math.Exp(v))
	}
	return v
}
