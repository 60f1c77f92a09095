package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
)

// A client that disconnects mid-request makes the store give up with
// context.Canceled. Through the whole server (web page, API, healthz) that
// is logged at info level with status 499, and nothing is logged as an
// error or as a 500.
func TestClientDisconnectIsLogged499AtInfo(t *testing.T) {
	var logs bytes.Buffer
	srv := apptest.NewWith(t, apptest.Options{
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	h := srv.App.Handler()
	_, token := srv.Login(t, srv.CreateUser(t, "gone@example.test", "Gone", false).Email)
	for _, signedIn := range []bool{false, true} {
		for _, path := range []string{"/organisations", "/api/v1/organisations", "/partnerships/1", "/api/v1/partnerships/1", "/healthz"} {
			t.Run(fmt.Sprintf("%s signed in %v", path, signedIn), func(t *testing.T) {
				logs.Reset()
				ctx, cancel := context.WithCancel(context.Background())
				cancel() // the client has gone before the store is asked
				r := httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx)
				if signedIn {
					r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: token})
				}
				h.ServeHTTP(httptest.NewRecorder(), r)
				var sawRequest bool
				for _, line := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
					var rec struct {
						Level  string `json:"level"`
						Msg    string `json:"msg"`
						Status int    `json:"status"`
					}
					if err := json.Unmarshal(line, &rec); err != nil {
						t.Fatalf("log line %q: %v", line, err)
					}
					if rec.Level == "ERROR" {
						t.Errorf("logged as an error: %s", line)
					}
					if rec.Msg == "request" {
						sawRequest = true
						if rec.Status != 499 || rec.Level != "INFO" {
							t.Errorf("request logged as %s %d, want INFO 499: %s", rec.Level, rec.Status, line)
						}
					}
				}
				if !sawRequest {
					t.Errorf("no request line logged: %s", logs.String())
				}
			})
		}
	}
}
