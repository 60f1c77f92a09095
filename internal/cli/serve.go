package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/jobs"
	"github.com/placeboard/placeboard/internal/store"
)

// EnvDatabaseURL selects PostgreSQL when --database is not given.
const EnvDatabaseURL = "PLACEBOARD_DATABASE_URL"

// Environment variables standing in for serve's --public-url and
// --trusted-proxies.
const (
	EnvPublicURL      = "PLACEBOARD_PUBLIC_URL"
	EnvTrustedProxies = "PLACEBOARD_TRUSTED_PROXIES"
)

// signInFlags are serve's settings for running behind a reverse proxy and
// for sign-in.
type signInFlags struct {
	publicURL, trustedProxies string
	maxHashes, maxSessions    int
}

func (p *signInFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.publicURL, "public-url", "", "the `URL` people use to reach the server, e.g. https://placeboard.example.org; https makes the session cookie Secure (__Host-) and turns on HSTS (default $"+EnvPublicURL+")")
	fs.StringVar(&p.trustedProxies, "trusted-proxies", "", "comma-separated `CIDR` ranges of reverse proxies whose X-Forwarded-For names the client, e.g. 10.0.0.0/8 (default $"+EnvTrustedProxies+"; none)")
	fs.IntVar(&p.maxHashes, "max-password-hashes", 0, "password hashes (19 MiB each) allowed at once; further sign-ins wait briefly, then get 503 (default: the number of CPUs)")
	fs.IntVar(&p.maxSessions, "max-sessions-per-user", 1, "sessions one person keeps; signing in ends the oldest beyond this (1: signing in again ends the earlier session)")
}

// apply checks the flags (or their environment variables) and writes them
// into cfg, naming the bad one on failure.
func (p *signInFlags) apply(cfg *app.Config, std IO) error {
	public, publicSrc := p.publicURL, "--public-url"
	if public == "" {
		public, publicSrc = std.Getenv(EnvPublicURL), EnvPublicURL
	}
	if public != "" {
		u, err := url.Parse(public)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return fmt.Errorf("%s must be the site's root URL, like https://placeboard.example.org (got %q)", publicSrc, public)
		}
		cfg.PublicURL = strings.TrimSuffix(public, "/")
	}
	proxies, proxiesSrc := p.trustedProxies, "--trusted-proxies"
	if proxies == "" {
		proxies, proxiesSrc = std.Getenv(EnvTrustedProxies), EnvTrustedProxies
	}
	trusted, err := auth.ParseTrustedProxies(proxies)
	if err != nil {
		return fmt.Errorf("%s: %v", proxiesSrc, err)
	}
	cfg.AuthOptions.TrustedProxies = trusted
	if p.maxHashes < 0 {
		return fmt.Errorf("--max-password-hashes must be 1 or more (got %d)", p.maxHashes)
	}
	cfg.AuthOptions.MaxConcurrentHashes = p.maxHashes
	if p.maxSessions < 1 {
		return fmt.Errorf("--max-sessions-per-user must be 1 or more (got %d)", p.maxSessions)
	}
	cfg.AuthOptions.MaxSessionsPerUser = p.maxSessions
	return nil
}

// dbFlags are the storage flags shared by every command that opens the
// database.
type dbFlags struct {
	data     string
	database string
}

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.data, "data", store.DefaultDataDir, "`DIR` holding the SQLite database (placeboard.db)")
	fs.StringVar(&d.database, "database", "", "PostgreSQL `URL` (postgres://…); default $"+EnvDatabaseURL+", else SQLite")
}

// url returns the database URL from the flag or the environment.
func (d *dbFlags) url(std IO) string {
	if d.database != "" {
		return d.database
	}
	return std.Getenv(EnvDatabaseURL)
}

// check validates the flags, naming the bad one.
func (d *dbFlags) check(cmd string, std IO) bool {
	u := d.url(std)
	if u != "" && !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
		src := "--database"
		if d.database == "" {
			src = EnvDatabaseURL
		}
		fmt.Fprintf(std.Stderr, "placeboard %s: %s must be a postgres:// URL\n", cmd, src)
		return false
	}
	if u == "" && strings.TrimSpace(d.data) == "" {
		fmt.Fprintf(std.Stderr, "placeboard %s: --data must name a directory\n", cmd)
		return false
	}
	return true
}

// openStore opens and migrates the store named by the flags, with the
// audit key (created in the data folder on first use; audit.go).
func (d *dbFlags) openStore(ctx context.Context, logger *slog.Logger, std IO) (*store.Store, error) {
	key, err := d.auditKey(std, true)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, store.Config{DataDir: d.data, DatabaseURL: d.url(std), Logger: logger, AuditKey: key})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.PrepareAuditLog(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// noArgs reports stray positional arguments as bad input.
func noArgs(fs *flag.FlagSet, cmd string, std IO) bool {
	if fs.NArg() > 0 {
		fmt.Fprintf(std.Stderr, "placeboard %s: unexpected argument %q\n", cmd, fs.Arg(0))
		return false
	}
	return true
}

func runServe(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("serve", "serve [--addr HOST:PORT] [--data DIR] [--database URL] [--demo] [--public-url URL] [--trusted-proxies CIDR,...] [--max-password-hashes N] [--max-sessions-per-user N] [--oidc-issuer URL --oidc-client-id ID --oidc-domain DOMAIN=ORG_ID ...] [--smtp-host HOST --smtp-port PORT --smtp-user NAME --smtp-password PASSWORD --smtp-from ADDRESS --smtp-tls none|starttls|tls]", std)
	addr := fs.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on")
	demo := fs.Bool("demo", false, "also create the demo partnership (fictional people on a real board area)")
	rescueAfter := fs.Duration("job-rescue-after", jobs.DefaultRescueAfter, "a background job running longer than `DURATION` is taken as stuck (its server died) and run again")
	stopWait := fs.Duration("job-stop-wait", jobs.DefaultStopWait, "on SIGTERM/SIGINT, wait up to `DURATION` for running background jobs before cancelling them (a cancelled import is retried later)")
	var db dbFlags
	db.register(fs)
	var signIn signInFlags
	signIn.register(fs)
	var sso ssoFlags
	sso.register(fs)
	var smtp smtpFlags // serve_smtp.go
	smtp.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, "serve", std) || !db.check("serve", std) {
		return ExitBadInput
	}
	cfg := app.Config{Addr: *addr, DataDir: db.data, DatabaseURL: db.url(std), Demo: *demo}
	if err := errors.Join(signIn.apply(&cfg, std), sso.apply(&cfg, std), smtp.apply(&cfg, std)); err != nil {
		fmt.Fprintf(std.Stderr, "placeboard serve: %v\n", err)
		return ExitBadInput
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		fmt.Fprintf(std.Stderr, "placeboard serve: --addr must be HOST:PORT, like 127.0.0.1:8080 (%v)\n", err)
		return ExitBadInput
	}
	logger := slog.New(slog.NewTextHandler(std.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// Listen first, so a taken port is reported before any slow work.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard serve: cannot listen on --addr %s: %v\n", *addr, err)
		return ExitFailure
	}
	start := time.Now()
	if *rescueAfter < 2*time.Second || *stopWait <= 0 {
		fmt.Fprintf(std.Stderr, "placeboard serve: --job-rescue-after must be at least 2s and --job-stop-wait above 0\n")
		ln.Close()
		return ExitBadInput
	}
	key, err := db.auditKey(std, true)
	if err != nil {
		ln.Close()
		fmt.Fprintf(std.Stderr, "placeboard serve: %v\n", err)
		return ExitFailure
	}
	cfg.Logger, cfg.AuditKey = logger, key
	cfg.Jobs = jobs.Config{RescueAfter: *rescueAfter, StopWait: *stopWait}
	a, err := app.New(ctx, cfg)
	if err != nil {
		ln.Close()
		fmt.Fprintf(std.Stderr, "placeboard serve: %v\n", err)
		return ExitFailure
	}
	defer a.Close()
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(std.Stdout, "placeboard: serving http://%s/ (%s, ready in %s)\n", ln.Addr(), a.Store().Engine(), time.Since(start).Round(time.Millisecond))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(std.Stderr, "placeboard serve: %v\n", err)
			return ExitFailure
		}
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			fmt.Fprintf(std.Stderr, "placeboard serve: shutdown: %v\n", err)
		}
		// Then the background jobs: a bounded wait, then cancellation.
		if err := a.StopJobs(context.Background()); err != nil {
			fmt.Fprintf(std.Stderr, "placeboard serve: stop jobs: %v\n", err)
		}
		fmt.Fprintln(std.Stdout, "placeboard: stopped")
	}
	return ExitOK
}
