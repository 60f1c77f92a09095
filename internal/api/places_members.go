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
}

// MemberInput is the body of add member.
type MemberInput struct {
	PersonName string `json:"person_name" minLength:"1" maxLength:"200"`
	OrgID      int64  `json:"org_id" minimum:"1" doc:"The member's organisation's ID."`
	Role       string `json:"role" enum:"chair,vice_chair,member,observer"`
	Statutory  bool   `json:"statutory,omitempty" doc:"true for a statutory member (default false: co-opted)."`
}

func memberOut(m places.Member) Member {
	return Member{ID: m.ID, PartnershipID: m.PartnershipID, PersonName: m.PersonName, OrgID: m.OrgID,
		Role: string(m.Role), Statutory: m.Statutory}
}

type memberOutput struct{ Body Member }

type addMemberInput struct {
	PartnershipPath
	Body MemberInput
}

type memberPath struct {
	PartnershipPath
	MemberID int64 `path:"member_id" minimum:"1" doc:"The board member's ID."`
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
	m := places.Member{PartnershipID: in.ID, PersonName: in.Body.PersonName, OrgID: in.Body.OrgID,
		Role: places.MemberRole(in.Body.Role), Statutory: in.Body.Statutory}
	m.Normalize()
	if err := m.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.AddMember(ctx, who.Actor(), m)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &memberOutput{Body: memberOut(saved)}, nil
}

func (a *API) removeMember(ctx context.Context, in *memberPath) (*struct{}, error) {
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
