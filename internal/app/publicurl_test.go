package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

// Behind TLS (--public-url https://…) the session cookie is Secure with the
// __Host- prefix and every response carries HSTS; on plain HTTP neither.
func TestPublicURLSecuresCookiesAndHSTS(t *testing.T) {
	cheap := auth.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	for _, tc := range []struct {
		publicURL  string
		cookie     string
		secure     bool
		wantHSTS   bool
		trustProxy bool
	}{
		{"", auth.CookieName, false, false, false},
		{"http://localhost:8080", auth.CookieName, false, false, false},
		{"https://placeboard.example.org", auth.SecureCookieName, true, true, true},
	} {
		// Named, not "#00": store.Open puts the data directory into a
		// file: URI unescaped, so a "#" would cut the path short.
		t.Run("url="+tc.publicURL, func(t *testing.T) {
			ctx := context.Background()
			cfg := app.Config{DataDir: t.TempDir(), SkipReference: true, PublicURL: tc.publicURL, AuthOptions: auth.Options{Params: cheap}}
			if tc.trustProxy {
				cfg.AuthOptions.TrustedProxies, _ = auth.ParseTrustedProxies("127.0.0.0/8")
			}
			a, err := app.New(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			srv := httptest.NewServer(a.Handler())
			defer srv.Close()
			hash, _ := auth.HashPassword("right password 12", cheap)
			u, err := a.Store().CreateUser(ctx, store.System, store.NewUser{Email: "ada@example.test", Name: "Ada", PasswordHash: hash})
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("POST", srv.URL+"/sign-in", strings.NewReader(url.Values{"email": {"ada@example.test"}, "password": {"right password 12"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "6.6.6.6, 198.51.100.40")
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign in: %d", resp.StatusCode)
			}
			cookies := resp.Cookies()
			if len(cookies) != 1 || cookies[0].Name != tc.cookie || cookies[0].Secure != tc.secure || cookies[0].Path != "/" || cookies[0].Domain != "" || !cookies[0].HttpOnly {
				t.Errorf("cookie = %+v, want %s secure=%v", cookies, tc.cookie, tc.secure)
			}
			if got := resp.Header.Get("Strict-Transport-Security"); (got != "") != tc.wantHSTS {
				t.Errorf("Strict-Transport-Security = %q, want set=%v", got, tc.wantHSTS)
			}
			// The session records the client: from X-Forwarded-For only
			// when the proxy (here the test's loopback) is trusted.
			sessions, err := a.Auth().Sessions(ctx, u.ID)
			if err != nil || len(sessions) != 1 {
				t.Fatalf("sessions %+v %v", sessions, err)
			}
			want := "127.0.0.1"
			if tc.trustProxy {
				want = "198.51.100.40"
			}
			if sessions[0].ClientAddress != want {
				t.Errorf("session address %q, want %q", sessions[0].ClientAddress, want)
			}
			// The cookie works on the next request.
			req, _ = http.NewRequest("GET", srv.URL+"/account", nil)
			req.AddCookie(&http.Cookie{Name: cookies[0].Name, Value: cookies[0].Value})
			resp, err = http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("/account with the cookie: %d", resp.StatusCode)
			}
		})
	}
}
