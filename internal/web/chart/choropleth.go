package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
)

// A choropleth draws areas on their real boundaries (the reference data's
// GeoJSON, longitude and latitude), coloured like the hex map.
//
// Projection: equirectangular, x = longitude × cos(φ₀) and y = −latitude,
// with φ₀ the middle latitude of the boundaries (about 52.5° for England).
// Across England's six degrees of latitude this keeps shapes within a few
// per cent of the British National Grid's, which is plenty at page size.
// Paths are simplified by Douglas–Peucker at a fraction of a drawn pixel and
// written to one decimal, so every upper-tier council fits in about 90 KB
// of SVG; the projected paths are reference data and built once per process
// (see ProjectBoundaries).

// MapWidth is the width of a choropleth in SVG units: narrower than a
// phone's column at 375 px, so the map fits with its 12-unit text drawn at
// least 12 px.
const MapWidth = 320

// mapSimplify is the Douglas–Peucker tolerance in SVG units.
const mapSimplify = 0.35

// AreaMap is one area type's boundaries projected to SVG paths.
type AreaMap struct {
	Width, Height float64
	Areas         []MapArea // by code
	index         map[string]int
}

// MapArea is one area's outline: its SVG path and the point its label
// points at (the middle of its largest ring's bounding box).
type MapArea struct {
	Code, Name string
	Path       string
	X, Y       float64
}

// Area returns the area with code.
func (m *AreaMap) Area(code string) (MapArea, bool) {
	if m == nil {
		return MapArea{}, false
	}
	i, ok := m.index[code]
	if !ok {
		return MapArea{}, false
	}
	return m.Areas[i], true
}

type geoFeatures struct {
	Features []struct {
		Properties struct {
			Code string `json:"code"`
			Name string `json:"name"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// ProjectBoundaries projects a GeoJSON FeatureCollection of Polygons and
// MultiPolygons (properties code and name) to paths width SVG units wide.
func ProjectBoundaries(geojson []byte, width float64) (*AreaMap, error) {
	var fc geoFeatures
	if err := json.Unmarshal(geojson, &fc); err != nil {
		return nil, fmt.Errorf("boundaries: %w", err)
	}
	type feature struct {
		code, name string
		polys      [][][][2]float64
	}
	var feats []feature
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, f := range fc.Features {
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("boundaries of %s: %w", f.Properties.Code, err)
			}
			polys = [][][][2]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				return nil, fmt.Errorf("boundaries of %s: %w", f.Properties.Code, err)
			}
		default:
			return nil, fmt.Errorf("boundaries of %s: geometry %q is not a polygon", f.Properties.Code, f.Geometry.Type)
		}
		if f.Properties.Code == "" {
			return nil, fmt.Errorf("boundaries: a feature has no code")
		}
		for _, p := range polys {
			for _, ring := range p {
				for _, pt := range ring {
					minLon, maxLon = math.Min(minLon, pt[0]), math.Max(maxLon, pt[0])
					minLat, maxLat = math.Min(minLat, pt[1]), math.Max(maxLat, pt[1])
				}
			}
		}
		feats = append(feats, feature{f.Properties.Code, f.Properties.Name, polys})
	}
	if len(feats) == 0 || math.IsInf(minLon, 1) || maxLon == minLon || maxLat == minLat {
		return nil, fmt.Errorf("boundaries: no areas")
	}
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	const pad = 2.0
	scale := (width - 2*pad) / ((maxLon - minLon) * k)
	project := func(pt [2]float64) [2]float64 {
		return [2]float64{pad + (pt[0]-minLon)*k*scale, pad + (maxLat-pt[1])*scale}
	}
	m := &AreaMap{Width: width, Height: math.Ceil((maxLat-minLat)*scale + 2*pad), index: map[string]int{}}
	sort.Slice(feats, func(i, j int) bool { return feats[i].code < feats[j].code })
	for _, f := range feats {
		var d strings.Builder
		bestArea := -1.0
		var label [2]float64
		var largest [][2]float64 // the largest outer ring, unsimplified
		for _, p := range f.polys {
			for ri, ring := range p {
				pts := make([][2]float64, len(ring))
				for i, pt := range ring {
					pts[i] = project(pt)
				}
				if a := math.Abs(ringArea(pts)); ri == 0 && a > bestArea {
					bestArea, largest = a, pts
					label = ringMiddle(pts)
				}
				pts = simplifyRing(pts, mapSimplify)
				// Islets and holes smaller than a pixel are not drawn.
				if len(pts) < 4 || math.Abs(ringArea(pts)) < 0.5 {
					continue
				}
				writeRing(&d, pts)
			}
		}
		if d.Len() == 0 && len(largest) >= 4 {
			// An area smaller than the tolerance (the City of London) is
			// still drawn, from its unsimplified outline.
			writeRing(&d, largest)
		}
		if d.Len() == 0 {
			continue
		}
		m.index[f.code] = len(m.Areas)
		m.Areas = append(m.Areas, MapArea{Code: f.code, Name: f.name, Path: d.String(), X: label[0], Y: label[1]})
	}
	return m, nil
}

// simplifyRing is Douglas–Peucker on a closed ring: its first point is
// kept, and the point farthest from it splits the ring in two.
func simplifyRing(pts [][2]float64, tol float64) [][2]float64 {
	if len(pts) < 4 {
		return pts
	}
	far, fd := 0, -1.0
	for i, p := range pts {
		if d := math.Hypot(p[0]-pts[0][0], p[1]-pts[0][1]); d > fd {
			far, fd = i, d
		}
	}
	keep := make([]bool, len(pts))
	keep[0], keep[far], keep[len(pts)-1] = true, true, true
	douglasPeucker(pts, 0, far, tol, keep)
	douglasPeucker(pts, far, len(pts)-1, tol, keep)
	out := make([][2]float64, 0, len(pts)/4)
	for i, p := range pts {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

func douglasPeucker(pts [][2]float64, lo, hi int, tol float64, keep []bool) {
	for hi > lo+1 {
		a, b := pts[lo], pts[hi]
		dx, dy := b[0]-a[0], b[1]-a[1]
		n := math.Hypot(dx, dy)
		far, fd := -1, tol
		for i := lo + 1; i < hi; i++ {
			p := pts[i]
			var d float64
			if n == 0 {
				d = math.Hypot(p[0]-a[0], p[1]-a[1])
			} else {
				d = math.Abs(dy*p[0]-dx*p[1]+b[0]*a[1]-b[1]*a[0]) / n
			}
			if d > fd {
				far, fd = i, d
			}
		}
		if far < 0 {
			return
		}
		keep[far] = true
		douglasPeucker(pts, lo, far, tol, keep)
		lo = far
	}
}

func ringArea(pts [][2]float64) float64 {
	s := 0.0
	for i := range pts {
		j := (i + 1) % len(pts)
		s += pts[i][0]*pts[j][1] - pts[j][0]*pts[i][1]
	}
	return s / 2
}

func ringMiddle(pts [][2]float64) [2]float64 {
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		x0, x1 = math.Min(x0, p[0]), math.Max(x1, p[0])
		y0, y1 = math.Min(y0, p[1]), math.Max(y1, p[1])
	}
	return [2]float64{(x0 + x1) / 2, (y0 + y1) / 2}
}

// writeRing writes a ring as one absolute move then relative lines, to one
// decimal; points that round onto the previous one are dropped.
func writeRing(d *strings.Builder, pts [][2]float64) {
	r := func(v float64) int { return int(math.Round(v * 10)) }
	px, py := r(pts[0][0]), r(pts[0][1])
	d.WriteByte('M')
	d.WriteString(tenths(px))
	d.WriteByte(' ')
	d.WriteString(tenths(py))
	first := true
	for _, p := range pts[1 : len(pts)-1] {
		x, y := r(p[0]), r(p[1])
		if x == px && y == py {
			continue
		}
		if first {
			d.WriteByte('l')
			first = false
		} else if x-px >= 0 {
			d.WriteByte(' ')
		}
		d.WriteString(tenths(x - px))
		if y-py >= 0 {
			d.WriteByte(' ')
		}
		d.WriteString(tenths(y - py))
		px, py = x, y
	}
	d.WriteByte('z')
}

// tenths writes n/10 without a leading zero or a trailing ".0" (SVG path
// syntax: "-.5", "12", "3.4").
func tenths(n int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.Itoa(n / 10)
	if f := n % 10; f != 0 {
		if s == "0" {
			s = ""
		}
		s += "." + strconv.Itoa(f)
	}
	if neg {
		return "-" + s
	}
	return s
}

// mapKeyRows are the outcomes a map's key lists, in this order, with the
// areas without a value last.
var mapKeyRows = []needs.Outcome{needs.Better, needs.Similar, needs.Worse, needs.Higher, needs.Lower, needs.NotCompared}

// mapKey draws the key of a map coloured by comparison at (x, y): one row
// per outcome present, then "No data" when some area has none. It returns
// the height drawn (mapKeyHeight, less its margin).
func mapKey(b *strings.Builder, x, y float64, counts map[needs.Outcome]int, noData int) float64 {
	return mapKeyHeading(b, x, y, "Compared with England", counts, noData)
}

// mapKeyHeading is mapKey under another heading.
func mapKeyHeading(b *strings.Builder, x, y float64, heading string, counts map[needs.Outcome]int, noData int) float64 {
	const rowH = 18
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" font-weight="bold">%s</text>`, x, y+12, esc(heading))
	h := 18.0
	row := func(fill, stroke, label string) {
		fmt.Fprintf(b, `<rect x="%.0f" y="%.0f" width="14" height="12" fill="%s" stroke="%s"/><text x="%.0f" y="%.0f">%s</text>`,
			x, y+h+1, fill, stroke, x+20, y+h+11, esc(label))
		h += rowH
	}
	for _, o := range mapKeyRows {
		if n := counts[o]; n > 0 {
			row(OutcomeColour(o), "#0b0c0c", fmt.Sprintf("%s (%d)", needs.OutcomeLabel(o), n))
		}
	}
	if noData > 0 {
		row("#ffffff", "#b1b4b6", fmt.Sprintf("No data (%d)", noData))
	}
	return h
}

// mapKeyHeight is the height mapKey draws, with a margin below.
func mapKeyHeight(counts map[needs.Outcome]int, noData int) float64 {
	rows := 1
	for _, o := range mapKeyRows {
		if counts[o] > 0 {
			rows++
		}
	}
	if noData > 0 {
		rows++
	}
	return float64(rows)*18 + 4
}

// chosenLabel names the chosen area and its value, e.g. "Liverpool: 67.1,
// Worse than benchmark", or says it has no value.
func chosenLabel(name string, it BarItem, ok bool) string {
	if !ok || !needs.Has(it.Point.Value) {
		return name + ": no data"
	}
	return name + ": " + needs.FormatValue(it.Point.Value) + ", " + needs.OutcomeLabel(it.Comparison.Outcome)
}

// Choropleth colours each area of m by its comparison with England, with
// a key below the map. The chosen area (a code, or "") is outlined thickly,
// drawn last, and named in a label above the map with a line to it. Each
// area has a <title> with its name and value; the chart's table lists the
// areas with values, and the page's own table of values is the fuller text
// alternative.
func Choropleth(id string, ind needs.Indicator, period string, m *AreaMap, values map[string]BarItem, chosen string) Chart {
	title := fmt.Sprintf("Map on boundaries: %s, %s", ind.Name, period)
	if m == nil || len(m.Areas) == 0 {
		return Chart{Title: title, Summary: "No boundaries are held for this area type."}
	}
	counts := map[needs.Outcome]int{}
	noData := 0
	table := Table{Header: []string{"Area code", "Area", "Value", "Comparison"}}
	for _, a := range m.Areas {
		if it, ok := values[a.Code]; ok && needs.Has(it.Point.Value) {
			counts[it.Comparison.Outcome]++
			table.Rows = append(table.Rows, []string{a.Code, a.Name, needs.FormatValue(it.Point.Value), needs.OutcomeLabel(it.Comparison.Outcome)})
		} else {
			noData++
		}
	}
	with := len(m.Areas) - noData
	summary := fmt.Sprintf("Map of %d areas on their boundaries, %d with values: %d better, %d similar, %d worse, %d higher or lower, %d not compared with England.",
		len(m.Areas), with, counts[needs.Better], counts[needs.Similar], counts[needs.Worse], counts[needs.Higher]+counts[needs.Lower], counts[needs.NotCompared])
	ch, hasChosen := m.Area(chosen)
	if hasChosen {
		it, ok := values[ch.Code]
		summary += " " + chosenLabel(ch.Name, it, ok) + " (outlined)."
	}
	summary += " The table of values on this page lists every area."
	const labelH = 22.0
	top := 0.0
	if hasChosen {
		top = labelH
	}
	w := m.Width
	h := top + m.Height + 8 + mapKeyHeight(counts, noData)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="pb-chart pb-chart--map" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="%s-title %s-desc" font-family="Arial, sans-serif" font-size="12">`, w, h, w, h, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(summary))
	fmt.Fprintf(&b, `<g transform="translate(0 %.0f)" stroke="#0b0c0c" stroke-width="0.3" stroke-linejoin="round">`, top)
	for _, a := range m.Areas {
		fill, tip := "#ffffff", a.Name+": no data"
		if it, ok := values[a.Code]; ok && needs.Has(it.Point.Value) {
			fill, tip = OutcomeColour(it.Comparison.Outcome), a.Name+": "+needs.FormatValue(it.Point.Value)+", "+needs.OutcomeLabel(it.Comparison.Outcome)
		}
		fmt.Fprintf(&b, `<path class="app-map__area" data-area="%s" fill="%s" d="%s"><title>%s</title></path>`, esc(a.Code), fill, a.Path, esc(tip))
	}
	if hasChosen {
		// Drawn again on top, thickly, with a white halo so the outline
		// shows against any fill.
		fmt.Fprintf(&b, `<path class="app-map__area app-map__area--chosen" data-area="%s" fill="none" stroke="#ffffff" stroke-width="4" d="%s"/>`, esc(ch.Code), ch.Path)
		fmt.Fprintf(&b, `<path class="app-map__area app-map__area--chosen" fill="none" stroke="#0b0c0c" stroke-width="2" d="%s"/>`, ch.Path)
	}
	b.WriteString(`</g>`)
	if hasChosen {
		it, ok := values[ch.Code]
		// A line from under the label down to the area.
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#0b0c0c" stroke-width="1"/>`, ch.X, labelH-4, ch.X, top+ch.Y)
		fmt.Fprintf(&b, `<text class="app-map__label" x="2" y="14" font-weight="bold">%s</text>`, esc(clipName(chosenLabel(ch.Name, it, ok), 48)))
	}
	mapKey(&b, 2, top+m.Height+8, counts, noData)
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}
