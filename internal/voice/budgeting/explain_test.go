package budgeting

import (
	"compress/gzip"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/pb"
)

// readElection reads a .pb (gzip-compressed when the name ends .gz) from
// this package's testdata.
func readElection(t *testing.T, name string) *pb.Election {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var e *pb.Election
	if strings.HasSuffix(name, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		e, err = pb.Read(z)
		if err != nil {
			t.Fatal(err)
		}
	} else if e, err = pb.Read(f); err != nil {
		t.Fatal(err)
	}
	return e
}

func parseElection(t *testing.T, text string) *pb.Election {
	t.Helper()
	e, err := pb.Read(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// explainInput counts e with opt (amounts in the file taken as pence) and
// builds the explanation's input, names from the file.
func explainInput(t *testing.T, e *pb.Election, opt pb.Options) ExplainInput {
	t.Helper()
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	opt.Explain = true
	res, err := pb.Allocate(pr, opt)
	if err != nil {
		t.Fatal(err)
	}
	in := ExplainInput{Rule: res.Rule, Completion: res.Completion, BudgetPence: e.Budget.Num().Int64() / e.Budget.Denom().Int64(), Voters: pr.NumVoters(),
		Winners: pr.IDsOf(res.Winners), Explanation: res.Explanation, PencePerUnit: 1}
	for i, p := range e.Projects {
		in.Projects = append(in.Projects, ExplainProject{Key: p.ID, Name: e.ProjectCell(i, "name"), CostPence: p.Cost.Num().Int64() / p.Cost.Denom().Int64()})
	}
	return in
}

// A small election worked by hand: four voters with 100p each (pot 400p).
// A (300p) is backed by voters 1–3, who pay 100p each; B (200p) is backed by
// voters 3 and 4, and after A voter 3 has nothing left, so B's supporters
// have only 100p: beaten at step 1 by A. C has no votes.
const handElection = `META
key;value
description;hand
num_projects;3
num_votes;4
budget;400
vote_type;approval
PROJECTS
project_id;cost;name
A;300;Allotment
B;200;Bus shelter
C;50;Chess tables
VOTES
voter_id;vote
1;A
2;A
3;A,B
4;B
`

func TestExplainByHand(t *testing.T) {
	in := explainInput(t, parseElection(t, handElection), pb.Options{Rule: pb.RuleMES, Utility: pb.UtilityCost})
	x, err := Explain(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Winners) != 1 || len(x.Losers) != 2 {
		t.Fatalf("winners %+v losers %+v", x.Winners, x.Losers)
	}
	w := x.Winners[0]
	want := ExplainedWinner{Key: "A", Name: "Allotment", CostPence: 300, Step: 1, Supporters: 3, Sharers: 3, SharePence: 100, ShareExact: "100", EffectiveVotes: "3.0"}
	w.Text = ""
	if w != want {
		t.Errorf("winner %+v, want %+v", w, want)
	}
	if x.SpentPence != 300 || x.LeftPence() != 100 || x.PerVoterPence != 100 {
		t.Errorf("spent %d left %d per voter %d", x.SpentPence, x.LeftPence(), x.PerVoterPence)
	}
	b := x.Losers[0]
	if b.Key != "B" || b.Reason != LostBeaten || b.BeatenBy != "Allotment" || b.BeatenAtStep != 1 || b.SupportersHadPence != 100 {
		t.Errorf("B explained as %+v", b)
	}
	for _, s := range []string{"step 1 to fund Allotment", "£1 left between them", "less than its cost of £2"} {
		if !strings.Contains(b.Text, s) {
			t.Errorf("B's text %q lacks %q", b.Text, s)
		}
	}
	if c := x.Losers[1]; c.Key != "C" || c.Reason != LostNoSupport {
		t.Errorf("C explained as %+v", c)
	}
}

// TestExplainRealElection explains Assen 2024 (a real MES + add1 election)
// under each rule: every project is a winner or a loser exactly once, the
// winners are the count's in the count's order, MES shares add up to each
// winner's cost, effective votes are cost ÷ share, and every "beaten by"
// names the project funded at that step.
func TestExplainRealElection(t *testing.T) {
	e := readElection(t, "Netherlands_Assen_2024.pb.gz")
	for _, opt := range []pb.Options{
		{Rule: pb.RuleMES, Utility: pb.UtilityCost, Completion: pb.CompletionAdd1},
		{Rule: pb.RuleMES, Utility: pb.UtilityCost, Completion: pb.CompletionAdd1Greedy},
		{Rule: pb.RuleMES, Utility: pb.UtilityCardinality},
		{Rule: pb.RuleGreedy, Utility: pb.UtilityCost},
		{Rule: pb.RulePhragmen},
		{Rule: pb.RuleMaxWelfare, Utility: pb.UtilityCost},
	} {
		t.Run(opt.Rule+"/"+opt.Completion+"/"+opt.Utility, func(t *testing.T) {
			in := explainInput(t, e, opt)
			x, err := Explain(in)
			if err != nil {
				t.Fatal(err)
			}
			if len(x.Winners)+len(x.Losers) != len(e.Projects) || len(x.Summary) == 0 {
				t.Fatalf("%d winners + %d losers for %d projects", len(x.Winners), len(x.Losers), len(e.Projects))
			}
			cost := map[string]int64{}
			for _, p := range in.Projects {
				cost[p.Key] = p.CostPence
			}
			step := map[string]int{}
			var spent int64
			for i, w := range x.Winners {
				if w.Step != i+1 {
					t.Errorf("winner %d is %s at step %d", i, w.Key, w.Step)
				}
				step[w.Name] = w.Step
				spent += w.CostPence
				if w.Text == "" {
					t.Errorf("winner %s has no text", w.Key)
				}
				if opt.Rule != pb.RuleMES || w.ByCompletion {
					continue
				}
				share, _ := new(big.Rat).SetString(w.ShareExact)
				paid := new(big.Rat).Mul(share, big.NewRat(int64(w.Sharers), 1))
				paid.Add(paid, big.NewRat(w.AllInPaidPence, 1))
				// AllInPaidPence is rounded to the penny.
				if d := new(big.Rat).Sub(paid, big.NewRat(w.CostPence, 1)); d.Abs(d).Cmp(big.NewRat(1, 2)) > 0 {
					t.Errorf("%s: %d × %s + %d = %s, cost %d", w.Key, w.Sharers, w.ShareExact, w.AllInPaidPence, paid.FloatString(2), w.CostPence)
				}
				ev := new(big.Rat).Quo(big.NewRat(w.CostPence, 1), share).FloatString(1)
				if w.EffectiveVotes != ev {
					t.Errorf("%s: effective votes %s, want %s", w.Key, w.EffectiveVotes, ev)
				}
			}
			if spent != x.SpentPence {
				t.Errorf("spent %d, explained %d", spent, x.SpentPence)
			}
			var won []string
			for _, w := range x.Winners {
				won = append(won, w.Key)
			}
			if got, want := strings.Join(won, " "), strings.Join(in.Winners, " "); got != want {
				t.Errorf("winners %s, count %s", got, want)
			}
			for _, l := range x.Losers {
				if l.Reason == "" || l.Text == "" {
					t.Errorf("loser %s unexplained: %+v", l.Key, l)
				}
				if l.BeatenBy != "" && step[l.BeatenBy] != l.BeatenAtStep {
					t.Errorf("%s beaten by %s at step %d, which was funded at step %d", l.Key, l.BeatenBy, l.BeatenAtStep, step[l.BeatenBy])
				}
				if l.Reason == LostBeaten && l.SupportersHadPence >= l.CostPence {
					t.Errorf("%s beaten, yet its supporters had %d for a cost of %d", l.Key, l.SupportersHadPence, l.CostPence)
				}
			}
		})
	}
}

// Greedy: each loser's "money left when its turn came" is the pot less the
// winners before it in the rule's order.
func TestExplainGreedyMoneyLeft(t *testing.T) {
	in := explainInput(t, parseElection(t, handElection), pb.Options{Rule: pb.RuleGreedy, Utility: pb.UtilityCost})
	x, err := Explain(in)
	if err != nil {
		t.Fatal(err)
	}
	// Order by votes: A (3), B (2), C (0). A fits (100p left), B does not,
	// C (50p) does.
	if len(x.Winners) != 2 || x.Winners[0].Key != "A" || x.Winners[1].Key != "C" {
		t.Fatalf("winners %+v", x.Winners)
	}
	b := x.Losers[0]
	if b.Key != "B" || b.Reason != LostNoRoom || b.SupportersHadPence != 100 || !strings.Contains(b.Text, "only £1 was left") {
		t.Errorf("B explained as %+v", b)
	}
}

// Staff overrides move a project across, with the reason shown.
func TestExplainOverrides(t *testing.T) {
	in := explainInput(t, parseElection(t, handElection), pb.Options{Rule: pb.RuleMES, Utility: pb.UtilityCost})
	in.Overrides = []ExplainOverride{
		{Key: "A", Funded: false, Reason: "The allotment site was sold."},
		{Key: "B", Funded: true, Reason: "Match funding from the bus company."},
	}
	x, err := Explain(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Winners) != 1 || x.Winners[0].Key != "B" || x.Winners[0].Override != "Match funding from the bus company." || x.Winners[0].Step != 0 {
		t.Fatalf("winners %+v", x.Winners)
	}
	if !strings.Contains(x.Winners[0].Text, "Match funding") {
		t.Errorf("override reason not in %q", x.Winners[0].Text)
	}
	var a *ExplainedLoser
	for i := range x.Losers {
		if x.Losers[i].Key == "A" {
			a = &x.Losers[i]
		}
	}
	if a == nil || a.Reason != LostOverridden || !strings.Contains(a.Text, "allotment site was sold") {
		t.Fatalf("A explained as %+v", a)
	}
	if x.SpentPence != 200 {
		t.Errorf("spent %d, want 200 (B only)", x.SpentPence)
	}
}

func TestExplainRefusesAMismatchedCount(t *testing.T) {
	in := explainInput(t, parseElection(t, handElection), pb.Options{Rule: pb.RuleMES, Utility: pb.UtilityCost})
	short := in
	short.Projects = in.Projects[:2]
	if _, err := Explain(short); err == nil || !strings.Contains(err.Error(), `"C"`) {
		t.Errorf("err %v, want one naming project C", err)
	}
	wrong := in
	wrong.Winners = []string{"B"}
	if _, err := Explain(wrong); err == nil || !strings.Contains(err.Error(), "disagrees") {
		t.Errorf("err %v, want one saying the explanation disagrees with the winners", err)
	}
	unknown := in
	unknown.Winners = []string{"Z"}
	if _, err := Explain(unknown); err == nil || !strings.Contains(err.Error(), `"Z"`) {
		t.Errorf("err %v, want one naming project Z", err)
	}
}

// A count run in pounds (as the process counts) gives the same pence.
func TestExplainCountInPounds(t *testing.T) {
	in := explainInput(t, parseElection(t, strings.NewReplacer("400", "4", "300", "3", "200", "2", ";50;", ";0.5;").Replace(handElection)),
		pb.Options{Rule: pb.RuleMES, Utility: pb.UtilityCost})
	in.BudgetPence, in.PencePerUnit = 400, 100
	in.Projects = []ExplainProject{{Key: "A", Name: "Allotment", CostPence: 300}, {Key: "B", Name: "Bus shelter", CostPence: 200}, {Key: "C", Name: "Chess tables", CostPence: 50}}
	x, err := Explain(in)
	if err != nil {
		t.Fatal(err)
	}
	if w := x.Winners[0]; w.SharePence != 100 || w.EffectiveVotes != "3.0" || w.ShareExact != "1" {
		t.Errorf("winner %+v", w)
	}
	if b := x.Losers[0]; b.SupportersHadPence != 100 {
		t.Errorf("B %+v", b)
	}
}

// Without internal/pb's explanation (Phragmén), winners and losers are
// still told apart, and no vote count is made up.
func TestExplainWithoutExplanation(t *testing.T) {
	in := explainInput(t, parseElection(t, handElection), pb.Options{Rule: pb.RulePhragmen})
	in.Explanation = nil
	x, err := Explain(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Winners) != len(in.Winners) || len(x.Winners)+len(x.Losers) != 3 {
		t.Fatalf("winners %+v losers %+v", x.Winners, x.Losers)
	}
	for _, l := range x.Losers {
		if l.Reason != LostRuleStopped || strings.Contains(l.Text, "vote") {
			t.Errorf("loser %+v", l)
		}
	}
}

func TestFormatPence(t *testing.T) {
	for _, tc := range []struct {
		p    int64
		want string
	}{
		{0, "£0"}, {5, "£0.05"}, {100, "£1"}, {2799999, "£27,999.99"}, {4000000, "£40,000"}, {123456789, "£1,234,567.89"}, {-250, "-£2.50"},
	} {
		if got := FormatPence(tc.p); got != tc.want {
			t.Errorf("FormatPence(%d) = %q, want %q", tc.p, got, tc.want)
		}
	}
}
