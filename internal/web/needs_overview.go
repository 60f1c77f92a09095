package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type overviewView struct {
	Parent    places.Area
	ChildType places.AreaType
	// ChildLabel names the areas listed, in a sentence.
	ChildLabel string
	Comparator comparatorForm
	Heatmap    chart.Heatmap
	CSVHref    string
}

// overviewData builds a parent area's overview (needs.Overviews) and its
// heatmap, for the page and its CSV.
func (w *Web) overviewData(r *http.Request, code string) (*overviewView, error) {
	form, err := comparatorChoice(r, "/areas/"+code+"/overview", "type")
	if err != nil {
		return nil, err
	}
	ov, err := needs.Overviews{Store: w.store}.Overview(r.Context(), needs.OverviewQuery{Code: code, Type: places.AreaType(r.URL.Query().Get("type")), Choice: form.Choice})
	if err != nil {
		return nil, err
	}
	form.Action = "/areas/" + ov.Parent.Code + "/overview"
	csv := "/areas/" + ov.Parent.Code + "/overview.csv"
	if q := form.Query(); q != "" {
		csv += "?" + q
	}
	return &overviewView{Parent: ov.Parent, ChildType: ov.ChildType, ChildLabel: strings.ToLower(areaTypeLabel(ov.ChildType)), Comparator: form, Heatmap: chart.OverviewHeatmap(ov), CSVHref: csv}, nil
}

// overviewProblem answers a failed overview: a bad comparator 400, an area
// with nothing inside it 404 with a sentence, an unknown area 404.
func (w *Web) overviewProblem(rw http.ResponseWriter, r *http.Request, err error) {
	switch {
	case w.comparatorProblem(rw, r, err):
	case errors.Is(err, needs.ErrNoOverview):
		w.render(rw, r, http.StatusNotFound, "error", &Page{Title: "No overview for this area", Data: errorView{Message: "An overview lists the areas inside England, a region, an NHS region, an ICB, a footprint or an upper-tier council; " + r.PathValue("code") + " has none."}})
	default:
		w.needsError(rw, r, err)
	}
}

// areaOverview is Fingertips' overview: every area inside the parent ×
// the indicators, as a heatmap table.
func (w *Web) areaOverview(rw http.ResponseWriter, r *http.Request) {
	v, err := w.overviewData(r, r.PathValue("code"))
	if err != nil {
		w.overviewProblem(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "needs-overview", &Page{
		Title: v.Parent.Name + ": overview", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Needs", Href: "/needs"}, {Label: v.Parent.Name, Href: "/areas/" + string(v.Parent.Type) + "/" + v.Parent.Code}},
	})
}

// areaOverviewCSV downloads the heatmap's table, one row per area and
// indicator.
func (w *Web) areaOverviewCSV(rw http.ResponseWriter, r *http.Request) {
	v, err := w.overviewData(r, strings.TrimSuffix(r.PathValue("code"), ".csv"))
	if err != nil {
		w.overviewProblem(rw, r, err)
		return
	}
	writeCSV(rw, "placeboard-overview-"+v.Parent.Code+".csv", v.Heatmap.Table.Header, v.Heatmap.Table.Rows)
}
