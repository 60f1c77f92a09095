package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type indicatorListView struct {
	Indicators []store.IndicatorSummary
	Query      string
	// Total counts the indicators with data, before the search.
	Total int
}

// indicatorList lists the indicators that have data, or those whose name or
// definition holds every word of ?q=.
func (w *Web) indicatorList(rw http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	form := newForm()
	form.Values.Set("q", q)
	page := &Page{Title: "Indicators", Nav: "needs", Form: form,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Needs", Href: "/needs"}}}
	if len([]rune(q)) > maxQueryLen {
		form.AddError("q", "Search must be 100 characters or fewer")
		page.Data = indicatorListView{Query: q}
		w.render(rw, r, http.StatusBadRequest, "needs-indicators", page)
		return
	}
	list, err := w.store.ListIndicators(r.Context())
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := indicatorListView{Query: q, Total: len(list)}
	words := needs.SearchWords(q)
	for _, ind := range list {
		if ind.MatchesWords(words) {
			v.Indicators = append(v.Indicators, ind)
		}
	}
	if q != "" {
		page.Title = "Indicators matching ‘" + q + "’"
	}
	page.Data = v
	w.render(rw, r, http.StatusOK, "needs-indicators", page)
}

type indicatorView struct {
	Indicator needs.Indicator
	Method    string
	Periods   []string
	Period    string
	AreaType  string
	AreaTypes []string
	Bar       chartView
	Map       *chartView
	Funnel    *chartView
	// FunnelNote says why there is no funnel plot.
	FunnelNote string
	Trend      *chartView
	TrendArea  string
	TrendAreas []needs.DataPoint
	England    needs.DataPoint
	Latest     string
	// Breakdown is the series shown (sex, age, category); Breakdowns
	// offers the others, each a link.
	Breakdown  needs.BreakdownKey
	Breakdowns []breakdownLink

	// Choropleth is the map on real boundaries, and InequalitiesHref links
	// the view by deprivation decile (needs_indicator_map.go).
	Choropleth       *chartView
	InequalitiesHref string
	// Compare is each area against the chosen comparator (needs_comparator.go).
	Compare *indicatorComparison
}

type breakdownLink struct {
	Label   string
	Href    string
	Current bool
}

// indicatorPage shows one indicator for one period: every area as a bar
// chart with intervals, a map, a funnel plot, and one area's trend.
func (w *Web) indicatorPage(rw http.ResponseWriter, r *http.Request) {
	v, status, msg, err := w.indicatorData(r)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if status == http.StatusNotFound {
		w.notFound(rw, r)
		return
	}
	if status != http.StatusOK {
		w.render(rw, r, status, "error", &Page{Title: "Check the address", Data: errorView{Message: msg}})
		return
	}
	w.render(rw, r, http.StatusOK, "needs-indicator", &Page{
		Title: v.Indicator.Name, Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Needs", Href: "/needs"}, {Label: "Indicators", Href: "/indicators"}},
	})
}

// indicatorCSV downloads the bar chart's table (all areas, one period).
func (w *Web) indicatorCSV(rw http.ResponseWriter, r *http.Request) {
	v, status, msg, err := w.indicatorData(r)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if status != http.StatusOK {
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.WriteHeader(status)
		_, _ = rw.Write([]byte(msg + "\n"))
		return
	}
	// Every row says whom its value is about.
	rows := make([][]string, len(v.Bar.Table.Rows))
	for i, row := range v.Bar.Table.Rows {
		rows[i] = append([]string{v.Period, v.Breakdown.Sex, v.Breakdown.Age, v.Breakdown.CategoryType, v.Breakdown.Category}, row...)
	}
	header := append([]string{"Period", "Sex", "Age", "Category type", "Category"}, v.Bar.Table.Header...)
	writeCSV(rw, "placeboard-indicator-"+strconv.Itoa(v.Indicator.ID)+".csv", header, rows)
}

func (w *Web) indicatorData(r *http.Request) (*indicatorView, int, string, error) {
	ctx := r.Context()
	id, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("id"), ".csv"))
	if err != nil || id <= 0 {
		return nil, http.StatusNotFound, "", nil
	}
	// Any catalogue entry has a page; one without values says so.
	cat, err := w.store.NeedsCatalogue(ctx)
	if err != nil {
		return nil, 0, "", err
	}
	ind, ok := cat.Get(id)
	if !ok {
		return nil, http.StatusNotFound, "", nil
	}
	all, err := w.store.IndicatorValues(ctx, store.ValueQuery{IndicatorID: id, AllSeries: true})
	if err != nil {
		return nil, 0, "", err
	}
	q := r.URL.Query()
	v := &indicatorView{Indicator: ind, Method: ind.Describe()}
	// One series at a time: one row per area. The age bands of a DSR are
	// its inputs, never shown as rows.
	keys := needs.Breakdowns(all, ind)
	v.InequalitiesHref = inequalitiesHref(ind, all, q.Get("area"))
	if len(keys) > 0 {
		k, ok := needs.ChooseBreakdown(keys, q.Get("sex"), q.Get("age"), q.Get("category"))
		if !ok {
			labels := make([]string, len(keys))
			for i, k := range keys {
				labels[i] = k.Label()
			}
			return nil, http.StatusBadRequest, "Sex, age and category (sex, age, category) must name one of this indicator's breakdowns: " + strings.Join(labels, "; "), nil
		}
		v.Breakdown = k
		all = needs.FilterBreakdown(all, k)
		if len(keys) > 1 {
			for _, o := range keys {
				bq := url.Values{"sex": {o.Sex}, "age": {o.Age}}
				if o.Category != "" {
					bq.Set("category", o.Category)
				}
				v.Breakdowns = append(v.Breakdowns, breakdownLink{Label: o.Label(), Href: "/indicators/" + strconv.Itoa(id) + "?" + bq.Encode(), Current: o == k})
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range all {
		if !seen[p.Period.Label] {
			seen[p.Period.Label] = true
			v.Periods = append(v.Periods, p.Period.Label)
		}
	}
	if len(v.Periods) == 0 {
		v.Bar.Table.Header = []string{"Area code", "Area", "Value", "Lower 95% limit", "Upper 95% limit", "Count", "Denominator", "Comparison", "Origin"}
		return v, http.StatusOK, "", nil
	}
	v.Latest = v.Periods[len(v.Periods)-1]
	v.Period = q.Get("period")
	if v.Period == "" {
		v.Period = v.Latest
	} else if !seen[v.Period] {
		return nil, http.StatusBadRequest, "Period (period) must be one of " + strings.Join(v.Periods, ", "), nil
	}
	// Which area types have values, to choose the comparison group.
	codes := map[string]bool{}
	for _, p := range all {
		codes[p.AreaCode] = true
	}
	codeList := make([]string, 0, len(codes))
	for c := range codes {
		codeList = append(codeList, c)
	}
	areas, err := w.store.AreasByCode(ctx, codeList)
	if err != nil {
		return nil, 0, "", err
	}
	types := map[string]map[string]string{} // type → code → name
	for _, a := range areas {
		if types[string(a.Type)] == nil {
			types[string(a.Type)] = map[string]string{}
		}
		types[string(a.Type)][a.Code] = a.Name
	}
	for _, t := range []string{"utla", "icb", "ltla", "region", "stp"} {
		if len(types[t]) > 0 {
			v.AreaTypes = append(v.AreaTypes, t)
		}
	}
	v.AreaType = q.Get("area_type")
	if v.AreaType == "" && q.Get("area") != "" {
		// Opened from an area's profile: compare it with its own kind, so
		// its trend is the one shown.
		for _, t := range v.AreaTypes {
			if _, ok := types[t][q.Get("area")]; ok {
				v.AreaType = t
				break
			}
		}
	}
	if v.AreaType == "" && len(v.AreaTypes) > 0 {
		v.AreaType = v.AreaTypes[0]
	} else if v.AreaType != "" && types[v.AreaType] == nil {
		return nil, http.StatusBadRequest, "Area type (area_type) must be one of " + strings.Join(v.AreaTypes, ", "), nil
	}
	v.England = needs.NewDataPoint()
	v.England.AreaCode, v.England.AreaName = needs.EnglandCode, "England"
	var group []needs.DataPoint
	var englandSeries []needs.DataPoint
	for _, p := range all {
		if p.AreaCode == needs.EnglandCode {
			if p.AreaName == "" {
				p.AreaName = "England"
			}
			englandSeries = append(englandSeries, p)
			if p.Period.Label == v.Period {
				v.England = p
			}
			continue
		}
		if p.Period.Label != v.Period {
			continue
		}
		if name, ok := types[v.AreaType][p.AreaCode]; ok {
			if p.AreaName == "" {
				p.AreaName = name
			}
			group = append(group, p)
		}
	}
	comps := needs.CompareGroup(group, v.England, ind)
	items := make([]chart.BarItem, len(group))
	byCode := map[string]chart.BarItem{}
	for i := range group {
		items[i] = chart.BarItem{Point: group[i], Comparison: comps[i]}
		byCode[group[i].AreaCode] = items[i]
	}
	base := "/indicators/" + strconv.Itoa(id)
	qv := url.Values{"period": {v.Period}, "area_type": {v.AreaType}, "sex": {v.Breakdown.Sex}, "age": {v.Breakdown.Age}}
	if v.Breakdown.Category != "" {
		qv.Set("category", v.Breakdown.Category)
	}
	qs := qv.Encode()
	v.Bar = newChartView("bar", chart.BarChart("bar", ind, v.Period, items, v.England), base+"/data.csv?"+qs)
	if layout := w.hexLayout(refdata.AreaType(v.AreaType)); layout != nil {
		cells := make([]chart.HexCell, 0, len(layout.Hexes))
		for code, h := range layout.Hexes {
			cells = append(cells, chart.HexCell{Code: code, Name: h.Name, Q: h.Q, R: h.R})
		}
		sort.Slice(cells, func(i, j int) bool { return cells[i].Code < cells[j].Code })
		m := newChartView("map", chart.HexMap("map", ind, v.Period, cells, byCode, q.Get("area")), "")
		v.Map = &m
	}
	v.Choropleth = w.indicatorChoropleth(v, byCode, q.Get("area"))
	if f, err := chart.FunnelChart("funnel", ind, v.Period, group, v.England); err == nil && f.SVG != "" {
		fc := newChartView("funnel", f, "")
		v.Funnel = &fc
	} else if err == nil {
		v.FunnelNote = f.Summary
	} else {
		v.FunnelNote = "No funnel plot: " + err.Error()
	}
	// Trend for one area of the group (chosen, or the first by name).
	sort.Slice(group, func(i, j int) bool { return group[i].AreaName < group[j].AreaName })
	v.TrendAreas = group
	v.TrendArea = q.Get("area")
	if v.TrendArea == "" && len(group) > 0 {
		v.TrendArea = group[0].AreaCode
	}
	var series []needs.DataPoint
	name := v.TrendArea
	for _, p := range all {
		if p.AreaCode == v.TrendArea {
			series = append(series, p)
			if p.AreaName != "" {
				name = p.AreaName
			}
		}
	}
	if n, ok := types[v.AreaType][v.TrendArea]; ok {
		name = n
	}
	if len(series) > 0 {
		tr := needs.RecentTrend(series, ind)
		tc := newChartView("trend", chart.TrendChart("trend", ind, name, series, englandSeries, tr), "")
		v.Trend = &tc
	} else if v.TrendArea != "" && q.Get("area") != "" {
		return nil, http.StatusBadRequest, "Area (area) has no values for this indicator", nil
	}
	if v.Compare, err = w.compareIndicator(r, ind, group, v.AreaType); err != nil {
		return indicatorComparatorProblem(err)
	}
	return v, http.StatusOK, "", nil
}
