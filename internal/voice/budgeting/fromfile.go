package budgeting

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/placeboard/placeboard/internal/pb"
	"github.com/placeboard/placeboard/internal/validation"
)

// ToPence converts an exact amount of pounds to pence, refusing fractions
// of a penny and amounts beyond int64.
func ToPence(r *big.Rat) (int64, error) {
	if r == nil {
		return 0, fmt.Errorf("no amount")
	}
	x := new(big.Rat).Mul(r, big.NewRat(100, 1))
	if !x.IsInt() {
		return 0, fmt.Errorf("%s is not a whole number of pence", pb.FormatRat(r))
	}
	if !x.Num().IsInt64() || x.Sign() < 0 {
		return 0, fmt.Errorf("%s is out of range", pb.FormatRat(r))
	}
	return x.Num().Int64(), nil
}

// FromElection makes a draft process from a Pabulib file's projects,
// costs, budget and vote type: every project is on the ballot (reviewed
// feasible, "listed in the source file"), the ballot limits come from META
// (min_length, max_length, max_sum_points), and the rule is greedy when
// the file says the city counted greedily, MES with add1 otherwise.
// Voting is by one-time codes. Problems name the META key or project line.
func FromElection(e *pb.Election, partnershipID int64) (*Process, error) {
	var v validation.Errors
	p := &Process{PartnershipID: partnershipID, Status: StatusDraft, UseCodes: true, Rule: RuleMESAdd1}
	p.Title = firstNonEmpty(e.MetaValue("description"), strings.TrimSpace(e.MetaValue("unit")+" "+e.MetaValue("instance")), "Participatory budget")
	if len([]rune(p.Title)) > maxTitle {
		p.Title = string([]rune(p.Title)[:maxTitle])
	}
	if c := e.MetaValue("comment"); c != "" {
		p.Description = c
	}
	budget, err := ToPence(e.Budget)
	if err != nil {
		v.Add("meta.budget", "budget: "+err.Error())
	}
	p.PotPence = budget
	if strings.HasPrefix(strings.ToLower(e.MetaValue("rule")), "greedy") {
		p.Rule = RuleGreedy
	}
	atoi := func(key string) int {
		s := e.MetaValue(key)
		if s == "" || strings.EqualFold(s, "none") {
			return 0
		}
		f, ok := new(big.Rat).SetString(s)
		if !ok || !f.IsInt() || !f.Num().IsInt64() || f.Num().Int64() < 0 || f.Num().Int64() > 1<<30 {
			v.Add("meta."+key, fmt.Sprintf("%s must be a whole number, not %q", key, s))
			return 0
		}
		return int(f.Num().Int64())
	}
	switch e.VoteType {
	case pb.VoteApproval:
		p.BallotType = BallotApproval
		p.MinProjects, p.MaxProjects = atoi("min_length"), atoi("max_length")
	case pb.VoteChoose1:
		p.BallotType = BallotApproval
		p.MaxProjects = 1
	case pb.VoteCumulative, pb.VoteScoring:
		p.BallotType = BallotPoints
		p.MaxPoints = atoi("max_sum_points")
		p.MaxPointsPerProject = atoi("max_points")
		if p.Rule == RulePhragmen {
			p.Rule = RuleMESAdd1
		}
	case pb.VoteOrdinal:
		p.BallotType = BallotRanking
		p.MinProjects, p.MaxProjects = atoi("min_length"), atoi("max_length")
	default:
		v.Add("meta.vote_type", fmt.Sprintf("vote type %q is not one placeboard runs", e.VoteType))
	}
	if p.MaxProjects > 0 && p.MinProjects > p.MaxProjects {
		p.MinProjects = 0
	}
	yes := true
	for _, pr := range e.Projects {
		cost, err := ToPence(pr.Cost)
		if err != nil {
			v.Add(fmt.Sprintf("line %d: cost", pr.Line), err.Error())
		}
		if msg := CodeProblem(pr.ID); msg != "" {
			v.Add(fmt.Sprintf("line %d: project_id", pr.Line), msg)
		}
		title := e.ProjectCell(len(p.Projects), "name")
		if title == "" {
			title = "Project " + pr.ID
		}
		p.Projects = append(p.Projects, Project{Code: pr.ID, Title: title, CostPence: cost,
			Description: e.ProjectCell(len(p.Projects), "description"),
			Feasible:    &yes, FeasibilityReason: "listed in the source file"})
	}
	for _, m := range e.Meta {
		p.SourceMeta = append(p.SourceMeta, [2]string{m.Key, m.Value})
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// ChoicesFromVoter turns a .pb voter row into choices, as a voter would
// cast them (for loading and testing real elections).
func ChoicesFromVoter(v pb.Voter) (Choices, error) {
	if v.Points == nil {
		return Choices{Projects: append([]string{}, v.Vote...)}, nil
	}
	c := Choices{Points: map[string]int{}}
	for i, id := range v.Vote {
		pt := v.Points[i]
		if !pt.IsInt() || !pt.Num().IsInt64() || pt.Num().Int64() > 1<<30 {
			return Choices{}, fmt.Errorf("voter %s: points %s are not a whole number", v.ID, pb.FormatRat(pt))
		}
		c.Points[id] = int(pt.Num().Int64())
	}
	return c, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return strings.TrimSpace(x)
		}
	}
	return ""
}
