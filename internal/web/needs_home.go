package web

import (
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// needsAreaTypes are the areas a needs search offers, in the order a
// health and wellbeing board looks for them.
var needsAreaTypes = []places.AreaType{places.AreaUTLA, places.AreaICB, places.AreaRegion}

type needsHomeView struct {
	Query   string
	Groups  []searchGroup
	Matches int
	// England is the benchmark; its profile is always offered.
	England places.Area
}

// needsHome is the needs landing page: find an area's health profile,
// priorities and JSNA, search the indicators, and (for analysts) import.
// ?area= searches areas by name or code; it is a GET form, so it works
// without JavaScript.
func (w *Web) needsHome(rw http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("area"))
	form := newForm()
	form.Values.Set("area", q)
	v := needsHomeView{Query: q, England: places.Area{Type: places.AreaCountry, Code: "E92000001", Name: "England"}}
	page := &Page{Title: "Health needs", Nav: "needs", Form: form, Data: &v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}}}
	if len([]rune(q)) > maxQueryLen {
		form.AddError("area", "Search must be 100 characters or fewer")
		w.render(rw, r, http.StatusBadRequest, "needs-home", page)
		return
	}
	if q != "" {
		for _, t := range needsAreaTypes {
			f := store.AreaFilter{Type: t, Query: q, ValidOn: places.ListingDate(t), Page: store.Page{Limit: 25}}
			areas, _, err := w.store.ListAreas(r.Context(), f)
			if err != nil {
				w.storeError(rw, r, err)
				return
			}
			if len(areas) > 0 {
				v.Groups = append(v.Groups, searchGroup{Type: t, Areas: areas})
				v.Matches += len(areas)
			}
		}
	}
	w.render(rw, r, http.StatusOK, "needs-home", page)
}
