package app_test

import (
	"context"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// Two servers started at once on one empty PostgreSQL database both come
// up; the reference data and the demo are loaded once, and the audit log
// verifies.
func TestTwoServersStartTogetherOnPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	apps := make([]*app.App, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			apps[i], errs[i] = app.New(ctx, app.Config{DatabaseURL: url, Demo: true})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("server %d: %v", i, err)
		}
		defer apps[i].Close()
	}
	st := apps[0].Store()
	ps, total, err := st.ListPartnerships(ctx, store.PartnershipFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range ps {
		key := string(p.Kind) + "|" + p.AreaCode + "|" + p.Name
		if seen[key] {
			t.Errorf("partnership %q created twice", p.Name)
		}
		seen[key] = true
	}
	if total == 0 {
		t.Error("no demo partnerships")
	}
	if _, err := st.VerifyAudit(ctx); err != nil {
		t.Errorf("audit: %v", err)
	}
}
