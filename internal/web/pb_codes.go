package web

import (
	"net/http"
	"strconv"
)

type pbCodesView struct {
	Loaded *pbLoaded
	Codes  []string
}

// pbCodes makes one-time voting codes and shows them once, to print on
// letters: only their keyed hashes are kept.
func (w *Web) pbCodes(rw http.ResponseWriter, r *http.Request) {
	d, who, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	n, err := strconv.Atoi(f.Get("count"))
	if err != nil || n < 1 || n > 10000 {
		f.AddError("count", "Enter how many codes to make, from 1 to 10,000")
		w.renderPBManage(rw, r, http.StatusUnprocessableEntity, d, f, "")
		return
	}
	if !d.P.UseCodes {
		f.AddError("count", "This process does not use voting codes")
		w.renderPBManage(rw, r, http.StatusUnprocessableEntity, d, f, "")
		return
	}
	codes, err := w.store.CreatePBCodes(r.Context(), who.Actor(), d.P.ID, 0, n)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	rw.Header().Set("Cache-Control", "no-store")
	w.render(rw, r, http.StatusOK, "pb-codes", &Page{Title: "Voting codes", Breadcrumbs: d.crumbs(Crumb{Label: "Manage", Href: pbHref(d.P.ID, "/manage")}),
		Data: pbCodesView{Loaded: d, Codes: codes}})
}
