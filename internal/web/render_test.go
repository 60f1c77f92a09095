package web

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTemplatesParse(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	tm, err := parseTemplates(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"home", "search", "area", "areas", "organisations", "organisation", "partnerships", "partnership", "meeting", "decision", "national", "sign-in", "error", "admin", "partnership-new", "member-new", "meeting-new", "decision-new", "organisation-new", "organisation-import", "audit"} {
		if tm.pages[name] == nil {
			t.Errorf("no page template %q", name)
		}
	}
}

// The GOV.UK font (licensed for GOV.UK only) and the crown must never be
// served or asked for.
func TestNoGOVUKBranding(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	if !a.Has("vendor/govuk-frontend.min.css") {
		t.Skip("run `make assets` first")
	}
	css := string(a.files["vendor/govuk-frontend.min.css"].body)
	if strings.Contains(css, "/assets/fonts/") || strings.Contains(css, "@font-face") {
		t.Error("the copied GOV.UK CSS still declares the GDS Transport font files")
	}
	for name := range a.files {
		if strings.HasPrefix(name, "vendor/assets/") || strings.Contains(name, "crest") || strings.Contains(name, "crown") {
			t.Errorf("embedded asset %s is GOV.UK branding", name)
		}
	}
	if !strings.Contains(string(a.files["app/app.css"].body), "font-family: arial, sans-serif !important") {
		t.Error("app.css does not set Arial")
	}
	js := string(a.files["app/app.js"].body)
	if !strings.Contains(js, a.URL("vendor/govuk-frontend.min.js")) {
		t.Errorf("app.js does not import the versioned GOV.UK Frontend module:\n%s", js)
	}
}

func TestAssetsServing(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		url, cache string
		status     int
	}{
		{a.URL("app/app.css"), "public, max-age=31536000, immutable", 200},
		{"/assets/app/app.css?v=old", "no-cache", 200},
		{"/assets/app/missing.css", "", 404},
		{"/assets/vendor/.stamp", "", 404},
	} {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, httptest.NewRequest("GET", tt.url, nil))
		if rec.Code != tt.status || rec.Header().Get("Cache-Control") != tt.cache {
			t.Errorf("GET %s = %d %q, want %d %q", tt.url, rec.Code, rec.Header().Get("Cache-Control"), tt.status, tt.cache)
		}
	}
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest("GET", "/assets/app/app.css", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("app.css served as %q", ct)
	}
}

func TestRoutesRecorded(t *testing.T) {
	rs := Routes()
	want := map[string]bool{"GET /{$}": false, "GET /areas/{type}/{code}": false, "POST /partnerships/{id}/decisions/new": false, "GET /admin/audit": false, "/": false}
	for _, r := range rs {
		if _, ok := want[r]; ok {
			want[r] = true
		}
	}
	for r, seen := range want {
		if !seen {
			t.Errorf("Routes() lacks %s", r)
		}
	}
	if len(rs) < 30 {
		t.Errorf("only %d routes recorded", len(rs))
	}
}
