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

// Member is one seat on a board.
type Member struct {
	ID            int64  `json:"id"`
	PartnershipID int64  `json:"partnership_id"`
	PersonName    string `json:"person_name"`
	OrgID         int64  `json:"org_id"`
	Role          string `json:"role" enum:"chair,vice_chair,member,observer"`
	Statutory     bool   `json:"statutory" doc:"true for a statutory member, false for a co-opted one."`
	JobTitle      string `json:"job_title,omitempty"`
	TermStart     string `json:"term_start,omitempty" format:"date" doc:"First day of the member's term; absent when open."`
	TermEnd       string `json:"term_end,omitempty" format:"date" doc:"Last day of the member's term; absent when open. A member whose term has ended keeps their past attendance and votes."`
}

// MemberInput is the body of add member.
type MemberInput struct {
	PersonName string `json:"person_name" minLength:"1" maxLength:"200"`
	OrgID      int64  `json:"org_id" minimum:"1" doc:"The member's organisation's ID."`
	Role       string `json:"role" enum:"chair,vice_chair,member,observer"`
	Statutory  bool   `json:"statutory,omitempty" doc:"true for a statutory member (default false: co-opted)."`
	JobTitle   string `json:"job_title,omitempty" maxLength:"200" example:"Director of Public Health"`
	TermStart  string `json:"term_start,omitempty" maxLength:"10" example:"2025-04-01" doc:"YYYY-MM-DD; leave out when open."`
	TermEnd    string `json:"term_end,omitempty" maxLength:"10" example:"2028-03-31" doc:"YYYY-MM-DD, on or after term_start; leave out when open. The term must include every meeting the member attended."`
}

func (in MemberInput) member(partnershipID, id int64) places.Member {
	m := places.Member{ID: id, PartnershipID: partnershipID, PersonName: in.PersonName, OrgID: in.OrgID,
		Role: places.MemberRole(in.Role), Statutory: in.Statutory, JobTitle: in.JobTitle,
		TermStart: in.TermStart, TermEnd: in.TermEnd}
	m.Normalize()
	return m
}

func memberOut(m places.Member) Member {
	return Member{ID: m.ID, PartnershipID: m.PartnershipID, PersonName: m.PersonName, OrgID: m.OrgID,
		Role: string(m.Role), Statutory: m.Statutory, JobTitle: m.JobTitle, TermStart: m.TermStart, TermEnd: m.TermEnd}
}

type memberOutput struct{ Body Member }

type addMemberInput struct {
	PartnershipPath
	Body MemberInput
}

type MemberPath struct {
	PartnershipPath
	MemberID int64 `path:"member_id" minimum:"1" doc:"The board member's ID."`
}

type updateMemberInput struct {
	MemberPath
	Body MemberInput
}

type endMemberInput struct {
	MemberPath
	Body EndInput
}

// registerMembers lists the operations on a partnership's board.
func (a *API) registerMembers() {
	tags := []string{"partnerships"}
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-members", Method: http.MethodGet, Path: "/partnerships/{id}/members",
		Summary: "List a partnership's board members, chair first", Tags: tags,
	}, a.listMembers)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "add-member", Middlewares: a.guard(auth.ManageBoard, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/members",
		Summary: "Put a person on the board", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, a.addMember)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "remove-member", Middlewares: a.guard(auth.ManageBoard, "id"), Method: http.MethodDelete, Path: "/partnerships/{id}/members/{member_id}",
		Summary: "Take a person off the board", Tags: tags, DefaultStatus: http.StatusNoContent, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, a.removeMember)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "update-member", Middlewares: a.guard(auth.ManageBoard, "id"), Method: http.MethodPut, Path: "/partnerships/{id}/members/{member_id}",
		Summary: "Replace a board member's details, job title and term", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators. The term must include every " +
			"meeting the member attended, and a member who has voted cannot become an observer. Audited with before and after.",
	}, a.updateMember)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "end-member", Middlewares: a.guard(auth.ManageBoard, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/members/{member_id}/end",
		Summary: "End a board member's term", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators. Sets term_end; the member stays " +
			"in the record with their past attendance and votes.",
	}, a.endMember)
}

func (a *API) listMembers(ctx context.Context, in *listInPartnership) (*ListOutput[Member], error) {
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	ms, err := a.deps.Store.ListMembers(ctx, in.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	items := make([]Member, len(ms))
	for i, m := range ms {
		items[i] = memberOut(m)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(items, p), len(items)), nil
}

func (a *API) addMember(ctx context.Context, in *addMemberInput) (*memberOutput, error) {
	who, err := a.require(ctx, auth.ManageBoard, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	m := in.Body.member(in.ID, 0)
	if err := m.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.AddMember(ctx, who.Actor(), m)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &memberOutput{Body: memberOut(saved)}, nil
}

func (a *API) removeMember(ctx context.Context, in *MemberPath) (*struct{}, error) {
	who, err := a.require(ctx, auth.ManageBoard, in.ID)
	if err != nil {
		return nil, err
	}
	m, err := a.deps.Store.GetMember(ctx, in.MemberID)
	if err == nil && m.PartnershipID != in.ID {
		err = store.ErrNotFound
	}
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.member_id",
			fmt.Sprintf("partnership %d has no board member with the ID %d", in.ID, in.MemberID))
	}
	if err := a.deps.Store.RemoveMember(ctx, who.Actor(), in.MemberID); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return nil, nil
}

// boardMember loads member id of partnership pid, as a 404 naming
// path.member_id when it is not on that board.
func (a *API) boardMember(ctx context.Context, pid, id int64) (places.Member, error) {
	m, err := a.deps.Store.GetMember(ctx, id)
	if err == nil && m.PartnershipID != pid {
		err = store.ErrNotFound
	}
	if err != nil {
		return m, a.notFoundAs(ctx, err, "path.member_id", fmt.Sprintf("partnership %d has no board member with the ID %d", pid, id))
	}
	return m, nil
}

func (a *API) updateMember(ctx context.Context, in *updateMemberInput) (*memberOutput, error) {
	who, err := a.require(ctx, auth.ManageBoard, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	if _, err := a.boardMember(ctx, in.ID, in.MemberID); err != nil {
		return nil, err
	}
	m := in.Body.member(in.ID, in.MemberID)
	if err := m.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.UpdateMember(ctx, who.Actor(), m)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &memberOutput{Body: memberOut(saved)}, nil
}

func (a *API) endMember(ctx context.Context, in *endMemberInput) (*memberOutput, error) {
	who, err := a.require(ctx, auth.ManageBoard, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	if _, err := a.boardMember(ctx, in.ID, in.MemberID); err != nil {
		return nil, err
	}
	saved, err := a.deps.Store.EndMember(ctx, who.Actor(), in.MemberID, in.Body.Date)
	if err != nil {
		return nil, a.errs.mapError(ctx, endDateAs(err, "term_end"))
	}
	return &memberOutput{Body: memberOut(saved)}, nil
}
