package pb

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestQuickMESEqualsExact checks that a quick run that settles every
// decision funds exactly what the exact engine funds, in the same order, and
// that quick runs both settle and give up (an exact tie or a budget on the
// edge of the share) on the elections tried, so both paths are exercised.
func TestQuickMESEqualsExact(t *testing.T) {
	settled, unsettled := 0, 0
	check := func(name string, pr *Profile, ks []int64) {
		for _, u := range []string{UtilityCost, UtilityCardinality} {
			en := newMESEngine(pr, u)
			q := newQuickMES(en)
			if q == nil {
				t.Fatalf("%s %s: no quick engine", name, u)
			}
			b0 := en.startBudget()
			for _, k := range ks {
				got := q.runRounds(k, nil)
				if got == nil {
					unsettled++
					continue
				}
				settled++
				want, _ := en.run(b0, k, false)
				if !sameIDs(pr, got.winners, want.winners) {
					t.Fatalf("%s %s k=%d: quick %v, exact %v", name, u, k, pr.IDsOf(got.winners), pr.IDsOf(want.winners))
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 500 {
		check(fmt.Sprintf("random %d", trial), randomProfile(r), []int64{0, 1, 2, 5, 13, 40})
	}
	// Costs and budget in fractions (as decimal commas give): quarters and thirds.
	for trial := range 200 {
		pr := randomProfile(r)
		scale := big.NewRat(1, int64(3+trial%2))
		for p := range pr.Costs {
			pr.Costs[p] = new(big.Rat).Mul(pr.Costs[p], scale)
		}
		pr.Budget = new(big.Rat).Mul(pr.Budget, scale)
		check(fmt.Sprintf("fractional %d", trial), pr, []int64{0, 1, 3, 8})
	}
	ks := make([]int64, 60)
	for i := range ks {
		ks[i] = int64(i * 3)
	}
	for _, name := range []string{"Poland_Gdynia_2021_Chylonia__large", "Netherlands_Assen_2024", "Poland_Swiecie_2023",
		"Worldwide_Mechanical_Turk_Knapsack_8", "Switzerland_Zurich_S5"} {
		e := loadTestdata(t, name)
		pr, err := e.Profile()
		if err != nil {
			t.Fatal(err)
		}
		check(name, pr, ks)
	}
	t.Logf("quick runs settled %d, handed to the exact engine %d", settled, unsettled)
	if settled == 0 || unsettled == 0 {
		t.Errorf("settled %d, unsettled %d: both paths should occur", settled, unsettled)
	}
}

// TestQuickMESExactTie checks that an exact tie (no rounding yet) is settled
// as the exact engine settles it: by the smaller id.
func TestQuickMESExactTie(t *testing.T) {
	e, err := Read(strings.NewReader(`META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost
b;40
a;40
c;30
VOTES
voter_id;vote
1;a,c
2;b
3;a
4;b,c
`))
	if err != nil {
		t.Fatal(err)
	}
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	en := newMESEngine(pr, UtilityCost)
	got := newQuickMES(en).runRounds(0, nil)
	if got == nil {
		t.Fatal("an exact tie was not settled")
	}
	want, _ := en.run(en.startBudget(), 0, false)
	if !sameIDs(pr, got.winners, want.winners) || pr.IDs[got.winners[0]] != "a" {
		t.Errorf("quick %v, exact %v; a and b tie at 1/2 per unit and a has the smaller id", pr.IDsOf(got.winners), pr.IDsOf(want.winners))
	}
}

// TestCertifiedRangeHoldsInside checks certifiedRange against the runs it
// claims to cover: whenever it certifies two runs, every increment between
// them funds the same projects in the same order (by the exact engine).
func TestCertifiedRangeHoldsInside(t *testing.T) {
	e := loadTestdata(t, "Poland_Warszawa_2021_Targowek")
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	en := newMESEngine(pr, UtilityCardinality)
	q := newQuickMES(en)
	b0 := en.startBudget()
	certified, refused := 0, 0
	for x0 := int64(0); x0 < 360; x0 += 37 {
		r0 := q.runRounds(x0, nil)
		if r0 == nil {
			continue
		}
		for _, d := range []int64{1, 3, 8, 20, 45} {
			r1 := q.runRounds(x0+d, r0)
			if r1 == nil || !q.certifiedRange(r0, r1) {
				refused++
				continue
			}
			certified++
			for x := x0 + 1; x < x0+d; x++ {
				mid, _ := en.run(b0, x, false)
				if !sameIDs(pr, mid.winners, r0.winners) {
					t.Fatalf("certified %d..%d, but %d funds %v, not %v", x0, x0+d, x, pr.IDsOf(mid.winners), pr.IDsOf(r0.winners))
				}
			}
		}
	}
	t.Logf("certified %d ranges, refused %d", certified, refused)
	if certified == 0 || refused == 0 {
		t.Errorf("certified %d, refused %d: both should occur on this election", certified, refused)
	}

	// Small random elections, whose per-voter budget grows past every cost,
	// over wide ranges. (Each run once chose its own scale from its budget,
	// so bounds from two runs could be compared in different units; that
	// only ever refused ranges, but all runs now share the engine's units.)
	r := rand.New(rand.NewPCG(21, 22))
	for trial := range 300 {
		pr := randomProfile(r)
		for _, u := range []string{UtilityCost, UtilityCardinality} {
			en := newMESEngine(pr, u)
			q := newQuickMES(en)
			b0 := en.startBudget()
			for _, span := range [][2]int64{{0, 7}, {3, 60}, {30, 250}} {
				r0, r1 := q.runRounds(span[0], nil), q.runRounds(span[1], nil)
				if r0 == nil || r1 == nil || !q.certifiedRange(r0, r1) {
					continue
				}
				for x := span[0] + 1; x < span[1]; x++ {
					mid, _ := en.run(b0, x, false)
					if !sameIDs(pr, mid.winners, r0.winners) {
						t.Fatalf("trial %d %s: certified %v, but %d funds %v, not %v", trial, u, span, x, pr.IDsOf(mid.winners), pr.IDsOf(r0.winners))
					}
				}
			}
		}
	}
}

// TestAdd1GallopEqualsQuickStepping runs add1 by stepping every increment
// (quick runs, exact where unsettled) and checks that galloping gives the
// same outcome at the same increment (and, with cardinality utility, where
// the order of funding holds over several increments, with fewer runs).
func TestAdd1GallopEqualsQuickStepping(t *testing.T) {
	e := loadTestdata(t, "Poland_Warszawa_2021_Targowek")
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{UtilityCost, UtilityCardinality} {
		en := newMESEngine(pr, u)
		q := newQuickMES(en)
		b0 := en.startBudget()
		prev, prevK := en.initial, int64(-1)
		var want []int
		var wantK int64
		for k := int64(0); ; k++ {
			var w []int
			if r := q.runRounds(k, nil); r != nil {
				w = r.winners
			} else {
				r, _ := en.run(b0, k, false)
				w = r.winners
			}
			if stop, useThis := en.add1Done(w); stop {
				want, wantK = prev, prevK
				if useThis {
					want, wantK = w, k
				}
				break
			}
			prev, prevK = w, k
		}
		got := mesAdd1(pr, u, 2, nil)
		if !sameIDs(pr, got.winners, want) || got.increments != wantK {
			t.Errorf("%s: galloping %v at +%d, stepping %v at +%d", u, pr.IDsOf(got.winners), got.increments, pr.IDsOf(want), wantK)
		}
		if u == UtilityCardinality && got.quickRuns >= int(wantK) {
			t.Errorf("%s: %d quick runs for %d increments: no increment was skipped", u, got.quickRuns, wantK)
		}
		t.Logf("%s: +%d, %d runs used, %d quick runs", u, wantK, got.runs, got.quickRuns)
	}
}

// TestAllocateReportsAdd1Progress checks the progress callback: it starts
// at increment 0 and never goes back.
func TestAllocateReportsAdd1Progress(t *testing.T) {
	e := loadTestdata(t, "Poland_Warszawa_2021_Targowek")
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	var seen []int64
	res, err := Allocate(pr, Options{Rule: RuleMES, Utility: UtilityCost, Completion: CompletionAdd1,
		Progress: func(k int64) { seen = append(seen, k) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 2 || seen[0] != 0 || len(res.Winners) == 0 {
		t.Fatalf("progress %v, winners %d", seen, len(res.Winners))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Fatalf("progress went back from %d to %d", seen[i-1], seen[i])
		}
	}
}
