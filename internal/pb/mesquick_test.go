package pb

import (
	"fmt"
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
				got, ok := q.run(k)
				if !ok {
					unsettled++
					continue
				}
				settled++
				want, _ := en.run(b0, k, false)
				if !sameIDs(pr, got, want.winners) {
					t.Fatalf("%s %s k=%d: quick %v, exact %v", name, u, k, pr.IDsOf(got), pr.IDsOf(want.winners))
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 500 {
		check(fmt.Sprintf("random %d", trial), randomProfile(r), []int64{0, 1, 2, 5, 13, 40})
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
	got, ok := newQuickMES(en).run(0)
	if !ok {
		t.Fatal("an exact tie was not settled")
	}
	want, _ := en.run(en.startBudget(), 0, false)
	if !sameIDs(pr, got, want.winners) || pr.IDs[got[0]] != "a" {
		t.Errorf("quick %v, exact %v; a and b tie at 1/2 per unit and a has the smaller id", pr.IDsOf(got), pr.IDsOf(want.winners))
	}
}
