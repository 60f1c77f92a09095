package store_test

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// schema lists table → sorted column names.
func schema(t *testing.T, s *store.Store) map[string][]string {
	t.Helper()
	ctx := context.Background()
	var rows *sql.Rows
	var err error
	if s.Engine() == store.SQLite {
		rows, err = s.DB().QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'`)
	} else {
		rows, err = s.DB().QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		out[table] = append(out[table], col)
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}

// The two engines' migrations must give the same tables and columns.
func TestMigrationsMatchAcrossEngines(t *testing.T) {
	lite := schema(t, storetest.SQLite(t))
	pg := schema(t, storetest.Postgres(t))
	if len(lite) < 10 {
		t.Fatalf("SQLite has only %d tables", len(lite))
	}
	for table, cols := range lite {
		pcols, ok := pg[table]
		if !ok {
			t.Errorf("table %s: in SQLite, missing in PostgreSQL", table)
			continue
		}
		if strings.Join(cols, ",") != strings.Join(pcols, ",") {
			t.Errorf("table %s columns differ:\n  sqlite:   %v\n  postgres: %v", table, cols, pcols)
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s: in PostgreSQL, missing in SQLite", table)
		}
	}
}

// Migrating twice is a no-op, and two processes migrating one PostgreSQL
// database at once both succeed.
func TestMigrateTwiceAndConcurrently(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
	})
	t.Run("postgres-concurrent", func(t *testing.T) {
		url := storetest.PostgresURL(t)
		ctx := context.Background()
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				s, err := store.Open(ctx, store.Config{DatabaseURL: url})
				if err != nil {
					errs <- err
					return
				}
				defer s.Close()
				if err := s.Migrate(ctx); err != nil {
					errs <- err
					return
				}
				_, err = s.LoadReference(ctx, storetest.SmallReference())
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Errorf("concurrent start: %v", err)
			}
		}
	})
}

func TestOpenRejectsBadDatabaseURL(t *testing.T) {
	_, err := store.Open(context.Background(), store.Config{DatabaseURL: "mysql://x"})
	if err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("want an error naming postgres://, got %v", err)
	}
}

// A reference set whose links name a missing area is refused whole, and
// foreign keys are enforced again afterwards.
func TestLoadReferenceRefusesDanglingLinks(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ref := storetest.SmallReference()
		ref.Version = "broken"
		ref.Areas[1].Parents = append(ref.Areas[1].Parents, places.AreaParent{Type: places.AreaCountry, Code: "E92999999", LSOAs: 1, OfLSOAs: 1})
		if _, err := s.LoadReference(ctx, ref); err == nil {
			t.Fatal("dangling parent accepted")
		}
		if v, _ := s.ReferenceVersion(ctx); v != "" {
			t.Errorf("version %q recorded after a failed load", v)
		}
		if _, err := s.LoadReference(ctx, storetest.SmallReference()); err != nil {
			t.Fatal(err)
		}
		// Every pooled connection enforces foreign keys again.
		for range 6 {
			_, err := s.DB().ExecContext(ctx, "INSERT INTO area_population (area_type, area_code, sex, age_band, count) VALUES ('utla', 'E06999999', 'male', '0-4', 1)")
			if err == nil {
				t.Fatal("foreign keys are off after loading")
			}
		}
	})
}

// A newer reference version replaces names and links in place; areas that
// partnerships refer to stay.
func TestLoadReferenceNewVersion(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, err := s.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Board"})
		if err != nil {
			t.Fatal(err)
		}
		ref := storetest.SmallReference()
		ref.Version = "fixture-2"
		for i := range ref.Areas {
			if ref.Areas[i].Type == places.AreaUTLA && ref.Areas[i].Code == storetest.Hartlepool {
				ref.Areas[i].Name = "Hartlepool (renamed)"
			}
		}
		loaded, err := s.LoadReference(ctx, ref)
		if err != nil || !loaded {
			t.Fatalf("new version: loaded=%v err=%v", loaded, err)
		}
		d, err := s.GetArea(ctx, places.AreaRef{Type: places.AreaUTLA, Code: storetest.Hartlepool})
		if err != nil || d.Name != "Hartlepool (renamed)" || len(d.Parents) != 2 || len(d.Population) != 2 {
			t.Errorf("after reload: %+v %v", d, err)
		}
		if _, err := s.GetPartnership(ctx, p.ID); err != nil {
			t.Errorf("partnership lost: %v", err)
		}
		if v, _ := s.ReferenceVersion(ctx); v != "fixture-2" {
			t.Errorf("version %q", v)
		}
	})
}
