package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
)

// The inequalities charts are drawn narrower than a phone's column (like
// the maps, class pb-chart--narrow), so their 12-unit text stays at least
// 12 px at 375 px wide.
const narrowWidth = 320

// DecileChart draws an area's values by deprivation decile as bars, most
// deprived on the left, each with its 95% interval as a whisker and
// coloured by its comparison with the area's overall value (dashed line).
// With an SII, each bar is as wide as the decile's weight and the line
// fitted through the deciles is drawn across them: its ends are the SII
// apart.
func DecileChart(id string, v needs.Inequalities) Chart {
	ind := v.Indicator
	title := fmt.Sprintf("%s by deprivation decile: %s, %s", ind.Name, v.Area.Name, v.Period)
	table := Table{Header: []string{"Decile", "Category", "Value", "Lower 95% limit", "Upper 95% limit", "Count", "Denominator", "Compared with " + v.Area.Name + " overall"}}
	for _, d := range v.Deciles {
		p := d.Point
		table.Rows = append(table.Rows, []string{strconv.Itoa(d.Decile), p.Category, needs.FormatValue(p.Value), needs.FormatValue(p.Lower95), needs.FormatValue(p.Upper95),
			needs.FormatValue(p.Count), needs.FormatValue(p.Denominator), needs.OutcomeLabel(d.Comparison.Outcome)})
	}
	if len(v.Deciles) == 0 {
		return Chart{Title: title, Summary: "This indicator has no values by deprivation decile for " + v.Area.Name + "."}
	}
	summary := fmt.Sprintf("%d deciles, %s (%s).", len(v.Deciles), v.Sex, v.Age)
	first, last := v.Deciles[0], v.Deciles[len(v.Deciles)-1]
	summary += fmt.Sprintf(" Decile %d (%s): %s; decile %d (%s): %s.", first.Decile, first.Point.Category, needs.FormatValue(first.Point.Value), last.Decile, last.Point.Category, needs.FormatValue(last.Point.Value))
	if needs.Has(v.Overall.Value) {
		summary += fmt.Sprintf(" %s overall: %s.", v.Area.Name, needs.FormatValue(v.Overall.Value))
	}
	if v.SII != nil {
		summary += " " + v.SII.Sentence(ind.Unit)
	}
	const w, left, right, top, plotH = narrowWidth, 44, 6, 10, 200
	lo, hi := 0.0, 0.0
	for _, d := range v.Deciles {
		for _, x := range []float64{d.Point.Value, d.Point.Upper95, d.Point.Lower95} {
			if needs.Has(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	if needs.Has(v.Overall.Value) {
		hi = math.Max(hi, v.Overall.Value)
	}
	if v.SII != nil {
		hi = math.Max(hi, math.Max(v.SII.At(0), v.SII.At(1)))
		lo = math.Min(lo, math.Min(v.SII.At(0), v.SII.At(1)))
	}
	if hi == lo {
		hi = lo + 1
	}
	ticks := NiceTicks(lo, hi, 5)
	if len(ticks) > 1 {
		lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	}
	y := func(val float64) float64 { return top + (hi-val)/(hi-lo)*plotH }
	plotW := float64(w - left - right)
	// Bar positions: by the SII's ranks and shares when there is one,
	// otherwise ten equal slots.
	slot := func(d needs.DecileValue) (x0, x1 float64) {
		if v.SII != nil && d.Share > 0 {
			return left + (d.Rank-d.Share/2)*plotW, left + (d.Rank+d.Share/2)*plotW
		}
		return left + float64(d.Decile-1)*plotW/10, left + float64(d.Decile)*plotW/10
	}
	keyTop := float64(top + plotH + 40)
	keyRows := 2
	if v.SII != nil {
		keyRows++
	}
	counts := map[needs.Outcome]int{}
	for _, d := range v.Deciles {
		counts[d.Comparison.Outcome]++
	}
	h := keyTop + float64(keyRows)*18 + mapKeyHeight(counts, 0) + 4
	var b strings.Builder
	svgOpen(&b, id, w, int(h), title, summary, "pb-chart--narrow")
	for _, t := range ticks {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#b1b4b6"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`, left, y(t), w-right, y(t), left-4, y(t)+4, esc(needs.FormatValue(t)))
	}
	for _, d := range v.Deciles {
		x0, x1 := slot(d)
		p := d.Point
		if needs.Has(p.Value) {
			base := y(math.Max(lo, 0))
			top := y(p.Value)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#0b0c0c" stroke-width="0.5"><title>%s: %s (%s)</title></rect>`,
				x0+1, math.Min(top, base), math.Max(0, x1-x0-2), math.Abs(base-top), OutcomeColour(d.Comparison.Outcome), esc(p.Category), esc(needs.FormatValue(p.Value)), esc(needs.OutcomeLabel(d.Comparison.Outcome)))
		}
		if needs.Has(p.Lower95) && needs.Has(p.Upper95) {
			cx := (x0 + x1) / 2
			fmt.Fprintf(&b, `<path d="M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f" stroke="#0b0c0c" stroke-width="1.5" fill="none"/>`,
				cx, y(p.Lower95), y(p.Upper95), cx-4, y(p.Lower95), cx+4, cx-4, y(p.Upper95), cx+4)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`, (x0+x1)/2, top+plotH+16, d.Decile)
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#0b0c0c"/>`, left, top+plotH, w-right, top+plotH)
	fmt.Fprintf(&b, `<text x="%d" y="%d">← Most deprived</text><text x="%d" y="%d" text-anchor="end">Least deprived →</text>`, left, top+plotH+32, w-right, top+plotH+32)
	if needs.Has(v.Overall.Value) {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 3"/>`, left, y(v.Overall.Value), w-right, y(v.Overall.Value))
	}
	if v.SII != nil {
		fmt.Fprintf(&b, `<line class="app-sii-line" x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#28a197" stroke-width="3"/>`, left, y(v.SII.At(0)), w-right, y(v.SII.At(1)))
	}
	// The key: the lines, then the bars' colours.
	ky := keyTop
	fmt.Fprintf(&b, `<line x1="2" y1="%.0f" x2="16" y2="%.0f" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="4 2"/><text x="22" y="%.0f">%s</text>`,
		ky+6, ky+6, ky+10, esc(clipName(v.Area.Name+" overall: "+needs.FormatValue(v.Overall.Value), 44)))
	ky += 18
	fmt.Fprintf(&b, `<path d="M9 %.0fV%.0fM5 %.0fH13M5 %.0fH13" stroke="#0b0c0c" stroke-width="1.5"/><text x="22" y="%.0f">95%% confidence interval</text>`, ky, ky+12, ky, ky+12, ky+10)
	ky += 18
	if v.SII != nil {
		fmt.Fprintf(&b, `<line x1="2" y1="%.0f" x2="16" y2="%.0f" stroke="#28a197" stroke-width="3"/><text x="22" y="%.0f">Line fitted for the SII: %s</text>`, ky+6, ky+6, ky+10, esc(needs.FormatValue(v.SII.Value)))
		ky += 18
	}
	mapKeyHeading(&b, 2, ky, "Compared with "+clipName(v.Area.Name, 24)+" overall", counts, 0)
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}

// SexChart draws an area's values by sex as horizontal bars with their 95%
// intervals, each sex coloured by its comparison with persons.
func SexChart(id string, v needs.Inequalities) Chart {
	title := fmt.Sprintf("%s by sex: %s, %s", v.Indicator.Name, v.Area.Name, v.Period)
	table := Table{Header: []string{"Sex", "Age", "Value", "Lower 95% limit", "Upper 95% limit", "Count", "Denominator", "Compared with persons"}}
	for _, s := range v.BySex {
		p := s.Point
		table.Rows = append(table.Rows, []string{p.Sex, p.Age, needs.FormatValue(p.Value), needs.FormatValue(p.Lower95), needs.FormatValue(p.Upper95),
			needs.FormatValue(p.Count), needs.FormatValue(p.Denominator), needs.OutcomeLabel(s.Comparison.Outcome)})
	}
	if len(v.BySex) == 0 {
		return Chart{Title: title, Summary: "This indicator has no values by sex for " + v.Area.Name + " in " + v.Period + "."}
	}
	summary := v.SexNote
	if summary == "" {
		summary = fmt.Sprintf("%d values by sex.", len(v.BySex))
	}
	const w, labelW, valueW, rowH, top = narrowWidth, 64, 56, 26, 6
	maxV := 0.0
	for _, s := range v.BySex {
		for _, x := range []float64{s.Point.Value, s.Point.Upper95} {
			if needs.Has(x) {
				maxV = math.Max(maxV, x)
			}
		}
	}
	if maxV <= 0 {
		maxV = 1
	}
	barW := float64(w - labelW - valueW)
	x := func(val float64) float64 { return labelW + math.Max(0, val)/maxV*barW }
	h := top + rowH*len(v.BySex) + 6
	var b strings.Builder
	svgOpen(&b, id, w, h, title, summary, "pb-chart--narrow")
	for i, s := range v.BySex {
		p := s.Point
		yy := top + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-6, yy+15, esc(p.Sex))
		if needs.Has(p.Value) {
			fill := OutcomeColour(s.Comparison.Outcome)
			if strings.EqualFold(p.Sex, "Persons") { // the reference
				fill = "#b1b4b6"
			}
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="16" fill="%s" stroke="#0b0c0c" stroke-width="0.5"><title>%s: %s</title></rect>`, labelW, yy+3, x(p.Value)-labelW, fill, esc(p.Sex), esc(needs.FormatValue(p.Value)))
		}
		if needs.Has(p.Lower95) && needs.Has(p.Upper95) {
			fmt.Fprintf(&b, `<path d="M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d" stroke="#0b0c0c" stroke-width="1.5" fill="none"/>`, x(p.Lower95), yy+11, x(p.Upper95), x(p.Lower95), yy+6, yy+16, x(p.Upper95), yy+6, yy+16)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, w-valueW+4, yy+15, esc(needs.FormatValue(p.Value)))
	}
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}
