package routetest

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/api"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
)

func TestDebugImport(t *testing.T) {
	srv := apptest.New(t)
	a := api.New(api.Deps{Store: srv.Store, Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
		Authenticate: func(*http.Request) (*auth.Principal, error) { return &auth.Principal{UserID: 1, Admin: true}, nil }})
	req := httptest.NewRequest("POST", "/api/v1/organisations/import", strings.NewReader("name,kind\nA,voluntary\n"))
	req.Header.Set("Content-Type", "text/csv")
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body)
}
