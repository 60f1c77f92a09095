package pb

import (
	"fmt"
	"math/big"
	"runtime"
	"sort"
)

// Rule names accepted by Allocate.
const (
	RuleGreedy     = "greedy"
	RuleMES        = "mes"
	RulePhragmen   = "phragmen"
	RuleMaxWelfare = "max-welfare"
)

// Utility names: how much a voter gains from a project on their ballot.
const (
	UtilityCost        = "cost"        // the project's cost (pabutools Cost_Sat)
	UtilityCardinality = "cardinality" // 1 (Cardinality_Sat)
	UtilityPoints      = "points"      // the ballot's points (Additive_Cardinal_Sat)
)

// Completion names for MES.
const (
	CompletionNone       = "none"
	CompletionAdd1       = "add1"
	CompletionAdd1Greedy = "add1-greedy"
)

// Options selects a rule.
type Options struct {
	Rule       string
	Utility    string
	Completion string
	// Explain asks for per-project explanations (MES and greedy).
	Explain bool
	// Progress, if set, is called with each whole increment of the
	// per-voter budget that MES + add1 reaches (from one goroutine).
	Progress func(increment int64)
}

// Result is an allocation: the winners in the order the rule chose them.
type Result struct {
	Rule       string
	Utility    string
	Completion string
	Budget     *big.Rat
	Winners    []int
	TotalCost  *big.Rat
	// Explanation is filled when Options.Explain is set.
	Explanation *Explanation
}

// Allocate runs the chosen rule on the profile.
func Allocate(pr *Profile, opt Options) (*Result, error) {
	if opt.Completion == "" {
		opt.Completion = CompletionNone
	}
	if opt.Utility == "" {
		opt.Utility = UtilityCost
	}
	switch opt.Utility {
	case UtilityCost, UtilityCardinality:
	case UtilityPoints:
		if !pr.Cardinal {
			return nil, fmt.Errorf("utility points needs a cumulative or scoring vote; this file's ballots have no points")
		}
	default:
		return nil, fmt.Errorf("utility %q is not one of cost, cardinality, points", opt.Utility)
	}
	switch opt.Completion {
	case CompletionNone, CompletionAdd1, CompletionAdd1Greedy:
	default:
		return nil, fmt.Errorf("completion %q is not one of none, add1, add1-greedy", opt.Completion)
	}
	if opt.Completion != CompletionNone && opt.Rule != RuleMES {
		return nil, fmt.Errorf("completion %q applies only to rule mes", opt.Completion)
	}
	res := &Result{Rule: opt.Rule, Utility: opt.Utility, Completion: opt.Completion, Budget: pr.Budget}
	switch opt.Rule {
	case RuleGreedy:
		res.Winners = Greedy(pr, opt.Utility, nil)
	case RuleMES:
		if opt.Utility == UtilityPoints {
			return nil, fmt.Errorf("rule mes supports utility cost or cardinality, not points")
		}
		var run *mesRun
		switch opt.Completion {
		case CompletionNone:
			run = MES(pr, opt.Utility, nil)
		default:
			run = mesAdd1(pr, opt.Utility, runtime.GOMAXPROCS(0), opt.Progress)
		}
		res.Winners = run.winners
		if opt.Completion == CompletionAdd1Greedy && !pr.exhaustive(res.Winners, nil) {
			res.Winners = Greedy(pr, opt.Utility, res.Winners)
		}
		if opt.Explain {
			if len(run.steps) > 0 || len(run.removed) > 0 {
				// Rerun the final MES without pruning so that each loser is
				// reported at the step where it became unaffordable.
				en := newMESEngine(pr, opt.Utility)
				en.noPrune = true
				exact, _ := en.run(run.budgetPerVoter, 0, false)
				exact.increments = run.increments
				run = exact
			}
			res.Explanation = explainMES(pr, run, res.Winners)
		}
	case RulePhragmen:
		res.Utility = ""
		res.Winners = Phragmen(pr)
	case RuleMaxWelfare:
		w, err := MaxWelfare(pr, opt.Utility)
		if err != nil {
			return nil, err
		}
		res.Winners = w
	default:
		return nil, fmt.Errorf("rule %q is not one of greedy, mes, phragmen, max-welfare", opt.Rule)
	}
	if opt.Explain && res.Explanation == nil {
		res.Explanation = explainGeneric(pr, opt, res.Winners)
	}
	res.TotalCost = pr.TotalCost(res.Winners)
	return res, nil
}

// exhaustive reports whether no project of among (all projects if nil)
// outside w still fits in the budget left by w.
func (pr *Profile) exhaustive(w []int, among []int) bool {
	in := make([]bool, len(pr.IDs))
	for _, p := range w {
		in[p] = true
	}
	left := new(big.Rat).Sub(pr.Budget, pr.TotalCost(w))
	check := func(p int) bool { return in[p] || pr.Costs[p].Cmp(left) > 0 }
	if among == nil {
		for p := range pr.IDs {
			if !check(p) {
				return false
			}
		}
		return true
	}
	for _, p := range among {
		if !check(p) {
			return false
		}
	}
	return true
}

// totalUtility is Σ_i u_i(p) for each project: the number of supporters
// times the cost (cost utility), the number of supporters (cardinality), or
// the points given (points). Cost utility gives a zero-cost project nothing,
// as in pabutools.
func (pr *Profile) totalUtility(utility string) []*big.Rat {
	tot := make([]*big.Rat, len(pr.IDs))
	count := make([]int64, len(pr.IDs))
	for p := range tot {
		tot[p] = new(big.Rat)
	}
	for i, b := range pr.Ballots {
		for k, p := range b {
			count[p]++
			if utility == UtilityPoints {
				tot[p].Add(tot[p], pr.Points[i][k])
			}
		}
	}
	if utility != UtilityPoints {
		for p := range tot {
			tot[p].SetInt64(count[p])
			if utility == UtilityCost {
				tot[p].Mul(tot[p], pr.Costs[p])
			}
		}
	}
	return tot
}

// density is a greedy score: infinite, or a rational.
type density struct {
	inf bool
	v   *big.Rat
}

func (a density) less(b density) bool { // a < b
	if a.inf || b.inf {
		return !a.inf && b.inf
	}
	return a.v.Cmp(b.v) < 0
}

// greedyOrder sorts projects by satisfaction per unit of cost, highest first,
// ties to the smaller id, exactly as pabutools' additive greedy does: a
// project with positive total satisfaction and zero cost comes first, one
// with no satisfaction scores 0.
func (pr *Profile) greedyOrder(utility string) ([]int, []density) {
	tot := pr.totalUtility(utility)
	dens := make([]density, len(pr.IDs))
	for p := range dens {
		switch {
		case tot[p].Sign() <= 0:
			dens[p] = density{v: new(big.Rat)}
		case pr.Costs[p].Sign() == 0:
			dens[p] = density{inf: true}
		default:
			dens[p] = density{v: new(big.Rat).Quo(tot[p], pr.Costs[p])}
		}
	}
	order := append([]int(nil), pr.order...)
	sort.SliceStable(order, func(a, b int) bool { return dens[order[b]].less(dens[order[a]]) })
	return order, dens
}

// Greedy is greedy utilitarian welfare: walk the projects by satisfaction per
// unit of cost and fund each one that still fits (skipping, not stopping).
// initial lists projects already funded (for a greedy completion).
func Greedy(pr *Profile, utility string, initial []int) []int {
	order, _ := pr.greedyOrder(utility)
	in := make([]bool, len(pr.IDs))
	for _, p := range initial {
		in[p] = true
	}
	left := new(big.Rat).Sub(pr.Budget, pr.TotalCost(initial))
	winners := append([]int(nil), initial...)
	for _, p := range order {
		if in[p] {
			continue
		}
		if pr.Costs[p].Cmp(left) <= 0 {
			winners = append(winners, p)
			left.Sub(left, pr.Costs[p])
		}
	}
	return winners
}

// IDsOf maps project indices to ids.
func (pr *Profile) IDsOf(ps []int) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = pr.IDs[p]
	}
	return out
}
