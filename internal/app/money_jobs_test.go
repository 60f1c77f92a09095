package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// An upload of actuals is posted by a River job on either engine: queued
// through the same use-case as the doors, worked, and recorded done with
// its import; the postings are in the ledger.
func TestMoneyActualsImportRunsAsJob(t *testing.T) {
	engines := []struct {
		name string
		cfg  func(t *testing.T) app.Config
	}{
		{"sqlite", func(t *testing.T) app.Config { return app.Config{DataDir: apptest.DataDir(t), SkipReference: true} }},
		{"postgres", func(t *testing.T) app.Config {
			return app.Config{DatabaseURL: apptest.PostgresURL(t), SkipReference: true}
		}},
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := e.cfg(t)
			cfg.Jobs.PollInterval = 100 * time.Millisecond
			a, err := app.New(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			w := storetest.MoneyFixture(t, a.Store())
			const rows = 2_000
			var csv strings.Builder
			csv.WriteString("period,scheme,amount,reference\n")
			for i := 0; i < rows; i++ {
				fmt.Fprintf(&csv, "2025-%02d,S0%d,%d.%02d,INV-%d\n", 4+i%9, 1+i%3, 1+i%500, i%100, i)
			}
			up, err := money.QueueActuals(ctx, a.Store(), a.Jobs(), store.System, w.Fund.ID, "job.csv", []byte(csv.String()))
			if err != nil {
				t.Fatal(err)
			}
			got := waitActuals(t, a.Store(), up.ID)
			if got.State != money.UploadDone || got.Result == nil || got.Result.Rows != rows {
				t.Fatalf("upload ended %s (%q), result %+v", got.State, got.Error, got.Result)
			}
			ps, err := a.Store().MoneyLedger(ctx, w.Fund.ID, store.MoneyLedgerFilter{Kind: money.KindActual})
			if err != nil || len(ps) != rows {
				t.Errorf("%d actuals in the ledger, want %d (%v)", len(ps), rows, err)
			}
		})
	}
}

// waitActuals polls an upload until it ends; the deadline is a hang
// guard, not a speed bound.
func waitActuals(t *testing.T, st *store.Store, id int64) money.ActualsUpload {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		up, err := st.MoneyActualsUpload(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if up.State.Finished() {
			return up
		}
		if time.Now().After(deadline) {
			t.Fatalf("upload %d still %s (%s) after the deadline", id, up.State, up.Phase)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
