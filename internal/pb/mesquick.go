package pb

import (
	"math/big"
	"math/bits"
	"slices"
	"sync"
)

// A quick MES run decides the add1 completion's many reruns with machine
// integers instead of big.Rat, and says so when it cannot decide.
//
// Every budget is held as an interval [lo, hi] of whole units of 1/(D·2^F),
// where D is the common denominator of the starting per-voter budget and the
// costs, so the starting budgets and the costs are exact and only the share
// division rounds (outwards). Each decision the exact run makes (which
// supporters pay all they have left, which project is cheapest per unit of
// utility, ties by id) is taken only when the intervals settle it; when
// they do not, the run gives up and the caller runs the exact engine. A
// finished quick run therefore funds exactly the projects, in exactly the
// order, of the exact run (TestQuickMESEqualsExact).
//
// The voters' budgets are kept as a class per voter: a class is a budget
// interval, and the supporters of a funded project move to a child class.
// Pricing a project counts its supporters per class, so no per-class vote
// counts need updating when voters move.

// quickMES holds what every quick run of one engine shares.
type quickMES struct {
	en    *mesEngine
	d     *big.Int   // budget units are 1/d (before the 2^F refinement)
	costD []*big.Int // cost(p)·d
	// util[p] is u(p) times the lcm of the utilities' denominators, so the
	// same scale for every project.
	util []uint64
	// shift is F: budgets and costs are counted in units of 1/(d·2^F), the
	// same for every run, so that runs at different budgets compare.
	shift   uint
	costU   []int64  // cost(p) in those units
	tMax    *big.Int // the largest starting budget (in units of 1/d) that fits
	scratch sync.Pool
}

type quickClass struct{ lo, hi int64 }

// quickScratch is one run's working memory, reused between runs.
type quickScratch struct {
	classOf  []int32
	classes  []quickClass
	cnt      []int32 // per class: supporters of the project being priced
	childOf  []int32 // per class: where the winner's supporters go
	inF      []bool  // per class: pays all it has for the winner
	touched  []int32
	rest     []int32
	f, bestF []int32
	lbNum    []uint64
	lbDen    []uint64
	active   []int
}

// newQuickMES returns nil when the utilities do not fit machine words, in
// which case add1 uses the exact engine alone.
func newQuickMES(en *mesEngine) *quickMES {
	pr := en.pr
	q := &quickMES{en: en}
	b0 := en.startBudget()
	q.d = new(big.Int).Set(b0.Denom())
	du := big.NewInt(1) // lcm of the utilities' denominators
	g := new(big.Int)
	lcm := func(acc, d *big.Int) {
		g.GCD(nil, nil, acc, d)
		acc.Mul(acc, new(big.Int).Quo(d, g))
	}
	for p, c := range pr.Costs {
		lcm(q.d, c.Denom())
		lcm(du, en.util[p].Denom())
	}
	q.costD = make([]*big.Int, len(pr.IDs))
	q.util = make([]uint64, len(pr.IDs))
	for p := range pr.IDs {
		v := new(big.Int).Mul(pr.Costs[p].Num(), q.d)
		q.costD[p] = v.Quo(v, pr.Costs[p].Denom())
		u := new(big.Int).Mul(en.util[p].Num(), du)
		u.Quo(u, en.util[p].Denom())
		if u.Sign() < 0 || !u.IsUint64() {
			return nil
		}
		// m·u(p) must fit a word for every m up to the supporters' count.
		if hi, _ := bits.Mul64(u.Uint64(), uint64(len(en.supp[p])+1)); hi != 0 {
			return nil
		}
		q.util[p] = u.Uint64()
	}
	// Room for every cost and for starting budgets up to twice the whole
	// budget, below 2^60 units (sums and products are bounded by those).
	q.tMax = new(big.Int).Mul(pr.Budget.Num(), q.d)
	q.tMax.Quo(q.tMax, pr.Budget.Denom())
	q.tMax.Lsh(q.tMax, 1)
	top := q.tMax.BitLen()
	for _, c := range q.costD {
		top = max(top, c.BitLen())
	}
	if top > 56 {
		return nil
	}
	q.shift = uint(60 - top)
	for _, c := range q.costD {
		q.costU = append(q.costU, new(big.Int).Lsh(c, q.shift).Int64())
	}
	return q
}

// fracCmp compares a/b with c/d for b, d > 0.
func fracCmp(a, b, c, d uint64) int {
	h1, l1 := bits.Mul64(a, d)
	h2, l2 := bits.Mul64(c, b)
	switch {
	case h1 < h2 || (h1 == h2 && l1 < l2):
		return -1
	case h1 == h2 && l1 == l2:
		return 0
	}
	return 1
}

// cmpProd compares a with b·m (a, b, m ≥ 0).
func cmpProd(a, b, m int64) int {
	hi, lo := bits.Mul64(uint64(b), uint64(m))
	switch {
	case hi != 0 || uint64(a) < lo:
		return -1
	case uint64(a) == lo:
		return 0
	}
	return 1
}

// quickRun is a settled quick run: the winners in the order funded and, per
// round, what certifiedRange needs.
type quickRun struct {
	x       int64
	winners []int
	rounds  []quickRound
}

// quickRound bounds one round: the winner's price per unit of utility is at
// most rhoHi/rhoDen, and every other candidate's is at least rivNum/rivDen
// (rivProj is the one with the smallest id among those at that bound;
// rivDen = 0: no other candidate).
type quickRound struct {
	rhoHi, rhoDen  uint64
	rivNum, rivDen uint64
	rivProj        int
}

// certifiedRange reports whether r0 (at x0) and r1 (at x1 > x0) prove that
// every per-voter budget between them funds the same projects in the same
// order. For a fixed order of funding, every voter's remaining budget only
// grows with the starting budget (a price falls as budgets grow, and a
// voter keeps max(0, budget − price·u)), so at any x in between each round's
// budgets lie between those at x0 and at x1, and each price between its
// prices there. Round i is then won by the same project when its price at
// x0 is below every rival's price bound at x1 (equal, if it wins the tie by
// id); by induction over the rounds, the whole run is the same.
func (q *quickMES) certifiedRange(r0, r1 *quickRun) bool {
	if len(r0.winners) != len(r1.winners) || len(r0.rounds) != len(r1.rounds) {
		return false
	}
	for i, w := range r0.winners {
		if r1.winners[i] != w {
			return false
		}
	}
	rank := q.en.pr.rank
	off := len(q.en.initial)
	for i, a := range r0.rounds {
		b := r1.rounds[i]
		if b.rivDen == 0 {
			continue
		}
		c := fracCmp(b.rivNum, b.rivDen, a.rhoHi, a.rhoDen)
		if c < 0 || (c == 0 && rank[b.rivProj] < rank[r0.winners[off+i]]) {
			return false
		}
	}
	return true
}

// gallopDistance guesses how many increments past r1 a probe can go and
// still be certified against r1: each round's closest rival falls towards
// the winner's price at the rate seen between r0 and r1 (same winners, r0
// earlier), and the guess stops a quarter short of the first to reach it.
// It only steers the search; certifiedRange alone decides.
func gallopDistance(r0, r1 *quickRun) int64 {
	const far = 1 << 20
	if r1.x <= r0.x || !slices.Equal(r0.winners, r1.winners) || len(r0.rounds) != len(r1.rounds) {
		return 1
	}
	frac := func(n, d uint64) *big.Rat {
		return new(big.Rat).SetFrac(new(big.Int).SetUint64(n), new(big.Int).SetUint64(d))
	}
	var least *big.Rat
	for i, b := range r1.rounds {
		a := r0.rounds[i]
		if b.rivDen == 0 || a.rivDen == 0 || a.rivProj != b.rivProj {
			continue // no rate to go by
		}
		riv := frac(b.rivNum, b.rivDen)
		margin := new(big.Rat).Sub(riv, frac(b.rhoHi, b.rhoDen))
		fall := new(big.Rat).Sub(frac(a.rivNum, a.rivDen), riv)
		if fall.Sign() <= 0 || margin.Sign() == 0 {
			continue // not closing in, or an exact tie (settled by id)
		}
		if margin.Sign() < 0 {
			return 1
		}
		steps := margin.Mul(margin, new(big.Rat).SetInt64(r1.x-r0.x))
		steps.Quo(steps, fall)
		if least == nil || steps.Cmp(least) < 0 {
			least = steps
		}
	}
	if least == nil {
		return far
	}
	least.Mul(least, big.NewRat(3, 4))
	d := new(big.Int).Quo(least.Num(), least.Denom())
	if !d.IsInt64() || d.Int64() > far {
		return far
	}
	return max(d.Int64(), 1)
}

// nextGallop is gallopDistance, growing at most fourfold per step, since
// the rates it extrapolates are rough.
func nextGallop(r0, r1 *quickRun) int64 {
	return min(gallopDistance(r0, r1), 4*(r1.x-r0.x))
}

// runRounds is run with the per-round bounds, or nil when unsettled. Given
// ref, a run at a smaller budget to certify against, every round that so far
// follows ref also prices each rival whose bound does not yet clear ref's
// winner, so that the bounds it records are as tight as pricing makes them.
func (q *quickMES) runRounds(x int64, ref *quickRun) *quickRun {
	en := q.en
	pr := en.pr
	// The starting budget in the engine's units; past tMax the exact engine
	// takes over.
	t := new(big.Int).Mul(big.NewInt(x), q.d)
	b0 := en.startBudget()
	t.Add(t, new(big.Int).Quo(new(big.Int).Mul(b0.Num(), q.d), b0.Denom()))
	if t.Sign() < 0 || t.Cmp(q.tMax) > 0 {
		return nil
	}
	tU := new(big.Int).Lsh(t, q.shift).Int64()
	s, _ := q.scratch.Get().(*quickScratch)
	if s == nil {
		s = &quickScratch{}
	}
	defer q.scratch.Put(s)
	n := len(pr.Ballots)
	s.classOf = slices.Grow(s.classOf[:0], n)[:n]
	for i := range s.classOf {
		s.classOf[i] = 1
	}
	s.classes = append(s.classes[:0], quickClass{}, quickClass{tU, tU})
	s.cnt = append(s.cnt[:0], 0, 0)
	s.childOf = append(s.childOf[:0], -1, -1)
	s.inF = append(s.inF[:0], false, false)
	np := len(pr.IDs)
	s.lbNum = slices.Grow(s.lbNum[:0], np)[:np]
	s.lbDen = slices.Grow(s.lbDen[:0], np)[:np]
	s.active = append(s.active[:0], en.cand...)
	for _, p := range s.active {
		s.lbNum[p] = uint64(q.costU[p])
		s.lbDen[p] = uint64(len(en.supp[p])) * q.util[p]
	}
	winners := append([]int(nil), en.initial...)
	var rounds []quickRound

	for {
		active := s.active
		slices.SortStableFunc(active, func(a, b int) int {
			return fracCmp(s.lbNum[a], s.lbDen[a], s.lbNum[b], s.lbDen[b])
		})
		best := -1
		var bLo, bHi, bDen uint64 // best's ρ lies in [bLo, bHi]/bDen
		var bShareLo, bShareHi int64
		keep := active[:0]
		var refHi, refDen uint64 // ref's winner's bound this round (refDen 0: none)
		if r := len(rounds); ref != nil && r < len(ref.rounds) && slices.Equal(ref.winners[:len(winners)], winners) {
			refHi, refDen = ref.rounds[r].rhoHi, ref.rounds[r].rhoDen
		}
		for idx, p := range active {
			if best >= 0 && fracCmp(s.lbNum[p], s.lbDen[p], bHi, bDen) > 0 &&
				(refDen == 0 || fracCmp(s.lbNum[p], s.lbDen[p], refHi, refDen) > 0) {
				keep = append(keep, active[idx:]...)
				break
			}
			needLo, needHi, m, st := q.price(s, p, q.costU[p])
			switch st {
			case priceUnsettled:
				return nil
			case priceUnaffordable:
				continue
			}
			keep = append(keep, p)
			den := uint64(m) * q.util[p]
			s.lbNum[p], s.lbDen[p] = uint64(needLo), den
			lo, hi := uint64(needLo), uint64(needHi)
			better := false
			switch {
			case best < 0 || fracCmp(hi, den, bLo, bDen) < 0:
				better = true
			case fracCmp(lo, den, bHi, bDen) > 0:
			case lo == hi && bLo == bHi && fracCmp(lo, den, bLo, bDen) == 0:
				better = pr.rank[p] < pr.rank[best] // an exact tie: the smaller id
			default:
				return nil
			}
			if better {
				best, bLo, bHi, bDen = p, lo, hi, den
				bShareLo = needLo / m
				bShareHi = (needHi + m - 1) / m
				s.f, s.bestF = s.bestF, s.f
			}
		}
		s.active = keep
		if best < 0 {
			return &quickRun{x: x, winners: winners, rounds: rounds}
		}
		rd := quickRound{rhoHi: bHi, rhoDen: bDen}
		for _, p := range s.active {
			if p == best {
				continue
			}
			c := 1
			if rd.rivDen != 0 {
				c = fracCmp(rd.rivNum, rd.rivDen, s.lbNum[p], s.lbDen[p])
			}
			if c > 0 || (c == 0 && pr.rank[p] < pr.rank[rd.rivProj]) {
				rd.rivNum, rd.rivDen, rd.rivProj = s.lbNum[p], s.lbDen[p], p
			}
		}
		rounds = append(rounds, rd)

		// Fund best: its all-in classes drop to nothing, the others pay the
		// share (its interval widened outwards by the rounding).
		for _, c := range s.bestF {
			s.inF[c] = true
		}
		s.touched = s.touched[:0]
		for _, v := range en.supp[best] {
			c := s.classOf[v]
			if c == 0 {
				continue
			}
			ch := s.childOf[c]
			if ch < 0 {
				if s.inF[c] {
					ch = 0
				} else {
					cl := s.classes[c]
					nc := quickClass{max(cl.lo-bShareHi, 0), cl.hi - bShareLo}
					ch = int32(len(s.classes))
					s.classes = append(s.classes, nc)
					s.cnt = append(s.cnt, 0)
					s.childOf = append(s.childOf, -1)
					s.inF = append(s.inF, false)
				}
				s.childOf[c] = ch
				s.touched = append(s.touched, c)
			}
			s.classOf[v] = ch
		}
		for _, c := range s.touched {
			s.childOf[c] = -1
		}
		for _, c := range s.bestF {
			s.inF[c] = false
		}
		winners = append(winners, best)
		for i, p := range s.active {
			if p == best {
				s.active = append(s.active[:i], s.active[i+1:]...)
				break
			}
		}
	}
}

const (
	priceOK = iota
	priceUnaffordable
	priceUnsettled
)

// price finds what p's supporters still need to raise (in [needLo, needHi])
// from the m of them who can pay the full share, after the supporters in
// s.f (all-in) pay all they have.
func (q *quickMES) price(s *quickScratch, p int, cost int64) (needLo, needHi, m int64, status int) {
	s.touched = s.touched[:0]
	for _, v := range q.en.supp[p] {
		c := s.classOf[v]
		if s.cnt[c] == 0 {
			s.touched = append(s.touched, c)
		}
		s.cnt[c]++
	}
	defer func() {
		for _, c := range s.touched {
			s.cnt[c] = 0
		}
	}()
	m = int64(len(q.en.supp[p])) - int64(s.cnt[0])
	needLo, needHi = cost, cost
	s.f = s.f[:0]
	// A class surely below the running share pays all it has, and each one
	// that does raises the share, so sweep the classes until no more drop
	// out; no sorting is needed. What is left must surely pay the share.
	rest := append(s.rest[:0], s.touched...)
	defer func() { s.rest = rest }()
	for {
		keep := rest[:0]
		dropped := false
		for _, c := range rest {
			if c == 0 {
				continue
			}
			cl := s.classes[c]
			if cmpProd(needLo, cl.hi, m) > 0 { // need > budget·m: pays all it has
				k := int64(s.cnt[c])
				needLo -= k * cl.hi
				needHi -= k * cl.lo
				m -= k
				s.f = append(s.f, c)
				dropped = true
				continue
			}
			keep = append(keep, c)
		}
		rest = keep
		if !dropped {
			break
		}
	}
	if m == 0 {
		return 0, 0, 0, priceUnaffordable
	}
	for _, c := range rest {
		if cmpProd(needHi, s.classes[c].lo, m) > 0 { // neither surely all-in nor surely paying the share
			return 0, 0, 0, priceUnsettled
		}
	}
	return needLo, needHi, m, priceOK
}
