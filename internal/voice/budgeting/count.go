package budgeting

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/pb"
)

// CastBallot is a counted ballot: its pot and choices, nothing about who
// cast it.
type CastBallot struct {
	PotID   int64
	Choices Choices
}

// Outcome is the count of a closed process.
type Outcome struct {
	Rule Rule `json:"rule"`
	// Winners lists the funded project ids of every pot, in the order the
	// rule funded them, pot after pot.
	Winners    []string     `json:"winners"`
	TotalPence int64        `json:"total_pence"`
	Ballots    int          `json:"ballots"`
	Pots       []PotOutcome `json:"pots"`
}

// PotOutcome is one pot's count.
type PotOutcome struct {
	PotID      int64    `json:"pot_id,omitempty"`
	Winners    []string `json:"winners"`
	TotalPence int64    `json:"total_pence"`
	Ballots    int      `json:"ballots"`
	// TieBreakDecided: the published tie-break policy changed the outcome
	// compared with pabutools' default (lowest project id), so a recount
	// of the .pb with `placeboard pb allocate` breaks that tie the other way.
	TieBreakDecided bool `json:"tie_break_decided,omitempty"`
	// BallotsSHA256 is the SHA-256 of the pot's anonymised ballots file
	// (ExportPB), set by Recount.
	BallotsSHA256 string `json:"ballots_sha256,omitempty"`
	// Explanation says why each project won or lost (MES and greedy).
	Explanation *pb.Explanation `json:"explanation,omitempty"`
}

// pbOptions maps a rule to internal/pb's options. The recount command in
// RecountCommand must say the same.
func pbOptions(r Rule) pb.Options {
	switch r {
	case RuleGreedy:
		return pb.Options{Rule: pb.RuleGreedy, Utility: pb.UtilityCost, Completion: pb.CompletionNone}
	case RulePhragmen:
		return pb.Options{Rule: pb.RulePhragmen, Completion: pb.CompletionNone}
	default:
		return pb.Options{Rule: pb.RuleMES, Utility: pb.UtilityCost, Completion: pb.CompletionAdd1}
	}
}

// RecountCommand is the one-line command anyone can run on the published
// .pb file to get the published winners.
func RecountCommand(r Rule, file string) string {
	switch r {
	case RuleGreedy:
		return "placeboard pb allocate " + file + " --rule greedy"
	case RulePhragmen:
		return "placeboard pb allocate " + file + " --rule phragmen"
	}
	return "placeboard pb allocate " + file + " --rule mes --completion add1"
}

// LotOrder ranks projects by the published lot: the SHA-256 of the lot,
// a colon and the project id, smallest first. Anyone can recompute it.
func LotOrder(lot, code string) string {
	s := sha256.Sum256([]byte(lot + ":" + code))
	return hex.EncodeToString(s[:])
}

// TieBreakOrder lists a pot's ballot projects in the published tie-break
// order: lowest cost first, then most votes (supporters), then the lot.
func (p *Process) TieBreakOrder(potID int64, ballots []CastBallot) []Project {
	projects := p.Ballot(potID)
	votes := supporters(projects, potID, ballots)
	sort.SliceStable(projects, func(i, j int) bool {
		a, b := projects[i], projects[j]
		if a.CostPence != b.CostPence {
			return a.CostPence < b.CostPence
		}
		if votes[a.Code] != votes[b.Code] {
			return votes[a.Code] > votes[b.Code]
		}
		return LotOrder(p.Lot, a.Code) < LotOrder(p.Lot, b.Code)
	})
	return projects
}

func supporters(projects []Project, potID int64, ballots []CastBallot) map[string]int {
	votes := make(map[string]int, len(projects))
	for _, b := range ballots {
		if len(projects) > 0 && b.PotID != potID {
			continue
		}
		for _, c := range b.Choices.Projects {
			votes[c]++
		}
		for c := range b.Choices.Points {
			votes[c]++
		}
	}
	return votes
}

// Count computes the outcome of every pot with internal/pb, applying the
// published tie-break policy: each project is given, for the count only,
// an id whose code-point order is the tie-break order, so the rules'
// "smallest id wins a tie" becomes "cheapest, then most votes, then lot".
func (p *Process) Count(ballots []CastBallot) (*Outcome, error) {
	out := &Outcome{Rule: p.Rule, Winners: []string{}}
	for _, potID := range p.PotIDs() {
		po, err := p.countPot(potID, ballots)
		if err != nil {
			return nil, err
		}
		out.Pots = append(out.Pots, *po)
		out.Winners = append(out.Winners, po.Winners...)
		out.TotalPence += po.TotalPence
		out.Ballots += po.Ballots
	}
	return out, nil
}

func (p *Process) countPot(potID int64, ballots []CastBallot) (*PotOutcome, error) {
	mine := make([]CastBallot, 0, len(ballots))
	for _, b := range ballots {
		if len(p.Pots) == 0 || b.PotID == potID {
			mine = append(mine, b)
		}
	}
	order := p.TieBreakOrder(potID, mine)
	alias := make(map[string]string, len(order)) // code → tie-break id
	code := make(map[string]string, len(order))  // tie-break id → code
	for i, pr := range order {
		id := fmt.Sprintf("t%06d", i)
		alias[pr.Code] = id
		code[id] = pr.Code
	}
	opt := pbOptions(p.Rule)
	opt.Explain = opt.Rule != pb.RulePhragmen
	run := func(rename func(string) string) (*pb.Result, *pb.Profile, error) {
		e := p.election(potID, order, mine, rename)
		pr, err := e.Profile()
		if err != nil {
			return nil, nil, err
		}
		res, err := pb.Allocate(pr, opt)
		return res, pr, err
	}
	res, pr, err := run(func(c string) string { return alias[c] })
	if err != nil {
		return nil, fmt.Errorf("count pot %d: %w", potID, err)
	}
	po := &PotOutcome{PotID: potID, Ballots: len(mine), Winners: []string{}}
	costOf := map[string]int64{}
	for _, pr := range order {
		costOf[pr.Code] = pr.CostPence
	}
	for _, id := range pr.IDsOf(res.Winners) {
		po.Winners = append(po.Winners, code[id])
		po.TotalPence += costOf[code[id]]
	}
	if res.Explanation != nil {
		po.Explanation = renameExplanation(res.Explanation, code)
	}
	// Would pabutools' own tie rule (smallest id) have chosen otherwise?
	opt.Explain = false
	plain, ppr, err := run(func(c string) string { return c })
	if err != nil {
		return nil, fmt.Errorf("count pot %d: %w", potID, err)
	}
	po.TieBreakDecided = !sameSet(ppr.IDsOf(plain.Winners), po.Winners)
	return po, nil
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func renameExplanation(ex *pb.Explanation, code map[string]string) *pb.Explanation {
	pairs := make([]string, 0, 2*len(code))
	for id, c := range code {
		pairs = append(pairs, id, c)
	}
	r := strings.NewReplacer(pairs...)
	out := &pb.Explanation{Summary: r.Replace(ex.Summary)}
	for _, x := range ex.Projects {
		x.ID = code[x.ID]
		if x.BeatenBy != "" {
			x.BeatenBy = code[x.BeatenBy]
		}
		x.Text = r.Replace(x.Text)
		out.Projects = append(out.Projects, x)
	}
	return out
}

// penceRat is an amount of pence as an exact number of pounds.
func penceRat(p int64) *big.Rat { return big.NewRat(p, 100) }

// voteType is the .pb vote_type of the ballot type.
func (p *Process) voteType() string {
	switch p.BallotType {
	case BallotPoints:
		return pb.VoteCumulative
	case BallotRanking:
		return pb.VoteOrdinal
	}
	return pb.VoteApproval
}

// election builds a pot's ballots as a Pabulib election, with project ids
// passed through rename.
func (p *Process) election(potID int64, projects []Project, ballots []CastBallot, rename func(string) string) *pb.Election {
	e := &pb.Election{Budget: penceRat(p.Budget(potID)), VoteType: p.voteType(),
		ProjectColumns: []string{"project_id", "cost", "name"}, VoteColumns: []string{"voter_id", "vote"}}
	if p.BallotType == BallotPoints {
		e.VoteColumns = append(e.VoteColumns, "points")
	}
	for _, pr := range projects {
		id := rename(pr.Code)
		e.Projects = append(e.Projects, pb.Project{ID: id, Cost: penceRat(pr.CostPence),
			Cells: []string{id, pb.FormatRat(penceRat(pr.CostPence)), pr.Title}})
	}
	for i, b := range ballots {
		v := pb.Voter{ID: strconv.Itoa(i + 1)}
		if p.BallotType == BallotPoints {
			codes := make([]string, 0, len(b.Choices.Points))
			for c := range b.Choices.Points {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			for _, c := range codes {
				v.Vote = append(v.Vote, rename(c))
				v.Points = append(v.Points, big.NewRat(int64(b.Choices.Points[c]), 1))
			}
		} else {
			for _, c := range b.Choices.Projects {
				v.Vote = append(v.Vote, rename(c))
			}
		}
		e.Voters = append(e.Voters, v)
	}
	e.Meta = p.exportMeta(potID, len(projects), len(ballots))
	return e
}

// pbRule is the META rule value of the process's rule.
func (p *Process) pbRule() string {
	switch p.Rule {
	case RuleGreedy:
		return "greedy"
	case RulePhragmen:
		return "phragmen"
	}
	return "equalshares/add1"
}

func (p *Process) exportMeta(potID int64, projects, votes int) []pb.MetaEntry {
	set := map[string]string{
		"num_projects": strconv.Itoa(projects),
		"num_votes":    strconv.Itoa(votes),
		"budget":       pb.FormatRat(penceRat(p.Budget(potID))),
		"vote_type":    p.voteType(),
		"rule":         p.pbRule(),
	}
	var meta []pb.MetaEntry
	done := map[string]bool{}
	for _, kv := range p.SourceMeta {
		k := kv[0]
		if v, ok := set[k]; ok {
			meta = append(meta, pb.MetaEntry{Key: k, Value: v})
			done[k] = true
			continue
		}
		switch k {
		case "min_length", "max_length", "max_sum_cost", "min_sum_cost", "max_sum_points", "min_points", "max_points", "min_sum_points":
			// the process's own limits are written below
			continue
		}
		meta = append(meta, pb.MetaEntry{Key: k, Value: kv[1]})
		done[k] = true
	}
	add := func(k, v string) {
		if !done[k] {
			meta = append(meta, pb.MetaEntry{Key: k, Value: v})
			done[k] = true
		}
	}
	add("description", p.Title)
	add("country", "United Kingdom")
	add("unit", p.Title)
	add("instance", strconv.FormatInt(p.ID, 10))
	for _, k := range []string{"num_projects", "num_votes", "budget", "vote_type", "rule"} {
		add(k, set[k])
	}
	add("currency", "GBP")
	add("date_begin", datePart(p.OpenedAt))
	add("date_end", datePart(p.ClosedAt))
	add("tie_break", TieBreakPolicy)
	add("tie_break_lot", p.Lot)
	switch p.BallotType {
	case BallotApproval, BallotRanking:
		if p.MinProjects > 0 {
			add("min_length", strconv.Itoa(p.MinProjects))
		}
		if p.MaxProjects > 0 {
			add("max_length", strconv.Itoa(p.MaxProjects))
		}
	case BallotKnapsack:
		add("min_sum_cost", pb.FormatRat(penceRat(p.MinSpendPence(potID))))
		add("max_sum_cost", pb.FormatRat(penceRat(p.Budget(potID))))
	case BallotPoints:
		if p.MaxPoints > 0 {
			add("max_sum_points", strconv.Itoa(p.MaxPoints))
		}
	}
	return meta
}

func datePart(t string) string {
	if len(t) >= 10 {
		return t[:10]
	}
	return "none"
}

// ExportPB writes a pot's anonymised ballots as a Pabulib .pb file, with
// the projects' real ids: voters are numbered 1..n in the order given
// (callers pass an order unrelated to the time of voting). It returns the
// file and its SHA-256 in hex.
func (p *Process) ExportPB(potID int64, ballots []CastBallot) ([]byte, string, error) {
	var mine []CastBallot
	for _, b := range ballots {
		if len(p.Pots) == 0 || b.PotID == potID {
			mine = append(mine, b)
		}
	}
	e := p.election(potID, p.Ballot(potID), mine, func(c string) string { return c })
	var buf bytes.Buffer
	if err := pb.Write(&buf, e); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}
