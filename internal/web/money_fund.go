package web

import (
	"context"
	"net/http"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type moneyOverviewView struct {
	*moneyFundData
	Summary []SummaryRow
	Flow    chartView
	// FlowTable is the flow chart's table, shown open on the page.
	FlowTable chart.Table
	Spend     chartView
}

// moneyFundOverview shows a fund: who hosts and manages it, where its money
// comes from and goes to (the flow chart partner → fund → scheme →
// provider, with its table), and spend against plan over time.
func (w *Web) moneyFundOverview(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "overview", moneyViewAction)
	if !ok {
		return
	}
	ctx := r.Context()
	pos, err := w.store.MoneyPosition(ctx, d.Fund.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	flow, err := w.moneyFlow(ctx, d)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	fc, err := money.FundForecast(ctx, w.store, d.Fund.ID, "")
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := moneyOverviewView{moneyFundData: d,
		Flow:  newChartView("flow", chart.FlowChart("flow", flow), ""),
		Spend: newChartView("spend", chart.SpendChart("spend", d.Fund.Name, forecastMonths(fc)), ""),
	}
	v.FlowTable, v.Flow.Table = v.Flow.Table, chart.Table{}
	v.Summary = []SummaryRow{
		{Key: "Partnership", Value: d.P.Name, Href: "/partnerships/" + formatIntPlain(d.P.ID)},
		{Key: "Financial year", Value: d.Fund.FinancialYear},
		{Key: "Host partner", Value: w.orgName(ctx, d, d.Fund.HostOrgID)},
		{Key: "Pooled fund manager", Value: d.Fund.ManagerName},
		{Key: "Contributions", Value: pounds(pos.Contributions)},
		{Key: "Allocated to schemes", Value: pounds(pos.Allocated)},
		{Key: "Not yet allocated", Value: pounds(pos.Unallocated)},
		{Key: "Committed", Value: pounds(pos.Committed)},
		{Key: "Spent", Value: pounds(pos.Spent)},
	}
	if d.Fund.ConsultBeforeAllocating {
		v.Summary = append(v.Summary, SummaryRow{Key: "Consult before allocating", Value: "Yes: money moves to a scheme only after its consultation has closed"})
	}
	p := d.page(d.Fund.Name, nil, v)
	switch r.URL.Query().Get("done") {
	case "created":
		p.Notice = "Fund set up"
	}
	w.render(rw, r, http.StatusOK, "money-fund", p)
}

// moneyFlow lays out money.Flows, the same answer the API gives
// (GET /api/v1/money/funds/{fund_id}/flows), for the flow chart: each
// partner's contributions, each scheme's budget, and each scheme's
// commitments to its providers.
func (w *Web) moneyFlow(ctx context.Context, d *moneyFundData) (chart.MoneyFlow, error) {
	flow := chart.MoneyFlow{Fund: d.Fund.Name}
	postings, err := w.store.MoneyPostings(ctx, d.Fund.ID)
	if err != nil {
		return flow, err
	}
	schemes, err := w.store.MoneySchemes(ctx, d.Fund.ID)
	if err != nil {
		return flow, err
	}
	index := map[int64]int{}
	for i, s := range schemes {
		index[s.ID] = i
		flow.Schemes = append(flow.Schemes, chart.FlowScheme{Name: s.Ref + " " + s.Name})
	}
	for _, fl := range money.Flows(postings, schemes) {
		switch fl.Stage {
		case "contribution":
			flow.Partners = append(flow.Partners, chart.FlowPartner{Name: w.orgName(ctx, d, fl.FromID), Pence: int64(fl.Amount)})
		case "allocation":
			if i, ok := index[fl.ToID]; ok {
				flow.Schemes[i].Pence = int64(fl.Amount)
			}
		case "commitment":
			if i, ok := index[fl.FromID]; ok {
				prov := w.orgOf(ctx, d, fl.ToID)
				flow.Commitments = append(flow.Commitments, chart.FlowCommitment{Scheme: i, Provider: prov.Name, ProviderKind: providerKind(prov.Kind), Pence: int64(fl.Amount)})
			}
		}
	}
	return flow, nil
}
