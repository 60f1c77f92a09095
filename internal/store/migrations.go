package store

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"

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

// MigrationsDigest is a hash of engine's embedded migrations: tests key the
// migrated template databases they copy (storetest) by it, so a changed or
// added migration builds a new template.
func MigrationsDigest(engine Engine) string {
	h := sha256.New()
	_ = fs.WalkDir(migrationsFS, "migrations/"+string(engine), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrationsFS.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}
