package pb

import (
	"fmt"
	"math/big"
)

// Explanation says in plain language why each project won or lost.
type Explanation struct {
	Summary  string               `json:"summary"`
	Projects []ProjectExplanation `json:"projects"`
}

// ProjectExplanation is one project's story. Money is a decimal string (or
// a fraction "a/b" when it has no finite decimal form).
type ProjectExplanation struct {
	ID     string `json:"id"`
	Funded bool   `json:"funded"`
	// Step is the position in which the rule funded it (1 = first).
	Step       int    `json:"step,omitempty"`
	Supporters int    `json:"supporters"`
	Text       string `json:"text"`
	// MES only: how the cost was shared.
	PaidShare   int    `json:"voters_paid_share,omitempty"`
	Share       string `json:"share,omitempty"`
	PaidAllLeft int    `json:"voters_paid_all_they_had,omitempty"`
	AllLeftPaid string `json:"paid_by_those_voters,omitempty"`
	// Losers: the step and project that took the money it needed.
	BeatenAtStep int    `json:"beaten_at_step,omitempty"`
	BeatenBy     string `json:"beaten_by,omitempty"`
	// MES losers: what their supporters had left between them when the
	// project became unaffordable (exact, like Share).
	SupportersHad string `json:"supporters_had,omitempty"`
}

func money(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	// Two decimals for people; exact values are in the JSON fields.
	return r.FloatString(2)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func explainMES(pr *Profile, run *mesRun, winners []int) *Explanation {
	supp := make([]int, len(pr.IDs))
	for _, b := range pr.Ballots {
		for _, p := range b {
			supp[p]++
		}
	}
	n := pr.NumVoters()
	x := &Explanation{}
	x.Summary = fmt.Sprintf("Method of Equal Shares: each of the %d voters got an equal share of %s to spend on projects they voted for", n, money(run.budgetPerVoter))
	if run.increments > 0 {
		x.Summary += fmt.Sprintf(" (the budget divided equally, plus %d added per voter so that as much of the budget as possible is used)", run.increments)
	}
	x.Summary += ". At each step the project whose supporters could pay for it with the smallest price per unit of benefit was funded, the price shared equally among them (voters with less left than their share paid all they had)."
	stepOf := map[int]int{}
	for i, s := range run.steps {
		stepOf[s.project] = i
	}
	funded := map[int]int{}
	for i, p := range winners {
		funded[p] = i + 1
	}
	for _, p := range pr.order {
		e := ProjectExplanation{ID: pr.IDs[p], Supporters: supp[p]}
		if pos, ok := funded[p]; ok {
			e.Funded, e.Step = true, pos
			if si, ok := stepOf[p]; ok {
				s := run.steps[si]
				e.PaidShare, e.Share = s.sharers, FormatRat(s.share)
				e.PaidAllLeft, e.AllLeftPaid = s.allIn, FormatRat(s.allInPaid)
				e.Text = fmt.Sprintf("Funded at step %d. %s paid %s each", pos, plural(s.sharers, "voter", "voters"), money(s.share))
				if s.allIn > 0 {
					e.Text += fmt.Sprintf("; %s paid all they had left (%s between them)", plural(s.allIn, "voter", "voters"), money(s.allInPaid))
				}
				if s.broke > 0 {
					e.Text += fmt.Sprintf("; %s had nothing left to give", plural(s.broke, "supporter", "supporters"))
				}
				e.Text += fmt.Sprintf(". Together they paid its cost of %s.", money(pr.Costs[p]))
			} else if pr.Costs[p].Sign() == 0 {
				e.Text = fmt.Sprintf("Funded at step %d: it costs nothing and has supporters.", pos)
			} else {
				e.Text = fmt.Sprintf("Funded at step %d by the greedy completion: after equal shares, it was the most supported project per unit of cost that still fitted in the money left.", pos)
			}
			x.Projects = append(x.Projects, e)
			continue
		}
		switch r, removed := run.removed[p]; {
		case supp[p] == 0:
			e.Text = "Not funded: nobody voted for it."
		case pr.Costs[p].Sign() == 0:
			e.Text = "Not funded: it costs nothing, so with cost utility nobody gains from it and equal shares never considers it."
		case removed && r.afterStep == 0:
			e.SupportersHad = FormatRat(r.left)
			e.Text = fmt.Sprintf("Not funded: its %s could not afford it. Their shares came to %s between them, less than its cost of %s.", plural(supp[p], "supporter", "supporters"), money(r.left), money(pr.Costs[p]))
		case removed:
			by := run.steps[r.afterStep-1].project
			e.BeatenAtStep, e.BeatenBy = r.afterStep, pr.IDs[by]
			e.SupportersHad = FormatRat(r.left)
			e.Text = fmt.Sprintf("Not funded: beaten at step %d by project %s, which used money its supporters needed. Afterwards its %s had only %s left between them, less than its cost of %s.", r.afterStep, pr.IDs[by], plural(supp[p], "supporter", "supporters"), money(r.left), money(pr.Costs[p]))
		default:
			e.Text = fmt.Sprintf("Not funded: its supporters could not afford its cost of %s.", money(pr.Costs[p]))
		}
		x.Projects = append(x.Projects, e)
	}
	return x
}

func explainGeneric(pr *Profile, opt Options, winners []int) *Explanation {
	supp := make([]int, len(pr.IDs))
	for _, b := range pr.Ballots {
		for _, p := range b {
			supp[p]++
		}
	}
	funded := map[int]int{}
	for i, p := range winners {
		funded[p] = i + 1
	}
	x := &Explanation{}
	switch opt.Rule {
	case RuleGreedy:
		x.Summary = fmt.Sprintf("Greedy: projects were taken in order of %s per unit of cost, and each one was funded if it still fitted in the money left.", map[string]string{UtilityCost: "number of supporters (cost utility)", UtilityCardinality: "supporters", UtilityPoints: "points"}[opt.Utility])
		order, _ := pr.greedyOrder(opt.Utility)
		left := new(big.Rat).Set(pr.Budget)
		last := -1
		for pos, p := range order {
			e := ProjectExplanation{ID: pr.IDs[p], Supporters: supp[p]}
			if s, ok := funded[p]; ok {
				e.Funded, e.Step = true, s
				left.Sub(left, pr.Costs[p])
				e.Text = fmt.Sprintf("Funded at step %d: it was number %d in the order and fitted; %s was left after it.", s, pos+1, money(left))
				last = p
			} else if pr.Costs[p].Cmp(pr.Budget) > 0 {
				e.Text = fmt.Sprintf("Not funded: it costs %s, more than the whole budget.", money(pr.Costs[p]))
			} else {
				e.Text = fmt.Sprintf("Not funded: it was number %d in the order, and only %s was left when its turn came, less than its cost of %s.", pos+1, money(left), money(pr.Costs[p]))
				if last >= 0 {
					e.BeatenAtStep, e.BeatenBy = funded[last], pr.IDs[last]
					e.Text += fmt.Sprintf(" It was beaten at step %d by project %s, which took the money it needed.", funded[last], pr.IDs[last])
				}
			}
			x.Projects = append(x.Projects, e)
		}
		return x
	case RulePhragmen:
		x.Summary = "Sequential Phragmén: at each step the project whose supporters would carry the smallest load (its cost plus what they already carry, shared equally) was funded; the rule stops when that project no longer fits."
	case RuleMaxWelfare:
		x.Summary = "Max welfare: the set of projects with the largest total benefit that fits in the budget (ties go to the set that funds the smallest project ids)."
	}
	steps := len(winners)
	for _, p := range pr.order {
		e := ProjectExplanation{ID: pr.IDs[p], Supporters: supp[p]}
		if s, ok := funded[p]; ok {
			e.Funded, e.Step = true, s
			e.Text = fmt.Sprintf("Funded (number %d of %d).", s, steps)
		} else if pr.Costs[p].Cmp(pr.Budget) > 0 {
			e.Text = fmt.Sprintf("Not funded: it costs %s, more than the whole budget.", money(pr.Costs[p]))
		} else if opt.Rule == RulePhragmen {
			e.Text = fmt.Sprintf("Not funded: the rule stopped after step %d before reaching it.", steps)
		} else {
			e.Text = "Not funded: the best-value set of projects that fits the budget does not include it."
		}
		x.Projects = append(x.Projects, e)
	}
	return x
}
