package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type profileView struct {
	Area      places.Area
	PeerType  places.AreaType
	Benchmark needs.BenchmarkArea
	Rows      []needs.ProfileRow
	// Topics are the rows grouped as the spine chart groups them, with
	// their text made once here: 200 rows of template function calls were
	// a fifth of the page's time.
	Topics []needs.TopicGroup[*profileRowView]
	Spine  chartView
	// Compare is the rows compared with the chosen comparator
	// (needs_comparator.go); nil on pages that offer no choice.
	Compare *profileComparison
}

// profileRowView is a profile row with the words and numbers its table
// row shows.
type profileRowView struct {
	needs.ProfileRow
	Href, Breakdown, TrendLabel string
	// InequalitiesHref links to the area's inequalities view for the
	// indicator when it has values by decile or sex (HasInequalities).
	InequalitiesHref           string
	Value, BenchmarkValue      string
	ExactValue, ExactBenchmark string
	Colour, OutcomeLabel       string
	AsPublished                bool
	// Index is the row's place in profileView.Rows, which the
	// comparator's cells follow.
	Index int
	// HTML is the row in the page's table, written by tableRow once the
	// comparator is known.
	HTML template.HTML
}

func newProfileRowView(v *profileView, r needs.ProfileRow) profileRowView {
	return profileRowView{ProfileRow: r, Href: v.IndicatorHref(r), Breakdown: r.Breakdown(), TrendLabel: r.Trend.Label(),
		Value: needs.FormatValue(r.Area.Value), BenchmarkValue: needs.FormatValue(r.Benchmark.Value),
		ExactValue: csvNum(r.Area.Value), ExactBenchmark: csvNum(r.Benchmark.Value),
		Colour: chart.OutcomeColour(r.Comparison.Outcome), OutcomeLabel: needs.OutcomeLabel(r.Comparison.Outcome),
		AsPublished: r.Area.Origin == needs.OriginPrecomputed, InequalitiesHref: v.InequalitiesHref(r)}
}

// InequalitiesHref links a profile row to the area's inequalities view of
// its indicator, or is empty when the area has no values of it by
// deprivation decile or by sex (needs.ProfileRow.HasInequalities, the
// rule the API's has_inequalities shares).
func (v *profileView) InequalitiesHref(r needs.ProfileRow) string {
	if !r.HasInequalities {
		return ""
	}
	return "/areas/" + url.PathEscape(v.Area.Code) + "/inequalities/" + strconv.Itoa(r.Indicator.ID)
}

// writeRowsHTML writes every row of the page's table (the comparator, if
// any, chosen).
func (v *profileView) writeRowsHTML() {
	for _, t := range v.Topics {
		for _, r := range t.Rows {
			r.HTML = r.tableRow(v.Compare.Cell(r.Index))
		}
	}
}

// tableRow is the row in the profile's table, with its comparison with a
// comparator other than England in two more cells (Show set). It is the
// markup the needs-profile template had for each row, written in Go
// (rowhtml.go says why); the row's href is built by url.Values, so it needs
// no normalising, only escaping.
func (r profileRowView) tableRow(cell comparatorCell) template.HTML {
	var b strings.Builder
	b.Grow(1200)
	attr := func(name, val string) {
		b.WriteString(" data-" + name + `="`)
		writeEscaped(&b, val)
		b.WriteByte('"')
	}
	b.WriteString("\n    <tr class=\"govuk-table__row\"")
	attr("indicator", strconv.Itoa(r.Indicator.ID))
	attr("age", r.Age)
	attr("period", r.Period)
	attr("value", r.ExactValue)
	attr("benchmark", r.ExactBenchmark)
	attr("outcome", string(r.Comparison.Outcome))
	attr("method", string(r.Comparison.Method))
	attr("quintile", strconv.Itoa(r.Comparison.Quintile))
	attr("areas", strconv.Itoa(r.Areas))
	attr("sex", r.Sex)
	attr("category", r.Category)
	b.WriteString(">\n      <td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"")
	writeEscaped(&b, r.Href)
	b.WriteString(`">`)
	writeEscaped(&b, r.Indicator.Name)
	b.WriteString("</a>")
	if r.Indicator.Unit != "" {
		b.WriteString(` <span class="govuk-body-s">(`)
		writeEscaped(&b, r.Indicator.Unit)
		b.WriteString(")</span>")
	}
	b.WriteString(`<br><span class="govuk-body-s app-breakdown">`)
	writeEscaped(&b, r.Breakdown)
	b.WriteString("</span>")
	if r.InequalitiesHref != "" {
		// Named in full for a screen reader's list of links: a table of
		// "Inequalities" links would all sound alike.
		b.WriteString(`<br><a class="govuk-link govuk-body-s app-inequalities-link" href="`)
		writeEscaped(&b, r.InequalitiesHref)
		b.WriteString(`">Inequalities<span class="govuk-visually-hidden"> in `)
		writeEscaped(&b, r.Indicator.Name)
		b.WriteString(" by deprivation and sex</span></a>")
	}
	b.WriteString("</td>\n      <td class=\"govuk-table__cell\">")
	writeEscaped(&b, r.Period)
	b.WriteString("</td>\n      <td class=\"govuk-table__cell govuk-table__cell--numeric\">")
	writeEscaped(&b, r.Value)
	if r.AsPublished {
		b.WriteString(` <span class="govuk-body-s">(as published)</span>`)
	}
	b.WriteString("</td>\n      <td class=\"govuk-table__cell govuk-table__cell--numeric\">")
	writeEscaped(&b, r.BenchmarkValue)
	b.WriteString("</td>\n      <td class=\"govuk-table__cell\">")
	writeSwatch(&b, r.Colour)
	writeEscaped(&b, r.OutcomeLabel)
	if r.Comparison.QuintileLabel != "" {
		b.WriteString(" (")
		writeEscaped(&b, r.Comparison.QuintileLabel)
		b.WriteString(" quintile)")
	}
	b.WriteString("</td>\n      ")
	if cell.Show {
		c := cell.Compared
		b.WriteString("\n      <td class=\"govuk-table__cell govuk-table__cell--numeric\" data-comparator-value=\"")
		writeEscaped(&b, csvNum(c.Value.Value))
		b.WriteString(`">`)
		writeEscaped(&b, needs.FormatValue(c.Value.Value))
		if c.Pooled != "" {
			b.WriteString(` <span class="govuk-body-s">(pooled)</span>`)
		}
		b.WriteString("</td>\n      <td class=\"govuk-table__cell\" data-comparator-outcome=\"")
		writeEscaped(&b, string(c.Comparison.Outcome))
		b.WriteString(`">`)
		writeSwatch(&b, chart.OutcomeColour(c.Comparison.Outcome))
		writeEscaped(&b, needs.OutcomeWord(c.Comparison.Outcome))
		if c.Comparison.Outcome == needs.NotCompared {
			b.WriteString(`<br><span class="govuk-body-s">`)
			writeEscaped(&b, c.Comparison.Reason)
			b.WriteString("</span>")
		}
		b.WriteString("</td>")
	}
	b.WriteString("\n      <td class=\"govuk-table__cell\">")
	writeEscaped(&b, r.TrendLabel)
	b.WriteString("</td>\n    </tr>\n    ")
	return template.HTML(b.String()) //nolint:gosec // every value escaped by writeEscaped
}

// writeSwatch writes a comparison's colour swatch and the space after it.
func writeSwatch(b *strings.Builder, colour string) {
	b.WriteString(`<svg width="12" height="12" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="11" height="11" fill="`)
	writeEscaped(b, colour)
	b.WriteString(`" stroke="#0b0c0c"/></svg> `)
}

// Exact writes a number in full, for the data attributes that let a reader
// (or a test) check the page against the CSV and the API.
func (profileView) Exact(v float64) string { return csvNum(v) }

// TableColumns is how many columns the profile's table has: two more when
// it also compares with a comparator other than England.
func (v profileView) TableColumns() int {
	if v.Compare != nil && !v.Compare.Form.IsEngland() {
		return 8
	}
	return 6
}

// IndicatorHref links a profile row to its indicator page, showing the
// row's period and series, with the area's trend.
func (v profileView) IndicatorHref(r needs.ProfileRow) string {
	q := url.Values{"period": {r.Period}, "area": {v.Area.Code}, "sex": {r.Sex}, "age": {r.Age}}
	if r.Category != "" {
		q.Set("category", r.Category)
	}
	return "/indicators/" + strconv.Itoa(r.Indicator.ID) + "?" + q.Encode()
}

// profileData builds an area's profile through needs.Profiles, the use-case
// the API's /areas/{code}/profile shares. ?type= picks one of the types
// sharing a code.
func (w *Web) profileData(r *http.Request, code string) (*profileView, error) {
	prof, err := needs.Profiles{Store: w.store}.AreaProfile(r.Context(), needs.ProfileQuery{
		Code: code, Type: places.AreaType(r.URL.Query().Get("type"))})
	if err != nil {
		return nil, err
	}
	v := &profileView{Area: prof.Area, PeerType: prof.PeerType, Benchmark: prof.Benchmark, Rows: prof.Rows}
	rows := make([]profileRowView, len(prof.Rows))
	ptrs := make([]*profileRowView, len(prof.Rows))
	for i, r := range prof.Rows {
		rows[i] = newProfileRowView(v, r)
		rows[i].Index = i
		ptrs[i] = &rows[i]
	}
	v.Topics = needs.GroupByTopic(ptrs, func(r *profileRowView) string { return r.Indicator.Topic })
	v.Spine = newChartView("spine", chart.SpineChart("spine", prof.Area.Name, needs.SpineRows(prof.Rows)), "/areas/"+prof.Area.Code+"/profile.csv")
	return v, nil
}

// areaProfile is the spine chart page: every indicator against England.
func (w *Web) areaProfile(rw http.ResponseWriter, r *http.Request) {
	v, err := w.profileData(r, r.PathValue("code"))
	if err == nil {
		v.Compare, err = w.compareProfile(r, v)
	}
	if err != nil {
		if !w.comparatorProblem(rw, r, err) {
			w.needsError(rw, r, err)
		}
		return
	}
	v.writeRowsHTML()
	w.render(rw, r, http.StatusOK, "needs-profile", &Page{
		Title: v.Area.Name + ": health profile", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: v.Area.Name, Href: "/areas/" + string(v.Area.Type) + "/" + v.Area.Code}},
	})
}

// profileCSVHeader names the profile CSV's columns: sex, age and category
// say whom each value is about; the last five say how it was compared.
var profileCSVHeader = []string{"indicator_id", "indicator", "period", "sex", "age", "category_type", "category", "value", "lower_ci_95", "upper_ci_95", "count", "denominator",
	"england", "comparison", "recent_trend", "peer_min", "peer_q1", "peer_median", "peer_q3", "peer_max", "origin",
	"comparison_method", "quintile", "benchmark_area_code", "peer_type", "areas_compared"}

// areaProfileCSV downloads the profile's table.
func (w *Web) areaProfileCSV(rw http.ResponseWriter, r *http.Request) {
	v, err := w.profileData(r, strings.TrimSuffix(r.PathValue("code"), ".csv"))
	if err == nil {
		v.Compare, err = w.compareProfile(r, v)
	}
	if err != nil {
		if !w.comparatorProblem(rw, r, err) {
			w.needsError(rw, r, err)
		}
		return
	}
	var rows [][]string
	for i, p := range v.Rows {
		quintile := ""
		if p.Comparison.Quintile > 0 {
			quintile = strconv.Itoa(p.Comparison.Quintile)
		}
		rows = append(rows, []string{strconv.Itoa(p.Indicator.ID), p.Indicator.Name, p.Period, p.Sex, p.Age, p.CategoryType, p.Category, csvNum(p.Area.Value), csvNum(p.Area.Lower95),
			csvNum(p.Area.Upper95), csvNum(p.Area.Count), csvNum(p.Area.Denominator), csvNum(p.Benchmark.Value), string(p.Comparison.Outcome),
			p.Trend.Label(), csvNum(p.Min), csvNum(p.Q1), csvNum(p.Median), csvNum(p.Q3), csvNum(p.Max), string(p.Area.Origin),
			string(p.Comparison.Method), quintile, v.Benchmark.Code, string(v.PeerType), strconv.Itoa(p.Areas)})
		rows[i] = append(rows[i], v.Compare.csvCells(i)...)
	}
	writeCSV(rw, "placeboard-profile-"+v.Area.Code+".csv", append(profileCSVHeader[:len(profileCSVHeader):len(profileCSVHeader)], profileComparisonCSV...), rows)
}
