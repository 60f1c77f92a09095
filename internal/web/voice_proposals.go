package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/voice"
)

// Voice proposals (issue 13 item 4): the list, the proposal page with its
// comments and support button, the forms to propose, comment, report,
// answer, hide and block. Everything is a plain form POST, so it all works
// without JavaScript. One page or action per file (voice_proposal_*.go).

// registerVoiceProposalRoutes mounts the proposal pages (called from
// Register).
func (w *Web) registerVoiceProposalRoutes(mux Mux) {
	mux.HandleFunc("GET /voice/processes/{id}/proposals", w.proposalList)
	mux.HandleFunc("GET /voice/processes/{id}/proposals/new", w.proposalNewForm)
	mux.HandleFunc("POST /voice/processes/{id}/proposals/new", w.proposalCreate)
	mux.HandleFunc("GET /voice/proposals/{proposalID}", w.proposalPage)
	mux.HandleFunc("POST /voice/proposals/{proposalID}/comments", w.proposalComment)
	mux.HandleFunc("POST /voice/proposals/{proposalID}/support", w.proposalSupport)
	mux.HandleFunc("POST /voice/proposals/{proposalID}/support/withdraw", w.proposalWithdrawSupport)
	mux.HandleFunc("GET /voice/proposals/{proposalID}/flag", w.proposalFlagForm)
	mux.HandleFunc("POST /voice/proposals/{proposalID}/flag", w.proposalFlag)
	mux.HandleFunc("GET /voice/proposals/{proposalID}/answer", w.proposalAnswerForm)
	mux.HandleFunc("POST /voice/proposals/{proposalID}/answer", w.proposalAnswer)
	mux.HandleFunc("GET /voice/proposals/{proposalID}/hide", w.proposalHideForm)
	mux.HandleFunc("POST /voice/proposals/{proposalID}/hide", w.proposalHide)
	mux.HandleFunc("GET /voice/proposals/{proposalID}/unhide", w.proposalUnhideForm)
	mux.HandleFunc("POST /voice/proposals/{proposalID}/unhide", w.proposalUnhide)
	mux.HandleFunc("GET /voice/proposals/{proposalID}/links", w.proposalLinkForm)
	mux.HandleFunc("POST /voice/proposals/{proposalID}/links", w.proposalLink)
	mux.HandleFunc("GET /voice/partnerships/{id}/moderation", w.proposalModeration)
	mux.HandleFunc("GET /voice/partnerships/{id}/block", w.proposalBlockForm)
	mux.HandleFunc("POST /voice/partnerships/{id}/block", w.proposalBlock)
	mux.HandleFunc("GET /voice/partnerships/{id}/unblock", w.proposalUnblockForm)
	mux.HandleFunc("POST /voice/partnerships/{id}/unblock", w.proposalUnblock)
}

// proposalProcess reads the process a proposal page is about, with where
// its proposals phase stands today.
func (w *Web) proposalProcess(ctx context.Context, id int64) (voice.Process, voice.ProposalProcess, error) {
	p, err := w.store.Process(ctx, id)
	if err != nil {
		return voice.Process{}, voice.ProposalProcess{}, err
	}
	return p, voice.ProposalProcessOn(p, w.store.VoiceToday()), nil
}

func proposalHref(id int64) string { return "/voice/proposals/" + formatIntPlain(id) }

func processProposalsHref(id int64) string {
	return "/voice/processes/" + formatIntPlain(id) + "/proposals"
}

// proposalCrumbs leads from the process to its proposals.
func proposalCrumbs(proc voice.Process) []Crumb {
	return []Crumb{{Label: "Home", Href: "/"}, {Label: "Voice", Href: "/voice"},
		{Label: proc.Title, Href: "/voice/processes/" + formatIntPlain(proc.ID)},
		{Label: "Proposals", Href: processProposalsHref(proc.ID)}}
}

// mayPost checks a signed-in person may post at all (a confirmed e-mail
// address), answering for them when they may not: anonymous visitors go
// to sign in, unconfirmed accounts get 403 saying how to confirm.
func (w *Web) mayPost(rw http.ResponseWriter, r *http.Request) (*auth.Principal, bool) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return nil, false
	}
	if err := auth.CanPost(p); err != nil {
		w.render(rw, r, http.StatusForbidden, "error", &Page{Title: "Confirm your email address first",
			Data: errorView{Message: "To stop spam, you can post proposals and comments, support and report them only once you have confirmed your email address. Follow the link we sent you, or ask for a new one from your account page."}})
		return nil, false
	}
	return p, true
}

// postRefused answers the refusals every posting action shares: a blocked
// account (403), a rate limit (429), a hidden proposal (409), a closed
// phase (409), a busy database (503). It reports whether it answered.
func (w *Web) postRefused(rw http.ResponseWriter, r *http.Request, err error) bool {
	var limited *auth.RateLimitedError
	switch {
	case errors.As(err, &limited):
		rw.Header().Set("Retry-After", retryAfter(limited.RetryAfter))
		w.render(rw, r, http.StatusTooManyRequests, "error", &Page{Title: "You have posted a lot in a short time",
			Data: errorView{Message: "To stop spam there is a limit on how often one account or one network can post. Wait " + waitText(limited.RetryAfter) + " and try again."}})
	case errors.Is(err, voice.ErrBlocked):
		w.render(rw, r, http.StatusForbidden, "error", &Page{Title: "You cannot post here",
			Data: errorView{Message: "The moderators have blocked your account from posting in this partnership's processes. Contact the partnership if you think this is wrong."}})
	case errors.Is(err, voice.ErrHidden):
		w.render(rw, r, http.StatusConflict, "error", &Page{Title: "This proposal is hidden",
			Data: errorView{Message: "The moderators have hidden this proposal, so it takes no more comments, supports or reports."}})
	case errors.Is(err, voice.ErrProposalsClosed):
		w.render(rw, r, http.StatusConflict, "error", &Page{Title: "This process is not taking proposals now",
			Data: errorView{Message: "Proposals can be made only during the process's proposals phase. Its page shows when that is."}})
	default:
		return false
	}
	return true
}

// voiceMailer turns Voice's notices into mail jobs on the queue the pages
// already hold, so nothing is sent from within the request.
type voiceMailer struct{ m Mailer }

func (v voiceMailer) Notify(ctx context.Context, notices []voice.Notice) error {
	for _, n := range notices {
		if _, err := v.m.EnqueueMail(ctx, mail.Message{To: n.To, Subject: n.Subject, Text: n.Body}); err != nil {
			return err
		}
	}
	return nil
}

// categoryOptions are the proposal categories for a select; blank names
// the "any" choice a filter offers ("" for none).
func categoryOptions(blank string) []Option {
	var opts []Option
	if blank != "" {
		opts = append(opts, Option{Value: "", Label: blank})
	}
	for _, c := range voice.Categories {
		opts = append(opts, Option{Value: string(c.Value), Label: c.Label})
	}
	return opts
}

func answerTag(a voice.AnswerState) Tag {
	switch a {
	case voice.AnswerAccepted:
		return tag("Accepted", "green")
	case voice.AnswerRejected:
		return tag("Rejected", "red")
	case voice.AnswerEvaluating:
		return tag("Being evaluated", "blue")
	}
	return tag("Not answered yet", "grey")
}
