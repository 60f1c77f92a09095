package demo_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// TestMoneyDemo: the demo gives Hartlepool an illustrative Better Care
// Fund with contributions from the ICB and the council, schemes from a
// mixed economy of providers, a year of actuals, and seeding it twice
// changes nothing.
func TestMoneyDemo(t *testing.T) {
	ref, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	storetest.EnginesEmpty(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := st.LoadReference(ctx, app.ReferenceFromSet(&refdata.Set{Areas: ref.Areas})); err != nil {
			t.Fatalf("load reference: %v", err)
		}
		for range 2 {
			if err := demo.Seed(ctx, st, ref); err != nil {
				t.Fatalf("seed: %v", err)
			}
		}
		hwb, _, err := st.ListPartnerships(ctx, store.PartnershipFilter{Kind: places.PartnershipHWB, AreaCode: demo.HartlepoolCode})
		if err != nil || len(hwb) != 1 {
			t.Fatalf("boards %v %v", hwb, err)
		}
		funds, err := st.MoneyFunds(ctx, hwb[0].ID)
		if err != nil || len(funds) != 1 {
			t.Fatalf("funds %v %v (want one, seeded once)", funds, err)
		}
		f := funds[0]
		if f.Name != demo.HartlepoolFundName || !f.Illustrative || f.Kind != money.FundBCF {
			t.Errorf("fund %+v: want the illustrative Hartlepool BCF", f)
		}
		cs, err := st.MoneyContributions(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		partners := map[places.OrgKind]bool{}
		var voluntaryICB money.Pence
		for _, c := range cs {
			o, err := st.GetOrganisation(ctx, c.PartnerOrgID)
			if err != nil {
				t.Fatal(err)
			}
			partners[o.Kind] = true
			if o.Kind == places.OrgICB && c.Basis == money.BasisVoluntary && c.Source == money.SourceAdditional {
				voluntaryICB += c.Amount
			}
		}
		if !partners[places.OrgICB] || !partners[places.OrgCouncilUpper] || len(partners) != 2 {
			t.Errorf("contributing partners %v, want the ICB and the council", partners)
		}
		if voluntaryICB != money.Pounds(3_000_000) {
			t.Errorf("the ICB's voluntary additional line is %s, want £3m for the withdrawal scenario", voluntaryICB)
		}
		schemes, err := st.MoneySchemes(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[places.OrgKind]bool{}
		for _, s := range schemes {
			o, err := st.GetOrganisation(ctx, s.ProviderOrgID)
			if err != nil {
				t.Fatal(err)
			}
			kinds[o.Kind] = true
		}
		for _, k := range []places.OrgKind{places.OrgNHSTrust, places.OrgCouncilUpper, places.OrgVoluntary, places.OrgPrivate} {
			if !kinds[k] {
				t.Errorf("no scheme is provided by a %s organisation: the mixed economy is incomplete", k)
			}
		}
		ledger, err := st.MoneyLedger(ctx, f.ID, store.MoneyLedgerFilter{Kind: money.KindActual})
		if err != nil {
			t.Fatal(err)
		}
		months := map[string]bool{}
		for _, p := range ledger {
			months[p.Period] = true
		}
		if len(months) != 12 {
			t.Errorf("actuals in %d months, want a year", len(months))
		}
		scs, err := st.MoneyScenarios(ctx, f.ID)
		if err != nil || len(scs) != 1 || scs[0].Name != demo.HartlepoolScenarioName {
			t.Fatalf("scenarios %v %v: want the saved ICB withdrawal", scs, err)
		}
		if r := scs[0].Result; r.Requested != money.Pounds(3_000_000) || r.Modelled == 0 || r.EffectiveOn <= "2026-01-15" || len(r.Falling) == 0 {
			t.Errorf("the saved scenario's answer %+v: want £3m asked, money modelled, effective after the 14 days, schemes falling", r)
		}
		tb, err := st.MoneyTrialBalance(ctx, f.ID)
		if err != nil || !money.Balanced(tb) {
			t.Errorf("the demo ledger does not balance: %v", err)
		}
	})
}
