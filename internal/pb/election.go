// Package pb reads and writes Pabulib participatory-budgeting files and runs
// the allocation rules of pabutools (greedy, Method of Equal Shares,
// sequential Phragmén, exact max welfare) with exact rational arithmetic.
//
// The package does no I/O of its own: callers pass io.Reader and io.Writer.
package pb

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// Vote types named in a file's META vote_type.
const (
	VoteApproval   = "approval"
	VoteChoose1    = "choose-1"
	VoteCumulative = "cumulative"
	VoteScoring    = "scoring"
	VoteOrdinal    = "ordinal"
)

// MetaEntry is one key;value row of the META section, kept in file order.
type MetaEntry struct {
	Key, Value string
}

// Project is one row of the PROJECTS section.
type Project struct {
	ID   string
	Cost *big.Rat
	// Cells holds every cell of the row, trimmed, aligned with
	// Election.ProjectColumns (so unknown columns survive a round trip).
	Cells []string
	Line  int
}

// Voter is one row of the VOTES section.
type Voter struct {
	ID string
	// Vote lists project ids as written (approval set, ranking, or the
	// projects given points).
	Vote []string
	// Points is parallel to Vote for cumulative and scoring ballots, nil
	// otherwise.
	Points []*big.Rat
	Cells  []string
	Line   int
}

// Election is a whole .pb file, faithful enough to be written back.
type Election struct {
	Meta           []MetaEntry
	ProjectColumns []string
	Projects       []Project
	VoteColumns    []string
	Voters         []Voter
	// Budget and VoteType are parsed from META.
	Budget   *big.Rat
	VoteType string
}

// MetaValue returns the META value for key ("" if absent).
func (e *Election) MetaValue(key string) string {
	for _, m := range e.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// IsCardinal reports whether ballots carry points (cumulative or scoring).
func (e *Election) IsCardinal() bool {
	return e.VoteType == VoteCumulative || e.VoteType == VoteScoring
}

// ProjectCell returns project p's cell in the named column, "" if absent.
func (e *Election) ProjectCell(p int, column string) string {
	for i, c := range e.ProjectColumns {
		if c == column && i < len(e.Projects[p].Cells) {
			return e.Projects[p].Cells[i]
		}
	}
	return ""
}

// Profile is the election resolved for the rules: projects by index,
// ballots as project indices.
type Profile struct {
	IDs    []string
	Costs  []*big.Rat
	Budget *big.Rat
	// Ballots[i] lists the projects voter i supports (approves, ranks or
	// gives points to), each once, in ballot order.
	Ballots [][]int32
	// Points[i] is parallel to Ballots[i] for cardinal ballots, nil otherwise.
	Points   [][]*big.Rat
	Cardinal bool
	// order lists project indices by id in code-point order: the
	// pabutools lexicographic tie-breaking order.
	order []int
	rank  []int // rank[p] = position of p in order
}

// Profile resolves ballots to project indices. It fails on duplicate
// project ids and on votes for projects that are not listed, naming the line.
func (e *Election) Profile() (*Profile, error) {
	if e.Budget == nil {
		return nil, fmt.Errorf("META: budget is missing")
	}
	pr := &Profile{Budget: e.Budget, Cardinal: e.IsCardinal()}
	index := make(map[string]int, len(e.Projects))
	pr.IDs = make([]string, 0, len(e.Projects))
	pr.Costs = make([]*big.Rat, 0, len(e.Projects))
	for i, p := range e.Projects {
		if first, dup := index[p.ID]; dup {
			return nil, fmt.Errorf("line %d: project id %q is used twice (first on line %d)", p.Line, p.ID, e.Projects[first].Line)
		}
		index[p.ID] = i
		pr.IDs = append(pr.IDs, p.ID)
		pr.Costs = append(pr.Costs, p.Cost)
	}
	pr.Ballots = make([][]int32, len(e.Voters))
	if pr.Cardinal {
		pr.Points = make([][]*big.Rat, len(e.Voters))
	}
	// All ballots share one backing array, each capped at its length, and
	// repeats are found with per-project marks instead of a map per voter:
	// large files have tens of thousands of ballots.
	total := 0
	for _, v := range e.Voters {
		total += len(v.Vote)
	}
	arena := make([]int32, 0, total)
	seenBy := make([]int, len(pr.IDs)) // voter index + 1 that last listed p
	seenAt := make([]int, len(pr.IDs)) // where p sits in that voter's ballot
	for vi, v := range e.Voters {
		vote := v.Vote
		if pr.Cardinal && len(v.Points) == 0 {
			// pabutools reads a cardinal ballot without points as empty.
			vote = nil
		}
		start := len(arena)
		var pts []*big.Rat
		for k, id := range vote {
			p, ok := index[id]
			if !ok {
				return nil, fmt.Errorf("line %d: voter %q votes for project %q, which is not in PROJECTS", v.Line, v.ID, id)
			}
			if seenBy[p] == vi+1 {
				// pabutools stores cardinal ballots in a dict: the last
				// points given to a project count.
				if pr.Cardinal && v.Points != nil {
					pts[seenAt[p]] = v.Points[k]
				}
				continue
			}
			seenBy[p] = vi + 1
			seenAt[p] = len(arena) - start
			arena = append(arena, int32(p))
			if pr.Cardinal {
				pt := new(big.Rat)
				if k < len(v.Points) {
					pt = v.Points[k]
				}
				pts = append(pts, pt)
			}
		}
		pr.Ballots[vi] = arena[start:len(arena):len(arena)]
		if pr.Cardinal {
			pr.Points[vi] = pts
		}
	}
	pr.order = make([]int, len(pr.IDs))
	for i := range pr.order {
		pr.order[i] = i
	}
	sort.Slice(pr.order, func(a, b int) bool { return pr.IDs[pr.order[a]] < pr.IDs[pr.order[b]] })
	pr.rank = make([]int, len(pr.IDs))
	for r, p := range pr.order {
		pr.rank[p] = r
	}
	return pr, nil
}

// NumVoters is the number of ballots, empty ones included.
func (pr *Profile) NumVoters() int { return len(pr.Ballots) }

// supporters returns, per project, the voters whose ballot lists it.
func (pr *Profile) supporters() [][]int32 {
	s := make([][]int32, len(pr.IDs))
	for i, b := range pr.Ballots {
		for _, p := range b {
			s[p] = append(s[p], int32(i))
		}
	}
	return s
}

// TotalCost sums the costs of the given projects.
func (pr *Profile) TotalCost(ps []int) *big.Rat {
	t := new(big.Rat)
	for _, p := range ps {
		t.Add(t, pr.Costs[p])
	}
	return t
}

// FormatRat writes an exact number as a decimal string when it has a finite
// decimal expansion, and as "a/b" otherwise.
func FormatRat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	d := new(big.Int).Set(r.Denom())
	digits := 0
	two, five := big.NewInt(2), big.NewInt(5)
	m := new(big.Int)
	for {
		if m.Mod(d, two).Sign() == 0 {
			d.Quo(d, two)
		} else if m.Mod(d, five).Sign() == 0 {
			d.Quo(d, five)
		} else {
			break
		}
		digits++
	}
	if d.Cmp(big.NewInt(1)) != 0 {
		return r.RatString()
	}
	s := r.FloatString(digits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
