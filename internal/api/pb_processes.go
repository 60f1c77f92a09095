package api

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/pb"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// Participatory budgeting processes (issue 15, docs/pb-process.md): the
// published process, and the staff operations that set it up, open and
// close it. Ballots, receipts, results and the .pb export are in
// pb_ballots.go.

// PBRecounter queues a recount (*jobs.Queue is one).
type PBRecounter interface {
	EnqueuePBRecount(ctx context.Context, processID int64) (int64, error)
}

// PBProject is a project as published: its cost and feasibility review.
// Never a count of votes.
type PBProject struct {
	ID                string `json:"id" doc:"The project's id on ballots and in the .pb file."`
	Title             string `json:"title"`
	Description       string `json:"description,omitempty"`
	CostPence         int64  `json:"cost_pence"`
	Cost              string `json:"cost" doc:"The cost in pounds, as in the .pb file."`
	PotID             int64  `json:"pot_id,omitempty"`
	Feasible          *bool  `json:"feasible" doc:"null until reviewed; only feasible projects are on the ballot."`
	FeasibilityReason string `json:"feasibility_reason,omitempty"`
}

// PBPot is a budget for one area.
type PBPot struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	AreaType string `json:"area_type"`
	AreaCode string `json:"area_code"`
	Pence    int64  `json:"pot_pence"`
}

// PBProcess is a process as published: everything a voter is told before
// voting opens. It holds no count of votes, ever; the result is separate.
type PBProcess struct {
	ID                  int64       `json:"id"`
	PartnershipID       int64       `json:"partnership_id"`
	Title               string      `json:"title"`
	Description         string      `json:"description,omitempty"`
	Status              string      `json:"status" enum:"draft,open,closed"`
	AreaType            string      `json:"area_type,omitempty"`
	AreaCode            string      `json:"area_code,omitempty"`
	PotPence            int64       `json:"pot_pence"`
	Pots                []PBPot     `json:"pots"`
	Rule                string      `json:"rule" enum:"mes-add1,greedy,phragmen"`
	TieBreak            string      `json:"tie_break"`
	Lot                 string      `json:"lot,omitempty" doc:"The lot drawn when voting opened: ties after cost and votes go to the project whose SHA-256 of lot:id is smallest."`
	BallotType          string      `json:"ballot_type" enum:"approval,knapsack,points,ranking"`
	MinProjects         int         `json:"min_projects,omitempty"`
	MaxProjects         int         `json:"max_projects,omitempty"`
	ThresholdPercent    int         `json:"threshold_percent,omitempty"`
	MaxPoints           int         `json:"max_points,omitempty"`
	MaxPointsPerProject int         `json:"max_points_per_project,omitempty"`
	MinAge              int         `json:"min_age,omitempty"`
	UseCodes            bool        `json:"use_codes"`
	UseResidence        bool        `json:"use_residence"`
	UseAssisted         bool        `json:"use_assisted"`
	OpenedAt            string      `json:"opened_at,omitempty"`
	ClosedAt            string      `json:"closed_at,omitempty"`
	Projects            []PBProject `json:"projects"`
}

func pbProcessOut(p *budgeting.Process) PBProcess {
	out := PBProcess{ID: p.ID, PartnershipID: p.PartnershipID, Title: p.Title, Description: p.Description, Status: string(p.Status),
		AreaType: p.AreaType, AreaCode: p.AreaCode, PotPence: p.PotPence, Rule: string(p.Rule), TieBreak: budgeting.TieBreakPolicy,
		Lot: p.Lot, BallotType: string(p.BallotType), MinProjects: p.MinProjects, MaxProjects: p.MaxProjects,
		ThresholdPercent: p.ThresholdPercent, MaxPoints: p.MaxPoints, MaxPointsPerProject: p.MaxPointsPerProject, MinAge: p.MinAge,
		UseCodes: p.UseCodes, UseResidence: p.UseResidence, UseAssisted: p.UseAssisted, OpenedAt: p.OpenedAt, ClosedAt: p.ClosedAt,
		Pots: []PBPot{}, Projects: []PBProject{}}
	for _, pt := range p.Pots {
		out.Pots = append(out.Pots, PBPot{ID: pt.ID, Name: pt.Name, AreaType: pt.AreaType, AreaCode: pt.AreaCode, Pence: pt.PotPence})
	}
	for _, pr := range p.Projects {
		out.Projects = append(out.Projects, PBProject{ID: pr.Code, Title: pr.Title, Description: pr.Description, CostPence: pr.CostPence,
			Cost: pencePounds(pr.CostPence), PotID: pr.PotID, Feasible: pr.Feasible, FeasibilityReason: pr.FeasibilityReason})
	}
	return out
}

// pencePounds writes pence as a decimal number of pounds, as .pb files
// and `pb allocate` do ("28000", "27999.99").
func pencePounds(p int64) string { return pb.FormatRat(newRat(p, 100)) }

type pbProcessOutput struct{ Body PBProcess }

// PBProcessPath names a process.
type PBProcessPath struct {
	ProcessID int64 `path:"process_id" minimum:"1" doc:"The process's ID."`
}

type listPBProcessesInput struct {
	Partnership int64 `query:"partnership" minimum:"0" doc:"Only this partnership's processes."`
}

type pbProcessList struct {
	Items []PBProcess `json:"items"`
}

type listPBProcessesOutput struct{ Body pbProcessList }

// PBProjectInput is a project and its feasibility review.
type PBProjectInput struct {
	ID                string `json:"id" minLength:"1" maxLength:"64" doc:"The project's id on ballots (letters, digits, -_./)."`
	Title             string `json:"title" maxLength:"200"`
	Description       string `json:"description,omitempty" maxLength:"20000"`
	CostPence         int64  `json:"cost_pence" minimum:"0"`
	PotID             int64  `json:"pot_id,omitempty" minimum:"0" doc:"On create: the pot's position in pots, from 1. Later: the pot's ID."`
	Feasible          *bool  `json:"feasible,omitempty" doc:"The feasibility review: only feasible projects go on the ballot."`
	FeasibilityReason string `json:"feasibility_reason,omitempty" maxLength:"2000"`
}

func (in PBProjectInput) project() budgeting.Project {
	return budgeting.Project{Code: in.ID, Title: in.Title, Description: in.Description, CostPence: in.CostPence, PotID: in.PotID,
		Feasible: in.Feasible, FeasibilityReason: in.FeasibilityReason}
}

// PBPotInput is a pot for one area.
type PBPotInput struct {
	Name     string `json:"name" minLength:"1" maxLength:"200"`
	AreaType string `json:"area_type" minLength:"1" maxLength:"20"`
	AreaCode string `json:"area_code" minLength:"1" maxLength:"20"`
	Pence    int64  `json:"pot_pence" minimum:"1"`
}

// PBProcessInput is a new process's published settings.
type PBProcessInput struct {
	Title               string           `json:"title" maxLength:"200"`
	Description         string           `json:"description,omitempty" maxLength:"20000"`
	AreaType            string           `json:"area_type,omitempty" maxLength:"20"`
	AreaCode            string           `json:"area_code,omitempty" maxLength:"20"`
	PotPence            int64            `json:"pot_pence" minimum:"1"`
	Pots                []PBPotInput     `json:"pots,omitempty" maxItems:"200"`
	Rule                string           `json:"rule,omitempty" enum:"mes-add1,greedy,phragmen," doc:"Default mes-add1."`
	BallotType          string           `json:"ballot_type" enum:"approval,knapsack,points,ranking"`
	MinProjects         int              `json:"min_projects,omitempty" minimum:"0"`
	MaxProjects         int              `json:"max_projects,omitempty" minimum:"0"`
	ThresholdPercent    int              `json:"threshold_percent,omitempty" minimum:"0" maximum:"100"`
	MaxPoints           int              `json:"max_points,omitempty" minimum:"0"`
	MaxPointsPerProject int              `json:"max_points_per_project,omitempty" minimum:"0"`
	MinAge              int              `json:"min_age,omitempty" minimum:"0" maximum:"120"`
	UseCodes            bool             `json:"use_codes,omitempty"`
	UseResidence        bool             `json:"use_residence,omitempty"`
	UseAssisted         bool             `json:"use_assisted,omitempty"`
	Projects            []PBProjectInput `json:"projects,omitempty" maxItems:"2000"`
}

func (in PBProcessInput) process(partnershipID int64) *budgeting.Process {
	p := &budgeting.Process{PartnershipID: partnershipID, Title: in.Title, Description: in.Description, AreaType: in.AreaType,
		AreaCode: in.AreaCode, PotPence: in.PotPence, Rule: budgeting.Rule(in.Rule), BallotType: budgeting.BallotType(in.BallotType),
		MinProjects: in.MinProjects, MaxProjects: in.MaxProjects, ThresholdPercent: in.ThresholdPercent, MaxPoints: in.MaxPoints,
		MaxPointsPerProject: in.MaxPointsPerProject, MinAge: in.MinAge, UseCodes: in.UseCodes, UseResidence: in.UseResidence,
		UseAssisted: in.UseAssisted}
	if p.Rule == "" {
		p.Rule = budgeting.RuleMESAdd1
	}
	for _, pt := range in.Pots {
		p.Pots = append(p.Pots, budgeting.Pot{Name: pt.Name, AreaType: pt.AreaType, AreaCode: pt.AreaCode, PotPence: pt.Pence})
	}
	for _, pr := range in.Projects {
		p.Projects = append(p.Projects, pr.project())
	}
	return p
}

// PBProcessSettings are a draft process's published settings (not its
// pots or projects).
type PBProcessSettings struct {
	Title               string `json:"title" maxLength:"200"`
	Description         string `json:"description,omitempty" maxLength:"20000"`
	AreaType            string `json:"area_type,omitempty" maxLength:"20"`
	AreaCode            string `json:"area_code,omitempty" maxLength:"20"`
	PotPence            int64  `json:"pot_pence" minimum:"1"`
	Rule                string `json:"rule,omitempty" enum:"mes-add1,greedy,phragmen," doc:"Default mes-add1."`
	BallotType          string `json:"ballot_type" enum:"approval,knapsack,points,ranking"`
	MinProjects         int    `json:"min_projects,omitempty" minimum:"0"`
	MaxProjects         int    `json:"max_projects,omitempty" minimum:"0"`
	ThresholdPercent    int    `json:"threshold_percent,omitempty" minimum:"0" maximum:"100"`
	MaxPoints           int    `json:"max_points,omitempty" minimum:"0"`
	MaxPointsPerProject int    `json:"max_points_per_project,omitempty" minimum:"0"`
	MinAge              int    `json:"min_age,omitempty" minimum:"0" maximum:"120"`
	UseCodes            bool   `json:"use_codes,omitempty"`
	UseResidence        bool   `json:"use_residence,omitempty"`
	UseAssisted         bool   `json:"use_assisted,omitempty"`
}

type updatePBProcessInput struct {
	PBProcessPath
	Body PBProcessSettings
}

type createPBProcessInput struct {
	PartnershipPath
	Body PBProcessInput
}

type savePBProjectInput struct {
	PBProcessPath
	Body PBProjectInput
}

type pbCodesInput struct {
	PBProcessPath
	Body struct {
		Count int   `json:"count" minimum:"1" maximum:"100000" doc:"How many codes to make."`
		PotID int64 `json:"pot_id,omitempty" minimum:"0" doc:"The pot the codes vote in (processes with pots)."`
	}
}

type pbCodesOutput struct {
	Body struct {
		Codes []string `json:"codes" doc:"Print these on letters now: only their keyed hashes are kept."`
	}
}

type pbOverrideInput struct {
	PBProcessPath
	Body struct {
		Winners []string `json:"winners" maxItems:"2000" doc:"The projects funded instead of the counted winners."`
		Reason  string   `json:"reason" minLength:"1" maxLength:"5000" doc:"Published with the result."`
	}
}

type pbRecountOutput struct {
	Body struct {
		JobID int64 `json:"job_id"`
	}
}

// registerPB lists the participatory-budgeting operations (this file and
// pb_ballots.go).
func (a *API) registerPB() {
	tags := []string{"participatory budgeting"}
	staff := "The partnership's administrators and officers, and global administrators."
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "list-pb-processes", Method: http.MethodGet, Path: "/pb/processes",
		Summary: "List participatory budgets that have opened", Tags: tags,
		Description: "Processes still being set up (drafts) are not listed. No count of votes is ever shown here.",
	}, a.listPBProcesses)
	huma.Register(a.huma, huma.Operation{
		Errors: readErrors, OperationID: "get-pb-process", Method: http.MethodGet, Path: "/pb/processes/{process_id}",
		Summary: "Get a participatory budget's published rules and projects", Tags: tags,
		Description: "The pot, the rule, the tie-break policy and lot, the ballot type and its limits, and the projects " +
			"with their feasibility review. Drafts are visible to the partnership's staff only. No count of votes.",
	}, a.getPBProcess)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "create-pb-process", Method: http.MethodPost, Path: "/partnerships/{id}/pb/processes",
		Middlewares: a.guard(auth.ManageParticipatoryBudgets, "id"), DefaultStatus: http.StatusCreated, Security: needsSession,
		Summary: "Set up a participatory budget (draft)", Tags: tags, Description: staff,
	}, a.createPBProcess)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "update-pb-process", Method: http.MethodPut, Path: "/pb/processes/{process_id}",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), Security: needsSession,
		Summary: "Change a draft process's settings", Tags: tags,
		Description: staff + " Pots and projects are kept. 409 once voting has opened: the rules are then frozen.",
	}, a.updatePBProcess)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "save-pb-project", Method: http.MethodPost, Path: "/pb/processes/{process_id}/projects",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), Security: needsSession,
		Summary: "Add or replace a project and its feasibility review (draft processes)", Tags: tags,
		Description: staff + " A project with the same id is replaced. 409 once voting has opened.",
	}, a.savePBProject)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "open-pb-process", Method: http.MethodPost, Path: "/pb/processes/{process_id}/open",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), Security: needsSession,
		Summary: "Publish the rules, draw the tie-break lot and open voting", Tags: tags, Description: staff,
	}, a.openPBProcess)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "close-pb-process", Method: http.MethodPost, Path: "/pb/processes/{process_id}/close",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), Security: needsSession,
		Summary: "Close voting and count", Tags: tags,
		Description: staff + " The ballots are counted with the published rule and tie-break, and the anonymised ballots are published as a .pb file.",
	}, a.closePBProcess)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "create-pb-codes", Method: http.MethodPost, Path: "/pb/processes/{process_id}/codes",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), DefaultStatus: http.StatusCreated, Security: needsSession,
		Summary: "Make one-time voting codes to post", Tags: tags, Description: staff + " Audited (the number of codes, never the codes).",
	}, a.createPBCodes)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "override-pb-result", Method: http.MethodPost, Path: "/pb/processes/{process_id}/override",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), Security: needsSession,
		Summary: "Replace the counted winners, with a public reason", Tags: tags, Description: staff + " The counted winners stay published beside the override.",
	}, a.overridePBResult)
	huma.Register(a.huma, huma.Operation{
		Errors: writeErrors, OperationID: "recount-pb-process", Method: http.MethodPost, Path: "/pb/processes/{process_id}/recount",
		Middlewares: a.guardPB(auth.ManageParticipatoryBudgets), DefaultStatus: http.StatusAccepted, Security: needsSession,
		Summary: "Count a closed process again in the background", Tags: tags, Description: staff,
	}, a.recountPBProcess)
	a.registerPBBallots() // pb_ballots.go
}

// guardPB is guard for routes under /pb/processes/{process_id}: the
// permission is asked in the process's partnership, before the body is
// read. An unknown process is asked globally (only global administrators
// pass, and then get the 404).
func (a *API) guardPB(action auth.Action) huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		id, err := strconv.ParseInt(ctx.Param("process_id"), 10, 64)
		if err != nil && principal(ctx.Context()) != nil {
			next(ctx)
			return
		}
		var partnership int64
		if err == nil && a.deps.Store != nil {
			if p, perr := a.deps.Store.PBProcess(ctx.Context(), id); perr == nil {
				partnership = p.PartnershipID
			}
		}
		if _, err := a.require(ctx.Context(), action, partnership); err != nil {
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

// pbProcess loads a process, 404 naming path.process_id when there is
// none. Drafts are shown only to those who may manage them.
func (a *API) pbProcess(ctx context.Context, id int64) (*budgeting.Process, error) {
	p, err := a.deps.Store.PBProcess(ctx, id)
	if err == nil && !p.VisibleTo(auth.Can(principal(ctx), auth.ManageParticipatoryBudgets, p.PartnershipID)) {
		err = store.ErrNotFound
	}
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.process_id", fmt.Sprintf("no participatory budget has the ID %d", id))
	}
	return p, nil
}

// pbError maps the budgeting errors to statuses.
func (a *API) pbError(ctx context.Context, err error) error {
	if re, ok := budgeting.AsRuleError(err); ok {
		// The entry's value is the rule's name, for programs.
		d := fieldProblem(re.Field, "breaks the rule "+re.Rule+": "+re.Message)
		d.Value = re.Rule
		return problem(http.StatusUnprocessableEntity, re.Error(), d)
	}
	conflict := func(field string) error {
		return problem(http.StatusConflict, pbMessage(err), fieldProblem(field, pbMessage(err)))
	}
	switch {
	case errors.Is(err, budgeting.ErrAlreadyVoted):
		return conflict("code")
	case errors.Is(err, budgeting.ErrNotOpen), errors.Is(err, budgeting.ErrNotDraft), errors.Is(err, budgeting.ErrNotCounted):
		return conflict("path.process_id")
	case errors.Is(err, budgeting.ErrSameOfficer):
		return conflict("path.paper_id")
	case errors.Is(err, budgeting.ErrUnknownCode):
		return problem(http.StatusUnprocessableEntity, budgeting.ErrUnknownCode.Error(), fieldProblem("code", budgeting.ErrUnknownCode.Error()))
	case errors.Is(err, budgeting.ErrNotEligible):
		return problem(http.StatusForbidden, pbMessage(err), fieldProblem("code", pbMessage(err)))
	}
	return a.errs.mapError(ctx, err)
}

// pbMessage is the domain's message without the store's operation prefix.
func pbMessage(err error) string {
	for _, e := range []error{budgeting.ErrAlreadyVoted, budgeting.ErrNotOpen, budgeting.ErrNotDraft, budgeting.ErrNotCounted, budgeting.ErrSameOfficer} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return err.Error()
}

// newRat is an exact fraction.
func newRat(a, b int64) *big.Rat { return big.NewRat(a, b) }

// nowStamp is the time recorded with a count.
func nowStamp() string { return audit.FormatTime(time.Now()) }

func (a *API) listPBProcesses(ctx context.Context, in *listPBProcessesInput) (*listPBProcessesOutput, error) {
	ps, err := a.deps.Store.ListPBProcesses(ctx, in.Partnership)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	out := &listPBProcessesOutput{Body: pbProcessList{Items: []PBProcess{}}}
	for i := range ps {
		if !ps[i].VisibleTo(auth.Can(principal(ctx), auth.ManageParticipatoryBudgets, ps[i].PartnershipID)) {
			continue
		}
		out.Body.Items = append(out.Body.Items, pbProcessOut(&ps[i]))
	}
	return out, nil
}

func (a *API) getPBProcess(ctx context.Context, in *PBProcessPath) (*pbProcessOutput, error) {
	p, err := a.pbProcess(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	return &pbProcessOutput{Body: pbProcessOut(p)}, nil
}

func (a *API) createPBProcess(ctx context.Context, in *createPBProcessInput) (*pbProcessOutput, error) {
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	id, err := a.deps.Store.CreatePBProcess(ctx, principal(ctx).Actor(), in.Body.process(in.ID))
	if err != nil {
		return nil, a.pbError(ctx, err)
	}
	return a.getPBProcess(ctx, &PBProcessPath{ProcessID: id})
}

func (a *API) updatePBProcess(ctx context.Context, in *updatePBProcessInput) (*pbProcessOutput, error) {
	if _, err := a.pbProcess(ctx, in.ProcessID); err != nil {
		return nil, err
	}
	b := in.Body
	p := PBProcessInput{Title: b.Title, Description: b.Description, AreaType: b.AreaType, AreaCode: b.AreaCode, PotPence: b.PotPence,
		Rule: b.Rule, BallotType: b.BallotType, MinProjects: b.MinProjects, MaxProjects: b.MaxProjects, ThresholdPercent: b.ThresholdPercent,
		MaxPoints: b.MaxPoints, MaxPointsPerProject: b.MaxPointsPerProject, MinAge: b.MinAge, UseCodes: b.UseCodes,
		UseResidence: b.UseResidence, UseAssisted: b.UseAssisted}.process(0)
	p.ID = in.ProcessID
	if err := a.deps.Store.UpdatePBProcess(ctx, principal(ctx).Actor(), p); err != nil {
		return nil, a.pbError(ctx, err)
	}
	return a.getPBProcess(ctx, &in.PBProcessPath)
}

func (a *API) savePBProject(ctx context.Context, in *savePBProjectInput) (*pbProcessOutput, error) {
	if _, err := a.pbProcess(ctx, in.ProcessID); err != nil {
		return nil, err
	}
	if err := a.deps.Store.SavePBProject(ctx, principal(ctx).Actor(), in.ProcessID, in.Body.project()); err != nil {
		return nil, a.pbError(ctx, err)
	}
	return a.getPBProcess(ctx, &in.PBProcessPath)
}

func (a *API) openPBProcess(ctx context.Context, in *PBProcessPath) (*pbProcessOutput, error) {
	if _, err := a.pbProcess(ctx, in.ProcessID); err != nil {
		return nil, err
	}
	if err := a.deps.Store.OpenPBProcess(ctx, principal(ctx).Actor(), in.ProcessID); err != nil {
		return nil, a.pbError(ctx, err)
	}
	return a.getPBProcess(ctx, in)
}

func (a *API) closePBProcess(ctx context.Context, in *PBProcessPath) (*pbResultOutput, error) {
	if _, err := a.pbProcess(ctx, in.ProcessID); err != nil {
		return nil, err
	}
	if err := a.deps.Store.ClosePBProcess(ctx, principal(ctx).Actor(), in.ProcessID); err != nil {
		return nil, a.pbError(ctx, err)
	}
	if _, err := budgeting.Recount(ctx, a.deps.Store, in.ProcessID, nowStamp()); err != nil {
		return nil, a.pbError(ctx, err)
	}
	return a.getPBResult(ctx, in)
}

func (a *API) createPBCodes(ctx context.Context, in *pbCodesInput) (*pbCodesOutput, error) {
	if _, err := a.pbProcess(ctx, in.ProcessID); err != nil {
		return nil, err
	}
	codes, err := a.deps.Store.CreatePBCodes(ctx, principal(ctx).Actor(), in.ProcessID, in.Body.PotID, in.Body.Count)
	if err != nil {
		return nil, a.pbError(ctx, err)
	}
	out := &pbCodesOutput{}
	out.Body.Codes = codes
	return out, nil
}

func (a *API) overridePBResult(ctx context.Context, in *pbOverrideInput) (*pbResultOutput, error) {
	if _, err := a.pbProcess(ctx, in.ProcessID); err != nil {
		return nil, err
	}
	if err := a.deps.Store.OverridePBResult(ctx, principal(ctx).Actor(), in.ProcessID, in.Body.Winners, in.Body.Reason); err != nil {
		return nil, a.pbError(ctx, err)
	}
	return a.getPBResult(ctx, &in.PBProcessPath)
}

func (a *API) recountPBProcess(ctx context.Context, in *PBProcessPath) (*pbRecountOutput, error) {
	p, err := a.pbProcess(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	if p.Status != budgeting.StatusClosed {
		return nil, a.pbError(ctx, budgeting.ErrNotCounted)
	}
	if a.deps.PBRecount == nil {
		return nil, problem(http.StatusServiceUnavailable, "background jobs are not running on this server")
	}
	id, err := a.deps.PBRecount.EnqueuePBRecount(ctx, in.ProcessID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	out := &pbRecountOutput{}
	out.Body.JobID = id
	return out, nil
}
