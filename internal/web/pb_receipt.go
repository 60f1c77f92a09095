package web

import (
	"errors"
	"net/http"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbReceiptCheckView struct {
	P *budgeting.Process
	// Found: the receipt was looked up; Status says what of it.
	Found   bool
	Status  string
	Time    string
	Channel string
}

// pbReceiptCheck looks a receipt up: whether the ballot it belongs to
// counts, or was replaced by a later one. It never shows the choices.
func (w *Web) pbReceiptCheck(rw http.ResponseWriter, r *http.Request) {
	d, ok := w.loadPB(rw, r)
	if !ok {
		return
	}
	f := newForm()
	v := pbReceiptCheckView{P: d.P}
	status := http.StatusOK
	if q := r.URL.Query(); q.Has("receipt") {
		f.Values.Set("receipt", q.Get("receipt"))
		receipt := budgeting.NormaliseCode(q.Get("receipt"))
		switch {
		case receipt == "":
			f.AddError("receipt", "Enter the receipt code you were given when you voted")
			status = http.StatusUnprocessableEntity
		case len(receipt) > 64:
			f.AddError("receipt", "A receipt code is 16 letters and numbers, such as ACDE-FGHJ-KMNP-QRTU")
			status = http.StatusUnprocessableEntity
		default:
			st, err := w.store.PBReceiptStatus(r.Context(), d.P.ID, receipt)
			switch {
			case errors.Is(err, store.ErrNotFound):
				f.AddError("receipt", "No ballot in this vote has that receipt. Check the code against the one you were given")
				status = http.StatusNotFound
			case err != nil:
				w.storeError(rw, r, err)
				return
			default:
				v.Found, v.Status, v.Time, v.Channel = true, st.Status, pbTime(st.SubmittedAt), pbChannelLabel(st.Channel)
			}
		}
	}
	w.render(rw, r, status, "pb-receipt-check", &Page{Title: "Check your receipt", Form: f, Breadcrumbs: d.crumbs(Crumb{Label: "Check your receipt"}), Data: v})
}

// pbChannelLabel says how a ballot arrived.
func pbChannelLabel(c string) string {
	switch c {
	case budgeting.ChannelCode:
		return "online, with a voting code"
	case budgeting.ChannelOnline:
		return "online, signed in"
	case budgeting.ChannelPaper:
		return "on paper"
	case budgeting.ChannelAssisted:
		return "with an officer's help"
	}
	return c
}
