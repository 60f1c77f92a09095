package money

import (
	"errors"
	"math/big"
	"sort"
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
