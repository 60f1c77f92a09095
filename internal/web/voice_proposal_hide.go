package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/voice"
)

func (w *Web) renderHideForm(rw http.ResponseWriter, r *http.Request, status int, p voice.Proposal, c voice.Comment, f *Form) {
	v := reasonView{Caption: "Moderation", Action: proposalHref(p.ID) + "/hide", Back: proposalHref(p.ID),
		Label: "Reason", Hint: "Shown publicly in its place, after \"Hidden by moderators:\"", Button: "Hide", Quote: p.Title,
		Intro: "Hidden content is no longer shown to the public: the reason is shown instead."}
	title := "Hide this proposal"
	if c.ID != 0 {
		title = "Hide this comment"
		v.Quote = c.Body
		v.Hidden = []hiddenField{{"comment_id", formatIntPlain(c.ID)}}
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
	w.renderHideForm(rw, r, http.StatusOK, p, c, newForm())
}

// proposalHide hides the proposal or comment with the reason (audited).
func (w *Web) proposalHide(rw http.ResponseWriter, r *http.Request) {
	pr, p, ok := w.moderatedProposal(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	cid := parseID(f, "comment_id", "Hide a comment on this proposal")
	if !f.Valid() {
		w.badRequest(rw, r, "The comment to hide (comment_id) must be a whole number of 1 or more.")
		return
	}
	p, c, ok := w.flagTarget(rw, r, p.ID, cid)
	if !ok {
		return
	}
	if f.addValidation(voice.Reason(f.Values.Get("reason"), true)) {
		w.renderHideForm(rw, r, http.StatusUnprocessableEntity, p, c, f)
		return
	}
	if cid != 0 {
		err = w.store.HideComment(r.Context(), pr.Actor(), cid, f.Values.Get("reason"))
	} else {
		err = w.store.HideProposal(r.Context(), pr.Actor(), p.ID, f.Values.Get("reason"))
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, proposalHref(p.ID)+"?done=hide", http.StatusSeeOther)
}
