package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// staticFS holds our own assets (static/app, committed) and GOV.UK Frontend's
// built files (static/vendor, copied by `make assets` and git-ignored). The
// pattern embeds the directory even when vendor is absent, so the package
// always compiles.
//
//go:embed static
var staticFS embed.FS

// govukModulePlaceholder is replaced in app.js by the versioned URL of GOV.UK
// Frontend's module, so the import is cached as long as the file it names.
const govukModulePlaceholder = "__GOVUK_FRONTEND_URL__"

// asset is one file served under /assets/, with its bytes held in memory.
type asset struct {
	body        []byte
	contentType string
	version     string // first 12 hex digits of the SHA-256 of body
}

// assets serves the embedded files at /assets/<path>?v=<version>. A request
// carrying the current version is cached for a year; any other is revalidated,
// so a page never mixes old and new files after an upgrade.
type assets struct {
	files   map[string]*asset // keyed by path under static/, e.g. "app/app.css"
	started time.Time
}

func loadAssets() (*assets, error) {
	a := &assets{files: map[string]*asset{}, started: time.Now()}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.files[name] = &asset{body: body, contentType: ctype}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading embedded assets: %w", err)
	}
	// Hash everything except app.js first, then point app.js at the
	// versioned GOV.UK Frontend module and hash it too.
	for name, f := range a.files {
		if name != "app/app.js" {
			f.version = hashOf(f.body)
		}
	}
	if js, ok := a.files["app/app.js"]; ok {
		js.body = bytes.ReplaceAll(js.body, []byte(govukModulePlaceholder), []byte(a.URL("vendor/govuk-frontend.min.js")))
		js.version = hashOf(js.body)
	}
	return a, nil
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

// Has reports whether name was embedded (vendor files are missing until
// `make assets` has run).
func (a *assets) Has(name string) bool { _, ok := a.files[name]; return ok }

// URL is the versioned address of an embedded file, for templates.
func (a *assets) URL(name string) string {
	f, ok := a.files[name]
	if !ok {
		return "/assets/" + name
	}
	return "/assets/" + name + "?v=" + f.version
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/assets/")
	f, ok := a.files[name]
	if !ok || strings.HasPrefix(path.Base(name), ".") {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	etag := `"` + f.version + `"`
	h.Set("ETag", etag)
	if r.URL.Query().Get("v") == f.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, "", a.started, bytes.NewReader(f.body))
}
