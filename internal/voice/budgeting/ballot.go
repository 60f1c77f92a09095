package budgeting

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// Choices is what a voter chose: Projects (approval and knapsack: a set;
// ranking: most preferred first) or Points (points ballots).
type Choices struct {
	Projects []string       `json:"projects,omitempty"`
	Points   map[string]int `json:"points,omitempty"`
}

// Rule names a ballot can break; a refused ballot names one (422).
const (
	RuleUnknownProject   = "unknown_project"
	RuleDuplicateProject = "duplicate_project"
	RuleMinProjects      = "min_projects"
	RuleMaxProjects      = "max_projects"
	RuleMinSpend         = "min_spend"
	RuleMaxSpend         = "max_spend"
	RuleMaxPoints        = "max_points"
	RuleMaxPerProject    = "max_points_per_project"
	RulePointsPositive   = "points_positive"
	RuleBallotShape      = "ballot_type"
)

// RuleError is a ballot that breaks one of the process's published rules.
// Field is where in the request body the problem lies.
type RuleError struct {
	Rule    string
	Field   string
	Message string
}

func (e *RuleError) Error() string { return "ballot breaks the rule " + e.Rule + ": " + e.Message }

// AsRuleError finds a *RuleError in err.
func AsRuleError(err error) (*RuleError, bool) {
	var re *RuleError
	ok := errors.As(err, &re)
	return re, ok
}

func broken(rule, field, format string, args ...any) error {
	return &RuleError{Rule: rule, Field: field, Message: fmt.Sprintf(format, args...)}
}

// pounds writes pence as £1,234.56.
func pounds(p int64) string {
	neg := p < 0
	if neg {
		p = -p
	}
	whole := fmt.Sprint(p / 100)
	var b []byte
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, whole[i])
	}
	s := fmt.Sprintf("£%s.%02d", b, p%100)
	if neg {
		s = "-" + s
	}
	return s
}

// Pounds writes an amount of pence as pounds for people: £1,234.56.
func Pounds(p int64) string { return pounds(p) }

// CheckBallot checks a ballot against the process's published rules for
// the voter's pot (0: the only pot), and returns the choices in canonical
// form (approval and knapsack sets sorted by project id; points without
// zero entries are refused). The error is a *RuleError naming the rule.
func (p *Process) CheckBallot(potID int64, c Choices) (Choices, error) {
	onBallot := map[string]Project{}
	for _, pr := range p.Ballot(potID) {
		onBallot[pr.Code] = pr
	}
	if p.BallotType == BallotPoints {
		if len(c.Projects) > 0 {
			return Choices{}, broken(RuleBallotShape, "projects", "this process uses points ballots: give points, not a list of projects")
		}
		total := 0
		codes := make([]string, 0, len(c.Points))
		for code, n := range c.Points {
			if _, ok := onBallot[code]; !ok {
				return Choices{}, broken(RuleUnknownProject, "points."+code, "project %q is not on this ballot", code)
			}
			if n <= 0 {
				return Choices{}, broken(RulePointsPositive, "points."+code, "give a project at least 1 point, or leave it out")
			}
			if p.MaxPointsPerProject > 0 && n > p.MaxPointsPerProject {
				return Choices{}, broken(RuleMaxPerProject, "points."+code, "at most %d points may go to one project", p.MaxPointsPerProject)
			}
			total += n
			if total > 1<<30 {
				return Choices{}, broken(RuleMaxPoints, "points", "too many points")
			}
			codes = append(codes, code)
		}
		if p.MaxPoints > 0 && total > p.MaxPoints {
			return Choices{}, broken(RuleMaxPoints, "points", "you gave %d points; at most %d may be given", total, p.MaxPoints)
		}
		if len(codes) == 0 && p.MinProjects > 0 {
			return Choices{}, broken(RuleMinProjects, "points", "give points to at least %d projects", p.MinProjects)
		}
		out := Choices{Points: make(map[string]int, len(codes))}
		for _, code := range codes {
			out.Points[code] = c.Points[code]
		}
		return out, nil
	}
	if len(c.Points) > 0 {
		return Choices{}, broken(RuleBallotShape, "points", "this process uses %s ballots: list projects, do not give points", p.BallotType)
	}
	seen := map[string]bool{}
	var spend int64
	for i, code := range c.Projects {
		pr, ok := onBallot[code]
		if !ok {
			return Choices{}, broken(RuleUnknownProject, fmt.Sprintf("projects[%d]", i), "project %q is not on this ballot", code)
		}
		if seen[code] {
			return Choices{}, broken(RuleDuplicateProject, fmt.Sprintf("projects[%d]", i), "project %q is chosen twice", code)
		}
		seen[code] = true
		spend += pr.CostPence
	}
	n := len(c.Projects)
	switch p.BallotType {
	case BallotApproval, BallotRanking:
		if p.MinProjects > 0 && n < p.MinProjects {
			return Choices{}, broken(RuleMinProjects, "projects", "choose at least %d projects (you chose %d)", p.MinProjects, n)
		}
		if p.MaxProjects > 0 && n > p.MaxProjects {
			return Choices{}, broken(RuleMaxProjects, "projects", "choose at most %d projects (you chose %d)", p.MaxProjects, n)
		}
	case BallotKnapsack:
		budget := p.Budget(potID)
		if spend > budget {
			return Choices{}, broken(RuleMaxSpend, "projects", "your projects cost %s, more than the pot of %s", pounds(spend), pounds(budget))
		}
		if min := p.MinSpendPence(potID); spend < min {
			return Choices{}, broken(RuleMinSpend, "projects", "your projects cost %s; spend at least %s (%d%% of the pot of %s)",
				pounds(spend), pounds(min), p.ThresholdPercent, pounds(budget))
		}
	}
	out := Choices{Projects: append([]string(nil), c.Projects...)}
	if p.BallotType != BallotRanking {
		sort.Strings(out.Projects)
	}
	if out.Projects == nil {
		out.Projects = []string{}
	}
	return out, nil
}

// Encode writes the choices as stored (JSON).
func (c Choices) Encode() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// DecodeChoices reads stored choices.
func DecodeChoices(s string) (Choices, error) {
	var c Choices
	err := json.Unmarshal([]byte(s), &c)
	return c, err
}
