package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/validation"
)

type moneyPlanOutput struct{ Body money.PlanVersion }

// MoneySignoffInput is the body of sign plan.
type MoneySignoffInput struct {
	Version    int    `json:"version" minimum:"1" doc:"The plan version signed: the current one."`
	OrgID      int64  `json:"org_id" doc:"The organisation signing."`
	Role       string `json:"role" enum:"chief_executive,s151"`
	SignerName string `json:"signer_name" maxLength:"200"`
}

type moneySignInput struct {
	MoneyFundPath
	Body MoneySignoffInput
}

func (a *API) registerMoneyPlan(tags []string) {
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-get-plan", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/plan", Summary: "Get the current plan version, its signatures and those still needed", Tags: tags, Security: needsSession}, a.moneyGetPlan)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-sign-plan", Middlewares: a.moneyGuard(auth.SignMoneyPlan),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/plan/signoffs", Summary: "Record a chief executive's or section 151 officer's signature", Tags: tags, Security: needsSession,
		DefaultStatus: http.StatusCreated, Description: "Every partner's chief executive and the council's section 151 officer lock a version; a later edit makes a new version and voids them. " +
			"The partnership's administrators, officers and board members, and global administrators."}, a.moneySignPlan)
}

func (a *API) moneyGetPlan(ctx context.Context, in *MoneyFundPath) (*moneyPlanOutput, error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	v, err := a.deps.Store.MoneyPlan(ctx, in.FundID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyPlanOutput{Body: v}, nil
}

func (a *API) moneySignPlan(ctx context.Context, in *moneySignInput) (*moneyPlanOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.SignMoneyPlan)
	if err != nil {
		return nil, err
	}
	b := in.Body
	v, err := a.deps.Store.SignMoneyPlan(ctx, who.Actor(), in.FundID, b.Version, money.Signoff{OrgID: b.OrgID, Role: money.SignoffRole(b.Role), SignerName: b.SignerName})
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyPlanOutput{Body: v}, nil
}

// queryField moves a validation error on field to the query parameter of
// that name (query.as_of).
func queryField(err error, field string) error {
	v, ok := validation.As(err)
	if !ok {
		return err
	}
	var out validation.Errors
	for _, f := range v.Fields {
		if f.Field == field {
			f.Field = "query." + field
		}
		out.Fields = append(out.Fields, f)
	}
	return out.Err()
}

// prefixFields puts the fields of a validation error under prefix
// (withdrawal.amount_pence), for bodies that nest the domain's input.
func prefixFields(err error, prefix string) error {
	v, ok := validation.As(err)
	if !ok {
		return err
	}
	var out validation.Errors
	for _, f := range v.Fields {
		if !strings.HasPrefix(f.Field, "body") {
			f.Field = prefix + f.Field
		}
		out.Fields = append(out.Fields, f)
	}
	return out.Err()
}
