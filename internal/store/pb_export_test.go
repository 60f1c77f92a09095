package store

import (
	"context"
	"database/sql"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// PBGroupCommits reports how many ballot group commits ran and how many
// ballots they carried, for the benchmark.
func PBGroupCommits() (commits, ballots int64) { return pbCommits.Load(), pbCommitted.Load() }

// CommitPBBatch runs one group commit of subs and returns each one's
// outcome, in order.
func (s *Store) CommitPBBatch(subs []budgeting.Submission) []error {
	reqs := make([]*pbRequest, len(subs))
	for i, sub := range subs {
		reqs[i] = &pbRequest{sub: sub, done: make(chan error, 1)}
	}
	s.commitPBBatch(append([]*pbRequest(nil), reqs...)) // it sorts its batch
	out := make([]error, len(subs))
	for i, r := range reqs {
		out[i] = <-r.done
	}
	return out
}

// PBSynchronous reports SQLite's synchronous setting inside a ballot
// transaction and on a connection of the pool afterwards (2 = FULL,
// 1 = NORMAL).
func (s *Store) PBSynchronous(ctx context.Context) (inside, after int, err error) {
	err = s.ballotTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&inside)
	})
	if err != nil {
		return 0, 0, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	err = conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&after)
	return inside, after, err
}
