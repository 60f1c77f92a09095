package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/voice"
)

type answerFormView struct {
	P voice.Proposal
}

func (answerFormView) StateOptions() []Option {
	var opts []Option
	for _, a := range voice.AnswerStates {
		opts = append(opts, Option{Value: string(a.Value), Label: a.Label})
	}
	return opts
}

func (w *Web) renderAnswerForm(rw http.ResponseWriter, r *http.Request, status int, p voice.Proposal, f *Form) {
	f.OrderErrors("state", "text")
	w.render(rw, r, status, "voice-proposal-answer", &Page{Title: "Give the official answer", Nav: "voice", Form: f, Data: answerFormView{P: p},
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Proposal", Href: proposalHref(p.ID)}}})
}

// proposalAnswerForm asks the partnership's staff for the official answer.
func (w *Web) proposalAnswerForm(rw http.ResponseWriter, r *http.Request) {
	_, p, ok := w.moderatedProposal(rw, r)
	if !ok {
		return
	}
	f := newForm()
	f.Values.Set("state", string(p.Answer))
	f.Values.Set("text", p.AnswerText)
	w.renderAnswerForm(rw, r, http.StatusOK, p, f)
}

// proposalAnswer records the official answer (audited) and queues the
// e-mail telling the author (a River mail job: nothing is sent from
// within the request).
func (w *Web) proposalAnswer(rw http.ResponseWriter, r *http.Request) {
	pr, p, ok := w.moderatedProposal(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	a := voice.OfficialAnswer{State: voice.AnswerState(f.Get("state")), Text: f.Values.Get("text")}
	a.Normalize()
	if f.addValidation(a.Validate()) {
		w.renderAnswerForm(rw, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	ctx := r.Context()
	answered, err := w.store.AnswerProposal(ctx, pr.Actor(), p.ID, a)
	if f.addValidation(err) {
		w.renderAnswerForm(rw, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.notifyAnswer(r, answered)
	http.Redirect(rw, r, proposalHref(p.ID)+"?done=answer#official-answer", http.StatusSeeOther)
}

// notifyAnswer queues the author's e-mail. A failure to queue is logged:
// the answer stands and shows on the page.
func (w *Web) notifyAnswer(r *http.Request, p voice.Proposal) {
	if w.mail == nil {
		w.log.Error("proposal answer: no mailer: the author was not told", "proposal_id", p.ID)
		return
	}
	author, err := w.store.GetUser(r.Context(), p.AuthorID)
	if err != nil || author.Disabled || author.EmailConfirmedAt == nil {
		return // a deleted or disabled account, or one never confirmed: no e-mail
	}
	n := voice.ProposalNotice(author.Email, p, w.baseURL(r)+proposalHref(p.ID))
	if err := (voiceMailer{w.mail}).Notify(r.Context(), []voice.Notice{n}); err != nil {
		w.log.Error("proposal answer: queue the author's e-mail", "proposal_id", p.ID, "err", err)
	}
}
