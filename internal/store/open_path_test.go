package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenSQLiteAtPathWithURICharacters is a regression test: the data
// folder's path went into the SQLite URI unescaped, so a folder named
// "run#01" opened a database at "run" (the fragment cut it short).
func TestOpenSQLiteAtPathWithURICharacters(t *testing.T) {
	for _, name := range []string{"run#01", "what?now", "100%", "a b"} {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, name)
			s, err := Open(context.Background(), Config{DataDir: dir})
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			if err := s.Migrate(context.Background()); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			s.Close()
			if _, err := os.Stat(filepath.Join(dir, DatabaseFile)); err != nil {
				t.Errorf("the database is not in the folder asked for: %v", err)
			}
			entries, _ := os.ReadDir(parent)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("files beside the data folder: %v", names)
			}
		})
	}
}
