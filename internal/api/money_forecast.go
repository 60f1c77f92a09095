package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
)

type moneyAsOfInput struct {
	MoneyFundPath
	AsOf string `query:"as_of" pattern:"^[0-9]{4}-[0-9]{2}$" doc:"The last month of actuals counted; by default the latest month with actuals."`
}

type moneyForecastOutput struct{ Body money.Forecast }

type moneyWaterfallOutput struct{ Body money.WaterfallResult }

// MoneyFlows is a fund's money from partner to fund to scheme to provider.
type MoneyFlows struct {
	Flows []money.Flow `json:"flows"`
}

type moneyFlowsOutput struct{ Body MoneyFlows }

type moneyWhatIfInput struct {
	MoneyFundPath
	Body money.Withdrawal
}

type moneyWhatIfOutput struct{ Body money.WhatIfResult }

// MoneyScenarioInput is the body of save scenario.
type MoneyScenarioInput struct {
	Name       string           `json:"name" maxLength:"200" example:"The ICB withdraws £3m at 14 days' notice"`
	Withdrawal money.Withdrawal `json:"withdrawal"`
}

type moneySaveScenarioInput struct {
	MoneyFundPath
	Body MoneyScenarioInput
}

type moneyScenarioOutput struct{ Body money.Scenario }

type MoneyScenarioPath struct {
	MoneyFundPath
	ScenarioID int64 `path:"scenario_id" minimum:"1" doc:"The saved scenario's ID."`
}

func (a *API) registerMoneyForecast(tags []string) {
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-get-forecast", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/forecast", Summary: "Forecast spend per scheme and for the fund, with variance and overspend alerts", Tags: tags, Security: needsSession}, a.moneyGetForecast)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-get-waterfall", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/waterfall", Summary: "Apply the agreement's over/underspend waterfall to the forecast outturn", Tags: tags, Security: needsSession}, a.moneyGetWaterfall)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-get-flows", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/flows", Summary: "List the money from partner to fund to scheme to provider", Tags: tags, Security: needsSession,
		Description: "Stages contribution (partner to fund), allocation (fund to scheme) and commitment (scheme to provider), net of reversals: the data of the fund overview's flow chart."}, a.moneyGetFlows)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-what-if", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/what-if", Summary: "Model a partner withdrawing £N with D days' notice from a date (nothing is saved)", Tags: tags, Security: needsSession,
		Description: "The agreement decides the effective date; statutory and condition lines are flagged as breaches and not modelled."}, a.moneyWhatIf)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-list-scenarios", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/scenarios", Summary: "List a fund's saved scenarios, newest first", Tags: tags, Security: needsSession}, a.moneyListScenarios)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-save-scenario", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/scenarios", Summary: "Model a withdrawal and save it as a scenario", Tags: tags, Security: needsSession, DefaultStatus: http.StatusCreated}, a.moneySaveScenario)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-get-scenario", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/scenarios/{scenario_id}", Summary: "Get a saved scenario with its answer", Tags: tags, Security: needsSession}, a.moneyGetScenario)
}

func (a *API) moneyGetForecast(ctx context.Context, in *moneyAsOfInput) (*moneyForecastOutput, error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	f, err := money.FundForecast(ctx, a.deps.Store, in.FundID, in.AsOf)
	if err != nil {
		return nil, a.moneyError(ctx, queryField(err, "as_of"))
	}
	return &moneyForecastOutput{Body: f}, nil
}

func (a *API) moneyGetWaterfall(ctx context.Context, in *moneyAsOfInput) (*moneyWaterfallOutput, error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	w, err := money.FundWaterfall(ctx, a.deps.Store, in.FundID, in.AsOf)
	if err != nil {
		if a.errs.notFound(err) {
			return nil, a.notFoundAs(ctx, err, "path.fund_id", fmt.Sprintf("pooled fund %d has no agreement recorded", in.FundID))
		}
		return nil, a.moneyError(ctx, queryField(err, "as_of"))
	}
	return &moneyWaterfallOutput{Body: w}, nil
}

func (a *API) moneyWhatIf(ctx context.Context, in *moneyWhatIfInput) (*moneyWhatIfOutput, error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	res, err := money.FundWhatIf(ctx, a.deps.Store, in.FundID, in.Body)
	if err != nil {
		if a.errs.notFound(err) {
			return nil, a.notFoundAs(ctx, err, "path.fund_id", fmt.Sprintf("pooled fund %d has no agreement recorded", in.FundID))
		}
		return nil, a.moneyError(ctx, err)
	}
	return &moneyWhatIfOutput{Body: res}, nil
}

func (a *API) moneyListScenarios(ctx context.Context, in *moneyListInFund) (*ListOutput[money.Scenario], error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	ss, err := a.deps.Store.MoneyScenarios(ctx, in.FundID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(ss, p), len(ss)), nil
}

func (a *API) moneySaveScenario(ctx context.Context, in *moneySaveScenarioInput) (*moneyScenarioOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	sc := money.Scenario{FundID: in.FundID, Name: in.Body.Name, Withdrawal: in.Body.Withdrawal}
	sc.Normalize()
	if err := sc.Validate(); err != nil {
		return nil, a.moneyError(ctx, err)
	}
	res, err := money.FundWhatIf(ctx, a.deps.Store, in.FundID, in.Body.Withdrawal)
	if err != nil {
		if a.errs.notFound(err) {
			return nil, a.notFoundAs(ctx, err, "path.fund_id", fmt.Sprintf("pooled fund %d has no agreement recorded", in.FundID))
		}
		return nil, a.moneyError(ctx, prefixFields(err, "withdrawal."))
	}
	sc.Result = res
	saved, err := a.deps.Store.SaveMoneyScenario(ctx, who.Actor(), sc)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyScenarioOutput{Body: saved}, nil
}

func (a *API) moneyGetScenario(ctx context.Context, in *MoneyScenarioPath) (*moneyScenarioOutput, error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	sc, err := a.deps.Store.MoneyScenario(ctx, in.FundID, in.ScenarioID)
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.scenario_id", fmt.Sprintf("pooled fund %d has no scenario %d", in.FundID, in.ScenarioID))
	}
	return &moneyScenarioOutput{Body: sc}, nil
}

func (a *API) moneyGetFlows(ctx context.Context, in *MoneyFundPath) (*moneyFlowsOutput, error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	fl, err := money.FundFlows(ctx, a.deps.Store, in.FundID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyFlowsOutput{Body: MoneyFlows{Flows: fl}}, nil
}
