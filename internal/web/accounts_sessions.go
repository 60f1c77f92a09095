package web

import (
	"errors"
	"net/http"

	"github.com/placeboard/placeboard/internal/store"
)

// endSession ends one of the signed-in person's own sessions. Ending the
// current one signs them out.
func (w *Web) endSession(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	id := form.Get("session")
	err = w.auth.EndSession(r.Context(), p, id, w.auth.Client(r))
	switch {
	case errors.Is(err, store.ErrNotFound):
		// Already ended (or never theirs): nothing to do.
		http.Redirect(rw, r, "/account", http.StatusSeeOther)
		return
	case err != nil:
		w.serverError(rw, r, err)
		return
	}
	if id == w.currentSessionID(r) {
		w.auth.ClearCookie(rw, r)
		http.Redirect(rw, r, "/", http.StatusSeeOther)
		return
	}
	http.Redirect(rw, r, "/account?done=ended", http.StatusSeeOther)
}
