package pb

import (
	"fmt"
	"math/big"
	"math/bits"
	"sort"
)

// MaxWelfare finds a budget-feasible set of projects with the largest total
// utility Σ_p Σ_i u_i(p) (a 0/1 knapsack), exactly, by branch and bound on
// integers (costs and utilities are scaled by their common denominators).
//
// Tie rule: among all optimal sets, the one that funds the project with the
// smallest id (in code-point order) whenever some optimal set does, then,
// subject to that, the next smallest id, and so on. Projects that add no
// utility are therefore funded when they fit beside an optimal set. Winners
// are listed in id order. pabutools' ILP returns whichever optimum its
// solver finds, so only the welfare is comparable when there are several.
func MaxWelfare(pr *Profile, utility string) ([]int, error) {
	tot := pr.totalUtility(utility)
	// Scale to integers.
	costL := new(big.Int).Set(pr.Budget.Denom())
	for _, c := range pr.Costs {
		costL = lcm(costL, c.Denom())
	}
	welL := big.NewInt(1)
	for _, w := range tot {
		welL = lcm(welL, w.Denom())
	}
	scale := func(r *big.Rat, l *big.Int) *big.Int {
		n := new(big.Int).Mul(r.Num(), l)
		return n.Quo(n, r.Denom())
	}
	budget := scale(pr.Budget, costL)
	if !budget.IsInt64() {
		return nil, fmt.Errorf("max-welfare: the budget is too large for exact search")
	}
	ks := &knapsack{capacity: budget.Int64()}
	sumC, sumW := new(big.Int), new(big.Int)
	for _, p := range pr.order {
		c := scale(pr.Costs[p], costL)
		if c.Cmp(budget) > 0 {
			continue
		}
		w := scale(tot[p], welL)
		if w.Sign() < 0 {
			w.SetInt64(0)
		}
		sumC.Add(sumC, c)
		sumW.Add(sumW, w)
		ks.items = append(ks.items, kItem{project: p, cost: c.Int64(), welfare: w.Int64()})
	}
	if !sumC.IsInt64() || !sumW.IsInt64() {
		return nil, fmt.Errorf("max-welfare: costs or utilities are too large for exact search")
	}
	// items are in id order; search order is by utility per unit of cost.
	ks.prepare()
	opt := ks.best(nil)
	fixed := make([]int8, len(ks.items)) // 1 in, -1 out, 0 free
	var used int64
	for i := range ks.items {
		if ks.items[i].cost <= ks.capacity-used {
			fixed[i] = 1
			if ks.reaches(fixed, opt) {
				used += ks.items[i].cost
				continue
			}
		}
		fixed[i] = -1
	}
	var winners []int
	for i, f := range fixed {
		if f == 1 {
			winners = append(winners, ks.items[i].project)
		}
	}
	return winners, nil
}

func lcm(a, b *big.Int) *big.Int {
	g := new(big.Int).GCD(nil, nil, a, b)
	r := new(big.Int).Quo(a, g)
	return r.Mul(r, b)
}

type kItem struct {
	project       int
	cost, welfare int64
}

type knapsack struct {
	capacity int64
	items    []kItem // id order
	byDens   []int   // item indices by welfare per cost, highest first
}

func (k *knapsack) prepare() {
	k.byDens = make([]int, len(k.items))
	for i := range k.byDens {
		k.byDens[i] = i
	}
	sort.SliceStable(k.byDens, func(a, b int) bool {
		x, y := k.items[k.byDens[a]], k.items[k.byDens[b]]
		// Zero-cost items first: they always fit. (Cross-multiplying would
		// make a 0/0 item "equal" to every other and break the order the
		// fractional bound relies on.)
		if x.cost == 0 || y.cost == 0 {
			return x.cost == 0 && (y.cost != 0 || x.welfare > y.welfare)
		}
		// x.w/x.c > y.w/y.c  ⇔  x.w·y.c > y.w·x.c
		hi1, lo1 := bits.Mul64(uint64(x.welfare), uint64(y.cost))
		hi2, lo2 := bits.Mul64(uint64(y.welfare), uint64(x.cost))
		return hi1 > hi2 || (hi1 == hi2 && lo1 > lo2)
	})
}

// bound is an upper bound on the welfare reachable from position pos of
// byDens with capacity left: the fractional knapsack, rounded down.
func (k *knapsack) bound(fixed []int8, pos int, left int64, value int64) int64 {
	for ; pos < len(k.byDens); pos++ {
		i := k.byDens[pos]
		if fixed != nil && fixed[i] != 0 {
			continue
		}
		it := k.items[i]
		if it.cost <= left {
			left -= it.cost
			value += it.welfare
			continue
		}
		hi, lo := bits.Mul64(uint64(left), uint64(it.welfare))
		q, _ := bits.Div64(hi, lo, uint64(it.cost))
		return value + int64(q)
	}
	return value
}

// best returns the largest welfare reachable (fixed items respected).
func (k *knapsack) best(fixed []int8) int64 {
	left, value := k.capacity, int64(0)
	for i, f := range fixed {
		if f == 1 {
			left -= k.items[i].cost
			value += k.items[i].welfare
		}
	}
	best := int64(-1)
	var dfs func(pos int, left, value int64)
	dfs = func(pos int, left, value int64) {
		if value > best {
			best = value
		}
		for pos < len(k.byDens) && fixed != nil && fixed[k.byDens[pos]] != 0 {
			pos++
		}
		if pos == len(k.byDens) || k.bound(fixed, pos, left, value) <= best {
			return
		}
		it := k.items[k.byDens[pos]]
		if it.cost <= left {
			dfs(pos+1, left-it.cost, value+it.welfare)
		}
		dfs(pos+1, left, value)
	}
	dfs(0, left, value)
	return best
}

// reaches reports whether some completion of fixed reaches welfare target.
func (k *knapsack) reaches(fixed []int8, target int64) bool {
	left, value := k.capacity, int64(0)
	for i, f := range fixed {
		if f == 1 {
			left -= k.items[i].cost
			value += k.items[i].welfare
		}
	}
	if left < 0 {
		return false
	}
	var dfs func(pos int, left, value int64) bool
	dfs = func(pos int, left, value int64) bool {
		if value >= target {
			return true
		}
		for pos < len(k.byDens) && fixed[k.byDens[pos]] != 0 {
			pos++
		}
		if pos == len(k.byDens) || k.bound(fixed, pos, left, value) < target {
			return false
		}
		it := k.items[k.byDens[pos]]
		if it.cost <= left && dfs(pos+1, left-it.cost, value+it.welfare) {
			return true
		}
		return dfs(pos+1, left, value)
	}
	return dfs(0, left, value)
}
