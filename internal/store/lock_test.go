package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// Two stores (as two server processes) on one database never run the same
// Exclusive section at once.
func TestExclusiveAcrossStores(t *testing.T) {
	open := map[string]func(t *testing.T) (*store.Store, *store.Store){
		"sqlite": func(t *testing.T) (*store.Store, *store.Store) {
			dir := t.TempDir()
			a, _ := store.Open(context.Background(), store.Config{DataDir: dir})
			b, _ := store.Open(context.Background(), store.Config{DataDir: dir})
			return a, b
		},
		"postgres": func(t *testing.T) (*store.Store, *store.Store) {
			url := storetest.PostgresURL(t)
			a, err := store.Open(context.Background(), store.Config{DatabaseURL: url})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := store.Open(context.Background(), store.Config{DatabaseURL: url})
			return a, b
		},
	}
	for name, mk := range open {
		t.Run(name, func(t *testing.T) {
			a, b := mk(t)
			defer a.Close()
			defer b.Close()
			var inside, overlaps atomic.Int32
			var wg sync.WaitGroup
			for i, s := range []*store.Store{a, b, a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := s.Exclusive(context.Background(), "test-lock", func(ctx context.Context) error {
						if inside.Add(1) > 1 {
							overlaps.Add(1)
						}
						time.Sleep(30 * time.Millisecond)
						inside.Add(-1)
						return nil
					})
					if err != nil {
						t.Errorf("worker %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			if n := overlaps.Load(); n > 0 {
				t.Errorf("%d overlapping runs of an exclusive section", n)
			}
		})
	}
}
