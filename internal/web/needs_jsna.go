package web

import (
	"encoding/json"
	"net/http"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

type jsnaView struct {
	Area      places.Area
	Published *needs.PriorityPublication
	// PublishedBy names who published it ("" when unpublished or unknown).
	PublishedBy string
	// PublishedDate is the publication's day, written out.
	PublishedDate string
	// Ranked, NoDifference and NoData are the priorities as the board
	// reads them: the ranking (pinned first), then those listed apart.
	Ranked, NoDifference, NoData []needs.PriorityItem
	Profile                      *profileView
}

// jsnaSummary is the board's report: a cover (area, date, publisher), the
// published priorities with their notes, and the profile's spine chart with
// its text alternative and table, laid out to print, each section on a new
// page.
func (w *Web) jsnaSummary(rw http.ResponseWriter, r *http.Request) {
	pv, err := w.prioritiesData(r)
	if err != nil {
		w.needsError(rw, r, err)
		return
	}
	// The profile the ranking was scored from, not a second build of it.
	v := jsnaView{Area: pv.Area, Published: pv.Published, Profile: pv.Profile,
		Ranked: pv.Ranked, NoDifference: pv.NoDifference, NoData: pv.NoData}
	if pv.Published != nil {
		var frozen []needs.PriorityItem
		if err := json.Unmarshal([]byte(pv.Published.Ranking), &frozen); err == nil {
			v.Ranked, v.NoDifference, v.NoData = needs.SplitByStanding(frozen)
		}
		if len(pv.Published.PublishedAt) >= 10 {
			v.PublishedDate = dateLong(pv.Published.PublishedAt[:10])
		}
		if u, err := w.store.GetUser(r.Context(), pv.Published.PublishedBy); err == nil {
			v.PublishedBy = u.Name
		}
	}
	w.render(rw, r, http.StatusOK, "needs-jsna", &Page{
		Title: pv.Area.Name + ": joint strategic needs assessment summary", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: pv.Area.Name, Href: "/areas/" + string(pv.Area.Type) + "/" + pv.Area.Code}},
	})
}
