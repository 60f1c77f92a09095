// Package apptest starts a whole placeboard server for tests: a fresh
// SQLite store with the reference geography loaded, the real handler, on
// an httptest server. Web, API and browser tests build on it.
package apptest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// Password is the password of every user the helpers create.
const Password = "correct horse battery staple"

// fastHash keeps tests quick: argon2id with tiny costs.
var fastHash = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Server is a running test server.
type Server struct {
	*httptest.Server
	App   *app.App
	Store *store.Store
	Auth  *auth.Service
}

// Options change what New starts.
type Options struct {
	// Demo also creates the demo partnership.
	Demo bool
	// Logger receives the server's log (discarded when nil).
	Logger *slog.Logger
	// RequireAdminSecondFactor makes global administrators enrol a second
	// factor before acting as such, as a real server does. Off by default
	// so that tests about other things can sign administrators in with a
	// password alone.
	RequireAdminSecondFactor bool
	// Config, when set, changes the app's configuration before it starts
	// (single sign-on settings, say); url is where the server will listen.
	Config func(cfg *app.Config, url string)
}

// New starts a server on a fresh SQLite database with the reference data
// loaded, and stops it when the test ends.
func New(t testing.TB) *Server { return NewWith(t, Options{}) }

// NewWith is New with options.
func NewWith(t testing.TB, opt Options) *Server {
	t.Helper()
	dir := DataDir(t)
	cfg := app.Config{
		DataDir: dir,
		Demo:    opt.Demo,
		Logger:  opt.Logger,
		// Tests sign one person in from several clients and keep each
		// one, so the one-session-per-person default is lifted here; the
		// auth tests cover it.
		AuthOptions: auth.Options{Params: fastHash, MaxSessionsPerUser: 1000, AdminSecondFactorOptional: !opt.RequireAdminSecondFactor},
	}
	// The listener exists before the app, so the app can be told its URL.
	var handler http.Handler
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	if opt.Config != nil {
		opt.Config(&cfg, "http://"+srv.Listener.Addr().String())
	}
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		srv.Close()
		t.Fatalf("apptest: start app: %v", err)
	}
	handler = a.Handler()
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &Server{Server: srv, App: a, Store: a.Store(), Auth: a.Auth()}
}

// The reference data is loaded once per test binary into a template
// database, kept in memory, and written out for each server: far quicker
// than loading it per test, and nothing is left behind in the temp folder.
func copyTemplate(dst string) error {
	return storetest.WriteSQLiteTemplate(dst, "apptest: migrated, reference loaded", func(ctx context.Context, st *store.Store) error {
		if err := st.Migrate(ctx); err != nil {
			return err
		}
		_, err := app.LoadReference(ctx, st)
		return err
	})
}

// DataDir returns a new data folder holding a SQLite database as New's
// servers start on (migrated, the reference geography loaded), for tests
// that start a server themselves.
func DataDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyTemplate(dir); err != nil {
		t.Fatalf("apptest: prepare database: %v", err)
	}
	return dir
}

// PostgresURL creates a PostgreSQL database as a server leaves it after its
// first start (migrated, the job queue's tables made, the reference
// geography loaded), copied from a template, and returns its URL: the
// reference load alone takes seconds on PostgreSQL. It skips, or fails
// under CI=true, like storetest.PostgresURL; tests of a server's first
// start on an empty database use that instead.
func PostgresURL(t testing.TB) string {
	t.Helper()
	version, err := referenceVersion()
	if err != nil {
		t.Fatalf("apptest: reference data: %v", err)
	}
	return storetest.PostgresCopy(t, "apptest: app.New, reference "+version, func(ctx context.Context, url string) error {
		a, err := app.New(ctx, app.Config{DatabaseURL: url, NoJobWorkers: true})
		if err != nil {
			return err
		}
		return a.Close()
	})
}

var referenceVersion = sync.OnceValues(func() (string, error) {
	set, err := refdata.Load()
	if err != nil {
		return "", err
	}
	return app.ReferenceFromSet(set).Version, nil
})

// CreateUser adds a user with Password; admin makes them a global
// administrator.
func (s *Server) CreateUser(t testing.TB, email, name string, admin bool) store.User {
	t.Helper()
	hash, err := auth.HashPassword(Password, fastHash)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.Store.CreateUser(context.Background(), store.System, store.NewUser{Email: email, Name: name, PasswordHash: hash, Admin: admin})
	if err != nil {
		t.Fatalf("apptest: create user %s: %v", email, err)
	}
	return u
}

// Grant gives a user a role in a partnership.
func (s *Server) Grant(t testing.TB, userID, partnershipID int64, role auth.Role) {
	t.Helper()
	err := s.Store.GrantRole(context.Background(), store.System, store.RoleGrant{UserID: userID, PartnershipID: partnershipID, Role: string(role)})
	if err != nil {
		t.Fatalf("apptest: grant %s: %v", role, err)
	}
}

// Client returns an HTTP client with a cookie jar, signed in as nobody.
// Redirects are not followed, so tests see them.
func (s *Server) Client(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Login returns a client carrying a session for email (made directly
// through the auth service, not the sign-in page) and the session token.
func (s *Server) Login(t testing.TB, email string) (*http.Client, string) {
	t.Helper()
	token, _, err := s.Auth.Login(context.Background(), email, Password, auth.Client{})
	if err != nil {
		t.Fatalf("apptest: sign in %s: %v", email, err)
	}
	c := s.Client(t)
	u, _ := http.NewRequest(http.MethodGet, s.URL, nil)
	c.Jar.SetCookies(u.URL, []*http.Cookie{{Name: s.Auth.CookieName(), Value: token, Path: "/"}})
	return c, token
}

// As creates a fresh user with role in partnershipID (role "" and
// admin=true for a global administrator; role "" and admin=false for a
// signed-in user with no role) and returns a signed-in client.
func (s *Server) As(t testing.TB, role auth.Role, partnershipID int64, admin bool) (*http.Client, store.User) {
	t.Helper()
	n := userSeq.Add(1)
	email := "user" + itoa(n) + "@example.test"
	u := s.CreateUser(t, email, "Test User "+itoa(n), admin)
	if role != "" {
		s.Grant(t, u.ID, partnershipID, role)
	}
	c, _ := s.Login(t, email)
	return c, u
}
