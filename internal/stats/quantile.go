package stats

import (
	"math"
	"sort"
)

// Quantile labels for phe_quantile's qinverted column.
const (
	QuantileInverted    = "lowest quantile represents highest values"
	QuantileNotInverted = "lowest quantile represents lowest values"
	WarnQuantileTooFew  = "One or more groups had too few small areas with values to allow quantiles to be assigned"
)

// Quantiles is phe_quantile for one group: it assigns each value a quantile
// 1..nquantiles. With invert, the lowest quantile holds the highest values.
// Missing values get NA; when fewer than nquantiles values are present the
// whole group is NA and tooFew is true.
func Quantiles(values []float64, nquantiles int, invert bool) (q []float64, tooFew bool) {
	q = make([]float64, len(values))
	idx := make([]int, 0, len(values))
	quantilesInto(values, nquantiles, invert, q, idx)
	m := 0
	for _, v := range values {
		if !isMissing(v) {
			m++
		}
	}
	return q, m < nquantiles
}

// quantilesInto fills q; scratch is reused between groups.
func quantilesInto(values []float64, nquantiles int, invert bool, q []float64, scratch []int) []int {
	idx := scratch[:0]
	for i, v := range values {
		if !isMissing(v) {
			idx = append(idx, i)
		}
	}
	m := float64(len(idx))
	Q := float64(nquantiles)
	if m < Q {
		for i := range q {
			q[i] = NA()
		}
		return idx
	}
	key := func(i int) float64 {
		if invert {
			return -values[i]
		}
		return values[i]
	}
	sort.Slice(idx, func(a, b int) bool { return key(idx[a]) < key(idx[b]) })
	for i := range q {
		q[i] = NA()
	}
	rank := 0.0
	for k, i := range idx {
		if k == 0 || key(i) != key(idx[k-1]) {
			rank = float64(k + 1) // ties.method = "min"
		}
		q[i] = quantileOfRank(rank, m, Q)
	}
	return idx
}

// quantileOfRank is phe_quantile's quantile for a value of rank (1 the
// lowest) among m present values, in nquantiles Q.
func quantileOfRank(rank, m, Q float64) float64 {
	v := math.Floor((Q + 1) - math.Ceil(((m+1)-rank)/(m/Q)))
	if v == 0 {
		v = 1
	}
	return v
}

// QuantileOf is the quantile Quantiles gives values[i], without sorting the
// group: its rank is one more than the number of present values below it
// (ties take the lowest rank). NA when values[i] is missing or fewer than
// nquantiles values are present.
func QuantileOf(values []float64, i, nquantiles int, invert bool) float64 {
	v := values[i]
	if isMissing(v) {
		return NA()
	}
	m, below := 0, 0
	for _, x := range values {
		if isMissing(x) {
			continue
		}
		m++
		if !invert && x < v || invert && x > v {
			below++
		}
	}
	if m < nquantiles {
		return NA()
	}
	return quantileOfRank(float64(below+1), float64(m), float64(nquantiles))
}

// CheckInvertConsistent checks that every group (group[i] is row i's group
// index) has a single invert value, as phe_quantile requires when invert is
// a field.
func CheckInvertConsistent(group []int, invert []bool) error {
	first := map[int]bool{}
	for i, g := range group {
		if v, ok := first[g]; ok {
			if v != invert[i] {
				return inputErr(i, "invert", "invert field values must take the same logical value for each data grouping set")
			}
			continue
		}
		first[g] = invert[i]
	}
	return nil
}
