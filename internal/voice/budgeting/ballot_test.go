package budgeting

import (
	"strings"
	"testing"
)

func feasible(code string, cost int64) Project {
	yes := true
	return Project{Code: code, Title: "Project " + code, CostPence: cost, Feasible: &yes}
}

// TestCheckBallot holds the published ballot rules: a knapsack ballot on a
// £40,000 pot with a 70% threshold, and approval with 3 to 5 projects.
func TestCheckBallot(t *testing.T) {
	knapsack := &Process{Title: "Knapsack", PotPence: 4_000_000, Rule: RuleMESAdd1, BallotType: BallotKnapsack, ThresholdPercent: 70, UseCodes: true,
		Projects: []Project{
			feasible("a", 2_799_999), // £27,999.99
			feasible("b", 2_800_000), // £28,000.00
			feasible("c", 1_200_001), // £12,000.01
			feasible("d", 1),         // £0.01
			feasible("e", 1_200_000), // £12,000.00
		}}
	approval := &Process{Title: "Approval", PotPence: 1_000_000, Rule: RuleMESAdd1, BallotType: BallotApproval, MinProjects: 3, MaxProjects: 5, UseCodes: true,
		Projects: []Project{feasible("p1", 100), feasible("p2", 100), feasible("p3", 100), feasible("p4", 100), feasible("p5", 100), feasible("p6", 100)}}
	points := &Process{Title: "Points", PotPence: 1_000_000, Rule: RuleMESAdd1, BallotType: BallotPoints, MaxPoints: 10, MaxPointsPerProject: 6, UseCodes: true,
		Projects: []Project{feasible("p1", 100), feasible("p2", 100)}}
	for _, p := range []*Process{knapsack, approval, points} {
		if err := p.Validate(); err != nil {
			t.Fatalf("%s: %v", p.Title, err)
		}
	}
	for _, tc := range []struct {
		name     string
		p        *Process
		c        Choices
		wantRule string // "" = accepted
	}{
		{"knapsack £27,999.99 is under 70%", knapsack, Choices{Projects: []string{"a"}}, RuleMinSpend},
		{"knapsack £28,000.00 is exactly 70%", knapsack, Choices{Projects: []string{"b"}}, ""},
		{"knapsack £27,999.99 + £0.01 = £28,000.00", knapsack, Choices{Projects: []string{"a", "d"}}, ""},
		{"knapsack £40,000.00 is the pot", knapsack, Choices{Projects: []string{"b", "e"}}, ""},
		{"knapsack £40,000.01 is over the pot", knapsack, Choices{Projects: []string{"b", "c"}}, RuleMaxSpend},
		{"knapsack repeated project", knapsack, Choices{Projects: []string{"b", "b"}}, RuleDuplicateProject},
		{"knapsack with points", knapsack, Choices{Points: map[string]int{"b": 1}}, RuleBallotShape},
		{"approval 2 projects", approval, Choices{Projects: []string{"p1", "p2"}}, RuleMinProjects},
		{"approval 3 projects", approval, Choices{Projects: []string{"p1", "p2", "p3"}}, ""},
		{"approval 5 projects", approval, Choices{Projects: []string{"p1", "p2", "p3", "p4", "p5"}}, ""},
		{"approval 6 projects", approval, Choices{Projects: []string{"p1", "p2", "p3", "p4", "p5", "p6"}}, RuleMaxProjects},
		{"approval unknown project", approval, Choices{Projects: []string{"p1", "p2", "zz"}}, RuleUnknownProject},
		{"points within limits", points, Choices{Points: map[string]int{"p1": 6, "p2": 4}}, ""},
		{"points over the total", points, Choices{Points: map[string]int{"p1": 6, "p2": 5}}, RuleMaxPoints},
		{"points over one project's cap", points, Choices{Points: map[string]int{"p1": 7}}, RuleMaxPerProject},
		{"zero points", points, Choices{Points: map[string]int{"p1": 0}}, RulePointsPositive},
		{"points ballot with a list", points, Choices{Projects: []string{"p1"}}, RuleBallotShape},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.p.CheckBallot(0, tc.c)
			if tc.wantRule == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if len(got.Projects)+len(got.Points) == 0 {
					t.Fatalf("accepted ballot lost its choices: %+v", got)
				}
				return
			}
			re, ok := AsRuleError(err)
			if !ok || re.Rule != tc.wantRule {
				t.Fatalf("got %v, want the rule %s", err, tc.wantRule)
			}
			if !strings.Contains(re.Error(), tc.wantRule) || re.Field == "" {
				t.Fatalf("error does not name the rule and field: %+v", re)
			}
		})
	}
}

func TestPounds(t *testing.T) {
	for in, want := range map[int64]string{0: "£0.00", 1: "£0.01", 2_799_999: "£27,999.99", 4_000_001: "£40,000.01", 123_456_789_00: "£123,456,789.00", -150: "-£1.50"} {
		if got := Pounds(in); got != want {
			t.Errorf("Pounds(%d) = %s, want %s", in, got, want)
		}
	}
}

func TestAgeAllowed(t *testing.T) {
	for _, tc := range []struct {
		min  int
		band string
		want bool
	}{
		{0, "", true}, {16, "16-24", true}, {16, "11-15", false}, {18, "16-24", false}, {16, "75+", true}, {16, "", false}, {16, "unknown", false},
	} {
		if got := AgeAllowed(tc.min, tc.band); got != tc.want {
			t.Errorf("AgeAllowed(%d, %q) = %v", tc.min, tc.band, got)
		}
	}
}

func TestNormaliseCodeAndHashes(t *testing.T) {
	c := NewVotingCode()
	if len(c) != 14 || NormaliseCode(strings.ToLower(strings.ReplaceAll(c, "-", " "))) != c {
		t.Fatalf("code %q does not survive retyping", c)
	}
	if CodeHash("s1", c) == CodeHash("s2", c) || IdentityHash("s", IdentityCode, c) == IdentityHash("s", IdentityUser, c) {
		t.Fatal("hashes must depend on the salt and the kind")
	}
	if IdentityHash("s", IdentityCode, strings.ToLower(c)) != IdentityHash("s", IdentityCode, c) {
		t.Fatal("a code typed in lower case is the same identity")
	}
	if PersonKey(" Ann  Smith", "1950-02-03", "ts24 7aa") != PersonKey("ann smith", "1950-02-03", "TS247AA") {
		t.Fatal("person keys must not depend on spacing and case")
	}
}
