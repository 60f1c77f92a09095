package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
)

// MoneyFundPath names a pooled fund.
type MoneyFundPath struct {
	FundID int64 `path:"fund_id" minimum:"1" doc:"The pooled fund's ID."`
}

// MoneyFundInput is the body of create and update fund.
type MoneyFundInput struct {
	FinancialYear           string `json:"financial_year,omitempty" maxLength:"7" example:"2025-26" doc:"Set when the fund is created; ignored on update."`
	Name                    string `json:"name" maxLength:"200"`
	Kind                    string `json:"kind,omitempty" enum:"bcf,other" doc:"bcf (the default) or other; set when the fund is created."`
	HostOrgID               int64  `json:"host_org_id" doc:"The partner that hosts, accounts for and audits the pool."`
	ManagerName             string `json:"manager_name" maxLength:"200" doc:"The pooled fund manager, an officer of the host."`
	ConsultBeforeAllocating bool   `json:"consult_before_allocating,omitempty" doc:"Refuse commitments to a scheme whose consultation is still open."`
	Illustrative            bool   `json:"illustrative,omitempty" doc:"Demo data, labelled as such."`
}

func (in MoneyFundInput) fund(partnershipID, id int64) money.Fund {
	return money.Fund{ID: id, PartnershipID: partnershipID, FinancialYear: in.FinancialYear, Name: in.Name, Kind: money.FundKind(in.Kind),
		HostOrgID: in.HostOrgID, ManagerName: in.ManagerName, ConsultBeforeAllocating: in.ConsultBeforeAllocating, Illustrative: in.Illustrative}
}

// MoneyFundDetail is a fund with where it stands in the ledger.
type MoneyFundDetail struct {
	money.Fund
	Position money.FundPosition `json:"position"`
}

type moneyFundOutput struct{ Body MoneyFundDetail }

type moneyListFundsInput struct {
	PartnershipPath
	PageParams
}

type moneyCreateFundInput struct {
	PartnershipPath
	Body MoneyFundInput
}

type moneyUpdateFundInput struct {
	MoneyFundPath
	Body MoneyFundInput
}

// MoneyAgreementInput is the body of save agreement.
type MoneyAgreementInput struct {
	Kind                    string                `json:"kind,omitempty" enum:"s75,other" doc:"s75 (the default) or other."`
	HostOrgID               int64                 `json:"host_org_id"`
	Hosting                 string                `json:"hosting,omitempty" maxLength:"2000"`
	Parties                 []money.Party         `json:"parties" maxItems:"50"`
	RiskShare               string                `json:"risk_share,omitempty" enum:"own_risk,pro_rata,fixed_split,risk_pool" doc:"own_risk by default."`
	RiskPoolPence           int64                 `json:"risk_pool_pence,omitempty" minimum:"0"`
	Waterfall               []money.WaterfallStep `json:"waterfall,omitempty" maxItems:"4" doc:"The order of cover for an overspend; by default underspends, risk_pool, uncommitted, partners."`
	TerminationNoticeMonths int                   `json:"termination_notice_months,omitempty" minimum:"0" maximum:"120" doc:"12 by default."`
	SchemeNoticeMonths      int                   `json:"scheme_notice_months,omitempty" minimum:"0" maximum:"120" doc:"6 by default."`
}

// MoneyAgreementDetail is an agreement with its variations.
type MoneyAgreementDetail struct {
	money.Agreement
	Variations []money.Variation `json:"variations"`
}

type moneyAgreementOutput struct{ Body MoneyAgreementDetail }

type moneySaveAgreementInput struct {
	MoneyFundPath
	Body MoneyAgreementInput
}

// MoneyVariationInput is the body of record variation.
type MoneyVariationInput struct {
	Description string  `json:"description" maxLength:"2000"`
	EffectiveOn string  `json:"effective_on,omitempty" maxLength:"10" example:"2026-01-15"`
	AgreedBy    []int64 `json:"agreed_by" maxItems:"50" doc:"The organisation IDs of the partners who agreed: every partner."`
}

type moneyVariationInput struct {
	MoneyFundPath
	Body MoneyVariationInput
}

type moneyVariationOutput struct{ Body money.Variation }

// registerMoney lists the money operations (docs/money.md).
func (a *API) registerMoney() {
	tags := []string{"money"}
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-list-funds", Middlewares: a.guard(auth.ViewMoney, "id"),
		Method: http.MethodGet, Path: "/partnerships/{id}/money/funds", Summary: "List a partnership's pooled funds", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators, officers, analysts and board members, and global administrators."}, a.moneyListFunds)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-create-fund", Middlewares: a.guard(auth.ManageMoney, "id"),
		Method: http.MethodPost, Path: "/partnerships/{id}/money/funds", Summary: "Record a pooled fund for a financial year", Tags: tags, Security: needsSession,
		DefaultStatus: http.StatusCreated, Description: "The partnership's administrators and officers, and global administrators."}, a.moneyCreateFund)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-get-fund", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}", Summary: "Get a pooled fund and where it stands in the ledger", Tags: tags, Security: needsSession}, a.moneyGetFund)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-update-fund", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPut, Path: "/money/funds/{fund_id}", Summary: "Change a fund's name, host, manager and consult-before-allocating rule", Tags: tags, Security: needsSession}, a.moneyUpdateFund)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-get-agreement", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/agreement", Summary: "Get the agreement governing a fund, with its variations", Tags: tags, Security: needsSession}, a.moneyGetAgreement)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-save-agreement", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPut, Path: "/money/funds/{fund_id}/agreement", Summary: "Record or replace the section 75 agreement of a fund", Tags: tags, Security: needsSession,
		Description: "Parties, hosting, risk share, waterfall and notice periods (12 and 6 months by default)."}, a.moneySaveAgreement)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-record-variation", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/agreement/variations", Summary: "Record a variation every partner agreed", Tags: tags, Security: needsSession,
		DefaultStatus: http.StatusCreated}, a.moneyRecordVariation)
	a.registerMoneySchemes(tags)
	a.registerMoneyLedger(tags)
	a.registerMoneyForecast(tags)
	a.registerMoneyPlan(tags)
}

// moneyGuard checks permission on the fund named by the path's fund_id
// before huma reads the body: 401 for anonymous callers, 403 without the
// role in the fund's partnership. An unknown fund is left to the
// operation, which answers 404.
func (a *API) moneyGuard(action auth.Action) huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		var pid int64
		if principal(ctx.Context()) != nil {
			id, err := strconv.ParseInt(ctx.Param("fund_id"), 10, 64)
			if err != nil {
				next(ctx)
				return
			}
			f, err := a.deps.Store.MoneyFund(ctx.Context(), id)
			if err != nil {
				next(ctx)
				return
			}
			pid = f.PartnershipID
		}
		if _, err := a.require(ctx.Context(), action, pid); err != nil {
			var se huma.StatusError
			if errors.As(err, &se) {
				_ = huma.WriteErr(a.huma, ctx, se.GetStatus(), se.Error())
				return
			}
			_ = huma.WriteErr(a.huma, ctx, http.StatusInternalServerError, "internal error")
			return
		}
		next(ctx)
	}}
}

// moneyFund loads the fund and checks the caller may do action in its
// partnership.
func (a *API) moneyFund(ctx context.Context, fundID int64, action auth.Action) (money.Fund, *auth.Principal, error) {
	f, err := a.deps.Store.MoneyFund(ctx, fundID)
	if err != nil {
		if p := principal(ctx); p == nil {
			_, rerr := a.require(ctx, action, 0)
			return f, nil, rerr
		}
		return f, nil, a.notFoundAs(ctx, err, "path.fund_id", fmt.Sprintf("no pooled fund has the ID %d", fundID))
	}
	who, err := a.require(ctx, action, f.PartnershipID)
	return f, who, err
}

// moneyError maps the money domain's refusals: an overcommitment and an
// open consultation are conflicts (409) naming the field, a signature the
// plan does not need is a 422; anything else goes to mapError.
func (a *API) moneyError(ctx context.Context, err error) error {
	var over *money.OvercommitError
	var open *money.ConsultationOpenError
	var notReq *money.NotRequiredError
	switch {
	case errors.As(err, &over):
		return problem(http.StatusConflict, over.Error(), &huma.ErrorDetail{Location: "body.amount_pence", Message: over.Error()})
	case errors.As(err, &open):
		return problem(http.StatusConflict, open.Error(), &huma.ErrorDetail{Location: "body.scheme_id", Message: open.Error()})
	case errors.As(err, &notReq):
		return problem(http.StatusUnprocessableEntity, notReq.Error(), &huma.ErrorDetail{Location: "body.role", Message: notReq.Error()})
	case errors.Is(err, money.ErrNoConsultations):
		return problem(http.StatusConflict, err.Error(), &huma.ErrorDetail{Location: "body.scheme_id", Message: err.Error()})
	case errors.Is(err, money.ErrUnknownYear):
		return problem(http.StatusUnprocessableEntity, err.Error(), &huma.ErrorDetail{Location: "body.financial_year", Message: err.Error()})
	}
	return a.errs.mapError(ctx, err)
}

func (a *API) moneyListFunds(ctx context.Context, in *moneyListFundsInput) (*ListOutput[money.Fund], error) {
	if _, err := a.require(ctx, auth.ViewMoney, in.ID); err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	fs, err := a.deps.Store.MoneyFunds(ctx, in.ID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(fs, p), len(fs)), nil
}

func (a *API) moneyFundDetail(ctx context.Context, f money.Fund) (*moneyFundOutput, error) {
	pos, err := a.deps.Store.MoneyPosition(ctx, f.ID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyFundOutput{Body: MoneyFundDetail{Fund: f, Position: pos}}, nil
}

func (a *API) moneyCreateFund(ctx context.Context, in *moneyCreateFundInput) (*moneyFundOutput, error) {
	who, err := a.require(ctx, auth.ManageMoney, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	f, err := a.deps.Store.CreateMoneyFund(ctx, who.Actor(), in.Body.fund(in.ID, 0))
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return a.moneyFundDetail(ctx, f)
}

func (a *API) moneyGetFund(ctx context.Context, in *MoneyFundPath) (*moneyFundOutput, error) {
	f, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney)
	if err != nil {
		return nil, err
	}
	return a.moneyFundDetail(ctx, f)
}

func (a *API) moneyUpdateFund(ctx context.Context, in *moneyUpdateFundInput) (*moneyFundOutput, error) {
	f, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	f, err = a.deps.Store.UpdateMoneyFund(ctx, who.Actor(), in.Body.fund(f.PartnershipID, f.ID))
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return a.moneyFundDetail(ctx, f)
}

func (a *API) moneyAgreementDetail(ctx context.Context, fundID int64) (*moneyAgreementOutput, error) {
	ag, err := a.deps.Store.MoneyAgreement(ctx, fundID)
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.fund_id", fmt.Sprintf("pooled fund %d has no agreement recorded", fundID))
	}
	vs, err := a.deps.Store.MoneyVariations(ctx, fundID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyAgreementOutput{Body: MoneyAgreementDetail{Agreement: ag, Variations: vs}}, nil
}

func (a *API) moneyGetAgreement(ctx context.Context, in *MoneyFundPath) (*moneyAgreementOutput, error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	return a.moneyAgreementDetail(ctx, in.FundID)
}

func (a *API) moneySaveAgreement(ctx context.Context, in *moneySaveAgreementInput) (*moneyAgreementOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	b := in.Body
	ag := money.Agreement{FundID: in.FundID, Kind: b.Kind, HostOrgID: b.HostOrgID, Hosting: b.Hosting, Parties: b.Parties, RiskShare: money.RiskShare(b.RiskShare),
		RiskPool: money.Pence(b.RiskPoolPence), Waterfall: b.Waterfall, TerminationNoticeMonths: b.TerminationNoticeMonths, SchemeNoticeMonths: b.SchemeNoticeMonths}
	if _, err := a.deps.Store.SaveMoneyAgreement(ctx, who.Actor(), ag); err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return a.moneyAgreementDetail(ctx, in.FundID)
}

func (a *API) moneyRecordVariation(ctx context.Context, in *moneyVariationInput) (*moneyVariationOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	v, err := a.deps.Store.RecordMoneyVariation(ctx, who.Actor(), in.FundID, money.Variation{Description: in.Body.Description, EffectiveOn: in.Body.EffectiveOn, AgreedBy: in.Body.AgreedBy})
	if err != nil {
		if a.errs.notFound(err) {
			return nil, a.notFoundAs(ctx, err, "path.fund_id", fmt.Sprintf("pooled fund %d has no agreement recorded", in.FundID))
		}
		return nil, a.moneyError(ctx, err)
	}
	return &moneyVariationOutput{Body: v}, nil
}
