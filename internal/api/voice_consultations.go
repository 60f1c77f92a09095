package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
)

// VoiceDocument is a consultation document, as a link.
type VoiceDocument struct {
	Title  string `json:"title" maxLength:"200"`
	URL    string `json:"url" maxLength:"2000" doc:"https:// address of the document."`
	Format string `json:"format,omitempty" maxLength:"200" example:"PDF, 12 pages"`
}

// VoiceCondition shows a question only after an earlier answer.
type VoiceCondition struct {
	Position int `json:"position" minimum:"1" doc:"The earlier question's position (from 1)."`
	Choice   int `json:"choice" minimum:"0" doc:"The earlier question's choice (from 0) that shows this question."`
}

// VoiceQuestion is one question of a consultation.
type VoiceQuestion struct {
	ID       int64           `json:"id,omitempty" readOnly:"true"`
	Position int             `json:"position,omitempty" readOnly:"true"`
	Kind     string          `json:"kind" enum:"single,multiple,scale,ranking,text"`
	Text     string          `json:"text" maxLength:"500"`
	Hint     string          `json:"hint,omitempty" maxLength:"500"`
	Required bool            `json:"required,omitempty"`
	Choices  []string        `json:"choices,omitempty" maxItems:"20" doc:"For single, multiple and ranking questions. A scale is always 1 to 5."`
	ShowIf   *VoiceCondition `json:"show_if,omitempty"`
}

// VoiceConsultation is a consultation with what people need to respond.
type VoiceConsultation struct {
	ID             int64           `json:"id"`
	ProcessID      int64           `json:"process_id"`
	PartnershipID  int64           `json:"partnership_id"`
	Title          string          `json:"title"`
	Summary        string          `json:"summary"`
	Options        string          `json:"options" doc:"The options under consideration."`
	Opens          string          `json:"opens" format:"date"`
	Closes         string          `json:"closes" format:"date"`
	Published      bool            `json:"published"`
	Status         string          `json:"status" enum:"draft,upcoming,open,closed"`
	AllowAnonymous bool            `json:"allow_anonymous"`
	OnePerPage     bool            `json:"one_per_page"`
	Fictional      bool            `json:"fictional" doc:"Demonstration data."`
	ShortReason    string          `json:"short_reason,omitempty" doc:"Why it runs for less than 28 days."`
	Documents      []VoiceDocument `json:"documents"`
	Questions      []VoiceQuestion `json:"questions"`
	Responses      int             `json:"responses"`
}

// VoiceConsultationInput is the body that creates a consultation.
type VoiceConsultationInput struct {
	Title          string          `json:"title" maxLength:"200"`
	Summary        string          `json:"summary,omitempty" maxLength:"5000"`
	Options        string          `json:"options,omitempty" maxLength:"5000"`
	Opens          string          `json:"opens" maxLength:"10" example:"2026-11-01"`
	Closes         string          `json:"closes" maxLength:"10" example:"2026-12-31"`
	Published      bool            `json:"published,omitempty"`
	AllowAnonymous bool            `json:"allow_anonymous,omitempty"`
	OnePerPage     bool            `json:"one_per_page,omitempty"`
	ShortReason    string          `json:"short_reason,omitempty" maxLength:"5000" doc:"Required when the consultation runs for less than 28 days (Gunning: adequate time)."`
	Documents      []VoiceDocument `json:"documents,omitempty" maxItems:"20"`
	Questions      []VoiceQuestion `json:"questions,omitempty" maxItems:"60"`
}

func voiceQuestionOut(q voice.Question) VoiceQuestion {
	out := VoiceQuestion{ID: q.ID, Position: q.Position, Kind: string(q.Kind), Text: q.Text, Hint: q.Hint, Required: q.Required, Choices: q.Choices}
	if q.ShowIf != nil {
		out.ShowIf = &VoiceCondition{Position: q.ShowIf.Position, Choice: q.ShowIf.Choice}
	}
	return out
}

func voiceConsultationOut(it store.ConsultationItem, day string) VoiceConsultation {
	c := it.Consultation
	out := VoiceConsultation{ID: c.ID, ProcessID: c.ProcessID, PartnershipID: it.PartnershipID, Title: c.Title, Summary: c.Summary, Options: c.Options,
		Opens: c.Opens, Closes: c.Closes, Published: c.Published, Status: c.Status(day), AllowAnonymous: c.AllowAnonymous, OnePerPage: c.OnePerPage,
		Fictional: c.Fictional, ShortReason: c.ShortReason, Documents: []VoiceDocument{}, Questions: []VoiceQuestion{}, Responses: it.Responses}
	for _, d := range c.Documents {
		out.Documents = append(out.Documents, VoiceDocument(d))
	}
	for _, q := range c.Questions {
		out.Questions = append(out.Questions, voiceQuestionOut(q))
	}
	return out
}

type voiceConsultationOutput struct{ Body VoiceConsultation }

// VoiceConsultationPath names a consultation.
type VoiceConsultationPath struct {
	ConsultationID int64 `path:"consultation_id" minimum:"1" doc:"The consultation's ID."`
}

type voiceListConsultationsInput struct {
	Process int64 `query:"process" minimum:"0" doc:"Only this process's consultations."`
	PageParams
}

type voiceCreateConsultationInput struct {
	VoiceProcessPath
	Body VoiceConsultationInput
}

type voiceUpdateConsultationInput struct {
	VoiceConsultationPath
	Body VoiceConsultationInput
}

type voiceQuestionsOutput struct {
	Body struct {
		Items []VoiceQuestion `json:"items"`
	}
}

// VoiceAnswer is one answer.
type VoiceAnswer struct {
	QuestionID int64  `json:"question_id" minimum:"1"`
	Choices    []int  `json:"choices,omitempty" maxItems:"20" doc:"Chosen choices from 0 (for a scale, 0 is 1 and 4 is 5); for ranking, every choice in order, most important first."`
	Text       string `json:"text,omitempty" maxLength:"5000"`
}

// VoiceResponseInput is the body of a response.
type VoiceResponseInput struct {
	Answers        []VoiceAnswer `json:"answers" maxItems:"60"`
	Anonymous      bool          `json:"anonymous,omitempty" doc:"Only where the consultation allows anonymous responses."`
	OrganisationID int64         `json:"organisation_id,omitempty" minimum:"0" doc:"Respond on behalf of this organisation in the register."`
}

// VoiceRespondent is the personal data behind a response, shown only to
// roles allowed to see respondents.
type VoiceRespondent struct {
	Name         string `json:"name"`
	Email        string `json:"email"`
	Postcode     string `json:"postcode"`
	Organisation string `json:"organisation,omitempty"`
}

// VoiceResponse is one response.
type VoiceResponse struct {
	ID             int64            `json:"id"`
	ConsultationID int64            `json:"consultation_id"`
	RespondentType string           `json:"respondent_type" enum:"resident,organisation"`
	OrganisationID int64            `json:"organisation_id,omitempty"`
	Anonymous      bool             `json:"anonymous"`
	Fictional      bool             `json:"fictional"`
	DistrictCode   string           `json:"district_code"`
	WardCode       string           `json:"ward_code"`
	AgeBand        string           `json:"age_band"`
	SubmittedAt    string           `json:"submitted_at"`
	UpdatedAt      string           `json:"updated_at"`
	Answers        []VoiceAnswer    `json:"answers"`
	Respondent     *VoiceRespondent `json:"respondent,omitempty" doc:"Only for the partnership's administrators and officers, and never for anonymous responses."`
}

func voiceResponseOut(r voice.Response, personal map[int64]voice.Personal) VoiceResponse {
	out := VoiceResponse{ID: r.ID, ConsultationID: r.ConsultationID, RespondentType: string(r.Type), OrganisationID: r.OrgID, Anonymous: r.Anonymous,
		Fictional: r.Fictional, DistrictCode: r.DistrictCode, WardCode: r.WardCode, AgeBand: r.AgeBand, SubmittedAt: r.SubmittedAt, UpdatedAt: r.UpdatedAt,
		Answers: []VoiceAnswer{}}
	for _, a := range r.Answers {
		out.Answers = append(out.Answers, VoiceAnswer{QuestionID: a.QuestionID, Choices: a.Choices, Text: a.Text})
	}
	if p, ok := personal[r.ID]; ok {
		out.Respondent = &VoiceRespondent{Name: p.Name, Email: p.Email, Postcode: p.Postcode, Organisation: p.OrganisationName}
	}
	return out
}

type voiceResponseOutput struct{ Body VoiceResponse }

// VoiceMyResponse is the signed-in person's response, if they gave one.
type VoiceMyResponse struct {
	Responded bool           `json:"responded"`
	Response  *VoiceResponse `json:"response,omitempty"`
}

type voiceMyResponseOutput struct{ Body VoiceMyResponse }

type voiceRespondInput struct {
	VoiceConsultationPath
	Body VoiceResponseInput
}

type voiceListResponsesInput struct {
	VoiceConsultationPath
	PageParams
}

func (a *API) registerVoiceConsultations(tags []string) {
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "voice-list-consultations", Method: http.MethodGet, Path: "/voice/consultations",
		Summary: "List published consultations, latest closing first", Tags: tags,
	}, a.voiceListConsultations)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "voice-get-consultation", Method: http.MethodGet, Path: "/voice/consultations/{consultation_id}",
		Summary: "Get a consultation with its documents, options, closing date and questions", Tags: tags,
	}, a.voiceGetConsultation)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "voice-list-questions", Method: http.MethodGet, Path: "/voice/consultations/{consultation_id}/questions",
		Summary: "List a consultation's questions in order", Tags: tags,
	}, a.voiceListQuestions)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-create-consultation", Method: http.MethodPost, Path: "/voice/processes/{process_id}/consultations",
		Summary: "Create a consultation with its questions", Tags: tags, DefaultStatus: http.StatusCreated, Security: needsSession,
		Middlewares: a.voiceProcessGuard(auth.ManageConsultations),
		Description: "The process's partnership's administrators and officers, and global administrators.",
	}, a.voiceCreateConsultation)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-update-consultation", Method: http.MethodPut, Path: "/voice/consultations/{consultation_id}",
		Summary: "Change a consultation: its details, documents and, until the first response, its questions", Tags: tags, Security: needsSession,
		Middlewares: a.voiceGuard(auth.ManageConsultations),
		Description: "The partnership's administrators and officers, and global administrators. The body replaces the consultation as a whole. " +
			"Once it has a response its questions must be sent as they are (422 on questions otherwise). Audited.",
	}, a.voiceUpdateConsultation)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-list-responses", Method: http.MethodGet, Path: "/voice/consultations/{consultation_id}/responses",
		Summary: "List a consultation's responses (staff only)", Tags: tags, Security: needsSession, Middlewares: a.voiceGuard(auth.AnalyseConsultations),
		Description: "The partnership's staff (administrators, officers, analysts, board members). Names, e-mail addresses and postcodes only for administrators and officers.",
	}, a.voiceListResponses)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-get-my-response", Method: http.MethodGet, Path: "/voice/consultations/{consultation_id}/response",
		Summary: "The signed-in person's own response", Tags: tags, Security: needsSession,
	}, a.voiceGetMyResponse)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "voice-respond", Method: http.MethodPut, Path: "/voice/consultations/{consultation_id}/response",
		Summary: "Give or change the signed-in person's response", Tags: tags, Security: needsSession, Middlewares: a.voiceSignedIn(),
		Description: "Any signed-in person with a confirmed e-mail address, while the consultation is open. One response per person (or " +
			"organisation) per consultation: a repeat replaces the answers.",
	}, a.voiceRespond)
}

// voiceSignedIn answers 401 to anonymous callers before huma reads the
// body.
func (a *API) voiceSignedIn() huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		if _, err := a.signedIn(ctx.Context()); err != nil {
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

// voiceProcessGuard is voiceGuard for routes naming a process.
func (a *API) voiceProcessGuard(action auth.Action) huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		pid := int64(-1)
		if id, err := strconv.ParseInt(ctx.Param("process_id"), 10, 64); err == nil {
			if p, err := a.deps.Store.Process(ctx.Context(), id); err == nil {
				pid = p.PartnershipID
			} else if !errors.Is(err, store.ErrNotFound) {
				_ = huma.WriteErr(a.huma, ctx, http.StatusInternalServerError, "internal error")
				return
			}
		}
		if pid == -1 && principal(ctx.Context()) != nil {
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

func (a *API) voiceListConsultations(ctx context.Context, in *voiceListConsultationsInput) (*ListOutput[VoiceConsultation], error) {
	items, err := a.deps.Store.ListConsultations(ctx, store.ConsultationFilter{ProcessID: in.Process, PublishedOnly: true})
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	day := a.deps.Store.VoiceToday()
	out := make([]VoiceConsultation, len(items))
	for i, it := range items {
		out[i] = voiceConsultationOut(it, day)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(out, p), len(out)), nil
}

// voiceConsultation loads a consultation; drafts only for those who manage
// the partnership's consultations.
func (a *API) voiceConsultation(ctx context.Context, id int64) (store.ConsultationItem, error) {
	it, err := a.deps.Store.ConsultationItem(ctx, id)
	if err == nil && !it.Published && !auth.Can(principal(ctx), auth.ManageConsultations, it.PartnershipID) {
		err = store.ErrNotFound
	}
	if err != nil {
		return it, a.notFoundAs(ctx, err, "path.consultation_id", fmt.Sprintf("no consultation has the ID %d", id))
	}
	return it, nil
}

func (a *API) voiceGetConsultation(ctx context.Context, in *VoiceConsultationPath) (*voiceConsultationOutput, error) {
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	return &voiceConsultationOutput{Body: voiceConsultationOut(it, a.deps.Store.VoiceToday())}, nil
}

func (a *API) voiceListQuestions(ctx context.Context, in *VoiceConsultationPath) (*voiceQuestionsOutput, error) {
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	out := &voiceQuestionsOutput{}
	out.Body.Items = []VoiceQuestion{}
	for _, q := range it.Questions {
		out.Body.Items = append(out.Body.Items, voiceQuestionOut(q))
	}
	return out, nil
}

func (a *API) voiceCreateConsultation(ctx context.Context, in *voiceCreateConsultationInput) (*voiceConsultationOutput, error) {
	p, err := a.voiceProcess(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	who, err := a.require(ctx, auth.ManageConsultations, p.PartnershipID)
	if err != nil {
		return nil, err
	}
	c := consultationFromInput(in.Body, voice.Consultation{ProcessID: p.ID})
	saved, err := a.deps.Store.CreateConsultation(ctx, who.Actor(), c)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	it, err := a.deps.Store.ConsultationItem(ctx, saved.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceConsultationOutput{Body: voiceConsultationOut(it, a.deps.Store.VoiceToday())}, nil
}

// consultationFromInput is b on top of base (which keeps its ID, process
// and demo flag).
func consultationFromInput(b VoiceConsultationInput, base voice.Consultation) voice.Consultation {
	c := base
	c.Title, c.Summary, c.Options, c.Opens, c.Closes = b.Title, b.Summary, b.Options, b.Opens, b.Closes
	c.Published, c.AllowAnonymous, c.OnePerPage, c.ShortReason = b.Published, b.AllowAnonymous, b.OnePerPage, b.ShortReason
	c.Documents, c.Questions = nil, nil
	for _, d := range b.Documents {
		c.Documents = append(c.Documents, voice.Document(d))
	}
	for _, q := range b.Questions {
		vq := voice.Question{Kind: voice.QuestionKind(q.Kind), Text: q.Text, Hint: q.Hint, Required: q.Required, Choices: q.Choices}
		if q.ShowIf != nil {
			vq.ShowIf = &voice.Condition{Position: q.ShowIf.Position, Choice: q.ShowIf.Choice}
		}
		c.Questions = append(c.Questions, vq)
	}
	return c
}

func (a *API) voiceUpdateConsultation(ctx context.Context, in *voiceUpdateConsultationInput) (*voiceConsultationOutput, error) {
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	who, err := a.require(ctx, auth.ManageConsultations, it.PartnershipID)
	if err != nil {
		return nil, err
	}
	if _, err := a.deps.Store.UpdateConsultation(ctx, who.Actor(), consultationFromInput(in.Body, it.Consultation)); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	it, err = a.deps.Store.ConsultationItem(ctx, it.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceConsultationOutput{Body: voiceConsultationOut(it, a.deps.Store.VoiceToday())}, nil
}

func (a *API) voiceListResponses(ctx context.Context, in *voiceListResponsesInput) (*ListOutput[VoiceResponse], error) {
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	who, err := a.require(ctx, auth.AnalyseConsultations, it.PartnershipID)
	if err != nil {
		return nil, err
	}
	rs, err := a.deps.Store.Responses(ctx, it.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	var personal map[int64]voice.Personal
	if auth.Can(who, auth.ViewRespondents, it.PartnershipID) {
		if personal, err = a.deps.Store.RespondentDetails(ctx, it.ID); err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
	}
	out := make([]VoiceResponse, len(rs))
	for i, r := range rs {
		out[i] = voiceResponseOut(r, personal)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(out, p), len(out)), nil
}

func (a *API) voiceGetMyResponse(ctx context.Context, in *VoiceConsultationPath) (*voiceMyResponseOutput, error) {
	who, err := a.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	r, err := a.deps.Store.ResponseOf(ctx, it.ID, voice.Respondent{UserID: who.UserID}.Key())
	if errors.Is(err, store.ErrNotFound) {
		return &voiceMyResponseOutput{Body: VoiceMyResponse{}}, nil
	}
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	out := voiceResponseOut(r, nil)
	return &voiceMyResponseOutput{Body: VoiceMyResponse{Responded: true, Response: &out}}, nil
}

func (a *API) voiceRespond(ctx context.Context, in *voiceRespondInput) (*voiceResponseOutput, error) {
	who, err := a.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	it, err := a.voiceConsultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, err
	}
	resp := voice.Respondent{UserID: who.UserID, EmailConfirmed: who.EmailConfirmed, OrgID: in.Body.OrganisationID}
	if resp.OrgID != 0 {
		if _, err := a.deps.Store.GetOrganisation(ctx, resp.OrgID); err != nil {
			return nil, a.notFoundAs(ctx, err, "body.organisation_id", fmt.Sprintf("no organisation in the register has the ID %d", resp.OrgID))
		}
	}
	u, err := a.deps.Store.GetUser(ctx, who.UserID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	resp.LSOACode, resp.WardCode, resp.DistrictCode, resp.AgeBand = u.LSOACode, u.WardCode, u.DistrictCode, u.AgeBand
	answers := make([]voice.Answer, len(in.Body.Answers))
	index := map[int64]int{}
	for i, x := range in.Body.Answers {
		if _, ok := it.Question(x.QuestionID); !ok {
			return nil, problem(http.StatusUnprocessableEntity, "validation failed",
				fieldProblem("body.answers["+strconv.Itoa(i)+"].question_id", fmt.Sprintf("the consultation has no question with the ID %d", x.QuestionID)))
		}
		if _, dup := index[x.QuestionID]; dup {
			return nil, problem(http.StatusUnprocessableEntity, "validation failed",
				fieldProblem("body.answers["+strconv.Itoa(i)+"].question_id", fmt.Sprintf("question %d is answered twice", x.QuestionID)))
		}
		index[x.QuestionID] = i
		answers[i] = voice.Answer{QuestionID: x.QuestionID, Choices: x.Choices, Text: x.Text}
	}
	r, err := it.PrepareResponse(a.deps.Store.VoiceToday(), resp, in.Body.Anonymous, answers)
	switch {
	case errors.Is(err, voice.ErrNotOpen):
		msg := "the consultation is not open: it takes responses from " + it.Opens + " to " + it.Closes
		return nil, problem(http.StatusConflict, msg, fieldProblem("path.consultation_id", msg))
	case errors.Is(err, voice.ErrNotConfirmed):
		return nil, huma.Error403Forbidden("confirm your e-mail address before responding")
	case errors.Is(err, voice.ErrNoAnonymous):
		return nil, problem(http.StatusUnprocessableEntity, "validation failed", fieldProblem("body.anonymous", "this consultation does not take anonymous responses"))
	case err != nil:
		return nil, a.voiceAnswerErrors(ctx, err, it.Consultation, index)
	}
	saved, err := a.deps.Store.SaveResponse(ctx, r)
	if errors.Is(err, voice.ErrNotRespondent) {
		return nil, problem(http.StatusConflict, "somebody else has already responded for this organisation",
			fieldProblem("body.organisation_id", "somebody else has already responded for this organisation"))
	}
	if errors.Is(err, voice.ErrQuestionsChanged) {
		return nil, problem(http.StatusConflict, voice.QuestionsChangedMessage, fieldProblem("body.answers", voice.QuestionsChangedMessage))
	}
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &voiceResponseOutput{Body: voiceResponseOut(saved, nil)}, nil
}

// voiceAnswerErrors renames the domain's q<ID> fields to the body's
// answers[i] (or answers, for a required question left out).
func (a *API) voiceAnswerErrors(ctx context.Context, err error, c voice.Consultation, index map[int64]int) error {
	v, ok := validation.As(err)
	if !ok {
		return a.errs.mapError(ctx, err)
	}
	fields := make([]*huma.ErrorDetail, len(v.Fields))
	for i, f := range v.Fields {
		loc := "body.answers"
		if id, perr := strconv.ParseInt(strings.TrimPrefix(f.Field, "q"), 10, 64); perr == nil {
			if j, ok := index[id]; ok {
				loc = "body.answers[" + strconv.Itoa(j) + "]"
			} else if q, ok := c.Question(id); ok {
				f.Message += " (question " + strconv.FormatInt(q.ID, 10) + ")"
			}
		}
		fields[i] = fieldProblem(loc, f.Message)
	}
	return problem(http.StatusUnprocessableEntity, "validation failed", fields...)
}
