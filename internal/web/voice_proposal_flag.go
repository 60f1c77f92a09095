package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/voice"
)

// reasonView drives the one-field reason forms: report, hide and block.
type reasonView struct {
	Caption, Intro, Quote string
	Action, Back          string
	Label, Hint, Button   string
	Hidden                []hiddenField
}

type hiddenField struct{ Name, Value string }

// flagTarget reads the proposal and, when commentID is not 0, the comment
// on it that a report or a hiding is about. ok is false when the answer
// (404) was given.
func (w *Web) flagTarget(rw http.ResponseWriter, r *http.Request, id, commentID int64) (voice.Proposal, voice.Comment, bool) {
	ctx := r.Context()
	p, err := w.store.GetProposal(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return p, voice.Comment{}, false
	}
	var c voice.Comment
	if commentID != 0 {
		c, err = w.store.GetComment(ctx, commentID)
		if err == nil && c.ProposalID != id {
			w.notFound(rw, r)
			return p, c, false
		}
		if err != nil {
			w.storeError(rw, r, err)
			return p, c, false
		}
	}
	return p, c, true
}

// commentParam reads ?comment=N (0 when absent); false for nonsense.
func commentParam(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

func (w *Web) renderFlagForm(rw http.ResponseWriter, r *http.Request, status int, p voice.Proposal, c voice.Comment, f *Form) {
	v := reasonView{Caption: "Report to the moderators", Action: proposalHref(p.ID) + "/flag", Back: proposalHref(p.ID),
		Label: "Why should the moderators look at this? (optional)", Hint: "For example: it is spam, offensive, or shares someone's personal details",
		Button: "Send report", Quote: p.Public().Title}
	title := "Report this proposal"
	if c.ID != 0 {
		title = "Report this comment"
		v.Quote = c.Public().Body
		v.Hidden = []hiddenField{{"comment_id", formatIntPlain(c.ID)}}
	}
	w.render(rw, r, status, "voice-proposal-reason", &Page{Title: title, Nav: "voice", Form: f, Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Proposal", Href: proposalHref(p.ID)}}})
}

// proposalFlagForm asks why a proposal (or ?comment=N, one of its
// comments) should be looked at.
func (w *Web) proposalFlagForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "proposalID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.requireSignIn(rw, r); !ok {
		return
	}
	cid, ok := commentParam(r.URL.Query().Get("comment"))
	if !ok {
		w.notFound(rw, r)
		return
	}
	p, c, ok := w.flagTarget(rw, r, id, cid)
	if !ok {
		return
	}
	w.renderFlagForm(rw, r, http.StatusOK, p, c, newForm())
}

// proposalFlag records the report, once per person per item.
func (w *Web) proposalFlag(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "proposalID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	cid := parseID(f, "comment_id", "Report a comment on this proposal")
	if !f.Valid() {
		w.badRequest(rw, r, "The comment to report (comment_id) must be a whole number of 1 or more.")
		return
	}
	p, c, ok := w.flagTarget(rw, r, id, cid)
	if !ok {
		return
	}
	if f.addValidation(voice.Reason(f.Values.Get("reason"), false)) {
		w.renderFlagForm(rw, r, http.StatusUnprocessableEntity, p, c, f)
		return
	}
	if _, err := w.store.FlagProposal(r.Context(), pr.Actor(), id, cid, f.Values.Get("reason")); err != nil {
		if !w.postRefused(rw, r, err) {
			w.storeError(rw, r, err)
		}
		return
	}
	http.Redirect(rw, r, proposalHref(id)+"?done=flag", http.StatusSeeOther)
}
