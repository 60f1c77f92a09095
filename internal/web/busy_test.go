package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
)

// A busy database answers 503 with Retry-After and a page saying nothing
// changed; any other failure stays a 500.
func TestServerErrorBusyIs503(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	tm, err := parseTemplates(a)
	if err != nil {
		t.Fatal(err)
	}
	w := &Web{log: slog.New(slog.DiscardHandler), assets: a, tmpl: tm}
	tests := []struct {
		err    error
		status int
		retry  bool
	}{
		{fmt.Errorf("store: create session: %w", store.ErrBusy), http.StatusServiceUnavailable, true},
		{errors.New("disk on fire"), http.StatusInternalServerError, false},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		w.serverError(rec, httptest.NewRequest(http.MethodPost, "/sign-in", nil), tt.err)
		if rec.Code != tt.status || (rec.Header().Get("Retry-After") != "") != tt.retry {
			t.Errorf("%v: %d, Retry-After %q", tt.err, rec.Code, rec.Header().Get("Retry-After"))
		}
		if tt.retry && !strings.Contains(rec.Body.String(), "Nothing was changed") {
			t.Errorf("busy page does not say nothing changed")
		}
	}
}
