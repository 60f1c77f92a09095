package web

// Web import of indicator files (needs): upload → preview (every problem by
// row and column, or a summary and the first rows) → confirm → progress page.
// The upload is kept in the database (indicator_uploads); confirming queues
// a River job (internal/jobs) that any server may run; the progress page
// reads the progress the job records there.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

// maxIndicatorUpload bounds an uploaded indicator file.
const maxIndicatorUpload = 50 << 20

// previewTimeLimit bounds the preview's parse of a whole file.
const previewTimeLimit = 60 * time.Second

// statusRefreshSeconds is how often the progress page reloads itself
// (a meta refresh: no JavaScript) until the import ends.
const statusRefreshSeconds = 2

// statusRefresh is how often a progress page reloads itself: every
// statusRefreshSeconds, unless the person asked it to stop (?refresh=off,
// WCAG 2.2.1).
func statusRefresh(r *http.Request) int {
	if r.URL.Query().Get("refresh") == "off" {
		return 0
	}
	return statusRefreshSeconds
}

// ImportQueue queues a confirmed upload's import (internal/jobs.Queue).
type ImportQueue interface {
	EnqueueIndicatorImport(ctx context.Context, token string) (int64, error)
}

func (w *Web) allowImport(rw http.ResponseWriter, r *http.Request) (*auth.Principal, bool) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return nil, false
	}
	if !w.canImport(p) {
		w.forbidden(rw, r)
		return nil, false
	}
	return p, true
}

type indicatorImportView struct {
	RowErrors []needs.RowError
	More      int
	Formats   []Option
}

var indicatorFormats = []Option{
	{Value: string(needs.FormatFingertips), Label: "Fingertips CSV export"},
	{Value: string(needs.FormatFingertipsNext), Label: "Fingertips Next health-data CSV"},
	{Value: string(needs.FormatGeneric), Label: "Other CSV or XLSX, with a column mapping"},
}

func (w *Web) renderIndicatorImport(rw http.ResponseWriter, r *http.Request, status int, f *Form, v indicatorImportView) {
	v.Formats = indicatorFormats
	w.render(rw, r, status, "needs-import", &Page{
		Title: "Import indicator data", Nav: "needs", Form: f, Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Indicators", Href: "/indicators"}},
	})
}

// indicatorImportForm asks for a file and its format.
func (w *Web) indicatorImportForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.allowImport(rw, r); !ok {
		return
	}
	w.renderIndicatorImport(rw, r, http.StatusOK, newForm(), indicatorImportView{})
}

// indicatorImportPreview checks the whole file without storing it and shows
// either every problem by row and column or a preview to confirm.
func (w *Web) indicatorImportPreview(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.allowImport(rw, r)
	if !ok {
		return
	}
	f := newForm()
	r.Body = http.MaxBytesReader(rw, r.Body, maxIndicatorUpload+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			f.AddError("file", "The file must be smaller than 50 MB")
		} else {
			f.AddError("file", "Select a file to upload")
		}
		w.renderIndicatorImport(rw, r, http.StatusBadRequest, f, indicatorImportView{})
		return
	}
	defer r.MultipartForm.RemoveAll()
	f.Values.Set("format", r.FormValue("format"))
	f.Values.Set("mapping", r.FormValue("mapping"))
	format, fok := needs.ParseFormat(r.FormValue("format"))
	if !fok {
		f.AddError("format", "Select the file's format")
	}
	var mapping *importer.Mapping
	if fok && format == needs.FormatGeneric {
		if strings.TrimSpace(r.FormValue("mapping")) == "" {
			f.AddError("mapping", "Enter the column mapping for a generic file")
		} else if m, err := importer.ParseMapping(strings.NewReader(r.FormValue("mapping"))); err != nil {
			msg := err.Error()
			if ie, ok := needs.AsImportError(err); ok && len(ie.Errors) > 0 {
				msg = "Column mapping: " + ie.Errors[0].Column + ": " + ie.Errors[0].Message
			}
			f.AddError("mapping", msg)
		} else {
			mapping = m
		}
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.AddError("file", "Select a file to upload")
	}
	if !f.Valid() {
		w.renderIndicatorImport(rw, r, http.StatusUnprocessableEntity, f, indicatorImportView{})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		f.AddError("file", "The file could not be read; try again")
		w.renderIndicatorImport(rw, r, http.StatusBadRequest, f, indicatorImportView{})
		return
	}
	cat, err := w.store.NeedsCatalogue(r.Context())
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	up := needs.Upload{Token: newToken(), UserID: p.UserID, UserName: p.Email, FileName: filepath.Base(hdr.Filename), Format: format,
		Mapping: f.Values.Get("mapping")}
	if format != needs.FormatGeneric {
		up.Mapping = ""
	}
	ctx, cancel := context.WithTimeout(r.Context(), previewTimeLimit)
	defer cancel()
	coverage, err := w.importCoverage(r, p)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	up.Coverage = coverage
	im := &importer.Importer{Catalogue: cat, Mapping: mapping, Context: ctx, Coverage: coverage}
	counts := newPreviewCounts()
	sum, err := im.Import(format, up.FileName, bytes.NewReader(data), func(line int, dp needs.DataPoint) error {
		if len(up.Preview) < 10 {
			up.Preview = append(up.Preview, dp)
		}
		counts.add(dp)
		return nil
	})
	if ie, ok := needs.AsImportError(err); ok {
		f.AddError("file", "The file has problems, listed by row and column above the button. Nothing was imported: correct them and upload it again.")
		// Each problem in the summary links to its row in the list.
		for i, re := range ie.Errors {
			if i == maxSummaryRowErrors {
				break
			}
			f.Errors = append(f.Errors, FormError{Field: rowErrorID(i), ID: rowErrorID(i), Message: rowErrorText(re)})
		}
		w.renderIndicatorImport(rw, r, http.StatusUnprocessableEntity, f, indicatorImportView{RowErrors: ie.Errors, More: ie.More})
		return
	}
	if errors.Is(err, context.DeadlineExceeded) {
		f.AddError("file", fmt.Sprintf("Checking the file took longer than the %s limit for a preview. Split it into smaller files and upload them one by one.", previewTimeLimit))
		w.renderIndicatorImport(rw, r, http.StatusUnprocessableEntity, f, indicatorImportView{})
		return
	}
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	up.Summary = sum
	err = w.store.CreateIndicatorUpload(r.Context(), up, data, needs.DefaultUploadLimits)
	var le *needs.LimitError
	if errors.As(err, &le) {
		f.AddError("file", uploadLimitMessage(le))
		w.renderIndicatorImport(rw, r, http.StatusTooManyRequests, f, indicatorImportView{})
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := importPreviewView{Upload: up}
	if v.Indicators, err = w.previewIndicators(r.Context(), cat, counts); err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "needs-import-preview", &Page{
		Title: "Check the import", Nav: "needs", Data: v, Form: newForm(),
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Import indicator data", Href: "/needs/import"}},
	})
}

// uploadLimitMessage names the limit an upload would exceed.
func uploadLimitMessage(le *needs.LimitError) string {
	if le.What == "uploads waiting for you" {
		return fmt.Sprintf("You already have %d uploads waiting (the limit is %d). Confirm or wait for them to finish, or wait an hour for unconfirmed ones to expire, then upload this file again.", le.Have, le.Limit)
	}
	return fmt.Sprintf("The uploads waiting to be imported already hold %d MB (the limit for all of them together is %d MB). Wait for them to finish, then upload this file again.", le.Have>>20, le.Limit>>20)
}

func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// uploadFor finds the caller's upload, or answers 410 Gone: unconfirmed
// uploads are kept for an hour, and another person's upload is not shown
// to exist.
func (w *Web) uploadFor(rw http.ResponseWriter, r *http.Request, p *auth.Principal) (needs.Upload, bool) {
	up, err := w.store.IndicatorUpload(r.Context(), r.PathValue("token"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && up.UserID != p.UserID) {
		w.render(rw, r, http.StatusGone, "error", &Page{Title: "This upload has expired",
			Data: errorView{Message: "Uploads wait an hour for confirmation, and only the person who uploaded a file can see it. Upload the file again."}})
		return needs.Upload{}, false
	}
	if err != nil {
		w.storeError(rw, r, err)
		return needs.Upload{}, false
	}
	return up, true
}

// indicatorImportConfirm queues the previewed import as a job (any server
// sharing the database may run it) and sends the analyst to its progress
// page. Confirming twice queues it once.
func (w *Web) indicatorImportConfirm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.allowImport(rw, r)
	if !ok {
		return
	}
	up, ok := w.uploadFor(rw, r, p)
	if !ok {
		return
	}
	queued, err := w.store.QueueIndicatorUpload(r.Context(), up.Token, p.UserID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if queued {
		if w.imports == nil {
			w.serverError(rw, r, errors.New("web: no job queue for indicator imports"))
			return
		}
		if _, err := w.imports.EnqueueIndicatorImport(r.Context(), up.Token); err != nil {
			// Leave nothing queued without a job: the upload fails with a
			// message, and the analyst can upload it again.
			_ = w.store.FinishIndicatorUpload(context.WithoutCancel(r.Context()), up.Token, nil, "The import could not be queued; upload the file again.")
			w.serverError(rw, r, err)
			return
		}
	}
	http.Redirect(rw, r, "/needs/import/"+up.Token, http.StatusSeeOther)
}

type importStatusView struct {
	// Refreshing: the page updates itself (it offers a link to stop).
	Refreshing bool
	Upload     needs.Upload
	Done       bool
	Failed     string
	Result     needs.Import
	AreaCode   string
}

// indicatorImportStatus shows an import's progress, read from the database
// (so any server can show it), then its result. The page reloads itself
// until the import ends.
func (w *Web) indicatorImportStatus(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.allowImport(rw, r)
	if !ok {
		return
	}
	up, ok := w.uploadFor(rw, r, p)
	if !ok {
		return
	}
	v := importStatusView{Upload: up, Done: up.State.Finished()}
	title := "Importing " + up.FileName
	refresh := statusRefresh(r)
	v.Refreshing = refresh > 0
	if v.Done {
		refresh = 0
		title = "Import finished"
		if up.State == needs.UploadFailed {
			title, v.Failed = "Import failed", up.Error
		} else if up.Result != nil {
			v.Result = *up.Result
		}
		if len(up.Preview) > 0 {
			v.AreaCode = up.Preview[0].AreaCode
		}
	}
	w.render(rw, r, http.StatusOK, "needs-import-status", &Page{
		Title: title, Nav: "needs", Data: v, Refresh: refresh,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Import indicator data", Href: "/needs/import"}},
	})
}

// canImport reports whether p may import indicator data at all: global
// administrators, national analysts, and administrators, officers and
// analysts of a partnership. The rows they may import are limited to their
// partnerships' areas (importCoverage, checked row by row).
func (w *Web) canImport(p *auth.Principal) bool {
	return auth.CanInArea(p, auth.ImportIndicators, auth.AreaScope{AnyArea: true})
}
