package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/money/export"
	"github.com/placeboard/placeboard/internal/store"
)

type moneyExportsView struct {
	*moneyFundData
	Plan, Return *export.Template
	Links        []moneyExportLink
	NoTemplate   string
}

type moneyExportLink struct {
	Group, Label, Href string
}

// moneyExports lists the downloads: the plan and each quarter's return in
// the shape of the year's BCF templates, as XLSX and one CSV per sheet.
func (w *Web) moneyExports(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "exports", moneyViewAction)
	if !ok {
		return
	}
	v := moneyExportsView{moneyFundData: d}
	var err error
	if v.Plan, err = export.ForYear(export.KindPlan, d.Fund.FinancialYear); err != nil {
		v.NoTemplate = "There is no Better Care Fund template for " + d.Fund.FinancialYear + " yet, so this fund cannot be exported in its shape."
	}
	v.Return, _ = export.ForYear(export.KindQuarterlyReturn, d.Fund.FinancialYear)
	base := d.Href("/exports/")
	if v.Plan != nil {
		v.Links = append(v.Links, moneyExportLink{"Plan", "Plan (XLSX workbook, every sheet)", base + "plan.xlsx"})
		for _, s := range v.Plan.Sheets {
			v.Links = append(v.Links, moneyExportLink{"Plan", "Plan: " + s.Name + " sheet (CSV)", base + "plan.csv?sheet=" + s.Key})
		}
	}
	if v.Return != nil {
		for q := 1; q <= 4; q++ {
			qs := strconv.Itoa(q)
			v.Links = append(v.Links, moneyExportLink{"Quarterly return", "Quarter " + qs + " return (XLSX workbook)", base + "return.xlsx?quarter=" + qs})
			for _, s := range v.Return.Sheets {
				v.Links = append(v.Links, moneyExportLink{"Quarterly return", "Quarter " + qs + ": " + s.Name + " sheet (CSV)", base + "return.csv?quarter=" + qs + "&sheet=" + s.Key})
			}
		}
	}
	w.render(rw, r, http.StatusOK, "money-exports", d.page("Exports", nil, v))
}

// moneyFundExportData reads the fund's figures for an export.
func (w *Web) moneyFundExportData(ctx context.Context, d *moneyFundData) (export.FundData, error) {
	x := export.FundData{Fund: d.Fund, Partnership: d.P.Name}
	var err error
	if x.Contributions, err = w.store.MoneyContributions(ctx, d.Fund.ID); err != nil {
		return x, err
	}
	if x.Schemes, err = w.store.MoneySchemes(ctx, d.Fund.ID); err != nil {
		return x, err
	}
	if x.Ledger, err = w.store.MoneyLedger(ctx, d.Fund.ID, store.MoneyLedgerFilter{}); err != nil {
		return x, err
	}
	x.Orgs = func(id int64) export.Org {
		o := w.orgOf(ctx, d, id)
		return export.Org{Name: o.Name, Kind: providerKind(o.Kind)}
	}
	return x, nil
}

// moneyExportFile sends plan.xlsx, plan.csv?sheet=, return.xlsx?quarter=
// or return.csv?quarter=&sheet=. A bad parameter answers 400 naming it.
func (w *Web) moneyExportFile(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "exports", moneyViewAction)
	if !ok {
		return
	}
	name, ext, _ := strings.Cut(r.PathValue("file"), ".")
	if (name != "plan" && name != "return") || (ext != "csv" && ext != "xlsx") {
		w.notFound(rw, r)
		return
	}
	q := r.URL.Query()
	quarter := 0
	if name == "return" {
		n, err := strconv.Atoi(q.Get("quarter"))
		if err != nil || n < 1 || n > 4 {
			w.badRequest(rw, r, "Quarter (quarter) must be 1, 2, 3 or 4.")
			return
		}
		quarter = n
	}
	data, err := w.moneyFundExportData(r.Context(), d)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	var wb *export.Workbook
	if name == "plan" {
		wb, err = export.Plan(data)
	} else {
		wb, err = export.QuarterlyReturn(data, quarter)
	}
	if errors.Is(err, export.ErrNoTemplate) {
		w.badRequest(rw, r, "There is no Better Care Fund template for "+d.Fund.FinancialYear+".")
		return
	}
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	var buf bytes.Buffer
	sheet := ""
	if ext == "csv" {
		sheet = q.Get("sheet")
		if wb.Template.Sheet(sheet) == nil {
			keys := make([]string, len(wb.Template.Sheets))
			for i, s := range wb.Template.Sheets {
				keys[i] = s.Key
			}
			w.badRequest(rw, r, "Sheet (sheet) must be one of: "+strings.Join(keys, ", ")+".")
			return
		}
		err = wb.WriteCSV(&buf, sheet)
		rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		err = wb.WriteXLSX(&buf)
		rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	fname := wb.FileName(d.Fund.Name, sheet, ext)
	if quarter > 0 {
		fname = strings.Replace(fname, wb.Template.ID, wb.Template.ID+"-q"+strconv.Itoa(quarter), 1)
	}
	rw.Header().Set("Content-Disposition", `attachment; filename="`+fname+`"`)
	rw.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(rw)
}
