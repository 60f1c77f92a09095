package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/voice"
)

type proposalView struct {
	Process     voice.Process
	P           voice.Proposal
	AnswerTag   Tag
	AnsweredOn  string // the answer's date, YYYY-MM-DD
	Threads     []commentNode
	SignedIn    bool
	CanPost     bool
	Supported   bool
	CanModerate bool
	// ReplyTo is the comment the comment form answers (0: the proposal).
	ReplyTo     int64
	ReplyToName string
	// Links: what the proposal led to ("you said, we did").
	Links []voice.YSWDTarget
}

// proposalPage shows a proposal with its official answer, its supporters'
// count, the support button (a form POST) and its comments in threads,
// with the comment form. Hidden content shows only the moderators'
// reason, except to the partnership's moderators. No author's e-mail
// address or any other personal detail is shown: only the display name.
func (w *Web) proposalPage(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "proposalID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	f := newForm()
	if s := r.URL.Query().Get("reply"); s != "" {
		f.Values.Set("parent_id", s)
	}
	status := http.StatusOK
	if r.URL.Query().Get("reply") != "" {
		if n, err := strconv.ParseInt(r.URL.Query().Get("reply"), 10, 64); err != nil || n <= 0 {
			f.AddParamError("reply", "Reply (reply) must name a comment on this proposal")
			status = http.StatusBadRequest
		}
	}
	w.renderProposal(rw, r, status, id, f)
}

func (w *Web) renderProposal(rw http.ResponseWriter, r *http.Request, status int, id int64, f *Form) {
	ctx := r.Context()
	p, err := w.store.GetProposal(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	proc, err := w.store.Process(ctx, p.ProcessID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	pr := principal(r)
	v := proposalView{Process: proc, P: p, SignedIn: pr != nil, CanPost: auth.CanPost(pr) == nil,
		CanModerate: auth.Can(pr, auth.ModerateProposals, p.PartnershipID)}
	if !v.CanModerate {
		v.P = p.Public()
	}
	v.AnswerTag = answerTag(p.Answer)
	if len(p.AnsweredAt) >= 10 {
		v.AnsweredOn = p.AnsweredAt[:10]
	}
	cs, err := w.store.ProposalComments(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	for _, c := range voice.Thread(cs) {
		if !v.CanModerate {
			c = c.Public()
		}
		v.Threads = append(v.Threads, newCommentNode(c, p, v.CanPost && !p.Hidden, v.CanModerate, v.SignedIn, 0))
	}
	if reply, err := strconv.ParseInt(f.Get("parent_id"), 10, 64); err == nil && reply > 0 {
		for _, c := range cs {
			if c.ID == reply {
				v.ReplyTo, v.ReplyToName = c.ID, c.AuthorName
				if c.Hidden && !v.CanModerate {
					v.ReplyToName = "a hidden comment"
				}
			}
		}
		if v.ReplyTo == 0 && f.ErrorFor("parent_id") == "" && f.ErrorFor("reply") == "" {
			f.AddError("parent_id", "Reply to a comment on this proposal")
			if status == http.StatusOK {
				status = http.StatusBadRequest
			}
		}
	}
	if v.Links, err = w.store.ProposalLinks(ctx, id); err != nil {
		w.storeError(rw, r, err)
		return
	}
	if pr != nil {
		if v.Supported, err = w.store.HasSupported(ctx, id, pr.UserID); err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "proposal":
		notice = "Your proposal is published."
	case "comment":
		notice = "Your comment is published."
	case "support":
		notice = "You support this proposal."
	case "withdraw":
		notice = "You no longer support this proposal."
	case "flag":
		notice = "Thank you: the moderators will look at your report."
	case "answer":
		notice = "The answer is published, and the author will be told by email."
	case "link":
		notice = "Recorded under \"You said, we did\"."
	case "hide":
		notice = "Hidden. The reason is shown in its place."
	case "unhide":
		notice = "Shown again as it was written."
	}
	title := v.P.Title
	w.render(rw, r, status, "voice-proposal", &Page{Title: title, Nav: "voice", Form: f, Notice: notice, Breadcrumbs: proposalCrumbs(proc), Data: v})
}

// commentNode is one comment as the page's recursive template draws it,
// carrying what its links need.
type commentNode struct {
	C           voice.Comment
	ProposalID  int64
	CanReply    bool
	CanFlag     bool
	CanModerate bool
	Depth       int
	Replies     []commentNode
}

func newCommentNode(c voice.Comment, p voice.Proposal, canReply, canModerate, signedIn bool, depth int) commentNode {
	n := commentNode{C: c, ProposalID: p.ID, CanReply: canReply, CanFlag: signedIn && !p.Hidden && !c.Hidden, CanModerate: canModerate, Depth: depth}
	for _, r := range c.Replies {
		n.Replies = append(n.Replies, newCommentNode(r, p, canReply, canModerate, signedIn, depth+1))
	}
	return n
}
