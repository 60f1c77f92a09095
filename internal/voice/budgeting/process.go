// Package budgeting is participatory budgeting inside placeboard (issue 15),
// part of the Voice module: processes with pots and projects, the published
// rules a ballot must keep, one vote per person, the count at the close
// (through internal/pb) and the anonymised Pabulib export anyone can
// recount. It imports no net/http, database/sql or store: the store
// satisfies the small interfaces declared here (docs/pb-process.md).
package budgeting

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/placeboard/placeboard/internal/validation"
)

// Status is where a process is in its life.
type Status string

// Statuses. A process is set up in draft, published and frozen when it
// opens, and counted when it closes.
const (
	StatusDraft  Status = "draft"
	StatusOpen   Status = "open"
	StatusClosed Status = "closed"
)

// BallotType is the kind of ballot voters fill in.
type BallotType string

// Ballot types.
const (
	// BallotApproval: tick between MinProjects and MaxProjects projects.
	BallotApproval BallotType = "approval"
	// BallotKnapsack: choose projects whose costs add up to at least
	// ThresholdPercent of the pot and never more than the pot.
	BallotKnapsack BallotType = "knapsack"
	// BallotPoints: share up to MaxPoints points (cumulative voting), at
	// most MaxPointsPerProject on one project.
	BallotPoints BallotType = "points"
	// BallotRanking: rank between MinProjects and MaxProjects projects,
	// most preferred first.
	BallotRanking BallotType = "ranking"
)

// BallotTypes lists the ballot types.
var BallotTypes = []BallotType{BallotApproval, BallotKnapsack, BallotPoints, BallotRanking}

// Rule is the counting rule, published before voting opens.
type Rule string

// Rules (internal/pb computes each exactly as pabutools does).
const (
	RuleMESAdd1  Rule = "mes-add1" // Method of Equal Shares with add1 completion (the default)
	RuleGreedy   Rule = "greedy"   // greedy by number of supporters
	RulePhragmen Rule = "phragmen" // sequential Phragmén
)

// Rules lists the counting rules.
var Rules = []Rule{RuleMESAdd1, RuleGreedy, RulePhragmen}

// TieBreakPolicy is the one tie-break policy, published with every process:
// among tied projects the cheapest wins, then the one with most votes,
// then the one first in the lot drawn (and published) when voting opened.
const TieBreakPolicy = "lowest cost, then most votes, then the lot drawn when voting opened"

// Channels a ballot arrives by.
const (
	ChannelOnline   = "online"
	ChannelCode     = "code"
	ChannelPaper    = "paper"
	ChannelAssisted = "assisted"
)

// Process is a participatory budget: its published rules, pots and
// projects.
type Process struct {
	ID            int64
	PartnershipID int64
	Title         string
	Description   string
	// AreaType and AreaCode: where eligible residents live ("" when the
	// process has no residence rule).
	AreaType string
	AreaCode string
	// PotPence is the money to share, in pence. With Pots, each pot has its
	// own budget and PotPence is their sum.
	PotPence   int64
	Pots       []Pot
	Rule       Rule
	BallotType BallotType
	// MinProjects and MaxProjects bound approval and ranking ballots (0 =
	// no bound).
	MinProjects int
	MaxProjects int
	// ThresholdPercent: a knapsack ballot must spend at least this share of
	// the pot (Decidim's default is 70).
	ThresholdPercent int
	// MaxPoints and MaxPointsPerProject bound points ballots (0 = no bound).
	MaxPoints           int
	MaxPointsPerProject int
	// Eligibility.
	MinAge       int
	UseCodes     bool
	UseResidence bool
	UseAssisted  bool
	// Lot is drawn when voting opens and published: the last tie-break.
	Lot string
	// Salt keys the identity, code and receipt hashes. It is secret: no
	// door may show it.
	Salt   string
	Status Status
	// OpenedAt and ClosedAt are RFC 3339 times ("" until then).
	OpenedAt  string
	ClosedAt  string
	CreatedAt string
	Projects  []Project
	// SourceMeta keeps the META rows of the .pb file the process was made
	// from (for a faithful export); empty for processes made by hand.
	SourceMeta [][2]string
}

// VisibleTo reports whether a viewer sees the process at all: a draft
// only to those who may manage it (canManage), anything else to everyone.
// The web's pages and list and the API's reads ask this one rule.
func (p *Process) VisibleTo(canManage bool) bool { return canManage || p.Status != StatusDraft }

// Pot is a budget for one area with its own eligible residents.
type Pot struct {
	ID       int64
	Name     string
	AreaType string
	AreaCode string
	PotPence int64
}

// Project is one project and its feasibility review.
type Project struct {
	ID int64
	// Code is the project's id on ballots and in .pb files ("p1").
	Code        string
	Title       string
	Description string
	CostPence   int64
	// PotID is the pot it belongs to (0: the process's only pot).
	PotID int64
	// Feasible is nil until reviewed; only feasible projects are on the
	// ballot. FeasibilityReason says why (shown publicly).
	Feasible          *bool
	FeasibilityReason string
}

// OnBallot reports whether the project is on the ballot.
func (p Project) OnBallot() bool { return p.Feasible != nil && *p.Feasible }

// Open reports whether ballots are taken.
func (p *Process) Open() bool { return p.Status == StatusOpen }

// Ballot lists the projects on the ballot of a pot (0: every pot), in the
// order staff entered them.
func (p *Process) Ballot(potID int64) []Project {
	var out []Project
	for _, pr := range p.Projects {
		if pr.OnBallot() && (potID == 0 || pr.PotID == potID) {
			out = append(out, pr)
		}
	}
	return out
}

// Budget is the money of a pot in pence (0: the whole process).
func (p *Process) Budget(potID int64) int64 {
	for _, pt := range p.Pots {
		if pt.ID == potID {
			return pt.PotPence
		}
	}
	return p.PotPence
}

// PotIDs lists the pots to count: the pots' IDs, or 0 alone.
func (p *Process) PotIDs() []int64 {
	if len(p.Pots) == 0 {
		return []int64{0}
	}
	ids := make([]int64, len(p.Pots))
	for i, pt := range p.Pots {
		ids[i] = pt.ID
	}
	return ids
}

// MinSpendPence is the least a knapsack ballot may spend in a pot:
// ⌈budget × threshold / 100⌉, in pence.
func (p *Process) MinSpendPence(potID int64) int64 {
	b := p.Budget(potID)
	return (b*int64(p.ThresholdPercent) + 99) / 100
}

// Limits on text.
const (
	maxTitle       = 200
	maxDescription = 20000
	maxCode        = 64
)

// Validate checks the rules a process must keep before it may open:
// field names are the API body's.
func (p *Process) Validate() error {
	var v validation.Errors
	if strings.TrimSpace(p.Title) == "" {
		v.Add("title", "enter a title")
	} else if utf8.RuneCountInString(p.Title) > maxTitle {
		v.Add("title", fmt.Sprintf("use at most %d characters", maxTitle))
	} else if msg := validation.TextProblem(p.Title, false); msg != "" {
		v.Add("title", "the title "+msg)
	}
	if utf8.RuneCountInString(p.Description) > maxDescription {
		v.Add("description", fmt.Sprintf("use at most %d characters", maxDescription))
	} else if msg := validation.TextProblem(p.Description, true); msg != "" {
		v.Add("description", "the description "+msg)
	}
	if p.PotPence <= 0 {
		v.Add("pot_pence", "the pot must be more than 0 pence")
	}
	if !validRule(p.Rule) {
		v.Add("rule", "use mes-add1, greedy or phragmen")
	}
	switch p.BallotType {
	case BallotApproval, BallotRanking:
		if p.MinProjects < 0 || p.MaxProjects < 0 {
			v.Add("min_projects", "limits cannot be negative")
		} else if p.MaxProjects > 0 && p.MinProjects > p.MaxProjects {
			v.Add("max_projects", "the maximum cannot be below the minimum")
		}
	case BallotKnapsack:
		if p.ThresholdPercent < 0 || p.ThresholdPercent > 100 {
			v.Add("threshold_percent", "use a percentage from 0 to 100")
		}
		if p.MinProjects != 0 || p.MaxProjects != 0 {
			// Decidim refuses the combination; so do we.
			v.Add("min_projects", "a knapsack ballot is bounded by money, not by a number of projects")
		}
	case BallotPoints:
		if p.MaxPoints < 0 || p.MaxPointsPerProject < 0 {
			v.Add("max_points", "limits cannot be negative")
		}
		if p.Rule == RulePhragmen {
			v.Add("rule", "Phragmén counts approvals; use mes-add1 or greedy for points ballots")
		}
	default:
		v.Add("ballot_type", "use approval, knapsack, points or ranking")
	}
	if p.MinAge < 0 || p.MinAge > 120 {
		v.Add("min_age", "use an age from 0 to 120")
	}
	if !p.UseCodes && !p.UseResidence && !p.UseAssisted {
		v.Add("eligibility", "choose at least one way to vote: codes, residence or assisted")
	}
	if p.UseResidence && (p.AreaType == "" || p.AreaCode == "") && len(p.Pots) == 0 {
		v.Add("area_code", "a residence rule needs the process's area")
	}
	seen := map[string]bool{}
	var sum int64
	for i, pt := range p.Pots {
		if pt.PotPence <= 0 {
			v.Add(fmt.Sprintf("pots[%d].pot_pence", i), "a pot must be more than 0 pence")
		}
		if pt.AreaCode == "" {
			v.Add(fmt.Sprintf("pots[%d].area_code", i), "name the pot's area")
		}
		sum += pt.PotPence
	}
	if len(p.Pots) > 0 && sum != p.PotPence {
		v.Add("pot_pence", fmt.Sprintf("the pots add up to %d pence, not %d", sum, p.PotPence))
	}
	for i, pr := range p.Projects {
		if msg := CodeProblem(pr.Code); msg != "" {
			v.Add(fmt.Sprintf("projects[%d].code", i), msg)
		} else if seen[pr.Code] {
			v.Add(fmt.Sprintf("projects[%d].code", i), "this project id is used twice")
		}
		seen[pr.Code] = true
		if pr.CostPence < 0 {
			v.Add(fmt.Sprintf("projects[%d].cost_pence", i), "a cost cannot be negative")
		}
	}
	return v.Err()
}

// ValidateForOpening adds what opening needs: at least one project on the
// ballot in every pot.
func (p *Process) ValidateForOpening() error {
	if err := p.Validate(); err != nil {
		return err
	}
	var v validation.Errors
	for _, id := range p.PotIDs() {
		if len(p.Ballot(id)) == 0 {
			v.Add("projects", "review at least one project as feasible before opening")
			break
		}
	}
	return v.Err()
}

// CodeProblem says what is wrong with a project id ("" when nothing). Ids
// go into .pb files, so they may not hold separators or spaces.
func CodeProblem(code string) string {
	switch {
	case code == "":
		return "enter the project's id"
	case len(code) > maxCode:
		return fmt.Sprintf("use at most %d characters", maxCode)
	case strings.EqualFold(code, "none"):
		return `"none" means an absent cell in a .pb file`
	}
	for _, r := range code {
		if r <= ' ' || r == ';' || r == ',' || r == '"' || r == 0x7f || !utf8.ValidRune(r) {
			return "use letters, digits and -_./ only (no spaces, commas or semicolons)"
		}
	}
	return ""
}

func validRule(r Rule) bool {
	for _, k := range Rules {
		if k == r {
			return true
		}
	}
	return false
}

// ParseRule reads a rule name.
func ParseRule(s string) (Rule, bool) {
	r := Rule(s)
	return r, validRule(r)
}

// ParseBallotType reads a ballot type name.
func ParseBallotType(s string) (BallotType, bool) {
	for _, t := range BallotTypes {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}
