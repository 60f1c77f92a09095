package chart

import (
	"fmt"
	"strconv"
	"strings"
)

// CountBar is one bar of a count chart: an answer and how many gave it.
type CountBar struct {
	Label   string
	Count   int
	Percent string // as the page shows it ("42.9%")
}

// CountChart draws a consultation question's answers as horizontal bars,
// each labelled with its count and percentage so the colour and length
// are never the only cue, with a summary and the table of the same
// figures.
func CountChart(id, title string, answered int, bars []CountBar) Chart {
	const labelW, barW, rowH, top = 240, 380, 26, 10
	w, h := labelW+barW+120, top+rowH*len(bars)+10
	maxC := 1
	best := -1
	for i, b := range bars {
		if b.Count > maxC {
			maxC = b.Count
		}
		if best < 0 || b.Count > bars[best].Count {
			best = i
		}
	}
	summary := fmt.Sprintf("%d people answered.", answered)
	if best >= 0 && bars[best].Count > 0 {
		summary += fmt.Sprintf(" Most chosen: %s (%d, %s).", bars[best].Label, bars[best].Count, bars[best].Percent)
	}
	var b strings.Builder
	svgOpen(&b, id, w, h, title, summary)
	table := Table{Header: []string{"Answer", "Count", "Percentage"}}
	for i, bar := range bars {
		y := top + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="13">%s</text>`, labelW-6, y+16, esc(clipName(bar.Label, 34)))
		width := float64(bar.Count) / float64(maxC) * barW
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="18" fill="#1d70b8"/>`, labelW, y+3, width)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="13">%d (%s)</text>`, float64(labelW)+width+6, y+16, bar.Count, esc(bar.Percent))
		table.Rows = append(table.Rows, []string{bar.Label, strconv.Itoa(bar.Count), bar.Percent})
	}
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}
