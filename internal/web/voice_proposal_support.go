package web

import "net/http"

// proposalSupport adds the person's support (a form POST: a second press,
// or two at once, still counts one).
func (w *Web) proposalSupport(rw http.ResponseWriter, r *http.Request) {
	w.supportAction(rw, r, true)
}

// proposalWithdrawSupport takes the person's support back.
func (w *Web) proposalWithdrawSupport(rw http.ResponseWriter, r *http.Request) {
	w.supportAction(rw, r, false)
}

func (w *Web) supportAction(rw http.ResponseWriter, r *http.Request, support bool) {
	id, ok := pathID(r, "proposalID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.mayPost(rw, r)
	if !ok {
		return
	}
	var err error
	done := "support"
	if support {
		_, err = w.store.SupportProposal(r.Context(), pr.Actor(), id)
	} else {
		done = "withdraw"
		_, err = w.store.WithdrawSupport(r.Context(), pr.Actor(), id)
	}
	if err != nil {
		if !w.postRefused(rw, r, err) {
			w.storeError(rw, r, err)
		}
		return
	}
	http.Redirect(rw, r, proposalHref(id)+"?done="+done, http.StatusSeeOther)
}
