// Package app is the composition root: it opens the store, migrates it,
// loads the reference geography on first start, and builds the HTTP
// handler (web pages, API, /healthz) wrapped in the shared middleware.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/jobs"
	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// Config is everything the server needs to start. Nothing is read from the
// environment here; the CLI fills it in.
type Config struct {
	Addr        string // e.g. 127.0.0.1:8080 (used by the CLI to listen)
	DataDir     string // SQLite data directory (default ./placeboard-data)
	DatabaseURL string // postgres://… selects PostgreSQL
	Demo        bool   // also create the demo partnership
	Logger      *slog.Logger
	// SkipReference leaves the reference geography out (for tests that do
	// not need it). The server normally loads it.
	SkipReference bool
	// AuthOptions tune sign-in (session length, rate limits, hash cost,
	// trusted proxies).
	AuthOptions auth.Options
	// Jobs tunes the background job queue (River). Its Uploads, Lock and
	// Logger are filled in here.
	Jobs jobs.Config
	// NoJobWorkers builds the queue without working it: this server
	// enqueues, others run the jobs (tests use it to show two servers
	// share one queue).
	NoJobWorkers bool
	// AuditKey signs the audit chain; the CLI reads it from the
	// environment or the data folder. Servers sharing a database need the
	// same key.
	AuditKey audit.Key
	// PublicURL is the address people use (e.g. https://placeboard.example.org).
	// When it is https, the session cookie is Secure with the __Host- prefix
	// and every response carries Strict-Transport-Security.
	PublicURL string
	// SSO, when set, offers sign-in through the deployment's OpenID
	// Connect provider.
	SSO *auth.OIDCConfig
	// SMTP is the mail server (serve's --smtp-* flags). Without a host,
	// mail is written to DataDir/outbox as .eml files instead.
	SMTP mail.SMTPConfig
	// MailSender, when set, replaces both (tests).
	MailSender mail.Sender
}

// behindHTTPS reports whether the public URL is https.
func (c Config) behindHTTPS() bool {
	return strings.HasPrefix(strings.ToLower(c.PublicURL), "https://")
}

// App is a running placeboard server's parts.
type App struct {
	cfg     Config
	ref     *refdata.Set
	log     *slog.Logger
	store   *store.Store
	auth    *auth.Service
	sso     *auth.OIDC // nil without single sign-on
	handler http.Handler
	// stopPurge ends the background clean-up of expired sessions.
	stopPurge func()
	// queue runs background jobs (indicator imports); jobsStarted says
	// whether this server works them.
	queue       *jobs.Queue
	jobsStarted bool
}

// The store is what the import job works on.
var _ importer.UploadStore = (*store.Store)(nil)

// New opens the store, migrates it, loads reference data if missing,
// creates the demo partnership when asked, and builds the handler.
func New(ctx context.Context, cfg Config) (*App, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	st, err := store.Open(ctx, store.Config{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, Logger: logger, AuditKey: cfg.AuditKey})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: logger, store: st}
	if err := a.prepare(ctx); err != nil {
		st.Close()
		return nil, err
	}
	opts := cfg.AuthOptions
	if opts.Logger == nil {
		opts.Logger = logger
	}
	if cfg.behindHTTPS() {
		opts.SecureCookies = true
	}
	a.auth = auth.NewService(st, opts)
	if a.queue, err = a.newQueue(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if !cfg.NoJobWorkers {
		if err := a.queue.Start(context.WithoutCancel(ctx)); err != nil {
			st.Close()
			return nil, err
		}
		a.jobsStarted = true
	}
	if cfg.SSO != nil {
		if a.sso, err = auth.NewOIDC(a.auth, *cfg.SSO); err != nil {
			st.Close()
			return nil, err
		}
	}
	a.stopPurge = a.purgeEvery(time.Hour)
	a.handler, err = a.routes()
	if err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// prepare migrates and loads what the server needs before it answers.
func (a *App) prepare(ctx context.Context) error {
	start := time.Now()
	if err := a.store.Migrate(ctx); err != nil {
		return err
	}
	if err := a.store.PrepareAuditLog(ctx); err != nil {
		return err
	}
	set, err := refdata.Load()
	if err != nil {
		return err
	}
	a.ref = set
	if !a.cfg.SkipReference {
		loaded, err := a.store.LoadReference(ctx, ReferenceFromSet(set))
		if err != nil {
			return fmt.Errorf("load reference data: %w", err)
		}
		if loaded {
			a.log.Info("reference data loaded", "took", time.Since(start).Round(time.Millisecond))
		}
	}
	if a.cfg.Demo {
		// Seed takes a lock (store.Exclusive) so two servers starting at
		// once on one PostgreSQL database do not both seed.
		if err := demo.Seed(ctx, a.store, a.ref); err != nil {
			return fmt.Errorf("demo partnership: %w", err)
		}
		if err := demo.SeedNeeds(ctx, a.store, a.ref); err != nil {
			return fmt.Errorf("demo needs data: %w", err)
		}
		if err := demo.SeedVoiceProposals(ctx, a.store); err != nil {
			return fmt.Errorf("demo proposals: %w", err)
		}
	}
	return nil
}

// Store returns the store (for the CLI and tests).
func (a *App) Store() *store.Store { return a.store }

// Auth returns the sign-in service.
func (a *App) Auth() *auth.Service { return a.auth }

// Handler returns the whole server's handler.
func (a *App) Handler() http.Handler { return a.handler }

// newQueue builds the job queue on the store's database with the River
// driver for its engine, after the store's migrations.
func (a *App) newQueue(ctx context.Context) (*jobs.Queue, error) {
	cfg := a.cfg.Jobs
	cfg.Uploads, cfg.Lock = a.store, a.store.Exclusive
	cfg.PBCount = a.store      // participatory-budget recounts (jobs/pb_recount.go)
	cfg.MoneyActuals = a.store // imports of actuals (jobs/money_actuals.go)
	sender, err := a.mailSender()
	if err != nil {
		return nil, err
	}
	cfg.Mail = sender
	// Voice: e-mail followers as each phase opens (jobs/voice.go).
	cfg.VoicePhases, cfg.VoiceToday, cfg.PublicURL = a.store, a.store.VoiceToday, a.cfg.PublicURL
	if cfg.Logger == nil {
		cfg.Logger = a.log
	}
	if a.store.Engine() == store.Postgres {
		return jobs.New(ctx, riverpgxv5.New(a.store.PgxPool()), cfg)
	}
	return jobs.New(ctx, riversqlite.New(a.store.SQLDB()), cfg)
}

// Jobs returns the job queue.
func (a *App) Jobs() *jobs.Queue { return a.queue }

// mailSender is where the mail job sends: the configured SMTP server, or
// the file outbox in the data folder when there is none.
func (a *App) mailSender() (mail.Sender, error) {
	if a.cfg.MailSender != nil {
		return a.cfg.MailSender, nil
	}
	if a.cfg.SMTP.Host != "" {
		return mail.NewSMTP(a.cfg.SMTP)
	}
	dir := a.cfg.DataDir
	if dir == "" {
		dir = store.DefaultDataDir
	}
	from := a.cfg.SMTP.From
	if from == "" {
		from = "placeboard@localhost"
	}
	a.log.Info("no SMTP server configured: e-mail goes to the outbox folder", "dir", filepath.Join(dir, "outbox"))
	return &mail.Outbox{Dir: filepath.Join(dir, "outbox"), From: from}, nil
}

// Notifier queues Voice's notices as mail jobs; other modules get it in
// their dependencies.
func (a *App) Notifier() voice.Notifier { return a.queue.Notifier() }

// StopJobs stops working jobs, waiting up to the queue's StopWait for
// running ones before cancelling them (a cancelled import is retried
// later). Close calls it too; serve calls it first, after the HTTP server
// has stopped taking requests.
func (a *App) StopJobs(ctx context.Context) error {
	if !a.jobsStarted {
		return nil
	}
	a.jobsStarted = false
	return a.queue.Stop(ctx)
}

// Close stops background work and releases the database.
func (a *App) Close() error {
	if a.stopPurge != nil {
		a.stopPurge()
	}
	if err := a.StopJobs(context.Background()); err != nil {
		a.log.Warn("stop jobs", "err", err)
	}
	return a.store.Close()
}

// purgeEvery deletes expired sessions and old sign-in failures now and then
// at the given interval, until the returned stop function is called.
func (a *App) purgeEvery(interval time.Duration) func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if err := a.auth.Purge(ctx); err != nil && ctx.Err() == nil {
				a.log.Warn("purge expired sessions", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); <-done }
}

// Reference returns the embedded reference geography loaded at start.
func (a *App) Reference() *refdata.Set { return a.ref }
