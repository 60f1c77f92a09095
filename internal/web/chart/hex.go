package chart

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strings"
)

// HexLayout is a HexJSON layout ("odd-r" or "even-r", rows counted upwards).
type HexLayout struct {
	Layout string             `json:"layout"`
	Hexes  map[string]HexCell `json:"hexes"`
}

// HexCell is one hexagon of a layout. Code is the key it is filed under
// (ParseHexLayout fills it in).
type HexCell struct {
	Code string `json:"-"`
	Name string `json:"n"`
	Q    int    `json:"q"`
	R    int    `json:"r"`
}

// ParseHexLayout reads a HexJSON layout with odd-r or even-r offsets.
func ParseHexLayout(b []byte) (*HexLayout, error) {
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
	for code, c := range h.Hexes {
		c.Code = code
		h.Hexes[code] = c
	}
	return &h, nil
}

// HexStyle says how to draw one hexagon.
type HexStyle struct {
	Class string // CSS modifier, e.g. "nhs" → app-hex--nhs
	// Fill and Stroke colour the hexagon directly (e.g. by comparison)
	// instead of through a class; the page's CSS cannot override them.
	Fill, Stroke string
	Tooltip      string // a <title> for the hexagon alone
	Href         string // when set the hexagon is a link
	Label        string // the link's accessible name (the area's name is used if empty)
	Chosen       bool   // outlined thickly, drawn on top (the area a page is about)
}

// mapExtras are drawn with a map: a label above it naming the chosen area,
// with a line to it, and a key below it.
type mapExtras struct {
	label     string
	keyHeight float64
	key       func(b *strings.Builder, y float64)
}

// SVG draws the layout with pointy-topped hexagons of the given size
// (centre to corner, in pixels). style is called for each code; codes it
// leaves without a class or fill are drawn as context. When no hex is a
// link the whole image is one img with the given title; otherwise it is a
// group of links named by title.
func (h *HexLayout) SVG(id, title string, size float64, style func(code string) HexStyle) template.HTML {
	return template.HTML(h.render(id, title, "", size, style, nil))
}

// render is the one hex-map renderer: SVG and HexMap both draw with it.
// desc, when set, describes the image in words (<desc>).
func (h *HexLayout) render(id, title, desc string, size float64, style func(code string) HexStyle, extra *mapExtras) string {
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
	top, mapHeight := 0.0, height
	if extra != nil {
		if extra.label != "" {
			top = 22
		}
		height += top + extra.keyHeight + 8
	}
	role, labelledBy := "img", id+"-title"
	if links {
		role = "group"
	}
	if desc != "" {
		labelledBy += " " + id + "-desc"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="%s" aria-labelledby="%s">`,
		width, height, width, height, role, labelledBy)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, html.EscapeString(title))
	if desc != "" {
		fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`, id, html.EscapeString(desc))
	}
	chosen, chosenX, chosenY := "", 0.0, 0.0
	for _, code := range codes {
		c := h.Hexes[code]
		cx := float64(c.Q-minQ)*w + w/2 + 2
		odd := (c.R%2 != 0)
		if (h.Layout == "odd-r" && odd) || (h.Layout == "even-r" && !odd) {
			cx += w / 2
		}
		cy := top + float64(maxR-c.R)*rowStep + size + 2 // rows count upwards
		var pts strings.Builder
		for k := 0; k < 6; k++ {
			a := math.Pi/180*(60*float64(k)) - math.Pi/6 // pointy top
			if k > 0 {
				pts.WriteByte(' ')
			}
			fmt.Fprintf(&pts, "%.1f,%.1f", cx+size*math.Cos(a), cy+size*math.Sin(a))
		}
		s := styles[code]
		if s.Chosen {
			chosen = fmt.Sprintf(`<polygon class="app-map__area--chosen" data-area="%s" points="%s" fill="none" stroke="#0b0c0c" stroke-width="3"/>`, html.EscapeString(code), pts.String())
			chosenX, chosenY = cx, cy
		}
		var poly strings.Builder
		if s.Fill != "" {
			fmt.Fprintf(&poly, `<polygon points="%s" fill="%s" stroke="%s">`, pts.String(), html.EscapeString(s.Fill), html.EscapeString(s.Stroke))
		} else {
			class := "app-hex app-hex--context"
			if s.Class != "" {
				class = "app-hex app-hex--" + s.Class
			}
			fmt.Fprintf(&poly, `<polygon class="%s" points="%s">`, html.EscapeString(class), pts.String())
		}
		if s.Tooltip != "" {
			fmt.Fprintf(&poly, `<title>%s</title>`, html.EscapeString(s.Tooltip))
		}
		poly.WriteString(`</polygon>`)
		if s.Href != "" {
			label := s.Label
			if label == "" {
				label = c.Name
			}
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s">%s</a>`, html.EscapeString(s.Href), html.EscapeString(label), poly.String())
		} else {
			b.WriteString(poly.String())
		}
	}
	b.WriteString(chosen)
	if extra != nil {
		if extra.label != "" && chosen != "" {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="18" x2="%.1f" y2="%.1f" stroke="#0b0c0c" stroke-width="1"/>`, chosenX, chosenX, chosenY)
			fmt.Fprintf(&b, `<text class="app-map__label" x="2" y="14" font-size="12" font-weight="bold">%s</text>`, html.EscapeString(extra.label))
		}
		if extra.key != nil {
			extra.key(&b, top+mapHeight+4)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}
