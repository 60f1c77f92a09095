package pb

import (
	"math/big"
	"sort"
)

// Phragmen is sequential Phragmén as pabutools computes it. Every ballot is
// read as approving each project it lists. Voters start with load 0; each
// step funds the project whose supporters would end with the smallest load
// (cost plus their current loads, shared equally), ties to the smallest id,
// and sets its supporters' loads to that value. If any project tied for the
// smallest load would overflow the budget, the rule stops there (it does not
// skip to the next project). Projects costing more than the budget are never
// considered; projects nobody approves have infinite load.
func Phragmen(pr *Profile) []int {
	np := len(pr.IDs)
	supp := pr.supporters()
	approvals := make([]int64, np)
	for p := range supp {
		approvals[p] = int64(len(supp[p]))
	}
	// Voters with the same load form a class; loadOf[i] is voter i's class.
	loads := []*big.Rat{new(big.Rat)}
	counts := [][]int64{append([]int64(nil), approvals...)} // counts[c][p]: supporters of p in class c
	loadOf := make([]int32, len(pr.Ballots))

	candidate := make([]bool, np)
	for p := 0; p < np; p++ {
		candidate[p] = pr.Costs[p].Cmp(pr.Budget) <= 0
	}
	spent := new(big.Rat)
	var winners []int
	sum := new(big.Rat)
	tmp := new(big.Rat)
	// A voter's load only grows (each step's load is at least the last), so
	// a project's load only grows too, and the last one computed is a lower
	// bound: projects are priced in order of that bound until it passes the
	// best load found, as MES prunes by price.
	lb := make([]*big.Rat, np) // nil: not priced yet (bound 0)
	active := make([]int, 0, np)
	for _, p := range pr.order {
		if candidate[p] {
			active = append(active, p)
		}
	}
	for {
		sort.SliceStable(active, func(a, b int) bool { return cmpLB(lb[active[a]], lb[active[b]]) < 0 })
		var best *big.Rat // nil means +infinity
		var tied []int
		any := len(active) > 0
		for _, p := range active {
			if len(tied) > 0 && best != nil && cmpLB(lb[p], best) > 0 {
				break
			}
			var load *big.Rat
			if approvals[p] > 0 {
				sum.Set(pr.Costs[p])
				for c := range loads {
					if counts[c][p] != 0 && loads[c].Sign() != 0 {
						tmp.SetInt64(counts[c][p])
						tmp.Mul(tmp, loads[c])
						sum.Add(sum, tmp)
					}
				}
				load = new(big.Rat).Quo(sum, tmp.SetInt64(approvals[p]))
				lb[p] = load
			}
			switch {
			case len(tied) == 0:
				best, tied = load, []int{p}
			case cmpInf(load, best) < 0:
				best, tied = load, []int{p}
			case cmpInf(load, best) == 0:
				tied = append(tied, p)
			}
		}
		sort.Slice(tied, func(a, b int) bool { return pr.rank[tied[a]] < pr.rank[tied[b]] })
		if !any {
			return winners
		}
		for _, p := range tied {
			if new(big.Rat).Add(spent, pr.Costs[p]).Cmp(pr.Budget) > 0 {
				return winners
			}
		}
		chosen := tied[0] // tied is in id order
		winners = append(winners, chosen)
		candidate[chosen] = false
		for i, p := range active {
			if p == chosen {
				active = append(active[:i], active[i+1:]...)
				break
			}
		}
		spent.Add(spent, pr.Costs[chosen])
		if best == nil || len(supp[chosen]) == 0 {
			continue
		}
		newClass := int32(len(loads))
		loads = append(loads, best)
		counts = append(counts, make([]int64, np))
		for _, v := range supp[chosen] {
			old := loadOf[v]
			for _, q := range pr.Ballots[v] {
				counts[old][q]--
				counts[newClass][q]++
			}
			loadOf[v] = newClass
		}
	}
}

// cmpLB compares load bounds, where nil is 0 (never priced) and a project
// nobody approves (load +infinity) keeps the bound nil: it is priced, and
// found infinite, every time, which costs nothing.
func cmpLB(a, b *big.Rat) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Cmp(b)
}

// cmpInf compares rationals where nil is +infinity.
func cmpInf(a, b *big.Rat) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Cmp(b)
}
