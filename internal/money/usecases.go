package money

import (
	"context"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// Reader is what the money use-cases read; *store.Store satisfies it.
type Reader interface {
	MoneyFund(ctx context.Context, id int64) (Fund, error)
	MoneyAgreement(ctx context.Context, fundID int64) (Agreement, error)
	MoneyContributions(ctx context.Context, fundID int64) ([]Contribution, error)
	MoneySchemes(ctx context.Context, fundID int64) ([]Scheme, error)
	MoneyVariations(ctx context.Context, fundID int64) ([]Variation, error)
	MoneyPostings(ctx context.Context, fundID int64) ([]Posting, error)
}

// Scenario is a saved what-if with its answer.
type Scenario struct {
	ID         int64        `json:"id"`
	FundID     int64        `json:"fund_id"`
	Name       string       `json:"name"`
	Withdrawal Withdrawal   `json:"withdrawal"`
	Result     WhatIfResult `json:"result"`
	CreatedBy  int64        `json:"created_by"`
	CreatedAt  string       `json:"created_at"`
}

// Normalize trims the name.
func (s *Scenario) Normalize() { s.Name = strings.TrimSpace(s.Name) }

// Validate checks the scenario's name.
func (s Scenario) Validate() error {
	var errs validation.Errors
	errs.Required("name", s.Name, "a name for the scenario")
	if len(s.Name) > 200 {
		errs.Add("name", "Keep the name to 200 characters")
	}
	return errs.Err()
}

// DefaultAsOf is the last month of the year with actuals, "" (before the
// year) when there are none.
func DefaultAsOf(fy string, ps []Posting) string {
	asOf := ""
	for _, p := range ps {
		if p.Kind == KindActual && p.Period > asOf && InYear(p.Period, fy) {
			asOf = p.Period
		}
	}
	return asOf
}

// FundForecast forecasts a fund as at asOf ("" for DefaultAsOf).
func FundForecast(ctx context.Context, r Reader, fundID int64, asOf string) (Forecast, error) {
	f, err := r.MoneyFund(ctx, fundID)
	if err != nil {
		return Forecast{}, err
	}
	if asOf != "" && (!ValidPeriod(asOf) || !InYear(asOf, f.FinancialYear)) {
		var errs validation.Errors
		errs.Add("as_of", "Enter a month of the fund's year "+f.FinancialYear+", like 2025-09")
		return Forecast{}, errs.Err()
	}
	schemes, err := r.MoneySchemes(ctx, fundID)
	if err != nil {
		return Forecast{}, err
	}
	ps, err := r.MoneyPostings(ctx, fundID)
	if err != nil {
		return Forecast{}, err
	}
	if asOf == "" {
		asOf = DefaultAsOf(f.FinancialYear, ps)
	}
	return ForecastFund(f.FinancialYear, asOf, schemes, ps), nil
}

// FundWaterfall applies the agreement's waterfall to the fund's forecast
// outturn (the actual outturn once every month's actuals are in).
func FundWaterfall(ctx context.Context, r Reader, fundID int64, asOf string) (WaterfallResult, error) {
	fc, err := FundForecast(ctx, r, fundID, asOf)
	if err != nil {
		return WaterfallResult{}, err
	}
	a, err := r.MoneyAgreement(ctx, fundID)
	if err != nil {
		return WaterfallResult{}, err
	}
	schemes, err := r.MoneySchemes(ctx, fundID)
	if err != nil {
		return WaterfallResult{}, err
	}
	contribs, err := r.MoneyContributions(ctx, fundID)
	if err != nil {
		return WaterfallResult{}, err
	}
	in := WaterfallInput{Agreement: a, Schemes: fc.Outturns(schemes), Contributions: map[int64]Pence{}}
	for _, c := range contribs {
		in.Contributions[c.PartnerOrgID] += c.Amount
	}
	// Uncommitted allocations: pool money not yet allocated to a scheme
	// (a scheme's unspent budget is already its underspend).
	in.Uncommitted = max(fc.Available-fc.Budget, 0)
	return Waterfall(in), nil
}

// FundWhatIf models a withdrawal from a fund: each scheme's yearly cost is
// the budget allocated to it in the ledger.
func FundWhatIf(ctx context.Context, r Reader, fundID int64, w Withdrawal) (WhatIfResult, error) {
	in := WhatIfInput{Withdrawal: w}
	var err error
	if in.Fund, err = r.MoneyFund(ctx, fundID); err != nil {
		return WhatIfResult{}, err
	}
	if in.Agreement, err = r.MoneyAgreement(ctx, fundID); err != nil {
		return WhatIfResult{}, err
	}
	if in.Contributions, err = r.MoneyContributions(ctx, fundID); err != nil {
		return WhatIfResult{}, err
	}
	if in.Variations, err = r.MoneyVariations(ctx, fundID); err != nil {
		return WhatIfResult{}, err
	}
	schemes, err := r.MoneySchemes(ctx, fundID)
	if err != nil {
		return WhatIfResult{}, err
	}
	ps, err := r.MoneyPostings(ctx, fundID)
	if err != nil {
		return WhatIfResult{}, err
	}
	pos := Position(ps)
	budget := map[int64]Pence{}
	for _, s := range pos.Schemes {
		budget[s.SchemeID] = s.Budget
	}
	for _, s := range schemes {
		in.Schemes = append(in.Schemes, SchemeCost{Scheme: s, Annual: budget[s.ID]})
	}
	return WhatIf(in)
}

// FundFlows lists a fund's money from partner to fund to scheme to
// provider (Flows).
func FundFlows(ctx context.Context, r Reader, fundID int64) ([]Flow, error) {
	if _, err := r.MoneyFund(ctx, fundID); err != nil {
		return nil, err
	}
	schemes, err := r.MoneySchemes(ctx, fundID)
	if err != nil {
		return nil, err
	}
	ps, err := r.MoneyPostings(ctx, fundID)
	if err != nil {
		return nil, err
	}
	return Flows(ps, schemes), nil
}
