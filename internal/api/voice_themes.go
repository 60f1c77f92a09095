package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// VoiceTheme is a theme staff found in the written answers, with how many
// answers carry it.
type VoiceTheme struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Count       int    `json:"count"`
}

// VoiceThemeInput is the body that adds a theme.
type VoiceThemeInput struct {
	Name        string `json:"name" maxLength:"200"`
	Description string `json:"description,omitempty" maxLength:"5000"`
}

// VoiceTagInput tags one written answer with a theme.
type VoiceTagInput struct {
	ThemeID    int64 `json:"theme_id" minimum:"1"`
	ResponseID int64 `json:"response_id" minimum:"1"`
	QuestionID int64 `json:"question_id" minimum:"1"`
}

// VoiceLinkInput records what a theme led to.
type VoiceLinkInput struct {
	ThemeID    int64  `json:"theme_id" minimum:"1"`
	TargetKind string `json:"target_kind" enum:"decision,scheme,plan_priority,not_taken"`
	TargetID   int64  `json:"target_id,omitempty" minimum:"0" doc:"The decision (or scheme, plan priority); not for not_taken."`
	Reason     string `json:"reason,omitempty" maxLength:"2000" doc:"Why it was not taken forward (required for not_taken), or a note."`
}

// VoiceLink is one "you said, we did" link.
type VoiceLink struct {
	ID         int64  `json:"id"`
	ThemeID    int64  `json:"theme_id"`
	TargetKind string `json:"target_kind"`
	TargetID   int64  `json:"target_id,omitempty"`
	Title      string `json:"title,omitempty" doc:"The decision's text."`
	Date       string `json:"date,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// VoiceYSWDItem is one item of "you said, we did".
type VoiceYSWDItem struct {
	Theme VoiceTheme  `json:"theme"`
	WeDid []VoiceLink `json:"we_did"`
}

// VoiceYSWD is a consultation's "you said, we did", generated from links.
type VoiceYSWD struct {
	ConsultationID int64           `json:"consultation_id"`
	Responses      int             `json:"responses"`
	Items          []VoiceYSWDItem `json:"items" doc:"Themes that led to a decision, scheme or plan priority."`
	NotTaken       []VoiceYSWDItem `json:"not_taken" doc:"Themes not taken forward, with the reasons."`
	Orphans        []VoiceTheme    `json:"orphans" doc:"Themes with no response yet."`
}

// VoiceOrphan is a theme with no response yet.
type VoiceOrphan struct {
	ID                int64  `json:"id"`
	Name              string `json:"name"`
	ConsultationID    int64  `json:"consultation_id"`
	ConsultationTitle string `json:"consultation_title"`
	PartnershipID     int64  `json:"partnership_id"`
}

// VoiceOpenOption is one option's count in open data.
type VoiceOpenOption struct {
	Label   string `json:"label"`
	Count   int    `json:"count"`
	Percent string `json:"percent"`
	Points  int    `json:"points,omitempty"`
}

// VoiceOpenQuestion is one question's counts in open data.
type VoiceOpenQuestion struct {
	Position int               `json:"position"`
	Kind     string            `json:"kind"`
	Text     string            `json:"text"`
	Answered int               `json:"answered"`
	Options  []VoiceOpenOption `json:"options"`
}

// VoiceOpenTheme is a theme's count in open data.
type VoiceOpenTheme struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// VoiceOpenData is a closed consultation's aggregates: no personal data,
// no written answers, no respondents.
type VoiceOpenData struct {
	ConsultationID int64               `json:"consultation_id"`
	Title          string              `json:"title"`
	Opens          string              `json:"opens"`
	Closes         string              `json:"closes"`
	Fictional      bool                `json:"fictional"`
	Responses      int                 `json:"responses"`
	Questions      []VoiceOpenQuestion `json:"questions"`
	Themes         []VoiceOpenTheme    `json:"themes"`
	Licence        string              `json:"licence"`
}

type voiceThemesOutput struct {
	Body struct {
		Items []VoiceTheme `json:"items"`
	}
}
type voiceThemeOutput struct{ Body VoiceTheme }
type voiceLinkOutput struct{ Body VoiceLink }
type voiceYSWDOutput struct{ Body VoiceYSWD }
type voiceOpenDataOutput struct{ Body VoiceOpenData }
type voiceOrphansOutput struct {
	Body struct {
		Items []VoiceOrphan `json:"items"`
	}
}

type voiceCreateThemeInput struct {
	VoiceConsultationPath
	Body VoiceThemeInput
}
type voiceTagInput struct {
	VoiceConsultationPath
	Body VoiceTagInput
}
type voiceLinkInput struct {
	VoiceConsultationPath
	Body VoiceLinkInput
}
type voiceOrphansInput struct {
	Partnership int64 `query:"partnership" minimum:"1" required:"true" doc:"The partnership whose themes to check."`
}

func (a *API) registerVoiceThemes(tags []string) {
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "voice-list-themes", Method: http.MethodGet, Path: "/voice/consultations/{consultation_id}/themes",
		Summary: "List a consultation's themes with their counts", Tags: tags,
		Description: "Published when the consultation closes (409 before), as the results are; its analysts see them earlier.",
	}, a.voiceListThemes)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-create-theme", Method: http.MethodPost, Path: "/voice/consultations/{consultation_id}/themes",
		Summary: "Add a theme", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession, Middlewares: a.voiceGuard(auth.ManageConsultations),
		Description: "The partnership's administrators and officers, and global administrators.",
	}, a.voiceCreateTheme)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-tag-answer", Method: http.MethodPost, Path: "/voice/consultations/{consultation_id}/tags",
		Summary: "Tag a written answer with a theme", Tags: tags, DefaultStatus: http.StatusNoContent, Security: needsSession,
		Middlewares: a.voiceGuard(auth.ManageConsultations),
	}, a.voiceTag)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "voice-get-you-said-we-did", Method: http.MethodGet, Path: "/voice/consultations/{consultation_id}/you-said-we-did",
		Summary: `"You said, we did", generated from the links between themes and decisions`, Tags: tags,
		Description: "Published when the consultation closes (409 before), as the results are; its analysts see it earlier.",
	}, a.voiceGetYSWD)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-create-link", Method: http.MethodPost, Path: "/voice/consultations/{consultation_id}/you-said-we-did",
		Summary: "Record what a theme led to: a decision, a scheme, a plan priority, or not taken forward", Tags: tags, DefaultStatus: http.StatusCreated,
		Security: needsSession, Middlewares: a.voiceGuard(auth.ManageConsultations),
	}, a.voiceCreateLink)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "voice-open-data", Method: http.MethodGet, Path: "/voice/consultations/{consultation_id}/open-data",
		Summary: "A closed consultation's results as open data: aggregates only", Tags: tags,
		Description: "409 while the consultation is open. No personal data, no written answers.",
	}, a.voiceOpenData)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-orphan-themes", Method: http.MethodGet, Path: "/voice/orphans",
		Summary: "Themes with no response yet, for a partnership", Tags: tags, Security: needsSession,
	}, a.voiceOrphans)
}

// voiceResults loads a consultation and its results. With published, a
// caller who may not see them yet (voice.Consultation.ResultsVisible: until
// it closes, only its analysts) gets 409 instead.
func (a *API) voiceResults(ctx context.Context, id int64, published bool) (store.ConsultationItem, voice.Results, error) {
	it, err := a.voiceConsultation(ctx, id)
	if err != nil {
		return it, voice.Results{}, err
	}
	if published && !it.ResultsVisible(a.deps.Store.VoiceToday(), auth.Can(principal(ctx), auth.AnalyseConsultations, it.PartnershipID)) {
		msg := "the results are published when the consultation closes on " + it.Closes
		return it, voice.Results{}, problem(http.StatusConflict, msg, fieldProblem("path.consultation_id", msg))
	}
	res, err := voice.LoadResults(ctx, a.deps.Store, it.Consultation)
	if err != nil {
		return it, res, a.errs.mapError(ctx, err)
	}
	return it, res, nil
}

func voiceThemeOut(t voice.ThemeCount) VoiceTheme {
	return VoiceTheme{ID: t.Theme.ID, Name: t.Theme.Name, Description: t.Theme.Description, Count: t.Count}
}

func (a *API) voiceListThemes(ctx context.Context, in *VoiceConsultationPath) (*voiceThemesOutput, error) {
	_, res, err := a.voiceResults(ctx, in.ConsultationID, true)
	if err != nil {
		return nil, err
	}
	out := &voiceThemesOutput{}
	out.Body.Items = []VoiceTheme{}
	for _, t := range res.Themes {
		out.Body.Items = append(out.Body.Items, voiceThemeOut(t))
	}
	return out, nil
}

func (a *API) voiceCreateTheme(ctx context.Context, in *voiceCreateThemeInput) (*voiceThemeOutput, error) {
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	who, err := a.require(ctx, auth.ManageConsultations, it.PartnershipID)
	if err != nil {
		return nil, err
	}
	t, err := a.deps.Store.CreateTheme(ctx, who.Actor(), voice.Theme{ConsultationID: it.ID, Name: in.Body.Name, Description: in.Body.Description})
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceThemeOutput{Body: VoiceTheme{ID: t.ID, Name: t.Name, Description: t.Description}}, nil
}

// voiceTheme loads a theme of the consultation, as a 422 naming field
// otherwise.
func (a *API) voiceTheme(ctx context.Context, consultationID, id int64, field string) error {
	t, err := a.deps.Store.Theme(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.ConsultationID != consultationID) {
		return problem(http.StatusUnprocessableEntity, "validation failed", fieldProblem(field, fmt.Sprintf("consultation %d has no theme with the ID %d", consultationID, id)))
	}
	return a.errs.mapError(ctx, err)
}

func (a *API) voiceTag(ctx context.Context, in *voiceTagInput) (*struct{}, error) {
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	if _, err := a.require(ctx, auth.ManageConsultations, it.PartnershipID); err != nil {
		return nil, err
	}
	if err := a.voiceTheme(ctx, it.ID, in.Body.ThemeID, "body.theme_id"); err != nil {
		return nil, err
	}
	if err := a.deps.Store.TagAnswer(ctx, voice.ThemeTag{ThemeID: in.Body.ThemeID, ResponseID: in.Body.ResponseID, QuestionID: in.Body.QuestionID}); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return nil, nil
}

func voiceLinkOut(x voice.YSWDTarget) VoiceLink {
	return VoiceLink{ID: x.Link.ID, ThemeID: x.Link.SubjectID, TargetKind: string(x.Link.TargetKind), TargetID: x.Link.TargetID, Title: x.Title, Date: x.Date, Reason: x.Link.Reason}
}

func voiceItemsOut(items []voice.YSWDItem) []VoiceYSWDItem {
	out := []VoiceYSWDItem{}
	for _, it := range items {
		x := VoiceYSWDItem{Theme: voiceThemeOut(it.Theme), WeDid: []VoiceLink{}}
		for _, l := range it.WeDid {
			x.WeDid = append(x.WeDid, voiceLinkOut(l))
		}
		out = append(out, x)
	}
	return out
}

func (a *API) voiceGetYSWD(ctx context.Context, in *VoiceConsultationPath) (*voiceYSWDOutput, error) {
	it, res, err := a.voiceResults(ctx, in.ConsultationID, true)
	if err != nil {
		return nil, err
	}
	out := VoiceYSWD{ConsultationID: it.ID, Responses: res.Analysis.Responses, Items: voiceItemsOut(res.YSWD.Items), NotTaken: voiceItemsOut(res.YSWD.NotTaken),
		Orphans: []VoiceTheme{}}
	for _, t := range res.YSWD.Orphans {
		out.Orphans = append(out.Orphans, VoiceTheme{ID: t.ID, Name: t.Name, Description: t.Description})
	}
	return &voiceYSWDOutput{Body: out}, nil
}

func (a *API) voiceCreateLink(ctx context.Context, in *voiceLinkInput) (*voiceLinkOutput, error) {
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	who, err := a.require(ctx, auth.ManageConsultations, it.PartnershipID)
	if err != nil {
		return nil, err
	}
	if err := a.voiceTheme(ctx, it.ID, in.Body.ThemeID, "body.theme_id"); err != nil {
		return nil, err
	}
	l, err := a.deps.Store.AddLink(ctx, who.Actor(), voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: in.Body.ThemeID,
		TargetKind: voice.TargetKind(in.Body.TargetKind), TargetID: in.Body.TargetID, Reason: in.Body.Reason})
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceLinkOutput{Body: voiceLinkOut(voice.YSWDTarget{Link: l})}, nil
}

func (a *API) voiceOpenData(ctx context.Context, in *VoiceConsultationPath) (*voiceOpenDataOutput, error) {
	_, res, err := a.voiceResults(ctx, in.ConsultationID, false) // open data has its own rule: closed, for everyone
	if err != nil {
		return nil, err
	}
	od, err := voice.MakeOpenData(a.deps.Store.VoiceToday(), res.Analysis, res.Themes)
	if errors.Is(err, voice.ErrNotClosed) {
		msg := "the consultation has not closed: open data is published after it closes"
		return nil, problem(http.StatusConflict, msg, fieldProblem("path.consultation_id", msg))
	}
	out := VoiceOpenData{ConsultationID: od.ConsultationID, Title: od.Title, Opens: od.Opens, Closes: od.Closes, Fictional: od.Fictional,
		Responses: od.Responses, Questions: []VoiceOpenQuestion{}, Themes: []VoiceOpenTheme{}, Licence: "Open Government Licence v3.0"}
	for _, q := range od.Questions {
		x := VoiceOpenQuestion{Position: q.Position, Kind: string(q.Kind), Text: q.Text, Answered: q.Answered, Options: []VoiceOpenOption{}}
		for _, o := range q.Options {
			x.Options = append(x.Options, VoiceOpenOption(o))
		}
		out.Questions = append(out.Questions, x)
	}
	for _, t := range od.Themes {
		out.Themes = append(out.Themes, VoiceOpenTheme(t))
	}
	return &voiceOpenDataOutput{Body: out}, nil
}

func (a *API) voiceOrphans(ctx context.Context, in *voiceOrphansInput) (*voiceOrphansOutput, error) {
	if _, err := a.require(ctx, auth.ManageConsultations, in.Partnership); err != nil {
		return nil, err
	}
	os, err := a.deps.Store.OrphanThemes(ctx, in.Partnership)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	out := &voiceOrphansOutput{}
	out.Body.Items = []VoiceOrphan{}
	for _, o := range os {
		out.Body.Items = append(out.Body.Items, VoiceOrphan{ID: o.ID, Name: o.Name, ConsultationID: o.ConsultationID, ConsultationTitle: o.ConsultationTitle, PartnershipID: o.PartnershipID})
	}
	return out, nil
}
