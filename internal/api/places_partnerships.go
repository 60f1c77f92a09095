package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// Partnership is a health and wellbeing board or footprint partnership.
type Partnership struct {
	ID        int64         `json:"id"`
	Kind      string        `json:"kind" enum:"hwb,footprint"`
	AreaCode  string        `json:"area_code"`
	Name      string        `json:"name"`
	LeadOrgID int64         `json:"lead_org_id,omitempty" doc:"The lead organisation's ID; absent when none is set."`
	LeadOrg   *Organisation `json:"lead_org,omitempty"`
	EndedOn   string        `json:"ended_on,omitempty" format:"date" doc:"The day the partnership was wound up; absent while it runs."`
}

// PartnershipInput is the body of create.
type PartnershipInput struct {
	Name      string `json:"name" minLength:"1" maxLength:"200" example:"Hartlepool Health and Wellbeing Board"`
	Kind      string `json:"kind" enum:"hwb,footprint" doc:"hwb: a health and wellbeing board on an upper-tier council area; footprint: a partnership on an STP footprint or ICB."`
	AreaCode  string `json:"area_code" maxLength:"9" example:"E06000001"`
	LeadOrgID int64  `json:"lead_org_id,omitempty" minimum:"1" doc:"The lead organisation's ID."`
}

func partnershipOut(p places.Partnership) Partnership {
	return Partnership{ID: p.ID, Kind: string(p.Kind), AreaCode: p.AreaCode, Name: p.Name, LeadOrgID: p.LeadOrgID, EndedOn: p.EndedOn}
}

// EndInput is the body of the operations that end a partnership, a
// member's term, a meeting (cancelled) or a decision (rescinded).
type EndInput struct {
	Date string `json:"date" maxLength:"10" example:"2027-03-31" doc:"YYYY-MM-DD: the day it ended."`
}

type updatePartnershipInput struct {
	PartnershipPath
	Body PartnershipInput
}

type endPartnershipInput struct {
	PartnershipPath
	Body EndInput
}

// endDateAs reports a problem with a resource's own end-date field (such as
// ended_on) as a problem with the end operation's body.date.
func endDateAs(err error, field string) error {
	v, ok := validation.As(err)
	if !ok {
		return err
	}
	out := &validation.Errors{}
	for _, f := range v.Fields {
		if f.Field == field {
			f.Field = "date"
		}
		out.Add(f.Field, f.Message)
	}
	return out
}

type listPartnershipsInput struct {
	Kind string `query:"kind" enum:"hwb,footprint"`
	Area string `query:"area" maxLength:"9" doc:"Only partnerships on the area with this ONS code."`
	PageParams
}

type PartnershipPath struct {
	ID int64 `path:"id" minimum:"1" doc:"The partnership's ID."`
}

type partnershipOutput struct{ Body Partnership }

type createPartnershipInput struct{ Body PartnershipInput }

type listInPartnership struct {
	PartnershipPath
	PageParams
}

// registerPartnerships lists the operations on partnerships themselves;
// their boards, meetings and decisions are in places_members.go,
// places_meetings.go and places_decisions.go.
func (a *API) registerPartnerships() {
	tags := []string{"partnerships"}
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-partnerships", Method: http.MethodGet, Path: "/partnerships",
		Summary: "List partnerships", Tags: tags,
	}, a.listPartnerships)
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-partnership", Method: http.MethodGet, Path: "/partnerships/{id}",
		Summary: "Get a partnership with its lead organisation", Tags: tags,
	}, a.getPartnership)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "create-partnership", Middlewares: a.guard(auth.CreatePartnership, ""), Method: http.MethodPost, Path: "/partnerships",
		Summary: "Create a partnership", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "Global administrators only.",
	}, a.createPartnership)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "update-partnership", Middlewares: a.guard(auth.EditPartnership, "id"), Method: http.MethodPut, Path: "/partnerships/{id}",
		Summary: "Replace a partnership's name, kind, area and lead organisation", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators, and global administrators. The end date is kept (see end-partnership). " +
			"The change is audited with its before and after.",
	}, a.updatePartnership)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "end-partnership", Middlewares: a.guard(auth.EditPartnership, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/end",
		Summary: "Record that a partnership was wound up", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators, and global administrators. Its board, meetings and decisions stay in the record.",
	}, a.endPartnership)
	a.registerMembers()
	a.registerMeetings()
	a.registerDecisions()
}

func (a *API) listPartnerships(ctx context.Context, in *listPartnershipsInput) (*ListOutput[Partnership], error) {
	p := in.PageParams.normalised()
	area, err := a.knownArea(ctx, in.Area, "query.area")
	if err != nil {
		return nil, err
	}
	ps, total, err := a.deps.Store.ListPartnerships(ctx, store.PartnershipFilter{
		Kind: places.PartnershipKind(in.Kind), AreaCode: area,
		Page: store.Page{Limit: p.PerPage, Offset: p.offset()}})
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	items := make([]Partnership, len(ps))
	for i, x := range ps {
		items[i] = partnershipOut(x)
	}
	return newList(ctx, p, items, total), nil
}

func (a *API) getPartnership(ctx context.Context, in *PartnershipPath) (*partnershipOutput, error) {
	p, err := a.partnership(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := partnershipOut(p)
	if p.LeadOrgID != 0 {
		if o, err := a.deps.Store.GetOrganisation(ctx, p.LeadOrgID); err == nil {
			lead := organisationOut(o)
			out.LeadOrg = &lead
		} else if !a.errs.notFound(err) {
			return nil, a.errs.mapError(ctx, err)
		}
	}
	return &partnershipOutput{Body: out}, nil
}

func (a *API) createPartnership(ctx context.Context, in *createPartnershipInput) (*partnershipOutput, error) {
	who, err := a.require(ctx, auth.CreatePartnership, 0)
	if err != nil {
		return nil, err
	}
	p := places.Partnership{Name: in.Body.Name, Kind: places.PartnershipKind(in.Body.Kind),
		AreaCode: in.Body.AreaCode, LeadOrgID: in.Body.LeadOrgID}
	p.Normalize()
	if err := p.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.CreatePartnership(ctx, who.Actor(), p)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &partnershipOutput{Body: partnershipOut(saved)}, nil
}

func (a *API) updatePartnership(ctx context.Context, in *updatePartnershipInput) (*partnershipOutput, error) {
	who, err := a.require(ctx, auth.EditPartnership, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	p := places.Partnership{ID: in.ID, Name: in.Body.Name, Kind: places.PartnershipKind(in.Body.Kind),
		AreaCode: in.Body.AreaCode, LeadOrgID: in.Body.LeadOrgID}
	p.Normalize()
	if err := p.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.UpdatePartnership(ctx, who.Actor(), p)
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.id", fmt.Sprintf("no partnership has the ID %d", in.ID))
	}
	return &partnershipOutput{Body: partnershipOut(saved)}, nil
}

func (a *API) endPartnership(ctx context.Context, in *endPartnershipInput) (*partnershipOutput, error) {
	who, err := a.require(ctx, auth.EditPartnership, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	saved, err := a.deps.Store.EndPartnership(ctx, who.Actor(), in.ID, in.Body.Date)
	if err != nil {
		return nil, a.notFoundAs(ctx, endDateAs(err, "ended_on"), "path.id", fmt.Sprintf("no partnership has the ID %d", in.ID))
	}
	return &partnershipOutput{Body: partnershipOut(saved)}, nil
}

// partnership loads one partnership, mapping "no such ID" to a 404 naming
// path.id.
func (a *API) partnership(ctx context.Context, id int64) (places.Partnership, error) {
	p, err := a.deps.Store.GetPartnership(ctx, id)
	if err != nil {
		return p, a.notFoundAs(ctx, err, "path.id", fmt.Sprintf("no partnership has the ID %d", id))
	}
	return p, nil
}
