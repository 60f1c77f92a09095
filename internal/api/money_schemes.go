package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
)

// MoneyContributionInput is the body of add contribution.
type MoneyContributionInput struct {
	PartnerOrgID int64  `json:"partner_org_id"`
	Source       string `json:"source" maxLength:"40" doc:"nhs_minimum, la_bcf_grant (alias ibcf), dfg, discharge or additional."`
	Basis        string `json:"basis,omitempty" enum:"statutory,condition,voluntary" doc:"By default condition for the NHS minimum, LA grant and DFG, voluntary otherwise."`
	Schedule     string `json:"schedule,omitempty" enum:"quarterly,monthly" doc:"quarterly by default."`
	AmountPence  int64  `json:"amount_pence"`
}

type moneyAddContributionInput struct {
	MoneyFundPath
	Body MoneyContributionInput
}

// MoneyContributionDetail is a contribution line with its instalments.
type MoneyContributionDetail struct {
	money.Contribution
	Withdrawable bool            `json:"withdrawable"`
	Payments     []money.Payment `json:"payments"`
}

type moneyContributionOutput struct{ Body MoneyContributionDetail }

type moneyListInFund struct {
	MoneyFundPath
	PageParams
}

// MoneySchemeInput is the body of create and update scheme.
type MoneySchemeInput struct {
	Ref                 string          `json:"ref" maxLength:"40"`
	Name                string          `json:"name" maxLength:"200"`
	SchemeType          string          `json:"scheme_type" maxLength:"200" doc:"One of the fund year's scheme types (GET /money/reference/{year})."`
	ExpenditureCategory string          `json:"expenditure_category" maxLength:"200"`
	CommissionerOrgID   int64           `json:"commissioner_org_id"`
	ProviderOrgID       int64           `json:"provider_org_id"`
	StartsOn            string          `json:"starts_on" maxLength:"10" example:"2025-04-01"`
	EndsOn              string          `json:"ends_on" maxLength:"10" example:"2027-03-31"`
	Priority            int             `json:"priority" doc:"The partnership's order: 1 is kept longest."`
	ConsultationID      int64           `json:"consultation_id,omitempty" minimum:"0" doc:"A Voice consultation that must close before money is committed (when the fund's rule is on)."`
	Outcomes            []money.Outcome `json:"outcomes,omitempty" maxItems:"50"`
}

func (in MoneySchemeInput) scheme(fundID, id int64) money.Scheme {
	return money.Scheme{ID: id, FundID: fundID, Ref: in.Ref, Name: in.Name, SchemeType: in.SchemeType, Category: in.ExpenditureCategory,
		CommissionerOrgID: in.CommissionerOrgID, ProviderOrgID: in.ProviderOrgID, StartsOn: in.StartsOn, EndsOn: in.EndsOn,
		Priority: in.Priority, ConsultationID: in.ConsultationID, Outcomes: in.Outcomes}
}

type moneyCreateSchemeInput struct {
	MoneyFundPath
	Body MoneySchemeInput
}

type MoneySchemePath struct {
	MoneyFundPath
	SchemeID int64 `path:"scheme_id" minimum:"1" doc:"The scheme's ID."`
}

type moneyUpdateSchemeInput struct {
	MoneySchemePath
	Body MoneySchemeInput
}

type moneySchemeOutput struct{ Body money.Scheme }

// MoneyReference is a financial year's reference data.
type MoneyReference struct {
	Year string `json:"year"`
	money.YearData
}

type moneyReferenceInput struct {
	Year string `path:"year" maxLength:"7" example:"2025-26" doc:"A financial year."`
}

type moneyReferenceOutput struct{ Body MoneyReference }

func (a *API) registerMoneySchemes(tags []string) {
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-list-contributions", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/contributions", Summary: "List the partners' contribution lines", Tags: tags, Security: needsSession}, a.moneyListContributions)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-add-contribution", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/contributions", Summary: "Record a partner's contribution line and post it to the ledger", Tags: tags, Security: needsSession,
		DefaultStatus: http.StatusCreated}, a.moneyAddContribution)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-list-schemes", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/schemes", Summary: "List a fund's schemes in priority order", Tags: tags, Security: needsSession}, a.moneyListSchemes)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-create-scheme", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/schemes", Summary: "Record a scheme: type and category from the year's data, commissioner and provider from the register", Tags: tags, Security: needsSession,
		DefaultStatus: http.StatusCreated}, a.moneyCreateScheme)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-update-scheme", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPut, Path: "/money/funds/{fund_id}/schemes/{scheme_id}", Summary: "Replace a scheme", Tags: tags, Security: needsSession}, a.moneyUpdateScheme)
	huma.Register(a.huma, huma.Operation{Errors: readErrors, OperationID: "money-get-reference",
		Method: http.MethodGet, Path: "/money/reference/{year}", Summary: "Get a financial year's BCF scheme types, expenditure categories and metrics", Tags: tags}, a.moneyGetReference)
}

func contributionDetail(c money.Contribution, fy string) MoneyContributionDetail {
	return MoneyContributionDetail{Contribution: c, Withdrawable: c.Basis.Withdrawable(), Payments: c.Payments(fy)}
}

func (a *API) moneyListContributions(ctx context.Context, in *moneyListInFund) (*ListOutput[MoneyContributionDetail], error) {
	f, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney)
	if err != nil {
		return nil, err
	}
	cs, err := a.deps.Store.MoneyContributions(ctx, in.FundID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	out := make([]MoneyContributionDetail, len(cs))
	for i, c := range cs {
		out[i] = contributionDetail(c, f.FinancialYear)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(out, p), len(out)), nil
}

func (a *API) moneyAddContribution(ctx context.Context, in *moneyAddContributionInput) (*moneyContributionOutput, error) {
	f, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	b := in.Body
	c, err := a.deps.Store.AddMoneyContribution(ctx, who.Actor(), money.Contribution{FundID: f.ID, PartnerOrgID: b.PartnerOrgID, Source: money.Source(b.Source),
		Basis: money.Basis(b.Basis), Schedule: money.Schedule(b.Schedule), Amount: money.Pence(b.AmountPence)})
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyContributionOutput{Body: contributionDetail(c, f.FinancialYear)}, nil
}

func (a *API) moneyListSchemes(ctx context.Context, in *moneyListInFund) (*ListOutput[money.Scheme], error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	ss, err := a.deps.Store.MoneySchemes(ctx, in.FundID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(ss, p), len(ss)), nil
}

func (a *API) moneyCreateScheme(ctx context.Context, in *moneyCreateSchemeInput) (*moneySchemeOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	s, err := a.deps.Store.CreateMoneyScheme(ctx, who.Actor(), in.Body.scheme(in.FundID, 0))
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneySchemeOutput{Body: s}, nil
}

func (a *API) moneyUpdateScheme(ctx context.Context, in *moneyUpdateSchemeInput) (*moneySchemeOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	old, err := a.deps.Store.MoneyScheme(ctx, in.SchemeID)
	if err != nil || old.FundID != in.FundID {
		if err == nil {
			err = store.ErrNotFound
		}
		return nil, a.notFoundAs(ctx, err, "path.scheme_id", fmt.Sprintf("pooled fund %d has no scheme %d", in.FundID, in.SchemeID))
	}
	s, err := a.deps.Store.UpdateMoneyScheme(ctx, who.Actor(), in.Body.scheme(in.FundID, in.SchemeID))
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneySchemeOutput{Body: s}, nil
}

func (a *API) moneyGetReference(ctx context.Context, in *moneyReferenceInput) (*moneyReferenceOutput, error) {
	y, err := money.Year(in.Year)
	if err != nil {
		msg := fmt.Sprintf("no reference data for the financial year %q (have %v)", in.Year, money.Years())
		return nil, problem(http.StatusNotFound, msg, &huma.ErrorDetail{Location: "path.year", Message: msg})
	}
	return &moneyReferenceOutput{Body: MoneyReference{Year: in.Year, YearData: y}}, nil
}
