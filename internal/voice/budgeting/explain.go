package budgeting

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/pb"
)

// The results explanation: what the results page says about a closed
// process. It is computed once here from the count (internal/pb's outcome
// with its per-project explanation) so the page and any other door tell the
// same story, in pounds and with the projects' names rather than the
// count's ids.

// ExplainProject is one project as the count knew it.
type ExplainProject struct {
	// Key is the project's id in the count (the .pb file's project_id).
	Key       string
	Name      string
	CostPence int64
}

// ExplainOverride is a staff decision that changed the rule's outcome:
// Funded says which way, Reason is shown publicly.
type ExplainOverride struct {
	Key    string
	Funded bool
	Reason string
}

// ExplainInput is everything the explanation needs: the count's rule and
// completion (internal/pb's names), the winners in the order the rule funded
// them, and internal/pb's per-project explanation (nil when the rule gave
// none: then only winners and losers are told apart).
type ExplainInput struct {
	Rule        string
	Completion  string
	BudgetPence int64
	Voters      int
	Projects    []ExplainProject
	Winners     []string
	Explanation *pb.Explanation
	// PencePerUnit is the pence in one unit of the explanation's money:
	// 100 when the count ran in pounds, 1 when it ran in pence.
	PencePerUnit int64
	Overrides    []ExplainOverride
}

// Why a project was not funded.
const (
	LostNoSupport    = "no-support"      // nobody voted for it
	LostOverBudget   = "over-budget"     // it costs more than the whole pot
	LostUnaffordable = "unaffordable"    // MES: its supporters' shares never covered it
	LostBeaten       = "beaten"          // MES: another project took the money its supporters needed
	LostNoRoom       = "no-room"         // greedy: not enough money left when its turn came
	LostRuleStopped  = "rule-stopped"    // Phragmén stopped before it
	LostNotBestSet   = "not-in-best-set" // max welfare: not in the best-value set
	LostOverridden   = "overridden"      // staff removed it, with a reason
	LostZeroCost     = "zero-cost"       // MES with cost utility never considers free projects
)

// Explained is the whole explanation of a result.
type Explained struct {
	Rule       string
	Completion string
	// Summary is the method in plain words, one paragraph per string.
	Summary     []string
	BudgetPence int64
	SpentPence  int64
	Voters      int
	// PerVoterShare is MES's starting equal share per voter, in pence
	// rounded to the penny ("" for other rules), and the exact value.
	PerVoterPence int64
	Winners       []ExplainedWinner
	Losers        []ExplainedLoser
}

// LeftPence is the money not spent.
func (x *Explained) LeftPence() int64 { return x.BudgetPence - x.SpentPence }

// ExplainedWinner is one funded project.
type ExplainedWinner struct {
	Key       string
	Name      string
	CostPence int64
	// Step is the order in which the rule funded it (0 for a project
	// funded only by a staff override).
	Step       int
	Supporters int
	// MES: Sharers supporters paid SharePence each (rounded to the penny;
	// ShareExact is the exact amount), AllIn supporters paid everything
	// they had left, AllInPaidPence between them.
	Sharers        int
	SharePence     int64
	ShareExact     string
	AllIn          int
	AllInPaidPence int64
	// EffectiveVotes is the project's effective vote count in its winning
	// round: its cost divided by the share each supporter paid, to one
	// decimal place ("" when the rule has no shares).
	EffectiveVotes string
	// ByCompletion: funded after equal shares, by the greedy completion.
	ByCompletion bool
	// Override is the public reason when staff funded it against the rule.
	Override string
	Text     string
}

// ExplainedLoser is one project that was not funded.
type ExplainedLoser struct {
	Key        string
	Name       string
	CostPence  int64
	Supporters int
	Reason     string // one of the Lost… constants
	// BeatenBy names the project funded at BeatenAtStep that took the
	// money this one needed (MES and greedy).
	BeatenBy     string
	BeatenAtStep int
	// SupportersHadPence: MES, what its supporters had left between them
	// (rounded to the penny); greedy, the money left when its turn came.
	SupportersHadPence int64
	// Override is the public reason when staff removed it against the rule.
	Override string
	Text     string
}

// Explain turns a count into the results page's explanation.
func Explain(in ExplainInput) (*Explained, error) {
	if in.PencePerUnit <= 0 {
		in.PencePerUnit = 1
	}
	byKey := make(map[string]ExplainProject, len(in.Projects))
	for _, p := range in.Projects {
		byKey[p.Key] = p
	}
	name := func(key string) string {
		if p, ok := byKey[key]; ok && p.Name != "" {
			return p.Name
		}
		return "project " + key
	}
	overrides := map[string]ExplainOverride{}
	for _, o := range in.Overrides {
		overrides[o.Key] = o
	}
	x := &Explained{Rule: in.Rule, Completion: in.Completion, BudgetPence: in.BudgetPence, Voters: in.Voters}
	x.Summary = summary(in)
	if in.Rule == pb.RuleMES && in.Voters > 0 {
		x.PerVoterPence = roundDiv(in.BudgetPence, int64(in.Voters))
	}
	entries, err := explanationEntries(in, byKey)
	if err != nil {
		return nil, err
	}
	// Greedy explanations come in the rule's order: track the money left.
	left := in.BudgetPence
	for _, pe := range entries {
		p := byKey[pe.ID]
		o, overridden := overrides[pe.ID]
		funded := pe.Funded
		if overridden {
			funded = o.Funded
		}
		if funded {
			w := ExplainedWinner{Key: p.Key, Name: name(p.Key), CostPence: p.CostPence, Supporters: pe.Supporters}
			if pe.Funded {
				w.Step = pe.Step
				if in.Rule == pb.RuleGreedy {
					left -= p.CostPence
				}
				explainWinner(&w, pe, in, left)
			}
			if overridden {
				w.Override = o.Reason
				if !pe.Funded {
					w.Text = fmt.Sprintf("Funded by a decision of the partnership's staff, although the rule did not fund it. Their reason: %s", o.Reason)
				} else {
					w.Text += " " + fmt.Sprintf("Staff confirmed it: %s", o.Reason)
				}
			}
			x.Winners = append(x.Winners, w)
			x.SpentPence += p.CostPence
			continue
		}
		l := ExplainedLoser{Key: p.Key, Name: name(p.Key), CostPence: p.CostPence, Supporters: pe.Supporters}
		if overridden && pe.Funded {
			l.Reason, l.Override = LostOverridden, o.Reason
			l.Text = fmt.Sprintf("The rule funded it at step %d, but the partnership's staff decided not to. Their reason: %s", pe.Step, o.Reason)
			if in.Rule == pb.RuleGreedy {
				left -= p.CostPence
			}
		} else {
			explainLoser(&l, pe, in, left, name)
			if overridden {
				l.Override = o.Reason
			}
		}
		x.Losers = append(x.Losers, l)
	}
	sort.SliceStable(x.Winners, func(i, j int) bool {
		a, b := x.Winners[i], x.Winners[j]
		if (a.Step == 0) != (b.Step == 0) {
			return b.Step == 0
		}
		return a.Step < b.Step
	})
	sort.SliceStable(x.Losers, func(i, j int) bool { return x.Losers[i].Supporters > x.Losers[j].Supporters })
	return x, nil
}

// explanationEntries is internal/pb's per-project explanation, checked
// against the process's projects and the winners; without one, an entry
// per project is made from the winners alone (supporters unknown).
func explanationEntries(in ExplainInput, byKey map[string]ExplainProject) ([]pb.ProjectExplanation, error) {
	step := map[string]int{}
	for i, k := range in.Winners {
		if _, ok := byKey[k]; !ok {
			return nil, fmt.Errorf("explain: the count funded project %q, which the process does not have", k)
		}
		step[k] = i + 1
	}
	if in.Explanation != nil {
		for _, pe := range in.Explanation.Projects {
			if _, ok := byKey[pe.ID]; !ok {
				return nil, fmt.Errorf("explain: the count has project %q, which the process does not", pe.ID)
			}
			if s := step[pe.ID]; pe.Funded != (s > 0) || (s > 0 && s != pe.Step) {
				return nil, fmt.Errorf("explain: project %q's explanation disagrees with the winners", pe.ID)
			}
		}
		return in.Explanation.Projects, nil
	}
	out := make([]pb.ProjectExplanation, 0, len(in.Projects))
	for _, k := range in.Winners {
		out = append(out, pb.ProjectExplanation{ID: k, Funded: true, Step: step[k]})
	}
	for _, p := range in.Projects {
		if step[p.Key] == 0 {
			out = append(out, pb.ProjectExplanation{ID: p.Key, Supporters: -1})
		}
	}
	return out, nil
}

func summary(in ExplainInput) []string {
	pot := FormatPence(in.BudgetPence)
	voters := plural(in.Voters, "person", "people")
	switch in.Rule {
	case pb.RuleMES:
		s := []string{
			fmt.Sprintf("%s voted. The pot of %s was shared out equally: each voter had %s to spend, and could spend it only on projects they voted for.", voters, pot, FormatPence(roundDiv(in.BudgetPence, int64(max(in.Voters, 1))))),
			"Projects were funded one at a time. Each time, the project chosen was the one its supporters could pay for at the lowest price each, splitting the cost equally between them (a supporter with less money left than the equal share paid all they had, and the others paid a little more).",
			"The effective vote count of a winner is its cost divided by what each supporter paid: it is how many supporters it would have needed if each had paid that same amount.",
		}
		switch in.Completion {
		case pb.CompletionAdd1, pb.CompletionAdd1Greedy:
			s = append(s, "So that as much of the pot as possible is spent, the count was repeated with each voter's share raised a little at a time, and the last result that stayed within the pot was kept.")
		}
		if in.Completion == pb.CompletionAdd1Greedy {
			s = append(s, "Any money still left then went to the remaining projects with the most votes that fitted.")
		}
		return s
	case pb.RuleGreedy:
		return []string{
			fmt.Sprintf("%s voted. Projects were taken in order of their number of votes, most first, and each was funded if it still fitted in the money left from the pot of %s.", voters, pot),
		}
	case pb.RulePhragmen:
		return []string{
			fmt.Sprintf("%s voted. Sequential Phragmén: the cost of each funded project is carried by its supporters as a load, shared as evenly as possible. At each step the project that kept the heaviest load lightest was funded, until the next one no longer fitted in the pot of %s.", voters, pot),
		}
	case pb.RuleMaxWelfare:
		return []string{
			fmt.Sprintf("%s voted. The set of projects that fits in the pot of %s and gives voters the most benefit in total was funded.", voters, pot),
		}
	}
	return []string{fmt.Sprintf("%s voted. The pot was %s.", voters, pot)}
}

func explainWinner(w *ExplainedWinner, pe pb.ProjectExplanation, in ExplainInput, left int64) {
	switch {
	case in.Rule == pb.RuleMES && pe.Share != "":
		share, ok := new(big.Rat).SetString(pe.Share)
		if !ok {
			break
		}
		w.Sharers, w.ShareExact, w.SharePence = pe.PaidShare, pe.Share, roundRat(share, in.PencePerUnit)
		w.AllIn = pe.PaidAllLeft
		if all, ok := new(big.Rat).SetString(pe.AllLeftPaid); ok && pe.AllLeftPaid != "" {
			w.AllInPaidPence = roundRat(all, in.PencePerUnit)
		}
		if share.Sign() > 0 {
			ev := new(big.Rat).Quo(big.NewRat(w.CostPence, in.PencePerUnit), share)
			w.EffectiveVotes = ev.FloatString(1)
		}
		w.Text = fmt.Sprintf("Funded at step %d. %s paid %s each", w.Step, plural(w.Sharers, "supporter", "supporters"), FormatPence(w.SharePence))
		if w.AllIn > 0 {
			w.Text += fmt.Sprintf(", and %s paid all they had left (%s between them)", plural(w.AllIn, "supporter", "supporters"), FormatPence(w.AllInPaidPence))
		}
		w.Text += fmt.Sprintf(", which covered its cost of %s. Its effective vote count was %s.", FormatPence(w.CostPence), w.EffectiveVotes)
	case in.Rule == pb.RuleMES && w.CostPence == 0:
		w.Text = fmt.Sprintf("Funded at step %d: it costs nothing and people voted for it.", w.Step)
	case in.Rule == pb.RuleMES:
		w.ByCompletion = true
		w.Text = fmt.Sprintf("Funded at step %d, after the equal shares were spent: it had the most votes of the projects that still fitted in the money left.", w.Step)
	case in.Rule == pb.RuleGreedy:
		w.Text = fmt.Sprintf("Funded at step %d with %s. It fitted, and %s was left after it.", w.Step, plural(w.Supporters, "vote", "votes"), FormatPence(left))
	default:
		w.Text = fmt.Sprintf("Funded at step %d.", w.Step)
	}
}

func explainLoser(l *ExplainedLoser, pe pb.ProjectExplanation, in ExplainInput, left int64, name func(string) string) {
	budget := in.BudgetPence
	if pe.BeatenBy != "" {
		l.BeatenBy, l.BeatenAtStep = name(pe.BeatenBy), pe.BeatenAtStep
	}
	had := func() {
		if r, ok := new(big.Rat).SetString(pe.SupportersHad); ok && pe.SupportersHad != "" {
			l.SupportersHadPence = roundRat(r, in.PencePerUnit)
		}
	}
	switch {
	case l.Supporters < 0:
		// No explanation from the count: supporters are not known here.
		l.Supporters = 0
		if l.CostPence > budget {
			l.Reason = LostOverBudget
			l.Text = fmt.Sprintf("Not funded: it costs %s, more than the whole pot of %s.", FormatPence(l.CostPence), FormatPence(budget))
		} else {
			l.Reason, l.Text = LostRuleStopped, "Not funded. The count stopped when the next project no longer fitted, before reaching it."
		}
	case l.Supporters == 0:
		l.Reason, l.Text = LostNoSupport, "Not funded: nobody voted for it."
	case l.CostPence > budget:
		l.Reason = LostOverBudget
		l.Text = fmt.Sprintf("Not funded: it costs %s, more than the whole pot of %s.", FormatPence(l.CostPence), FormatPence(budget))
	case in.Rule == pb.RuleMES && l.CostPence == 0:
		l.Reason, l.Text = LostZeroCost, "Not funded: it costs nothing, so equal shares never had to pay for it."
	case in.Rule == pb.RuleMES && pe.BeatenBy != "":
		had()
		l.Reason = LostBeaten
		l.Text = fmt.Sprintf("Not funded. Its %s used money at step %d to fund %s. After that they had only %s left between them, less than its cost of %s.",
			plural(l.Supporters, "supporter", "supporters"), l.BeatenAtStep, l.BeatenBy, FormatPence(l.SupportersHadPence), FormatPence(l.CostPence))
	case in.Rule == pb.RuleMES:
		had()
		l.Reason = LostUnaffordable
		if pe.SupportersHad != "" {
			l.Text = fmt.Sprintf("Not funded. Its %s had %s between them from their equal shares, less than its cost of %s.",
				plural(l.Supporters, "supporter", "supporters"), FormatPence(l.SupportersHadPence), FormatPence(l.CostPence))
		} else {
			l.Text = fmt.Sprintf("Not funded. Its %s could not together afford its cost of %s.", plural(l.Supporters, "supporter", "supporters"), FormatPence(l.CostPence))
		}
	case in.Rule == pb.RuleGreedy:
		l.Reason, l.SupportersHadPence = LostNoRoom, left
		l.Text = fmt.Sprintf("Not funded. It had %s, but when its turn came only %s was left, less than its cost of %s.", plural(l.Supporters, "vote", "votes"), FormatPence(left), FormatPence(l.CostPence))
		if l.BeatenBy != "" {
			l.Text += fmt.Sprintf(" The last project funded before it was %s.", l.BeatenBy)
		}
	case in.Rule == pb.RulePhragmen:
		l.Reason = LostRuleStopped
		l.Text = "Not funded. The count stopped when the next project no longer fitted, before reaching it."
	default:
		l.Reason = LostNotBestSet
		l.Text = "Not funded. The best-value set of projects that fits in the pot does not include it."
	}
}

// FormatPence writes an amount of money in pence as pounds: £1,234.56, or
// £1,234 when it is whole pounds.
func FormatPence(p int64) string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	pounds, pence := p/100, p%100
	s := groupDigits(pounds)
	if pence != 0 {
		s += fmt.Sprintf(".%02d", pence)
	}
	return sign + "£" + s
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// roundRat rounds a non-negative exact amount of units of scale pence to
// the nearest penny (halves up).
func roundRat(r *big.Rat, scale int64) int64 {
	n := new(big.Int).Mul(r.Num(), big.NewInt(2*scale))
	n.Add(n, r.Denom())
	n.Quo(n, new(big.Int).Mul(r.Denom(), big.NewInt(2)))
	return n.Int64()
}

// roundDiv is a/b rounded to the nearest whole number (halves up), b > 0.
func roundDiv(a, b int64) int64 { return (2*a + b) / (2 * b) }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return groupDigits(int64(n)) + " " + many
}

// ExplainPot explains one pot of a closed process's result: the count as
// stored (its winners and internal/pb's explanation, which ran in pounds),
// with the staff override, if any, shown project by project with its
// reason.
func (p *Process) ExplainPot(r *Result, po PotOutcome) (*Explained, error) {
	opt := pbOptions(p.Rule)
	in := ExplainInput{Rule: opt.Rule, Completion: opt.Completion, BudgetPence: p.Budget(po.PotID), Voters: po.Ballots,
		Winners: po.Winners, Explanation: po.Explanation, PencePerUnit: 100}
	for _, pr := range p.Ballot(po.PotID) {
		in.Projects = append(in.Projects, ExplainProject{Key: pr.Code, Name: pr.Title, CostPence: pr.CostPence})
	}
	if r != nil && r.OverrideReason != "" {
		counted := map[string]bool{}
		for _, k := range po.Winners {
			counted[k] = true
		}
		published := map[string]bool{}
		for _, k := range r.OverrideWinners {
			published[k] = true
		}
		for _, pr := range in.Projects {
			if counted[pr.Key] != published[pr.Key] {
				in.Overrides = append(in.Overrides, ExplainOverride{Key: pr.Key, Funded: published[pr.Key], Reason: r.OverrideReason})
			}
		}
	}
	return Explain(in)
}
