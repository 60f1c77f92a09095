package web

import (
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

type compareView struct {
	Area       places.Area
	Others     []places.Area
	Codes      string
	Comparator comparatorForm
	Table      needs.AreaComparison
}

// compareAreas sets areas side by side: for each indicator of the first
// area, each area's latest value compared with England and with the chosen
// comparator. The matching and the comparisons are needs.AreaComparer's.
func (w *Web) compareAreas(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	form, err := comparatorChoice(r, "/areas/"+code+"/compare", "with", "type")
	if w.comparatorProblem(rw, r, err) {
		return
	}
	codes := r.URL.Query().Get("with")
	var with []string
	if strings.TrimSpace(codes) != "" {
		if with, err = needs.ParseAreaCodes("with", "Areas to compare", codes, needs.MaxAreasAlongside); w.comparatorProblem(rw, r, err) {
			return
		}
	}
	t, err := needs.AreaComparer{Store: w.store}.CompareAreas(r.Context(), places.AreaRef{Type: places.AreaType(r.URL.Query().Get("type")), Code: code}, with, form.Choice)
	if err != nil {
		if !w.comparatorProblem(rw, r, err) {
			w.needsError(rw, r, err)
		}
		return
	}
	first := t.Areas[0]
	form.Action = "/areas/" + first.Code + "/compare"
	v := compareView{Area: first, Others: t.Areas[1:], Codes: codes, Comparator: form, Table: t}
	w.render(rw, r, http.StatusOK, "needs-compare", &Page{
		Title: "Compare " + first.Name + " with other areas", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: first.Name, Href: "/areas/" + string(first.Type) + "/" + first.Code},
			{Label: "Health profile", Href: "/areas/" + first.Code + "/profile"}},
	})
}
