// Package store keeps placeboard's data in SQLite (the default) or
// PostgreSQL behind one Store over *sql.DB. SQL is hand-written with $n
// placeholders, which both engines accept; the few differences (ID
// generation, case-insensitive search, locking) are hidden here.
//
// Every write takes the acting user and appends its audit entry in the same
// transaction as the change, so the data and its log never disagree.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/money"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Errors callers can test with errors.Is. Validation problems (bad or
// unknown field values) come back as *validation.Errors instead.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict") // a unique value is taken, or the row changed underneath
)

// Engine names the database engine in use.
type Engine string

// Engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DefaultDataDir is where the SQLite database lives unless told otherwise.
const DefaultDataDir = "./placeboard-data"

// DatabaseFile is the SQLite file's name inside the data directory.
const DatabaseFile = "placeboard.db"

// Config says which database to open. DatabaseURL (postgres://…) selects
// PostgreSQL; otherwise SQLite at DataDir/placeboard.db.
type Config struct {
	DataDir     string
	DatabaseURL string
	Logger      *slog.Logger
	// MaxOpenConns caps the pool; 0 picks a sensible default per engine.
	MaxOpenConns int
	// AuditKey signs the audit chain (auditlog.go). The zero key writes the
	// old unkeyed entries, and only onto a log that is not keyed yet.
	AuditKey audit.Key
	// ConnectWait bounds the retries while PostgreSQL does not answer at
	// start (connect.go); 0 means DefaultConnectWait.
	ConnectWait time.Duration
}

// Store is the database. It is safe for concurrent use.
type Store struct {
	db     *sql.DB
	engine Engine
	log    *slog.Logger
	now    func() time.Time
	// auditKey signs the audit chain; see Config.AuditKey.
	auditKey audit.Key

	peers peerCache // needs.go: peer values for area profiles

	moneyConsults money.Consultations // money_ledger.go: consult before allocating

	// pgx is a native pool on the same PostgreSQL database, for the job
	// queue's driver (nil on SQLite).
	pgx *pgxpool.Pool
}

// Open connects to the database in cfg (creating the SQLite data directory
// if needed) and checks it answers. It does not migrate: call Migrate.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Store{log: logger, now: time.Now, auditKey: cfg.AuditKey}
	var err error
	switch {
	case cfg.DatabaseURL != "":
		u, perr := url.Parse(cfg.DatabaseURL)
		if perr != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return nil, fmt.Errorf("database URL must start postgres:// (got %q)", redact(cfg.DatabaseURL))
		}
		s.engine = Postgres
		s.db, err = sql.Open("pgx", cfg.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
		n := cfg.MaxOpenConns
		if n == 0 {
			n = 10
		}
		s.db.SetMaxOpenConns(n)
		s.db.SetMaxIdleConns(n)
		pcfg, err := pgxpool.ParseConfig(cfg.DatabaseURL)
		if err != nil {
			s.db.Close()
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
		pcfg.MaxConns = 4 // the job queue: a listener, fetches and completions
		if s.pgx, err = pgxpool.NewWithConfig(ctx, pcfg); err != nil {
			s.db.Close()
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
	default:
		dir := cfg.DataDir
		if dir == "" {
			dir = DefaultDataDir
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		s.engine = SQLite
		path := filepath.Join(dir, DatabaseFile)
		// busy_timeout must precede journal_mode; _txlock=immediate takes the
		// write lock at BEGIN so read-then-write transactions never deadlock.
		// mmap_size maps the first GiB of the file for reading: a page not
		// in a connection's cache is then read from memory rather than by a
		// pread each (an area profile reads about 250 pages, and a system
		// call costs tens of microseconds on a virtual machine).
		dsn := "file:" + sqliteURIPath(path) + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=mmap_size(1073741824)&_txlock=immediate"
		s.db, err = sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("open SQLite: %w", err)
		}
		n := cfg.MaxOpenConns
		if n == 0 {
			n = 4
		}
		s.db.SetMaxOpenConns(n)
		s.db.SetMaxIdleConns(n)
	}
	if err := s.connect(ctx, cfg.DatabaseURL, cfg.ConnectWait); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s database: %w", s.engine, err)
	}
	return s, nil
}

// redact hides a password in a database URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Engine reports which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// DB exposes the pool for tests and tools that must reach below the store
// (e.g. the audit tests edit rows by hand). Application code must not use it.
func (s *Store) DB() *sql.DB { return s.db }

// Ping checks the database answers, for /healthz.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.db.PingContext(ctx)
}

// Close closes the pools.
func (s *Store) Close() error {
	if s.pgx != nil {
		s.pgx.Close()
	}
	return s.db.Close()
}

// SQLDB is the database/sql pool, for the job queue's SQLite driver, which
// must share the store's connections (one process owns the SQLite file).
// Domain code never sees it: only the composition root (internal/app) calls
// this.
func (s *Store) SQLDB() *sql.DB { return s.db }

// PgxPool is a native pgx pool on the same PostgreSQL database, for the job
// queue's driver; nil on SQLite. Only the composition root calls this.
func (s *Store) PgxPool() *pgxpool.Pool { return s.pgx }

// Migrate applies every embedded migration not yet applied. Several
// processes may call it at once on one PostgreSQL database: goose takes a
// session lock there.
func (s *Store) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrationsFS, "migrations/"+string(s.engine))
	if err != nil {
		return err
	}
	// Each module numbers its migrations in its own range, so a database
	// may already hold a later module's migrations when an earlier range
	// gains one (00002 after 01000): apply it rather than refuse.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
		locker, err := newPostgresLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.db, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		s.log.Info("migration applied", "version", r.Source.Version, "file", filepath.Base(r.Source.Path), "took", r.Duration)
	}
	return nil
}

// tx runs fn in a transaction, committing when fn returns nil. A busy or
// lock error comes back marked with ErrBusy.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return busy(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return busy(err)
	}
	return busy(tx.Commit())
}

// like turns user text into a case-insensitive LIKE pattern, escaping the
// wildcards. Both engines get `lower(col) LIKE lower($n) ESCAPE '\'`.
func like(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(strings.TrimSpace(q))) + "%"
}

// stamp is the current time as stored in created_at/updated_at columns.
func (s *Store) stamp() string { return audit.FormatTime(s.now()) }

// sqliteURIPath escapes the characters that end or change a path inside a
// SQLite "file:" URI ('?' starts the query, '#' the fragment, '%' an escape),
// so a data folder such as "runs#1" opens the file that was asked for.
func sqliteURIPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}
