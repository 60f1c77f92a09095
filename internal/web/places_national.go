package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/web/chart"
)

// nationalQuery is the national view's sort order and filter, read from
// the query string so that sorting and filtering need no JavaScript and the
// CSV download gives exactly the rows on the page.
type nationalQuery struct {
	Sort  string // name, sector, councils, on_board
	Desc  bool
	LedBy places.Sector // "" for every footprint
}

var nationalSorts = map[string]string{
	"name":     "Footprint",
	"sector":   "Lead sector",
	"councils": "Councils",
	"on_board": "Councils on the leadership board",
}

// parseNationalQuery reads sort, order and led_by, naming the parameter
// that is wrong.
func parseNationalQuery(q url.Values) (nationalQuery, *Form) {
	f := newForm()
	nq := nationalQuery{Sort: "name"}
	// The filter form carries the sort order along in hidden fields.
	defer func() {
		f.Values.Set("sort", nq.Sort)
		if nq.Desc {
			f.Values.Set("order", "desc")
		}
	}()
	if s := q.Get("sort"); s != "" {
		if _, ok := nationalSorts[s]; !ok {
			f.AddParamError("sort", "Sort (sort) must be name, sector, councils or on_board")
		} else {
			nq.Sort = s
		}
	}
	switch q.Get("order") {
	case "", "asc":
	case "desc":
		nq.Desc = true
	default:
		f.AddParamError("order", "Order (order) must be asc or desc")
	}
	switch l := places.Sector(q.Get("led_by")); l {
	case "":
	case places.SectorLocalGovernment, places.SectorNHS:
		nq.LedBy = l
		f.Values.Set("led_by", string(l))
	default:
		f.AddError("led_by", "Led by (led_by) must be local_government or nhs")
	}
	return nq, f
}

// sortFootprints returns the rows nq's filter keeps, in its order. Ties
// are broken by name, so the order is stable and the same in the CSV.
func sortFootprints(rows []nationalRow, nq nationalQuery) []nationalRow {
	var shown []nationalRow
	for _, row := range rows {
		if nq.LedBy == "" || row.LeadSector == nq.LedBy {
			shown = append(shown, row)
		}
	}
	less := func(a, b nationalRow) int {
		switch nq.Sort {
		case "sector":
			if c := strings.Compare(sectorLabel(a.LeadSector), sectorLabel(b.LeadSector)); c != 0 {
				return c
			}
		case "councils":
			if c := len(a.Councils) - len(b.Councils); c != 0 {
				return c
			}
		case "on_board":
			if c := a.CouncilsOnBoard - b.CouncilsOnBoard; c != 0 {
				return c
			}
		}
		return strings.Compare(a.Area.Name, b.Area.Name)
	}
	sort.SliceStable(shown, func(i, j int) bool {
		c := less(shown[i], shown[j])
		if nq.Desc {
			return c > 0
		}
		return c < 0
	})
	return shown
}

// nationalRow is one footprint as the table and the CSV show it.
type nationalRow struct {
	places.Footprint
	LeadName string
}

// CouncilNames joins the councils' names, marking those only partly in
// the footprint with the share of their neighbourhoods (LSOAs) inside it.
func (r nationalRow) CouncilNames() string {
	names := make([]string, len(r.Councils))
	for i, c := range r.Councils {
		names[i] = c.Name
		for _, p := range c.Parents {
			if p.Type == places.AreaSTP && p.Code == r.Area.Code && !p.Whole() && p.OfLSOAs > 0 {
				names[i] += " (" + percent(int64(p.LSOAs), int64(p.OfLSOAs)) + " of its area)"
			}
		}
	}
	return strings.Join(names, "; ")
}

// footprintRows returns the summary's rows filtered and sorted as nq asks.
func footprintRows(sum *places.NationalSummary, nq nationalQuery) []nationalRow {
	all := make([]nationalRow, len(sum.Footprints))
	for i, f := range sum.Footprints {
		all[i] = nationalRow{Footprint: f}
		if f.LeadOrg != nil {
			all[i].LeadName = f.LeadOrg.Name
		}
	}
	return sortFootprints(all, nq)
}

// nationalRendered keeps the national page's body and CSV as rendered for
// one generation of the national summary, per query (four sorts, two
// orders, two filters: at most 16 of each). The summary itself is shared
// with the API through places.National; this saves the rendering, which
// is most of the page's cost. A new generation drops everything.
type nationalRendered struct {
	mu  sync.Mutex
	gen int64
	m   map[nationalRenderKey][]byte
}

type nationalRenderKey struct {
	csv bool
	q   nationalQuery
}

func (c *nationalRendered) get(gen int64, k nationalRenderKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[k]
	return b, ok && c.gen == gen
}

func (c *nationalRendered) put(gen int64, k nationalRenderKey, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.gen {
		return // built from an older summary than the one cached
	}
	if gen != c.gen || c.m == nil {
		c.gen, c.m = gen, map[nationalRenderKey][]byte{}
	}
	c.m[k] = b
}

type sortHeader struct {
	Key, Label, Href, Aria string
	Numeric                bool
}

type nationalView struct {
	Rows    []nationalRow
	Headers []sortHeader
	// Totals are every footprint's; Shown those of the rows the filter
	// keeps. Both are counted by places.TotalFootprints.
	Totals, Shown places.NationalTotals
	Filtered      bool
	CSVHref       string
	Map           template.HTML
}

// nationalPage is the national page as the layout receives it: the body,
// rendered from a nationalView by the "national-body" template (or cached).
type nationalPage struct {
	Body template.HTML
}

// national is every 2017 footprint with its lead's sector, its councils and
// how many sit on its leadership board.
func (w *Web) national(rw http.ResponseWriter, r *http.Request) {
	nq, form := parseNationalQuery(r.URL.Query())
	page := &Page{Title: "National view of footprints", Nav: "national", Form: form, Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}}}
	if !form.Valid() {
		body, err := w.renderFragment("national", "national-body", &Page{Form: form, Data: nationalView{}})
		if err != nil {
			w.serverError(rw, r, err)
			return
		}
		page.Data = nationalPage{Body: template.HTML(body)} //nolint:gosec // rendered by html/template
		w.render(rw, r, http.StatusBadRequest, "national", page)
		return
	}
	sum, err := w.footprints.Summary(r.Context())
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	key := nationalRenderKey{q: nq}
	body, ok := w.nationalRendered.get(sum.Generation, key)
	if !ok {
		body, err = w.renderFragment("national", "national-body", &Page{Form: form, Data: w.nationalViewOf(sum, nq)})
		if err != nil {
			w.serverError(rw, r, err)
			return
		}
		w.nationalRendered.put(sum.Generation, key, body)
	}
	page.Data = nationalPage{Body: template.HTML(body)} //nolint:gosec // rendered by html/template
	w.render(rw, r, http.StatusOK, "national", page)
}

// nationalViewOf lays out the summary's rows as nq asks.
func (w *Web) nationalViewOf(sum *places.NationalSummary, nq nationalQuery) nationalView {
	shown := footprintRows(sum, nq)
	v := nationalView{Rows: shown, Totals: sum.Totals, Filtered: nq.LedBy != ""}
	v.Shown = sum.Totals
	if v.Filtered {
		fs := make([]places.Footprint, len(shown))
		for i, row := range shown {
			fs[i] = row.Footprint
		}
		v.Shown = places.TotalFootprints(fs)
	}
	for _, key := range []string{"name", "sector", "councils", "on_board"} {
		h := sortHeader{Key: key, Label: nationalSorts[key], Numeric: key == "councils" || key == "on_board"}
		q := url.Values{}
		q.Set("sort", key)
		if nq.Sort == key {
			if nq.Desc {
				h.Aria = "descending"
			} else {
				h.Aria = "ascending"
				q.Set("order", "desc")
			}
		} else if h.Numeric {
			q.Set("order", "desc") // biggest first is the useful first click
		}
		if nq.LedBy != "" {
			q.Set("led_by", string(nq.LedBy))
		}
		h.Href = "/national?" + q.Encode() + "#footprints"
		v.Headers = append(v.Headers, h)
	}
	// The CSV link carries the page's sort and filter (written from nq, not
	// copied from the address, so the body depends on nq alone).
	v.CSVHref = "/national.csv"
	if q := nq.values(); len(q) > 0 {
		v.CSVHref += "?" + q.Encode()
	}
	if layout := w.hexLayout(refdata.STP); layout != nil {
		sectors := map[string]nationalRow{}
		for _, row := range shown {
			sectors[row.Area.Code] = row
		}
		v.Map = layout.SVG("national-map", "Map of the 44 footprints in hexagons, coloured by the sector of the lead organisation", 26, func(code string) chart.HexStyle {
			row, ok := sectors[code]
			if !ok {
				return chart.HexStyle{}
			}
			class := "none"
			if row.LeadSector != "" {
				class = string(row.LeadSector)
			}
			return chart.HexStyle{Class: class, Href: "/areas/stp/" + code,
				Label: row.Area.Name + ": led by " + strings.ToLower(sectorLabel(row.LeadSector)) + ", " + itoa(row.CouncilsOnBoard) + " of " + itoa(len(row.Councils)) + " councils on the leadership board"}
		})
	}
	return v
}

// values writes nq back as query parameters, leaving out the defaults.
func (nq nationalQuery) values() url.Values {
	q := url.Values{}
	if nq.Sort != "name" {
		q.Set("sort", nq.Sort)
	}
	if nq.Desc {
		q.Set("order", "desc")
	}
	if nq.LedBy != "" {
		q.Set("led_by", string(nq.LedBy))
	}
	return q
}

// FilterOptions is the national view's filter checkbox.
func (nationalView) FilterOptions() []Option {
	return []Option{{Value: string(places.SectorLocalGovernment), Label: "Led by local government"}}
}

// renderFragment renders one named template of a page (not the layout)
// to bytes, for a body that is cached and then placed in the layout.
func (w *Web) renderFragment(page, name string, p *Page) ([]byte, error) {
	t, ok := w.tmpl.pages[page]
	if !ok {
		return nil, fmt.Errorf("web: no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, p); err != nil {
		return nil, fmt.Errorf("web: render %s %s: %w", page, name, err)
	}
	return buf.Bytes(), nil
}
