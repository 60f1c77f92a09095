package store

import (
	"embed"

	"github.com/pressly/goose/v3/lock"
)

// migrationsFS holds one folder of goose SQL files per engine, with the same
// version numbers in each.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationsFS embed.FS

func newPostgresLocker() (lock.SessionLocker, error) {
	// Poll every second for up to two minutes when another process is
	// migrating the same database.
	return lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 120))
}
