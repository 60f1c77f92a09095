package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
)

// Voice proposals (issue 13 item 4): proposals, comments, supports,
// official answers, flags, hiding and blocking. Anyone may read; anyone
// signed in with a confirmed e-mail address may propose, comment, support
// and report; the partnership's administrators and officers answer and
// moderate. Authors appear only by their display name.

// VoiceProposal is a proposal as everyone may see it. A hidden one shows
// "Hidden by moderators: <reason>" as its title and nothing else of its
// own, except to the partnership's moderators.
type VoiceProposal struct {
	ID           int64  `json:"id"`
	ProcessID    int64  `json:"process_id"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	AuthorName   string `json:"author_name" doc:"The display name the author chose for their account; empty when hidden."`
	Organisation string `json:"organisation,omitempty" doc:"The member organisation the proposal is made for, if any."`
	AreaCode     string `json:"area_code"`
	AreaName     string `json:"area_name"`
	Category     string `json:"category" enum:"health,care,housing,transport,environment,young_people,older_people,community,other"`
	Answer       string `json:"answer" enum:"none,evaluating,accepted,rejected"`
	AnswerText   string `json:"answer_text"`
	AnsweredAt   string `json:"answered_at,omitempty"`
	Hidden       bool   `json:"hidden"`
	HiddenReason string `json:"hidden_reason,omitempty"`
	Supports     int    `json:"supports"`
	Comments     int    `json:"comments"`
	CreatedAt    string `json:"created_at"`
}

func voiceProposalOut(p voice.Proposal, moderator bool) VoiceProposal {
	if !moderator {
		p = p.Public()
	}
	answer := string(p.Answer)
	if answer == "" {
		answer = "none"
	}
	return VoiceProposal{ID: p.ID, ProcessID: p.ProcessID, Title: p.Title, Description: p.Description, AuthorName: p.AuthorName,
		Organisation: p.OrganisationName, AreaCode: p.AreaCode, AreaName: p.AreaName, Category: string(p.Category), Answer: answer,
		AnswerText: p.AnswerText, AnsweredAt: p.AnsweredAt, Hidden: p.Hidden, HiddenReason: p.HiddenReason, Supports: p.Supports,
		Comments: p.Comments, CreatedAt: p.CreatedAt}
}

// VoiceProposalInput is a new proposal.
type VoiceProposalInput struct {
	Title          string `json:"title" maxLength:"150"`
	Description    string `json:"description" maxLength:"5000"`
	AreaCode       string `json:"area_code" maxLength:"20" example:"E06000001" doc:"The process's area or an area within it."`
	Category       string `json:"category" maxLength:"40" example:"environment" doc:"health, care, housing, transport, environment, young_people, older_people, community or other."`
	OrganisationID int64  `json:"organisation_id,omitempty" minimum:"0" doc:"A member organisation of the partnership's board to propose for (its board members and staff only)."`
}

// VoiceComment is one comment; replies are nested.
type VoiceComment struct {
	ID         int64          `json:"id"`
	ParentID   int64          `json:"parent_id,omitempty"`
	AuthorName string         `json:"author_name" doc:"Empty when hidden."`
	Body       string         `json:"body" doc:"\"Hidden by moderators: <reason>\" when hidden."`
	Hidden     bool           `json:"hidden"`
	CreatedAt  string         `json:"created_at"`
	Replies    []VoiceComment `json:"replies"`
}

func voiceCommentOut(c voice.Comment, moderator bool) VoiceComment {
	if !moderator {
		c = c.Public()
	}
	out := VoiceComment{ID: c.ID, ParentID: c.ParentID, AuthorName: c.AuthorName, Body: c.Body, Hidden: c.Hidden, CreatedAt: c.CreatedAt, Replies: []VoiceComment{}}
	for _, r := range c.Replies {
		out.Replies = append(out.Replies, voiceCommentOut(r, moderator))
	}
	return out
}

// VoiceCommentInput is a new comment, or a reply to one (parent_id).
type VoiceCommentInput struct {
	Body     string `json:"body" maxLength:"2000"`
	ParentID int64  `json:"parent_id,omitempty" minimum:"0" doc:"The comment this replies to, on the same proposal."`
}

// VoiceSupport says whether the caller supports the proposal, and how many do.
type VoiceSupport struct {
	Supported bool `json:"supported"`
	Supports  int  `json:"supports"`
}

// VoiceAnswerInput is the staff's official answer.
type VoiceAnswerInput struct {
	State string `json:"state" maxLength:"20" example:"accepted" doc:"evaluating, accepted or rejected."`
	Text  string `json:"text,omitempty" maxLength:"5000" doc:"Required for a rejection: the reason."`
}

// VoiceFlagInput reports a proposal (or one of its comments) to the moderators.
type VoiceFlagInput struct {
	CommentID int64  `json:"comment_id,omitempty" minimum:"0" doc:"A comment on the proposal; absent to report the proposal itself."`
	Reason    string `json:"reason,omitempty" maxLength:"1000"`
}

// VoiceFlag is the outcome of a report.
type VoiceFlag struct {
	Added bool `json:"added" doc:"False when the caller had reported it already."`
}

// VoiceHideInput hides a proposal or one of its comments.
type VoiceHideInput struct {
	CommentID int64  `json:"comment_id,omitempty" minimum:"0"`
	Reason    string `json:"reason" maxLength:"1000" doc:"Shown publicly in place of the content."`
}

// VoiceUnhideInput shows a hidden proposal, or one of its comments, again.
type VoiceUnhideInput struct {
	CommentID int64  `json:"comment_id,omitempty" minimum:"0"`
	Reason    string `json:"reason" maxLength:"1000" doc:"Why it is shown again: recorded in the audit log."`
}

// VoiceUnblockInput gives the reason a block is lifted.
type VoiceUnblockInput struct {
	Reason string `json:"reason" maxLength:"1000" doc:"Why the block is lifted: recorded in the audit log."`
}

// VoiceBlockInput blocks an account from posting in the partnership's processes.
type VoiceBlockInput struct {
	UserID int64  `json:"user_id" minimum:"1"`
	Reason string `json:"reason" maxLength:"1000"`
}

// VoiceProposalLinkInput records what a proposal led to.
type VoiceProposalLinkInput struct {
	TargetKind string `json:"target_kind" maxLength:"20" example:"decision" doc:"decision, scheme, plan_priority or not_taken."`
	TargetID   int64  `json:"target_id,omitempty" minimum:"0" doc:"The decision's (scheme's, priority's) ID; absent for not_taken."`
	Reason     string `json:"reason,omitempty" maxLength:"2000" doc:"Required for not_taken: why."`
}

// VoiceProposalLink is one thing a proposal led to.
type VoiceProposalLink struct {
	ID         int64  `json:"id"`
	TargetKind string `json:"target_kind"`
	TargetID   int64  `json:"target_id,omitempty"`
	Title      string `json:"title,omitempty" doc:"The decision's text."`
	Date       string `json:"date,omitempty"`
	URL        string `json:"url,omitempty" doc:"The decision's public page."`
	Reason     string `json:"reason,omitempty"`
}

type voiceProposalLinksOutput struct {
	Body struct {
		Items []VoiceProposalLink `json:"items"`
	}
}

type addVoiceProposalLinkInput struct {
	VoiceProposalPath
	Body VoiceProposalLinkInput
}

// VoiceBlock is a block as stored.
type VoiceBlock struct {
	PartnershipID int64  `json:"partnership_id"`
	UserID        int64  `json:"user_id"`
	Name          string `json:"name,omitempty" doc:"The account's display name (in the list of blocks)."`
	Reason        string `json:"reason"`
	BlockedAt     string `json:"blocked_at,omitempty"`
}

// VoiceProposalPath names a proposal.
type VoiceProposalPath struct {
	ProposalID int64 `path:"proposal_id" minimum:"1" doc:"The proposal's ID."`
}

type listVoiceProposalsInput struct {
	VoiceProcessPath
	PageParams
	Category string `query:"category" maxLength:"40" doc:"Only this category."`
	Answer   string `query:"answer" maxLength:"20" doc:"none, evaluating, accepted or rejected."`
	Q        string `query:"q" maxLength:"200" doc:"Words in the title or description."`
}

type createVoiceProposalInput struct {
	VoiceProcessPath
	Body VoiceProposalInput
}

type voiceProposalOutput struct{ Body VoiceProposal }

type voiceCommentsOutput struct {
	Body struct {
		Items []VoiceComment `json:"items" doc:"Top-level comments, oldest first, each with its replies."`
	}
}

type createVoiceCommentInput struct {
	VoiceProposalPath
	Body VoiceCommentInput
}

type voiceCommentOutput struct{ Body VoiceComment }

type voiceSupportOutput struct{ Body VoiceSupport }

type answerVoiceProposalInput struct {
	VoiceProposalPath
	Body VoiceAnswerInput
}

type flagVoiceProposalInput struct {
	VoiceProposalPath
	Body VoiceFlagInput
}

type voiceFlagOutput struct{ Body VoiceFlag }

type hideVoiceProposalInput struct {
	VoiceProposalPath
	Body VoiceHideInput
}

type blockVoiceAccountInput struct {
	PartnershipPath
	Body VoiceBlockInput
}

type voiceBlockOutput struct{ Body VoiceBlock }

type unhideVoiceProposalInput struct {
	VoiceProposalPath
	Body VoiceUnhideInput
}

type voiceBlocksOutput struct {
	Body struct {
		Items []VoiceBlock `json:"items" doc:"Newest first."`
	}
}

type unblockVoiceAccountInput struct {
	PartnershipPath
	UserID int64 `path:"user_id" minimum:"1" doc:"The blocked account's ID."`
	Body   VoiceUnblockInput
}

const voicePostDoc = "Anyone signed in with a confirmed email address (403 otherwise, and for accounts the partnership's moderators blocked). " +
	"Posts are limited per account and per client address: beyond that 429 with Retry-After."

// registerVoiceProposals lists the proposal operations.
func (a *API) registerVoiceProposals() {
	tags := []string{"voice"}
	post := append(writeErrors, http.StatusTooManyRequests)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "list-voice-proposals", Method: http.MethodGet, Path: "/voice/processes/{process_id}/proposals",
		Summary: "List a process's proposals, newest first", Tags: tags,
		Description: "Hidden proposals are left out, except for the partnership's moderators.",
	}, a.listVoiceProposals)
	huma.Register(a.huma, huma.Operation{
		Errors: post, OperationID: "create-voice-proposal", Middlewares: a.guardPoster(), Method: http.MethodPost, Path: "/voice/processes/{process_id}/proposals",
		Summary: "Make a proposal in a process's proposals phase", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: voicePostDoc + " 409 outside the proposals phase.",
	}, a.createVoiceProposal)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "get-voice-proposal", Method: http.MethodGet, Path: "/voice/proposals/{proposal_id}",
		Summary: "Get a proposal with its official answer", Tags: tags,
	}, a.getVoiceProposal)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "list-voice-comments", Method: http.MethodGet, Path: "/voice/proposals/{proposal_id}/comments",
		Summary: "A proposal's comments, in threads", Tags: tags,
	}, a.listVoiceComments)
	huma.Register(a.huma, huma.Operation{
		Errors: post, OperationID: "create-voice-comment", Middlewares: a.guardPoster(), Method: http.MethodPost, Path: "/voice/proposals/{proposal_id}/comments",
		Summary: "Comment on a proposal, or reply to a comment", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: voicePostDoc,
	}, a.createVoiceComment)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "support-voice-proposal", Middlewares: a.guardPoster(), Method: http.MethodPut, Path: "/voice/proposals/{proposal_id}/support",
		Summary: "Support a proposal (once: repeating it changes nothing)", Tags: tags, Security: needsSession,
	}, a.supportVoiceProposal)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "withdraw-voice-support", Middlewares: a.guardPoster(), Method: http.MethodDelete, Path: "/voice/proposals/{proposal_id}/support",
		Summary: "Withdraw your support", Tags: tags, Security: needsSession,
	}, a.withdrawVoiceSupport)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "answer-voice-proposal", Middlewares: a.guardProposalModerator(), Method: http.MethodPut, Path: "/voice/proposals/{proposal_id}/answer",
		Summary: "Give the official answer", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers. The author is told by email (queued as a background job). Audited.",
	}, a.answerVoiceProposal)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "flag-voice-proposal", Middlewares: a.guardSignedIn(), Method: http.MethodPost, Path: "/voice/proposals/{proposal_id}/flags",
		Summary: "Report a proposal or one of its comments to the moderators (once each)", Tags: tags, Security: needsSession,
	}, a.flagVoiceProposal)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "hide-voice-proposal", Middlewares: a.guardProposalModerator(), Method: http.MethodPost, Path: "/voice/proposals/{proposal_id}/hide",
		Summary: "Hide a proposal or one of its comments, with the reason shown in its place", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers. Audited.",
	}, a.hideVoiceProposal)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "unhide-voice-proposal", Middlewares: a.guardProposalModerator(), Method: http.MethodPost, Path: "/voice/proposals/{proposal_id}/unhide",
		Summary: "Show a hidden proposal or one of its comments again", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers. The change and the reason are audited; showing what is not hidden changes nothing.",
	}, a.unhideVoiceProposal)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "list-voice-proposal-links", Method: http.MethodGet, Path: "/voice/proposals/{proposal_id}/links",
		Summary: "You said, we did: what a proposal led to", Tags: tags,
	}, a.listVoiceProposalLinks)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "add-voice-proposal-link", Middlewares: a.guardProposalModerator(), Method: http.MethodPost, Path: "/voice/proposals/{proposal_id}/links",
		Summary: "Record what a proposal led to: a board decision of its partnership, a scheme, a plan priority, or not taken forward with the reason",
		Tags:    tags, DefaultStatus: http.StatusCreated, Security: needsSession, Description: "The partnership's administrators and officers. Audited.",
	}, a.addVoiceProposalLink)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "block-voice-account", Middlewares: a.guard(auth.ModerateProposals, "id"), Method: http.MethodPost, Path: "/voice/partnerships/{id}/blocks",
		Summary: "Block an account from posting in the partnership's processes", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "The partnership's administrators and officers. Audited.",
	}, a.blockVoiceAccount)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "list-voice-blocks", Middlewares: a.guard(auth.ModerateProposals, "id"), Method: http.MethodGet, Path: "/voice/partnerships/{id}/blocks",
		Summary: "List the accounts blocked from posting in the partnership's processes", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers.",
	}, a.listVoiceBlocks)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "unblock-voice-account", Middlewares: a.guard(auth.ModerateProposals, "id"), Method: http.MethodPost, Path: "/voice/partnerships/{id}/blocks/{user_id}/unblock",
		Summary: "Lift a block: the account may post in the partnership's processes again", Tags: tags, DefaultStatus: http.StatusNoContent, Security: needsSession,
		Description: "The partnership's administrators and officers. The block's removal and the reason are audited. 404 when the account is not blocked there.",
	}, a.unblockVoiceAccount)
}

// guardSignedIn answers 401 for anonymous callers before the body is read.
func (a *API) guardSignedIn() huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		if _, err := a.signedIn(ctx.Context()); err != nil {
			a.writeStatusError(ctx, err)
			return
		}
		next(ctx)
	}}
}

// guardPoster answers 401 for anonymous callers and 403 for unconfirmed
// accounts before the body is read.
func (a *API) guardPoster() huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		if _, err := a.poster(ctx.Context()); err != nil {
			a.writeStatusError(ctx, err)
			return
		}
		next(ctx)
	}}
}

// guardProposalModerator checks, before the body is read, that the caller
// moderates the partnership of the proposal named in the path.
func (a *API) guardProposalModerator() huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		c := ctx.Context()
		if _, err := a.signedIn(c); err != nil {
			a.writeStatusError(ctx, err)
			return
		}
		id, err := strconv.ParseInt(ctx.Param("proposal_id"), 10, 64)
		if err != nil || id < 1 {
			next(ctx) // huma names the bad path parameter
			return
		}
		p, err := a.deps.Store.GetProposal(c, id)
		if err == nil {
			_, err = a.require(c, auth.ModerateProposals, p.PartnershipID)
		} else {
			err = a.notFoundAt(c, err, "proposal_id")
		}
		if err != nil {
			a.writeStatusError(ctx, err)
			return
		}
		next(ctx)
	}}
}

func (a *API) writeStatusError(ctx huma.Context, err error) {
	var se huma.StatusError
	if errors.As(err, &se) {
		_ = huma.WriteErr(a.huma, ctx, se.GetStatus(), se.Error())
		return
	}
	_ = huma.WriteErr(a.huma, ctx, http.StatusInternalServerError, "internal error")
}

// poster returns the caller when they may post: 401 anonymous, 403 with
// an unconfirmed e-mail address.
func (a *API) poster(ctx context.Context) (*auth.Principal, error) {
	p, err := a.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := auth.CanPost(p); err != nil {
		return nil, problem(http.StatusForbidden, "confirm your email address before you post")
	}
	return p, nil
}

// voiceRefusal maps the posting refusals every write shares.
func (a *API) voiceRefusal(ctx context.Context, err error) error {
	var limited *auth.RateLimitedError
	switch {
	case errors.As(err, &limited):
		return huma.ErrorWithHeaders(problem(http.StatusTooManyRequests, "you have posted too often; try again later"),
			http.Header{"Retry-After": []string{retrySeconds(limited.RetryAfter)}})
	case errors.Is(err, voice.ErrBlocked):
		return problem(http.StatusForbidden, "the moderators have blocked your account from posting in this partnership's processes")
	case errors.Is(err, voice.ErrHidden):
		return problem(http.StatusConflict, "this proposal is hidden by the moderators")
	case errors.Is(err, voice.ErrProposalsClosed):
		return problem(http.StatusConflict, "this process is not taking proposals now")
	}
	return a.errs.mapError(ctx, err)
}

func (a *API) isModerator(ctx context.Context, partnershipID int64) bool {
	return auth.Can(principal(ctx), auth.ModerateProposals, partnershipID)
}

func (a *API) listVoiceProposals(ctx context.Context, in *listVoiceProposalsInput) (*ListOutput[VoiceProposal], error) {
	proc, err := a.deps.Store.Process(ctx, in.ProcessID)
	if err != nil {
		return nil, a.notFoundAt(ctx, err, "process_id")
	}
	p := in.PageParams.normalised()
	mod := a.isModerator(ctx, proc.PartnershipID)
	f := voice.ProposalFilter{ProcessID: in.ProcessID, Category: voice.Category(in.Category), Answer: in.Answer, Query: in.Q,
		IncludeHidden: mod, Limit: p.PerPage, Offset: p.offset()}
	if err := f.Validate(); err != nil {
		return nil, a.errs.mapError(ctx, queryProblem(err))
	}
	list, total, err := a.deps.Store.ListProposals(ctx, f)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	items := make([]VoiceProposal, len(list))
	for i, x := range list {
		items[i] = voiceProposalOut(x, mod)
	}
	return newList(ctx, p, items, total), nil
}

// commentFields names a comment's "body" field body.body: a bare "body"
// would read as the whole request body.
func commentFields(err error) error {
	v, ok := validation.As(err)
	if !ok {
		return err
	}
	out := &validation.Errors{}
	for _, f := range v.Fields {
		if f.Field == "body" {
			f.Field = "body.body"
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}

// notFoundAt names the path parameter of a missing process or proposal.
func (a *API) notFoundAt(ctx context.Context, err error, param string) error {
	if errors.Is(err, store.ErrNotFound) {
		return problem(http.StatusNotFound, "not found", fieldProblem("path."+param, "No such "+map[string]string{"process_id": "process", "proposal_id": "proposal"}[param]))
	}
	return a.errs.mapError(ctx, err)
}

// queryProblem turns a filter's field errors into query.<field> problems
// (other errors pass unchanged).
func queryProblem(err error) error {
	v, ok := validation.As(err)
	if !ok {
		return err
	}
	fields := make([]*huma.ErrorDetail, len(v.Fields))
	for i, f := range v.Fields {
		fields[i] = fieldProblem("query."+f.Field, f.Message)
	}
	return problem(http.StatusUnprocessableEntity, "validation failed", fields...)
}

func (a *API) createVoiceProposal(ctx context.Context, in *createVoiceProposalInput) (*voiceProposalOutput, error) {
	who, err := a.poster(ctx)
	if err != nil {
		return nil, err
	}
	proc, err := a.deps.Store.Process(ctx, in.ProcessID)
	if err != nil {
		return nil, a.notFoundAt(ctx, err, "process_id")
	}
	pp := voice.ProposalProcessOn(proc, a.deps.Store.VoiceToday())
	b := in.Body
	np := voice.NewProposal{Title: b.Title, Description: b.Description, AreaCode: b.AreaCode, Category: voice.Category(b.Category), OrganisationID: b.OrganisationID}
	np.Normalize()
	if err := np.Validate(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	if np.OrganisationID != 0 && !auth.Can(who, auth.SpeakForOrganisations, proc.PartnershipID) {
		return nil, problem(http.StatusForbidden, "only the partnership's board members and staff can propose for an organisation",
			fieldProblem("organisation_id", "Leave out organisation_id to propose for yourself"))
	}
	if !pp.ProposalsOpen {
		return nil, a.voiceRefusal(ctx, voice.ErrProposalsClosed)
	}
	if a.deps.Accounts != nil {
		if err := a.deps.Accounts.ReservePost(ctx, who, clientOf(ctx)); err != nil {
			return nil, a.voiceRefusal(ctx, err)
		}
	}
	p, err := a.deps.Store.CreateProposal(ctx, who.Actor(), pp, np)
	if err != nil {
		return nil, a.voiceRefusal(ctx, err)
	}
	return &voiceProposalOutput{Body: voiceProposalOut(p, true)}, nil
}

func (a *API) getVoiceProposal(ctx context.Context, in *VoiceProposalPath) (*voiceProposalOutput, error) {
	p, err := a.deps.Store.GetProposal(ctx, in.ProposalID)
	if err != nil {
		return nil, a.notFoundAt(ctx, err, "proposal_id")
	}
	return &voiceProposalOutput{Body: voiceProposalOut(p, a.isModerator(ctx, p.PartnershipID))}, nil
}

func (a *API) listVoiceComments(ctx context.Context, in *VoiceProposalPath) (*voiceCommentsOutput, error) {
	p, err := a.deps.Store.GetProposal(ctx, in.ProposalID)
	if err != nil {
		return nil, a.notFoundAt(ctx, err, "proposal_id")
	}
	cs, err := a.deps.Store.ProposalComments(ctx, in.ProposalID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	mod := a.isModerator(ctx, p.PartnershipID)
	out := &voiceCommentsOutput{}
	out.Body.Items = []VoiceComment{}
	for _, c := range voice.Thread(cs) {
		out.Body.Items = append(out.Body.Items, voiceCommentOut(c, mod))
	}
	return out, nil
}

func (a *API) createVoiceComment(ctx context.Context, in *createVoiceCommentInput) (*voiceCommentOutput, error) {
	who, err := a.poster(ctx)
	if err != nil {
		return nil, err
	}
	nc := voice.NewComment{ProposalID: in.ProposalID, ParentID: in.Body.ParentID, Body: in.Body.Body}
	nc.Normalize()
	if err := nc.Validate(); err != nil {
		return nil, a.errs.mapError(ctx, commentFields(err))
	}
	if _, err := a.deps.Store.GetProposal(ctx, in.ProposalID); err != nil {
		return nil, a.notFoundAt(ctx, err, "proposal_id")
	}
	if a.deps.Accounts != nil {
		if err := a.deps.Accounts.ReservePost(ctx, who, clientOf(ctx)); err != nil {
			return nil, a.voiceRefusal(ctx, err)
		}
	}
	c, err := a.deps.Store.AddComment(ctx, who.Actor(), nc)
	if err != nil {
		return nil, a.voiceRefusal(ctx, commentFields(err))
	}
	return &voiceCommentOutput{Body: voiceCommentOut(c, false)}, nil
}

func (a *API) supportState(ctx context.Context, proposalID, userID int64) (*voiceSupportOutput, error) {
	p, err := a.deps.Store.GetProposal(ctx, proposalID)
	if err != nil {
		return nil, a.notFoundAt(ctx, err, "proposal_id")
	}
	has, err := a.deps.Store.HasSupported(ctx, proposalID, userID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceSupportOutput{Body: VoiceSupport{Supported: has, Supports: p.Supports}}, nil
}

func (a *API) supportVoiceProposal(ctx context.Context, in *VoiceProposalPath) (*voiceSupportOutput, error) {
	who, err := a.poster(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := a.deps.Store.SupportProposal(ctx, who.Actor(), in.ProposalID); errors.Is(err, store.ErrNotFound) {
		return nil, a.notFoundAt(ctx, err, "proposal_id")
	} else if err != nil {
		return nil, a.voiceRefusal(ctx, err)
	}
	return a.supportState(ctx, in.ProposalID, who.UserID)
}

func (a *API) withdrawVoiceSupport(ctx context.Context, in *VoiceProposalPath) (*voiceSupportOutput, error) {
	who, err := a.poster(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := a.deps.Store.WithdrawSupport(ctx, who.Actor(), in.ProposalID); errors.Is(err, store.ErrNotFound) {
		return nil, a.notFoundAt(ctx, err, "proposal_id")
	} else if err != nil {
		return nil, a.voiceRefusal(ctx, err)
	}
	return a.supportState(ctx, in.ProposalID, who.UserID)
}

// moderatedProposal reads the proposal and checks the caller moderates it.
func (a *API) moderatedProposal(ctx context.Context, id int64) (*auth.Principal, voice.Proposal, error) {
	p, err := a.deps.Store.GetProposal(ctx, id)
	if err != nil {
		return nil, p, a.notFoundAt(ctx, err, "proposal_id")
	}
	who, err := a.require(ctx, auth.ModerateProposals, p.PartnershipID)
	return who, p, err
}

func (a *API) answerVoiceProposal(ctx context.Context, in *answerVoiceProposalInput) (*voiceProposalOutput, error) {
	who, p, err := a.moderatedProposal(ctx, in.ProposalID)
	if err != nil {
		return nil, err
	}
	ans, err := a.deps.Store.AnswerProposal(ctx, who.Actor(), p.ID, voice.OfficialAnswer{State: voice.AnswerState(in.Body.State), Text: in.Body.Text})
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	a.notifyVoiceAnswer(ctx, ans)
	return &voiceProposalOutput{Body: voiceProposalOut(ans, true)}, nil
}

// notifyVoiceAnswer queues the author's e-mail as a mail job; a failure is
// logged and the answer stands.
func (a *API) notifyVoiceAnswer(ctx context.Context, p voice.Proposal) {
	if a.deps.Mail == nil {
		a.deps.Logger.ErrorContext(ctx, "proposal answer: no mailer: the author was not told", "proposal_id", p.ID)
		return
	}
	u, err := a.deps.Store.GetUser(ctx, p.AuthorID)
	if err != nil || u.Disabled || u.EmailConfirmedAt == nil {
		return
	}
	n := voice.ProposalNotice(u.Email, p, a.baseURL(ctx)+"/voice/proposals/"+strconv.FormatInt(p.ID, 10))
	if _, err := a.deps.Mail.EnqueueMail(ctx, mail.Message{To: n.To, Subject: n.Subject, Text: n.Body}); err != nil {
		a.deps.Logger.ErrorContext(ctx, "proposal answer: queue the author's e-mail", "proposal_id", p.ID, "err", err)
	}
}

func (a *API) flagVoiceProposal(ctx context.Context, in *flagVoiceProposalInput) (*voiceFlagOutput, error) {
	who, err := a.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := voice.Reason(in.Body.Reason, false); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	added, err := a.deps.Store.FlagProposal(ctx, who.Actor(), in.ProposalID, in.Body.CommentID, in.Body.Reason)
	if errors.Is(err, store.ErrNotFound) {
		if _, perr := a.deps.Store.GetProposal(ctx, in.ProposalID); perr == nil && in.Body.CommentID != 0 {
			return nil, problem(http.StatusUnprocessableEntity, "validation failed", fieldProblem("comment_id", "Report a comment on this proposal"))
		}
		return nil, a.notFoundAt(ctx, err, "proposal_id")
	}
	if err != nil {
		return nil, a.voiceRefusal(ctx, err)
	}
	return &voiceFlagOutput{Body: VoiceFlag{Added: added}}, nil
}

func (a *API) hideVoiceProposal(ctx context.Context, in *hideVoiceProposalInput) (*voiceProposalOutput, error) {
	return a.changeVisibility(ctx, in.ProposalID, in.Body.CommentID, in.Body.Reason, true)
}

func (a *API) unhideVoiceProposal(ctx context.Context, in *unhideVoiceProposalInput) (*voiceProposalOutput, error) {
	return a.changeVisibility(ctx, in.ProposalID, in.Body.CommentID, in.Body.Reason, false)
}

// changeVisibility hides (hide) or shows again a proposal, or its comment
// when commentID is not 0, with the moderators' reason, and returns the
// proposal as moderators see it.
func (a *API) changeVisibility(ctx context.Context, proposalID, commentID int64, reason string, hide bool) (*voiceProposalOutput, error) {
	who, p, err := a.moderatedProposal(ctx, proposalID)
	if err != nil {
		return nil, err
	}
	if err := voice.Reason(reason, true); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	by := who.Actor()
	if commentID != 0 {
		c, err := a.deps.Store.GetComment(ctx, commentID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && c.ProposalID != p.ID) {
			return nil, problem(http.StatusUnprocessableEntity, "validation failed", fieldProblem("comment_id", "Choose a comment on this proposal"))
		}
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
	}
	switch {
	case hide && commentID != 0:
		err = a.deps.Store.HideComment(ctx, by, commentID, reason)
	case hide:
		err = a.deps.Store.HideProposal(ctx, by, p.ID, reason)
	case commentID != 0:
		err = a.deps.Store.UnhideComment(ctx, by, commentID, reason)
	default:
		err = a.deps.Store.UnhideProposal(ctx, by, p.ID, reason)
	}
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	p, err = a.deps.Store.GetProposal(ctx, p.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceProposalOutput{Body: voiceProposalOut(p, true)}, nil
}

func (a *API) listVoiceBlocks(ctx context.Context, in *PartnershipPath) (*voiceBlocksOutput, error) {
	if _, err := a.require(ctx, auth.ModerateProposals, in.ID); err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	blocks, err := a.deps.Store.VoiceBlocks(ctx, in.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	out := &voiceBlocksOutput{}
	out.Body.Items = make([]VoiceBlock, 0, len(blocks))
	for _, b := range blocks {
		out.Body.Items = append(out.Body.Items, VoiceBlock{PartnershipID: in.ID, UserID: b.UserID, Name: b.Name, Reason: b.Reason, BlockedAt: b.BlockedAt})
	}
	return out, nil
}

func (a *API) unblockVoiceAccount(ctx context.Context, in *unblockVoiceAccountInput) (*struct{}, error) {
	who, err := a.require(ctx, auth.ModerateProposals, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	err = a.deps.Store.UnblockAccount(ctx, who.Actor(), in.ID, in.UserID, in.Body.Reason)
	if errors.Is(err, store.ErrNotFound) {
		return nil, a.notFoundAs(ctx, err, "path.user_id", fmt.Sprintf("account %d is not blocked in partnership %d", in.UserID, in.ID))
	}
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return nil, nil
}

func (a *API) blockVoiceAccount(ctx context.Context, in *blockVoiceAccountInput) (*voiceBlockOutput, error) {
	who, err := a.require(ctx, auth.ModerateProposals, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	err = a.deps.Store.BlockAccount(ctx, who.Actor(), in.ID, in.Body.UserID, in.Body.Reason)
	if errors.Is(err, store.ErrNotFound) {
		return nil, problem(http.StatusUnprocessableEntity, "validation failed", fieldProblem("user_id", "No account has this ID"))
	}
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceBlockOutput{Body: VoiceBlock{PartnershipID: in.ID, UserID: in.Body.UserID, Reason: in.Body.Reason}}, nil
}

func (a *API) voiceProposalLinks(ctx context.Context, id int64) (*voiceProposalLinksOutput, error) {
	links, err := a.deps.Store.ProposalLinks(ctx, id)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	out := &voiceProposalLinksOutput{}
	out.Body.Items = []VoiceProposalLink{}
	for _, l := range links {
		out.Body.Items = append(out.Body.Items, VoiceProposalLink{ID: l.Link.ID, TargetKind: string(l.Link.TargetKind), TargetID: l.Link.TargetID,
			Title: l.Title, Date: l.Date, URL: l.URL, Reason: l.Link.Reason})
	}
	return out, nil
}

func (a *API) listVoiceProposalLinks(ctx context.Context, in *VoiceProposalPath) (*voiceProposalLinksOutput, error) {
	if _, err := a.deps.Store.GetProposal(ctx, in.ProposalID); err != nil {
		return nil, a.notFoundAt(ctx, err, "proposal_id")
	}
	return a.voiceProposalLinks(ctx, in.ProposalID)
}

func (a *API) addVoiceProposalLink(ctx context.Context, in *addVoiceProposalLinkInput) (*voiceProposalLinksOutput, error) {
	who, p, err := a.moderatedProposal(ctx, in.ProposalID)
	if err != nil {
		return nil, err
	}
	b := in.Body
	if _, err := a.deps.Store.AddProposalLink(ctx, who.Actor(), p.ID, voice.Link{TargetKind: voice.TargetKind(b.TargetKind), TargetID: b.TargetID, Reason: b.Reason}); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return a.voiceProposalLinks(ctx, p.ID)
}
