package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// The voting pages: the eligibility step (a code from the letter, or a
// signed-in resident's postcode), then the ballot. The ballot form carries
// the proof forward in hidden fields, so the whole vote works without
// JavaScript and without a session.

type pbEligibilityView struct {
	P            *budgeting.Process
	UseCodes     bool
	UseResidence bool
	SignedIn     bool
	// AsResident: the signed-in person's postcode and age band, shown on
	// the button that votes as them ("" when they have none).
	Postcode    string
	AgeBand     string
	AreaName    string
	SignInHref  string
	Partnership string
}

// pbVoteStart asks how the voter proves they may vote.
func (w *Web) pbVoteStart(rw http.ResponseWriter, r *http.Request) {
	d, ok := w.loadPB(rw, r)
	if !ok {
		return
	}
	if !w.pbVotingOpen(rw, r, d) {
		return
	}
	w.renderPBEligibility(rw, r, http.StatusOK, d, newForm())
}

// pbVotingOpen answers for a process not taking ballots: a closed one
// points to its results.
func (w *Web) pbVotingOpen(rw http.ResponseWriter, r *http.Request, d *pbLoaded) bool {
	if d.P.Status == budgeting.StatusOpen {
		return true
	}
	msg := "Voting has not opened yet."
	if d.P.Status == budgeting.StatusClosed {
		msg = "Voting has closed. The results are on the process's page."
	}
	w.render(rw, r, http.StatusConflict, "error", &Page{Title: "Voting is not open", Breadcrumbs: d.crumbs(Crumb{Label: "Vote"}),
		Data: errorView{Message: msg}})
	return false
}

func (w *Web) renderPBEligibility(rw http.ResponseWriter, r *http.Request, status int, d *pbLoaded, f *Form) {
	p := d.P
	v := pbEligibilityView{P: p, UseCodes: p.UseCodes, UseResidence: p.UseResidence, AreaName: w.pbAreaName(r.Context(), p),
		SignInHref: signInHref(pbHref(p.ID, "/vote")), Partnership: d.Partnership.Name}
	if pr := principal(r); pr != nil {
		v.SignedIn = true
		if u, err := w.store.GetUser(r.Context(), pr.UserID); err == nil {
			v.Postcode, v.AgeBand = u.Postcode, u.AgeBand
		}
	}
	w.render(rw, r, status, "pb-vote", &Page{Title: "Before you vote", Form: f, Breadcrumbs: d.crumbs(Crumb{Label: "Vote"}), Data: v})
}

// pbProof is how the voter proved they may vote, carried in the forms.
type pbProof struct {
	Code       string // the letter's code, normalised
	AsResident bool
	PotID      int64
}

// readPBProof reads the proof from a form ("code", or "as=resident") and
// checks it against the process, recording problems on f under the field
// the person can fix. It returns false when the voter may not go on.
func (w *Web) readPBProof(r *http.Request, d *pbLoaded, f *Form) (pbProof, budgeting.Proof, bool) {
	p := d.P
	ctx := r.Context()
	if f.Get("as") == "resident" {
		pr := principal(r)
		if pr == nil {
			f.AddError("as", "Sign in to vote as a resident")
			return pbProof{}, budgeting.Proof{}, false
		}
		if !p.UseResidence {
			f.AddError("code", "This vote takes voting codes only: enter the code from your letter")
			return pbProof{}, budgeting.Proof{}, false
		}
		u, err := w.store.GetUser(ctx, pr.UserID)
		if err != nil {
			f.AddError("as", "Your account could not be read. Try again")
			return pbProof{}, budgeting.Proof{}, false
		}
		proof := budgeting.Proof{UserID: pr.UserID, Postcode: u.Postcode, AgeBand: u.AgeBand}
		pot, _, err := p.ResidentPot(ctx, w.store, u.Postcode)
		if err != nil {
			f.AddError("as", pbEligibilityMessage(err))
			return pbProof{}, budgeting.Proof{}, false
		}
		if !budgeting.AgeAllowed(p.MinAge, u.AgeBand) {
			f.AddError("as", "Voters must be "+strconv.Itoa(p.MinAge)+" or over: add your age band to your profile")
			return pbProof{}, budgeting.Proof{}, false
		}
		return pbProof{AsResident: true, PotID: pot}, proof, true
	}
	code := budgeting.NormaliseCode(f.Get("code"))
	if code == "" {
		f.AddError("code", "Enter the voting code from your letter")
		return pbProof{}, budgeting.Proof{}, false
	}
	if !p.UseCodes {
		f.AddError("code", "This vote does not use voting codes: sign in to vote")
		return pbProof{}, budgeting.Proof{}, false
	}
	pot, err := w.store.PBCodePot(ctx, p.ID, budgeting.CodeHash(p.Salt, code))
	if err != nil {
		if errors.Is(err, budgeting.ErrUnknownCode) || errors.Is(err, store.ErrNotFound) {
			f.AddError("code", "Enter the voting code exactly as it is printed on your letter")
		} else {
			f.AddError("code", "The code could not be checked. Try again")
		}
		return pbProof{}, budgeting.Proof{}, false
	}
	return pbProof{Code: code, PotID: pot}, budgeting.Proof{Code: code}, true
}

// pbEligibilityMessage turns a refusal into words for the form.
func pbEligibilityMessage(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, ": "); ok && errors.Is(err, budgeting.ErrNotEligible) {
		msg = after
	}
	if msg == "" {
		return "You cannot vote in this process"
	}
	return pbSentence(msg)
}

// pbVoterForm reads a voter's form (the eligibility step or the ballot)
// on an open process and checks the proof it carries. It answers itself,
// and returns false, when the voter may not go on: a proof with a problem
// goes back to the step where it is entered.
func (w *Web) pbVoterForm(rw http.ResponseWriter, r *http.Request) (*pbLoaded, *Form, pbProof, budgeting.Proof, bool) {
	d, ok := w.loadPB(rw, r)
	if !ok {
		return nil, nil, pbProof{}, budgeting.Proof{}, false
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return nil, nil, pbProof{}, budgeting.Proof{}, false
	}
	if !w.pbVotingOpen(rw, r, d) {
		return nil, nil, pbProof{}, budgeting.Proof{}, false
	}
	proof, vproof, ok := w.readPBProof(r, d, f)
	if !ok {
		w.renderPBEligibility(rw, r, http.StatusUnprocessableEntity, d, f)
		return nil, nil, pbProof{}, budgeting.Proof{}, false
	}
	return d, f, proof, vproof, true
}

// pbVoteEligibility checks the proof and shows the ballot.
func (w *Web) pbVoteEligibility(rw http.ResponseWriter, r *http.Request) {
	d, _, proof, _, ok := w.pbVoterForm(rw, r)
	if !ok {
		return
	}
	w.renderPBBallot(rw, r, http.StatusOK, d, proof, newForm(), nil)
}

// pbBallotView is the ballot page.
type pbBallotView struct {
	P     *budgeting.Process
	Proof pbProof
	Type  string
	// Projects of the voter's pot, as checkboxes, points inputs or rank
	// selects.
	Fields pbBallotFields
	Rules  string
	// Check is the running total shown after "check my choices".
	Check *pbCheckView
	// Pot is the money of the voter's pot.
	Pot string
}

// pbCheckView is what "check my choices" says.
type pbCheckView struct {
	Chosen   int
	Spend    string
	Pot      string
	MinSpend string
	Points   int
	OK       bool
}

// renderPBBallot shows the ballot for the voter's pot, with the form's
// choices (and check) if any.
func (w *Web) renderPBBallot(rw http.ResponseWriter, r *http.Request, status int, d *pbLoaded, proof pbProof, f *Form, check *pbCheckView) {
	p := d.P
	v := pbBallotView{P: p, Proof: proof, Type: string(p.BallotType), Rules: pbBallotLabel(p), Check: check, Pot: budgeting.FormatPence(p.Budget(proof.PotID))}
	v.Fields = pbFields(p, proof.PotID, f)
	w.render(rw, r, status, "pb-ballot", &Page{Title: "Your ballot: " + p.Title, Form: f, Breadcrumbs: d.crumbs(Crumb{Label: "Vote"}), Data: v})
}

// pbBallotFields are a ballot's inputs: checkboxes (Options), points
// inputs or rank selects, one per project of the pot, with the fieldset's
// id and problem.
type pbBallotFields struct {
	Options []Option
	Points  []Field
	Ranks   []Field
	// GroupID and GroupError: the ballot's first input and a problem with
	// the ballot as a whole (too few projects, too many points…).
	GroupID    string
	GroupError string
}

// pbFields builds the ballot's inputs for a pot from the form's values,
// and points the error summary's links for the whole ballot at its first
// input.
func pbFields(p *budgeting.Process, potID int64, f *Form) pbBallotFields {
	var v pbBallotFields
	projects := p.Ballot(potID)
	group := "projects"
	if p.BallotType == budgeting.BallotPoints {
		group = "points"
	}
	v.GroupError = f.ErrorFor(group)
	v.GroupID = "projects"
	for i, pr := range projects {
		hint := "Costs " + budgeting.FormatPence(pr.CostPence) + "."
		if pr.Description != "" {
			hint += " " + pr.Description
		}
		switch p.BallotType {
		case budgeting.BallotPoints:
			fd := f.Input("points."+pr.Code, pr.Title, "hint="+hint, "width=2", "inputmode=numeric")
			if i == 0 {
				v.GroupID = fd.ID
			}
			v.Points = append(v.Points, fd)
		case budgeting.BallotRanking:
			opts := []Option{{Value: "", Label: "Not ranked"}}
			for n := 1; n <= len(projects); n++ {
				if p.MaxProjects > 0 && n > p.MaxProjects {
					break
				}
				opts = append(opts, Option{Value: strconv.Itoa(n), Label: pbOrdinal(n) + " choice"})
			}
			fd := f.Choice("rank."+pr.Code, pr.Title, opts, "hint="+hint)
			if i == 0 {
				v.GroupID = fd.ID
			}
			v.Ranks = append(v.Ranks, fd)
		default:
			v.Options = append(v.Options, Option{Value: pr.Code, Label: pr.Title, Hint: hint})
		}
	}
	for i := range f.Errors {
		if f.Errors[i].Field == group {
			f.Errors[i].ID = v.GroupID
		}
	}
	return v
}

// pbOrdinal is 1st, 2nd, 3rd, 4th…
func pbOrdinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// pbFieldsView is what the pb-ballot-fields component takes.
type pbFieldsView struct {
	Form  *Form
	F     pbBallotFields
	Rules string
}

func pbFieldsArgs(f *Form, fields pbBallotFields, rules string) pbFieldsView {
	return pbFieldsView{Form: f, F: fields, Rules: rules}
}
