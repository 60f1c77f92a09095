package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// Participatory budgeting pages (issue 15; docs/pb-pages.md). Residents
// find a process from the home page or its partnership's page, read its
// published rules, vote with a code from their letter (or signed in, with
// their postcode), keep a receipt and check it, and after the close read
// the results explained. Staff set processes up, review projects, open and
// close voting, print codes, enter paper ballots (checked by a second
// officer) and override a result with a public reason.
//
// While voting is open no page shows a count per project: the only figure
// is the number of people who have voted, and only to staff.

// registerPBRoutes mounts the participatory budgeting pages.
func (w *Web) registerPBRoutes(mux Mux) {
	// Residents.
	mux.HandleFunc("GET /pb", w.pbList)
	mux.HandleFunc("GET /pb/{id}", w.pbProcess)
	mux.HandleFunc("GET /pb/{id}/vote", w.pbVoteStart)
	mux.HandleFunc("POST /pb/{id}/vote", w.pbVoteEligibility)
	mux.HandleFunc("POST /pb/{id}/ballot", w.pbBallot)
	mux.HandleFunc("GET /pb/{id}/receipt", w.pbReceiptCheck)
	mux.HandleFunc("GET /pb/{id}/results", w.pbResults)
	mux.HandleFunc("GET /pb/{id}/turnout", w.pbTurnout)
	// Staff.
	mux.HandleFunc("GET /partnerships/{id}/pb/new", w.pbNewForm)
	mux.HandleFunc("POST /partnerships/{id}/pb/new", w.pbCreate)
	mux.HandleFunc("GET /pb/{id}/manage", w.pbManage)
	mux.HandleFunc("GET /pb/{id}/edit", w.pbEditForm)
	mux.HandleFunc("POST /pb/{id}/edit", w.pbUpdate)
	mux.HandleFunc("GET /pb/{id}/projects/new", w.pbProjectNewForm)
	mux.HandleFunc("POST /pb/{id}/projects/new", w.pbProjectCreate)
	mux.HandleFunc("GET /pb/{id}/projects/{projectID}", w.pbProjectEditForm)
	mux.HandleFunc("POST /pb/{id}/projects/{projectID}", w.pbProjectUpdate)
	mux.HandleFunc("POST /pb/{id}/open", w.pbOpen)
	mux.HandleFunc("POST /pb/{id}/close", w.pbClose)
	mux.HandleFunc("POST /pb/{id}/codes", w.pbCodes)
	mux.HandleFunc("GET /pb/{id}/paper", w.pbPaperForm)
	mux.HandleFunc("POST /pb/{id}/paper", w.pbPaperEnter)
	mux.HandleFunc("POST /pb/{id}/paper/{paperID}/check", w.pbPaperCheck)
	mux.HandleFunc("GET /pb/{id}/override", w.pbOverrideForm)
	mux.HandleFunc("POST /pb/{id}/override", w.pbOverride)
}

// pbLoaded is a process with its partnership, for the pages.
type pbLoaded struct {
	P           *budgeting.Process
	Partnership places.Partnership
	// CanManage: the visitor may manage the partnership's processes.
	CanManage bool
}

// loadPB reads the process in the path's {id}. It answers 404 itself (and
// returns false) for a bad id or an unknown process, and hides a process
// still in draft from everyone who may not manage it.
func (w *Web) loadPB(rw http.ResponseWriter, r *http.Request) (*pbLoaded, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return nil, false
	}
	p, err := w.store.PBProcess(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return nil, false
	}
	d := &pbLoaded{P: p, CanManage: auth.Can(principal(r), auth.ManageParticipatoryBudgets, p.PartnershipID)}
	if !p.VisibleTo(d.CanManage) {
		w.notFound(rw, r)
		return nil, false
	}
	if d.Partnership, err = w.store.GetPartnership(r.Context(), p.PartnershipID); err != nil {
		w.storeError(rw, r, err)
		return nil, false
	}
	return d, true
}

// loadPBForStaff is loadPB for the staff pages: anonymous visitors are sent
// to sign in, others without the permission get 403.
func (w *Web) loadPBForStaff(rw http.ResponseWriter, r *http.Request) (*pbLoaded, *auth.Principal, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return nil, nil, false
	}
	pr, ok := w.requireSignIn(rw, r)
	if !ok {
		return nil, nil, false
	}
	p, err := w.store.PBProcess(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		// Same answer as for a process one may not manage: nothing leaks.
		w.forbidden(rw, r)
		return nil, nil, false
	}
	if err != nil {
		w.storeError(rw, r, err)
		return nil, nil, false
	}
	if !auth.Can(pr, auth.ManageParticipatoryBudgets, p.PartnershipID) {
		w.forbidden(rw, r)
		return nil, nil, false
	}
	d := &pbLoaded{P: p, CanManage: true}
	if d.Partnership, err = w.store.GetPartnership(r.Context(), p.PartnershipID); err != nil {
		w.storeError(rw, r, err)
		return nil, nil, false
	}
	return d, pr, true
}

func pbHref(id int64, tail string) string { return "/pb/" + strconv.FormatInt(id, 10) + tail }

// pbCrumbs are the breadcrumbs of a process's pages.
func (d *pbLoaded) crumbs(here ...Crumb) []Crumb {
	c := []Crumb{{Label: "Home", Href: "/"}, {Label: "Participatory budgeting", Href: "/pb"}}
	if len(here) > 0 {
		c = append(c, Crumb{Label: d.P.Title, Href: pbHref(d.P.ID, "")})
	}
	return append(c, here...)
}

// pbStatusTag is the process's status as a tag.
func pbStatusTag(p *budgeting.Process) Tag {
	switch p.Status {
	case budgeting.StatusOpen:
		return Tag{Text: "Voting open", Colour: "green"}
	case budgeting.StatusClosed:
		return Tag{Text: "Voting closed", Colour: "grey"}
	}
	return Tag{Text: "Being set up", Colour: "yellow"}
}

// pbRuleLabel says the counting rule in plain words.
func pbRuleLabel(r budgeting.Rule) string {
	switch r {
	case budgeting.RuleGreedy:
		return "Most votes first: projects are funded in order of their number of votes, each if it still fits in the money left"
	case budgeting.RulePhragmen:
		return "Sequential Phragmén: the cost of each project is shared as evenly as possible between its supporters"
	}
	return "Method of Equal Shares: the pot is shared equally between voters, and each project is paid for by the people who voted for it (with the add1 completion, so as much of the pot as possible is spent)"
}

// pbBallotLabel says what the ballot asks.
func pbBallotLabel(p *budgeting.Process) string {
	switch p.BallotType {
	case budgeting.BallotKnapsack:
		return "Choose projects whose costs add up to at least " + strconv.Itoa(p.ThresholdPercent) + "% of the pot and no more than the pot"
	case budgeting.BallotPoints:
		s := "Share points between projects"
		if p.MaxPoints > 0 {
			s += ": up to " + strconv.Itoa(p.MaxPoints) + " points in total"
		}
		if p.MaxPointsPerProject > 0 {
			s += ", at most " + strconv.Itoa(p.MaxPointsPerProject) + " on one project"
		}
		return s
	case budgeting.BallotRanking:
		return "Rank projects, your favourite first" + pbCountLimits(p)
	}
	return "Tick the projects you support" + pbCountLimits(p)
}

func pbCountLimits(p *budgeting.Process) string {
	switch {
	case p.MinProjects > 0 && p.MaxProjects > 0 && p.MinProjects == p.MaxProjects:
		return ": exactly " + strconv.Itoa(p.MinProjects)
	case p.MinProjects > 0 && p.MaxProjects > 0:
		return ": at least " + strconv.Itoa(p.MinProjects) + " and at most " + strconv.Itoa(p.MaxProjects)
	case p.MinProjects > 0:
		return ": at least " + strconv.Itoa(p.MinProjects)
	case p.MaxProjects > 0:
		return ": at most " + strconv.Itoa(p.MaxProjects)
	}
	return ""
}

// pbWhoLabel says who may vote and how.
func pbWhoLabel(p *budgeting.Process, areaName string) string {
	var ways []string
	if p.UseCodes {
		ways = append(ways, "with the voting code posted to you")
	}
	if p.UseResidence {
		where := "the area"
		if areaName != "" {
			where = areaName
		}
		ways = append(ways, "signed in, if your postcode is in "+where)
	}
	if p.UseAssisted {
		ways = append(ways, "on paper or with an officer's help")
	}
	s := "Residents"
	if p.MinAge > 0 {
		s += " aged " + strconv.Itoa(p.MinAge) + " or over"
	}
	if len(ways) == 0 {
		return s
	}
	s += " may vote "
	for i, w := range ways {
		switch {
		case i == 0:
		case i == len(ways)-1:
			s += ", or "
		default:
			s += ", "
		}
		s += w
	}
	return s + ". Each person votes once."
}

// pbAreaName names the process's area ("" when it has none or it is not
// known).
func (w *Web) pbAreaName(ctx context.Context, p *budgeting.Process) string {
	if p.AreaCode == "" {
		return ""
	}
	a, err := w.store.GetArea(ctx, places.AreaRef{Type: places.AreaType(p.AreaType), Code: p.AreaCode})
	if err != nil {
		return p.AreaCode
	}
	return a.Name
}

// pbTime writes an RFC 3339 time the GOV.UK way ("3 December 2026 at
// 09:30 UTC"); text that is not a time is shown as it is.
func pbTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return sessionTime(t)
}

// pbSentence starts a domain message ("choose at least 3 projects") with a
// capital letter, as GOV.UK error messages do.
func pbSentence(m string) string {
	if m == "" {
		return m
	}
	return strings.ToUpper(m[:1]) + m[1:]
}
