package pb

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestMaxWelfareMatchesBruteForce checks the branch and bound against every
// subset on small random elections, welfare and tie rule both: among optimal
// sets, the one funding the smallest id whenever possible, then the next.
func TestMaxWelfareMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 300; trial++ {
		pr := randomProfile(r)
		for _, u := range []string{UtilityCost, UtilityCardinality} {
			got, err := MaxWelfare(pr, u)
			if err != nil {
				t.Fatal(err)
			}
			tot := pr.totalUtility(u)
			welfare := func(set []int) *big.Rat {
				w := new(big.Rat)
				for _, p := range set {
					w.Add(w, tot[p])
				}
				return w
			}
			// Enumerate subsets in id order; prefer the lexicographically
			// greatest inclusion vector among optima.
			ids := pr.order
			var best []int
			var bestW *big.Rat
			for mask := 0; mask < 1<<len(ids); mask++ {
				var set []int
				for i, p := range ids {
					if mask&(1<<(len(ids)-1-i)) != 0 {
						set = append(set, p)
					}
				}
				if pr.TotalCost(set).Cmp(pr.Budget) > 0 {
					continue
				}
				w := welfare(set)
				// masks rise through vectors in lexicographic order, so a
				// later mask with equal welfare is lexicographically greater.
				if bestW == nil || w.Cmp(bestW) >= 0 {
					best, bestW = set, w
				}
			}
			if welfare(got).Cmp(bestW) != 0 || !sameIDs(pr, got, best) {
				t.Fatalf("trial %d %s: got %v (welfare %s), want %v (welfare %s)", trial, u,
					pr.IDsOf(got), welfare(got).RatString(), pr.IDsOf(best), bestW.RatString())
			}
		}
	}
}
