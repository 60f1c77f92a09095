package web

// Web import of indicator files (needs): upload → preview (every problem by
// row and column, or a summary and the first rows) → confirm → progress page.
// The import itself runs in the background in one transaction.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

// maxIndicatorUpload bounds an uploaded indicator file.
const maxIndicatorUpload = 50 << 20

// uploadTTL is how long a previewed upload waits for confirmation.
const uploadTTL = time.Hour

// indicatorUpload is a previewed file waiting for confirmation, then the
// running or finished import.
type indicatorUpload struct {
	Token    string
	UserID   int64
	Name     string
	Format   needs.Format
	Mapping  *importer.Mapping
	data     []byte
	Summary  needs.Summary
	Preview  []needs.DataPoint
	created  time.Time
	started  atomic.Bool
	rows     atomic.Int64
	done     atomic.Bool
	mu       sync.Mutex
	result   store.IndicatorImport
	err      error
	errorMsg string
}

type indicatorUploads struct {
	mu sync.Mutex
	m  map[string]*indicatorUpload
}

func (u *indicatorUploads) put(up *indicatorUpload) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[string]*indicatorUpload{}
	}
	for k, v := range u.m {
		if time.Since(v.created) > uploadTTL && (v.done.Load() || !v.started.Load()) {
			delete(u.m, k)
		}
	}
	u.m[up.Token] = up
}

func (u *indicatorUploads) get(token string) *indicatorUpload {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.m[token]
}

// canImportIndicators: global administrators, and officers and
// administrators of any partnership (the public-health analysts).
func canImportIndicators(p *auth.Principal) bool {
	if p == nil {
		return false
	}
	if p.Admin {
		return true
	}
	for _, r := range p.Roles {
		if r == auth.RoleOfficer || r == auth.RoleAdministrator {
			return true
		}
	}
	return false
}

func (w *Web) allowImport(rw http.ResponseWriter, r *http.Request) (*auth.Principal, bool) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return nil, false
	}
	if !canImportIndicators(p) {
		w.forbidden(rw, r)
		return nil, false
	}
	return p, true
}

type indicatorImportView struct {
	RowErrors []needs.RowError
	More      int
	Upload    *indicatorUpload
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
	up := &indicatorUpload{Token: newToken(), UserID: p.UserID, Name: filepath.Base(hdr.Filename), Format: format, Mapping: mapping, data: data, created: time.Now()}
	im := &importer.Importer{Catalogue: cat, Mapping: mapping}
	sum, err := im.Import(format, up.Name, bytes.NewReader(data), func(line int, dp needs.DataPoint) error {
		if len(up.Preview) < 10 {
			up.Preview = append(up.Preview, dp)
		}
		return nil
	})
	if ie, ok := needs.AsImportError(err); ok {
		f.AddError("file", "The file has problems, listed below by row and column. Nothing was imported: correct them and upload it again.")
		w.renderIndicatorImport(rw, r, http.StatusUnprocessableEntity, f, indicatorImportView{RowErrors: ie.Errors, More: ie.More})
		return
	}
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	up.Summary = sum
	w.uploads.put(up)
	w.render(rw, r, http.StatusOK, "needs-import-preview", &Page{
		Title: "Check the import", Nav: "needs", Data: up, Form: newForm(),
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Import indicator data", Href: "/needs/import"}},
	})
}

func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// uploadFor finds the caller's upload, or answers 410 Gone: uploads are
// kept for an hour, and another person's upload is not shown to exist.
func (w *Web) uploadFor(rw http.ResponseWriter, r *http.Request, p *auth.Principal) *indicatorUpload {
	up := w.uploads.get(r.PathValue("token"))
	if up == nil || up.UserID != p.UserID {
		w.render(rw, r, http.StatusGone, "error", &Page{Title: "This upload has expired",
			Data: errorView{Message: "Uploads wait an hour for confirmation, and only the person who uploaded a file can see it. Upload the file again."}})
		return nil
	}
	return up
}

// indicatorImportConfirm starts the previewed import in the background and
// sends the analyst to its progress page.
func (w *Web) indicatorImportConfirm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.allowImport(rw, r)
	if !ok {
		return
	}
	up := w.uploadFor(rw, r, p)
	if up == nil {
		return
	}
	if up.started.CompareAndSwap(false, true) {
		actor := p.Actor()
		go w.runIndicatorImport(up, actor)
	}
	http.Redirect(rw, r, "/needs/import/"+up.Token, http.StatusSeeOther)
}

func (w *Web) runIndicatorImport(up *indicatorUpload, actor store.Actor) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	var res store.IndicatorImport
	cat, err := w.store.NeedsCatalogue(ctx)
	if err == nil {
		im := &importer.Importer{Catalogue: cat, Mapping: up.Mapping, ProgressEvery: 1000, Progress: func(n int) { up.rows.Store(int64(n)) }}
		res, err = w.store.ImportIndicators(ctx, actor, store.IndicatorImportFile{Format: up.Format, FileName: up.Name}, cat,
			func(emit needs.Emit) (needs.Summary, error) {
				return im.Import(up.Format, up.Name, bytes.NewReader(up.data), emit)
			})
	}
	up.mu.Lock()
	up.result, up.err = res, err
	if err != nil {
		up.errorMsg = "The import failed and nothing was stored: " + err.Error()
		w.log.Error("indicator import", "file", up.Name, "err", err)
	}
	up.data = nil
	up.mu.Unlock()
	up.rows.Store(int64(up.Summary.Rows))
	up.done.Store(true)
}

type importStatusView struct {
	Upload   *indicatorUpload
	Rows     int64
	Total    int
	Percent  int
	Done     bool
	Failed   string
	Result   store.IndicatorImport
	AreaCode string
}

// indicatorImportStatus shows an import's progress, then its result.
func (w *Web) indicatorImportStatus(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.allowImport(rw, r)
	if !ok {
		return
	}
	up := w.uploadFor(rw, r, p)
	if up == nil {
		return
	}
	v := importStatusView{Upload: up, Rows: up.rows.Load(), Total: up.Summary.Rows, Done: up.done.Load()}
	if v.Total > 0 {
		v.Percent = int(v.Rows * 100 / int64(v.Total))
	}
	if v.Done {
		up.mu.Lock()
		v.Failed, v.Result = up.errorMsg, up.result
		up.mu.Unlock()
		if len(up.Preview) > 0 {
			v.AreaCode = up.Preview[0].AreaCode
		}
	}
	title := "Importing " + up.Name
	if v.Done {
		title = "Import finished"
		if v.Failed != "" {
			title = "Import failed"
		}
	}
	w.render(rw, r, http.StatusOK, "needs-import-status", &Page{
		Title: title, Nav: "needs", Data: v,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Import indicator data", Href: "/needs/import"}},
	})
}
