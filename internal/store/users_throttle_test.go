package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// reserveInParallel sends n reservations for one key at once, spread over
// the stores, and counts the granted ones.
func reserveInParallel(t *testing.T, stores []*store.Store, n, max int) int {
	t.Helper()
	var granted atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			slot, err := stores[i%len(stores)].ReserveLoginAttempt(context.Background(), "account:target@example.test", t0, 15*time.Minute, max)
			if err != nil {
				t.Error(err)
				return
			}
			if slot.Granted {
				granted.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	return int(granted.Load())
}

// The per-account limit is one statement that checks and counts: 50
// parallel reservations get exactly 5 slots.
func TestReserveLoginAttemptIsAtomic(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		if got := reserveInParallel(t, []*store.Store{s}, 50, 5); got != 5 {
			t.Errorf("%d of 50 parallel reservations granted, want 5", got)
		}
	})
}

// Several servers on one PostgreSQL database share the limit: two pools on
// one database, 50 reservations between them, 5 slots.
func TestReserveLoginAttemptAcrossServers(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	var stores []*store.Store
	for range 2 {
		s, err := store.Open(context.Background(), store.Config{DatabaseURL: dsn})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		stores = append(stores, s)
	}
	if got := reserveInParallel(t, stores, 50, 5); got != 5 {
		t.Errorf("%d of 50 reservations across two servers granted, want 5", got)
	}
}

func TestLoginThrottleWindowReleaseAndPace(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const key, window = "account:ada@example.test", 10 * time.Minute
		for i := range 3 {
			if slot, err := s.ReserveLoginAttempt(ctx, key, t0.Add(time.Duration(i)*time.Minute), window, 3); err != nil || !slot.Granted {
				t.Fatalf("attempt %d: %+v %v", i, slot, err)
			}
		}
		// Full: refused, the first refusal flagged once, retry at the
		// window's end.
		for i, wantFirst := range []bool{true, false} {
			slot, err := s.ReserveLoginAttempt(ctx, key, t0.Add(5*time.Minute), window, 3)
			if err != nil || slot.Granted || slot.FirstRefusal != wantFirst || !slot.RetryAt.Equal(t0.Add(window)) {
				t.Errorf("refusal %d: %+v %v", i, slot, err)
			}
		}
		// A released slot can be taken again.
		if err := s.ReleaseLoginAttempt(ctx, key); err != nil {
			t.Fatal(err)
		}
		if slot, _ := s.ReserveLoginAttempt(ctx, key, t0.Add(6*time.Minute), window, 3); !slot.Granted {
			t.Error("a released slot was not given out again")
		}
		// A new window starts afresh.
		if slot, _ := s.ReserveLoginAttempt(ctx, key, t0.Add(window), window, 3); !slot.Granted {
			t.Error("no slot in the next window")
		}

		// Address pacing: nothing below the limit, then spaced out, capped.
		const addr, pace, maxWait = "address:198.51.100.7", time.Second, 3 * time.Second
		for range 2 {
			if err := s.CountLoginFailure(ctx, addr, t0, window); err != nil {
				t.Fatal(err)
			}
		}
		if wait, err := s.PaceLoginAttempt(ctx, addr, t0, window, 3, pace, maxWait); err != nil || wait != 0 {
			t.Fatalf("below the limit: wait %s, %v", wait, err)
		}
		if err := s.CountLoginFailure(ctx, addr, t0, window); err != nil {
			t.Fatal(err)
		}
		var waits []time.Duration
		for range 6 {
			wait, err := s.PaceLoginAttempt(ctx, addr, t0, window, 3, pace, maxWait)
			if err != nil {
				t.Fatal(err)
			}
			waits = append(waits, wait)
		}
		want := []time.Duration{0, time.Second, 2 * time.Second, 3 * time.Second, maxWait, maxWait}
		for i := range want {
			if waits[i] != want[i] {
				t.Errorf("waits %v, want %v", waits, want)
				break
			}
		}
		if wait, _ := s.PaceLoginAttempt(ctx, "address:192.0.2.1", t0, window, 3, pace, maxWait); wait != 0 {
			t.Errorf("an unknown address waits %s", wait)
		}
		// Purge drops rows from past windows.
		if err := s.PurgeExpired(ctx, t0.Add(time.Hour), t0, t0.Add(time.Hour-window)); err != nil {
			t.Fatal(err)
		}
		if slot, _ := s.ReserveLoginAttempt(ctx, key, t0.Add(time.Hour), window, 1); !slot.Granted {
			t.Error("after purge, no slot")
		}
	})
}

func TestSessionsKeepIdleAndEnd(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ada, err := s.CreateUser(ctx, store.System, store.NewUser{Email: "ada@example.test", Name: "Ada", PasswordHash: "$argon2id$x"})
		if err != nil {
			t.Fatal(err)
		}
		eve, err := s.CreateUser(ctx, store.System, store.NewUser{Email: "eve@example.test", Name: "Eve", PasswordHash: "$argon2id$x"})
		if err != nil {
			t.Fatal(err)
		}
		newSession := func(hash string, at time.Time, keep int) int {
			n, err := s.CreateSession(ctx, store.Session{TokenHash: hash, UserID: ada.ID, CreatedAt: at, ExpiresAt: at.Add(12 * time.Hour),
				ClientAddress: "192.0.2.1", UserAgent: "Browser " + hash}, keep)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		newSession("a", t0, 0)
		newSession("b", t0.Add(time.Minute), 0)
		if ended := newSession("c", t0.Add(2*time.Minute), 2); ended != 1 {
			t.Errorf("keeping 2 ended %d", ended)
		}
		list, err := s.UserSessions(ctx, ada.ID)
		if err != nil || len(list) != 2 || list[0].TokenHash != "c" || list[1].TokenHash != "b" || list[0].UserAgent != "Browser c" || list[0].ClientAddress != "192.0.2.1" {
			t.Fatalf("sessions %+v %v", list, err)
		}
		// A session created at the same instant as another is still the
		// one kept.
		if ended := newSession("d", t0.Add(2*time.Minute), 1); ended != 2 {
			t.Errorf("keeping 1 ended %d, want 2", ended)
		}
		if _, _, err := s.SessionUser(ctx, "d", t0.Add(3*time.Minute), t0); err != nil {
			t.Errorf("newest session: %v", err)
		}
		// Idle: last seen before idleSince.
		if _, _, err := s.SessionUser(ctx, "d", t0.Add(40*time.Minute), t0.Add(10*time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("idle session: %v", err)
		}
		if err := s.TouchSession(ctx, "d", t0.Add(9*time.Minute), t0.Add(8*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, "d", t0.Add(30*time.Minute), t0.Add(5*time.Minute)); err != nil {
			t.Errorf("touched session: %v", err)
		}
		// Only the owner ends a session.
		if err := s.DeleteUserSession(ctx, eve.ID, "d"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another user ended it: %v", err)
		}
		if err := s.DeleteUserSession(ctx, ada.ID, "d"); err != nil {
			t.Errorf("owner: %v", err)
		}
		if list, _ := s.UserSessions(ctx, ada.ID); len(list) != 0 {
			t.Errorf("sessions left: %+v", list)
		}
	})
}
