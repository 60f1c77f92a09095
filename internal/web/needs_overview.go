package web

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type overviewView struct {
	*renderedOverview
	Comparator comparatorForm
	// Heatmap is the rendered key, table and CSV link.
	Heatmap template.HTML
}

// renderedOverview is an overview as served: the page's heatmap section
// (or the CSV), rendered once per needs generation and query
// (overviewCache) and shared read-only by the requests.
type renderedOverview struct {
	Parent    places.Area
	ChildType places.AreaType
	// ChildLabel names the areas listed, in a sentence.
	ChildLabel string
	Body       []byte
}

// overviewHeatmapView is what the "overview-heatmap" template draws.
type overviewHeatmapView struct {
	Parent  places.Area
	Heatmap chart.Heatmap
	// Query is the comparator choice, for the area links; CSVHref the
	// download.
	Query, CSVHref string
}

// overviewData finds a parent area's overview, compared as the request
// asks: from the cache, or built by needs.Overviews and rendered (the
// heatmap for the page, or the CSV).
func (w *Web) overviewData(r *http.Request, code string, asCSV bool) (*overviewView, error) {
	form, err := comparatorChoice(r, "/areas/"+code+"/overview", "type")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	gen, err := w.store.NeedsGeneration(ctx)
	if err != nil {
		return nil, err
	}
	q := needs.OverviewQuery{Code: code, Type: places.AreaType(r.URL.Query().Get("type")), Choice: form.Choice}
	// The areas listed are those in force today: the day is part of the key.
	day := time.Now().UTC().Format(time.DateOnly)
	key := overviewKey{code: q.Code, parentType: q.Type, kind: q.Choice.Kind, set: q.Choice.SetParam(), day: day, csv: asCSV}
	out, ok := w.overviews.get(gen, key)
	if !ok {
		ov, err := needs.Overviews{Store: w.store, AsAt: day}.Overview(ctx, q)
		if err != nil {
			return nil, err
		}
		out = &renderedOverview{Parent: ov.Parent, ChildType: ov.ChildType, ChildLabel: strings.ToLower(areaTypeLabel(ov.ChildType))}
		if asCSV {
			out.Body = overviewCSV(chart.OverviewTable(ov))
		} else {
			hv := overviewHeatmapView{Parent: ov.Parent, Heatmap: chart.OverviewHeatmap(ov), Query: form.Query(), CSVHref: "/areas/" + ov.Parent.Code + "/overview.csv"}
			if hv.Query != "" {
				hv.CSVHref += "?" + hv.Query
			}
			if out.Body, err = w.renderFragment("needs-overview", "overview-heatmap", &Page{Data: hv}); err != nil {
				return nil, err
			}
		}
		w.overviews.put(gen, key, out)
	}
	form.Action = "/areas/" + out.Parent.Code + "/overview"
	return &overviewView{renderedOverview: out, Comparator: form, Heatmap: template.HTML(out.Body)}, nil //nolint:gosec // rendered by html/template
}

// overviewCSV writes the heatmap's table as CSV.
func overviewCSV(t chart.Table) []byte {
	var buf bytes.Buffer
	writeCSVRows(&buf, t.Header, t.Rows)
	return buf.Bytes()
}

// overviewCache keeps the overviews rendered for one needs generation
// (store.NeedsGeneration, read from the database on every request, so a
// server drops them as soon as any server sharing the database imports,
// loads reference data or loads parent changes). England's takes a few
// hundred milliseconds to build and is linked from every upper-tier
// profile.
type overviewCache struct {
	mu    sync.Mutex
	gen   store.NeedsGeneration
	m     map[overviewKey]*renderedOverview
	bytes int
	// limit bounds the bytes kept; 0 means maxOverviewCacheBytes.
	limit int
}

type overviewKey struct {
	code       string
	parentType places.AreaType
	kind       needs.ComparatorKind
	set        string
	day        string
	csv        bool
}

// maxOverviewCacheBytes bounds the memory: England's page section is about
// 8 MB (30,000 cells), a region's a few hundred KB.
const maxOverviewCacheBytes = 64 << 20

func (c *overviewCache) get(gen store.NeedsGeneration, k overviewKey) (*renderedOverview, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	o, ok := c.m[k]
	return o, ok && c.gen == gen
}

func (c *overviewCache) put(gen store.NeedsGeneration, k overviewKey, o *renderedOverview) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen.Before(c.gen) {
		return // built from older data than the cache holds
	}
	if gen != c.gen || c.m == nil {
		c.gen, c.m, c.bytes = gen, map[overviewKey]*renderedOverview{}, 0
	}
	limit := c.limit
	if limit == 0 {
		limit = maxOverviewCacheBytes
	}
	if old, ok := c.m[k]; ok {
		delete(c.m, k)
		c.bytes -= len(old.Body)
	}
	// Make room by dropping any entries (a map's order is random).
	for old, v := range c.m {
		if c.bytes+len(o.Body) <= limit {
			break
		}
		delete(c.m, old)
		c.bytes -= len(v.Body)
	}
	if len(o.Body) <= limit {
		c.m[k] = o
		c.bytes += len(o.Body)
	}
}

// overviewProblem answers a failed overview: a bad comparator 400, an area
// with nothing inside it 404 with a sentence, an unknown area 404.
func (w *Web) overviewProblem(rw http.ResponseWriter, r *http.Request, err error) {
	switch {
	case w.comparatorProblem(rw, r, err):
	case errors.Is(err, needs.ErrNoOverview):
		w.render(rw, r, http.StatusNotFound, "error", &Page{Title: "No overview for this area", Data: errorView{Message: "An overview lists the areas inside England, a region, an NHS region, an ICB, a footprint or an upper-tier council; " + r.PathValue("code") + " has none."}})
	default:
		w.needsError(rw, r, err)
	}
}

// areaOverview is Fingertips' overview: every area inside the parent ×
// the indicators, as a heatmap table.
func (w *Web) areaOverview(rw http.ResponseWriter, r *http.Request) {
	v, err := w.overviewData(r, r.PathValue("code"), false)
	if err != nil {
		w.overviewProblem(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "needs-overview", &Page{
		Title: v.Parent.Name + ": overview", Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Needs", Href: "/needs"}, {Label: v.Parent.Name, Href: "/areas/" + string(v.Parent.Type) + "/" + v.Parent.Code}},
	})
}

// areaOverviewCSV downloads the heatmap's table, one row per area and
// indicator.
func (w *Web) areaOverviewCSV(rw http.ResponseWriter, r *http.Request) {
	v, err := w.overviewData(r, strings.TrimSuffix(r.PathValue("code"), ".csv"), true)
	if err != nil {
		w.overviewProblem(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="placeboard-overview-`+v.Parent.Code+`.csv"`)
	_, _ = rw.Write(v.Body)
}
