package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbProcessFormView struct {
	Partnership places.Partnership
	Action      string
	Heading     string
	Button      string
	Rules       []Option
	BallotTypes []Option
	Eligibility []Option
}

// pbNewForm asks for a new process's published settings.
func (w *Web) pbNewForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.ManageParticipatoryBudgets, id); !ok {
		return
	}
	f := newForm()
	f.Values.Set("rule", string(budgeting.RuleMESAdd1))
	f.Values.Set("ballot_type", string(budgeting.BallotApproval))
	f.Values["eligibility"] = []string{"codes"}
	w.renderPBProcessForm(rw, r, http.StatusOK, id, 0, f)
}

// renderPBProcessForm shows the create form (processID 0) or the edit form.
func (w *Web) renderPBProcessForm(rw http.ResponseWriter, r *http.Request, status int, partnershipID, processID int64, f *Form) {
	f.OrderErrors("title", "description", "pot", "rule", "ballot_type", "min_projects", "max_projects", "threshold_percent", "max_points",
		"max_points_per_project", "eligibility", "min_age")
	pt, err := w.store.GetPartnership(r.Context(), partnershipID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := pbProcessFormView{Partnership: pt, Action: "/partnerships/" + formatIntPlain(partnershipID) + "/pb/new",
		Heading: "Set up participatory budgeting", Button: "Save as a draft",
		Rules: []Option{
			{Value: string(budgeting.RuleMESAdd1), Label: "Method of Equal Shares (recommended)", Hint: "The pot is shared equally between voters; each project is paid for by the people who voted for it. Fair to every area and group."},
			{Value: string(budgeting.RuleGreedy), Label: "Most votes first", Hint: "Projects are funded in order of votes while money lasts."},
			{Value: string(budgeting.RulePhragmen), Label: "Sequential Phragmén", Hint: "Costs are shared as evenly as possible between supporters (ticked ballots only)."},
		},
		BallotTypes: []Option{
			{Value: string(budgeting.BallotApproval), Label: "Tick the projects you support", Hint: "Set a minimum and maximum number of projects."},
			{Value: string(budgeting.BallotKnapsack), Label: "Choose projects within the budget", Hint: "Voters spend at least the threshold and never more than the pot."},
			{Value: string(budgeting.BallotPoints), Label: "Share points between projects"},
			{Value: string(budgeting.BallotRanking), Label: "Rank projects"},
		},
		Eligibility: []Option{
			{Value: "codes", Label: "Voting codes posted by letter"},
			{Value: "residence", Label: "Signed-in residents whose postcode is in " + pt.Name + "'s area"},
			{Value: "assisted", Label: "Paper and assisted ballots entered by officers"},
		}}
	if processID != 0 {
		v.Action = pbHref(processID, "/edit")
		v.Heading, v.Button = "Change the process", "Save changes"
	}
	w.render(rw, r, status, "pb-process-form", &Page{Title: v.Heading, Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Participatory budgeting", Href: "/pb"}}, Data: v})
}

// readPBProcess reads the process form into p, recording problems on f.
func readPBProcess(f *Form, p *budgeting.Process) {
	p.Title, p.Description = f.Get("title"), f.Values.Get("description")
	if s := f.Get("pot"); s == "" {
		f.AddError("pot", "Enter the pot in pounds")
	} else if pence, err := budgeting.ParsePounds(s); err != nil {
		f.AddError("pot", "Pot: "+err.Error())
	} else {
		p.PotPence = pence
	}
	rule, ok := budgeting.ParseRule(f.Get("rule"))
	if !ok {
		f.AddError("rule", "Select how votes are counted")
	}
	p.Rule = rule
	bt, ok := budgeting.ParseBallotType(f.Get("ballot_type"))
	if !ok {
		f.AddError("ballot_type", "Select the kind of ballot")
	}
	p.BallotType = bt
	num := func(field, label string) int {
		s := f.Get(field)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 100000 {
			f.AddError(field, label+" must be a whole number, such as 3, or empty")
			return 0
		}
		return n
	}
	p.MinProjects, p.MaxProjects = num("min_projects", "Minimum projects"), num("max_projects", "Maximum projects")
	p.ThresholdPercent = num("threshold_percent", "Minimum spend")
	p.MaxPoints, p.MaxPointsPerProject = num("max_points", "Points per voter"), num("max_points_per_project", "Points per project")
	p.MinAge = num("min_age", "Minimum age")
	p.UseCodes, p.UseResidence, p.UseAssisted = false, false, false
	for _, e := range f.Values["eligibility"] {
		switch e {
		case "codes":
			p.UseCodes = true
		case "residence":
			p.UseResidence = true
		case "assisted":
			p.UseAssisted = true
		default:
			f.AddError("eligibility", "Select ways to vote from the list")
		}
	}
}

// pbDomainProblems records the domain's validation errors on the form's
// fields, in sentence case.
func pbDomainProblems(f *Form, err error) bool {
	if !applyDomainError(f, err, map[string]string{"pot_pence": "pot", "area_code": "eligibility", "code": "project_code", "cost_pence": "cost"}) {
		return false
	}
	for i := range f.Errors {
		f.Errors[i].Message = pbSentence(f.Errors[i].Message)
	}
	return true
}

// pbCreate stores the new process as a draft and opens its management page.
func (w *Web) pbCreate(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.allow(rw, r, auth.ManageParticipatoryBudgets, id)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	pt, err := w.store.GetPartnership(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	p := &budgeting.Process{PartnershipID: id, AreaCode: pt.AreaCode, AreaType: string(partnershipAreaType(pt))}
	readPBProcess(f, p)
	if f.Valid() {
		pbDomainProblems(f, p.Validate())
	}
	if !f.Valid() {
		w.renderPBProcessForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	pid, err := w.store.CreatePBProcess(r.Context(), pr.Actor(), p)
	if pbDomainProblems(f, err) {
		w.renderPBProcessForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, pbHref(pid, "/manage?done=created"), http.StatusSeeOther)
}

// pbFormValues fills the process form from a stored process.
func pbFormValues(p *budgeting.Process) *Form {
	f := newForm()
	f.Values.Set("title", p.Title)
	f.Values.Set("description", p.Description)
	f.Values.Set("pot", strings.TrimPrefix(budgeting.FormatPence(p.PotPence), "£"))
	f.Values.Set("rule", string(p.Rule))
	f.Values.Set("ballot_type", string(p.BallotType))
	set := func(field string, n int) {
		if n != 0 {
			f.Values.Set(field, strconv.Itoa(n))
		}
	}
	set("min_projects", p.MinProjects)
	set("max_projects", p.MaxProjects)
	set("threshold_percent", p.ThresholdPercent)
	set("max_points", p.MaxPoints)
	set("max_points_per_project", p.MaxPointsPerProject)
	set("min_age", p.MinAge)
	for k, on := range map[string]bool{"codes": p.UseCodes, "residence": p.UseResidence, "assisted": p.UseAssisted} {
		if on {
			f.Values.Add("eligibility", k)
		}
	}
	return f
}

// pbNotDraft answers for a change to a process whose rules are published.
func (w *Web) pbNotDraft(rw http.ResponseWriter, r *http.Request, d *pbLoaded) {
	w.render(rw, r, http.StatusConflict, "error", &Page{Title: "The rules are published", Breadcrumbs: d.crumbs(Crumb{Label: "Manage"}),
		Data: errorView{Message: "Voting has opened, so the pot, the rules and the projects can no longer change."}})
}

// isNotDraft reports the store's refusal to change a published process.
func isNotDraft(err error) bool { return errors.Is(err, budgeting.ErrNotDraft) }
