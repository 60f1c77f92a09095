package web

import (
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// maxQueryLen bounds a search; no place or organisation name is longer.
const maxQueryLen = 100

// searchTypes are the area types a search looks in, most useful first.
// LSOAs are left out: there are 32,844 of them and their names repeat the
// district's.
var searchTypes = []places.AreaType{places.AreaUTLA, places.AreaLTLA, places.AreaICB, places.AreaSTP, places.AreaRegion, places.AreaNHSER}

type searchView struct {
	Query   string
	Groups  []searchGroup
	Orgs    []places.Organisation
	Matches int
	// History: areas that no longer exist are included (and labelled with
	// the day they ended); by default a search finds only the geography in
	// force, so "Buckinghamshire" finds the unitary council, not also the
	// county it replaced in 2020.
	History bool
	// Ended counts the ended areas a default search left out, so the page
	// can offer them.
	Ended int
}

type searchGroup struct {
	Type  places.AreaType
	Areas []places.Area
}

// search finds areas (and organisations) by name or code, e.g.
// "Hartlepool" or "E06000001". It is a GET form, so it works without
// JavaScript and results can be bookmarked.
func (w *Web) search(rw http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	form := newForm()
	form.Values.Set("q", q)
	page := &Page{Title: "Find a place", Nav: "home", Form: form}
	switch {
	case q == "":
		form.AddError("q", "Enter the name or code of a place, like Hartlepool or E06000001")
	case len([]rune(q)) > maxQueryLen:
		form.AddError("q", "Search must be 100 characters or fewer")
	}
	if !form.Valid() {
		w.render(rw, r, http.StatusBadRequest, "home", page)
		return
	}
	view := searchView{Query: q, History: r.URL.Query().Get("history") == "include"}
	// A unitary council is both an upper- and a lower-tier area with one
	// code: list it once, as the council (the upper tier comes first).
	listed := map[string]bool{}
	for _, t := range searchTypes {
		f := store.AreaFilter{Type: t, Query: q, Page: store.Page{Limit: 25}}
		if !view.History {
			f.ValidOn = places.ListingDate(t)
		}
		areas, _, err := w.store.ListAreas(r.Context(), f)
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		if !view.History && f.ValidOn != "" {
			f.ValidOn, f.Page = "", store.Page{Limit: 1}
			_, all, err := w.store.ListAreas(r.Context(), f)
			if err != nil {
				w.storeError(rw, r, err)
				return
			}
			view.Ended += all - len(areas)
		}
		kept := areas[:0]
		for _, a := range areas {
			if t == places.AreaLTLA && listed[a.Code] {
				continue
			}
			listed[a.Code] = true
			kept = append(kept, a)
		}
		areas = kept
		if len(areas) > 0 {
			view.Groups = append(view.Groups, searchGroup{Type: t, Areas: areas})
			view.Matches += len(areas)
		}
	}
	orgs, _, err := w.store.ListOrganisations(r.Context(), store.OrgFilter{Query: q, Page: store.Page{Limit: 25}})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	view.Orgs = orgs
	view.Matches += len(orgs)
	page.Title = "Search results for ‘" + q + "’"
	page.Data = view
	w.render(rw, r, http.StatusOK, "search", page)
}
