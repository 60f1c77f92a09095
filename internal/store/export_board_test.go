package store

import (
	"context"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrateTo applies the embedded migrations up to version only, so a test
// can hold data written under an older schema (no session locker: the
// test owns its database).
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	sub, err := fs.Sub(migrationsFS, "migrations/"+string(s.engine))
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, s.db, sub)
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}
