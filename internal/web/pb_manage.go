package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbManageProject struct {
	ID     int64
	Code   string
	Title  string
	Cost   string
	Review Tag
	Reason string
}

type pbManageView struct {
	P        *budgeting.Process
	Status   Tag
	Draft    bool
	Open     bool
	Closed   bool
	Voters   int
	Pending  int
	Rules    []SummaryRow
	Projects []pbManageProject
}

var pbDoneNotices = map[string]string{
	"created": "The process is saved as a draft. Add its projects, review them, then open voting.",
	"saved":   "Your changes are saved.",
	"project": "The project is saved.",
	"opened":  "Voting is open. The rules are now published and cannot change.",
	"paper":   "The paper ballot is saved. A second officer must check it before it counts.",
	"checked": "The paper ballot is checked.",
}

// pbManage is a process's page for staff: its state, the number of people
// who have voted (never a count per project while voting is open), and
// what can be done next.
func (w *Web) pbManage(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	w.renderPBManage(rw, r, http.StatusOK, d, newForm(), pbDoneNotices[r.URL.Query().Get("done")])
}

func (w *Web) renderPBManage(rw http.ResponseWriter, r *http.Request, status int, d *pbLoaded, f *Form, notice string) {
	p := d.P
	v := pbManageView{P: p, Status: pbStatusTag(p), Draft: p.Status == budgeting.StatusDraft, Open: p.Status == budgeting.StatusOpen,
		Closed: p.Status == budgeting.StatusClosed, Rules: w.pbRules(r, p)}
	if !v.Draft {
		n, err := w.store.PBBallotCount(r.Context(), p.ID)
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		v.Voters = n
		pending, err := w.store.PBPaperBallots(r.Context(), p.ID, "pending")
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		v.Pending = len(pending)
	}
	for _, pr := range p.Projects {
		mp := pbManageProject{ID: pr.ID, Code: pr.Code, Title: pr.Title, Cost: budgeting.FormatPence(pr.CostPence), Reason: pr.FeasibilityReason,
			Review: Tag{Text: "Not reviewed", Colour: "yellow"}}
		if pr.Feasible != nil {
			mp.Review = Tag{Text: "Feasible", Colour: "green"}
			if !*pr.Feasible {
				mp.Review = Tag{Text: "Not feasible", Colour: "red"}
			}
		}
		v.Projects = append(v.Projects, mp)
	}
	w.render(rw, r, status, "pb-manage", &Page{Title: "Manage: " + p.Title, Form: f, Notice: notice,
		Breadcrumbs: d.crumbs(Crumb{Label: "Manage"}), Data: v})
}
