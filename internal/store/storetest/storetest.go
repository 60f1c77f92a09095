// Package storetest gives store tests fresh databases on both engines:
// SQLite in a temporary directory, and PostgreSQL in a new database created
// for the test on the server named by PLACEBOARD_TEST_POSTGRES (the Makefile
// sets it). Without PostgreSQL the PostgreSQL half skips, except when
// CI=true, where it fails: CI must run the whole suite on both engines.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// EnvPostgres names the server the PostgreSQL tests use, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const EnvPostgres = "PLACEBOARD_TEST_POSTGRES"

// AuditKey is the audit key every store opened here signs with, so tests
// run the keyed chain as servers do. Open a second store on the same
// database with it (or deliberately without it).
var AuditKey = func() audit.Key {
	k, err := audit.NewKey([]byte("placeboard storetest audit key, 32+ bytes"))
	if err != nil {
		panic(err)
	}
	return k
}()

// Engines runs fn once per engine as subtests "sqlite" and "postgres", each
// with a fresh, migrated store holding the small reference fixture.
func Engines(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, Fixture(t, SQLite(t))) })
	t.Run("postgres", func(t *testing.T) { fn(t, Fixture(t, Postgres(t))) })
}

// EnginesEmpty is Engines without the reference fixture.
func EnginesEmpty(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a fresh, migrated SQLite store in a temporary directory:
// a copy of a database migrated once per test binary (migrating takes
// about 0.3 s, a copy a millisecond).
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	dir := t.TempDir()
	if err := WriteSQLiteTemplate(dir, "storetest", migrateSQLite); err != nil {
		t.Fatalf("prepare SQLite: %v", err)
	}
	s, err := store.Open(context.Background(), store.Config{DataDir: dir, AuditKey: AuditKey})
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	// Nothing left to apply on the copy; run it as a server would.
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate SQLite: %v", err)
	}
	return s
}

func migrateSQLite(ctx context.Context, s *store.Store) error { return s.Migrate(ctx) }

// PostgresURL creates a fresh, empty database and returns its URL; it is
// dropped when the test ends. It skips (or fails under CI=true) when
// PostgreSQL is not there.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return newPostgresDatabase(t, "")
}

// newPostgresDatabase creates a database for the test, empty or a copy of
// template, and drops it when the test ends.
func newPostgresDatabase(t testing.TB, template string) string {
	t.Helper()
	admin, db := postgresAdmin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b := make([]byte, 6)
	rand.Read(b)
	name := "pbtest_" + hex.EncodeToString(b)
	if err := createDatabase(ctx, db, name, template); err != nil {
		db.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
		db.Close()
	})
	return databaseURL(t, admin, name)
}

// postgresAdmin connects to the server named by EnvPostgres, skipping the
// test (or failing it under CI=true) when there is none. The caller closes
// the pool.
func postgresAdmin(t testing.TB) (string, *sql.DB) {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	ci := os.Getenv("CI") == "true"
	if admin == "" {
		if ci {
			t.Fatalf("%s is not set: CI must run the store suite on PostgreSQL", EnvPostgres)
		}
		t.Skipf("%s is not set: skipping the PostgreSQL half", EnvPostgres)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", admin)
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		if ci {
			t.Fatalf("PostgreSQL at %s is unreachable (CI=true, so this fails): %v", EnvPostgres, err)
		}
		t.Skipf("PostgreSQL unreachable: %v", err)
	}
	return admin, db
}

func databaseURL(t testing.TB, admin, name string) string {
	t.Helper()
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	return u.String()
}

// Postgres opens a fresh, migrated store in a new PostgreSQL database: a
// copy of a template database migrated once (migrating takes about 5 s on
// PostgreSQL, a copy a fifth of a second).
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	dsn := PostgresCopy(t, "storetest", migratePostgres)
	s, err := store.Open(context.Background(), store.Config{DatabaseURL: dsn, AuditKey: AuditKey})
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	// Nothing left to apply on the copy; run it as a server would.
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate PostgreSQL: %v", err)
	}
	return s
}

func migratePostgres(ctx context.Context, url string) error {
	s, err := store.Open(ctx, store.Config{DatabaseURL: url, AuditKey: AuditKey})
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Migrate(ctx)
}

// Fixture loads a small, real slice of the reference geography (North East
// England and the 2017/2022 footprints around it) into s, and returns s.
func Fixture(t testing.TB, s *store.Store) *store.Store {
	t.Helper()
	if _, err := s.LoadReference(context.Background(), SmallReference()); err != nil {
		t.Fatalf("load reference fixture: %v", err)
	}
	return s
}

// Codes used by the fixture.
const (
	England     = "E92000001"
	NorthEast   = "E12000001"
	Hartlepool  = "E06000001" // both utla and ltla
	Durham      = "E06000047" // both utla and ltla
	Northumb    = "E06000057" // both utla and ltla
	Cumbria     = "E10000006" // utla (county), split across two footprints
	Carlisle    = "E07000028" // ltla in Cumbria
	NENCFootprt = "E54000050" // stp 2017 (illustrative fixture code)
	NENCICB     = "E54000050" // icb 2022 with the same code as the stp
	LSOA1       = "E01011954"
)

// SmallReference is the fixture geography. Populations are made up but
// consistent (utla total = sum of its bands).
func SmallReference() store.ReferenceData {
	whole := func(t places.AreaType, code string) places.AreaParent {
		return places.AreaParent{Type: t, Code: code, LSOAs: 1, OfLSOAs: 1}
	}
	areas := []places.Area{
		{Type: places.AreaCountry, Code: England, Name: "England", Population: 1000},
		{Type: places.AreaRegion, Code: NorthEast, Name: "North East", Population: 600, Parents: []places.AreaParent{whole(places.AreaCountry, England)}},
		{Type: places.AreaSTP, Code: NENCFootprt, Name: "Northumberland, Tyne and Wear and North Durham", ValidFrom: "2017-04-01", ValidTo: "2022-06-30"},
		{Type: places.AreaICB, Code: NENCICB, Name: "North East and North Cumbria", ODSCode: "QHM", ValidFrom: "2022-07-01"},
		{Type: places.AreaUTLA, Code: Hartlepool, Name: "Hartlepool", Population: 200, Parents: []places.AreaParent{whole(places.AreaRegion, NorthEast), whole(places.AreaSTP, NENCFootprt)}},
		{Type: places.AreaLTLA, Code: Hartlepool, Name: "Hartlepool", Population: 200, Parents: []places.AreaParent{whole(places.AreaUTLA, Hartlepool), whole(places.AreaICB, NENCICB)}},
		{Type: places.AreaUTLA, Code: Durham, Name: "County Durham", Population: 300, Parents: []places.AreaParent{whole(places.AreaRegion, NorthEast), whole(places.AreaSTP, NENCFootprt)}},
		{Type: places.AreaLTLA, Code: Durham, Name: "County Durham", Population: 300, Parents: []places.AreaParent{whole(places.AreaUTLA, Durham), whole(places.AreaICB, NENCICB)}},
		{Type: places.AreaUTLA, Code: Northumb, Name: "Northumberland", Population: 100, Parents: []places.AreaParent{whole(places.AreaRegion, NorthEast), whole(places.AreaSTP, NENCFootprt)}},
		{Type: places.AreaUTLA, Code: Cumbria, Name: "Cumbria", Population: 400, Parents: []places.AreaParent{whole(places.AreaCountry, England), {Type: places.AreaSTP, Code: NENCFootprt, LSOAs: 60, OfLSOAs: 321}}},
		{Type: places.AreaLTLA, Code: Carlisle, Name: "Carlisle", Population: 100, Parents: []places.AreaParent{whole(places.AreaUTLA, Cumbria), whole(places.AreaICB, NENCICB)}},
		{Type: places.AreaLSOA, Code: LSOA1, Name: "Hartlepool 001A", Parents: []places.AreaParent{whole(places.AreaLTLA, Hartlepool), whole(places.AreaICB, NENCICB)}},
	}
	pop := map[places.AreaRef][]places.PopulationCount{}
	for _, a := range areas {
		if a.Type != places.AreaUTLA {
			continue
		}
		// Put the whole population in two bands so sums are checkable.
		half := a.Population / 2
		pop[a.Ref()] = []places.PopulationCount{
			{Sex: places.Female, AgeBand: "40-44", Count: half},
			{Sex: places.Male, AgeBand: "90+", Count: a.Population - half},
		}
	}
	return store.ReferenceData{Version: "fixture-1", Areas: areas, Population: pop}
}

// DropAppendOnly removes the database's own guard against editing the
// audit log, as someone with raw database access could, so tests can
// tamper with it.
func DropAppendOnly(t testing.TB, s *store.Store) {
	t.Helper()
	stmts := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if s.Engine() == store.Postgres {
		stmts = []string{"DROP TRIGGER audit_log_no_change ON audit_log"}
	}
	for _, q := range stmts {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}
