package store_test

import (
	"context"
	"errors"
	"testing"

	"pgregory.net/rapid"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

// TestMoneyLedgerPropertiesInTheStore runs random postings and reversals
// through the store (on SQLite, one fresh fund per run): whatever is
// accepted or refused, the ledger read back balances, allocations never
// exceed contributions, no scheme has more committed than budgeted, and
// the position the store computes in SQL agrees with the postings.
func TestMoneyLedgerPropertiesInTheStore(t *testing.T) {
	s := storetest.SQLite(t)
	storetest.Fixture(t, s)
	w := storetest.MoneyFixture(t, s)
	ctx := context.Background()
	rapid.Check(t, func(t *rapid.T) {
		f, err := s.CreateMoneyFund(ctx, admin, money.Fund{PartnershipID: w.Partnership.ID, FinancialYear: "2025-26", Name: "Property fund " + rapid.StringMatching(`[a-z]{12}`).Draw(t, "name"),
			HostOrgID: w.Council.ID, ManagerName: "Pat"})
		if err != nil {
			t.Fatal(err)
		}
		var schemes []int64
		for i, ref := range []string{"A", "B"} {
			m, err := s.CreateMoneyScheme(ctx, admin, money.Scheme{FundID: f.ID, Ref: ref, Name: ref, SchemeType: "Unpaid carers", Category: "Adult social care",
				CommissionerOrgID: w.Council.ID, ProviderOrgID: w.Charity.ID, StartsOn: "2025-04-01", EndsOn: "2026-03-31", Priority: i + 1})
			if err != nil {
				t.Fatal(err)
			}
			schemes = append(schemes, m.ID)
		}
		var posted []money.Posting
		n := rapid.IntRange(1, 25).Draw(t, "n")
		for i := 0; i < n; i++ {
			op := rapid.SampledFrom([]string{"contribution", "budget", "commitment", "actual", "reversal"}).Draw(t, "op")
			amt := money.Pence(rapid.Int64Range(1, 1_000_000).Draw(t, "amount"))
			sch := rapid.SampledFrom(schemes).Draw(t, "scheme")
			var p money.Posting
			switch op {
			case "contribution":
				if _, err := s.AddMoneyContribution(ctx, admin, money.Contribution{FundID: f.ID, PartnerOrgID: w.ICB.ID, Source: money.SourceAdditional, Amount: amt}); err != nil {
					t.Fatal(err)
				}
				continue
			case "reversal":
				if len(posted) == 0 {
					continue
				}
				orig := posted[rapid.IntRange(0, len(posted)-1).Draw(t, "which")]
				p, err = s.ReverseMoneyPosting(ctx, admin, f.ID, orig.ID, "", "")
			default:
				p, err = s.PostMoney(ctx, admin, money.Posting{FundID: f.ID, Period: "2025-05", Kind: money.Kind(op), SchemeID: sch, Amount: amt})
			}
			var oe *money.OvercommitError
			_, isField := validation.As(err)
			switch {
			case err == nil:
				posted = append(posted, p)
			case errors.As(err, &oe), isField: // refused: overcommitment, or a second reversal
			default:
				t.Fatalf("%s: %v", op, err)
			}
		}
		all, err := s.MoneyLedger(ctx, f.ID, store.MoneyLedgerFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if !money.Balanced(money.TrialBalance(all)) {
			t.Fatal("the ledger does not balance")
		}
		pos, err := s.MoneyPosition(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := money.Position(all); pos.Contributions != want.Contributions || pos.Committed != want.Committed || pos.Spent != want.Spent || pos.Allocated != want.Allocated {
			t.Fatalf("store position %+v, postings say %+v", pos, want)
		}
		if pos.Allocated > pos.Contributions {
			t.Fatalf("allocated %s beyond contributions %s", pos.Allocated, pos.Contributions)
		}
		for _, sp := range pos.Schemes {
			if sp.Committed > sp.Budget {
				t.Fatalf("scheme %d: committed %s beyond budget %s", sp.SchemeID, sp.Committed, sp.Budget)
			}
		}
	})
}
