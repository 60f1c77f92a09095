package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/voice"
)

type proposalLinkView struct {
	P               voice.Proposal
	DecisionOptions []Option
}

func (proposalLinkView) KindOptions() []Option {
	return []Option{
		{Value: string(voice.TargetDecision), Label: "A board decision", Hint: "Choose the decision below"},
		{Value: string(voice.TargetNotTaken), Label: "Not taken forward", Hint: "Say why below"},
	}
}

func (w *Web) renderProposalLinkForm(rw http.ResponseWriter, r *http.Request, status int, p voice.Proposal, f *Form) {
	ds, err := w.store.ListDecisions(r.Context(), p.PartnershipID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := proposalLinkView{P: p, DecisionOptions: []Option{{Value: "", Label: "Choose a decision"}}}
	for _, d := range ds {
		text := d.Text
		if len([]rune(text)) > 80 {
			text = string([]rune(text)[:80]) + "…"
		}
		v.DecisionOptions = append(v.DecisionOptions, Option{Value: formatIntPlain(d.ID), Label: dateLong(d.Date) + ": " + text})
	}
	f.OrderErrors("target_kind", "target_id", "reason")
	w.render(rw, r, status, "voice-proposal-link", &Page{Title: "You said, we did: what this proposal led to", Nav: "voice", Form: f, Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Proposal", Href: proposalHref(p.ID)}}})
}

// proposalLinkForm asks the partnership's staff what the proposal led to:
// a board decision, or "not taken forward, because …".
func (w *Web) proposalLinkForm(rw http.ResponseWriter, r *http.Request) {
	_, p, ok := w.moderatedProposal(rw, r)
	if !ok {
		return
	}
	w.renderProposalLinkForm(rw, r, http.StatusOK, p, newForm())
}

// proposalLink records the link (audited); the proposal's page and the
// "you said, we did" pages are generated from it.
func (w *Web) proposalLink(rw http.ResponseWriter, r *http.Request) {
	pr, p, ok := w.moderatedProposal(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	l := voice.Link{TargetKind: voice.TargetKind(f.Get("target_kind")), Reason: f.Values.Get("reason")}
	if l.TargetKind == voice.TargetDecision {
		l.TargetID = parseID(f, "target_id", "Choose a decision from the list")
	}
	if !f.Valid() {
		w.renderProposalLinkForm(rw, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	_, err = w.store.AddProposalLink(r.Context(), pr.Actor(), p.ID, l)
	if applyDomainError(f, err, nil) {
		w.renderProposalLinkForm(rw, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, proposalHref(p.ID)+"?done=link#you-said-we-did", http.StatusSeeOther)
}
