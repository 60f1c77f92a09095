package chart

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
)

// PyramidRow is one age band of a population pyramid.
type PyramidRow struct {
	AgeBand string
	Female  int64
	Male    int64
}

// Pyramid is a population by age band and sex, youngest first.
type Pyramid struct {
	Rows  []PyramidRow
	Total int64
}

// NewPyramid arranges counts into the bands of places.AgeBands. Bands with
// no count show as zero; unknown bands are ignored.
func NewPyramid(counts []places.PopulationCount) Pyramid {
	idx := map[string]int{}
	p := Pyramid{Rows: make([]PyramidRow, len(places.AgeBands))}
	for i, b := range places.AgeBands {
		idx[b] = i
		p.Rows[i].AgeBand = b
	}
	any := false
	for _, c := range counts {
		i, ok := idx[c.AgeBand]
		if !ok {
			continue
		}
		any = true
		switch c.Sex {
		case places.Female:
			p.Rows[i].Female += c.Count
		case places.Male:
			p.Rows[i].Male += c.Count
		default:
			continue
		}
		p.Total += c.Count
	}
	if !any {
		return Pyramid{}
	}
	return p
}

// OldestFirst lists the rows as the chart and table show them.
func (p Pyramid) OldestFirst() []PyramidRow {
	out := make([]PyramidRow, len(p.Rows))
	for i, r := range p.Rows {
		out[len(p.Rows)-1-i] = r
	}
	return out
}

// Sums returns the totals by sex.
func (p Pyramid) Sums() (female, male int64) {
	for _, r := range p.Rows {
		female += r.Female
		male += r.Male
	}
	return
}

// SVG draws the pyramid: males to the left, females to the right, oldest at
// the top. The image has a text alternative; the page also shows the figures
// as a table.
func (p Pyramid) SVG(areaName string) template.HTML {
	if len(p.Rows) == 0 {
		return ""
	}
	const (
		width     = 640
		labelW    = 60 // the age labels sit in a central column
		rowH      = 16
		gap       = 2
		top       = 24
		bottomPad = 30
	)
	var maxV int64 = 1
	for _, r := range p.Rows {
		maxV = max(maxV, r.Female, r.Male)
	}
	half := float64(width-labelW) / 2
	height := top + len(p.Rows)*(rowH+gap) + bottomPad
	female, male := p.Sums()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="pyramid-title pyramid-desc">`, width, height, width, height)
	fmt.Fprintf(&b, `<title id="pyramid-title">Population pyramid for %s, mid-2021</title>`, html.EscapeString(areaName))
	fmt.Fprintf(&b, `<desc id="pyramid-desc">%s people: %s female and %s male, in 5-year age bands from 0 to 4 up to 90 and over. The figures are in the table below.</desc>`,
		GroupDigits(p.Total), GroupDigits(female), GroupDigits(male))
	fmt.Fprintf(&b, `<text x="%g" y="14" text-anchor="middle">Male</text>`, half/2)
	fmt.Fprintf(&b, `<text x="%g" y="14" text-anchor="middle">Female</text>`, half+labelW+half/2)
	for i, r := range p.OldestFirst() {
		y := top + i*(rowH+gap)
		mw := half * float64(r.Male) / float64(maxV)
		fw := half * float64(r.Female) / float64(maxV)
		fmt.Fprintf(&b, `<rect class="app-chart__bar--male" x="%.1f" y="%d" width="%.1f" height="%d"></rect>`, half-mw, y, mw, rowH)
		fmt.Fprintf(&b, `<rect class="app-chart__bar--female" x="%.1f" y="%d" width="%.1f" height="%d"></rect>`, half+labelW, y, fw, rowH)
		fmt.Fprintf(&b, `<text x="%g" y="%d" text-anchor="middle">%s</text>`, half+labelW/2, y+rowH-4, html.EscapeString(r.AgeBand))
	}
	axisY := top + len(p.Rows)*(rowH+gap) + 2
	fmt.Fprintf(&b, `<line class="app-chart__axis" x1="0" y1="%d" x2="%g" y2="%d"></line>`, axisY, half, axisY)
	fmt.Fprintf(&b, `<line class="app-chart__axis" x1="%g" y1="%d" x2="%d" y2="%d"></line>`, half+labelW, axisY, width, axisY)
	fmt.Fprintf(&b, `<text x="0" y="%d">%s</text>`, axisY+16, GroupDigits(maxV))
	fmt.Fprintf(&b, `<text x="%g" y="%d" text-anchor="end">0</text>`, half, axisY+16)
	fmt.Fprintf(&b, `<text x="%g" y="%d">0</text>`, half+labelW, axisY+16)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, width, axisY+16, GroupDigits(maxV))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// groupDigits writes n with thousands separators (12,345).
func GroupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
