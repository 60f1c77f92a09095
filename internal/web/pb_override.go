package web

import (
	"errors"
	"net/http"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbOverrideView struct {
	P        *budgeting.Process
	Projects []Option
	Current  string
}

// pbOverrideForm lets staff replace the counted winners, with a reason
// that is published beside the result.
func (w *Web) pbOverrideForm(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	res, ok := w.pbCountedResult(rw, r, d)
	if !ok {
		return
	}
	f := newForm()
	f.Values["winners"] = res.Published()
	f.Values.Set("reason", res.OverrideReason)
	w.renderPBOverride(rw, r, http.StatusOK, d, f)
}

// pbCountedResult reads a closed, counted process's result, answering 409
// itself otherwise.
func (w *Web) pbCountedResult(rw http.ResponseWriter, r *http.Request, d *pbLoaded) (*budgeting.Result, bool) {
	res, err := w.store.PBResult(r.Context(), d.P.ID)
	if errors.Is(err, budgeting.ErrNotCounted) || (err == nil && d.P.Status != budgeting.StatusClosed) {
		w.render(rw, r, http.StatusConflict, "error", &Page{Title: "Not counted yet", Breadcrumbs: d.crumbs(Crumb{Label: "Manage"}),
			Data: errorView{Message: "A result can be changed only once voting has closed and the ballots are counted."}})
		return nil, false
	}
	if err != nil {
		w.storeError(rw, r, err)
		return nil, false
	}
	return res, true
}

func (w *Web) renderPBOverride(rw http.ResponseWriter, r *http.Request, status int, d *pbLoaded, f *Form) {
	f.OrderErrors("winners", "reason")
	v := pbOverrideView{P: d.P}
	for _, pr := range d.P.Ballot(0) {
		v.Projects = append(v.Projects, Option{Value: pr.Code, Label: pr.Title, Hint: "Costs " + budgeting.FormatPence(pr.CostPence)})
	}
	w.render(rw, r, status, "pb-override", &Page{Title: "Change the result", Form: f,
		Breadcrumbs: d.crumbs(Crumb{Label: "Manage", Href: pbHref(d.P.ID, "/manage")}), Data: v})
}

// pbOverride records the replacement winners and the public reason.
func (w *Web) pbOverride(rw http.ResponseWriter, r *http.Request) {
	d, who, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	if _, ok := w.pbCountedResult(rw, r, d); !ok {
		return
	}
	reason := f.Get("reason")
	if reason == "" {
		f.AddError("reason", "Give the reason: it is published with the result")
	} else if len([]rune(reason)) > 5000 {
		f.AddError("reason", "The reason must be 5,000 characters or fewer")
	}
	winners := f.Values["winners"]
	if winners == nil {
		winners = []string{}
	}
	if !f.Valid() {
		w.renderPBOverride(rw, r, http.StatusUnprocessableEntity, d, f)
		return
	}
	err = w.store.OverridePBResult(r.Context(), who.Actor(), d.P.ID, winners, reason)
	switch {
	case err == nil:
		http.Redirect(rw, r, pbHref(d.P.ID, "/results#override"), http.StatusSeeOther)
		return
	case applyDomainError(f, err, map[string]string{"winners[0]": "winners"}):
		for i := range f.Errors {
			if f.Errors[i].Field != "reason" {
				f.Errors[i].Field, f.Errors[i].ID = "winners", "winners"
			}
			f.Errors[i].Message = pbSentence(f.Errors[i].Message)
		}
		w.renderPBOverride(rw, r, http.StatusUnprocessableEntity, d, f)
		return
	default:
		w.storeError(rw, r, err)
	}
}
