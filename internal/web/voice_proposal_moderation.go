package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

type moderationView struct {
	PartnershipID int64
	Items         []store.FlaggedItem
	Blocks        []store.VoiceBlock
}

// proposalModeration lists the partnership's reported proposals and
// comments, most reported first, with links to hide them and block their
// authors.
func (w *Web) proposalModeration(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.ModerateProposals, id); !ok {
		return
	}
	items, err := w.store.FlaggedItems(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	blocks, err := w.store.VoiceBlocks(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "block":
		notice = "Blocked from posting in this partnership's processes."
	case "unblock":
		notice = "The block is lifted: the account may post again."
	}
	w.render(rw, r, http.StatusOK, "voice-proposal-moderation", &Page{Title: "Reported proposals and comments", Nav: "voice", Notice: notice,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Voice", Href: "/voice"}}, Data: moderationView{PartnershipID: id, Items: items, Blocks: blocks}})
}

// proposalBlockForm asks the reason for blocking ?user=N from posting in
// the partnership's processes.
func (w *Web) proposalBlockForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.ModerateProposals, id); !ok {
		return
	}
	f := newForm()
	f.Values.Set("user_id", r.URL.Query().Get("user"))
	if n, err := strconv.ParseInt(f.Get("user_id"), 10, 64); err != nil || n <= 0 {
		w.badRequest(rw, r, "Choose the account to block from a proposal or the reported list (user must be an account number).")
		return
	}
	w.renderBlockForm(rw, r, http.StatusOK, id, f)
}

func (w *Web) renderBlockForm(rw http.ResponseWriter, r *http.Request, status int, id int64, f *Form) {
	uid, _ := strconv.ParseInt(f.Get("user_id"), 10, 64)
	name := "this account"
	if u, err := w.store.GetUser(r.Context(), uid); err == nil {
		name = u.Name
	} else if isNotFound(err) {
		w.notFound(rw, r)
		return
	}
	v := reasonView{Caption: "Moderation", Action: "/voice/partnerships/" + formatIntPlain(id) + "/block", Back: "/voice/partnerships/" + formatIntPlain(id) + "/moderation",
		Label: "Reason", Hint: "Recorded in the audit log and in the person's data download", Button: "Block from posting",
		Intro:  "Block " + name + " from making proposals, commenting, supporting and reporting in this partnership's processes. What they posted already stays unless you hide it.",
		Hidden: []hiddenField{{"user_id", formatIntPlain(uid)}}}
	w.render(rw, r, status, "voice-proposal-reason", &Page{Title: "Block an account from posting", Nav: "voice", Form: f, Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Reported", Href: v.Back}}})
}

// proposalBlock blocks the account (audited).
func (w *Web) proposalBlock(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.allow(rw, r, auth.ModerateProposals, id)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	uid := parseID(f, "user_id", "Choose the account to block")
	if uid == 0 {
		w.badRequest(rw, r, "Choose the account to block (user_id must be an account number).")
		return
	}
	err = w.store.BlockAccount(r.Context(), pr.Actor(), id, uid, f.Values.Get("reason"))
	if f.addValidation(err) {
		w.renderBlockForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/voice/partnerships/"+formatIntPlain(id)+"/moderation?done=block", http.StatusSeeOther)
}

// blockedAccount reads ?user=N (or the form's user_id) of the unblock
// form and the partnership's block of it; ok is false when the answer
// was given (404 when the account is not blocked there).
func (w *Web) blockedAccount(rw http.ResponseWriter, r *http.Request, id int64, userID string) (store.VoiceBlock, bool) {
	uid, err := strconv.ParseInt(userID, 10, 64)
	if err != nil || uid <= 0 {
		w.badRequest(rw, r, "Choose the account to unblock from the moderation page (user must be an account number).")
		return store.VoiceBlock{}, false
	}
	blocks, err := w.store.VoiceBlocks(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return store.VoiceBlock{}, false
	}
	for _, b := range blocks {
		if b.UserID == uid {
			return b, true
		}
	}
	w.notFound(rw, r)
	return store.VoiceBlock{}, false
}

func (w *Web) renderUnblockForm(rw http.ResponseWriter, r *http.Request, status int, id int64, b store.VoiceBlock, f *Form) {
	v := reasonView{Caption: "Moderation", Action: "/voice/partnerships/" + formatIntPlain(id) + "/unblock", Back: "/voice/partnerships/" + formatIntPlain(id) + "/moderation",
		Label: "Reason", Hint: "Recorded in the audit log with your name", Button: "Lift the block",
		Intro:  "Let " + b.Name + " make proposals, comment, support and report in this partnership's processes again. They were blocked because: " + b.Reason + ".",
		Hidden: []hiddenField{{"user_id", formatIntPlain(b.UserID)}}}
	w.render(rw, r, status, "voice-proposal-reason", &Page{Title: "Lift a block", Nav: "voice", Form: f, Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Reported", Href: v.Back}}})
}

// proposalUnblockForm asks the reason for lifting the block of ?user=N.
func (w *Web) proposalUnblockForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.ModerateProposals, id); !ok {
		return
	}
	b, ok := w.blockedAccount(rw, r, id, r.URL.Query().Get("user"))
	if !ok {
		return
	}
	w.renderUnblockForm(rw, r, http.StatusOK, id, b, newForm())
}

// proposalUnblock lifts the block, with the reason (audited).
func (w *Web) proposalUnblock(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.allow(rw, r, auth.ModerateProposals, id)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	b, ok := w.blockedAccount(rw, r, id, f.Values.Get("user_id"))
	if !ok {
		return
	}
	err = w.store.UnblockAccount(r.Context(), pr.Actor(), id, b.UserID, f.Values.Get("reason"))
	if f.addValidation(err) {
		w.renderUnblockForm(rw, r, http.StatusUnprocessableEntity, id, b, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/voice/partnerships/"+formatIntPlain(id)+"/moderation?done=unblock", http.StatusSeeOther)
}
