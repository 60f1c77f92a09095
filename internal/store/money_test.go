package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func budget(t *testing.T, s *store.Store, w storetest.MoneyWorld, scheme int, pounds int64) money.Posting {
	t.Helper()
	p, err := s.PostMoney(context.Background(), admin, money.Posting{FundID: w.Fund.ID, Period: "2025-04", Kind: money.KindBudget, SchemeID: w.Schemes[scheme].ID, Amount: money.Pounds(pounds)})
	if err != nil {
		t.Fatalf("budget: %v", err)
	}
	return p
}

func TestMoneyLedgerFlow(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		pos, err := s.MoneyPosition(ctx, w.Fund.ID)
		if err != nil || pos.Contributions != money.Pounds(20_000_000) || pos.Unallocated != money.Pounds(20_000_000) {
			t.Fatalf("position after contributions: %+v %v", pos, err)
		}
		contribs, err := s.MoneyContributions(ctx, w.Fund.ID)
		if err != nil || len(contribs) != 4 || contribs[2].Source != money.SourceLABCFGrant || contribs[0].Basis != money.BasisCondition || contribs[1].Basis != money.BasisVoluntary {
			t.Fatalf("contributions (ibcf alias, default basis): %+v %v", contribs, err)
		}
		budget(t, s, w, 0, 8_000_000)
		commit, err := s.PostMoney(ctx, admin, money.Posting{FundID: w.Fund.ID, Period: "2025-04", Kind: money.KindCommitment, SchemeID: w.Schemes[0].ID,
			Amount: money.Pounds(1_200_000), Reference: "C-1", Profile: money.EvenProfile(money.Pounds(1_200_000), money.Periods("2025-26"))})
		if err != nil {
			t.Fatal(err)
		}
		if commit.ProviderOrgID != w.HomeCare.ID || len(commit.Profile) != 12 {
			t.Errorf("commitment provider %d profile %d", commit.ProviderOrgID, len(commit.Profile))
		}
		actual, err := s.PostMoney(ctx, admin, money.Posting{FundID: w.Fund.ID, Period: "2025-05", Kind: money.KindActual, SchemeID: w.Schemes[0].ID, Amount: money.Pounds(100_000), Reference: "INV-1"})
		if err != nil {
			t.Fatal(err)
		}
		// A reversal leaves both entries visible and the balance as before.
		rev, err := s.ReverseMoneyPosting(ctx, admin, w.Fund.ID, actual.ID, "", "keyed twice")
		if err != nil || rev.ReversesID != actual.ID || rev.Debit != actual.Credit {
			t.Fatalf("reverse: %+v %v", rev, err)
		}
		if _, err := s.ReverseMoneyPosting(ctx, admin, w.Fund.ID, actual.ID, "", ""); fieldOf(t, err) != "posting_id" {
			t.Errorf("second reversal: %v", err)
		}
		pos, _ = s.MoneyPosition(ctx, w.Fund.ID)
		if pos.Spent != 0 || pos.Committed != money.Pounds(1_200_000) || pos.Allocated != money.Pounds(8_000_000) {
			t.Errorf("position: %+v", pos)
		}
		tb, err := s.MoneyTrialBalance(ctx, w.Fund.ID)
		if err != nil || !money.Balanced(tb) {
			t.Errorf("trial balance %+v %v", tb, err)
		}
		all, _ := s.MoneyLedger(ctx, w.Fund.ID, store.MoneyLedgerFilter{})
		if len(all) != 4+1+1+1+1 {
			t.Errorf("ledger holds %d postings", len(all))
		}
		// The database refuses edits and deletes.
		for _, q := range []string{"UPDATE money_ledger SET amount_pence = 1 WHERE id = $1", "DELETE FROM money_ledger WHERE id = $1"} {
			if _, err := s.DB().ExecContext(ctx, q, actual.ID); err == nil {
				t.Errorf("%s was allowed", q)
			}
		}
		// Closed months take no postings.
		if err := s.CloseMoneyPeriod(ctx, admin, w.Fund.ID, "2025-05"); err != nil {
			t.Fatal(err)
		}
		_, err = s.PostMoney(ctx, admin, money.Posting{FundID: w.Fund.ID, Period: "2025-05", Kind: money.KindActual, SchemeID: w.Schemes[0].ID, Amount: 1})
		if fieldOf(t, err) != "period" {
			t.Errorf("posting into a closed month: %v", err)
		}
		// Every posting is audited, and the chain verifies.
		if _, after := lastPosting(t, s, commit.ID); after["amount_pence"] != float64(120_000_000) {
			t.Errorf("audited commitment image %v", after)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("verify audit: %v", err)
		}
	})
}

func lastPosting(t *testing.T, s *store.Store, id int64) (string, map[string]any) {
	t.Helper()
	action, _, after := lastChange(t, s, "money_posting", id)
	return action, after
}

func TestMoneyRefusals(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		budget(t, s, w, 1, 1_000)
		tests := []struct {
			name  string
			p     money.Posting
			field string
			over  bool
		}{
			{"budget beyond the fund", money.Posting{Kind: money.KindBudget, SchemeID: w.Schemes[0].ID, Amount: money.Pounds(20_000_000)}, "", true},
			{"commitment beyond the scheme", money.Posting{Kind: money.KindCommitment, SchemeID: w.Schemes[1].ID, Amount: money.Pounds(1_000) + 1}, "", true},
			{"month outside the year", money.Posting{Kind: money.KindActual, SchemeID: w.Schemes[1].ID, Amount: 1, Period: "2026-04"}, "period", false},
			{"zero amount", money.Posting{Kind: money.KindActual, SchemeID: w.Schemes[1].ID}, "amount_pence", false},
			{"unknown scheme", money.Posting{Kind: money.KindActual, SchemeID: 9999, Amount: 1}, "scheme_id", false},
			{"bad kind", money.Posting{Kind: "gift", SchemeID: w.Schemes[1].ID, Amount: 1}, "kind", false},
			{"profile not adding up", money.Posting{Kind: money.KindCommitment, SchemeID: w.Schemes[1].ID, Amount: 100, Profile: []money.ProfileLine{{Period: "2025-04", Amount: 99}}}, "profile", false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				tc.p.FundID = w.Fund.ID
				if tc.p.Period == "" {
					tc.p.Period = "2025-06"
				}
				_, err := s.PostMoney(ctx, admin, tc.p)
				var oe *money.OvercommitError
				if tc.over {
					if !errors.As(err, &oe) {
						t.Fatalf("want an overcommitment, got %v", err)
					}
					return
				}
				if got := fieldOf(t, err); got != tc.field {
					t.Errorf("field %s, want %s (%v)", got, tc.field, err)
				}
			})
		}
		// A variation needs every partner.
		_, err := s.RecordMoneyVariation(ctx, admin, w.Fund.ID, money.Variation{Description: "ICB leaves early", AgreedBy: []int64{w.ICB.ID}})
		if fieldOf(t, err) != "agreed_by" {
			t.Errorf("variation agreed by one partner: %v", err)
		}
		v, err := s.RecordMoneyVariation(ctx, admin, w.Fund.ID, money.Variation{Description: "ICB leaves early", EffectiveOn: "2026-01-15", AgreedBy: []int64{w.ICB.ID, w.Council.ID}})
		if err != nil || v.ID == 0 {
			t.Fatalf("variation: %v", err)
		}
		// A scheme's type must come from the year's list.
		bad := w.Schemes[0]
		bad.ID, bad.Ref, bad.SchemeType = 0, "S99", "Carers Services" // a 2023-25 type
		if _, err := s.CreateMoneyScheme(ctx, admin, bad); fieldOf(t, err) != "scheme_type" {
			t.Errorf("2023-25 scheme type in 2025-26: %v", err)
		}
	})
}

// TestMoneyParallelCommitments: many commitments at once against one
// scheme never commit more than its budget, on both engines.
func TestMoneyParallelCommitments(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		budget(t, s, w, 0, 1_000)
		const n, each = 12, 100_00 // 12 × £100 against £1,000
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, refused := 0, 0
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for {
					_, err := s.PostMoney(ctx, admin, money.Posting{FundID: w.Fund.ID, Period: "2025-04", Kind: money.KindCommitment, SchemeID: w.Schemes[0].ID, Amount: each, Reference: fmt.Sprint("C-", i)})
					if errors.Is(err, store.ErrBusy) {
						continue
					}
					var oe *money.OvercommitError
					mu.Lock()
					switch {
					case err == nil:
						ok++
					case errors.As(err, &oe):
						refused++
					default:
						t.Errorf("commitment %d: %v", i, err)
					}
					mu.Unlock()
					return
				}
			}(i)
		}
		wg.Wait()
		pos, err := s.MoneyPosition(ctx, w.Fund.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok != 10 || refused != 2 || pos.Committed != money.Pounds(1_000) {
			t.Errorf("%d committed, %d refused, %s committed in all; want 10, 2, £1,000.00", ok, refused, pos.Committed)
		}
	})
}

// fakeConsultations stands in for the Voice store.
type fakeConsultations struct {
	mu     sync.Mutex
	closed map[int64]bool
}

func (f *fakeConsultations) MoneyConsultationStatus(_ context.Context, id int64) (money.ConsultationStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.closed[id]
	if !ok {
		return money.ConsultationStatus{}, store.ErrNotFound
	}
	return money.ConsultationStatus{ID: id, Title: fmt.Sprintf("Carers' support in Hartlepool (%d)", id), Closed: c}, nil
}

func TestMoneyConsultBeforeAllocating(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		cons := &fakeConsultations{closed: map[int64]bool{41: false}}
		s.SetMoneyConsultations(cons)
		f := w.Fund
		f.ConsultBeforeAllocating = true
		if _, err := s.UpdateMoneyFund(ctx, admin, f); err != nil {
			t.Fatal(err)
		}
		sch := w.Schemes[2]
		sch.ConsultationID = 41
		if _, err := s.UpdateMoneyScheme(ctx, admin, sch); err != nil {
			t.Fatal(err)
		}
		budget(t, s, w, 2, 50_000)
		commit := money.Posting{FundID: f.ID, Period: "2025-07", Kind: money.KindCommitment, SchemeID: sch.ID, Amount: money.Pounds(40_000)}
		_, err := s.PostMoney(ctx, admin, commit)
		var open *money.ConsultationOpenError
		if !errors.As(err, &open) || open.ID != 41 || open.Title != "Carers' support in Hartlepool (41)" {
			t.Fatalf("commitment while the consultation is open: %v", err)
		}
		// A budget is not a commitment: allocating is allowed.
		cons.mu.Lock()
		cons.closed[41] = true
		cons.mu.Unlock()
		if _, err := s.PostMoney(ctx, admin, commit); err != nil {
			t.Errorf("commitment after the consultation closed: %v", err)
		}
		// With the rule off, an open consultation does not stop money.
		cons.mu.Lock()
		cons.closed[41] = false
		cons.mu.Unlock()
		f.ConsultBeforeAllocating = false
		if _, err := s.UpdateMoneyFund(ctx, admin, f); err != nil {
			t.Fatal(err)
		}
		commit.Amount = money.Pounds(1_000)
		if _, err := s.PostMoney(ctx, admin, commit); err != nil {
			t.Errorf("commitment with the rule off: %v", err)
		}
	})
}

func TestMoneySignoff(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		plan, err := s.MoneyPlan(ctx, w.Fund.ID)
		if err != nil || len(plan.Missing) != 3 || plan.Locked {
			t.Fatalf("plan before signing: %+v %v", plan, err)
		}
		sign := func(org int64, role money.SignoffRole) (money.PlanVersion, error) {
			return s.SignMoneyPlan(ctx, admin, w.Fund.ID, plan.Version, money.Signoff{OrgID: org, Role: role, SignerName: "A Person"})
		}
		var notReq *money.NotRequiredError
		if _, err := sign(w.ICB.ID, money.RoleS151); !errors.As(err, &notReq) {
			t.Errorf("ICB s151: %v", err)
		}
		for _, r := range []struct {
			org  int64
			role money.SignoffRole
		}{{w.Council.ID, money.RoleChiefExecutive}, {w.ICB.ID, money.RoleChiefExecutive}, {w.Council.ID, money.RoleS151}} {
			if plan, err = sign(r.org, r.role); err != nil {
				t.Fatal(err)
			}
		}
		if !plan.Locked || len(plan.Missing) != 0 {
			t.Fatalf("plan after every signature: %+v", plan)
		}
		signed := plan.Version
		// An edit makes a new version and voids the signatures.
		budget(t, s, w, 0, 10)
		plan, err = s.MoneyPlan(ctx, w.Fund.ID)
		if err != nil || plan.Version != signed+1 || plan.Locked || len(plan.Signoffs) != 0 {
			t.Fatalf("plan after an edit: %+v %v", plan, err)
		}
		if _, err := s.SignMoneyPlan(ctx, admin, w.Fund.ID, signed, money.Signoff{OrgID: w.ICB.ID, Role: money.RoleChiefExecutive, SignerName: "Late"}); fieldOf(t, err) != "version" {
			t.Errorf("signing a voided version: %v", err)
		}
	})
}
