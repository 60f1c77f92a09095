package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
)

// Fresh databases are copies of templates: migrating a new database costs
// about 0.3 s on SQLite and 5 s on PostgreSQL (more with the reference
// geography), and hundreds of tests each want one. A template is built
// once, then copied: SQLite's as a file kept in memory per test binary,
// PostgreSQL's as a database on the server (CREATE DATABASE … TEMPLATE),
// named by a hash of what built it and the migrations, kept for later runs
// and shared by the test binaries that run at once.

// WriteSQLiteTemplate writes into dir the SQLite database that build makes
// from a new, empty store. The first call for a kind builds it; later calls
// in the test binary copy it. kind names what build does.
func WriteSQLiteTemplate(dir, kind string, build func(context.Context, *store.Store) error) error {
	sqliteTemplatesMu.Lock()
	tmpl, ok := sqliteTemplates[kind]
	if !ok {
		tmpl = &sqliteTemplate{}
		sqliteTemplates[kind] = tmpl
	}
	sqliteTemplatesMu.Unlock()
	tmpl.once.Do(func() { tmpl.db, tmpl.err = buildSQLiteTemplate(build) })
	if tmpl.err != nil {
		return tmpl.err
	}
	return os.WriteFile(filepath.Join(dir, store.DatabaseFile), tmpl.db, 0o600)
}

type sqliteTemplate struct {
	once sync.Once
	db   []byte
	err  error
}

var (
	sqliteTemplatesMu sync.Mutex
	sqliteTemplates   = map[string]*sqliteTemplate{}
)

func buildSQLiteTemplate(build func(context.Context, *store.Store) error) ([]byte, error) {
	dir, err := os.MkdirTemp("", "placeboard-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		return nil, err
	}
	if err := build(ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	// Fold the WAL into the main file so that one file is a full copy.
	if _, err := st.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(dir, store.DatabaseFile))
}

// PostgresCopy creates a database for the test, a copy of the template
// that build makes from a new, empty database (given its URL; build must
// close its connections before it returns), and returns its URL. The copy
// is dropped when the test ends; the template stays on the server, named
// by a hash of kind and the migrations, so kind must change whenever what
// build does changes (beyond the migrations). It skips (or fails under
// CI=true) like PostgresURL.
func PostgresCopy(t testing.TB, kind string, build func(ctx context.Context, url string) error) string {
	t.Helper()
	admin, db := postgresAdmin(t)
	defer db.Close()
	sum := sha256.Sum256([]byte(kind + "\x00" + store.MigrationsDigest(store.Postgres)))
	name := templatePrefix + hex.EncodeToString(sum[:12])
	postgresTemplatesMu.Lock()
	tmpl, ok := postgresTemplates[name]
	if !ok {
		tmpl = &postgresTemplate{}
		postgresTemplates[name] = tmpl
	}
	postgresTemplatesMu.Unlock()
	tmpl.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		tmpl.err = ensurePostgresTemplate(ctx, db, name, func(ctx context.Context, dbName string) error {
			return build(ctx, databaseURL(t, admin, dbName))
		})
	})
	if tmpl.err != nil {
		t.Fatalf("prepare template database %s for %s: %v", name, kind, tmpl.err)
	}
	return newPostgresDatabase(t, name)
}

// templatePrefix starts the name of every template database; a name with
// buildingMark after it is a template being built.
const (
	templatePrefix = "pbtemplate_"
	buildingMark   = "_building_"
)

// templateLock is the advisory lock held while a template is looked for or
// built, by every test process on the server.
const templateLock int64 = 0x70627465_6d706c74 // "pbtemplt"

type postgresTemplate struct {
	once sync.Once
	err  error
}

var (
	postgresTemplatesMu sync.Mutex
	postgresTemplates   = map[string]*postgresTemplate{}
)

// ensurePostgresTemplate builds the template database name unless it is
// there. It builds under another name and renames the result, so a build
// that died half way never passes for a template.
func ensurePostgresTemplate(ctx context.Context, db *sql.DB, name string, build func(ctx context.Context, dbName string) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", templateLock); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", templateLock)
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	// Builds left by a process that died (every builder holds the lock, so
	// none is under way).
	rows, err := conn.QueryContext(ctx, "SELECT datname FROM pg_database WHERE datname LIKE $1", templatePrefix+"%"+buildingMark+"%")
	if err != nil {
		return err
	}
	var stale []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		stale = append(stale, n)
	}
	rows.Close()
	for _, n := range stale {
		if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)"); err != nil {
			return err
		}
	}
	b := make([]byte, 4)
	rand.Read(b)
	building := name + buildingMark + hex.EncodeToString(b)
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return err
	}
	if err := build(ctx, building); err != nil {
		conn.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
		return fmt.Errorf("build: %w", err)
	}
	// The build closed its connections, but the server may still be ending
	// them; a database can be renamed (and copied) only with none.
	for attempt := 0; ; attempt++ {
		if _, err := conn.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", building); err != nil {
			return err
		}
		_, err := conn.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name)
		if err == nil {
			return nil
		}
		if attempt >= 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			conn.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// createDatabase creates name, empty or as a copy of template. A copy
// needs the template to have no connections: a template just renamed may
// still be losing its last ones, so that refusal is retried briefly.
func createDatabase(ctx context.Context, db *sql.DB, name, template string) error {
	if template == "" {
		_, err := db.ExecContext(ctx, "CREATE DATABASE "+name)
		return err
	}
	for attempt := 0; ; attempt++ {
		_, err := db.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+template)
		if err == nil || attempt >= 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}
