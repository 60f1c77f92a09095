package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

// actualsCSV writes n rows of actuals for the fixture's schemes; bad, when
// above 1, replaces the row on that line (the header is line 1).
func actualsCSV(n, badLine int, badRow string) string {
	var b strings.Builder
	b.WriteString("period,scheme,amount,reference,description\n")
	for i := 2; i <= n+1; i++ {
		if i == badLine {
			b.WriteString(badRow + "\n")
			continue
		}
		fmt.Fprintf(&b, "2025-%02d,S0%d,%d.%02d,INV-%d,line %d\n", 4+i%9, 1+i%3, 1+i%500, i%100, i, i)
	}
	return b.String()
}

func importActuals(ctx context.Context, s *store.Store, fundID int64, csv string) (money.ImportResult, error) {
	rows, err := money.ParseActualsCSV(strings.NewReader(csv))
	if err != nil {
		return money.ImportResult{}, err
	}
	return s.ImportMoneyActuals(ctx, admin, fundID, "actuals.csv", rows, nil)
}

func TestMoneyImportActualsBadRow(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		before, err := s.MoneyPostings(ctx, w.Fund.ID)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			badRow string
			column string
		}{
			{"amount that is not money", "2025-06,S01,12.3.4,INV-X,bad", "amount"},
			{"scheme the fund does not have", "2025-06,S77,12.34,INV-X,bad", "scheme"},
			{"month outside the year", "2026-06,S01,12.34,INV-X,bad", "period"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				_, err := importActuals(ctx, s, w.Fund.ID, actualsCSV(10_000, 5_000, tc.badRow))
				ve, ok := validation.As(err)
				if !ok || len(ve.Fields) != 1 || ve.Fields[0].Row != 5_000 || ve.Fields[0].Field != tc.column {
					t.Fatalf("got %v, want one problem on row 5000, column %s", err, tc.column)
				}
				after, err := s.MoneyPostings(ctx, w.Fund.ID)
				if err != nil || len(after) != len(before) {
					t.Errorf("%d postings after a refused import, want %d (%v)", len(after), len(before), err)
				}
			})
		}
		// The same file without the bad row goes in whole, every posting audited.
		res, err := importActuals(ctx, s, w.Fund.ID, actualsCSV(10_000, 0, ""))
		if err != nil || res.Rows != 10_000 || res.ImportID == 0 {
			t.Fatalf("good import: %+v %v", res, err)
		}
		after, _ := s.MoneyPostings(ctx, w.Fund.ID)
		pos, _ := s.MoneyPosition(ctx, w.Fund.ID)
		if len(after) != len(before)+10_000 || pos.Spent != res.Total {
			t.Errorf("%d postings, spent %s, import total %s", len(after)-len(before), pos.Spent, res.Total)
		}
		entries, total, err := s.AuditEntries(ctx, store.AuditFilter{Entity: "money_posting", Page: store.Page{Limit: 1}})
		if err != nil || total != len(after) || len(entries) != 1 {
			t.Errorf("%d posting audit entries for %d postings (%v)", total, len(after), err)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("verify audit after the import: %v", err)
		}
	})
}

func TestMoneyScenariosAndUseCases(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		for i, pounds := range []int64{8_000_000, 6_000_000, 1_000_000} {
			budget(t, s, w, i, pounds)
		}
		wd := money.Withdrawal{PartnerOrgID: w.ICB.ID, Amount: money.Pounds(3_000_000), NoticeOn: "2026-01-01", NoticeDays: 14}
		res, err := money.FundWhatIf(ctx, s, w.Fund.ID, wd)
		if err != nil {
			t.Fatal(err)
		}
		if res.EffectiveOn != "2027-03-31" || res.Modelled != money.Pounds(3_000_000) || len(res.Falling) != 2 || res.Falling[0].Ref != "S03" || !res.Falling[0].Whole {
			t.Errorf("what if: %+v", res)
		}
		sc, err := s.SaveMoneyScenario(ctx, admin, money.Scenario{FundID: w.Fund.ID, Name: "The ICB withdraws £3m at 14 days' notice", Withdrawal: wd, Result: res})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.MoneyScenario(ctx, w.Fund.ID, sc.ID)
		if err != nil || got.Result.EffectiveOn != "2027-03-31" || got.Withdrawal.Amount != wd.Amount {
			t.Errorf("saved scenario %+v %v", got, err)
		}
		if _, err := s.SaveMoneyScenario(ctx, admin, money.Scenario{FundID: w.Fund.ID}); fieldOf(t, err) != "name" {
			t.Errorf("scenario without a name: %v", err)
		}
		list, err := s.MoneyScenarios(ctx, w.Fund.ID)
		if err != nil || len(list) != 1 {
			t.Errorf("scenarios %v %v", list, err)
		}
		fc, err := money.FundForecast(ctx, s, w.Fund.ID, "")
		if err != nil || fc.Budget != money.Pounds(15_000_000) || fc.Available != money.Pounds(20_000_000) {
			t.Errorf("forecast %+v %v", fc, err)
		}
		wf, err := money.FundWaterfall(ctx, s, w.Fund.ID, "")
		if err != nil || wf.Overspend != 0 || wf.Underspend != money.Pounds(15_000_000) {
			t.Errorf("waterfall %+v %v", wf, err)
		}
	})
}

// BenchmarkMoneyImportActuals100k posts 100,000 actuals in one
// transaction on SQLite, each audited (docs/benchmarks.md).
func BenchmarkMoneyImportActuals100k(b *testing.B) {
	csv := actualsCSV(100_000, 0, "")
	rows, err := money.ParseActualsCSV(strings.NewReader(csv))
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := storetest.Fixture(b, storetest.SQLite(b))
		w := storetest.MoneyFixture(b, s)
		b.StartTimer()
		cpu0 := storetest.ProcessCPU()
		if _, err := s.ImportMoneyActuals(context.Background(), admin, w.Fund.ID, "bench.csv", rows, nil); err != nil {
			b.Fatal(err)
		}
		cpu += storetest.ProcessCPU() - cpu0
	}
	// CPU time per import (all threads, GC included): on a shared machine
	// wall time mostly measures the other processes.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}
