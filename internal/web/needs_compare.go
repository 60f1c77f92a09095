package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

type compareView struct {
	Area       places.Area
	Others     []places.Area
	Codes      string
	Indicators []compareRow
}

type compareRow struct {
	Indicator needs.Indicator
	Period    string
	England   float64
	Cells     []needs.ProfileRow // one per area, in Areas order; missing rows have no indicator
	Present   []bool
}

// compareAreas sets areas side by side: for each indicator of the first
// area, each area's latest value and its comparison with England.
func (w *Web) compareAreas(rw http.ResponseWriter, r *http.Request) {
	first, err := w.profileData(r, r.PathValue("code"))
	if err != nil {
		w.needsError(rw, r, err)
		return
	}
	v := compareView{Area: first.Area, Codes: r.URL.Query().Get("with")}
	profiles := []*profileView{first}
	for _, code := range strings.FieldsFunc(v.Codes, func(c rune) bool { return c == ',' || c == ' ' }) {
		if len(profiles) >= 6 {
			break
		}
		p, err := w.profileData(r, code)
		if err != nil && !errors.Is(err, places.ErrNoArea) {
			w.storeError(rw, r, err)
			return
		}
		if err != nil {
			w.render(rw, r, http.StatusBadRequest, "error", &Page{Title: "Check the areas", Data: errorView{Message: "Areas to compare (with) must be ONS codes separated by commas; " + code + " is not an area."}})
			return
		}
		v.Others = append(v.Others, p.Area)
		profiles = append(profiles, p)
	}
	for _, row := range first.Rows {
		cr := compareRow{Indicator: row.Indicator, Period: row.Period, England: row.Benchmark.Value}
		for _, p := range profiles {
			found := false
			for _, pr := range p.Rows {
				if pr.Indicator.ID == row.Indicator.ID && pr.Age == row.Age {
					cr.Cells = append(cr.Cells, pr)
					found = true
					break
				}
			}
			if !found {
				cr.Cells = append(cr.Cells, needs.ProfileRow{Area: needs.NewDataPoint()})
			}
			cr.Present = append(cr.Present, found)
		}
		v.Indicators = append(v.Indicators, cr)
	}
	w.render(rw, r, http.StatusOK, "needs-compare", &Page{
		Title: "Compare " + first.Area.Name + " with other areas", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: first.Area.Name, Href: "/areas/" + string(first.Area.Type) + "/" + first.Area.Code},
			{Label: "Health profile", Href: "/areas/" + first.Area.Code + "/profile"}},
	})
}
