// Package chart draws placeboard's charts on the server as SVG: the needs
// charts (spine, bar, trend, funnel and hex map), the population pyramid,
// and hex maps of areas. Every chart carries its own text alternative.
package chart

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/stats"
)

// Chart is a server-side SVG with the text that makes it accessible: a
// one-paragraph summary and the data as a table (which the web also offers
// as CSV). SVG is safe to embed: every text in it is escaped here.
type Chart struct {
	Title   string
	SVG     string
	Summary string
	Table   Table
}

// Table is a chart's data.
type Table struct {
	Header []string
	Rows   [][]string
}

// Colours follow Fingertips' comparison palette, with text labels beside
// every mark so colour is never the only cue.
var outcomeColours = map[needs.Outcome]string{
	needs.Better:      "#00703c", // GOV.UK green: darker than Fingertips' for contrast
	needs.Similar:     "#ffdd00",
	needs.Worse:       "#d4351c",
	needs.Higher:      "#1d70b8",
	needs.Lower:       "#5694ca",
	needs.NotCompared: "#ffffff",
}

// OutcomeColour is the fill for an outcome.
func OutcomeColour(o needs.Outcome) string {
	if c, ok := outcomeColours[o]; ok {
		return c
	}
	return "#ffffff"
}

func esc(s string) string { return html.EscapeString(s) }

// svgOpen starts an SVG with role="img", a <title> and a <desc>. It is
// drawn at its own size (w × h CSS pixels), never shrunk to fit, so its
// 12-unit text stays at least 12 px: on a phone a wide chart scrolls inside
// its box (.app-chart__svg). class adds a class (the spine chart's lets it
// stretch to the column).
func svgOpen(b *strings.Builder, id string, w, h int, title, desc string, class ...string) {
	cls := "pb-chart"
	for _, c := range class {
		cls += " " + c
	}
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" font-family="Arial, sans-serif" font-size="12">`, cls, w, h, w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
}

// SpineChart draws Fingertips' spine chart: for each indicator, England's
// range across areas (worst to best, quartiles shaded) centred on the England
// value, with the area's value as a marker coloured by its comparison.
//
// It is drawn narrow (spineWidth user units, text at 12), one indicator to
// two lines (its name, then its spine with the value and period beside it),
// so on a phone the text stays at least 12 px tall instead of shrinking
// with a wide chart. A key at the top says what each mark is; rows are
// grouped under their topic (needs.GroupByTopic); the data table gives the
// topic, England, the worst and best, the count, the value and the period
// of each row.
func SpineChart(id, areaName string, rows []needs.SpineRow) Chart {
	const w, barW, rowH, nameH, keyH, topicH = spineWidth, 220, 46, 16, 78, 30
	// Rows grouped by topic, as Fingertips groups them by domain.
	groups := needs.GroupByTopic(rows, func(r needs.SpineRow) string { return r.Indicator.Topic })
	h := keyH + rowH*len(rows) + topicH*len(groups) + 10
	var b strings.Builder
	b.Grow(700 * (len(rows) + 2))
	title := fmt.Sprintf("Spine chart: %s compared with England", areaName)
	counts := map[needs.Outcome]int{}
	for _, r := range rows {
		counts[r.Comparison.Outcome]++
	}
	summary := fmt.Sprintf("%s: %d indicators. %d better than England, %d similar, %d worse, %d higher or lower (no judgement), %d not compared.",
		areaName, len(rows), counts[needs.Better], counts[needs.Similar], counts[needs.Worse], counts[needs.Higher]+counts[needs.Lower], counts[needs.NotCompared])
	svgOpen(&b, id, w, h, title, summary, "pb-chart--spine")
	mid := float64(barW) / 2
	// The key.
	fmt.Fprintf(&b, `<rect x="0" y="4" width="22" height="12" fill="#c2d9ec"/><rect x="6" y="4" width="10" height="12" fill="#5694ca"/><text x="28" y="15">Range of areas, darker: middle half</text>`)
	fmt.Fprintf(&b, `<line x1="11" y1="22" x2="11" y2="36" stroke="#0b0c0c" stroke-width="2"/><text x="28" y="34">England</text>`)
	fmt.Fprintf(&b, `<circle cx="11" cy="48" r="6" fill="%s" stroke="#0b0c0c" stroke-width="1.5"/><text x="28" y="52">%s, coloured by comparison</text>`, OutcomeColour(needs.Similar), esc(clipName(areaName, 24)))
	fmt.Fprintf(&b, `<text x="%.0f" y="72" text-anchor="middle">Worst ← England → Best</text>`, mid)
	table := Table{Header: []string{"Topic", "Indicator", "Period", "Value", "Count", "England", "Worst (or lowest)", "Best (or highest)", "Compared with England"}}
	y := keyH
	for _, g := range groups {
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="14" font-weight="bold" class="pb-chart__topic">%s</text><line x1="0" y1="%d" x2="%d" y2="%d" stroke="#b1b4b6"/>`,
			y+20, esc(clipName(g.Topic, 40)), y+25, w, y+25)
		y += topicH
		for _, r := range g.Rows {
			spineRow(&b, r, y, barW, nameH, mid)
			y += rowH
			table.Rows = append(table.Rows, []string{g.Topic, r.Indicator.Name, r.Period, needs.FormatValue(r.AreaValue), needs.FormatValue(r.Count), needs.FormatValue(r.England),
				needs.FormatValue(worstOf(r)), needs.FormatValue(bestOf(r)), needs.OutcomeLabel(r.Comparison.Outcome)})
		}
	}
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}

// spineRow draws one indicator of a spine chart at y: its name, then its
// range centred on England with the area's value beside it.
func spineRow(b *strings.Builder, r needs.SpineRow, y, barW, nameH int, mid float64) {
	fmt.Fprintf(b, `<text x="0" y="%d" font-weight="bold">%s</text>`, y+nameH-3, esc(clipName(r.Indicator.Name, 46)))
	by := y + nameH + 4
	// Scale so England is central and the farther extreme reaches the edge;
	// low-is-good indicators are flipped so "best" is always right.
	flip := r.Indicator.Polarity == needs.LowIsGood
	// Without an England value the range's middle is the centre.
	centre := r.England
	if !needs.Has(centre) {
		centre = (r.Min + r.Max) / 2
	}
	span := math.Max(math.Abs(r.Max-centre), math.Abs(centre-r.Min))
	x := func(v float64) float64 {
		if span == 0 || !needs.Has(v) || !needs.Has(span) {
			return mid
		}
		d := (v - centre) / span
		if flip {
			d = -d
		}
		return mid + d*float64(barW)/2*0.95
	}
	if needs.Has(r.Min) && needs.Has(r.Max) {
		x0, x1 := math.Min(x(r.Min), x(r.Max)), math.Max(x(r.Min), x(r.Max))
		fmt.Fprintf(b, `<rect x="%.1f" y="%d" width="%.1f" height="16" fill="#c2d9ec"/>`, x0, by, x1-x0)
		if needs.Has(r.Q1) && needs.Has(r.Q3) {
			q0, q1 := math.Min(x(r.Q1), x(r.Q3)), math.Max(x(r.Q1), x(r.Q3))
			fmt.Fprintf(b, `<rect x="%.1f" y="%d" width="%.1f" height="16" fill="#5694ca"/>`, q0, by, q1-q0)
		}
	}
	if needs.Has(r.England) {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#0b0c0c" stroke-width="2"/>`, mid, by-3, mid, by+19)
	}
	if needs.Has(r.AreaValue) && needs.Has(centre) {
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%d" r="7" fill="%s" stroke="#0b0c0c" stroke-width="1.5"><title>%s: %s (%s)</title></circle>`,
			x(r.AreaValue), by+8, OutcomeColour(r.Comparison.Outcome), esc(r.Indicator.Name), esc(needs.FormatValue(r.AreaValue)), esc(needs.OutcomeLabel(r.Comparison.Outcome)))
	}
	fmt.Fprintf(b, `<text x="%d" y="%d">%s %s</text>`, barW+8, by+13, esc(needs.FormatValue(r.AreaValue)), esc(shortOutcome(r.Comparison.Outcome)))
}

// spineWidth keeps the spine chart narrower than a phone's column (375 px
// less the page's margins), so its 12-unit text is drawn at least 12 px.
const spineWidth = 320

func worstOf(r needs.SpineRow) float64 {
	if r.Indicator.Polarity == needs.LowIsGood {
		return r.Max
	}
	return r.Min
}

func bestOf(r needs.SpineRow) float64 {
	if r.Indicator.Polarity == needs.LowIsGood {
		return r.Min
	}
	return r.Max
}

func shortOutcome(o needs.Outcome) string {
	switch o {
	case needs.Better:
		return "(better)"
	case needs.Worse:
		return "(worse)"
	case needs.Similar:
		return "(similar)"
	case needs.Higher:
		return "(higher)"
	case needs.Lower:
		return "(lower)"
	}
	return ""
}

// BarItem is one area in a bar chart.
type BarItem struct {
	Point      needs.DataPoint
	Comparison needs.Comparison
}

// BarChart draws every area's value as a horizontal bar with its 95%
// interval, sorted by value, with the benchmark as a vertical line.
func BarChart(id string, ind needs.Indicator, period string, items []BarItem, benchmark needs.DataPoint) Chart {
	items = append([]BarItem(nil), items...)
	sort.SliceStable(items, func(i, j int) bool {
		a, c := items[i].Point.Value, items[j].Point.Value
		if !needs.Has(a) {
			return false
		}
		if !needs.Has(c) {
			return true
		}
		return a > c
	})
	const labelW, barW, rowH, top = 220, 460, 20, 30
	w, h := labelW+barW+90, top+rowH*len(items)+30
	maxV := 0.0
	for _, it := range items {
		for _, v := range []float64{it.Point.Value, it.Point.Upper95} {
			if needs.Has(v) && v > maxV {
				maxV = v
			}
		}
	}
	if needs.Has(benchmark.Value) && benchmark.Value > maxV {
		maxV = benchmark.Value
	}
	if maxV <= 0 {
		maxV = 1
	}
	x := func(v float64) float64 { return labelW + math.Max(0, v)/maxV*barW }
	title := fmt.Sprintf("%s, %s: all areas with 95%% confidence intervals", ind.Name, period)
	counts := map[needs.Outcome]int{}
	for _, it := range items {
		counts[it.Comparison.Outcome]++
	}
	summary := fmt.Sprintf("%d areas. Benchmark %s %s. %d better, %d similar, %d worse, %d higher or lower, %d not compared.",
		len(items), needs.BenchmarkName(benchmark), needs.FormatValue(benchmark.Value), counts[needs.Better], counts[needs.Similar], counts[needs.Worse], counts[needs.Higher]+counts[needs.Lower], counts[needs.NotCompared])
	if len(items) > 0 && needs.Has(items[0].Point.Value) {
		summary += fmt.Sprintf(" Highest: %s (%s).", nameOf(items[0].Point), needs.FormatValue(items[0].Point.Value))
	}
	var b strings.Builder
	svgOpen(&b, id, w, h, title, summary)
	table := Table{Header: []string{"Area code", "Area", "Value", "Lower 95% limit", "Upper 95% limit", "Count", "Denominator", "Comparison", "Origin"}}
	for i, it := range items {
		p := it.Point
		y := top + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12">%s</text>`, labelW-6, y+14, esc(clipName(nameOf(p), 30)))
		if needs.Has(p.Value) {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="14" fill="%s" stroke="#0b0c0c" stroke-width="0.5"/>`, labelW, y+3, x(p.Value)-labelW, OutcomeColour(it.Comparison.Outcome))
		}
		if needs.Has(p.Lower95) && needs.Has(p.Upper95) {
			fmt.Fprintf(&b, `<path d="M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d" stroke="#0b0c0c" fill="none"/>`, x(p.Lower95), y+10, x(p.Upper95), x(p.Lower95), y+6, y+14, x(p.Upper95), y+6, y+14)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12">%s</text>`, labelW+barW+8, y+14, esc(needs.FormatValue(p.Value)))
		table.Rows = append(table.Rows, []string{p.AreaCode, p.AreaName, needs.FormatValue(p.Value), needs.FormatValue(p.Lower95), needs.FormatValue(p.Upper95), needs.FormatValue(p.Count), needs.FormatValue(p.Denominator), needs.OutcomeLabel(it.Comparison.Outcome), string(p.Origin)})
	}
	if needs.Has(benchmark.Value) {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 3"/><text x="%.1f" y="%d" font-size="12">%s %s</text>`,
			x(benchmark.Value), top-4, x(benchmark.Value), h-26, x(benchmark.Value)+4, h-10, esc(needs.BenchmarkName(benchmark)), esc(needs.FormatValue(benchmark.Value)))
	}
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}

func nameOf(p needs.DataPoint) string {
	if p.AreaName != "" {
		return p.AreaName
	}
	return p.AreaCode
}

func clipName(s string, n int) string {
	if len(s) > n {
		return s[:n-3] + "..."
	}
	return s
}

// TrendChart draws an area's values over time with 95% intervals, and the
// benchmark's values as a dashed line.
func TrendChart(id string, ind needs.Indicator, areaName string, series, benchmark []needs.DataPoint, trend needs.Trend) Chart {
	series = sortedByPeriod(series)
	benchmark = sortedByPeriod(benchmark)
	labels := []string{}
	seen := map[string]bool{}
	for _, p := range append(append([]needs.DataPoint(nil), series...), benchmark...) {
		if !seen[p.Period.Label] {
			seen[p.Period.Label] = true
			labels = append(labels, p.Period.Label)
		}
	}
	all := append(append([]needs.DataPoint(nil), series...), benchmark...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Period.Less(all[j].Period) })
	labels = labels[:0]
	seen = map[string]bool{}
	for _, p := range all {
		if !seen[p.Period.Label] {
			seen[p.Period.Label] = true
			labels = append(labels, p.Period.Label)
		}
	}
	pos := map[string]int{}
	for i, l := range labels {
		pos[l] = i
	}
	const w, h, left, right, top, bottom = 720, 320, 60, 20, 20, 60
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range all {
		for _, v := range []float64{p.Value, p.Lower95, p.Upper95} {
			if needs.Has(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 0, 1
	}
	if lo > 0 {
		lo = 0
	}
	if hi == lo {
		hi = lo + 1
	}
	if t := NiceTicks(lo, hi, 5); len(t) > 1 {
		lo, hi = math.Min(lo, t[0]), math.Max(hi, t[len(t)-1])
	}
	x := func(i int) float64 {
		if len(labels) < 2 {
			return float64(left+w-right) / 2
		}
		return left + float64(i)*float64(w-left-right)/float64(len(labels)-1)
	}
	y := func(v float64) float64 { return top + (hi-v)/(hi-lo)*float64(h-top-bottom) }
	title := fmt.Sprintf("%s: %s over time", ind.Name, areaName)
	summary := fmt.Sprintf("%d periods for %s. Recent trend: %s.", len(series), areaName, trend.Label())
	if n := len(series); n > 0 {
		summary += fmt.Sprintf(" From %s in %s to %s in %s.", needs.FormatValue(series[0].Value), series[0].Period.Label, needs.FormatValue(series[n-1].Value), series[n-1].Period.Label)
	}
	var b strings.Builder
	svgOpen(&b, id, w, h, title, summary)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#0b0c0c"/>`, left, h-bottom, w-right, h-bottom)
	for _, v := range NiceTicks(lo, hi, 5) {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#b1b4b6"/><text x="%d" y="%.1f" text-anchor="end" font-size="12">%s</text>`, left, y(v), w-right, y(v), left-6, y(v)+4, esc(needs.FormatValue(v)))
	}
	for i, l := range labels {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11">%s</text>`, x(i), h-bottom+18+12*(i%2), esc(l))
	}
	line := func(pts []needs.DataPoint, style string) {
		var d strings.Builder
		for _, p := range pts {
			if !needs.Has(p.Value) {
				continue
			}
			cmd := "L"
			if d.Len() == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.1f %.1f", cmd, x(pos[p.Period.Label]), y(p.Value))
		}
		if d.Len() > 0 {
			fmt.Fprintf(&b, `<path d="%s" fill="none" %s/>`, d.String(), style)
		}
	}
	line(benchmark, `stroke="#505a5f" stroke-width="2" stroke-dasharray="6 3"`)
	line(series, `stroke="#1d70b8" stroke-width="3"`)
	table := Table{Header: []string{"Period", areaName, "Lower 95% limit", "Upper 95% limit", "Benchmark", "Compared with the benchmark"}}
	bench := map[string]float64{}
	benchCode := ""
	for _, p := range benchmark {
		bench[p.Period.Label] = p.Value
		benchCode = p.AreaCode
	}
	// Each point is compared with the benchmark of its period, by the
	// indicator's method, and coloured so.
	comps := needs.CompareByPeriod(series, benchmark, benchCode, ind)
	for i, p := range series {
		if needs.Has(p.Lower95) && needs.Has(p.Upper95) {
			fmt.Fprintf(&b, `<path d="M%.1f %.1fV%.1f" stroke="#1d70b8"/>`, x(pos[p.Period.Label]), y(p.Lower95), y(p.Upper95))
		}
		outcome := comps[i].Outcome
		if needs.Has(p.Value) {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="6" fill="%s" stroke="#0b0c0c" stroke-width="1.5"><title>%s: %s (%s)</title></circle>`, x(pos[p.Period.Label]), y(p.Value),
				OutcomeColour(outcome), esc(p.Period.Label), esc(needs.FormatValue(p.Value)), esc(needs.OutcomeLabel(outcome)))
		}
		bv, ok := bench[p.Period.Label]
		if !ok {
			bv = needs.Missing
		}
		table.Rows = append(table.Rows, []string{p.Period.Label, needs.FormatValue(p.Value), needs.FormatValue(p.Lower95), needs.FormatValue(p.Upper95), needs.FormatValue(bv), needs.OutcomeLabel(outcome)})
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12">— %s   - - %s</text>`, left, h-6, esc(areaName), esc(benchNameList(benchmark)))
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}

func benchNameList(b []needs.DataPoint) string {
	if len(b) == 0 {
		return "no benchmark"
	}
	return needs.BenchmarkName(b[0])
}

func sortedByPeriod(pts []needs.DataPoint) []needs.DataPoint {
	out := append([]needs.DataPoint(nil), pts...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Period.Less(out[j].Period) })
	return out
}

// FunnelChart plots each area's value against its denominator with the
// 95% and 99.8% control limits around the benchmark, from internal/stats.
// Only proportions and crude rates with counts and denominators are drawn.
func FunnelChart(id string, ind needs.Indicator, period string, pts []needs.DataPoint, benchmark needs.DataPoint) (Chart, error) {
	var num, den, rate []float64
	var use []needs.DataPoint
	dsr := ind.ValueType == needs.ValueDSR
	for _, p := range pts {
		if dsr && needs.Has(p.Count) && needs.Has(p.Value) && p.Count >= 10 && p.Value > 0 {
			// A DSR's funnel works from its events and rate (PHE's
			// rate_type "dsr"): the denominator is derived.
			num, den, rate = append(num, p.Count), append(den, p.Count/p.Value*ind.Multiplier), append(rate, p.Value)
			use = append(use, p)
			continue
		}
		if !dsr && needs.Has(p.Count) && needs.Has(p.Denominator) && needs.Has(p.Value) && p.Denominator > 0 {
			num, den, rate = append(num, p.Count), append(den, p.Denominator), append(rate, p.Value)
			use = append(use, p)
		}
	}
	title := fmt.Sprintf("Funnel plot: %s, %s", ind.Name, period)
	if len(use) < 3 {
		return Chart{Title: title, Summary: "Too few areas have counts and denominators for a funnel plot."}, nil
	}
	opts := stats.FunnelLimitsOptions{Multiplier: ind.Multiplier}
	switch ind.ValueType {
	case needs.ValueProportion:
		opts.Statistic = stats.FunnelProportion
	case needs.ValueCrudeRate:
		opts.Statistic, opts.RateType, opts.YearsOfData = stats.FunnelRate, "crude", 1
	case needs.ValueDSR:
		opts.Statistic, opts.RateType, opts.YearsOfData = stats.FunnelRate, "dsr", 1
	default:
		return Chart{Title: title, Summary: "Funnel plots are drawn for proportions, crude rates and directly standardised rates; this indicator is a " + strings.ToLower(needs.ValueTypeLabel(ind.ValueType)) + "."}, nil
	}
	ft, err := stats.FunnelLimits(num, den, rate, opts)
	if err != nil {
		return Chart{}, err
	}
	byName := map[string][]float64{}
	for k, n := range ft.Names {
		byName[n] = ft.Columns[k]
	}
	// Each limit line has its own x values for rates (the population giving
	// that many events); proportions share the first column.
	type funnelLine struct {
		name   string
		xs, ys []float64
		strict bool // 99.8% (3 sigma) rather than 95% (2 sigma)
	}
	var lines []funnelLine
	for _, n := range []string{"lower_2s", "upper_2s", "lower_3s", "upper_3s"} {
		ys := byName[n+"_limit"]
		xs := byName[n+"_population_1_year"]
		if xs == nil {
			xs = ft.Columns[0]
		}
		if ys != nil {
			lines = append(lines, funnelLine{n, xs, ys, strings.HasSuffix(n, "3s")})
		}
	}
	const w, h, left, right, top, bottom = 720, 360, 70, 20, 20, 50
	maxX, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
	for _, d := range den {
		maxX = math.Max(maxX, d)
	}
	for _, p := range use {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	for _, ln := range lines {
		for i, v := range ln.ys {
			if needs.Has(v) && ln.xs[i] >= maxX*0.05 && ln.xs[i] <= maxX {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	pad := (hi - lo) * 0.05
	lo, hi = lo-pad, hi+pad
	x := func(v float64) float64 { return left + v/maxX*float64(w-left-right) }
	y := func(v float64) float64 { return top + (hi-math.Max(lo, math.Min(hi, v)))/(hi-lo)*float64(h-top-bottom) }
	var outside95, outside998 int
	var b strings.Builder
	sig, _ := funnelSignificance(ind, num, den, rate)
	for _, s := range sig {
		switch s {
		case stats.FunnelHigh001, stats.FunnelLow001:
			outside998++
			outside95++
		case stats.FunnelHigh025, stats.FunnelLow025:
			outside95++
		}
	}
	summary := fmt.Sprintf("%d areas by size of denominator. %d lie outside the 95%% limits around %s, %d outside the 99.8%% limits.", len(use), outside95, needs.BenchmarkName(benchmark), outside998)
	svgOpen(&b, id, w, h, title, summary)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#0b0c0c"/><text x="%d" y="%d" text-anchor="middle" font-size="12">Denominator</text>`, left, h-bottom, w-right, h-bottom, (w+left)/2, h-12)
	for _, v := range NiceTicks(lo, hi, 5) {
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" font-size="12">%s</text>`, left-6, y(v)+4, esc(needs.FormatValue(v)))
	}
	fmt.Fprintf(&b, `<text transform="rotate(-90)" x="%d" y="14" text-anchor="middle" font-size="12">%s</text>`, -(top + (h-top-bottom)/2), esc(axisLabel(ind)))
	for _, ln := range lines {
		var d strings.Builder
		for i, v := range ln.ys {
			if !needs.Has(v) || !needs.Has(ln.xs[i]) || ln.xs[i] <= 0 || ln.xs[i] > maxX {
				continue
			}
			cmd := "L"
			if d.Len() == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.1f %.1f", cmd, x(ln.xs[i]), y(v))
		}
		dash := ""
		if ln.strict {
			dash = ` stroke-dasharray="6 3"`
		}
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#505a5f"%s/>`, d.String(), dash)
	}
	if needs.Has(benchmark.Value) {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#0b0c0c" stroke-width="2"/>`, left, y(benchmark.Value), w-right, y(benchmark.Value))
	}
	table := Table{Header: []string{"Area code", "Area", "Value", "Count", "Denominator", "Funnel position"}}
	for i, p := range use {
		s := ""
		if i < len(sig) {
			s = sig[i]
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#1d70b8" stroke="#0b0c0c"><title>%s: %s</title></circle>`, x(den[i]), y(p.Value), esc(nameOf(p)), esc(needs.FormatValue(p.Value)))
		table.Rows = append(table.Rows, []string{p.AreaCode, p.AreaName, needs.FormatValue(p.Value), needs.FormatValue(p.Count), needs.FormatValue(den[i]), s})
	}
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}, nil
}

func funnelSignificance(ind needs.Indicator, num, den, rate []float64) ([]string, error) {
	if ind.ValueType == needs.ValueProportion {
		return stats.FunnelSignificanceProportion(num, den)
	}
	if ind.ValueType == needs.ValueDSR {
		return stats.FunnelSignificanceRate(num, rate, nil, "dsr", ind.Multiplier)
	}
	return stats.FunnelSignificanceRate(num, rate, den, "crude", ind.Multiplier)
}

// HexMap colours each area of a hex layout by its comparison; areas with no
// data are white with a grey outline. cells are the layout's hexagons (odd-r
// offsets); the table lists them in the order given. The chosen area (a
// code, or "") is outlined thickly and named above the map; the key below
// it is the choropleth's (mapKey).
func HexMap(id string, ind needs.Indicator, period string, cells []HexCell, values map[string]BarItem, chosen string) Chart {
	if len(cells) == 0 {
		return Chart{Title: "Map", Summary: "No map layout for this area type."}
	}
	layout := &HexLayout{Layout: "odd-r", Hexes: make(map[string]HexCell, len(cells))}
	for _, c := range cells {
		layout.Hexes[c.Code] = c
	}
	title := fmt.Sprintf("Map: %s, %s", ind.Name, period)
	counts := map[needs.Outcome]int{}
	with := 0
	table := Table{Header: []string{"Area code", "Area", "Value", "Comparison"}}
	for _, c := range cells {
		if it, ok := values[c.Code]; ok && needs.Has(it.Point.Value) {
			with++
			counts[it.Comparison.Outcome]++
			table.Rows = append(table.Rows, []string{c.Code, c.Name, needs.FormatValue(it.Point.Value), needs.OutcomeLabel(it.Comparison.Outcome)})
		}
	}
	summary := fmt.Sprintf("Hex map of %d areas, %d with values: %d better, %d similar, %d worse, %d higher or lower, %d not compared.",
		len(layout.Hexes), with, counts[needs.Better], counts[needs.Similar], counts[needs.Worse], counts[needs.Higher]+counts[needs.Lower], counts[needs.NotCompared])
	extra := &mapExtras{keyHeight: mapKeyHeight(counts, len(layout.Hexes)-with)}
	extra.key = func(b *strings.Builder, y float64) { mapKey(b, 2, y, counts, len(layout.Hexes)-with) }
	if c, ok := layout.Hexes[chosen]; ok {
		it, has := values[chosen]
		extra.label = clipName(chosenLabel(c.Name, it, has), 48)
		summary += " " + chosenLabel(c.Name, it, has) + " (outlined)."
	}
	// Hexagons of 11 units, smaller if the layout would be wider than a
	// phone's column (MapWidth): the map is drawn at its own size, so its
	// 12-unit text stays 12 px.
	minQ, maxQ := cells[0].Q, cells[0].Q
	for _, c := range cells {
		minQ, maxQ = min(minQ, c.Q), max(maxQ, c.Q)
	}
	size := math.Min(11, (MapWidth-4)/((float64(maxQ-minQ)+1.5)*math.Sqrt(3)))
	svg := layout.render(id, title, summary, size, func(code string) HexStyle {
		c := layout.Hexes[code]
		if it, ok := values[code]; ok && needs.Has(it.Point.Value) {
			return HexStyle{Fill: OutcomeColour(it.Comparison.Outcome), Stroke: "#0b0c0c", Chosen: code == chosen,
				Tooltip: c.Name + ": " + needs.FormatValue(it.Point.Value) + ", " + needs.OutcomeLabel(it.Comparison.Outcome)}
		}
		return HexStyle{Fill: "#ffffff", Stroke: "#b1b4b6", Tooltip: c.Name + ": no data", Chosen: code == chosen}
	}, extra)
	return Chart{Title: title, SVG: svg, Summary: summary, Table: table}
}

// NiceTicks gives axis ticks at round numbers (1, 2 or 5 × a power of
// ten) covering lo to hi with about n intervals: the first tick at or
// below lo, the last at or above hi.
func NiceTicks(lo, hi float64, n int) []float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || n < 1 {
		return nil
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		return []float64{lo}
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	first := math.Floor(lo/step) * step
	var out []float64
	for k := 0; k < 4*n+2; k++ {
		v := first + float64(k)*step
		// Clean the float noise of repeated additions (0.30000000000000004).
		v, _ = strconv.ParseFloat(strconv.FormatFloat(math.Round(v/step)*step, 'g', 12, 64), 64)
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, v)
		if v >= hi-step*1e-9 {
			break
		}
	}
	return out
}

// axisLabel names an indicator's values on an axis: its unit, or its
// value type.
func axisLabel(ind needs.Indicator) string {
	if ind.Unit != "" {
		return ind.Unit
	}
	return needs.ValueTypeLabel(ind.ValueType)
}
