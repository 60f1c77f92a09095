package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/validation"
)

// maxActualsBytes caps an actuals upload: 100,000 rows of a finance
// export fit well within it.
const maxActualsBytes = 16 << 20

type moneyActualsView struct {
	*moneyFundData
	RowErrors []moneyRowError
	More      bool
	Imported  string
}

// moneyRowError is one problem in an uploaded file, by row and column.
type moneyRowError struct {
	Row     int
	Column  string
	Message string
}

// moneyActualsForm asks for a finance CSV of actuals.
func (w *Web) moneyActualsForm(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "actuals", moneyManageAction)
	if !ok {
		return
	}
	v := moneyActualsView{moneyFundData: d}
	p := d.page("Import actuals", newForm(), v)
	if n := r.URL.Query().Get("rows"); n != "" {
		if _, err := strconv.Atoi(n); err == nil {
			p.Notice = n + " actuals posted to the ledger"
		}
	}
	w.render(rw, r, http.StatusOK, "money-actuals", p)
}

// moneyActualsImport posts every row of the file in one transaction, or
// nothing: each problem is listed by row and column above the button.
func (w *Web) moneyActualsImport(rw http.ResponseWriter, r *http.Request) {
	d, pr, ok := w.loadFund(rw, r, "actuals", moneyManageAction)
	if !ok {
		return
	}
	f := newForm()
	v := moneyActualsView{moneyFundData: d}
	fail := func(status int) {
		w.render(rw, r, status, "money-actuals", d.page("Import actuals", f, v))
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxActualsBytes+64<<10)
	if err := r.ParseMultipartForm(maxActualsBytes); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			f.AddError("file", "The file must be smaller than 16 MB")
		} else {
			f.AddError("file", "Select a CSV file of actuals to upload")
		}
		fail(http.StatusBadRequest)
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.AddError("file", "Select a CSV file of actuals to upload")
		fail(http.StatusUnprocessableEntity)
		return
	}
	defer file.Close()
	rows, err := money.ParseActualsCSV(file)
	if err == nil {
		var res money.ImportResult
		res, err = w.store.ImportMoneyActuals(r.Context(), pr.Actor(), d.Fund.ID, hdr.Filename, rows, nil)
		if err == nil {
			http.Redirect(rw, r, d.Href("/actuals")+"?rows="+strconv.Itoa(res.Rows), http.StatusSeeOther)
			return
		}
	}
	var verr *validation.Errors
	if !errors.As(err, &verr) {
		if errors.Is(err, money.ErrNoActuals) {
			f.AddError("file", "The file has no rows of actuals")
			fail(http.StatusUnprocessableEntity)
			return
		}
		w.storeError(rw, r, err)
		return
	}
	for _, fe := range verr.Fields {
		v.RowErrors = append(v.RowErrors, moneyRowError{Row: fe.Row, Column: fe.Field, Message: fe.Message})
	}
	v.More = len(v.RowErrors) >= money.MaxActualsErrors
	msg := "The file has " + strconv.Itoa(len(v.RowErrors)) + " problems. Nothing was posted: fix them and upload it again"
	if len(v.RowErrors) == 1 {
		e := v.RowErrors[0]
		msg = "The file has a problem at row " + strconv.Itoa(e.Row) + ", column " + e.Column + ": " + e.Message + ". Nothing was posted"
	}
	f.AddError("file", msg)
	fail(http.StatusUnprocessableEntity)
}
