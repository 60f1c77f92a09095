package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// Vote is one member's vote.
type Vote struct {
	MemberID int64  `json:"member_id" minimum:"1"`
	Choice   string `json:"choice" enum:"for,against,abstain"`
}

// Paper is a document linked to a decision.
type Paper struct {
	Title string `json:"title" minLength:"1" maxLength:"300"`
	URL   string `json:"url" maxLength:"2000" format:"uri"`
}

// Decision is something a board decided.
type Decision struct {
	ID            int64   `json:"id"`
	PartnershipID int64   `json:"partnership_id"`
	MeetingID     int64   `json:"meeting_id,omitempty"`
	Text          string  `json:"text"`
	Date          string  `json:"date" format:"date"`
	Outcome       string  `json:"outcome" enum:"consensus,vote"`
	Votes         []Vote  `json:"votes"`
	Papers        []Paper `json:"papers"`
	Tally         Tally   `json:"tally"`
}

// Tally counts the votes exactly.
type Tally struct {
	For     int `json:"for"`
	Against int `json:"against"`
	Abstain int `json:"abstain"`
}

// DecisionInput is the body of create decision.
type DecisionInput struct {
	Text      string  `json:"text" minLength:"1" maxLength:"20000"`
	Date      string  `json:"date" maxLength:"10" example:"2026-03-31" doc:"YYYY-MM-DD."`
	MeetingID int64   `json:"meeting_id,omitempty" minimum:"1" doc:"The meeting it was taken at, if any."`
	Outcome   string  `json:"outcome" enum:"consensus,vote"`
	Votes     []Vote  `json:"votes,omitempty" maxItems:"500" doc:"Each member's vote; empty for consensus."`
	Papers    []Paper `json:"papers,omitempty" maxItems:"50"`
}

func decisionOut(d places.Decision) Decision {
	out := Decision{ID: d.ID, PartnershipID: d.PartnershipID, MeetingID: d.MeetingID, Text: d.Text, Date: d.Date,
		Outcome: string(d.Outcome), Votes: make([]Vote, len(d.Votes)), Papers: make([]Paper, len(d.Papers))}
	for i, v := range d.Votes {
		out.Votes[i] = Vote{MemberID: v.MemberID, Choice: string(v.Choice)}
	}
	for i, p := range d.Papers {
		out.Papers[i] = Paper{Title: p.Title, URL: p.URL}
	}
	out.Tally.For, out.Tally.Against, out.Tally.Abstain = d.Tally()
	return out
}

type decisionOutput struct{ Body Decision }

type createDecisionInput struct {
	PartnershipPath
	Body DecisionInput
}

type decisionPath struct {
	PartnershipPath
	DecisionID int64 `path:"decision_id" minimum:"1" doc:"The decision's ID."`
}

// registerDecisions lists the operations on a partnership's decisions.
func (a *API) registerDecisions() {
	tags := []string{"partnerships"}
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-decisions", Method: http.MethodGet, Path: "/partnerships/{id}/decisions",
		Summary: "List a partnership's decisions, latest first", Tags: tags,
	}, a.listDecisions)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "create-decision", Middlewares: a.guard(auth.RecordDecisions, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/decisions",
		Summary: "Record a decision with each member's vote", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, a.createDecision)
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-decision", Method: http.MethodGet, Path: "/partnerships/{id}/decisions/{decision_id}",
		Summary: "Get a decision with its votes and papers", Tags: tags,
	}, a.getDecision)
}

func (a *API) listDecisions(ctx context.Context, in *listInPartnership) (*ListOutput[Decision], error) {
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	ds, err := a.deps.Store.ListDecisions(ctx, in.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	items := make([]Decision, len(ds))
	for i, d := range ds {
		items[i] = decisionOut(d)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(items, p), len(items)), nil
}

func (a *API) createDecision(ctx context.Context, in *createDecisionInput) (*decisionOutput, error) {
	who, err := a.require(ctx, auth.RecordDecisions, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	d := places.Decision{PartnershipID: in.ID, MeetingID: in.Body.MeetingID, Text: in.Body.Text,
		Date: in.Body.Date, Outcome: places.Outcome(in.Body.Outcome)}
	for _, v := range in.Body.Votes {
		d.Votes = append(d.Votes, places.Vote{MemberID: v.MemberID, Choice: places.VoteChoice(v.Choice)})
	}
	for _, p := range in.Body.Papers {
		d.Papers = append(d.Papers, places.Paper{Title: p.Title, URL: p.URL})
	}
	d.Normalize()
	if err := d.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.CreateDecision(ctx, who.Actor(), d)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &decisionOutput{Body: decisionOut(saved)}, nil
}

func (a *API) getDecision(ctx context.Context, in *decisionPath) (*decisionOutput, error) {
	d, err := a.deps.Store.GetDecision(ctx, in.DecisionID)
	if err == nil && d.PartnershipID != in.ID {
		err = store.ErrNotFound
	}
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.decision_id",
			fmt.Sprintf("partnership %d has no decision with the ID %d", in.ID, in.DecisionID))
	}
	return &decisionOutput{Body: decisionOut(d)}, nil
}
