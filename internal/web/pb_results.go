package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type pbPotResultView struct {
	Name      string
	Explained *budgeting.Explained
	Chart     chartView
	Spent     string
	Budget    string
	Left      string
	PerVoter  string
	Voters    int
	TieBroken bool
	MES       bool
}

type pbResultsView struct {
	P            *budgeting.Process
	Pots         []pbPotResultView
	Voters       int
	Funded       int
	Spent        string
	Pot          string
	Override     string
	OverriddenAt string
	PBHref       string
	SHA256       string
	Recount      string
	CanManage    bool
}

// pbResults is the results page: winners, the method in plain words, a
// chart of what paid for each project with its table, what each winner's
// voters paid and its effective vote count, why each other project lost,
// any staff override with its reason, and the anonymised ballots with
// their SHA-256 and the command that recounts them. Before the close it
// says only that results come at the close.
func (w *Web) pbResults(rw http.ResponseWriter, r *http.Request) {
	d, ok := w.loadPB(rw, r)
	if !ok {
		return
	}
	p := d.P
	page := &Page{Title: "Results: " + p.Title, Breadcrumbs: d.crumbs(Crumb{Label: "Results"})}
	if p.Status != budgeting.StatusClosed {
		page.Title = "Results are not published yet"
		page.Data = errorView{Message: "The results are published when voting closes. Until then nobody, staff included, sees how many votes any project has."}
		w.render(rw, r, http.StatusConflict, "error", page)
		return
	}
	res, err := w.store.PBResult(r.Context(), p.ID)
	if errors.Is(err, budgeting.ErrNotCounted) {
		page.Title = "The votes are being counted"
		page.Data = errorView{Message: "Voting has closed and the count has not finished. Come back soon."}
		w.render(rw, r, http.StatusConflict, "error", page)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := pbResultsView{P: p, Voters: res.Outcome.Ballots, Pot: budgeting.FormatPence(p.PotPence),
		Spent: budgeting.FormatPence(res.PublishedTotalPence(p)), Funded: len(res.Published()),
		Override: res.OverrideReason, OverriddenAt: pbTime(res.OverriddenAt),
		PBHref: "/api/v1/pb/processes/" + strconv.FormatInt(p.ID, 10) + "/ballots.pb", SHA256: res.BallotsSHA256,
		Recount: budgeting.RecountCommand(p.Rule, "ballots.pb"), CanManage: d.CanManage}
	potName := map[int64]string{}
	for _, pt := range p.Pots {
		potName[pt.ID] = pt.Name
	}
	for i, po := range res.Outcome.Pots {
		x, err := p.ExplainPot(res, po)
		if err != nil {
			// The count and the process disagree (which should not happen):
			// publish the winners without the per-project story.
			w.log.Error("pb results: explanation", "process", p.ID, "pot", po.PotID, "err", err)
			po.Explanation = nil
			if x, err = p.ExplainPot(res, po); err != nil {
				w.serverError(rw, r, err)
				return
			}
		}
		pv := pbPotResultView{Name: potName[po.PotID], Explained: x, Spent: budgeting.FormatPence(x.SpentPence),
			Budget: budgeting.FormatPence(x.BudgetPence), Left: budgeting.FormatPence(x.LeftPence()), Voters: x.Voters,
			PerVoter: budgeting.FormatPence(x.PerVoterPence), TieBroken: po.TieBreakDecided, MES: x.PerVoterPence > 0}
		id := "pb-funding-" + strconv.Itoa(i+1)
		title := "What paid for each project"
		if pv.Name != "" {
			title += " in " + pv.Name
		}
		pv.Chart = newChartView(id, chart.PBFunding(id, title, pbFundingRows(x), budgeting.FormatPence), "")
		v.Pots = append(v.Pots, pv)
	}
	page.Data = v
	w.render(rw, r, http.StatusOK, "pb-results", page)
}

// pbFundingRows turns the explanation into the chart's rows: winners in
// the order they were funded, then the others.
func pbFundingRows(x *budgeting.Explained) []chart.PBFundingRow {
	var rows []chart.PBFundingRow
	for _, wn := range x.Winners {
		row := chart.PBFundingRow{Name: wn.Name, CostPence: wn.CostPence, Funded: true}
		if wn.Sharers > 0 || wn.AllIn > 0 {
			row.SharedPence = wn.SharePence * int64(wn.Sharers)
			row.AllInPence = wn.AllInPaidPence
			if row.SharedPence+row.AllInPence > wn.CostPence {
				// Shares are rounded to the penny for people.
				row.SharedPence = wn.CostPence - row.AllInPence
			}
			row.Note = strconv.Itoa(wn.Sharers) + " paid " + budgeting.FormatPence(wn.SharePence) + " each"
			if wn.AllIn > 0 {
				row.Note += ", " + strconv.Itoa(wn.AllIn) + " paid all they had"
			}
		} else {
			switch {
			case wn.Override != "" && wn.Step == 0:
				row.Note = "funded by a staff decision"
			case wn.ByCompletion:
				row.Note = "funded by the completion"
			default:
				row.Note = "funded at step " + strconv.Itoa(wn.Step)
			}
		}
		rows = append(rows, row)
	}
	for _, l := range x.Losers {
		row := chart.PBFundingRow{Name: l.Name, CostPence: l.CostPence, HadPence: l.SupportersHadPence, Note: pbLostShort(l)}
		rows = append(rows, row)
	}
	return rows
}

// pbLostShort is a loser's reason in a few words, for the chart.
func pbLostShort(l budgeting.ExplainedLoser) string {
	switch l.Reason {
	case budgeting.LostNoSupport:
		return "no votes"
	case budgeting.LostOverBudget:
		return "costs more than the pot"
	case budgeting.LostBeaten:
		return "supporters had " + budgeting.FormatPence(l.SupportersHadPence) + " after " + l.BeatenBy
	case budgeting.LostUnaffordable:
		return "supporters had only " + budgeting.FormatPence(l.SupportersHadPence)
	case budgeting.LostNoRoom:
		return "only " + budgeting.FormatPence(l.SupportersHadPence) + " left at its turn"
	case budgeting.LostOverridden:
		return "not funded by a staff decision"
	}
	return "not funded"
}
