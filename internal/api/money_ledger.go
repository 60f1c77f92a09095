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
	"github.com/placeboard/placeboard/internal/store"
)

// MoneyPostingInput is the body of post money.
type MoneyPostingInput struct {
	Kind          string              `json:"kind" enum:"budget,commitment,actual" doc:"Contributions are posted by recording a contribution line."`
	Period        string              `json:"period" maxLength:"7" example:"2025-04" doc:"A month of the fund's year."`
	SchemeID      int64               `json:"scheme_id"`
	AmountPence   int64               `json:"amount_pence"`
	ProviderOrgID int64               `json:"provider_org_id,omitempty" minimum:"0" doc:"The provider paid; by default the scheme's."`
	Reference     string              `json:"reference,omitempty" maxLength:"200" doc:"Invoice or contract number."`
	Memo          string              `json:"memo,omitempty" maxLength:"1000"`
	Profile       []money.ProfileLine `json:"profile,omitempty" maxItems:"12" doc:"A commitment's spend profile by month; it must add up to the amount."`
}

type moneyPostInput struct {
	MoneyFundPath
	Body MoneyPostingInput
}

type moneyPostingOutput struct{ Body money.Posting }

type MoneyReversalPath struct {
	MoneyFundPath
	PostingID int64 `path:"posting_id" minimum:"1" doc:"The posting reversed."`
}

// MoneyReversalInput is the body of reverse posting.
type MoneyReversalInput struct {
	Period string `json:"period,omitempty" maxLength:"7" doc:"The month the reversal is posted in; by default the original's."`
	Memo   string `json:"memo,omitempty" maxLength:"1000"`
}

type moneyReverseInput struct {
	MoneyReversalPath
	Body MoneyReversalInput
}

type moneyLedgerInput struct {
	MoneyFundPath
	Kind     string `query:"kind" enum:"contribution,budget,commitment,actual" doc:"Only postings of this kind."`
	SchemeID int64  `query:"scheme_id" minimum:"0" doc:"Only this scheme's postings."`
	Period   string `query:"period" pattern:"^[0-9]{4}-[0-9]{2}$" doc:"Only this month's postings."`
	PageParams
}

// MoneyPeriodInput is the body of close period.
type MoneyPeriodInput struct {
	Period string `json:"period" maxLength:"7" example:"2025-04"`
}

type moneyClosePeriodInput struct {
	MoneyFundPath
	Body MoneyPeriodInput
}

// MoneyPeriods lists a fund's months and which are closed.
type MoneyPeriods struct {
	Periods []string `json:"periods"`
	Closed  []string `json:"closed"`
}

type moneyPeriodsOutput struct{ Body MoneyPeriods }

type moneyImportActualsInput struct {
	MoneyFundPath
	FileName string `query:"file_name" maxLength:"200" doc:"The file's name, for the record."`
	RawBody  []byte `contentType:"text/csv" doc:"CSV with a header row: period (2025-04) or date, scheme (the scheme's reference), amount (pounds and pence), reference, description. One transaction: a bad row posts nothing."`
}

// moneyActualsUploadOutput is an actuals upload's status; Location is its
// address when it has just been queued.
type moneyActualsUploadOutput struct {
	Location string `header:"Location"`
	Body     money.ActualsUpload
}

type moneyActualsUploadInput struct {
	MoneyFundPath
	UploadID int64 `path:"upload_id" minimum:"1"`
}

func (a *API) registerMoneyLedger(tags []string) {
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-list-ledger", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/ledger", Summary: "List a fund's ledger postings, oldest first", Tags: tags, Security: needsSession}, a.moneyListLedger)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-post", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/postings", Summary: "Post a budget, commitment or actual", Tags: tags, Security: needsSession, DefaultStatus: http.StatusCreated,
		Description: "Nothing is committed beyond the funds available: a budget beyond the fund's unallocated money, or a commitment beyond the scheme's " +
			"uncommitted budget, is refused with 409. A commitment to a scheme whose consultation is still open is refused with 409 naming it, when the fund's rule is on."}, a.moneyPost)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-reverse-posting", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/postings/{posting_id}/reversal", Summary: "Correct a posting by reversing it (postings are never edited)", Tags: tags,
		Security: needsSession, DefaultStatus: http.StatusCreated}, a.moneyReverse)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-list-periods", Middlewares: a.moneyGuard(auth.ViewMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/periods", Summary: "List a fund's months and which are closed", Tags: tags, Security: needsSession}, a.moneyListPeriods)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-close-period", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/periods", Summary: "Close a month: nothing more is posted in it", Tags: tags, Security: needsSession}, a.moneyClosePeriod)
	huma.Register(a.huma, huma.Operation{Errors: writeErrors, OperationID: "money-import-actuals", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodPost, Path: "/money/funds/{fund_id}/actuals", Summary: "Check a finance CSV of actuals and queue its import", Tags: tags, Security: needsSession,
		DefaultStatus: http.StatusAccepted, MaxBodyBytes: 64 << 20,
		Description: "Every row is checked against the fund first: a bad row queues nothing, and each problem's location names the row and column, e.g. body[5000].amount. " +
			"A good file is answered 202 with its upload, whose Location (money-get-actuals-upload) follows the background job that posts every row in one transaction, or none. " +
			"A fund keeps at most " + strconv.Itoa(money.MaxPendingUploads) + " imports waiting or running: another is refused with 409 (location body), nothing kept, until one ends."}, a.moneyImportActuals)
	huma.Register(a.huma, huma.Operation{Errors: readErrors, OperationID: "money-get-actuals-upload", Middlewares: a.moneyGuard(auth.ManageMoney),
		Method: http.MethodGet, Path: "/money/funds/{fund_id}/actuals/{upload_id}", Summary: "Follow an import of actuals", Tags: tags, Security: needsSession,
		Description: "state is queued, running (rows_done of rows_total), done (result names the import) or failed (error, and problems by row and column; nothing was posted)."}, a.moneyGetActualsUpload)
}

func (a *API) moneyListLedger(ctx context.Context, in *moneyLedgerInput) (*ListOutput[money.Posting], error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney); err != nil {
		return nil, err
	}
	p := in.PageParams.normalised()
	filter := store.MoneyLedgerFilter{Kind: money.Kind(in.Kind), SchemeID: in.SchemeID, Period: in.Period}
	total, err := a.deps.Store.MoneyLedgerCount(ctx, in.FundID, filter)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	filter.Limit, filter.Offset = p.PerPage, p.offset()
	ps, err := a.deps.Store.MoneyLedger(ctx, in.FundID, filter)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return newList(ctx, p, ps, total), nil
}

func (a *API) moneyPost(ctx context.Context, in *moneyPostInput) (*moneyPostingOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	b := in.Body
	p, err := a.deps.Store.PostMoney(ctx, who.Actor(), money.Posting{FundID: in.FundID, Kind: money.Kind(b.Kind), Period: b.Period, SchemeID: b.SchemeID,
		Amount: money.Pence(b.AmountPence), ProviderOrgID: b.ProviderOrgID, Reference: b.Reference, Memo: b.Memo, Profile: b.Profile})
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyPostingOutput{Body: p}, nil
}

func (a *API) moneyReverse(ctx context.Context, in *moneyReverseInput) (*moneyPostingOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	p, err := a.deps.Store.ReverseMoneyPosting(ctx, who.Actor(), in.FundID, in.PostingID, in.Body.Period, in.Body.Memo)
	if err != nil {
		if a.errs.notFound(err) {
			return nil, a.notFoundAs(ctx, err, "path.posting_id", fmt.Sprintf("pooled fund %d has no posting %d", in.FundID, in.PostingID))
		}
		return nil, a.moneyError(ctx, err)
	}
	return &moneyPostingOutput{Body: p}, nil
}

func (a *API) moneyListPeriods(ctx context.Context, in *MoneyFundPath) (*moneyPeriodsOutput, error) {
	f, _, err := a.moneyFund(ctx, in.FundID, auth.ViewMoney)
	if err != nil {
		return nil, err
	}
	closed, err := a.deps.Store.MoneyClosedPeriods(ctx, in.FundID)
	if err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return &moneyPeriodsOutput{Body: MoneyPeriods{Periods: money.Periods(f.FinancialYear), Closed: closed}}, nil
}

func (a *API) moneyClosePeriod(ctx context.Context, in *moneyClosePeriodInput) (*moneyPeriodsOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	if err := a.deps.Store.CloseMoneyPeriod(ctx, who.Actor(), in.FundID, in.Body.Period); err != nil {
		return nil, a.moneyError(ctx, err)
	}
	return a.moneyListPeriods(ctx, &in.MoneyFundPath)
}

func (a *API) moneyImportActuals(ctx context.Context, in *moneyImportActualsInput) (*moneyActualsUploadOutput, error) {
	_, who, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney)
	if err != nil {
		return nil, err
	}
	name := in.FileName
	if name == "" {
		name = "upload.csv"
	}
	up, err := money.QueueActuals(ctx, a.deps.Store, a.deps.MoneyActuals, who.Actor(), in.FundID, name, in.RawBody)
	if errors.Is(err, money.ErrNoQueue) {
		return nil, problem(http.StatusServiceUnavailable, "background jobs are not running on this server")
	}
	if errors.Is(err, money.ErrTooManyUploads) {
		// 409, not 429: the refusal is the fund's state (its imports
		// already waiting or running, whoever sent them), not this
		// caller's rate, and it lifts when one of them ends, not after a
		// time a Retry-After could name. The web form answers 409 too.
		msg := money.ErrTooManyUploads.Error()
		return nil, problem(http.StatusConflict, fmt.Sprintf("pooled fund %d: %s", in.FundID, msg), &huma.ErrorDetail{Location: "body", Message: msg})
	}
	if err != nil {
		return nil, a.moneyError(ctx, csvLocations(err))
	}
	return &moneyActualsUploadOutput{Location: fmt.Sprintf("%s/money/funds/%d/actuals/%d", Prefix, in.FundID, up.ID), Body: up}, nil
}

func (a *API) moneyGetActualsUpload(ctx context.Context, in *moneyActualsUploadInput) (*moneyActualsUploadOutput, error) {
	if _, _, err := a.moneyFund(ctx, in.FundID, auth.ManageMoney); err != nil {
		return nil, err
	}
	up, err := a.deps.Store.MoneyActualsUpload(ctx, in.UploadID)
	if err == nil && up.FundID != in.FundID {
		err = store.ErrNotFound
	}
	if err != nil {
		if a.errs.notFound(err) {
			return nil, a.notFoundAs(ctx, err, "path.upload_id", fmt.Sprintf("pooled fund %d has no upload of actuals %d", in.FundID, in.UploadID))
		}
		return nil, a.moneyError(ctx, err)
	}
	return &moneyActualsUploadOutput{Body: up}, nil
}
