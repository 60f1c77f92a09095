package web

import (
	"context"
	"sort"
	"strconv"

	"github.com/placeboard/placeboard/internal/needs"
)

// maxSummaryRowErrors bounds the row problems the error summary repeats;
// the list above the button has them all.
const maxSummaryRowErrors = 20

func rowErrorID(i int) string { return "row-error-" + strconv.Itoa(i+1) }

func rowErrorText(e needs.RowError) string {
	switch {
	case e.Line > 0 && e.Column != "":
		return "Row " + strconv.Itoa(e.Line) + ", column " + e.Column + ": " + e.Message
	case e.Line > 0:
		return "Row " + strconv.Itoa(e.Line) + ": " + e.Message
	case e.Column != "":
		return "Column " + e.Column + ": " + e.Message
	}
	return e.Message
}

// RowErrorID is the element id of the i-th problem in the list, for the
// template.
func (indicatorImportView) RowErrorID(i int) string { return rowErrorID(i) }

// importPreviewView is the preview: the upload and, for each indicator in
// the file, its name, its rows and how many stored values it replaces.
type importPreviewView struct {
	needs.Upload
	Indicators []previewIndicator
}

type previewIndicator struct {
	ID       int
	Name     string
	Rows     int
	Periods  []string
	Replaces int
}

// previewCounts counts a file's rows by indicator and keeps the value
// keys each indicator period brings, to count what they replace.
type previewCounts struct {
	rows map[int]int
	keys map[int]map[string]map[needs.SeriesKey]bool // indicator → period → series
}

func newPreviewCounts() *previewCounts {
	return &previewCounts{rows: map[int]int{}, keys: map[int]map[string]map[needs.SeriesKey]bool{}}
}

func (c *previewCounts) add(p needs.DataPoint) {
	c.rows[p.IndicatorID]++
	if c.keys[p.IndicatorID] == nil {
		c.keys[p.IndicatorID] = map[string]map[needs.SeriesKey]bool{}
	}
	if c.keys[p.IndicatorID][p.Period.Label] == nil {
		c.keys[p.IndicatorID][p.Period.Label] = map[needs.SeriesKey]bool{}
	}
	c.keys[p.IndicatorID][p.Period.Label][p.Series()] = true
}

// previewIndicators lists the file's indicators with their rows and the
// stored values the import would replace: those of the same indicator,
// period, area, sex, age and category.
func (w *Web) previewIndicators(ctx context.Context, cat *needs.Catalogue, c *previewCounts) ([]previewIndicator, error) {
	out := make([]previewIndicator, 0, len(c.rows))
	for id, n := range c.rows {
		pi := previewIndicator{ID: id, Name: "Indicator " + strconv.Itoa(id), Rows: n}
		if ind, ok := cat.Get(id); ok && ind.Name != "" {
			pi.Name = ind.Name
		}
		for period := range c.keys[id] {
			pi.Periods = append(pi.Periods, period)
		}
		sort.Strings(pi.Periods)
		stored, err := w.store.StoredSeries(ctx, id, pi.Periods)
		if err != nil {
			return nil, err
		}
		for _, s := range stored {
			if c.keys[id][s.Period][s.Key] {
				pi.Replaces++
			}
		}
		out = append(out, pi)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
