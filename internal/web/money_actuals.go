package web

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/validation"
)

// Actuals are imported in the background (money.QueueActuals): the upload
// is parsed and every row checked against the fund here, each problem
// listed by row and column; a good file is kept and a River job posts it
// in one transaction, while its status page (money_actuals_status.go)
// follows it.

// maxActualsBytes caps an actuals upload: 100,000 rows of a finance
// export fit well within it.
const maxActualsBytes = 64 << 20

// recentActualsUploads is how many of a fund's uploads its form lists.
const recentActualsUploads = 5

type moneyActualsView struct {
	*moneyFundData
	RowErrors []moneyRowError
	More      bool
	Recent    []money.ActualsUpload
}

// moneyRowError is one problem in an uploaded file, by row and column.
type moneyRowError struct {
	Row     int
	Column  string
	Message string
}

func moneyRowErrors(fields []validation.FieldError) []moneyRowError {
	out := make([]moneyRowError, 0, len(fields))
	for _, fe := range fields {
		out = append(out, moneyRowError{Row: fe.Row, Column: fe.Field, Message: fe.Message})
	}
	return out
}

// renderActualsForm shows the form with the fund's latest uploads.
func (w *Web) renderActualsForm(rw http.ResponseWriter, r *http.Request, status int, f *Form, v moneyActualsView) {
	recent, err := w.store.MoneyActualsUploads(r.Context(), v.Fund.ID, recentActualsUploads)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v.Recent = recent
	w.render(rw, r, status, "money-actuals", v.page("Import actuals", f, v))
}

// moneyActualsForm asks for a finance CSV of actuals.
func (w *Web) moneyActualsForm(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "actuals", moneyManageAction)
	if !ok {
		return
	}
	w.renderActualsForm(rw, r, http.StatusOK, newForm(), moneyActualsView{moneyFundData: d})
}

// moneyActualsImport checks the file and queues its import: any problem
// posts nothing and is listed by row and column above the button; a fund
// with money.MaxPendingUploads imports waiting says so on the file field;
// a good file goes to its status page.
func (w *Web) moneyActualsImport(rw http.ResponseWriter, r *http.Request) {
	d, pr, ok := w.loadFund(rw, r, "actuals", moneyManageAction)
	if !ok {
		return
	}
	f := newForm()
	v := moneyActualsView{moneyFundData: d}
	r.Body = http.MaxBytesReader(rw, r.Body, maxActualsBytes+64<<10)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			f.AddError("file", "The file must be smaller than 64 MB")
		} else {
			f.AddError("file", "Select a CSV file of actuals to upload")
		}
		w.renderActualsForm(rw, r, http.StatusBadRequest, f, v)
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.AddError("file", "Select a CSV file of actuals to upload")
		w.renderActualsForm(rw, r, http.StatusUnprocessableEntity, f, v)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		f.AddError("file", "The file could not be read; try again")
		w.renderActualsForm(rw, r, http.StatusBadRequest, f, v)
		return
	}
	up, err := money.QueueActuals(r.Context(), w.store, w.moneyActuals, pr.Actor(), d.Fund.ID, filepath.Base(hdr.Filename), data)
	if err == nil {
		http.Redirect(rw, r, d.Href("/actuals/"+strconv.FormatInt(up.ID, 10)), http.StatusSeeOther)
		return
	}
	if errors.Is(err, money.ErrTooManyUploads) {
		// The fund's state, not the file: 409 as the API answers.
		f.AddError("file", "The CSV file of actuals was not uploaded: "+money.ErrTooManyUploads.Error())
		w.renderActualsForm(rw, r, http.StatusConflict, f, v)
		return
	}
	verr, ok := validation.As(err)
	if !ok {
		w.storeError(rw, r, err) // a store failure, or no job queue (money.ErrNoQueue)
		return
	}
	v.RowErrors = moneyRowErrors(verr.Fields)
	v.More = len(v.RowErrors) >= money.MaxActualsErrors
	f.AddError("file", money.ActualsProblems(verr.Fields))
	w.renderActualsForm(rw, r, http.StatusUnprocessableEntity, f, v)
}

// moneyUploadState names an upload's state on the pages.
func moneyUploadState(s money.UploadState) string {
	switch s {
	case money.UploadQueued:
		return "waiting"
	case money.UploadRunning:
		return "being posted"
	case money.UploadDone:
		return "posted"
	case money.UploadFailed:
		return "failed, nothing posted"
	}
	return string(s)
}
