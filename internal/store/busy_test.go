package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// Busy and lock errors are told apart by code on both engines, and tx
// marks them with ErrBusy; other errors pass unchanged.
func TestBusyErrorsMapToErrBusy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	// A second pool on the same file that does not wait for the lock.
	other, err := sql.Open("sqlite", "file:"+filepath.Join(dir, DatabaseFile)+"?_pragma=busy_timeout(0)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	holder, err := s.db.BeginTx(ctx, nil) // immediate: takes the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	_, sqliteErr := other.ExecContext(ctx, `INSERT INTO t VALUES (1)`)
	if sqliteErr == nil {
		t.Fatal("a second writer got in while the lock was held")
	}
	tests := []struct {
		name string
		err  error
		busy bool
	}{
		{"sqlite busy", sqliteErr, true},
		{"postgres lock not available", &pgconn.PgError{Code: "55P03"}, true},
		{"postgres serialization failure", fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: "40001"}), true},
		{"postgres unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"message text alone is not enough", errors.New("database is locked"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := busy(tt.err)
			if errors.Is(got, ErrBusy) != tt.busy {
				t.Errorf("busy(%v) is ErrBusy: %v, want %v", tt.err, !tt.busy, tt.busy)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("busy(%v) lost the original error", tt.err)
			}
		})
	}
}
