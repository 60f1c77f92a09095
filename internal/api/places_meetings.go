package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

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

func meetingOut(m places.Meeting) Meeting {
	out := Meeting{ID: m.ID, PartnershipID: m.PartnershipID, Date: m.Date, Agenda: m.Agenda, Minutes: m.Minutes,
		Attendance: m.Attendance}
	if out.Attendance == nil {
		out.Attendance = []int64{}
	}
	return out
}

type meetingOutput struct{ Body Meeting }

type createMeetingInput struct {
	PartnershipPath
	Body MeetingInput
}

// registerMeetings lists the operations on a partnership's meetings.
func (a *API) registerMeetings() {
	tags := []string{"partnerships"}
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-meetings", Method: http.MethodGet, Path: "/partnerships/{id}/meetings",
		Summary: "List a partnership's meetings, latest first", Tags: tags,
	}, a.listMeetings)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "create-meeting", Middlewares: a.guard(auth.ManageMeetings, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/meetings",
		Summary: "Record a meeting with its attendance", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, a.createMeeting)
}

func (a *API) listMeetings(ctx context.Context, in *listInPartnership) (*ListOutput[Meeting], error) {
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
}

func (a *API) createMeeting(ctx context.Context, in *createMeetingInput) (*meetingOutput, error) {
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
}
