package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// VoicePhase is one dated phase of an engagement process.
type VoicePhase struct {
	ID          int64  `json:"id,omitempty" readOnly:"true"`
	Kind        string `json:"kind" enum:"information,consultation,proposals,review,voting,results,delivery"`
	Starts      string `json:"starts" maxLength:"10" example:"2026-11-01" doc:"First day, YYYY-MM-DD."`
	Ends        string `json:"ends" maxLength:"10" example:"2026-12-31" doc:"Last day, YYYY-MM-DD."`
	Description string `json:"description,omitempty" maxLength:"5000"`
}

// VoiceStanding is where a process stands today.
type VoiceStanding struct {
	Day     string `json:"day" doc:"The day judged (today in England)."`
	Stage   string `json:"stage" enum:"not-started,open,between,finished"`
	Current string `json:"current,omitempty" doc:"The phase under way."`
	Next    string `json:"next,omitempty" doc:"The phase to come."`
	Summary string `json:"summary"`
}

// VoiceProcess is an engagement process of a partnership.
type VoiceProcess struct {
	ID            int64         `json:"id"`
	PartnershipID int64         `json:"partnership_id"`
	AreaType      string        `json:"area_type"`
	AreaCode      string        `json:"area_code"`
	Title         string        `json:"title"`
	Summary       string        `json:"summary"`
	Phases        []VoicePhase  `json:"phases"`
	Standing      VoiceStanding `json:"standing"`
}

// VoiceProcessInput is the body that creates a process.
type VoiceProcessInput struct {
	Title    string       `json:"title" maxLength:"200"`
	Summary  string       `json:"summary,omitempty" maxLength:"5000"`
	AreaCode string       `json:"area_code,omitempty" maxLength:"9" doc:"The area it covers; the partnership's area when left out."`
	Phases   []VoicePhase `json:"phases,omitempty" maxItems:"7"`
}

func voiceProcessOut(p voice.Process, day string) VoiceProcess {
	out := VoiceProcess{ID: p.ID, PartnershipID: p.PartnershipID, AreaType: p.AreaType, AreaCode: p.AreaCode, Title: p.Title, Summary: p.Summary, Phases: []VoicePhase{}}
	for _, ph := range p.Phases {
		out.Phases = append(out.Phases, VoicePhase{ID: ph.ID, Kind: string(ph.Kind), Starts: ph.Starts, Ends: ph.Ends, Description: ph.Description})
	}
	st := p.StandingOn(day)
	out.Standing = VoiceStanding{Day: st.Day, Stage: string(st.Stage), Summary: st.Summary}
	if st.Current != nil {
		out.Standing.Current = string(st.Current.Kind)
	}
	if st.Next != nil {
		out.Standing.Next = string(st.Next.Kind)
	}
	return out
}

type voiceProcessOutput struct{ Body VoiceProcess }

// VoiceProcessPath names a process.
type VoiceProcessPath struct {
	ProcessID int64 `path:"process_id" minimum:"1" doc:"The process's ID."`
}

type voiceListProcessesInput struct {
	Partnership int64 `query:"partnership" minimum:"0" doc:"Only this partnership's processes."`
	PageParams
}

type voiceCreateProcessInput struct {
	PartnershipPath
	Body VoiceProcessInput
}

// registerVoice lists the Voice operations (issue 13): processes,
// consultations and their questions, responses, themes, "you said, we
// did", follows and open data.
func (a *API) registerVoice() {
	tags := []string{"voice"}
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "voice-list-processes", Method: http.MethodGet, Path: "/voice/processes",
		Summary: "List engagement processes, newest first, with where each stands", Tags: tags,
	}, a.voiceListProcesses)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "voice-get-process", Method: http.MethodGet, Path: "/voice/processes/{process_id}",
		Summary: "Get an engagement process with its phases and where it stands", Tags: tags,
	}, a.voiceGetProcess)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-create-process", Middlewares: a.guard(auth.ManageConsultations, "id"), Method: http.MethodPost,
		Path: "/partnerships/{id}/voice/processes", Summary: "Start an engagement process", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "The partnership's administrators and officers, and global administrators.",
	}, a.voiceCreateProcess)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-follow-process", Method: http.MethodPut, Path: "/voice/processes/{process_id}/follow",
		Summary: "Follow a process: e-mail when each phase opens", Tags: tags, Security: needsSession, DefaultStatus: http.StatusNoContent,
		Description: "Any signed-in person, for themselves.",
	}, a.voiceFollow)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-unfollow-process", Method: http.MethodDelete, Path: "/voice/processes/{process_id}/follow",
		Summary: "Stop following a process", Tags: tags, Security: needsSession, DefaultStatus: http.StatusNoContent,
	}, a.voiceUnfollow)
	a.registerVoiceConsultations(tags)
	a.registerVoiceThemes(tags)
}

func (a *API) voiceListProcesses(ctx context.Context, in *voiceListProcessesInput) (*ListOutput[VoiceProcess], error) {
	ps, err := a.deps.Store.ListProcesses(ctx, store.ProcessFilter{PartnershipID: in.Partnership})
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	day := a.deps.Store.VoiceToday()
	items := make([]VoiceProcess, len(ps))
	for i, p := range ps {
		items[i] = voiceProcessOut(p, day)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(items, p), len(items)), nil
}

func (a *API) voiceProcess(ctx context.Context, id int64) (voice.Process, error) {
	p, err := a.deps.Store.Process(ctx, id)
	if err != nil {
		return p, a.notFoundAs(ctx, err, "path.process_id", fmt.Sprintf("no engagement process has the ID %d", id))
	}
	return p, nil
}

func (a *API) voiceGetProcess(ctx context.Context, in *VoiceProcessPath) (*voiceProcessOutput, error) {
	p, err := a.voiceProcess(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	return &voiceProcessOutput{Body: voiceProcessOut(p, a.deps.Store.VoiceToday())}, nil
}

func (a *API) voiceCreateProcess(ctx context.Context, in *voiceCreateProcessInput) (*voiceProcessOutput, error) {
	who, err := a.require(ctx, auth.ManageConsultations, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	p := voice.Process{PartnershipID: in.ID, Title: in.Body.Title, Summary: in.Body.Summary, AreaCode: in.Body.AreaCode}
	for _, ph := range in.Body.Phases {
		p.Phases = append(p.Phases, voice.Phase{Kind: voice.PhaseKind(ph.Kind), Starts: ph.Starts, Ends: ph.Ends, Description: ph.Description})
	}
	saved, err := a.deps.Store.CreateProcess(ctx, who.Actor(), p)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceProcessOutput{Body: voiceProcessOut(saved, a.deps.Store.VoiceToday())}, nil
}

func (a *API) voiceFollow(ctx context.Context, in *VoiceProcessPath) (*struct{}, error) {
	who, err := a.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.deps.Store.Follow(ctx, in.ProcessID, who.UserID); err != nil {
		return nil, a.notFoundAs(ctx, err, "path.process_id", fmt.Sprintf("no engagement process has the ID %d", in.ProcessID))
	}
	return nil, nil
}

func (a *API) voiceUnfollow(ctx context.Context, in *VoiceProcessPath) (*struct{}, error) {
	who, err := a.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := a.voiceProcess(ctx, in.ProcessID); err != nil {
		return nil, err
	}
	if err := a.deps.Store.Unfollow(ctx, in.ProcessID, who.UserID); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return nil, nil
}

// voiceGuard checks permission for an action on a consultation before
// huma reads the body: the consultation (path parameter consultation_id)
// names its partnership. An unknown consultation is left to the handler
// (404) once the caller is known to be signed in.
func (a *API) voiceGuard(action auth.Action) huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		var pid int64
		id, err := strconv.ParseInt(ctx.Param("consultation_id"), 10, 64)
		if err == nil {
			it, err := a.deps.Store.ConsultationItem(ctx.Context(), id)
			switch {
			case err == nil:
				pid = it.PartnershipID
			case errors.Is(err, store.ErrNotFound):
				pid = -1
			default:
				_ = huma.WriteErr(a.huma, ctx, http.StatusInternalServerError, "internal error")
				return
			}
		}
		if (err != nil || pid == -1) && principal(ctx.Context()) != nil {
			next(ctx)
			return
		}
		if _, err := a.require(ctx.Context(), action, pid); err != nil {
			var se huma.StatusError
			if errors.As(err, &se) {
				_ = huma.WriteErr(a.huma, ctx, se.GetStatus(), se.Error())
				return
			}
			_ = huma.WriteErr(a.huma, ctx, http.StatusInternalServerError, "internal error")
			return
		}
		next(ctx)
	}}
}
