package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
)

// inProcess serialises Exclusive within one process (SQLite, and the rare
// case of two stores on one database in one process).
var inProcess sync.Map // lock name → *sync.Mutex

// Exclusive runs fn while holding a named lock that every process sharing
// the database respects (a PostgreSQL session advisory lock; on SQLite,
// where one process owns the file, a process-wide mutex). Use it for
// multi-transaction work two servers must not do at once, such as seeding
// the demo.
//
// Locks are not re-entrant: fn must not take the same name again.
func (s *Store) Exclusive(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	m, _ := inProcess.LoadOrStore(name, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	defer mu.Unlock()
	if s.engine != Postgres {
		return fn(ctx)
	}
	h := fnv.New64a()
	h.Write([]byte("placeboard:" + name))
	lockID := int64(h.Sum64())
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: exclusive %s: %w", name, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockID); err != nil {
		return fmt.Errorf("store: exclusive %s: %w", name, err)
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", lockID)
	return fn(ctx)
}
