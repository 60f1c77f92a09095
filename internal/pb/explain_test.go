package pb

import (
	"strings"
	"testing"
)

// TestExplanationsCoverEveryProject checks the explanation of each rule on a
// real election: one entry per project, funded flags and steps agreeing with
// the winners, and each "beaten at step N by P" naming the project funded at
// step N.
func TestExplanationsCoverEveryProject(t *testing.T) {
	e := loadTestdata(t, "Netherlands_Assen_2024")
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []Options{
		{Rule: RuleMES, Utility: UtilityCost, Completion: CompletionAdd1},
		{Rule: RuleMES, Utility: UtilityCost, Completion: CompletionAdd1Greedy},
		{Rule: RuleMES, Utility: UtilityCardinality},
		{Rule: RuleGreedy, Utility: UtilityCost},
		{Rule: RulePhragmen},
		{Rule: RuleMaxWelfare, Utility: UtilityCost},
	} {
		opt.Explain = true
		res, err := Allocate(pr, opt)
		if err != nil {
			t.Fatal(err)
		}
		x := res.Explanation
		if x == nil || x.Summary == "" || len(x.Projects) != len(pr.IDs) {
			t.Fatalf("%+v: explanation %+v", opt, x)
		}
		step := map[string]int{}
		for i, p := range res.Winners {
			step[pr.IDs[p]] = i + 1
		}
		for _, pe := range x.Projects {
			if s, won := step[pe.ID]; won != pe.Funded || (won && s != pe.Step) || pe.Text == "" {
				t.Errorf("%+v: project %s explained as %+v, winner step %d", opt, pe.ID, pe, s)
			}
			if pe.BeatenBy != "" && step[pe.BeatenBy] != pe.BeatenAtStep {
				t.Errorf("%+v: %s beaten by %s at step %d, but that project was funded at step %d", opt, pe.ID, pe.BeatenBy, pe.BeatenAtStep, step[pe.BeatenBy])
			}
			if pe.Funded && opt.Rule == RuleMES && pe.Share == "" && !strings.Contains(pe.Text, "greedy") {
				t.Errorf("%+v: funded %s has no share: %s", opt, pe.ID, pe.Text)
			}
		}
	}
}
