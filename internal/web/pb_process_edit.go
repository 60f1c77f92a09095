package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbEditForm shows a draft process's settings for changing.
func (w *Web) pbEditForm(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	if d.P.Status != budgeting.StatusDraft {
		w.pbNotDraft(rw, r, d)
		return
	}
	w.renderPBProcessForm(rw, r, http.StatusOK, d.P.PartnershipID, d.P.ID, pbFormValues(d.P))
}

// pbUpdate saves a draft process's settings.
func (w *Web) pbUpdate(rw http.ResponseWriter, r *http.Request) {
	d, pr, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
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
	p := d.P
	readPBProcess(f, p)
	if f.Valid() {
		pbDomainProblems(f, p.Validate())
	}
	if !f.Valid() {
		w.renderPBProcessForm(rw, r, http.StatusUnprocessableEntity, p.PartnershipID, p.ID, f)
		return
	}
	err = w.store.UpdatePBProcess(r.Context(), pr.Actor(), p)
	switch {
	case isNotDraft(err):
		w.pbNotDraft(rw, r, d)
		return
	case pbDomainProblems(f, err):
		w.renderPBProcessForm(rw, r, http.StatusUnprocessableEntity, p.PartnershipID, p.ID, f)
		return
	case err != nil:
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, pbHref(p.ID, "/manage?done=saved"), http.StatusSeeOther)
}
