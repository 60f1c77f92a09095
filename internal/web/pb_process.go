package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbProjectView is a project as residents see it: never with a count.
type pbProjectView struct {
	Code        string
	Title       string
	Description []string
	Cost        string
	Pot         string
	Reason      string
}

type pbProcessView struct {
	P           *budgeting.Process
	Partnership string
	PartnerHref string
	Status      Tag
	Description []string
	Rules       []SummaryRow
	Pots        []SummaryRow
	Projects    []pbProjectView
	NotFeasible []pbProjectView
	Open        bool
	Closed      bool
	CanManage   bool
}

// pbProcess is a process's public page: the pot, the counting rule, the
// tie-break policy and the ballot, as published before voting opens, and
// the projects on the ballot with their costs.
func (w *Web) pbProcess(rw http.ResponseWriter, r *http.Request) {
	d, ok := w.loadPB(rw, r)
	if !ok {
		return
	}
	p := d.P
	v := pbProcessView{P: p, Partnership: d.Partnership.Name, PartnerHref: "/partnerships/" + formatIntPlain(p.PartnershipID),
		Status: pbStatusTag(p), Description: lines(p.Description), Open: p.Status == budgeting.StatusOpen,
		Closed: p.Status == budgeting.StatusClosed, CanManage: d.CanManage}
	v.Rules = w.pbRules(r, p)
	potName := map[int64]string{}
	for _, pt := range p.Pots {
		potName[pt.ID] = pt.Name
		v.Pots = append(v.Pots, SummaryRow{Key: pt.Name, Value: budgeting.FormatPence(pt.PotPence)})
	}
	for _, pr := range p.Projects {
		pv := pbProjectView{Code: pr.Code, Title: pr.Title, Description: lines(pr.Description), Cost: budgeting.FormatPence(pr.CostPence),
			Pot: potName[pr.PotID], Reason: pr.FeasibilityReason}
		switch {
		case pr.OnBallot():
			v.Projects = append(v.Projects, pv)
		case pr.Feasible != nil:
			v.NotFeasible = append(v.NotFeasible, pv)
		}
	}
	w.render(rw, r, http.StatusOK, "pb-process", &Page{Title: p.Title, Breadcrumbs: d.crumbs(), Data: v})
}

// pbRules are the published rules as summary rows.
func (w *Web) pbRules(r *http.Request, p *budgeting.Process) []SummaryRow {
	rows := []SummaryRow{
		{Key: "Pot", Value: budgeting.FormatPence(p.PotPence)},
		{Key: "How you vote", Value: pbBallotLabel(p)},
		{Key: "Who can vote", Value: pbWhoLabel(p, w.pbAreaName(r.Context(), p))},
		{Key: "How votes are counted", Value: pbRuleLabel(p.Rule)},
		{Key: "If projects tie", Value: "The cheaper project wins; if they cost the same, the one with more votes; if still tied, the order of a lot drawn when voting opened."},
	}
	if p.Lot != "" && p.Status != budgeting.StatusDraft {
		rows = append(rows, SummaryRow{Key: "The lot", Value: p.Lot})
	}
	if p.OpenedAt != "" {
		rows = append(rows, SummaryRow{Key: "Voting opened", Value: pbTime(p.OpenedAt)})
	}
	if p.ClosedAt != "" {
		rows = append(rows, SummaryRow{Key: "Voting closed", Value: pbTime(p.ClosedAt)})
	}
	return rows
}
