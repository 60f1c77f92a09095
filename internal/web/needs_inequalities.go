package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type inequalitiesView struct {
	needs.Inequalities
	Deciles      *chartView // nil when the indicator has no deciles here
	SIISentence  string
	BySex        *chartView
	IndicatorURL string
}

// inequalitiesPage shows one area's values of one indicator by deprivation
// decile, with the slope index of inequality, and by sex: the use-case
// needs.AreaInequalities, which the API's
// /areas/{code}/indicators/{id}/inequalities shares.
func (w *Web) inequalitiesPage(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("indicatorID"))
	if err != nil || id <= 0 {
		w.notFound(rw, r)
		return
	}
	q := r.URL.Query()
	v, err := needs.AreaInequalities(r.Context(), w.store, needs.InequalityQuery{
		AreaCode: r.PathValue("code"), IndicatorID: id, Period: q.Get("period"), DecileType: q.Get("deciles")})
	var qe *needs.InequalityQueryError
	switch {
	case errors.Is(err, needs.ErrNoIndicator):
		w.notFound(rw, r)
		return
	case errors.As(err, &qe):
		label := map[string]string{"period": "Period", "deciles": "Deciles"}[qe.Field]
		w.render(rw, r, http.StatusBadRequest, "error", &Page{Title: "Check the address", Data: errorView{Message: label + " (" + qe.Field + ") " + qe.Message}})
		return
	case err != nil:
		w.needsError(rw, r, err)
		return
	}
	view := inequalitiesView{Inequalities: v,
		IndicatorURL: "/indicators/" + strconv.Itoa(id) + "?" + url.Values{"area": {v.Area.Code}}.Encode()}
	if len(v.Deciles) > 0 {
		c := newChartView("deciles", chart.DecileChart("deciles", v), "")
		view.Deciles = &c
	}
	if v.SII != nil {
		view.SIISentence = v.SII.Sentence(v.Indicator.Unit)
	}
	if len(v.BySex) > 0 {
		c := newChartView("by-sex", chart.SexChart("by-sex", v), "")
		view.BySex = &c
	}
	w.render(rw, r, http.StatusOK, "needs-inequalities", &Page{
		Title: v.Indicator.Name + ": inequalities in " + v.Area.Name, Nav: "needs", Data: view,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: v.Area.Name, Href: "/areas/" + string(v.Area.Type) + "/" + v.Area.Code},
			{Label: "Health profile", Href: "/areas/" + v.Area.Code + "/profile"}},
	})
}
