package web

import (
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbProjectFormView struct {
	P       *budgeting.Process
	Action  string
	Heading string
	Editing bool
	Reviews []Option
}

// pbProjectNewForm asks for a project and its feasibility review.
func (w *Web) pbProjectNewForm(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	if d.P.Status != budgeting.StatusDraft {
		w.pbNotDraft(rw, r, d)
		return
	}
	w.renderPBProjectForm(rw, r, http.StatusOK, d, nil, newForm())
}

// pbProjectEditForm shows a project for changing or reviewing.
func (w *Web) pbProjectEditForm(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	pr, ok := pbProjectOf(r, d.P)
	if !ok {
		w.notFound(rw, r)
		return
	}
	if d.P.Status != budgeting.StatusDraft {
		w.pbNotDraft(rw, r, d)
		return
	}
	f := newForm()
	f.Values.Set("project_code", pr.Code)
	f.Values.Set("title", pr.Title)
	f.Values.Set("description", pr.Description)
	f.Values.Set("cost", strings.TrimPrefix(budgeting.FormatPence(pr.CostPence), "£"))
	switch {
	case pr.Feasible == nil:
		f.Values.Set("feasible", "")
	case *pr.Feasible:
		f.Values.Set("feasible", "yes")
	default:
		f.Values.Set("feasible", "no")
	}
	f.Values.Set("reason", pr.FeasibilityReason)
	w.renderPBProjectForm(rw, r, http.StatusOK, d, pr, f)
}

// pbProjectOf finds the project in the path's {projectID}.
func pbProjectOf(r *http.Request, p *budgeting.Process) (*budgeting.Project, bool) {
	id, ok := pathID(r, "projectID")
	if !ok {
		return nil, false
	}
	for i := range p.Projects {
		if p.Projects[i].ID == id {
			return &p.Projects[i], true
		}
	}
	return nil, false
}

func (w *Web) renderPBProjectForm(rw http.ResponseWriter, r *http.Request, status int, d *pbLoaded, pr *budgeting.Project, f *Form) {
	f.OrderErrors("project_code", "title", "description", "cost", "feasible", "reason")
	v := pbProjectFormView{P: d.P, Action: pbHref(d.P.ID, "/projects/new"), Heading: "Add a project",
		Reviews: []Option{
			{Value: "", Label: "Not reviewed yet"},
			{Value: "yes", Label: "Feasible: put it on the ballot"},
			{Value: "no", Label: "Not feasible: keep it off the ballot", Hint: "Give the reason, which is published"},
		}}
	if pr != nil {
		v.Action, v.Heading, v.Editing = pbHref(d.P.ID, "/projects/"+formatIntPlain(pr.ID)), "Review "+pr.Title, true
	}
	w.render(rw, r, status, "pb-project-form", &Page{Title: v.Heading, Form: f, Breadcrumbs: d.crumbs(Crumb{Label: "Manage", Href: pbHref(d.P.ID, "/manage")}), Data: v})
}

// readPBProject reads the project form, recording problems on f.
func readPBProject(f *Form, pr *budgeting.Project) {
	pr.Title, pr.Description, pr.FeasibilityReason = f.Get("title"), f.Values.Get("description"), f.Get("reason")
	if pr.Title == "" {
		f.AddError("title", "Enter the project's name")
	}
	if pence, err := budgeting.ParsePounds(f.Get("cost")); err != nil {
		f.AddError("cost", "Cost: "+err.Error())
	} else {
		pr.CostPence = pence
	}
	switch f.Get("feasible") {
	case "":
		pr.Feasible = nil
	case "yes", "no":
		yes := f.Get("feasible") == "yes"
		pr.Feasible = &yes
		if !yes && pr.FeasibilityReason == "" {
			f.AddError("reason", "Give the reason it is not feasible: it is published")
		}
	default:
		f.AddError("feasible", "Select the feasibility review from the list")
	}
	if len([]rune(pr.FeasibilityReason)) > 2000 {
		f.AddError("reason", "The reason must be 2,000 characters or fewer")
	}
}

// pbProjectSave stores the project (new or changed) or shows the form again.
func (w *Web) pbProjectSave(rw http.ResponseWriter, r *http.Request, existing bool) {
	d, who, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	var cur *budgeting.Project
	if existing {
		if cur, ok = pbProjectOf(r, d.P); !ok {
			w.notFound(rw, r)
			return
		}
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	if d.P.Status != budgeting.StatusDraft {
		w.pbNotDraft(rw, r, d)
		return
	}
	pr := budgeting.Project{Code: f.Get("project_code")}
	if cur != nil {
		pr.Code, pr.PotID = cur.Code, cur.PotID
		f.Values.Set("project_code", cur.Code)
	} else {
		if msg := budgeting.CodeProblem(pr.Code); msg != "" {
			f.AddError("project_code", "Project id: "+msg)
		}
		for _, x := range d.P.Projects {
			if x.Code == pr.Code {
				f.AddError("project_code", "Another project has this id: choose another")
			}
		}
	}
	readPBProject(f, &pr)
	if !f.Valid() {
		w.renderPBProjectForm(rw, r, http.StatusUnprocessableEntity, d, cur, f)
		return
	}
	err = w.store.SavePBProject(r.Context(), who.Actor(), d.P.ID, pr)
	switch {
	case isNotDraft(err):
		w.pbNotDraft(rw, r, d)
		return
	case applyDomainError(f, err, map[string]string{"projects[0].code": "project_code", "projects[0].cost_pence": "cost", "pot_pence": "cost"}):
		w.renderPBProjectForm(rw, r, http.StatusUnprocessableEntity, d, cur, f)
		return
	case err != nil:
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, pbHref(d.P.ID, "/manage?done=project#projects"), http.StatusSeeOther)
}

func (w *Web) pbProjectCreate(rw http.ResponseWriter, r *http.Request) { w.pbProjectSave(rw, r, false) }
func (w *Web) pbProjectUpdate(rw http.ResponseWriter, r *http.Request) { w.pbProjectSave(rw, r, true) }
