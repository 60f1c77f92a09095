package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// Unique violations are recognised by the engine's error code on SQLite
// and on PostgreSQL; other constraint failures, and an error that only
// says the words, are not.
func TestIsUniqueViolation(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		db := s.DB()
		if _, err := db.ExecContext(ctx, `CREATE TABLE uv_probe (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT NOT NULL,
			CHECK (name <> 'bad'))`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO uv_probe (id, code, name) VALUES (1, 'A', 'first')`); err != nil {
			t.Fatal(err)
		}
		insert := func(id int, code any, name any) error {
			_, err := db.ExecContext(ctx, `INSERT INTO uv_probe (id, code, name) VALUES ($1, $2, $3)`, id, code, name)
			return err
		}
		tests := []struct {
			name string
			err  error
			want bool
		}{
			{"duplicate unique column", insert(2, "A", "second"), true},
			{"duplicate primary key", insert(1, "B", "second"), true},
			{"duplicate, wrapped with the operation", fmt.Errorf("create organisation: %w", insert(3, "A", "third")), true},
			{"not null", insert(4, "C", nil), false},
			{"check", insert(5, "D", "bad"), false},
			{"no such table", func() error { _, err := db.ExecContext(ctx, `INSERT INTO uv_missing VALUES (1)`); return err }(), false},
			{"the words alone", errors.New("UNIQUE constraint failed: x (SQLSTATE 23505)"), false},
			{"nil", nil, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.err == nil && tt.name != "nil" {
					t.Fatal("the statement succeeded; it should have failed")
				}
				if got := store.IsUniqueViolation(tt.err); got != tt.want {
					t.Errorf("IsUniqueViolation(%v) = %v, want %v", tt.err, got, tt.want)
				}
			})
		}
	})
}

// A failed store call names its operation, and the cause is still found
// by errors.Is.
func TestErrorsNameTheOperation(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	tests := []struct {
		op   string
		call func() error
	}{
		{"get organisation", func() error { _, err := s.GetOrganisation(ctx, 999999); return err }},
		{"get partnership", func() error { _, err := s.GetPartnership(ctx, 999999); return err }},
		{"get decision", func() error { _, err := s.GetDecision(ctx, 999999); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
			if want := "store: " + tt.op + ": "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("err = %q, want it to start %q", err, want)
			}
		})
	}
}
