package web

import "net/http"

// home is the start page: search for a place by name or code.
func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "home", &Page{Title: "Find a place", Nav: "home", Form: newForm()})
}
