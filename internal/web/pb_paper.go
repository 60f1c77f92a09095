package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbPendingView struct {
	ID        int64
	Channel   string
	Choices   string
	EnteredAt string
	Mine      bool
}

type pbPaperView struct {
	P        *budgeting.Process
	Fields   pbBallotFields
	Rules    string
	Channels []Option
	AgeBands []Option
	Pending  []pbPendingView
}

// pbPaperForm shows the form an officer enters a paper or assisted ballot
// with, and the ballots waiting for a second officer's check.
func (w *Web) pbPaperForm(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	f := newForm()
	f.Values.Set("channel", budgeting.ChannelPaper)
	w.renderPBPaper(rw, r, http.StatusOK, d, f, pbDoneNotices[r.URL.Query().Get("done")])
}

func (w *Web) renderPBPaper(rw http.ResponseWriter, r *http.Request, status int, d *pbLoaded, f *Form, notice string) {
	p := d.P
	f.OrderErrors("channel", "code", "name", "date_of_birth", "postcode", "age_band", "projects", "points")
	v := pbPaperView{P: p, Rules: pbBallotLabel(p), Fields: pbFields(p, 0, f),
		Channels: []Option{{Value: budgeting.ChannelPaper, Label: "A paper ballot"}, {Value: budgeting.ChannelAssisted, Label: "Assisted: the voter told an officer their choices"}}}
	v.AgeBands = []Option{{Value: "", Label: "Not given"}}
	for _, b := range places.ResidentAgeBands {
		v.AgeBands = append(v.AgeBands, Option{Value: b, Label: b})
	}
	pending, err := w.store.PBPaperBallots(r.Context(), p.ID, "pending")
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	title := map[string]string{}
	for _, pr := range p.Projects {
		title[pr.Code] = pr.Title
	}
	me := int64(0)
	if pr := principal(r); pr != nil {
		me = pr.UserID
	}
	for _, b := range pending {
		var names []string
		for _, c := range b.Choices.Projects {
			names = append(names, title[c])
		}
		for c, n := range b.Choices.Points {
			names = append(names, title[c]+" ("+formatInt(n)+" points)")
		}
		v.Pending = append(v.Pending, pbPendingView{ID: b.ID, Channel: pbChannelLabel(b.Channel), Choices: strings.Join(names, ", "),
			EnteredAt: pbTime(b.EnteredAt), Mine: b.EnteredBy == me})
	}
	w.render(rw, r, status, "pb-paper", &Page{Title: "Paper and assisted ballots", Form: f, Notice: notice,
		Breadcrumbs: d.crumbs(Crumb{Label: "Manage", Href: pbHref(p.ID, "/manage")}), Data: v})
}

// pbPaperEnter records a paper or assisted ballot; it counts once a second
// officer checks it.
func (w *Web) pbPaperEnter(rw http.ResponseWriter, r *http.Request) {
	d, who, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	p := d.P
	if p.Status != budgeting.StatusOpen {
		w.pbVotingOpen(rw, r, d)
		return
	}
	choices := readPBChoices(f, p, 0)
	if !f.Valid() {
		w.renderPBPaper(rw, r, http.StatusUnprocessableEntity, d, f, "")
		return
	}
	dob := f.Get("date_of_birth")
	sub, err := budgeting.PaperSubmission(r.Context(), w.store, p, budgeting.PaperEntry{Channel: f.Get("channel"), Code: f.Get("code"),
		Name: f.Get("name"), DateOfBirth: dob, Postcode: f.Get("postcode"), AgeBand: f.Get("age_band"), Choices: choices})
	if err == nil {
		_, err = w.store.EnterPBPaperBallot(r.Context(), who.Actor(), sub)
	}
	switch {
	case err == nil:
		http.Redirect(rw, r, pbHref(p.ID, "/paper?done=paper"), http.StatusSeeOther)
		return
	case errors.Is(err, budgeting.ErrUnknownCode), errors.Is(err, store.ErrNotFound):
		f.AddError("code", "No live voting code of this process matches: check it against the paper")
	case pbRuleProblem(f, p, err):
	case pbDomainProblems(f, err):
	case errors.Is(err, budgeting.ErrNotOpen):
		w.pbVotingOpen(rw, r, d)
		return
	default:
		w.storeError(rw, r, err)
		return
	}
	w.renderPBPaper(rw, r, http.StatusUnprocessableEntity, d, f, "")
}

// pbPaperCheck is the second officer's check of a paper ballot: accept
// counts it (unless this person has voted already, by any channel),
// reject sets it aside. The officer who entered it may not check it.
func (w *Web) pbPaperCheck(rw http.ResponseWriter, r *http.Request) {
	d, who, ok := w.loadPBForStaff(rw, r)
	if !ok {
		return
	}
	paperID, ok := pathID(r, "paperID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	var accept bool
	switch f.Get("decision") {
	case "accept":
		accept = true
	case "reject":
	default:
		f.AddParamError("decision", "Choose to accept or reject the ballot")
		w.renderPBPaper(rw, r, http.StatusUnprocessableEntity, d, f, "")
		return
	}
	err = w.store.CheckPBPaperBallot(r.Context(), who.Actor(), d.P.ID, paperID, accept)
	switch {
	case err == nil:
		http.Redirect(rw, r, pbHref(d.P.ID, "/paper?done=checked"), http.StatusSeeOther)
		return
	case errors.Is(err, budgeting.ErrSameOfficer):
		f.AddParamError("decision", "You entered this ballot, so another officer must check it")
	case errors.Is(err, budgeting.ErrAlreadyVoted):
		f.AddParamError("decision", "This person has already voted (online, on paper or with help): the ballot was not counted")
	case errors.Is(err, store.ErrConflict):
		f.AddParamError("decision", "Another officer has checked this ballot already")
	case errors.Is(err, store.ErrNotFound):
		w.notFound(rw, r)
		return
	default:
		w.storeError(rw, r, err)
		return
	}
	w.renderPBPaper(rw, r, http.StatusConflict, d, f, "")
}
