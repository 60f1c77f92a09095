package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
)

// Exclusive runs fn while holding the lock called name, so that a multi-step
// job made of several transactions (such as seeding the demo data) runs once
// at a time even when several servers share one PostgreSQL database. On
// PostgreSQL it is a session advisory lock held on a connection of its own
// for as long as fn runs; on SQLite, whose data directory belongs to one
// server, a lock inside this process.
//
// (Added by the refdata/demo helper for internal/demo; see its report.)
func (s *Store) Exclusive(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	if s.engine != Postgres {
		mu := localLock(name)
		mu.Lock()
		defer mu.Unlock()
		return fn(ctx)
	}
	h := fnv.New64a()
	h.Write([]byte("placeboard:" + name))
	key := int64(h.Sum64())
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("lock %s: %w", name, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		return fmt.Errorf("lock %s: %w", name, err)
	}
	// Unlock even if ctx was cancelled meanwhile; closing the connection
	// would also release it, but the pool may keep the connection open.
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", key)
	return fn(ctx)
}

var localLocks sync.Map // name → *sync.Mutex

func localLock(name string) *sync.Mutex {
	mu, _ := localLocks.LoadOrStore(name, &sync.Mutex{})
	return mu.(*sync.Mutex)
}
