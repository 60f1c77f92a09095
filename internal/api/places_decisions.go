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
	RescindedOn   string  `json:"rescinded_on,omitempty" format:"date" doc:"The day the decision was rescinded or superseded; absent while it stands."`
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
	Date      string  `json:"date,omitempty" maxLength:"10" example:"2026-03-31" doc:"YYYY-MM-DD. A decision taken at a meeting has the meeting's date: leave it out (or give that date)."`
	MeetingID int64   `json:"meeting_id,omitempty" minimum:"1" doc:"The meeting it was taken at, if any. Only voting members present at it may vote; observers never vote."`
	Outcome   string  `json:"outcome" enum:"consensus,vote"`
	Votes     []Vote  `json:"votes,omitempty" maxItems:"500" doc:"Each member's vote; empty for consensus."`
	Papers    []Paper `json:"papers,omitempty" maxItems:"50"`
}

func decisionOut(d places.Decision) Decision {
	out := Decision{ID: d.ID, PartnershipID: d.PartnershipID, MeetingID: d.MeetingID, Text: d.Text, Date: d.Date,
		Outcome: string(d.Outcome), Votes: make([]Vote, len(d.Votes)), Papers: make([]Paper, len(d.Papers)), RescindedOn: d.RescindedOn}
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

type DecisionPath struct {
	PartnershipPath
	DecisionID int64 `path:"decision_id" minimum:"1" doc:"The decision's ID."`
}

type updateDecisionInput struct {
	DecisionPath
	Body DecisionInput
}

type rescindDecisionInput struct {
	DecisionPath
	Body EndInput
}

func (in DecisionInput) decision(partnershipID, id int64) places.Decision {
	d := places.Decision{ID: id, PartnershipID: partnershipID, MeetingID: in.MeetingID, Text: in.Text,
		Date: in.Date, Outcome: places.Outcome(in.Outcome)}
	for _, v := range in.Votes {
		d.Votes = append(d.Votes, places.Vote{MemberID: v.MemberID, Choice: places.VoteChoice(v.Choice)})
	}
	for _, p := range in.Papers {
		d.Papers = append(d.Papers, places.Paper{Title: p.Title, URL: p.URL})
	}
	d.Normalize()
	return d
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
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "update-decision", Middlewares: a.guard(auth.RecordDecisions, "id"), Method: http.MethodPut, Path: "/partnerships/{id}/decisions/{decision_id}",
		Summary: "Replace a decision's text, meeting, outcome, votes and papers", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators. Only voting members present at " +
			"the decision's meeting may vote, and it takes the meeting's date. Audited with before and after.",
	}, a.updateDecision)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "rescind-decision", Middlewares: a.guard(auth.RecordDecisions, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/decisions/{decision_id}/end",
		Summary: "Rescind a decision", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators. The decision stays in the record " +
			"with its votes, shown as rescinded from the given date.",
	}, a.rescindDecision)
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
	d := in.Body.decision(in.ID, 0)
	if err := d.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.CreateDecision(ctx, who.Actor(), d)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &decisionOutput{Body: decisionOut(saved)}, nil
}

func (a *API) getDecision(ctx context.Context, in *DecisionPath) (*decisionOutput, error) {
	d, err := a.boardDecision(ctx, in.ID, in.DecisionID)
	if err != nil {
		return nil, err
	}
	return &decisionOutput{Body: decisionOut(d)}, nil
}

// boardDecision loads decision id of partnership pid, as a 404 naming
// path.decision_id when it is not that partnership's.
func (a *API) boardDecision(ctx context.Context, pid, id int64) (places.Decision, error) {
	d, err := a.deps.Store.GetDecision(ctx, id)
	if err == nil && d.PartnershipID != pid {
		err = store.ErrNotFound
	}
	if err != nil {
		return d, a.notFoundAs(ctx, err, "path.decision_id", fmt.Sprintf("partnership %d has no decision with the ID %d", pid, id))
	}
	return d, nil
}

func (a *API) updateDecision(ctx context.Context, in *updateDecisionInput) (*decisionOutput, error) {
	who, err := a.require(ctx, auth.RecordDecisions, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.boardDecision(ctx, in.ID, in.DecisionID); err != nil {
		return nil, err
	}
	d := in.Body.decision(in.ID, in.DecisionID)
	if err := d.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.UpdateDecision(ctx, who.Actor(), d)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &decisionOutput{Body: decisionOut(saved)}, nil
}

func (a *API) rescindDecision(ctx context.Context, in *rescindDecisionInput) (*decisionOutput, error) {
	who, err := a.require(ctx, auth.RecordDecisions, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.boardDecision(ctx, in.ID, in.DecisionID); err != nil {
		return nil, err
	}
	saved, err := a.deps.Store.RescindDecision(ctx, who.Actor(), in.DecisionID, in.Body.Date)
	if err != nil {
		return nil, a.errs.mapError(ctx, endDateAs(err, "rescinded_on"))
	}
	return &decisionOutput{Body: decisionOut(saved)}, nil
}
