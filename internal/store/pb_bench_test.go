package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbBenchClients is how many voters submit at once.
const pbBenchClients = 32

// BenchmarkPBBallots measures durable ballots per second: 32 clients each
// submitting ballots with fresh codes through budgeting.Vote, every one
// acknowledged only after its group commit (SQLite: WAL with
// synchronous=FULL on the ballot connection). Reported as ballots/s.
// Run: go test ./internal/store -run '^$' -bench BenchmarkPBBallots -benchtime 20000x
func BenchmarkPBBallots(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchPBBallots(b, storetest.Fixture(b, storetest.SQLite(b))) })
	b.Run("postgres", func(b *testing.B) { benchPBBallots(b, storetest.Fixture(b, storetest.Postgres(b))) })
}

func benchPBBallots(b *testing.B, s *store.Store) {
	ctx := context.Background()
	part, err := s.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Board"})
	if err != nil {
		b.Fatal(err)
	}
	yes := true
	id, err := s.CreatePBProcess(ctx, store.System, &budgeting.Process{PartnershipID: part.ID, Title: "Bench", PotPence: 1_000_000,
		Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseCodes: true,
		Projects: []budgeting.Project{{Code: "a", Title: "A", CostPence: 300_000, Feasible: &yes}, {Code: "b", Title: "B", CostPence: 500_000, Feasible: &yes}}})
	if err != nil {
		b.Fatal(err)
	}
	codes, err := s.CreatePBCodes(ctx, store.System, id, 0, b.N)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.OpenPBProcess(ctx, store.System, id); err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	commits0, ballots0 := store.PBGroupCommits()
	b.ResetTimer()
	start := time.Now()
	for range pbBenchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if _, err := budgeting.Vote(ctx, s, id, budgeting.Proof{Code: codes[i]}, budgeting.Choices{Projects: []string{"a"}}, ""); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ballots/s")
	commits, ballots := store.PBGroupCommits()
	b.ReportMetric(float64(ballots-ballots0)/float64(max(1, commits-commits0)), "ballots/commit")
	if n, err := s.PBBallotCount(ctx, id); err != nil || n != b.N {
		b.Fatalf("stored %d of %d: %v", n, b.N, err)
	}
}

// BenchmarkFsync measures this disk's fsync rate in the folder the SQLite
// benchmarks use: each operation writes 4 KiB at the end of a file and
// fsyncs it, as a commit does. Reported as fsyncs/s.
func BenchmarkFsync(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "fsync.bin"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if _, err := f.Write(page); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "fsyncs/s")
}
