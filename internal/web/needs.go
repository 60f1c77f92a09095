package web

// Needs (JSNA) pages, one file per page: needs_profile.go (area profile and
// its CSV), needs_indicator.go (indicator list, page and CSV),
// needs_priorities.go, needs_jsna.go and needs_compare.go. The figures come
// from internal/needs (the profile from needs.Profiles, the one use-case the
// API shares); the charts are its server-side SVG, each shown with its text
// summary and its data table, downloadable as CSV. This file holds what the
// pages share.

import (
	"encoding/csv"
	"errors"
	"html/template"
	"io"
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/spreadsheet"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/web/chart"
)

// chartView is a chart ready for a template: trusted SVG (needs escapes
// every text it draws), its summary, its table and where to download it.
type chartView struct {
	ID      string
	Title   string
	SVG     template.HTML
	Summary string
	Table   chart.Table
	// TableRows is Table's body rows, written once in Go (rowhtml.go).
	TableRows template.HTML
	CSVHref   string
}

func newChartView(id string, c chart.Chart, csvHref string) chartView {
	return chartView{ID: id, Title: c.Title, SVG: template.HTML(c.SVG), Summary: c.Summary, Table: c.Table, TableRows: tableRowsHTML(c.Table.Rows), CSVHref: csvHref} //nolint:gosec // built and escaped by needs
}

func csvNum(v float64) string {
	if !needs.Has(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func writeCSV(rw http.ResponseWriter, name string, header []string, rows [][]string) {
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	writeCSVRows(rw, header, rows)
}

// writeCSVRows writes the header and rows as CSV, each cell made safe
// for a spreadsheet (spreadsheet.SafeCell).
func writeCSVRows(out io.Writer, header []string, rows [][]string) {
	cw := csv.NewWriter(out)
	_ = cw.Write(header)
	for _, r := range rows {
		for i := range r {
			r[i] = spreadsheet.SafeCell(r[i])
		}
		_ = cw.Write(r)
	}
	cw.Flush()
}

// validationErrors unwraps field errors from a store call.
func validationErrors(err error) ([]validation.FieldError, bool) {
	ve, ok := validation.As(err)
	if !ok {
		return nil, false
	}
	return ve.Fields, true
}

// needsError answers a failed needs use-case: 404 for an unknown area, the
// store's mapping otherwise.
func (w *Web) needsError(rw http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, places.ErrNoArea) {
		w.notFound(rw, r)
		return
	}
	w.storeError(rw, r, err)
}
