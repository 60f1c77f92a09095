package store_test

import (
	"context"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice"
)

// BenchmarkListProposals lists one page (20) of a process holding 2,000
// proposals with 10,000 supports and 4,000 comments, filtered by category
// and unfiltered, on SQLite: the proposal index Decidim found slow at
// about 900 proposals (decidim PR #13701). It reports the p95 per page.
func BenchmarkListProposals(b *testing.B) {
	ctx := context.Background()
	s := storetest.Fixture(b, storetest.SQLite(b))
	var ids []int64
	w := newProposalWorldTB(b, s)
	for i := range 2000 {
		p, err := s.CreateProposal(ctx, w.annBy, w.proc, voice.NewProposal{Title: "Idea " + strconv.Itoa(i), Description: "D",
			AreaCode: storetest.Hartlepool, Category: voice.Categories[i%len(voice.Categories)].Value})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	users := make([]store.Actor, 5)
	for i := range users {
		u, err := s.CreateUser(ctx, store.System, store.NewUser{Email: "s" + strconv.Itoa(i) + "@example.test", Name: "S", PasswordHash: "h"})
		if err != nil {
			b.Fatal(err)
		}
		users[i] = store.Actor{UserID: u.ID, Name: u.Email}
	}
	for i, id := range ids {
		for _, u := range users {
			if _, err := s.SupportProposal(ctx, u, id); err != nil {
				b.Fatal(err)
			}
		}
		if i%2 == 0 {
			for range 4 {
				if _, err := s.AddComment(ctx, users[i%5], voice.NewComment{ProposalID: id, Body: "c"}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	filters := []voice.ProposalFilter{{ProcessID: w.proc.ID, Limit: 20}, {ProcessID: w.proc.ID, Category: voice.CategoryHealth, Limit: 20, Offset: 40}}
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, _, err := s.ListProposals(ctx, filters[i%2]); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}
