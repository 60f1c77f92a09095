package pb

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// referenceMES is a direct, voter-by-voter transcription of pabutools'
// method_of_equal_shares (no classes, no pruning), used to check the
// class-based engine.
func referenceMES(pr *Profile, utility string, perVoter *big.Rat) []int {
	n := len(pr.Ballots)
	budget := make([]*big.Rat, n)
	for i := range budget {
		budget[i] = new(big.Rat).Set(perVoter)
	}
	supp := pr.supporters()
	util := func(p int) *big.Rat {
		if utility == UtilityCost {
			return pr.Costs[p]
		}
		return big.NewRat(1, 1)
	}
	var cands, won []int
	for _, p := range pr.order {
		if len(supp[p]) > 0 && util(p).Sign() > 0 {
			if pr.Costs[p].Sign() > 0 {
				cands = append(cands, p)
			} else {
				won = append(won, p)
			}
		}
	}
	for {
		best := -1
		var bestRho *big.Rat
		for _, p := range cands {
			total := new(big.Rat)
			for _, i := range supp[p] {
				total.Add(total, budget[i])
			}
			if total.Cmp(pr.Costs[p]) < 0 {
				continue
			}
			s := append([]int32(nil), supp[p]...)
			sort.Slice(s, func(a, b int) bool { return budget[s[a]].Cmp(budget[s[b]]) < 0 })
			paid := new(big.Rat)
			denom := new(big.Rat).Mul(util(p), big.NewRat(int64(len(s)), 1))
			for _, i := range s {
				rho := new(big.Rat).Sub(pr.Costs[p], paid)
				rho.Quo(rho, denom)
				if new(big.Rat).Mul(rho, util(p)).Cmp(budget[i]) <= 0 {
					if best < 0 || rho.Cmp(bestRho) < 0 {
						best, bestRho = p, rho
					}
					break
				}
				paid.Add(paid, budget[i])
				denom.Sub(denom, util(p))
			}
		}
		if best < 0 {
			return won
		}
		won = append(won, best)
		for i, p := range cands {
			if p == best {
				cands = append(cands[:i], cands[i+1:]...)
				break
			}
		}
		share := new(big.Rat).Mul(bestRho, util(best))
		for _, i := range supp[best] {
			if budget[i].Cmp(share) <= 0 {
				budget[i].SetInt64(0)
			} else {
				budget[i].Sub(budget[i], share)
			}
		}
	}
}

// randomProfile makes a small approval election with deliberate ties.
func randomProfile(r *rand.Rand) *Profile {
	var b strings.Builder
	np := 2 + r.IntN(7)
	nv := 1 + r.IntN(25)
	budget := 10 + r.IntN(200)
	fmt.Fprintf(&b, "META\nkey;value\nbudget;%d\nvote_type;approval\nPROJECTS\nproject_id;cost\n", budget)
	for p := 0; p < np; p++ {
		cost := []int{0, 5, 10, 10, 20, 30, 45, 60, 90}[r.IntN(9)]
		fmt.Fprintf(&b, "p%d;%d\n", p, cost)
	}
	b.WriteString("VOTES\nvoter_id;vote\n")
	for v := 0; v < nv; v++ {
		var ids []string
		for p := 0; p < np; p++ {
			if r.IntN(3) == 0 {
				ids = append(ids, fmt.Sprintf("p%d", p))
			}
		}
		fmt.Fprintf(&b, "%d;%s\n", v, strings.Join(ids, ","))
	}
	e, err := Read(strings.NewReader(b.String()))
	if err != nil {
		panic(err)
	}
	pr, err := e.Profile()
	if err != nil {
		panic(err)
	}
	return pr
}

func sameIDs(pr *Profile, a, b []int) bool {
	return strings.Join(pr.IDsOf(a), ",") == strings.Join(pr.IDsOf(b), ",")
}

// TestMESMatchesReference compares the class-based engine (plain and
// parametric) with the voter-by-voter reference, in choice order, on random
// elections at several per-voter budgets.
func TestMESMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 400; trial++ {
		pr := randomProfile(r)
		for _, u := range []string{UtilityCost, UtilityCardinality} {
			en := newMESEngine(pr, u)
			b0 := en.startBudget()
			for _, k := range []int64{0, 1, 3, 7} {
				t0 := new(big.Rat).Add(b0, big.NewRat(k, 1))
				want := referenceMES(pr, u, t0)
				plain, _ := en.run(b0, k, false)
				param, _ := en.run(b0, k, true)
				if !sameIDs(pr, plain.winners, want) || !sameIDs(pr, param.winners, want) {
					t.Fatalf("trial %d utility %s k=%d: engine %v / %v, reference %v", trial, u, k,
						pr.IDsOf(plain.winners), pr.IDsOf(param.winners), pr.IDsOf(want))
				}
			}
		}
	}
}

// TestAdd1JumpEqualsStepping checks that jumping over increments gives
// exactly the outcome of stepping by 1, on random elections and on the
// smaller shared files.
func TestAdd1JumpEqualsStepping(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	unsettled := 0
	check := func(name string, pr *Profile) {
		for _, u := range []string{UtilityCost, UtilityCardinality} {
			naive, done := MESAdd1Naive(pr, u, 20000)
			if !done {
				t.Logf("%s %s: stepping did not finish in 20000 runs", name, u)
				continue
			}
			fast := MESAdd1(pr, u)
			unsettled += fast.unsettled
			if !sameIDs(pr, fast.winners, naive.winners) {
				t.Errorf("%s %s: jumping gives %v, stepping %v", name, u, pr.IDsOf(fast.winners), pr.IDsOf(naive.winners))
			}
		}
	}
	for trial := 0; trial < 300; trial++ {
		check(fmt.Sprintf("random %d", trial), randomProfile(r))
	}
	// The quick runs' hand-over to the exact engine must have been used.
	if unsettled == 0 {
		t.Error("no quick run was handed to the exact engine on the random elections")
	}
	for _, name := range []string{"Netherlands_Assen_2024", "Poland_Swiecie_2023", "Poland_Zabrze_2020_Zandka",
		"Poland_Gdynia_2021_Chylonia__large", "Worldwide_Mechanical_Turk_Knapsack_8", "Switzerland_Zurich_S5"} {
		e := loadTestdata(t, name)
		pr, err := e.Profile()
		if err != nil {
			t.Fatal(err)
		}
		check(name, pr)
	}
}

// TestAdd1SideBySideEqualsSequential checks that running increments side by
// side gives the outcome and final increment of running them one at a time, and
// that reusing one engine for many runs gives what a fresh engine gives.
func TestAdd1SideBySideEqualsSequential(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	check := func(name string, pr *Profile) {
		for _, u := range []string{UtilityCost, UtilityCardinality} {
			one := mesAdd1(pr, u, 1, nil)
			three := mesAdd1(pr, u, 3, nil)
			if !sameIDs(pr, one.winners, three.winners) || one.budgetPerVoter.Cmp(three.budgetPerVoter) != 0 {
				t.Errorf("%s %s: one at a time %v (at %s), three at a time %v (at %s)", name, u,
					pr.IDsOf(one.winners), one.budgetPerVoter, pr.IDsOf(three.winners), three.budgetPerVoter)
			}
		}
	}
	for trial := 0; trial < 100; trial++ {
		check(fmt.Sprintf("random %d", trial), randomProfile(r))
	}
	e := loadTestdata(t, "Poland_Gdynia_2021_Chylonia__large")
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	check("Gdynia 2021 Chylonia", pr)

	// One engine reused across increments (its ballot buffers are pooled)
	// against a fresh engine for each.
	en := newMESEngine(pr, UtilityCost)
	b0 := en.startBudget()
	for k := int64(0); k < 30; k++ {
		reused, _ := en.run(b0, k, k%2 == 0)
		fresh, _ := newMESEngine(pr, UtilityCost).run(b0, k, false)
		if !sameIDs(pr, reused.winners, fresh.winners) {
			t.Fatalf("k=%d: reused engine %v, fresh engine %v", k, pr.IDsOf(reused.winners), pr.IDsOf(fresh.winners))
		}
	}
}
