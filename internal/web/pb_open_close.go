package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbOpen publishes the draft's rules and opens voting. A process that may
// not open yet (no feasible project, say) goes back to its page with the
// reasons.
func (w *Web) pbOpen(rw http.ResponseWriter, r *http.Request) {
	d, who, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	err := w.store.OpenPBProcess(r.Context(), who.Actor(), d.P.ID)
	f := newForm()
	switch {
	case err == nil:
		http.Redirect(rw, r, pbHref(d.P.ID, "/manage?done=opened"), http.StatusSeeOther)
	case isNotDraft(err):
		w.pbNotDraft(rw, r, d)
	case pbDomainProblems(f, err):
		for i := range f.Errors {
			f.Errors[i].NoLink = true
		}
		w.renderPBManage(rw, r, http.StatusUnprocessableEntity, d, f, "")
	default:
		w.storeError(rw, r, err)
	}
}

// pbClose stops voting and counts the ballots.
func (w *Web) pbClose(rw http.ResponseWriter, r *http.Request) {
	d, who, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	if d.P.Status != budgeting.StatusOpen {
		w.render(rw, r, http.StatusConflict, "error", &Page{Title: "Voting is not open", Breadcrumbs: d.crumbs(Crumb{Label: "Manage"}),
			Data: errorView{Message: "Only a process that is open for voting can be closed."}})
		return
	}
	if err := w.store.ClosePBProcess(r.Context(), who.Actor(), d.P.ID); err != nil {
		w.storeError(rw, r, err)
		return
	}
	if _, err := budgeting.Recount(r.Context(), w.store, d.P.ID, audit.FormatTime(time.Now())); err != nil && !errors.Is(err, budgeting.ErrNotCounted) {
		w.serverError(rw, r, err)
		return
	}
	http.Redirect(rw, r, pbHref(d.P.ID, "/results"), http.StatusSeeOther)
}
