package web

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbReceiptView struct {
	P        *budgeting.Process
	Receipt  string
	Time     string
	Choices  []string
	Replaced bool
}

// pbBallot takes the ballot form: "check my choices" shows the running
// total and any rule the choices break; "submit" stores the ballot and,
// once it is committed, shows the receipt.
func (w *Web) pbBallot(rw http.ResponseWriter, r *http.Request) {
	d, f, proof, vproof, ok := w.pbVoterForm(rw, r)
	if !ok {
		return
	}
	p := d.P
	choices := readPBChoices(f, p, proof.PotID)
	if !f.Valid() {
		w.renderPBBallot(rw, r, http.StatusUnprocessableEntity, d, proof, f, nil)
		return
	}
	if f.Get("action") == "check" {
		check := pbCheck(p, proof.PotID, choices)
		status := http.StatusOK
		if _, err := p.CheckBallot(proof.PotID, choices); err != nil {
			pbRuleProblem(f, p, err)
			status = http.StatusUnprocessableEntity
		} else {
			check.OK = true
		}
		w.renderPBBallot(rw, r, status, d, proof, f, &check)
		return
	}
	receipt, err := budgeting.Vote(r.Context(), w.store, p.ID, vproof, choices, budgeting.NormaliseCode(f.Get("previous_receipt")))
	switch {
	case err == nil:
	case pbRuleProblem(f, p, err):
		check := pbCheck(p, proof.PotID, choices)
		w.renderPBBallot(rw, r, http.StatusUnprocessableEntity, d, proof, f, &check)
		return
	case errors.Is(err, budgeting.ErrAlreadyVoted):
		if f.Get("previous_receipt") != "" {
			f.AddError("previous_receipt", "That is not the receipt of the ballot cast with this code. Enter the receipt you were given when you voted")
		} else {
			f.AddError("previous_receipt", "A ballot has already been cast with this code. To change your vote, enter the receipt you were given when you voted")
		}
		w.renderPBBallot(rw, r, http.StatusConflict, d, proof, f, nil)
		return
	case errors.Is(err, budgeting.ErrNotOpen):
		w.pbVotingOpen(rw, r, &pbLoaded{P: &budgeting.Process{ID: p.ID, Title: p.Title, Status: budgeting.StatusClosed}})
		return
	case errors.Is(err, budgeting.ErrUnknownCode), errors.Is(err, budgeting.ErrNotEligible):
		f.AddError("code", pbEligibilityMessage(err))
		w.renderPBEligibility(rw, r, http.StatusUnprocessableEntity, d, f)
		return
	default:
		w.storeError(rw, r, err)
		return
	}
	v := pbReceiptView{P: p, Receipt: receipt, Replaced: f.Get("previous_receipt") != ""}
	if st, err := w.store.PBReceiptStatus(r.Context(), p.ID, receipt); err == nil {
		v.Time = pbTime(st.SubmittedAt)
	}
	title := map[string]string{}
	for _, pr := range p.Projects {
		title[pr.Code] = pr.Title
	}
	for _, c := range choices.Projects {
		v.Choices = append(v.Choices, title[c])
	}
	if p.BallotType == budgeting.BallotPoints {
		codes := make([]string, 0, len(choices.Points))
		for c := range choices.Points {
			codes = append(codes, c)
		}
		sort.Slice(codes, func(i, j int) bool {
			return choices.Points[codes[i]] > choices.Points[codes[j]] || (choices.Points[codes[i]] == choices.Points[codes[j]] && codes[i] < codes[j])
		})
		for _, c := range codes {
			v.Choices = append(v.Choices, title[c]+": "+strconv.Itoa(choices.Points[c])+" points")
		}
	}
	rw.Header().Set("Cache-Control", "no-store")
	w.render(rw, r, http.StatusOK, "pb-receipt", &Page{Title: "Your vote has been recorded", Breadcrumbs: d.crumbs(Crumb{Label: "Receipt"}), Data: v})
}

// readPBChoices reads the ballot's choices for the voter's pot, recording
// unreadable entries on f.
func readPBChoices(f *Form, p *budgeting.Process, potID int64) budgeting.Choices {
	var c budgeting.Choices
	projects := p.Ballot(potID)
	switch p.BallotType {
	case budgeting.BallotPoints:
		c.Points = map[string]int{}
		for _, pr := range projects {
			s := f.Get("points." + pr.Code)
			if s == "" {
				continue
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > 1_000_000 {
				f.AddError("points."+pr.Code, "Enter the points for "+pr.Title+" as a whole number, such as 3, or leave it empty")
				continue
			}
			if n > 0 {
				c.Points[pr.Code] = n
			}
		}
	case budgeting.BallotRanking:
		type ranked struct {
			code string
			rank int
		}
		var rs []ranked
		byRank := map[int][]string{}
		for _, pr := range projects {
			s := f.Get("rank." + pr.Code)
			if s == "" {
				continue
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > len(projects) {
				f.AddError("rank."+pr.Code, "Choose a rank for "+pr.Title+" from the list")
				continue
			}
			rs = append(rs, ranked{pr.Code, n})
			byRank[n] = append(byRank[n], pr.Title)
		}
		for n := 1; n <= len(projects); n++ {
			if len(byRank[n]) > 1 {
				f.AddError("projects", "Give each project a different rank: "+strings.Join(byRank[n], " and ")+" are both your "+pbOrdinal(n)+" choice")
				break
			}
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].rank < rs[j].rank })
		for _, x := range rs {
			c.Projects = append(c.Projects, x.code)
		}
	default:
		on := map[string]bool{}
		for _, pr := range projects {
			on[pr.Code] = true
		}
		for _, code := range f.Values["projects"] {
			if !on[code] {
				f.AddError("projects", "Choose projects from the list")
				break
			}
			c.Projects = append(c.Projects, code)
		}
	}
	if c.Projects == nil && p.BallotType != budgeting.BallotPoints {
		c.Projects = []string{}
	}
	return c
}

// pbCheck adds up the choices for "check my choices".
func pbCheck(p *budgeting.Process, potID int64, c budgeting.Choices) pbCheckView {
	cost := map[string]int64{}
	for _, pr := range p.Ballot(potID) {
		cost[pr.Code] = pr.CostPence
	}
	var spend int64
	for _, code := range c.Projects {
		spend += cost[code]
	}
	v := pbCheckView{Chosen: len(c.Projects), Spend: budgeting.FormatPence(spend), Pot: budgeting.FormatPence(p.Budget(potID))}
	if p.BallotType == budgeting.BallotKnapsack {
		v.MinSpend = budgeting.FormatPence(p.MinSpendPence(potID))
	}
	for _, n := range c.Points {
		v.Points += n
		v.Chosen++
	}
	return v
}

// pbRuleNames name the ballot rules in the words residents read on the
// process page.
var pbRuleNames = map[string]string{
	budgeting.RuleMinProjects:      "the minimum number of projects",
	budgeting.RuleMaxProjects:      "the maximum number of projects",
	budgeting.RuleMinSpend:         "the minimum spend",
	budgeting.RuleMaxSpend:         "the budget limit",
	budgeting.RuleMaxPoints:        "the number of points you may give",
	budgeting.RuleMaxPerProject:    "the points you may give one project",
	budgeting.RulePointsPositive:   "the points rule",
	budgeting.RuleUnknownProject:   "the list of projects",
	budgeting.RuleDuplicateProject: "one choice per project",
	budgeting.RuleBallotShape:      "the kind of ballot",
}

// pbRuleProblem records a ballot that breaks a published rule on f, naming
// the rule, and reports whether err was one.
func pbRuleProblem(f *Form, p *budgeting.Process, err error) bool {
	re, ok := budgeting.AsRuleError(err)
	if !ok {
		return false
	}
	field := "projects"
	if p.BallotType == budgeting.BallotPoints {
		field = "points"
		if strings.HasPrefix(re.Field, "points.") {
			field = re.Field
		}
	}
	name := pbRuleNames[re.Rule]
	if name == "" {
		name = "a rule of this vote"
	}
	f.AddError(field, "Your ballot breaks "+name+": "+pbSentence(re.Message))
	return true
}
