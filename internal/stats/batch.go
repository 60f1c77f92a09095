package stats

import (
	"runtime"
	"sort"
	"sync"
)

// Grouped batch functions take column slices whose rows are already ordered
// group by group: group g is rows offsets[g]:offsets[g+1]. They compute the
// groups in parallel (pure computation, no I/O) and return one entry per
// group. Inputs must already have passed the matching Check function.

// parallelRange splits [0, n) into contiguous parts, one per CPU, and runs
// fn on each part concurrently. Small inputs run inline.
func parallelRange(n int, fn func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || n < 2048 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	step := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += step {
		hi := min(lo+step, n)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			fn(lo, hi)
		}(lo, hi)
	}
	wg.Wait()
}

// DSRBatch holds one DSR per group.
type DSRBatch struct {
	TotalCount, TotalPop []float64
	Batch
	Statistic []string
}

// DSRGroups computes calculate_dsr for every group (independent events).
func DSRGroups(x, n, stdpop []float64, offsets []int, levels Levels, multiplier float64) *DSRBatch {
	g := len(offsets) - 1
	b := &DSRBatch{TotalCount: make([]float64, g), TotalPop: make([]float64, g), Statistic: make([]string, g)}
	b.reset(g, len(levels))
	parallelRange(g, func(lo, hi int) {
		var c dsrCalc
		c.init(levels, multiplier)
		lower := make([]float64, len(levels))
		upper := make([]float64, len(levels))
		for k := lo; k < hi; k++ {
			s, e := offsets[k], offsets[k+1]
			c.group(x[s:e], n[s:e], stdpop[s:e], nanValue, &b.TotalCount[k], &b.TotalPop[k], &b.Value[k], lower, upper)
			for l := range levels {
				b.Lower[l][k], b.Upper[l][k] = lower[l], upper[l]
			}
			b.Method[k] = MethodDobson
			b.Statistic[k] = c.statistic(b.TotalCount[k])
		}
	})
	return b
}

var nanValue = func() float64 { var z float64; return z / z }()

// DSRNonIndependentGroups computes calculate_dsr(independent_events =
// FALSE) for every group of rows. The error, if any, names the row index
// into rows.
func DSRNonIndependentGroups(rows []DSRFreqRow, offsets []int, levels Levels, multiplier float64) (*DSRBatch, error) {
	g := len(offsets) - 1
	b := &DSRBatch{TotalCount: make([]float64, g), TotalPop: make([]float64, g), Statistic: make([]string, g)}
	b.reset(g, len(levels))
	var c dsrCalc
	c.init(levels, multiplier)
	var s nonIndScratch
	r := DSRResult{Result: Result{Lower: make([]float64, len(levels)), Upper: make([]float64, len(levels))}}
	for k := 0; k < g; k++ {
		if err := c.nonIndependent(rows[offsets[k]:offsets[k+1]], &s, &r); err != nil {
			if ie, ok := err.(*InputError); ok && ie.Row >= 0 {
				ie.Row += offsets[k]
			}
			return nil, err
		}
		b.TotalCount[k], b.TotalPop[k], b.Value[k] = r.TotalCount, r.TotalPop, r.Value
		for l := range levels {
			b.Lower[l][k], b.Upper[l][k] = r.Lower[l], r.Upper[l]
		}
		b.Method[k], b.Statistic[k] = r.Method, r.Statistic
	}
	return b, nil
}

// ISRBatch holds one ISR per group.
type ISRBatch struct {
	Observed, Expected, RefRate []float64
	Batch
	Statistic string
}

// ISRGroups computes calculate_ISRatio (rate = false, scale = refvalue) or
// calculate_ISRate (rate = true, scale = multiplier) for every group. xref
// and nref are either per row (same length as x) or one reference vector of
// the group length matched by position (the package's refpoptype "vector").
func ISRGroups(x, n, xref, nref []float64, offsets []int, levels Levels, rate bool, scale float64) *ISRBatch {
	g := len(offsets) - 1
	b := &ISRBatch{Observed: make([]float64, g), Expected: make([]float64, g), RefRate: make([]float64, g)}
	b.reset(g, len(levels))
	if rate {
		b.Statistic = ISRateStatistic(scale)
	} else {
		b.Statistic = ISRatioStatistic(scale)
	}
	perRow := len(xref) == len(x)
	parallelRange(g, func(lo, hi int) {
		cache := newPoissonLimitsCache(levels)
		lower := make([]float64, len(levels))
		upper := make([]float64, len(levels))
		for k := lo; k < hi; k++ {
			s, e := offsets[k], offsets[k+1]
			xr, nr := xref, nref
			if perRow {
				xr, nr = xref[s:e], nref[s:e]
			}
			obs, exp, rr := isrSums(x[s:e], n[s:e], xr, nr)
			sc := scale
			if rate {
				rr *= scale
				sc = rr
			} else {
				rr = NA()
			}
			b.Observed[k], b.Expected[k], b.RefRate[k] = obs, exp, rr
			isrLimitsInto(obs, exp, sc, cache, &b.Value[k], lower, upper, &b.Method[k])
			for l := range levels {
				b.Lower[l][k], b.Upper[l][k] = lower[l], upper[l]
			}
		}
	})
	return b
}

// MeanBatch holds one phe_mean result per group.
type MeanBatch struct {
	ValueSum, ValueCount, StDev []float64
	Batch
}

// MeanGroups computes phe_mean for every group.
func MeanGroups(values []float64, offsets []int, levels Levels) *MeanBatch {
	g := len(offsets) - 1
	b := &MeanBatch{ValueSum: make([]float64, g), ValueCount: make([]float64, g), StDev: make([]float64, g)}
	b.reset(g, len(levels))
	parallelRange(g, func(lo, hi int) {
		var m meanCalc
		m.init(levels)
		lower := make([]float64, len(levels))
		upper := make([]float64, len(levels))
		for k := lo; k < hi; k++ {
			m.group(values[offsets[k]:offsets[k+1]], &b.ValueSum[k], &b.ValueCount[k], &b.StDev[k], &b.Value[k], lower, upper)
			for l := range levels {
				b.Lower[l][k], b.Upper[l][k] = lower[l], upper[l]
			}
			b.Method[k] = MethodStudentT
		}
	})
	return b
}

// LifeBatch holds life-expectancy results per input band. Order[i] is the
// index (into the bands passed in) of output row i: groups in order, bands
// by ascending start age within each group.
type LifeBatch struct {
	Order              []int
	Value              []float64
	Lower, Upper       [][]float64
	PopsUsed, DthsUsed []float64
	Warnings           []string // one per group ("" when none)
}

// LifeExpectancyGroups computes phe_life_expectancy for every group.
// Keep keeps only the output rows at positions rows (ascending), as
// phe_life_expectancy's le_age filter does.
func (b *LifeBatch) Keep(rows []int) {
	pick := func(v []float64) []float64 {
		out := make([]float64, len(rows))
		for j, i := range rows {
			out[j] = v[i]
		}
		return out
	}
	order := make([]int, len(rows))
	for j, i := range rows {
		order[j] = b.Order[i]
	}
	b.Order = order
	b.Value, b.PopsUsed, b.DthsUsed = pick(b.Value), pick(b.PopsUsed), pick(b.DthsUsed)
	for l := range b.Lower {
		b.Lower[l], b.Upper[l] = pick(b.Lower[l]), pick(b.Upper[l])
	}
}

func LifeExpectancyGroups(bands []LifeBand, offsets []int, levels Levels) *LifeBatch {
	n := len(bands)
	g := len(offsets) - 1
	b := &LifeBatch{Order: make([]int, n), Value: make([]float64, n), PopsUsed: make([]float64, n), DthsUsed: make([]float64, n), Warnings: make([]string, g)}
	b.Lower = make([][]float64, len(levels))
	b.Upper = make([][]float64, len(levels))
	for l := range levels {
		b.Lower[l] = make([]float64, n)
		b.Upper[l] = make([]float64, n)
	}
	parallelRange(g, func(lo, hi int) {
		var c leCalc
		c.init(levels)
		var sorted []LifeBand
		var out []LifeResult
		for k := lo; k < hi; k++ {
			s, e := offsets[k], offsets[k+1]
			idx := b.Order[s:e]
			inOrder := true
			for i := range idx {
				idx[i] = s + i
				if i > 0 && bands[s+i].StartAge < bands[s+i-1].StartAge {
					inOrder = false
				}
			}
			if inOrder {
				sorted = bands[s:e:e]
			} else {
				sort.SliceStable(idx, func(i, j int) bool { return bands[idx[i]].StartAge < bands[idx[j]].StartAge })
				sorted = sorted[:0:0]
				for _, i := range idx {
					sorted = append(sorted, bands[i])
				}
			}
			for len(out) < len(sorted) {
				out = append(out, LifeResult{Result: Result{Lower: make([]float64, len(levels)), Upper: make([]float64, len(levels))}})
			}
			b.Warnings[k] = c.group(sorted, out[:len(sorted)])
			for i := range sorted {
				r := &out[i]
				b.Value[s+i] = r.Value
				b.PopsUsed[s+i], b.DthsUsed[s+i] = r.PopsUsed, r.DthsUsed
				for l := range levels {
					b.Lower[l][s+i], b.Upper[l][s+i] = r.Lower[l], r.Upper[l]
				}
			}
		}
	})
	return b
}

// QuantileGroups computes phe_quantile for every group; invert has one
// entry per group. It returns the quantile per row (in the given order) and
// whether any group had too few values.
func QuantileGroups(values []float64, offsets []int, nquantiles int, invert []bool) (q []float64, tooFew bool) {
	q = make([]float64, len(values))
	var scratch []int
	for k := 0; k+1 < len(offsets); k++ {
		s, e := offsets[k], offsets[k+1]
		scratch = quantilesInto(values[s:e], nquantiles, invert[k], q[s:e], scratch)
		if len(scratch) < nquantiles {
			tooFew = true
		}
	}
	return q, tooFew
}
