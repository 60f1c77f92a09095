package web

import (
	"errors"
	"net/http"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type moneyForecastView struct {
	*moneyFundData
	AsOf      string
	Months    []Option
	Summary   []SummaryRow
	Alerts    []string
	Schemes   Table
	Spend     chartView
	Waterfall Table
	WaterNote string
}

// forecastMonths turns the forecast's months into the spend chart's:
// actuals to the as-of month, then the commitments' profile as forecast.
// Every page that draws spend against plan draws it from money.Forecast.
func forecastMonths(fc money.Forecast) []chart.MonthSpend {
	out := make([]chart.MonthSpend, len(fc.Months))
	for i, m := range fc.Months {
		out[i] = chart.MonthSpend{Month: chartMonth(m.Period), Plan: int64(m.Planned), Actual: int64(m.Actual)}
		if m.Period > fc.AsOf {
			out[i].Actual, out[i].Forecast = int64(m.Planned), true
		}
	}
	return out
}

// moneyForecast forecasts spend per scheme and for the fund from the
// commitments and the actuals to date (?as_of=2025-09 picks the month),
// against the budget, with the variance, overspend alerts and the
// year-end waterfall the agreement sets.
func (w *Web) moneyForecast(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "forecast", moneyViewAction)
	if !ok {
		return
	}
	ctx := r.Context()
	asOf := r.URL.Query().Get("as_of")
	fc, err := money.FundForecast(ctx, w.store, d.Fund.ID, asOf)
	var verr *validation.Errors
	if errors.As(err, &verr) {
		w.badRequest(rw, r, "Month (as_of) must be a month of the fund's year "+d.Fund.FinancialYear+", like 2025-09.")
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := moneyForecastView{moneyFundData: d, AsOf: fc.AsOf,
		Spend: newChartView("spend", chart.SpendChart("spend", d.Fund.Name, forecastMonths(fc)), "")}
	for _, per := range money.Periods(d.Fund.FinancialYear) {
		v.Months = append(v.Months, Option{Value: per, Label: chartMonth(per), Checked: per == fc.AsOf})
	}
	asOfLabel := chartMonth(fc.AsOf)
	if fc.AsOf == "0000-00" {
		asOfLabel = "no actuals yet"
	}
	v.Summary = []SummaryRow{
		{Key: "Actuals to the end of", Value: asOfLabel},
		{Key: "Contributions", Value: pounds(fc.Available)},
		{Key: "Budget", Value: pounds(fc.Budget)},
		{Key: "Spent to date", Value: pounds(fc.Actual)},
		{Key: "Forecast for the year", Value: pounds(fc.Forecast)},
		{Key: "Variance (budget less forecast)", Value: pounds(fc.Variance)},
	}
	for _, a := range fc.Alerts {
		v.Alerts = append(v.Alerts, a.Message)
	}
	v.Schemes = Table{ID: "forecast-table", Caption: "Forecast by scheme", Head: []Cell{{Text: "Scheme"}, {Text: "Budget", Numeric: true}, {Text: "Committed", Numeric: true},
		{Text: "Spent to date", Numeric: true}, {Text: "Still to spend", Numeric: true}, {Text: "Forecast", Numeric: true}, {Text: "Variance", Numeric: true}, {Text: "Status"}}}
	for _, s := range fc.Schemes {
		status := "On track"
		if s.Overspend {
			status = "Overspend"
		}
		v.Schemes.Rows = append(v.Schemes.Rows, []Cell{{Text: s.Ref + " " + s.Name, Header: true}, moneyCell(s.Budget), moneyCell(s.Committed), moneyCell(s.Actual),
			moneyCell(s.Remaining), moneyCell(s.Forecast), moneyCell(s.Variance), {Text: status}})
	}
	wf, err := money.FundWaterfall(ctx, w.store, d.Fund.ID, fc.AsOf)
	switch {
	case errors.Is(err, store.ErrNotFound):
		v.WaterNote = "Record the agreement to see how over- and underspends are settled at the year end."
	case err != nil:
		w.storeError(rw, r, err)
		return
	default:
		v.Waterfall = Table{ID: "waterfall-table", Caption: "Year-end waterfall (on this forecast)", Head: []Cell{{Text: "Step"}, {Text: "Covers", Numeric: true}, {Text: "Overspend left", Numeric: true}}}
		v.WaterNote = "Overspend " + pounds(wf.Overspend) + ", underspend " + pounds(wf.Underspend) + ". Left in the risk pool: " + pounds(wf.RiskPoolLeft) +
			". From the partners: " + pounds(wf.FromPartners) + ". Underspend left in the pool, spent non-recurrently: " + pounds(wf.UnderspendLeft) + "."
		for _, s := range wf.Steps {
			v.Waterfall.Rows = append(v.Waterfall.Rows, []Cell{{Text: waterfallLabel(s.Step), Header: true}, moneyCell(s.Amount), moneyCell(s.Left)})
		}
	}
	w.render(rw, r, http.StatusOK, "money-forecast", d.page("Forecast", nil, v))
}
