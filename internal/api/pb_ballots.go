package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// Ballots, receipts, results and the anonymised .pb export of a
// participatory budget (issue 15's "interface used by independent checks").

// PBBallotBody is a ballot: projects, or points for points ballots.
type PBBallotBody struct {
	Code     string         `json:"code,omitempty" maxLength:"64" doc:"A one-time voting code from a letter. Without one, the signed-in resident votes (residence rule)."`
	Projects []string       `json:"projects,omitempty" maxItems:"2000" doc:"Approval and knapsack: the projects chosen. Ranking: most preferred first."`
	Points   map[string]int `json:"points,omitempty" doc:"Points ballots: points per project id."`
	Receipt  string         `json:"receipt,omitempty" maxLength:"64" doc:"To change a ballot cast with a code before the close: the receipt it was given."`
}

type pbBallotInput struct {
	PBProcessPath
	Body PBBallotBody
}

// PBReceipt is what a voter keeps: a code to check their ballot was
// counted. It never shows totals.
type PBReceipt struct {
	Receipt string `json:"receipt"`
}

type pbReceiptOutput struct{ Body PBReceipt }

type pbReceiptPath struct {
	PBProcessPath
	Receipt string `path:"receipt" maxLength:"64" doc:"The receipt code given when the ballot was submitted."`
}

// PBReceiptStatus says whether the ballot with a receipt stands.
type PBReceiptStatus struct {
	Status        string `json:"status" enum:"submitted,replaced" doc:"submitted: this ballot counts (at the close). replaced: a later ballot by the same voter counts instead."`
	SubmittedAt   string `json:"submitted_at,omitempty"`
	ProcessStatus string `json:"process_status" enum:"draft,open,closed"`
}

type pbReceiptStatusOutput struct{ Body PBReceiptStatus }

// PBPotResult is one pot's count.
type PBPotResult struct {
	PotID           int64    `json:"pot_id,omitempty"`
	Winners         []string `json:"winners"`
	TotalCost       string   `json:"total_cost"`
	Ballots         int      `json:"ballots"`
	TieBreakDecided bool     `json:"tie_break_decided" doc:"The published tie-break changed the outcome against pabutools' default (smallest id)."`
	BallotsSHA256   string   `json:"ballots_sha256" doc:"SHA-256 of this pot's ballots file (ballots.pb?pot=ID)."`
}

// PBResult is a closed process's result.
type PBResult struct {
	Rule           string        `json:"rule"`
	Winners        []string      `json:"winners" doc:"The funded projects as published (the override, when there is one)."`
	TotalCost      string        `json:"total_cost" doc:"Their cost in pounds, as pb allocate writes it."`
	TotalPence     int64         `json:"total_pence"`
	CountedWinners []string      `json:"counted_winners" doc:"The winners as counted by the rule."`
	OverrideReason string        `json:"override_reason,omitempty" doc:"Why staff replaced the counted winners."`
	Ballots        int           `json:"ballots"`
	Pots           []PBPotResult `json:"pots"`
	TieBreak       string        `json:"tie_break"`
	Lot            string        `json:"lot"`
	BallotsSHA256  string        `json:"ballots_sha256" doc:"SHA-256 of the anonymised ballots file (ballots.pb)."`
	RecountCommand string        `json:"recount_command"`
	ComputedAt     string        `json:"computed_at"`
}

type pbResultOutput struct{ Body PBResult }

type pbFileOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	SHA256             string `header:"X-Content-SHA256"`
	Body               []byte
}

// PBPaperBallotBody is a paper or assisted ballot as an officer enters it.
type PBPaperBallotBody struct {
	Channel  string         `json:"channel" enum:"paper,assisted"`
	Code     string         `json:"code,omitempty" maxLength:"64" doc:"The voter's code, when the paper ballot came with one."`
	Name     string         `json:"name,omitempty" maxLength:"200" doc:"Without a code: the voter's name, date of birth and postcode, as checked in person. Only a salted hash is kept."`
	Birth    string         `json:"date_of_birth,omitempty" maxLength:"10" format:"date"`
	Postcode string         `json:"postcode,omitempty" maxLength:"20"`
	AgeBand  string         `json:"age_band,omitempty" enum:"16-24,25-34,35-44,45-54,55-64,65-74,75+,"`
	Projects []string       `json:"projects,omitempty" maxItems:"2000"`
	Points   map[string]int `json:"points,omitempty"`
}

type pbPaperInput struct {
	PBProcessPath
	Body PBPaperBallotBody
}

// PBPaperBallot is an entered paper ballot's state.
type PBPaperBallot struct {
	ID     int64  `json:"id"`
	Status string `json:"status" enum:"pending,accepted,rejected"`
}

type pbPaperOutput struct{ Body PBPaperBallot }

type pbPaperCheckInput struct {
	PBProcessPath
	PaperID int64 `path:"paper_id" minimum:"1"`
	Body    struct {
		Accept bool `json:"accept" doc:"true counts the ballot; false sets it aside."`
	}
}

func (a *API) registerPBBallots() {
	tags := []string{"participatory budgeting"}
	huma.Register(a.huma, huma.Operation{
		Errors:      []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
		OperationID: "submit-pb-ballot", Method: http.MethodPost, Path: "/pb/processes/{process_id}/ballots", DefaultStatus: http.StatusCreated,
		Summary: "Submit a ballot", Tags: tags,
		Description: "With a one-time code no session is needed; without one, the signed-in resident votes if the process's residence " +
			"and age rules let them. 201 with a receipt only after the ballot's transaction has committed. A second ballot by the same " +
			"person (code, account or officer-checked identity) is 409, unless it gives the first ballot's receipt (with the same code), " +
			"which it then replaces. A ballot that breaks a published rule is 422 naming the rule.",
	}, a.submitPBBallot)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "get-pb-receipt", Method: http.MethodGet, Path: "/pb/processes/{process_id}/receipts/{receipt}",
		Summary: "Check a receipt", Tags: tags, Description: "Says whether the ballot stands or was replaced; never the choices or any count.",
	}, a.getPBReceipt)
	huma.Register(a.huma, huma.Operation{
		Errors: append(readErrors, http.StatusConflict), OperationID: "get-pb-result", Method: http.MethodGet, Path: "/pb/processes/{process_id}/result",
		Summary: "Get the result of a closed process", Tags: tags, Description: "409 until the process has closed and been counted.",
	}, a.getPBResult)
	huma.Register(a.huma, huma.Operation{
		Errors: append(readErrors, http.StatusConflict), OperationID: "get-pb-ballots-file", Method: http.MethodGet, Path: "/pb/processes/{process_id}/ballots.pb",
		Summary: "Download the anonymised ballots as a Pabulib .pb file", Tags: tags,
		Description: "After the close only (409 before). Voters are numbered in an order unrelated to when they voted. " +
			"`placeboard pb allocate` on this file gives the published winners (see the result's recount_command).",
		Responses: map[string]*huma.Response{"200": {
			Description: "The .pb file; X-Content-SHA256 is its SHA-256, as published with the result.",
			Content:     map[string]*huma.MediaType{"text/plain": {Schema: &huma.Schema{Type: "string"}}},
		}},
	}, a.getPBBallotsFile)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "enter-pb-paper-ballot", Method: http.MethodPost, Path: "/pb/processes/{process_id}/paper-ballots",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), DefaultStatus: http.StatusCreated, Security: needsSession,
		Summary: "Enter a paper or assisted ballot (counted once a second officer checks it)", Tags: tags,
		Description: "The partnership's administrators and officers, and global administrators. Audited without the choices.",
	}, a.enterPBPaperBallot)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "check-pb-paper-ballot", Method: http.MethodPost, Path: "/pb/processes/{process_id}/paper-ballots/{paper_id}/check",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), Security: needsSession,
		Summary: "Check a paper ballot as the second officer", Tags: tags,
		Description: "Another officer than the one who entered it. Accepting counts it, under the same one-vote-per-person key as every channel (409 if this person has voted).",
	}, a.checkPBPaperBallot)
}

func (a *API) submitPBBallot(ctx context.Context, in *pbBallotInput) (*pbReceiptOutput, error) {
	proof := budgeting.Proof{Code: in.Body.Code}
	if proof.Code == "" {
		p := principal(ctx)
		if p == nil {
			msg := "give your voting code, or sign in to vote as a resident"
			return nil, problem(http.StatusUnprocessableEntity, msg, fieldProblem("code", msg))
		}
		u, err := a.deps.Store.GetUser(ctx, p.UserID)
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		if !p.EmailConfirmed {
			msg := "confirm your e-mail address before voting, or give a voting code"
			return nil, problem(http.StatusForbidden, msg, fieldProblem("code", msg))
		}
		proof = budgeting.Proof{UserID: p.UserID, Postcode: u.Postcode, AgeBand: u.AgeBand}
	}
	receipt, err := budgeting.Vote(ctx, a.deps.Store, in.ProcessID, proof, budgeting.Choices{Projects: in.Body.Projects, Points: in.Body.Points}, in.Body.Receipt)
	if errors.Is(err, store.ErrNotFound) {
		return nil, a.notFoundAs(ctx, err, "path.process_id", fmt.Sprintf("no participatory budget has the ID %d", in.ProcessID))
	}
	if err != nil {
		return nil, a.pbError(ctx, err)
	}
	return &pbReceiptOutput{Body: PBReceipt{Receipt: receipt}}, nil
}

func (a *API) getPBReceipt(ctx context.Context, in *pbReceiptPath) (*pbReceiptStatusOutput, error) {
	p, err := a.pbProcess(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	r, err := a.deps.Store.PBReceiptStatus(ctx, in.ProcessID, in.Receipt)
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.receipt", "no ballot of this process has that receipt")
	}
	return &pbReceiptStatusOutput{Body: PBReceiptStatus{Status: r.Status, SubmittedAt: r.SubmittedAt, ProcessStatus: string(p.Status)}}, nil
}

// pbResult loads a counted process's result: 409 before the close.
func (a *API) pbResult(ctx context.Context, id int64) (*budgeting.Process, *budgeting.Result, error) {
	p, err := a.pbProcess(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if p.Status != budgeting.StatusClosed {
		msg := "voting has not closed: the result and the ballots are published at the close"
		return nil, nil, problem(http.StatusConflict, msg, fieldProblem("path.process_id", msg))
	}
	r, err := a.deps.Store.PBResult(ctx, id)
	if err != nil {
		return nil, nil, a.pbError(ctx, err)
	}
	return p, r, nil
}

func (a *API) getPBResult(ctx context.Context, in *PBProcessPath) (*pbResultOutput, error) {
	p, r, err := a.pbResult(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	total := r.PublishedTotalPence(p)
	out := PBResult{Rule: string(r.Rule), Winners: r.Published(), TotalCost: pencePounds(total), TotalPence: total,
		CountedWinners: r.Winners, OverrideReason: r.OverrideReason, Ballots: r.Outcome.Ballots, Pots: []PBPotResult{},
		TieBreak: budgeting.TieBreakPolicy, Lot: p.Lot, BallotsSHA256: r.BallotsSHA256,
		RecountCommand: budgeting.RecountCommand(p.Rule, "ballots.pb"), ComputedAt: r.ComputedAt}
	if out.Winners == nil {
		out.Winners = []string{}
	}
	if out.CountedWinners == nil {
		out.CountedWinners = []string{}
	}
	for _, po := range r.Outcome.Pots {
		out.Pots = append(out.Pots, PBPotResult{PotID: po.PotID, Winners: po.Winners, TotalCost: pencePounds(po.TotalPence),
			Ballots: po.Ballots, TieBreakDecided: po.TieBreakDecided, BallotsSHA256: po.BallotsSHA256})
	}
	return &pbResultOutput{Body: out}, nil
}

type pbFileInput struct {
	PBProcessPath
	Pot int64 `query:"pot" minimum:"0" doc:"For a process with pots per area: the pot's ID (default the first)."`
}

func (a *API) getPBBallotsFile(ctx context.Context, in *pbFileInput) (*pbFileOutput, error) {
	p, r, err := a.pbResult(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	out := &pbFileOutput{ContentType: "text/plain; charset=utf-8", SHA256: r.BallotsSHA256,
		ContentDisposition: fmt.Sprintf(`attachment; filename="placeboard-pb-%d.pb"`, in.ProcessID), Body: r.BallotsPB}
	if in.Pot == 0 || in.Pot == p.PotIDs()[0] {
		return out, nil
	}
	if !slices.Contains(p.PotIDs(), in.Pot) {
		msg := fmt.Sprintf("this process has no pot %d", in.Pot)
		return nil, problem(http.StatusNotFound, msg, fieldProblem("query.pot", msg))
	}
	ballots, err := a.deps.Store.PBBallots(ctx, p.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	if out.Body, out.SHA256, err = p.ExportPB(in.Pot, ballots); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	out.ContentDisposition = fmt.Sprintf(`attachment; filename="placeboard-pb-%d-pot-%d.pb"`, in.ProcessID, in.Pot)
	return out, nil
}

func (a *API) enterPBPaperBallot(ctx context.Context, in *pbPaperInput) (*pbPaperOutput, error) {
	p, err := a.pbProcess(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	b := in.Body
	// The same checks as the officer's page (budgeting.PaperSubmission):
	// identity, pot, minimum age and the published ballot rules.
	sub, err := budgeting.PaperSubmission(ctx, a.deps.Store, p, budgeting.PaperEntry{
		Channel: b.Channel, Code: b.Code, Name: b.Name, DateOfBirth: b.Birth, Postcode: b.Postcode,
		AgeBand: b.AgeBand, Choices: budgeting.Choices{Projects: b.Projects, Points: b.Points}})
	if err != nil {
		return nil, a.pbError(ctx, err)
	}
	id, err := a.deps.Store.EnterPBPaperBallot(ctx, principal(ctx).Actor(), sub)
	if err != nil {
		return nil, a.pbError(ctx, err)
	}
	return &pbPaperOutput{Body: PBPaperBallot{ID: id, Status: "pending"}}, nil
}

func (a *API) checkPBPaperBallot(ctx context.Context, in *pbPaperCheckInput) (*pbPaperOutput, error) {
	if _, err := a.pbProcess(ctx, in.ProcessID); err != nil {
		return nil, err
	}
	err := a.deps.Store.CheckPBPaperBallot(ctx, principal(ctx).Actor(), in.ProcessID, in.PaperID, in.Body.Accept)
	if errors.Is(err, store.ErrNotFound) {
		return nil, a.notFoundAs(ctx, err, "path.paper_id", fmt.Sprintf("no paper ballot %d in this process", in.PaperID))
	}
	if err != nil {
		return nil, a.pbError(ctx, err)
	}
	status := "rejected"
	if in.Body.Accept {
		status = "accepted"
	}
	return &pbPaperOutput{Body: PBPaperBallot{ID: in.PaperID, Status: status}}, nil
}
