package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"
)

const refVersionKey = "reference_version"

// refLockID serialises reference loading across processes on PostgreSQL.
const refLockID = 7_270_601_002

// ReferenceVersion returns the version of the loaded reference data, "" if
// none.
func (s *Store) ReferenceVersion(ctx context.Context) (_ string, err error) {
	defer wrapOp(&err, "reference version")
	return refVersion(ctx, s.db)
}

func refVersion(ctx context.Context, q querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = $1", refVersionKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// LoadReference loads ref in one transaction unless the database already
// holds ref.Version. It is safe when several processes start at once: on
// PostgreSQL an advisory lock makes the second wait and then find the
// version in place; on SQLite the transaction takes the write lock at BEGIN.
// A newer version replaces names, parents and populations; areas that
// partnerships refer to are never deleted.
func (s *Store) LoadReference(ctx context.Context, ref ReferenceData) (loaded bool, err error) {
	defer wrapOp(&err, "load reference")
	if ref.Version == "" {
		return false, errors.New("reference data has no version")
	}
	if v, err := s.ReferenceVersion(ctx); err != nil {
		return false, err
	} else if v == ref.Version {
		return false, nil
	}
	err = s.refTx(ctx, func(tx *sql.Tx) error {
		if s.engine == Postgres {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(refLockID)); err != nil {
				return err
			}
		}
		v, err := refVersion(ctx, tx)
		if err != nil {
			return err
		}
		if v == ref.Version {
			return nil // another process loaded it while we waited
		}
		if s.engine == Postgres {
			// Row-by-row foreign-key triggers dominate a bulk load; drop the
			// constraints for the load and add them back at the end, which
			// checks every row in one pass. All inside the transaction.
			for _, q := range pgReferenceFKs {
				if _, err := tx.ExecContext(ctx, "ALTER TABLE "+q.table+" DROP CONSTRAINT "+q.name); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM area_parents"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM area_population"); err != nil {
			return err
		}
		areaRows := make([][]any, 0, len(ref.Areas))
		var parentRows [][]any
		for _, a := range ref.Areas {
			areaRows = append(areaRows, []any{string(a.Type), a.Code, a.Name, strings.ToLower(a.Name), a.ODSCode, a.ValidFrom, a.ValidTo, a.Population})
			for _, p := range a.Parents {
				parentRows = append(parentRows, []any{string(a.Type), a.Code, string(p.Type), p.Code, p.LSOAs, p.OfLSOAs})
			}
		}
		if err := s.insertMany(ctx, tx, "areas", []string{"type", "code", "name", "name_lower", "ods_code", "valid_from", "valid_to", "population"},
			"ON CONFLICT (type, code) DO UPDATE SET name = excluded.name, name_lower = excluded.name_lower, ods_code = excluded.ods_code, valid_from = excluded.valid_from, valid_to = excluded.valid_to, population = excluded.population",
			areaRows); err != nil {
			return fmt.Errorf("areas: %w", err)
		}
		if err := s.insertMany(ctx, tx, "area_parents", []string{"child_type", "child_code", "parent_type", "parent_code", "lsoas", "of_lsoas"}, "", parentRows); err != nil {
			return fmt.Errorf("area parents: %w", err)
		}
		var popRows [][]any
		for ref, counts := range ref.Population {
			for _, c := range counts {
				popRows = append(popRows, []any{string(ref.Type), ref.Code, string(c.Sex), c.AgeBand, c.Count})
			}
		}
		if err := s.insertMany(ctx, tx, "area_population", []string{"area_type", "area_code", "sex", "age_band", "count"}, "", popRows); err != nil {
			return fmt.Errorf("population: %w", err)
		}
		if s.engine == Postgres {
			for _, q := range pgReferenceFKs {
				if _, err := tx.ExecContext(ctx, "ALTER TABLE "+q.table+" ADD CONSTRAINT "+q.name+" "+q.def); err != nil {
					return fmt.Errorf("reference data links: %w", err)
				}
			}
		} else if err := checkReferenceLinks(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, refVersionKey, ref.Version); err != nil {
			return err
		}
		if err := bumpNationalGeneration(ctx, tx); err != nil {
			return err
		}
		loaded = true
		return nil
	})
	return loaded, err
}

// pgReferenceFKs are the reference tables' foreign keys as the migration
// creates them (PostgreSQL's default constraint names).
var pgReferenceFKs = []struct{ table, name, def string }{
	{"area_parents", "area_parents_child_type_child_code_fkey", "FOREIGN KEY (child_type, child_code) REFERENCES areas (type, code)"},
	{"area_parents", "area_parents_parent_type_parent_code_fkey", "FOREIGN KEY (parent_type, parent_code) REFERENCES areas (type, code)"},
	{"area_population", "area_population_area_type_area_code_fkey", "FOREIGN KEY (area_type, area_code) REFERENCES areas (type, code)"},
}

// refTx runs the reference load in one transaction. On SQLite it runs
// with foreign-key enforcement off for that connection (row-by-row checks
// made loading three times slower) and checkReferenceLinks checks the links
// in one query instead, before commit.
func (s *Store) refTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.engine != SQLite {
		return s.tx(ctx, fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer func() {
		// A connection that cannot get enforcement back must not return to
		// the pool: ErrBadConn from Raw makes database/sql discard it.
		if _, err := conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// checkReferenceLinks fails when a parent link or population cell names an
// area that is not loaded.
func checkReferenceLinks(ctx context.Context, tx *sql.Tx) error {
	checks := []struct{ what, query string }{
		{"area parent links to a missing child", `SELECT count(*) FROM area_parents p LEFT JOIN areas a ON a.type = p.child_type AND a.code = p.child_code WHERE a.code IS NULL`},
		{"area parent links to a missing parent", `SELECT count(*) FROM area_parents p LEFT JOIN areas a ON a.type = p.parent_type AND a.code = p.parent_code WHERE a.code IS NULL`},
		{"population cells for a missing area", `SELECT count(*) FROM area_population p LEFT JOIN areas a ON a.type = p.area_type AND a.code = p.area_code WHERE a.code IS NULL`},
	}
	for _, c := range checks {
		var n int
		if err := tx.QueryRowContext(ctx, c.query).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("reference data: %d %s", n, c.what)
		}
	}
	return nil
}

// insertMany inserts rows with multi-row INSERT statements, as many rows
// per statement as keep under both engines' parameter limits.
func (s *Store) insertMany(ctx context.Context, tx *sql.Tx, table string, cols []string, suffix string, rows [][]any) error {
	// SQLite treats $n as a named parameter and looks names up linearly,
	// which is quadratic in a long statement: use anonymous ? there.
	const maxParams = 4000
	per := max(1, maxParams/len(cols))
	start := time.Now()
	defer func() {
		s.log.Debug("reference rows inserted", "table", table, "rows", len(rows), "took", time.Since(start))
	}()
	if s.engine == Postgres && len(rows) > 0 {
		return s.insertUnnest(ctx, tx, table, cols, suffix, rows)
	}
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	var b strings.Builder
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		b.Reset()
		b.WriteString(head)
		args := make([]any, 0, (end-start)*len(cols))
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j, v := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				if s.engine == SQLite {
					b.WriteByte('?')
				} else {
					fmt.Fprintf(&b, "$%d", len(args))
				}
			}
			b.WriteByte(')')
		}
		if suffix != "" {
			b.WriteString(" ")
			b.WriteString(suffix)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// insertUnnest inserts rows on PostgreSQL in one statement, passing each
// column as an array: far cheaper to parse and plan than thousands of
// VALUES tuples. Columns hold strings or integers.
func (s *Store) insertUnnest(ctx context.Context, tx *sql.Tx, table string, cols []string, suffix string, rows [][]any) error {
	args := make([]any, len(cols))
	casts := make([]string, len(cols))
	for j := range cols {
		switch rows[0][j].(type) {
		case string:
			col := make([]string, len(rows))
			for i, r := range rows {
				col[i] = r[j].(string)
			}
			args[j], casts[j] = col, fmt.Sprintf("$%d::text[]", j+1)
		default:
			col := make([]int64, len(rows))
			for i, r := range rows {
				switch v := r[j].(type) {
				case int:
					col[i] = int64(v)
				case int64:
					col[i] = v
				default:
					return fmt.Errorf("%s.%s: unsupported value %T", table, cols[j], v)
				}
			}
			args[j], casts[j] = col, fmt.Sprintf("$%d::bigint[]", j+1)
		}
	}
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") SELECT * FROM unnest(" + strings.Join(casts, ", ") + ") " + suffix
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}
