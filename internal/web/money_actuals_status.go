package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/money"
)

type moneyActualsStatusView struct {
	*moneyFundData
	Upload     money.ActualsUpload
	RowErrors  []moneyRowError
	More       bool
	Refreshing bool
}

// moneyActualsStatus follows an import of actuals, read from the database
// (so any server can show it): waiting, posting, then its outcome. The page
// reloads itself, without JavaScript, until the import ends, and offers a
// link to stop reloading.
func (w *Web) moneyActualsStatus(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "actuals", moneyManageAction)
	if !ok {
		return
	}
	id, ok := pathID(r, "uploadID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	up, err := w.store.MoneyActualsUpload(r.Context(), id)
	if err == nil && up.FundID != d.Fund.ID {
		w.notFound(rw, r) // another fund's upload is not shown to exist here
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := moneyActualsStatusView{moneyFundData: d, Upload: up, RowErrors: moneyRowErrors(up.Problems), More: len(up.Problems) >= money.MaxActualsErrors}
	title := "Importing " + up.FileName
	refresh := statusRefresh(r) // needs_import.go
	v.Refreshing = refresh > 0
	switch up.State {
	case money.UploadDone:
		title, refresh = "Actuals imported", 0
	case money.UploadFailed:
		title, refresh = "Import of actuals failed", 0
	}
	p := d.page(title, nil, v)
	p.Refresh = refresh
	w.render(rw, r, http.StatusOK, "money-actuals-status", p)
}
