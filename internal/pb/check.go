package pb

import (
	"fmt"
	"math/big"
	"strconv"
)

// Issue is one problem found by Check, in the spirit of the Pabulib checker.
type Issue struct {
	Kind    string `json:"kind"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (i Issue) String() string {
	if i.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", i.Line, i.Kind, i.Message)
	}
	return fmt.Sprintf("%s: %s", i.Kind, i.Message)
}

// Issue kinds.
const (
	IssueBudgetExceeded   = "selected over budget"
	IssueDuplicateProject = "duplicate project id"
	IssueDuplicateVoter   = "duplicate voter id"
	IssueUnknownProject   = "vote for unknown project"
	IssueDuplicateInVote  = "project repeated in a vote"
	IssueBallotLength     = "ballot length outside limits"
	IssuePoints           = "points outside limits"
	IssueSumPoints        = "total points outside limits"
	IssueSumCost          = "ballot cost over limit"
	IssueCount            = "count disagrees with votes"
	IssuePointsMismatch   = "points do not match vote"
)

// Check reports what the Pabulib checker reports: selected projects over
// budget, duplicate ids, votes for unknown projects, ballots outside the
// META length, points or cost limits, and META or PROJECTS counts that
// disagree with the votes.
func Check(e *Election) []Issue {
	var issues []Issue
	add := func(kind string, line int, format string, args ...any) {
		issues = append(issues, Issue{Kind: kind, Line: line, Message: fmt.Sprintf(format, args...)})
	}

	index := map[string]int{}
	for i, p := range e.Projects {
		if first, dup := index[p.ID]; dup {
			add(IssueDuplicateProject, p.Line, "project %q is listed twice (first on line %d)", p.ID, e.Projects[first].Line)
			continue
		}
		index[p.ID] = i
	}

	// Selected projects (selected = 1) must fit in the budget; 2 and 3 mark
	// projects funded by special rules or reserve money.
	if indexOf(e.ProjectColumns, "selected") >= 0 && e.Budget != nil {
		total := new(big.Rat)
		for i := range e.Projects {
			if e.ProjectCell(i, "selected") == "1" {
				total.Add(total, e.Projects[i].Cost)
			}
		}
		if total.Cmp(e.Budget) > 0 {
			add(IssueBudgetExceeded, 0, "selected projects cost %s but the budget is %s", FormatRat(total), FormatRat(e.Budget))
		}
	}

	metaInt := func(key string) (int, bool) {
		v := e.MetaValue(key)
		if v == "" || isNone(v) {
			return 0, false
		}
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	metaRat := func(key string) *big.Rat {
		v := e.MetaValue(key)
		if v == "" || isNone(v) {
			return nil
		}
		r, ok := parseNumber(v, true)
		if !ok {
			return nil
		}
		return r
	}
	if n, ok := metaInt("num_projects"); ok && n != len(e.Projects) {
		add(IssueCount, 0, "META num_projects is %d but PROJECTS lists %d", n, len(e.Projects))
	}
	if n, ok := metaInt("num_votes"); ok && n != len(e.Voters) {
		add(IssueCount, 0, "META num_votes is %d but VOTES has %d rows", n, len(e.Voters))
	}
	minLen, hasMinLen := metaInt("min_length")
	maxLen, hasMaxLen := metaInt("max_length")
	minPts, maxPts := metaRat("min_points"), metaRat("max_points")
	minSum, maxSum := metaRat("min_sum_points"), metaRat("max_sum_points")
	maxSumCost := metaRat("max_sum_cost")

	voterSeen := map[string]int{}
	approvals := make([]int, len(e.Projects))
	points := make([]*big.Rat, len(e.Projects))
	for i := range points {
		points[i] = new(big.Rat)
	}
	cardinal := e.IsCardinal()
	for _, v := range e.Voters {
		if first, dup := voterSeen[v.ID]; dup {
			add(IssueDuplicateVoter, v.Line, "voter %q appears twice (first on line %d)", v.ID, first)
		} else {
			voterSeen[v.ID] = v.Line
		}
		if cardinal && v.Points != nil && len(v.Points) != len(v.Vote) {
			add(IssuePointsMismatch, v.Line, "voter %q lists %d projects and %d points", v.ID, len(v.Vote), len(v.Points))
		}
		inVote := map[string]bool{}
		cost := new(big.Rat)
		sum := new(big.Rat)
		for k, id := range v.Vote {
			if inVote[id] {
				add(IssueDuplicateInVote, v.Line, "voter %q lists project %q more than once", v.ID, id)
				continue
			}
			inVote[id] = true
			p, ok := index[id]
			if !ok {
				add(IssueUnknownProject, v.Line, "voter %q votes for project %q, which is not in PROJECTS", v.ID, id)
				continue
			}
			approvals[p]++
			cost.Add(cost, e.Projects[p].Cost)
			if cardinal && k < len(v.Points) {
				pt := v.Points[k]
				points[p].Add(points[p], pt)
				sum.Add(sum, pt)
				if minPts != nil && pt.Cmp(minPts) < 0 {
					add(IssuePoints, v.Line, "voter %q gives %s points to %q, below min_points %s", v.ID, FormatRat(pt), id, FormatRat(minPts))
				}
				if maxPts != nil && pt.Cmp(maxPts) > 0 {
					add(IssuePoints, v.Line, "voter %q gives %s points to %q, above max_points %s", v.ID, FormatRat(pt), id, FormatRat(maxPts))
				}
			}
		}
		n := len(v.Vote)
		if hasMinLen && n < minLen {
			add(IssueBallotLength, v.Line, "voter %q chose %d projects, fewer than min_length %d", v.ID, n, minLen)
		}
		if hasMaxLen && n > maxLen {
			add(IssueBallotLength, v.Line, "voter %q chose %d projects, more than max_length %d", v.ID, n, maxLen)
		}
		if e.VoteType == VoteChoose1 && n > 1 {
			add(IssueBallotLength, v.Line, "voter %q chose %d projects in a choose-1 vote", v.ID, n)
		}
		if maxSumCost != nil && cost.Cmp(maxSumCost) > 0 {
			add(IssueSumCost, v.Line, "voter %q chose projects costing %s, over max_sum_cost %s", v.ID, FormatRat(cost), FormatRat(maxSumCost))
		}
		if cardinal {
			if minSum != nil && sum.Cmp(minSum) < 0 {
				add(IssueSumPoints, v.Line, "voter %q gives %s points in total, below min_sum_points %s", v.ID, FormatRat(sum), FormatRat(minSum))
			}
			if maxSum != nil && sum.Cmp(maxSum) > 0 {
				add(IssueSumPoints, v.Line, "voter %q gives %s points in total, above max_sum_points %s", v.ID, FormatRat(sum), FormatRat(maxSum))
			}
		}
	}

	votesCol := indexOf(e.ProjectColumns, "votes")
	scoreCol := indexOf(e.ProjectColumns, "score")
	for i, p := range e.Projects {
		if votesCol >= 0 && votesCol < len(p.Cells) && p.Cells[votesCol] != "" && !isNone(p.Cells[votesCol]) {
			if n, err := strconv.Atoi(p.Cells[votesCol]); err != nil || n != approvals[i] {
				add(IssueCount, p.Line, "project %q has votes %s but %d ballots list it", p.ID, p.Cells[votesCol], approvals[i])
			}
		}
		if cardinal && scoreCol >= 0 && scoreCol < len(p.Cells) && p.Cells[scoreCol] != "" && !isNone(p.Cells[scoreCol]) {
			if s, ok := parseNumber(p.Cells[scoreCol], true); !ok || s.Cmp(points[i]) != 0 {
				add(IssueCount, p.Line, "project %q has score %s but the ballots give it %s points", p.ID, p.Cells[scoreCol], FormatRat(points[i]))
			}
		}
	}
	return issues
}
