package stats

import "math"

// Batch holds column-oriented results for many rows or groups:
// Value[i], Lower[level][i], Upper[level][i] and Method[i].
type Batch struct {
	Value  []float64
	Lower  [][]float64
	Upper  [][]float64
	Method []string
}

// Row returns row i of the batch as a Result.
func (b *Batch) Row(i int) Result {
	r := Result{Value: b.Value[i], Lower: make([]float64, len(b.Lower)), Upper: make([]float64, len(b.Upper))}
	for l := range b.Lower {
		r.Lower[l] = b.Lower[l][i]
		r.Upper[l] = b.Upper[l][i]
	}
	if b.Method != nil {
		r.Method = b.Method[i]
	}
	return r
}

func (b *Batch) reset(rows, levels int) {
	b.Value = grow(b.Value, rows)
	if cap(b.Lower) < levels {
		b.Lower = make([][]float64, levels)
		b.Upper = make([][]float64, levels)
	}
	b.Lower, b.Upper = b.Lower[:levels], b.Upper[:levels]
	for l := 0; l < levels; l++ {
		b.Lower[l] = grow(b.Lower[l], rows)
		b.Upper[l] = grow(b.Upper[l], rows)
	}
	b.Method = growS(b.Method, rows)
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func growS(s []string, n int) []string {
	if cap(s) < n {
		return make([]string, n)
	}
	return s[:n]
}

// CheckProportionInputs applies phe_proportion's checks in the package's
// order (all numerators first, then denominators, then x ≤ n). Missing
// values are skipped.
func CheckProportionInputs(x, n []float64) error {
	for i, v := range x {
		if v < 0 {
			return inputErr(i, "x", "numerators must be greater than or equal to zero")
		}
	}
	for i, v := range n {
		if v <= 0 {
			return inputErr(i, "n", "denominators must be greater than zero")
		}
	}
	for i := range x {
		if x[i] > n[i] {
			return inputErr(i, "x", "numerators must be less than or equal to denominator for a proportion statistic")
		}
	}
	return nil
}

// Proportion is phe_proportion for one row (or one group's summed x and n):
// value = x/n·multiplier with Wilson limits. Missing x or n gives NA value and
// limits. Levels may be empty (confidence = NA): then no limits are computed.
func Proportion(x, n float64, levels Levels, multiplier float64) (Result, error) {
	if err := CheckProportionInputs([]float64{x}, []float64{n}); err != nil {
		return Result{}, err
	}
	var b Batch
	ProportionsInto(&b, []float64{x}, []float64{n}, levels, multiplier)
	return b.Row(0), nil
}

// Proportions computes phe_proportion for each pair x[i], n[i] after checking
// every row.
func Proportions(x, n []float64, levels Levels, multiplier float64) (*Batch, error) {
	if len(x) != len(n) {
		return nil, inputErr(-1, "n", "x and n must have the same length")
	}
	if err := CheckProportionInputs(x, n); err != nil {
		return nil, err
	}
	b := &Batch{}
	ProportionsInto(b, x, n, levels, multiplier)
	return b, nil
}

// ProportionsInto fills b without checking inputs or allocating when b is
// reused; callers must have run CheckProportionInputs.
func ProportionsInto(b *Batch, x, n []float64, levels Levels, multiplier float64) {
	b.reset(len(x), len(levels))
	z := levels.Z()
	parallelRange(len(x), func(lo, hi int) { proportionsRange(b, x, n, levels, z, multiplier, lo, hi) })
}

func proportionsRange(b *Batch, x, n []float64, levels Levels, z []float64, multiplier float64, lo, hi int) {
	for i := lo; i < hi; i++ {
		xi, ni := x[i], n[i]
		b.Method[i] = MethodWilson
		missing := isMissing(xi) || isMissing(ni)
		if missing {
			b.Value[i] = NA()
		} else {
			b.Value[i] = xi / ni * multiplier
		}
		for l, conf := range levels {
			switch {
			case conf == 1:
				b.Lower[l][i], b.Upper[l][i] = 0, multiplier
			case missing:
				b.Lower[l][i], b.Upper[l][i] = NA(), NA()
			default:
				b.Lower[l][i] = wilsonLowerZ(xi, ni, z[l]) * multiplier
				b.Upper[l][i] = wilsonUpperZ(xi, ni, z[l]) * multiplier
			}
		}
	}
}

// CheckRateInputs applies phe_rate's checks: x ≥ 0 then n > 0 (missing
// values skipped).
func CheckRateInputs(x, n []float64) error {
	for i, v := range x {
		if v < 0 {
			return inputErr(i, "x", "numerators must be greater than or equal to zero")
		}
	}
	for i, v := range n {
		if v <= 0 {
			return inputErr(i, "n", "denominators must be greater than zero")
		}
	}
	return nil
}

// Rate is phe_rate for one row: value = x/n·multiplier; limits are exact
// Poisson for x < 10 and Byar's otherwise, divided by n and multiplied.
func Rate(x, n float64, levels Levels, multiplier float64) (Result, error) {
	if err := CheckRateInputs([]float64{x}, []float64{n}); err != nil {
		return Result{}, err
	}
	var b Batch
	RatesInto(&b, []float64{x}, []float64{n}, levels, multiplier)
	return b.Row(0), nil
}

// Rates computes phe_rate for every row after checking them all.
func Rates(x, n []float64, levels Levels, multiplier float64) (*Batch, error) {
	if len(x) != len(n) {
		return nil, inputErr(-1, "n", "x and n must have the same length")
	}
	if err := CheckRateInputs(x, n); err != nil {
		return nil, err
	}
	b := &Batch{}
	RatesInto(b, x, n, levels, multiplier)
	return b, nil
}

// RatesInto fills b without checking inputs (see CheckRateInputs).
func RatesInto(b *Batch, x, n []float64, levels Levels, multiplier float64) {
	b.reset(len(x), len(levels))
	cache := newPoissonLimitsCache(levels)
	parallelRange(len(x), func(lo, hi int) { ratesRange(b, x, n, levels, cache, multiplier, lo, hi) })
}

func ratesRange(b *Batch, x, n []float64, levels Levels, cache *poissonLimitsCache, multiplier float64, lo, hi int) {
	for i := lo; i < hi; i++ {
		xi, ni := x[i], n[i]
		if isMissing(xi) || isMissing(ni) {
			b.Value[i] = NA()
			for l := range levels {
				b.Lower[l][i], b.Upper[l][i] = NA(), NA()
			}
			if isMissing(xi) {
				b.Method[i] = ""
			} else if xi < 10 {
				b.Method[i] = MethodExact
			} else {
				b.Method[i] = MethodByars
			}
			continue
		}
		b.Value[i] = xi / ni * multiplier
		if xi < 10 {
			b.Method[i] = MethodExact
		} else {
			b.Method[i] = MethodByars
		}
		for l := range levels {
			lo, hi := cache.limits(xi, l)
			b.Lower[l][i] = lo / ni * multiplier
			b.Upper[l][i] = hi / ni * multiplier
		}
	}
}

// RowCalc computes proportions or rates one row at a time without
// allocating, for callers that stream rows (the CLI formats while it
// computes). Use NewProportionCalc or NewRateCalc; Row is safe for
// concurrent use.
type RowCalc struct {
	levels     Levels
	z          []float64
	multiplier float64
	rate       bool
	cache      *poissonLimitsCache
}

// NewProportionCalc prepares phe_proportion for levels and multiplier.
func NewProportionCalc(levels Levels, multiplier float64) *RowCalc {
	return &RowCalc{levels: levels, z: levels.Z(), multiplier: multiplier}
}

// NewRateCalc prepares phe_rate for levels and multiplier.
func NewRateCalc(levels Levels, multiplier float64) *RowCalc {
	return &RowCalc{levels: levels, z: levels.Z(), multiplier: multiplier, rate: true, cache: newPoissonLimitsCache(levels)}
}

// Row computes one row (inputs must have passed the Check function):
// the value, the limits into lower and upper (one per level) and the
// method ("" when x is missing for a rate).
func (c *RowCalc) Row(x, n float64, lower, upper []float64) (value float64, method string) {
	if c.rate {
		switch {
		case isMissing(x):
			method = ""
		case x < 10:
			method = MethodExact
		default:
			method = MethodByars
		}
		if isMissing(x) || isMissing(n) {
			for l := range c.levels {
				lower[l], upper[l] = NA(), NA()
			}
			return NA(), method
		}
		for l := range c.levels {
			lo, hi := c.cache.limits(x, l)
			lower[l] = lo / n * c.multiplier
			upper[l] = hi / n * c.multiplier
		}
		return x / n * c.multiplier, method
	}
	missing := isMissing(x) || isMissing(n)
	for l, conf := range c.levels {
		switch {
		case conf == 1:
			lower[l], upper[l] = 0, c.multiplier
		case missing:
			lower[l], upper[l] = NA(), NA()
		default:
			lower[l] = wilsonLowerZ(x, n, c.z[l]) * c.multiplier
			upper[l] = wilsonUpperZ(x, n, c.z[l]) * c.multiplier
		}
	}
	if missing {
		return NA(), MethodWilson
	}
	return x / n * c.multiplier, MethodWilson
}

// ProportionRows is Row for a run of proportions (a calculator from
// NewProportionCalc, inputs checked): value[i], lower[l][i] and
// upper[l][i] for x[i], n[i]. Each result is bit for bit Row's; the terms
// the levels share (x/n and 4x(1 − x/n)) are computed once per row, and
// computing a run at a time lets the processor overlap one row's divisions
// and square roots with the next row's.
func (c *RowCalc) ProportionRows(x, n, value []float64, lower, upper [][]float64) {
	n, value = n[:len(x)], value[:len(x)]
	m := c.multiplier
	switch {
	case len(c.levels) == 2 && c.levels[0] != 1 && c.levels[1] != 1:
		za, zb := c.z[0], c.z[1]
		za2, zb2 := za*za, zb*zb
		la, ua := lower[0][:len(x)], upper[0][:len(x)]
		lb, ub := lower[1][:len(x)], upper[1][:len(x)]
		for i, xi := range x {
			ni := n[i]
			if isMissing(xi) || isMissing(ni) {
				value[i], la[i], ua[i], lb[i], ub[i] = NA(), NA(), NA(), NA(), NA()
				continue
			}
			// The operations and their order are wilsonLowerZ's and
			// wilsonUpperZ's.
			q := xi / ni
			value[i] = q * m
			t := 4 * xi * (1 - q)
			x2 := 2 * xi
			sa := za * math.Sqrt(za2+t)
			da := ni + za2
			la[i] = (x2 + za2 - sa) / 2 / da * m
			ua[i] = (x2 + za2 + sa) / 2 / da * m
			sb := zb * math.Sqrt(zb2+t)
			db := ni + zb2
			lb[i] = (x2 + zb2 - sb) / 2 / db * m
			ub[i] = (x2 + zb2 + sb) / 2 / db * m
		}
	case len(c.levels) == 1 && c.levels[0] != 1:
		z := c.z[0]
		z2 := z * z
		lo, up := lower[0][:len(x)], upper[0][:len(x)]
		for i, xi := range x {
			ni := n[i]
			if isMissing(xi) || isMissing(ni) {
				value[i], lo[i], up[i] = NA(), NA(), NA()
				continue
			}
			q := xi / ni
			value[i] = q * m
			s := z * math.Sqrt(z2+4*xi*(1-q))
			d := ni + z2
			lo[i] = (2*xi + z2 - s) / 2 / d * m
			up[i] = (2*xi + z2 + s) / 2 / d * m
		}
	default:
		var lo, up [2]float64
		for i, xi := range x {
			value[i], _ = c.Row(xi, n[i], lo[:len(c.levels)], up[:len(c.levels)])
			for l := range c.levels {
				lower[l][i], upper[l][i] = lo[l], up[l]
			}
		}
	}
}
