// Package jobs runs placeboard's background work on River
// (github.com/riverqueue/river): a queue kept in the database, so every
// server sharing a PostgreSQL database shares it, and a job whose server
// dies is picked up again.
//
// The composition root (internal/app) picks the River driver for the
// store's engine (riverpgxv5 on PostgreSQL, riversqlite on SQLite) and
// hands it to New; this package owns the client: migrating River's schema,
// registering workers, starting, enqueueing and stopping with a bounded
// wait.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/voice"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// Defaults for Config's durations.
const (
	// DefaultRescueAfter is how long a job may stay running before River
	// takes it as stuck (its server died) and runs it again. An import of a
	// million rows takes minutes; an hour leaves a wide margin.
	DefaultRescueAfter = time.Hour
	// DefaultStopWait is how long Stop lets running jobs finish before it
	// cancels them.
	DefaultStopWait = 30 * time.Second
	// ImportAttempts is how many times an import (indicators, actuals)
	// runs before it is marked failed.
	ImportAttempts = 3
)

// Config tunes the queue. Zero values take the defaults.
type Config struct {
	Logger *slog.Logger
	// Workers is how many jobs this server runs at once.
	Workers int
	// RescueAfter: a job running longer than this is taken as stuck (its
	// server died) and retried. River has no heartbeat, so a job is also
	// cut off at its timeout, RescueAfter minus a minute (or half of it
	// when that is shorter), so that a live job never outlives its rescue
	// and runs twice. River never rescues a job without a timeout.
	RescueAfter time.Duration
	// StopWait bounds how long Stop waits for running jobs before
	// cancelling them.
	StopWait time.Duration
	// PollInterval is how often the queue is polled where no notifications
	// exist (SQLite); 0 keeps River's default (one second).
	PollInterval time.Duration
	// Lock, if set, serialises River's schema migration across servers
	// (store.Exclusive).
	Lock func(ctx context.Context, name string, fn func(context.Context) error) error
	// Uploads is the store the indicator-import worker uses.
	Uploads importer.UploadStore
	// Mail sends the mail jobs (mail.go): SMTP, or the file outbox.
	Mail mail.Sender
	// MoneyActuals keeps the uploads of actuals the money import job posts
	// (money_actuals.go); nil registers no such worker.
	MoneyActuals money.ActualsUploadStore
	// PBCount is where the participatory-budget recount job reads ballots
	// and writes results (*store.Store); nil registers no recount worker.
	PBCount budgeting.CountStore
	// ID names this server's River client (for tests telling two apart).
	ID string
	// VoicePhases, with Mail, lets the queue e-mail the followers of each
	// engagement process phase as it opens (voice.go); VoiceToday is the
	// day it judges by and PublicURL the site's address for the links.
	VoicePhases voice.PhaseNoticeStore
	VoiceToday  func() string
	PublicURL   string
}

// Queue is a started or startable River client, whatever its driver.
type Queue struct {
	log      *slog.Logger
	stopWait time.Duration
	start    func(context.Context) error
	stop     func(context.Context) error
	cancel   func(context.Context) error
	insert   func(context.Context, river.JobArgs, *river.InsertOpts) (*rivertype.JobInsertResult, error)
	jobState func(context.Context, int64) (rivertype.JobState, error)
	mail     bool // a mail worker is registered
	// moneyActuals: a money actuals import worker is registered
	// (money_actuals.go).
	moneyActuals bool
	// pbRecount: a participatory-budget recount worker is registered
	// (pb_recount.go).
	pbRecount bool
}

// New migrates River's schema on driver's database (after the store's own
// migrations) and builds the client with every worker registered. Call
// Start to work jobs; a Queue that is never started can still enqueue.
func New[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], cfg Config) (*Queue, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	migrate := func(ctx context.Context) error {
		m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: logger})
		if err != nil {
			return err
		}
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		return err
	}
	var err error
	if cfg.Lock != nil {
		err = cfg.Lock(ctx, "river-migrate", migrate)
	} else {
		err = migrate(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: migrate the queue: %w", err)
	}
	rescue := cfg.RescueAfter
	if rescue <= 0 {
		rescue = DefaultRescueAfter
	}
	timeout := rescue - time.Minute
	if timeout < rescue/2 {
		timeout = rescue / 2
	}
	stopWait := cfg.StopWait
	if stopWait <= 0 {
		stopWait = DefaultStopWait
	}
	workers := river.NewWorkers()
	if cfg.Uploads != nil {
		river.AddWorker(workers, &indicatorImportWorker{uploads: cfg.Uploads, log: logger})
	}
	if cfg.Mail != nil {
		river.AddWorker(workers, &mailWorker{sender: cfg.Mail, log: logger})
	}
	if cfg.MoneyActuals != nil {
		river.AddWorker(workers, &moneyActualsWorker{uploads: cfg.MoneyActuals, log: logger}) // money_actuals.go
	}
	if cfg.PBCount != nil {
		river.AddWorker(workers, &pbRecountWorker{store: cfg.PBCount, log: logger}) // pb_recount.go
	}
	var voiceWorker *voicePhaseWorker // voice.go
	var periodic []*river.PeriodicJob
	if cfg.Mail != nil && cfg.VoicePhases != nil && cfg.VoiceToday != nil {
		voiceWorker = &voicePhaseWorker{store: cfg.VoicePhases, today: cfg.VoiceToday, publicURL: cfg.PublicURL, log: logger}
		river.AddWorker(workers, voiceWorker)
		periodic = append(periodic, voicePeriodic())
	}
	n := cfg.Workers
	if n <= 0 {
		n = 2
	}
	client, err := river.NewClient(driver, &river.Config{
		ID:                   cfg.ID,
		Logger:               logger,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}},
		Workers:              workers,
		RescueStuckJobsAfter: rescue,
		JobTimeout:           timeout,
		FetchPollInterval:    cfg.PollInterval,
		SoftStopTimeout:      stopWait,
		PeriodicJobs:         periodic,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: new client: %w", err)
	}
	q := &Queue{
		log: logger, stopWait: stopWait, mail: cfg.Mail != nil, pbRecount: cfg.PBCount != nil, moneyActuals: cfg.MoneyActuals != nil,
		start:  client.Start,
		stop:   client.Stop,
		cancel: client.StopAndCancel,
		insert: client.Insert,
		jobState: func(ctx context.Context, id int64) (rivertype.JobState, error) {
			j, err := client.JobGet(ctx, id)
			if err != nil {
				return "", err
			}
			return j.State, nil
		},
	}
	if voiceWorker != nil {
		voiceWorker.queue = q
	}
	return q, nil
}

// Start begins working jobs until Stop.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits up to StopWait for running ones; then
// their contexts are cancelled (a cancelled import goes back to the queue
// and is retried, by this server when it starts again or by another), and
// Stop waits a further StopWait for them to return.
func (q *Queue) Stop(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*q.stopWait+5*time.Second)
	defer cancel()
	if err := q.stop(ctx); err != nil {
		q.log.Warn("jobs: graceful stop did not finish; cancelling running jobs", "err", err)
		cctx, ccancel := context.WithTimeout(context.Background(), q.stopWait)
		defer ccancel()
		if err := q.cancel(cctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("jobs: stop: %w", err)
		}
	}
	return nil
}

// JobState reports a job's state (for tests and status pages).
func (q *Queue) JobState(ctx context.Context, id int64) (string, error) {
	st, err := q.jobState(ctx, id)
	if err != nil {
		return "", fmt.Errorf("jobs: job %d: %w", id, err)
	}
	return string(st), nil
}

// EnqueueIndicatorImport queues the import of a confirmed upload and
// returns the job's id. Any server sharing the database may work it.
func (q *Queue) EnqueueIndicatorImport(ctx context.Context, token string) (int64, error) {
	res, err := q.insert(ctx, IndicatorImportArgs{Token: token}, &river.InsertOpts{MaxAttempts: ImportAttempts})
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue indicator import: %w", err)
	}
	return res.Job.ID, nil
}
