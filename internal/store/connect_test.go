package store

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// fakeClock lets the retry policy run without waiting: sleeping moves the
// clock on.
type fakeClock struct {
	t      time.Time
	pauses []time.Duration
}

func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) sleep(_ context.Context, d time.Duration) error {
	c.pauses = append(c.pauses, d)
	c.t = c.t.Add(d)
	return nil
}

func TestConnectRetry(t *testing.T) {
	refused := errors.New("connection refused")
	tests := []struct {
		name       string
		failures   int // pings that fail before one succeeds (-1: all fail)
		wantErr    bool
		wantPauses []time.Duration
	}{
		{"answers at once", 0, false, nil},
		{"answers on the fourth try", 3, false, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}},
		{"never answers", -1, true, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond,
			800 * time.Millisecond, 1600 * time.Millisecond, 3200 * time.Millisecond, 5 * time.Second, 5 * time.Second, 5 * time.Second, 5 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			r := newConnectRetry(30 * time.Second)
			r.now, r.sleep = clock.now, clock.sleep
			calls := 0
			ping := func(context.Context) error {
				calls++
				if tt.failures < 0 || calls <= tt.failures {
					return refused
				}
				return nil
			}
			err := r.run(context.Background(), ping, "db.example:5432", slog.New(slog.DiscardHandler))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if len(clock.pauses) != len(tt.wantPauses) {
				t.Fatalf("pauses %v, want %v", clock.pauses, tt.wantPauses)
			}
			for i := range tt.wantPauses {
				if clock.pauses[i] != tt.wantPauses[i] {
					t.Errorf("pause %d = %s, want %s", i, clock.pauses[i], tt.wantPauses[i])
				}
			}
			if tt.wantErr {
				var total time.Duration
				for _, p := range clock.pauses {
					total += p
				}
				if total > 30*time.Second {
					t.Errorf("retried for %s, beyond the 30 s bound", total)
				}
				for _, want := range []string{"db.example:5432", "did not answer", "11 attempts", "connection refused"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not say %q", err, want)
					}
				}
				if !errors.Is(err, refused) {
					t.Errorf("error %v does not wrap the cause", err)
				}
			}
		})
	}
}

func TestConnectRetryStopsWhenCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := newConnectRetry(time.Hour)
	calls := 0
	err := r.run(ctx, func(context.Context) error {
		calls++
		cancel()
		return context.Canceled
	}, "db.example:5432", slog.New(slog.DiscardHandler))
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err = %v after %d pings, want context.Canceled after 1", err, calls)
	}
}

// Open against a port where nothing listens fails, after its retries, with
// a message naming the host (and not the password).
func TestOpenUnreachablePostgresNamesTheHost(t *testing.T) {
	_, err := Open(context.Background(), Config{
		DatabaseURL: "postgres://someone:secret@127.0.0.1:1/placeboard?sslmode=disable",
		ConnectWait: 300 * time.Millisecond,
	})
	if err == nil {
		t.Fatal("Open succeeded against a closed port")
	}
	if !strings.Contains(err.Error(), "PostgreSQL at 127.0.0.1:1 did not answer") || strings.Contains(err.Error(), "secret") {
		t.Errorf("error = %q, want it to name 127.0.0.1:1 and hide the password", err)
	}
}

func TestHostOf(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:p@db.example:6543/x":       "db.example:6543",
		"postgres:///x?host=/var/run/postgresql": "/var/run/postgresql",
		"postgres:///x":                          "localhost:5432",
	} {
		if got := hostOf(in); got != want {
			t.Errorf("hostOf(%q) = %q, want %q", in, got, want)
		}
	}
}
