package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/voice"
)

// proposalComment publishes a comment on a proposal, or a reply to one of
// its comments (parent_id), or shows the proposal page again naming the
// problem.
func (w *Web) proposalComment(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "proposalID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.mayPost(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	nc := voice.NewComment{ProposalID: id, Body: f.Values.Get("body")}
	nc.ParentID = parseID(f, "parent_id", "Reply to a comment on this proposal")
	nc.Normalize()
	f.addValidation(nc.Validate())
	if !f.Valid() {
		w.renderProposal(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	ctx := r.Context()
	if _, err := w.store.GetProposal(ctx, id); err != nil {
		w.storeError(rw, r, err)
		return
	}
	if err := w.auth.ReservePost(ctx, pr, w.auth.Client(r)); err != nil {
		if !w.postRefused(rw, r, err) {
			w.storeError(rw, r, err)
		}
		return
	}
	c, err := w.store.AddComment(ctx, pr.Actor(), nc)
	if f.addValidation(err) {
		w.renderProposal(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if err != nil {
		if !w.postRefused(rw, r, err) {
			w.storeError(rw, r, err)
		}
		return
	}
	http.Redirect(rw, r, proposalHref(id)+"?done=comment#comment-"+formatIntPlain(c.ID), http.StatusSeeOther)
}
