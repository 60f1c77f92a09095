package web

import (
	"encoding/json"
	"net/http"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

type jsnaView struct {
	Area       places.Area
	Published  *needs.PriorityPublication
	Priorities []needs.PriorityItem
	Profile    *profileView
}

// jsnaSummary is the board's report: the published priorities with their
// notes and the profile table, laid out to print.
func (w *Web) jsnaSummary(rw http.ResponseWriter, r *http.Request) {
	pv, err := w.prioritiesData(r)
	if err != nil {
		w.needsError(rw, r, err)
		return
	}
	// The profile the ranking was scored from, not a second build of it.
	v := jsnaView{Area: pv.Area, Published: pv.Published, Priorities: pv.Priorities, Profile: pv.Profile}
	if pv.Published != nil {
		var frozen []needs.PriorityItem
		if err := json.Unmarshal([]byte(pv.Published.Ranking), &frozen); err == nil {
			v.Priorities = frozen
		}
	}
	w.render(rw, r, http.StatusOK, "needs-jsna", &Page{
		Title: pv.Area.Name + ": joint strategic needs assessment summary", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: pv.Area.Name, Href: "/areas/" + string(pv.Area.Type) + "/" + pv.Area.Code}},
	})
}
