package web

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
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

// newPyramid arranges counts into the bands of places.AgeBands. Bands with
// no count show as zero; unknown bands are ignored.
func newPyramid(counts []places.PopulationCount) Pyramid {
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
		formatInt(p.Total), formatInt(female), formatInt(male))
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
	fmt.Fprintf(&b, `<text x="0" y="%d">%s</text>`, axisY+16, formatInt(maxV))
	fmt.Fprintf(&b, `<text x="%g" y="%d" text-anchor="end">0</text>`, half, axisY+16)
	fmt.Fprintf(&b, `<text x="%g" y="%d">0</text>`, half+labelW, axisY+16)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, width, axisY+16, formatInt(maxV))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// HexLayout is a HexJSON layout ("odd-r" or "even-r", rows counted upwards).
type HexLayout struct {
	Layout string             `json:"layout"`
	Hexes  map[string]HexCell `json:"hexes"`
}

// HexCell is one hexagon of a layout.
type HexCell struct {
	Name string `json:"n"`
	Q    int    `json:"q"`
	R    int    `json:"r"`
}

func parseHexLayout(b []byte) (*HexLayout, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("no hex layout")
	}
	var h HexLayout
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("hex layout: %w", err)
	}
	if h.Layout != "odd-r" && h.Layout != "even-r" {
		return nil, fmt.Errorf("hex layout %q is not odd-r or even-r", h.Layout)
	}
	return &h, nil
}

// HexStyle says how to draw one hexagon.
type HexStyle struct {
	Class string // CSS modifier, e.g. "nhs" → app-hex--nhs
	Href  string // when set the hexagon is a link
	Label string // the link's accessible name (the area's name is used if empty)
}

// SVG draws the layout with pointy-topped hexagons of the given size
// (centre to corner, in pixels). style is called for each code; codes it
// leaves without a class are drawn as context. When no hex is a link the
// whole image is one img with the given title; otherwise it is a group of
// links named by title.
func (h *HexLayout) SVG(id, title string, size float64, style func(code string) HexStyle) template.HTML {
	if h == nil || len(h.Hexes) == 0 || size <= 0 {
		return ""
	}
	w := math.Sqrt(3) * size
	rowStep := 1.5 * size
	minQ, maxQ, minR, maxR := math.MaxInt, math.MinInt, math.MaxInt, math.MinInt
	for _, c := range h.Hexes {
		minQ, maxQ = min(minQ, c.Q), max(maxQ, c.Q)
		minR, maxR = min(minR, c.R), max(maxR, c.R)
	}
	codes := make([]string, 0, len(h.Hexes))
	for code := range h.Hexes {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	styles := make(map[string]HexStyle, len(codes))
	links := false
	for _, code := range codes {
		s := style(code)
		styles[code] = s
		if s.Href != "" {
			links = true
		}
	}
	width := float64(maxQ-minQ+1)*w + w/2 + 4
	height := float64(maxR-minR)*rowStep + 2*size + 4
	var b strings.Builder
	if links {
		fmt.Fprintf(&b, `<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="group" aria-labelledby="%s-title">`, width, height, width, height, id)
	} else {
		fmt.Fprintf(&b, `<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="%s-title">`, width, height, width, height, id)
	}
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, html.EscapeString(title))
	for _, code := range codes {
		c := h.Hexes[code]
		cx := float64(c.Q-minQ)*w + w/2 + 2
		odd := (c.R%2 != 0)
		if (h.Layout == "odd-r" && odd) || (h.Layout == "even-r" && !odd) {
			cx += w / 2
		}
		cy := float64(maxR-c.R)*rowStep + size + 2 // rows count upwards
		var pts strings.Builder
		for k := 0; k < 6; k++ {
			a := math.Pi/180*(60*float64(k)) - math.Pi/6 // pointy top
			if k > 0 {
				pts.WriteByte(' ')
			}
			fmt.Fprintf(&pts, "%.1f,%.1f", cx+size*math.Cos(a), cy+size*math.Sin(a))
		}
		s := styles[code]
		class := "app-hex app-hex--context"
		if s.Class != "" {
			class = "app-hex app-hex--" + s.Class
		}
		poly := fmt.Sprintf(`<polygon class="%s" points="%s"></polygon>`, html.EscapeString(class), pts.String())
		if s.Href != "" {
			label := s.Label
			if label == "" {
				label = c.Name
			}
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s">%s</a>`, html.EscapeString(s.Href), html.EscapeString(label), poly)
		} else {
			b.WriteString(poly)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
