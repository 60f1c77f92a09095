package web

// Needs (JSNA) pages: area profile, indicator list and page, priorities.
// The figures come from internal/needs; the charts are its server-side SVG,
// each shown with its text summary and its data table, downloadable as CSV.

import (
	"encoding/csv"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// chartView is a chart ready for a template: trusted SVG (needs escapes
// every text it draws), its summary, its table and where to download it.
type chartView struct {
	ID      string
	Title   string
	SVG     template.HTML
	Summary string
	Table   needs.Table
	CSVHref string
}

func newChartView(id string, c needs.Chart, csvHref string) chartView {
	return chartView{ID: id, Title: c.Title, SVG: template.HTML(c.SVG), Summary: c.Summary, Table: c.Table, CSVHref: csvHref} //nolint:gosec // built and escaped by needs
}

type profileView struct {
	Area     places.Area
	PeerType places.AreaType
	Rows     []needs.ProfileRow
	Spine    chartView
}

// lookupArea finds an area by code, preferring the upper-tier reading of a
// shared code; ?type= picks another.
func (w *Web) lookupArea(r *http.Request, code string) (places.Area, bool, error) {
	found, err := w.store.AreasByCode(r.Context(), []string{strings.ToUpper(strings.TrimSpace(code))})
	if err != nil {
		return places.Area{}, false, err
	}
	want := r.URL.Query().Get("type")
	for _, t := range []places.AreaType{places.AreaCountry, places.AreaRegion, places.AreaUTLA, places.AreaICB, places.AreaSTP, places.AreaNHSER, places.AreaLTLA} {
		if want != "" && string(t) != want {
			continue
		}
		for _, a := range found {
			if a.Type == t {
				return a, true, nil
			}
		}
	}
	return places.Area{}, false, nil
}

func (w *Web) profileData(r *http.Request, code string) (*profileView, *needs.Catalogue, bool, error) {
	area, ok, err := w.lookupArea(r, code)
	if err != nil || !ok {
		return nil, nil, ok, err
	}
	peer := area.Type
	if peer == places.AreaCountry || peer == places.AreaRegion {
		peer = places.AreaUTLA
	}
	cat, err := w.store.NeedsCatalogue(r.Context())
	if err != nil {
		return nil, nil, true, err
	}
	latest, series, err := w.store.AreaProfileData(r.Context(), area.Code, string(peer), needs.EnglandCode)
	if err != nil {
		return nil, nil, true, err
	}
	rows := needs.BuildProfile(cat, area.Code, needs.EnglandCode, latest, series)
	v := &profileView{Area: area, PeerType: peer, Rows: rows}
	v.Spine = newChartView("spine", needs.SpineChart("spine", area.Name, needs.SpineRows(rows)), "/areas/"+area.Code+"/profile.csv")
	return v, cat, true, nil
}

// areaProfile is the spine chart page: every indicator against England.
func (w *Web) areaProfile(rw http.ResponseWriter, r *http.Request) {
	v, _, ok, err := w.profileData(r, r.PathValue("code"))
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if !ok {
		w.notFound(rw, r)
		return
	}
	w.render(rw, r, http.StatusOK, "needs-profile", &Page{
		Title: v.Area.Name + ": health profile", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: v.Area.Name, Href: "/areas/" + string(v.Area.Type) + "/" + v.Area.Code}},
	})
}

// areaProfileCSV downloads the profile's table.
func (w *Web) areaProfileCSV(rw http.ResponseWriter, r *http.Request) {
	v, _, ok, err := w.profileData(r, strings.TrimSuffix(r.PathValue("code"), ".csv"))
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if !ok {
		w.notFound(rw, r)
		return
	}
	header := []string{"indicator_id", "indicator", "period", "age", "value", "lower_ci_95", "upper_ci_95", "count", "denominator",
		"england", "comparison", "recent_trend", "peer_min", "peer_q1", "peer_median", "peer_q3", "peer_max", "origin"}
	var rows [][]string
	for _, p := range v.Rows {
		rows = append(rows, []string{strconv.Itoa(p.Indicator.ID), p.Indicator.Name, p.Period, p.Age, csvNum(p.Area.Value), csvNum(p.Area.Lower95),
			csvNum(p.Area.Upper95), csvNum(p.Area.Count), csvNum(p.Area.Denominator), csvNum(p.Benchmark.Value), string(p.Comparison.Outcome),
			p.Trend.Label(), csvNum(p.Min), csvNum(p.Q1), csvNum(p.Median), csvNum(p.Q3), csvNum(p.Max), string(p.Area.Origin)})
	}
	writeCSV(rw, "placeboard-profile-"+v.Area.Code+".csv", header, rows)
}

func csvNum(v float64) string {
	if !needs.Has(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func writeCSV(rw http.ResponseWriter, name string, header []string, rows [][]string) {
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(rw)
	_ = cw.Write(header)
	for _, r := range rows {
		for i := range r {
			r[i] = csvSafe(r[i])
		}
		_ = cw.Write(r)
	}
	cw.Flush()
}

type indicatorListView struct {
	Indicators []store.IndicatorSummary
}

// indicatorList lists the indicators that have data.
func (w *Web) indicatorList(rw http.ResponseWriter, r *http.Request) {
	list, err := w.store.ListIndicators(r.Context())
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "needs-indicators", &Page{
		Title: "Indicators", Nav: "needs", Data: indicatorListView{Indicators: list},
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}},
	})
}

type indicatorView struct {
	Indicator  needs.Indicator
	Method     string
	Periods    []string
	Period     string
	AreaType   string
	AreaTypes  []string
	Bar        chartView
	Map        *chartView
	Funnel     *chartView
	Trend      *chartView
	TrendArea  string
	TrendAreas []needs.DataPoint
	England    needs.DataPoint
	Latest     string
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
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Indicators", Href: "/indicators"}},
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
	rows := make([][]string, len(v.Bar.Table.Rows))
	for i, row := range v.Bar.Table.Rows {
		rows[i] = append([]string(nil), row...)
	}
	writeCSV(rw, "placeboard-indicator-"+strconv.Itoa(v.Indicator.ID)+".csv", v.Bar.Table.Header, rows)
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
	all, err := w.store.IndicatorValues(ctx, store.ValueQuery{IndicatorID: id})
	if err != nil {
		return nil, 0, "", err
	}
	q := r.URL.Query()
	v := &indicatorView{Indicator: ind, Method: ind.Describe()}
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
	items := make([]needs.BarItem, len(group))
	byCode := map[string]needs.BarItem{}
	for i := range group {
		items[i] = needs.BarItem{Point: group[i], Comparison: comps[i]}
		byCode[group[i].AreaCode] = items[i]
	}
	base := "/indicators/" + strconv.Itoa(id)
	qs := url.Values{"period": {v.Period}, "area_type": {v.AreaType}}.Encode()
	v.Bar = newChartView("bar", needs.BarChart("bar", ind, v.Period, items, v.England), base+"/data.csv?"+qs)
	if layout := w.hexLayout(refdata.AreaType(v.AreaType)); layout != nil {
		cells := make([]needs.HexCell, 0, len(layout.Hexes))
		for code, h := range layout.Hexes {
			cells = append(cells, needs.HexCell{Code: code, Name: h.Name, Q: h.Q, R: h.R})
		}
		sort.Slice(cells, func(i, j int) bool { return cells[i].Code < cells[j].Code })
		m := newChartView("map", needs.HexMap("map", ind, v.Period, cells, byCode), "")
		v.Map = &m
	}
	if f, err := needs.FunnelChart("funnel", ind, v.Period, group, v.England); err == nil && f.SVG != "" {
		fc := newChartView("funnel", f, "")
		v.Funnel = &fc
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
		tc := newChartView("trend", needs.TrendChart("trend", ind, name, series, englandSeries, tr), "")
		v.Trend = &tc
	} else if v.TrendArea != "" && q.Get("area") != "" {
		return nil, http.StatusBadRequest, "Area (area) has no values for this indicator", nil
	}
	return v, http.StatusOK, "", nil
}

type prioritiesView struct {
	Area       places.Area
	Priorities []priorityItem
	Pinned     []priorityItem
	Weights    needs.PriorityWeights
	CanEdit    bool
	Published  *store.PriorityPublication
}

// priorityItem is a ranked indicator with the analysts' pin and note; it is
// also what a publication freezes (as JSON).
type priorityItem struct {
	needs.Priority
	Pinned bool   `json:"pinned"`
	Note   string `json:"note,omitempty"`
}

func (w *Web) prioritiesData(r *http.Request) (*prioritiesView, bool, error) {
	v, _, ok, err := w.profileData(r, r.PathValue("code"))
	if err != nil || !ok {
		return nil, ok, err
	}
	notes, err := w.store.PriorityNotes(r.Context(), v.Area.Code)
	if err != nil {
		return nil, true, err
	}
	pv := &prioritiesView{Area: v.Area, Weights: needs.DefaultPriorityWeights, CanEdit: w.canImport(principal(r))}
	for _, p := range needs.RankPriorities(needs.PriorityInputs(v.Rows), needs.DefaultPriorityWeights) {
		it := priorityItem{Priority: p}
		if n, ok := notes[p.IndicatorID]; ok {
			it.Pinned, it.Note = n.Pinned, n.Note
		}
		pv.Priorities = append(pv.Priorities, it)
		if it.Pinned {
			pv.Pinned = append(pv.Pinned, it)
		}
	}
	if pub, err := w.store.LatestPriorityPublication(r.Context(), v.Area.Code); err == nil {
		pv.Published = &pub
	} else if err != store.ErrNotFound {
		return nil, true, err
	}
	return pv, true, nil
}

// priorities ranks the area's indicators, with the scoring explained;
// analysts pin, annotate and publish the ranking here.
func (w *Web) priorities(rw http.ResponseWriter, r *http.Request) {
	w.renderPriorities(rw, r, http.StatusOK, newForm(), "")
}

func (w *Web) renderPriorities(rw http.ResponseWriter, r *http.Request, status int, f *Form, notice string) {
	pv, ok, err := w.prioritiesData(r)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if !ok {
		w.notFound(rw, r)
		return
	}
	if notice == "" {
		notice = r.URL.Query().Get("saved")
		switch notice {
		case "note":
			notice = "Pin and note saved"
		case "":
		default:
			notice = ""
		}
	}
	w.render(rw, r, status, "needs-priorities", &Page{
		Title: pv.Area.Name + ": priorities", Nav: "needs", Data: pv, Form: f, Notice: notice,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: pv.Area.Name, Href: "/areas/" + string(pv.Area.Type) + "/" + pv.Area.Code},
			{Label: "Health profile", Href: "/areas/" + pv.Area.Code + "/profile"}},
	})
}

// priorityNote saves one indicator's pin and note.
func (w *Web) priorityNote(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.allowImport(rw, r)
	if !ok {
		return
	}
	area, found, err := w.lookupArea(r, r.PathValue("code"))
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	id, convErr := strconv.Atoi(r.PathValue("indicatorID"))
	if !found || convErr != nil || id <= 0 {
		w.notFound(rw, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.renderPriorities(rw, r, http.StatusBadRequest, newForm(), "")
		return
	}
	f := newForm()
	f.Values = r.PostForm
	_, err = w.store.SetPriorityNote(r.Context(), p.Actor(), store.PriorityNote{AreaCode: area.Code, IndicatorID: id,
		Pinned: r.PostForm.Get("pinned") == "yes", Note: r.PostForm.Get("note")})
	if ve, ok := validationErrors(err); ok {
		for _, fe := range ve {
			f.AddError(fe.Field+"-"+strconv.Itoa(id), fe.Message)
		}
		w.renderPriorities(rw, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/areas/"+area.Code+"/priorities?saved=note#indicator-"+strconv.Itoa(id), http.StatusSeeOther)
}

// publishPriorities freezes the current ranking, pins and notes.
func (w *Web) publishPriorities(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.allowImport(rw, r)
	if !ok {
		return
	}
	pv, found, err := w.prioritiesData(r)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if !found {
		w.notFound(rw, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.renderPriorities(rw, r, http.StatusBadRequest, newForm(), "")
		return
	}
	f := newForm()
	f.Values = r.PostForm
	ranking, err := json.Marshal(pv.Priorities)
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	_, err = w.store.PublishPriorities(r.Context(), p.Actor(), store.PriorityPublication{AreaCode: pv.Area.Code, Title: r.PostForm.Get("title"), Ranking: string(ranking)})
	if ve, ok := validationErrors(err); ok {
		for _, fe := range ve {
			f.AddError(fe.Field, fe.Message)
		}
		w.renderPriorities(rw, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/areas/"+pv.Area.Code+"/jsna", http.StatusSeeOther)
}

type jsnaView struct {
	Area       places.Area
	Published  *store.PriorityPublication
	Priorities []priorityItem
	Profile    *profileView
}

// jsnaSummary is the board's report: the published priorities with their
// notes and the profile table, laid out to print.
func (w *Web) jsnaSummary(rw http.ResponseWriter, r *http.Request) {
	pv, ok, err := w.prioritiesData(r)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if !ok {
		w.notFound(rw, r)
		return
	}
	prof, _, _, err := w.profileData(r, pv.Area.Code)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := jsnaView{Area: pv.Area, Published: pv.Published, Priorities: pv.Priorities, Profile: prof}
	if pv.Published != nil {
		var frozen []priorityItem
		if err := json.Unmarshal([]byte(pv.Published.Ranking), &frozen); err == nil {
			v.Priorities = frozen
		}
	}
	w.render(rw, r, http.StatusOK, "needs-jsna", &Page{
		Title: pv.Area.Name + ": joint strategic needs assessment summary", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: pv.Area.Name, Href: "/areas/" + string(pv.Area.Type) + "/" + pv.Area.Code}},
	})
}

// validationErrors unwraps field errors from a store call.
func validationErrors(err error) ([]validation.FieldError, bool) {
	ve, ok := validation.As(err)
	if !ok {
		return nil, false
	}
	return ve.Fields, true
}

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
	first, _, ok, err := w.profileData(r, r.PathValue("code"))
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if !ok {
		w.notFound(rw, r)
		return
	}
	v := compareView{Area: first.Area, Codes: r.URL.Query().Get("with")}
	profiles := []*profileView{first}
	for _, code := range strings.FieldsFunc(v.Codes, func(c rune) bool { return c == ',' || c == ' ' }) {
		if len(profiles) >= 6 {
			break
		}
		p, _, found, err := w.profileData(r, code)
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		if !found {
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
