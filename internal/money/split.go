package money

import (
	"errors"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// ErrBadWeights is returned by Split when the weights cannot share an
// amount: none given, a negative one, or all zero.
var ErrBadWeights = errors.New("weights must be zero or more and not all zero")

// Split shares total between parts in proportion to weights by the largest
// remainder method: each part gets the floor of its exact share, and the
// pence left over go one each to the parts with the largest remainders
// (ties to the earlier part). The parts always add up to total exactly,
// each is within 1p of its exact share, and the result is the same on
// every run. A negative total is split as its magnitude and negated.
func Split(total Pence, weights []int64) ([]Pence, error) {
	if len(weights) == 0 {
		return nil, ErrBadWeights
	}
	sum := new(big.Int)
	for _, w := range weights {
		if w < 0 {
			return nil, ErrBadWeights
		}
		sum.Add(sum, big.NewInt(w))
	}
	if sum.Sign() == 0 {
		return nil, ErrBadWeights
	}
	neg := total < 0
	abs := new(big.Int).Abs(big.NewInt(int64(total)))
	parts := make([]Pence, len(weights))
	rems := make([]*big.Int, len(weights))
	var given int64
	for i, w := range weights {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(abs, big.NewInt(w)), sum, new(big.Int))
		parts[i] = Pence(q.Int64())
		rems[i] = r
		given += q.Int64()
	}
	left := abs.Int64() - given // fewer than len(weights)
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].Cmp(rems[order[b]]) > 0 })
	for k := int64(0); k < left; k++ {
		parts[order[k]]++
	}
	if neg {
		for i := range parts {
			parts[i] = -parts[i]
		}
	}
	return parts, nil
}

// ParseShare reads a percentage such as "47.5" or "20" (up to two decimal
// places) as basis points: 4750, 2000.
func ParseShare(s string) (int64, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 {
		return 0, errors.New("enter a percentage like 47.5")
	}
	w, err := strconv.ParseUint(whole, 10, 16)
	if err != nil || w > 100 {
		return 0, errors.New("enter a percentage from 0 to 100")
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, err := strconv.ParseUint(frac, 10, 8)
	if err != nil {
		return 0, errors.New("enter a percentage like 47.5")
	}
	bp := int64(w)*100 + int64(f)
	if bp > 10000 {
		return 0, errors.New("enter a percentage from 0 to 100")
	}
	return bp, nil
}
