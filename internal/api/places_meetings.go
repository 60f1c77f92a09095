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

// Meeting is one board meeting.
type Meeting struct {
	ID            int64   `json:"id"`
	PartnershipID int64   `json:"partnership_id"`
	Date          string  `json:"date" format:"date"`
	Agenda        string  `json:"agenda"`
	Minutes       string  `json:"minutes"`
	Attendance    []int64 `json:"attendance" doc:"IDs of the board members present."`
	CancelledOn   string  `json:"cancelled_on,omitempty" format:"date" doc:"The day the meeting was called off; absent when it stands."`
}

// MeetingInput is the body of create meeting.
type MeetingInput struct {
	Date       string  `json:"date" maxLength:"10" example:"2026-03-31" doc:"YYYY-MM-DD."`
	Agenda     string  `json:"agenda,omitempty" maxLength:"20000"`
	Minutes    string  `json:"minutes,omitempty" maxLength:"20000"`
	Attendance []int64 `json:"attendance,omitempty" maxItems:"500" doc:"IDs of the board members present, each in term on the meeting's date."`
}

func (in MeetingInput) meeting(partnershipID, id int64) places.Meeting {
	m := places.Meeting{ID: id, PartnershipID: partnershipID, Date: in.Date, Agenda: in.Agenda,
		Minutes: in.Minutes, Attendance: in.Attendance}
	m.Normalize()
	return m
}

func meetingOut(m places.Meeting) Meeting {
	out := Meeting{ID: m.ID, PartnershipID: m.PartnershipID, Date: m.Date, Agenda: m.Agenda, Minutes: m.Minutes,
		Attendance: m.Attendance, CancelledOn: m.CancelledOn}
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

type MeetingPath struct {
	PartnershipPath
	MeetingID int64 `path:"meeting_id" minimum:"1" doc:"The meeting's ID."`
}

type updateMeetingInput struct {
	MeetingPath
	Body MeetingInput
}

type cancelMeetingInput struct {
	MeetingPath
	Body EndInput
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
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-meeting", Method: http.MethodGet, Path: "/partnerships/{id}/meetings/{meeting_id}",
		Summary: "Get a meeting with its attendance", Tags: tags,
	}, a.getMeeting)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "update-meeting", Middlewares: a.guard(auth.ManageMeetings, "id"), Method: http.MethodPut, Path: "/partnerships/{id}/meetings/{meeting_id}",
		Summary: "Replace a meeting's date, agenda, minutes and attendance", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators. Everyone who voted on a " +
			"decision taken at the meeting must stay listed as present; those decisions take the meeting's new date. Audited with before and after.",
	}, a.updateMeeting)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "cancel-meeting", Middlewares: a.guard(auth.ManageMeetings, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/meetings/{meeting_id}/end",
		Summary: "Cancel a meeting", Tags: tags, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators. The meeting stays in the record, " +
			"shown as cancelled; a meeting at which decisions were taken cannot be cancelled.",
	}, a.cancelMeeting)
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
	m := in.Body.meeting(in.ID, 0)
	if err := m.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.CreateMeeting(ctx, who.Actor(), m)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &meetingOutput{Body: meetingOut(saved)}, nil
}

// boardMeeting loads meeting id of partnership pid, as a 404 naming
// path.meeting_id when it is not that partnership's.
func (a *API) boardMeeting(ctx context.Context, pid, id int64) (places.Meeting, error) {
	m, err := a.deps.Store.GetMeeting(ctx, id)
	if err == nil && m.PartnershipID != pid {
		err = store.ErrNotFound
	}
	if err != nil {
		return m, a.notFoundAs(ctx, err, "path.meeting_id", fmt.Sprintf("partnership %d has no meeting with the ID %d", pid, id))
	}
	return m, nil
}

func (a *API) getMeeting(ctx context.Context, in *MeetingPath) (*meetingOutput, error) {
	m, err := a.boardMeeting(ctx, in.ID, in.MeetingID)
	if err != nil {
		return nil, err
	}
	return &meetingOutput{Body: meetingOut(m)}, nil
}

func (a *API) updateMeeting(ctx context.Context, in *updateMeetingInput) (*meetingOutput, error) {
	who, err := a.require(ctx, auth.ManageMeetings, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.boardMeeting(ctx, in.ID, in.MeetingID); err != nil {
		return nil, err
	}
	m := in.Body.meeting(in.ID, in.MeetingID)
	if err := m.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.UpdateMeeting(ctx, who.Actor(), m)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &meetingOutput{Body: meetingOut(saved)}, nil
}

func (a *API) cancelMeeting(ctx context.Context, in *cancelMeetingInput) (*meetingOutput, error) {
	who, err := a.require(ctx, auth.ManageMeetings, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.boardMeeting(ctx, in.ID, in.MeetingID); err != nil {
		return nil, err
	}
	saved, err := a.deps.Store.CancelMeeting(ctx, who.Actor(), in.MeetingID, in.Body.Date)
	if err != nil {
		return nil, a.errs.mapError(ctx, endDateAs(err, "cancelled_on"))
	}
	return &meetingOutput{Body: meetingOut(saved)}, nil
}
