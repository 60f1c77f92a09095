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

// Partnership is a health and wellbeing board or footprint partnership.
type Partnership struct {
	ID        int64         `json:"id"`
	Kind      string        `json:"kind" enum:"hwb,footprint"`
	AreaCode  string        `json:"area_code"`
	Name      string        `json:"name"`
	LeadOrgID int64         `json:"lead_org_id,omitempty" doc:"The lead organisation's ID; absent when none is set."`
	LeadOrg   *Organisation `json:"lead_org,omitempty"`
}

// PartnershipInput is the body of create.
type PartnershipInput struct {
	Name      string `json:"name" minLength:"1" maxLength:"200" example:"Hartlepool Health and Wellbeing Board"`
	Kind      string `json:"kind" enum:"hwb,footprint" doc:"hwb: a health and wellbeing board on an upper-tier council area; footprint: a partnership on an STP footprint or ICB."`
	AreaCode  string `json:"area_code" maxLength:"9" example:"E06000001"`
	LeadOrgID int64  `json:"lead_org_id,omitempty" minimum:"1" doc:"The lead organisation's ID."`
}

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

// Meeting is one board meeting.
type Meeting struct {
	ID            int64   `json:"id"`
	PartnershipID int64   `json:"partnership_id"`
	Date          string  `json:"date" format:"date"`
	Agenda        string  `json:"agenda"`
	Minutes       string  `json:"minutes"`
	Attendance    []int64 `json:"attendance" doc:"IDs of the board members present."`
}

// MeetingInput is the body of create meeting.
type MeetingInput struct {
	Date       string  `json:"date" maxLength:"10" example:"2026-03-31" doc:"YYYY-MM-DD."`
	Agenda     string  `json:"agenda,omitempty" maxLength:"20000"`
	Minutes    string  `json:"minutes,omitempty" maxLength:"20000"`
	Attendance []int64 `json:"attendance,omitempty" maxItems:"500" doc:"IDs of the board members present."`
}

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

func partnershipOut(p places.Partnership) Partnership {
	return Partnership{ID: p.ID, Kind: string(p.Kind), AreaCode: p.AreaCode, Name: p.Name, LeadOrgID: p.LeadOrgID}
}

func memberOut(m places.Member) Member {
	return Member{ID: m.ID, PartnershipID: m.PartnershipID, PersonName: m.PersonName, OrgID: m.OrgID,
		Role: string(m.Role), Statutory: m.Statutory}
}

func meetingOut(m places.Meeting) Meeting {
	out := Meeting{ID: m.ID, PartnershipID: m.PartnershipID, Date: m.Date, Agenda: m.Agenda, Minutes: m.Minutes,
		Attendance: m.Attendance}
	if out.Attendance == nil {
		out.Attendance = []int64{}
	}
	return out
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

type memberOutput struct{ Body Member }

type addMemberInput struct {
	PartnershipPath
	Body MemberInput
}

type memberPath struct {
	PartnershipPath
	MemberID int64 `path:"member_id" minimum:"1" doc:"The board member's ID."`
}

type meetingOutput struct{ Body Meeting }

type createMeetingInput struct {
	PartnershipPath
	Body MeetingInput
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

func (a *API) registerPartnerships() {
	tags := []string{"partnerships"}
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-partnerships", Method: http.MethodGet, Path: "/partnerships",
		Summary: "List partnerships", Tags: tags,
	}, func(ctx context.Context, in *listPartnershipsInput) (*ListOutput[Partnership], error) {
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
	})

	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-partnership", Method: http.MethodGet, Path: "/partnerships/{id}",
		Summary: "Get a partnership with its lead organisation", Tags: tags,
	}, func(ctx context.Context, in *PartnershipPath) (*partnershipOutput, error) {
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
	})

	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "create-partnership", Middlewares: a.guard(auth.CreatePartnership, ""), Method: http.MethodPost, Path: "/partnerships",
		Summary: "Create a partnership", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "Global administrators only.",
	}, func(ctx context.Context, in *createPartnershipInput) (*partnershipOutput, error) {
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
	})

	// Board members.
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-members", Method: http.MethodGet, Path: "/partnerships/{id}/members",
		Summary: "List a partnership's board members, chair first", Tags: tags,
	}, func(ctx context.Context, in *listInPartnership) (*ListOutput[Member], error) {
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
	})

	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "add-member", Middlewares: a.guard(auth.ManageBoard, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/members",
		Summary: "Put a person on the board", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, func(ctx context.Context, in *addMemberInput) (*memberOutput, error) {
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
	})

	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "remove-member", Middlewares: a.guard(auth.ManageBoard, "id"), Method: http.MethodDelete, Path: "/partnerships/{id}/members/{member_id}",
		Summary: "Take a person off the board", Tags: tags, DefaultStatus: http.StatusNoContent, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, func(ctx context.Context, in *memberPath) (*struct{}, error) {
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
	})

	// Meetings.
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-meetings", Method: http.MethodGet, Path: "/partnerships/{id}/meetings",
		Summary: "List a partnership's meetings, latest first", Tags: tags,
	}, func(ctx context.Context, in *listInPartnership) (*ListOutput[Meeting], error) {
		if _, err := a.partnership(ctx, in.ID); err != nil {
			return nil, err
		}
		ms, err := a.deps.Store.ListMeetings(ctx, in.ID)
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		items := make([]Meeting, len(ms))
		for i, m := range ms {
			items[i] = meetingOut(m)
		}
		p := in.PageParams.normalised()
		return newList(ctx, p, pageOf(items, p), len(items)), nil
	})

	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "create-meeting", Middlewares: a.guard(auth.ManageMeetings, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/meetings",
		Summary: "Record a meeting with its attendance", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, func(ctx context.Context, in *createMeetingInput) (*meetingOutput, error) {
		who, err := a.require(ctx, auth.ManageMeetings, in.ID)
		if err != nil {
			return nil, err
		}
		if _, err := a.partnership(ctx, in.ID); err != nil {
			return nil, err
		}
		m := places.Meeting{PartnershipID: in.ID, Date: in.Body.Date, Agenda: in.Body.Agenda,
			Minutes: in.Body.Minutes, Attendance: in.Body.Attendance}
		m.Normalize()
		if err := m.Validate().Err(); err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		saved, err := a.deps.Store.CreateMeeting(ctx, who.Actor(), m)
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		return &meetingOutput{Body: meetingOut(saved)}, nil
	})

	// Decisions.
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-decisions", Method: http.MethodGet, Path: "/partnerships/{id}/decisions",
		Summary: "List a partnership's decisions, latest first", Tags: tags,
	}, func(ctx context.Context, in *listInPartnership) (*ListOutput[Decision], error) {
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
	})

	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "create-decision", Middlewares: a.guard(auth.RecordDecisions, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/decisions",
		Summary: "Record a decision with each member's vote", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, func(ctx context.Context, in *createDecisionInput) (*decisionOutput, error) {
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
	})

	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-decision", Method: http.MethodGet, Path: "/partnerships/{id}/decisions/{decision_id}",
		Summary: "Get a decision with its votes and papers", Tags: tags,
	}, func(ctx context.Context, in *decisionPath) (*decisionOutput, error) {
		d, err := a.deps.Store.GetDecision(ctx, in.DecisionID)
		if err == nil && d.PartnershipID != in.ID {
			err = store.ErrNotFound
		}
		if err != nil {
			return nil, a.notFoundAs(ctx, err, "path.decision_id",
				fmt.Sprintf("partnership %d has no decision with the ID %d", in.ID, in.DecisionID))
		}
		return &decisionOutput{Body: decisionOut(d)}, nil
	})
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
