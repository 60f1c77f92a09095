package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/voice"
)

// Hiding a proposal or comment, and showing it again: one form (the
// moderators' reason) and one flow, in two directions.

// renderVisibilityForm asks the reason for hiding (hide) or showing again
// the proposal p, or its comment c when c.ID is not 0.
func (w *Web) renderVisibilityForm(rw http.ResponseWriter, r *http.Request, status int, hide bool, p voice.Proposal, c voice.Comment, f *Form) {
	what, quote, hiddenBecause := "proposal", p.Title, p.HiddenReason
	var fields []hiddenField
	if c.ID != 0 {
		what, quote, hiddenBecause = "comment", c.Body, c.HiddenReason
		fields = []hiddenField{{"comment_id", formatIntPlain(c.ID)}}
	}
	v := reasonView{Caption: "Moderation", Action: proposalHref(p.ID) + "/hide", Back: proposalHref(p.ID), Label: "Reason",
		Hint: "Shown publicly in its place, after \"Hidden by moderators:\"", Button: "Hide", Quote: quote, Hidden: fields,
		Intro: "Hidden content is no longer shown to the public: the reason is shown instead."}
	title := "Hide this " + what
	if !hide {
		v.Action, v.Hint, v.Button = proposalHref(p.ID)+"/unhide", "Recorded in the audit log with your name", "Show again"
		v.Intro = "It was hidden because: " + hiddenBecause + ". Shown again, the public sees it as it was written."
		title = "Show this " + what + " again"
	}
	w.render(rw, r, status, "voice-proposal-reason", &Page{Title: title, Nav: "voice", Form: f, Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Proposal", Href: proposalHref(p.ID)}}})
}

// moderatedProposal reads a proposal and checks the signed-in person
// moderates its partnership's proposals.
func (w *Web) moderatedProposal(rw http.ResponseWriter, r *http.Request) (*auth.Principal, voice.Proposal, bool) {
	id, ok := pathID(r, "proposalID")
	if !ok {
		w.notFound(rw, r)
		return nil, voice.Proposal{}, false
	}
	pr, ok := w.requireSignIn(rw, r)
	if !ok {
		return nil, voice.Proposal{}, false
	}
	p, err := w.store.GetProposal(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return nil, p, false
	}
	if !auth.Can(pr, auth.ModerateProposals, p.PartnershipID) {
		w.forbidden(rw, r)
		return nil, p, false
	}
	return pr, p, true
}

// proposalHideForm asks the moderators' reason for hiding a proposal (or
// ?comment=N, one of its comments).
func (w *Web) proposalHideForm(rw http.ResponseWriter, r *http.Request) {
	w.visibilityForm(rw, r, true)
}

// proposalUnhideForm asks the moderators' reason for showing a hidden
// proposal (or ?comment=N, one of its comments) again.
func (w *Web) proposalUnhideForm(rw http.ResponseWriter, r *http.Request) {
	w.visibilityForm(rw, r, false)
}

func (w *Web) visibilityForm(rw http.ResponseWriter, r *http.Request, hide bool) {
	_, p, ok := w.moderatedProposal(rw, r)
	if !ok {
		return
	}
	cid, ok := commentParam(r.URL.Query().Get("comment"))
	if !ok {
		w.notFound(rw, r)
		return
	}
	p, c, ok := w.flagTarget(rw, r, p.ID, cid)
	if !ok {
		return
	}
	if !hide && ((cid == 0 && !p.Hidden) || (cid != 0 && !c.Hidden)) {
		http.Redirect(rw, r, proposalHref(p.ID), http.StatusSeeOther) // not hidden: nothing to show again
		return
	}
	w.renderVisibilityForm(rw, r, http.StatusOK, hide, p, c, newForm())
}

// proposalHide hides the proposal or comment with the reason (audited).
func (w *Web) proposalHide(rw http.ResponseWriter, r *http.Request) { w.changeVisibility(rw, r, true) }

// proposalUnhide shows the proposal or comment again, with the reason
// (audited).
func (w *Web) proposalUnhide(rw http.ResponseWriter, r *http.Request) {
	w.changeVisibility(rw, r, false)
}

func (w *Web) changeVisibility(rw http.ResponseWriter, r *http.Request, hide bool) {
	pr, p, ok := w.moderatedProposal(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	cid := parseID(f, "comment_id", "Choose a comment on this proposal")
	if !f.Valid() {
		w.badRequest(rw, r, "The comment (comment_id) must be a whole number of 1 or more.")
		return
	}
	p, c, ok := w.flagTarget(rw, r, p.ID, cid)
	if !ok {
		return
	}
	reason := f.Values.Get("reason")
	if f.addValidation(voice.Reason(reason, true)) {
		w.renderVisibilityForm(rw, r, http.StatusUnprocessableEntity, hide, p, c, f)
		return
	}
	ctx, by, done := r.Context(), pr.Actor(), "hide"
	switch {
	case hide && cid != 0:
		err = w.store.HideComment(ctx, by, cid, reason)
	case hide:
		err = w.store.HideProposal(ctx, by, p.ID, reason)
	case cid != 0:
		err, done = w.store.UnhideComment(ctx, by, cid, reason), "unhide"
	default:
		err, done = w.store.UnhideProposal(ctx, by, p.ID, reason), "unhide"
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, proposalHref(p.ID)+"?done="+done, http.StatusSeeOther)
}
