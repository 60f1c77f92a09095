package pb

import (
	"math/big"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// The Method of Equal Shares, computed as pabutools does, on voter classes.
//
// With cost and cardinality utility every supporter of a project gains the
// same utility u(p) from it, so MES only needs each supporter's budget.
// Voters who support the same funded projects (and paid the same amounts)
// always hold the same budget, so they are kept together as a class with a
// count per project. A round then costs work in the number of classes, not
// voters, and all arithmetic stays exact (big.Rat).
//
// For the add1 completion (MESAdd1) most increments are decided by quick
// runs on machine integers (mesquick.go); this engine is the exact fallback
// and gives the final outcome. It can also run "parametrically": every budget
// is an affine function a + s·t of the initial per-voter budget t, and each
// comparison the run makes is recorded as an affine inequality that holds at
// the current t. The run is then the same for every t up to the first point
// where one of those inequalities could flip; add1 jumps straight to the
// first whole increment at or beyond it, which gives exactly the result of
// stepping by 1.

type mesClass struct {
	cnt  []int32 // cnt[p]: members who support p
	size int32
	zero bool // budget identically 0
	// dead: no member supports a project still in play, so the class no
	// longer matters; moved: its budget changed this round; touched: it
	// lost or changed members this round.
	dead, moved, touched bool
	inF                  bool  // pays all it has for this round's winner
	child                int32 // this round: where its supporters of the winner go (-1: not decided)
	idx                  int32 // its index in the run's class list
	// The budget of each member is (a + s·x)/D, where x is the number of
	// whole units added to the starting per-voter budget and D the run's
	// common denominator; v is its numerator at the current x.
	a, s, v big.Int
}

type mesEngine struct {
	pr      *Profile
	util    []*big.Rat // u(p): the cost (cost utility) or 1
	supp    [][]int32
	cand    []int // MES candidates: supported, positive cost, in id order
	initial []int // supported zero-cost projects, funded before MES starts
	// noPrune makes every round price every candidate, so each project is
	// found unaffordable in the very round it becomes so (for explanations).
	noPrune bool
	// certify makes runs record, per round, the least lower bound on the
	// price of any other candidate still in play (see certifiedRange).
	certify bool
	// ballotPool keeps the cut-down ballot buffers between runs.
	ballotPool sync.Pool
}

// mesStep records one funded project, for explanations.
type mesStep struct {
	project   int
	rho       *big.Rat // price per unit of utility
	share     *big.Rat // what each supporter who could afford it paid
	sharers   int      // supporters who paid share
	allIn     int      // supporters who paid all they had left (less than share)
	allInPaid *big.Rat // what those all-in supporters paid in total
	broke     int      // supporters who had nothing left
}

// mesRemoval records when a candidate became unaffordable.
type mesRemoval struct {
	afterStep int      // number of projects funded before
	left      *big.Rat // its supporters' money left in total
}

type mesRun struct {
	winners        []int
	steps          []mesStep
	removed        map[int]mesRemoval
	budgetPerVoter *big.Rat
	increments     int64 // add1: whole units added to the per-voter budget
	runs           int   // add1: MES runs made
	unsettled      int   // add1: quick runs handed to the exact engine
	quickRuns      int   // add1: quick runs made, probes that were not used included
	cand           []int
	// rounds[i] is round i's closest rival, when the engine certifies.
	rounds []mesRival
}

// mesRival is the least lower bound on the price (ρ) of any candidate other
// than the round's winner, and the smallest tie rank among those at it.
type mesRival struct {
	lb   *big.Rat // nil: no other candidate in play
	rank int
}

func newMESEngine(pr *Profile, utility string) *mesEngine {
	en := &mesEngine{pr: pr, supp: pr.supporters()}
	one := big.NewRat(1, 1)
	en.util = make([]*big.Rat, len(pr.IDs))
	for p := range pr.IDs {
		if utility == UtilityCost {
			en.util[p] = pr.Costs[p]
		} else {
			en.util[p] = one
		}
	}
	for _, p := range pr.order {
		// pabutools: a supporter is a voter with positive satisfaction, so
		// with cost utility a zero-cost project has no supporters at all.
		if len(en.supp[p]) == 0 || en.util[p].Sign() <= 0 {
			continue
		}
		if pr.Costs[p].Sign() > 0 {
			en.cand = append(en.cand, p)
		} else {
			en.initial = append(en.initial, p)
		}
	}
	return en
}

// classSlab hands out classes and their per-project counts in chunks, to
// spare the allocator one object per class.
type classSlab struct {
	np      int
	classes []mesClass
	cnts    []int32
}

func (sl *classSlab) get() *mesClass {
	if len(sl.classes) == 0 {
		sl.classes = make([]mesClass, 256)
	}
	if len(sl.cnts) < sl.np {
		sl.cnts = make([]int32, sl.np*256)
	}
	c := &sl.classes[0]
	sl.classes = sl.classes[1:]
	c.cnt = sl.cnts[:sl.np:sl.np]
	sl.cnts = sl.cnts[sl.np:]
	c.child = -1
	return c
}

// activeBallots gives each voter's ballot cut down to the projects in play
// when it was last refreshed: the counts of projects out of play are never
// read again, so moving a voter need not update them. A ballot is cut when
// the voter is first moved after the set in play shrank by a quarter.
type activeBallots struct {
	pr      *Profile
	flat    []int32 // ballot v at flat[start[v]:start[v]+n[v]]
	start   []int
	n       []int32
	ver     []int32
	cur     int32
	cut     bool  // whether this run cut ballots yet
	first   int32 // versions above this one were made in this run
	inPlay  []bool
	atLevel int // size of the set in play when cur was set
}

// ballots gives a run its cut-down ballots, reusing the buffers of an
// earlier run (the version counter keeps running, so no reset is needed).
func (en *mesEngine) ballots(active int) *activeBallots {
	ab, _ := en.ballotPool.Get().(*activeBallots)
	if ab == nil {
		ab = newActiveBallots(en.pr, active)
	}
	ab.cut = false
	ab.first = ab.cur
	ab.atLevel = active + 1
	return ab
}

func newActiveBallots(pr *Profile, active int) *activeBallots {
	ab := &activeBallots{pr: pr, start: make([]int, len(pr.Ballots)+1), n: make([]int32, len(pr.Ballots)),
		ver: make([]int32, len(pr.Ballots)), inPlay: make([]bool, len(pr.IDs)), atLevel: active + 1}
	for v, b := range pr.Ballots {
		ab.start[v+1] = ab.start[v] + len(b)
	}
	return ab
}

// update refreshes the set in play (at the start of a round, so projects
// leaving during the round are still counted).
func (ab *activeBallots) update(active []int) {
	if len(active)*4 > ab.atLevel*3 {
		return
	}
	if ab.flat == nil {
		ab.flat = make([]int32, ab.start[len(ab.start)-1])
	}
	ab.cur++
	ab.cut = true
	ab.atLevel = len(active)
	clear(ab.inPlay)
	for _, p := range active {
		ab.inPlay[p] = true
	}
}

func (ab *activeBallots) of(v int32) []int32 {
	if !ab.cut {
		return ab.pr.Ballots[v]
	}
	if ab.ver[v] != ab.cur {
		src := ab.pr.Ballots[v]
		if ab.ver[v] > ab.first {
			src = ab.flat[ab.start[v] : ab.start[v]+int(ab.n[v])]
		}
		dst := ab.flat[ab.start[v]:ab.start[v]]
		for _, q := range src {
			if ab.inPlay[q] {
				dst = append(dst, q)
			}
		}
		ab.n[v] = int32(len(dst))
		ab.ver[v] = ab.cur
	}
	return ab.flat[ab.start[v] : ab.start[v]+int(ab.n[v])]
}

// limit tracks the first whole x at which a recorded inequality may flip.
type limit struct {
	next *big.Int // nil: none
	q, r big.Int
}

// atLeastZero records h(x) = a + s·x ≥ 0, which holds now; it may fail from
// x* = a/(-s) on when s < 0, so the run must be redone at ⌈x*⌉.
func (l *limit) atLeastZero(a, s *big.Int) {
	if s.Sign() >= 0 {
		return
	}
	neg := new(big.Int).Neg(s)
	l.q.QuoRem(a, neg, &l.r)
	if l.r.Sign() > 0 {
		l.q.Add(&l.q, big.NewInt(1))
	}
	if l.next == nil || l.q.Cmp(l.next) < 0 {
		l.next = new(big.Int).Set(&l.q)
	}
}

// atLeastZeroRat is atLeastZero for rational coefficients.
func (l *limit) atLeastZeroRat(a, s *big.Rat) {
	if s.Sign() >= 0 {
		return
	}
	x := new(big.Rat).Quo(a, new(big.Rat).Neg(s))
	l.atLeastZero(x.Num(), new(big.Int).Neg(x.Denom()))
}

// mesWalk is the price computation for one project.
type mesWalk struct {
	f            []*mesClass // supporters who pay all they have left
	m            int64       // supporters who pay the full share
	needV        big.Int     // cost minus what f pays, numerator over D
	needA, needS big.Int     // the same as a + s·x (parametric runs)
}

// run computes MES with per-voter budget b0 + x. With param set it also
// returns the smallest whole x' > x (or nil) before which every comparison
// the run made, and so its outcome, stays the same.
func (en *mesEngine) run(b0 *big.Rat, x int64, param bool) (*mesRun, *big.Int) {
	pr := en.pr
	np := len(pr.IDs)
	lim := &limit{}
	t0 := new(big.Rat).Add(b0, new(big.Rat).SetInt64(x))
	res := &mesRun{removed: map[int]mesRemoval{}, budgetPerVoter: t0, cand: en.cand, increments: x}
	res.winners = append(res.winners, en.initial...)

	// Common denominator: b0's and every cost's.
	D := new(big.Int).Set(b0.Denom())
	g := new(big.Int)
	for _, c := range pr.Costs {
		if !c.Denom().IsInt64() || c.Denom().Int64() != 1 {
			g.GCD(nil, nil, D, c.Denom())
			D.Mul(D, new(big.Int).Quo(c.Denom(), g))
		}
	}
	costN := make([]big.Int, np)
	for p := range costN {
		costN[p].Mul(pr.Costs[p].Num(), D)
		costN[p].Quo(&costN[p], pr.Costs[p].Denom())
	}
	bigX := big.NewInt(x)

	slab := &classSlab{np: np}
	zero := slab.get()
	zero.zero = true
	all := slab.get()
	all.size = int32(len(pr.Ballots))
	all.idx = 1
	for p := range en.supp {
		all.cnt[p] = int32(len(en.supp[p]))
	}
	all.a.Mul(b0.Num(), D)
	all.a.Quo(&all.a, b0.Denom())
	all.s.Set(D)
	all.v.Mul(&all.s, bigX)
	all.v.Add(&all.v, &all.a)
	classes := []*mesClass{zero, all}
	classOf := make([]int32, len(pr.Ballots))
	for i := range classOf {
		classOf[i] = 1
	}

	// Lower bounds on each candidate's price per unit of utility (ρ):
	// prices only rise as budgets fall, so an earlier value stays a bound.
	lbv := make([]*big.Rat, np)
	lbA := make([]*big.Rat, np)
	lbS := make([]*big.Rat, np)
	active := append([]int(nil), en.cand...)
	for _, p := range active {
		v := new(big.Rat).SetInt64(int64(len(en.supp[p])))
		v.Mul(v, en.util[p])
		v.Quo(pr.Costs[p], v)
		lbv[p] = v
		lbA[p] = v
		lbS[p] = new(big.Rat)
	}

	// sorted holds the live classes by budget, kept in order across rounds.
	sorted := []*mesClass{all}
	var fresh, buf, spare []*mesClass
	var left []int // projects that left play this round
	tmp := new(big.Int)
	paidA, paidS := new(big.Int), new(big.Int)
	mD := new(big.Int)
	var cur, bestWalk mesWalk
	// The next run is at x+1 at the soonest, so once a comparison may flip
	// there, the others no longer matter: the run goes on as a plain one.
	soonest := big.NewInt(x + 1)
	saturated := func() bool { return lim.next != nil && lim.next.Cmp(soonest) <= 0 }
	bal := en.ballots(len(active))
	defer en.ballotPool.Put(bal)
	for {
		if param && saturated() {
			param = false
		}
		bal.update(active)
		sort.SliceStable(active, func(a, b int) bool { return lbv[active[a]].Cmp(lbv[active[b]]) < 0 })

		best := -1
		var bestRho *big.Rat
		keep := active[:0]
		left = left[:0]
		for idx, p := range active {
			if best >= 0 && !en.noPrune && lbv[p].Cmp(bestRho) > 0 {
				keep = append(keep, active[idx:]...)
				break
			}
			m := int64(len(en.supp[p])) - int64(zero.cnt[p])
			cur.f = cur.f[:0]
			cur.needV.Set(&costN[p])
			if param {
				paidA.SetInt64(0)
				paidS.SetInt64(0)
			}
			found := false
			for _, c := range sorted {
				k := c.cnt[p]
				if k == 0 {
					continue
				}
				// This class can pay the share when need ≤ budget·m.
				tmp.SetInt64(m)
				tmp.Mul(tmp, &c.v)
				if cur.needV.Cmp(tmp) <= 0 {
					found = true
					break
				}
				tmp.SetInt64(int64(k))
				tmp.Mul(tmp, &c.v)
				cur.needV.Sub(&cur.needV, tmp)
				if param {
					tmp.SetInt64(int64(k))
					tmp.Mul(tmp, &c.a)
					paidA.Add(paidA, tmp)
					tmp.SetInt64(int64(k))
					tmp.Mul(tmp, &c.s)
					paidS.Add(paidS, tmp)
				}
				m -= int64(k)
				cur.f = append(cur.f, c)
			}
			if param {
				cur.needA.Sub(&costN[p], paidA)
				cur.needS.Neg(paidS)
			}
			if !found {
				// Its supporters cannot pay for it now, and never will.
				left = append(left, p)
				left := new(big.Rat).SetFrac(new(big.Int).Sub(&costN[p], &cur.needV), D)
				res.removed[p] = mesRemoval{afterStep: len(res.winners) - len(en.initial), left: left}
				if param {
					// what they hold must stay below the cost: need > 0
					lim.atLeastZero(&cur.needA, &cur.needS)
				}
				continue
			}
			keep = append(keep, p)
			cur.m = m
			mD.Mul(big.NewInt(m), D)
			rho := new(big.Rat).SetFrac(&cur.needV, mD)
			rho.Quo(rho, en.util[p])
			lbv[p] = rho
			if param {
				lbA[p] = new(big.Rat).SetFrac(&cur.needA, mD)
				lbA[p].Quo(lbA[p], en.util[p])
				lbS[p] = new(big.Rat).SetFrac(&cur.needS, mD)
				lbS[p].Quo(lbS[p], en.util[p])
			}
			if best < 0 || rho.Cmp(bestRho) < 0 || (rho.Cmp(bestRho) == 0 && pr.rank[p] < pr.rank[best]) {
				best, bestRho = p, rho
				cur, bestWalk = bestWalk, cur
			}
		}
		active = keep
		if best < 0 {
			return res, lim.next
		}
		if en.certify {
			riv := mesRival{}
			for _, p := range active {
				if p == best {
					continue
				}
				if riv.lb == nil {
					riv = mesRival{lbv[p], pr.rank[p]}
					continue
				}
				c := lbv[p].Cmp(riv.lb)
				if c < 0 || (c == 0 && pr.rank[p] < riv.rank) {
					riv = mesRival{lbv[p], pr.rank[p]}
				}
			}
			res.rounds = append(res.rounds, riv)
		}
		w := &bestWalk
		m := big.NewInt(w.m)
		for _, c := range w.f {
			c.inF = true
		}
		if param && saturated() {
			param = false
		}
		if param {
			hA, hS := new(big.Rat), new(big.Rat)
			for _, p := range active {
				if p != best {
					// Only a falling gap can close: skip the rest otherwise.
					if lbS[p].Cmp(lbS[best]) >= 0 {
						continue
					}
					hA.Sub(lbA[p], lbA[best])
					hS.Sub(lbS[p], lbS[best])
					lim.atLeastZeroRat(hA, hS)
				}
			}
			lim.atLeastZero(&w.needA, &w.needS) // the share stays ≥ 0
			a, s := new(big.Int), new(big.Int)
			for _, c := range sorted {
				if c.cnt[best] == 0 {
					continue
				}
				// m·budget vs need (= m·share)
				a.Mul(m, &c.a)
				s.Mul(m, &c.s)
				if c.inF {
					a.Sub(&w.needA, a)
					s.Sub(&w.needS, s)
				} else {
					a.Sub(a, &w.needA)
					s.Sub(s, &w.needS)
				}
				lim.atLeastZero(a, s)
			}
		}

		// Fund best: supporters in f pay all they have, the others the share.
		step := mesStep{project: best, rho: bestRho, allInPaid: new(big.Rat)}
		step.broke = int(zero.cnt[best])
		allIn := new(big.Int)
		for _, c := range w.f {
			tmp.SetInt64(int64(c.cnt[best]))
			tmp.Mul(tmp, &c.v)
			allIn.Add(allIn, tmp)
			step.allIn += int(c.cnt[best])
		}
		step.allInPaid.SetFrac(allIn, D)
		step.sharers = len(en.supp[best]) - step.broke - step.allIn

		// Make the share a whole number of 1/D units by refining D.
		g.GCD(nil, nil, m, &w.needV)
		if param {
			g.GCD(nil, nil, g, &w.needA)
			g.GCD(nil, nil, g, &w.needS)
		}
		if g.Sign() == 0 {
			g.SetInt64(1)
		}
		f := new(big.Int).Quo(m, g)
		if f.Cmp(big.NewInt(1)) != 0 {
			D.Mul(D, f)
			for p := range costN {
				costN[p].Mul(&costN[p], f)
			}
			for _, c := range sorted {
				c.a.Mul(&c.a, f)
				c.s.Mul(&c.s, f)
				c.v.Mul(&c.v, f)
			}
			w.needV.Mul(&w.needV, f)
			w.needA.Mul(&w.needA, f)
			w.needS.Mul(&w.needS, f)
		}
		qV := new(big.Int).Quo(&w.needV, m)
		qA, qS := new(big.Int), new(big.Int)
		if param {
			qA.Quo(&w.needA, m)
			qS.Quo(&w.needS, m)
		}
		step.share = new(big.Rat).SetFrac(qV, D)

		var whole []int32
		var touched []*mesClass
		for _, v := range en.supp[best] {
			ci := classOf[v]
			if ci == 0 { // the zero class
				continue
			}
			c := classes[ci]
			to := c.child
			if to < 0 {
				touched = append(touched, c)
				c.touched = true
				switch {
				case c.inF:
					to = 0
				case c.cnt[best] == c.size:
					to = ci
					whole = append(whole, ci)
				default:
					nc := slab.get()
					nc.idx = int32(len(classes))
					nc.v.Sub(&c.v, qV)
					if param {
						nc.a.Sub(&c.a, qA)
						nc.s.Sub(&c.s, qS)
					}
					to = int32(len(classes))
					classes = append(classes, nc)
					fresh = append(fresh, nc)
				}
				c.child = to
			}
			if to == ci {
				continue
			}
			dst := classes[to]
			for _, q := range bal.of(v) {
				c.cnt[q]--
				dst.cnt[q]++
			}
			c.size--
			dst.size++
			classOf[v] = to
		}
		for _, c := range touched {
			c.child = -1
		}
		for _, c := range w.f {
			c.inF = false
		}
		for _, ci := range whole {
			c := classes[ci]
			c.moved = true
			fresh = append(fresh, c)
			c.v.Sub(&c.v, qV)
			if param {
				c.a.Sub(&c.a, qA)
				c.s.Sub(&c.s, qS)
			}
		}
		res.winners = append(res.winners, best)
		res.steps = append(res.steps, step)
		for i, p := range active {
			if p == best {
				active = append(active[:i], active[i+1:]...)
				break
			}
		}
		left = append(left, best)

		// Keep sorted in order: drop emptied, dead and changed classes,
		// then merge the changed and new ones back in.
		live := func(c *mesClass) bool {
			if c.size == 0 || c.zero {
				return false
			}
			for _, p := range active {
				if c.cnt[p] > 0 {
					return true
				}
			}
			c.dead = true
			return false
		}
		// A class untouched this round stays live unless it supports a
		// project that just left play.
		supportsLeft := func(c *mesClass) bool {
			for _, p := range left {
				if c.cnt[p] > 0 {
					return true
				}
			}
			return false
		}
		buf = buf[:0]
		for _, c := range sorted {
			if c.moved {
				continue
			}
			if c.touched || supportsLeft(c) {
				c.touched = false
				if !live(c) {
					continue
				}
			}
			buf = append(buf, c)
		}
		ins := fresh[:0]
		for _, c := range fresh {
			c.moved = false
			if live(c) {
				ins = append(ins, c)
			}
		}
		sort.Slice(ins, func(a, b int) bool { return ins[a].v.Cmp(&ins[b].v) < 0 })
		merged := spare[:0]
		i := 0
		for _, c := range ins {
			// the first unchanged class with a budget of at least c's
			j := i + sort.Search(len(buf)-i, func(t int) bool { return buf[i+t].v.Cmp(&c.v) >= 0 })
			merged = append(merged, buf[i:j]...)
			merged = append(merged, c)
			i = j
		}
		merged = append(merged, buf[i:]...)
		sorted, spare = merged, sorted
		fresh = ins[:0]
		for _, c := range touched {
			c.touched = false
		}

		// Forget emptied and dead classes once they are the majority; the
		// members of dead ones never support a project in play again, so
		// they can be filed with the zero class.
		if len(classes) > 64 && len(classes) > 2*len(sorted) {
			remap := make([]int32, len(classes))
			kept := append(classes[:0:0], zero)
			for _, c := range sorted {
				remap[c.idx] = int32(len(kept))
				c.idx = int32(len(kept))
				kept = append(kept, c)
			}
			for v, ci := range classOf {
				classOf[v] = remap[ci]
			}
			classes = kept
		}
	}
}

// MES runs the Method of Equal Shares with per-voter budget B/n (or t0 if
// given).
func MES(pr *Profile, utility string, t0 *big.Rat) *mesRun {
	en := newMESEngine(pr, utility)
	if t0 == nil {
		t0 = en.startBudget()
	}
	run, _ := en.run(t0, 0, false)
	return run
}

func (en *mesEngine) startBudget() *big.Rat {
	n := len(en.pr.Ballots)
	if n == 0 {
		return new(big.Rat)
	}
	return new(big.Rat).Quo(en.pr.Budget, new(big.Rat).SetInt64(int64(n)))
}

// add1Done reports whether add1 stops at this outcome, and whether it
// returns the outcome itself (true) or the previous one (false).
func (en *mesEngine) add1Done(w []int) (stop, useThis bool) {
	if en.pr.TotalCost(w).Cmp(en.pr.Budget) > 0 {
		return true, false
	}
	if en.pr.exhaustive(w, en.cand) {
		return true, true
	}
	return false, false
}

// MESAdd1 is MES with the add1 completion, as pabutools'
// voter_budget_increment=1: rerun MES with the per-voter budget raised by 1
// until the outcome is exhaustive over the MES candidates (then return it)
// or costs more than the budget (then return the previous outcome; before
// the first run that is the zero-cost projects alone).
//
// Two things make it fast while giving exactly the result of stepping by 1.
// A parametric run reports the first increment at which any of its
// comparisons could turn out otherwise, and the loop jumps there. Where no
// jump is possible (on big electorates some group of voters crosses "pays
// the share / pays all it has" within almost every unit), the increments
// are decided by quick runs on machine integers (mesquick.go), side by side,
// one per processor; a quick run that cannot settle a decision hands its
// increment to the exact engine. The outcome returned is always an exact run.
func MESAdd1(pr *Profile, utility string) *mesRun {
	return mesAdd1(pr, utility, runtime.GOMAXPROCS(0), nil)
}

// mesAdd1 is MESAdd1 with up to workers quick runs at once, calling progress
// (if not nil) with each increment it reaches. The outcome does not depend
// on workers.
func mesAdd1(pr *Profile, utility string, workers int, progress func(increment int64)) *mesRun {
	en := newMESEngine(pr, utility)
	quick := newQuickMES(en)
	b0 := en.startBudget()
	runs, unsettled, quickRuns := 0, 0, 0
	done := func(r *mesRun) *mesRun {
		r.runs, r.unsettled, r.quickRuns = runs, unsettled, quickRuns
		return r
	}
	// final is the outcome at increment k as an exact run; k < 0 is the
	// zero-cost projects alone, before any run.
	final := func(k int64) *mesRun {
		if k < 0 {
			return done(&mesRun{winners: append([]int(nil), en.initial...), removed: map[int]mesRemoval{}, budgetPerVoter: b0, cand: en.cand})
		}
		r, _ := en.run(b0, k, false)
		return done(r)
	}
	prevK := int64(-1)
	// After a parametric run that allows no jump, the next quickSpan
	// batches of quick runs go first; the span grows fourfold each time, so
	// parametric runs stay a small share where jumps are rare.
	quickLeft, quickSpan := int64(0), int64(8)
	k := int64(0)
	var cur *quickRun // the settled quick run at prevK, if the last run was one
	d := int64(1)     // how far ahead to gallop
	for {
		if progress != nil {
			progress(k)
		}
		if quick == nil || quickLeft == 0 {
			run, next := en.run(b0, k, true)
			runs++
			if stop, useThis := en.add1Done(run.winners); stop {
				if useThis {
					return done(run)
				}
				return final(prevK)
			}
			if next == nil || !next.IsInt64() {
				// No comparison can change: more money never changes the outcome.
				return done(run)
			}
			prevK, cur, d = k, nil, 1
			if n := next.Int64(); n > k+1 {
				// Every increment before n gives this outcome.
				prevK, k = n-1, n
				continue
			}
			k++
			quickLeft, quickSpan = quickSpan, min(4*quickSpan, 1<<20)
			continue
		}
		quickLeft--
		// Probes: with a settled run at prevK whose outcome held at the
		// increment before it, gallop ahead (at prevK+d, and prevK+2d on a
		// second processor) and skip to the first probe if certifiedRange
		// shows that it funds the same, then on to the second if that one
		// holds beyond the first; otherwise step through the next increments.
		// (On Budapest 2024 the chained second probe took MES + add1 from
		// 7.8 s to 4.4 s wall against a hedging one at prevK+d/2.)
		var probes []int64
		gallop := cur != nil && d >= 2
		if gallop {
			probes = append(probes, prevK+d)
			if workers > 1 {
				probes = append(probes, prevK+2*d) // taken if the first holds and this one holds beyond it
			}
		} else {
			for i := range int64(workers) {
				probes = append(probes, k+i)
			}
		}
		var ref *quickRun
		if gallop {
			ref = cur
		}
		quickRuns += len(probes)
		out := make([]*quickRun, len(probes))
		if len(out) == 1 {
			out[0] = quick.runRounds(probes[0], ref)
		} else {
			var wg sync.WaitGroup
			for i := range out {
				wg.Go(func() { out[i] = quick.runRounds(probes[i], ref) })
			}
			wg.Wait()
		}
		if gallop {
			took := 0
			for _, r := range out {
				if r == nil || !quick.certifiedRange(cur, r) {
					break
				}
				// Every increment up to r funds what cur funds, which did
				// not stop add1.
				runs++
				d = nextGallop(cur, r)
				cur, prevK, k = r, r.x, r.x+1
				took++
			}
			if took == 0 {
				d = max(d/4, 1)
			}
			continue
		}
		for i, r := range out {
			at := probes[i]
			if r == nil {
				// Unsettled: the exact engine takes this increment.
				unsettled++
				quickLeft = 0
				cur = nil
				k = at
				break
			}
			runs++
			if stop, useThis := en.add1Done(r.winners); stop {
				if useThis {
					return final(at)
				}
				return final(prevK)
			}
			if cur != nil && slices.Equal(cur.winners, r.winners) {
				// The outcome held over an increment: try galloping.
				d = nextGallop(cur, r)
			}
			cur, prevK, k = r, at, at+1
		}
	}
}

// MESAdd1Naive steps the per-voter budget by 1 and reruns MES each time,
// exactly as pabutools does. It is slow and kept to cross-check MESAdd1.
func MESAdd1Naive(pr *Profile, utility string, maxRuns int) (*mesRun, bool) {
	en := newMESEngine(pr, utility)
	b0 := en.startBudget()
	prev := &mesRun{winners: append([]int(nil), en.initial...), removed: map[int]mesRemoval{}, budgetPerVoter: b0, cand: en.cand}
	for k := int64(0); k < int64(maxRuns); k++ {
		run, _ := en.run(b0, k, false)
		run.runs = int(k) + 1
		stop, useThis := en.add1Done(run.winners)
		if stop {
			if useThis {
				return run, true
			}
			prev.runs = int(k) + 1
			return prev, true
		}
		prev = run
	}
	return nil, false
}
