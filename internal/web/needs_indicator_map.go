package web

import (
	"log/slog"
	"net/url"
	"strconv"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/web/chart"
)

// projectBoundaries projects the reference boundaries of every area type
// that has them, for the choropleths; called once with the hex layouts
// (hexLayout), as both are reference data.
func projectBoundaries(set *refdata.Set, log *slog.Logger) map[refdata.AreaType]*chart.AreaMap {
	maps := map[refdata.AreaType]*chart.AreaMap{}
	for _, t := range []refdata.AreaType{refdata.UTLA, refdata.LTLA, refdata.ICB} {
		raw := set.Boundaries(t)
		if len(raw) == 0 {
			continue
		}
		m, err := chart.ProjectBoundaries(raw, chart.MapWidth)
		if err != nil {
			log.Warn("boundary map unavailable", "type", t, "err", err)
			continue
		}
		maps[t] = m
	}
	return maps
}

// boundaryMap returns the projected boundaries of an area type, or nil.
func (w *Web) boundaryMap(t refdata.AreaType) *chart.AreaMap {
	w.hexLayout(t) // loads the reference data once
	return w.areaMaps[t]
}

// indicatorChoropleth is the indicator page's map on real boundaries, with
// the chosen area (?area=) outlined; nil when the area type has none.
func (w *Web) indicatorChoropleth(v *indicatorView, byCode map[string]chart.BarItem, chosen string) *chartView {
	m := w.boundaryMap(refdata.AreaType(v.AreaType))
	if m == nil {
		return nil
	}
	c := newChartView("choropleth", chart.Choropleth("choropleth", v.Indicator, v.Period, m, byCode, chosen), "")
	return &c
}

// inequalitiesHref links an indicator page to its inequalities view when
// some of its values are by deprivation decile: for the chosen area if it
// has them, otherwise the first area that does (England first).
func inequalitiesHref(ind needs.Indicator, all []needs.DataPoint, chosen string) string {
	areas := needs.AreasWithDeciles(all)
	if len(areas) == 0 {
		return ""
	}
	code := areas[0]
	for _, a := range areas {
		if a == chosen {
			code = a
		}
	}
	return "/areas/" + url.PathEscape(code) + "/inequalities/" + strconv.Itoa(ind.ID)
}
