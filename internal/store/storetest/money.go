package storetest

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// MoneyWorld is a small Better Care Fund for Hartlepool: a council and an
// ICB under a section 75 agreement with a £0.5m risk pool, four
// contribution lines (£20.0m), and three schemes from a mixed economy of
// providers. No budgets are allocated yet.
type MoneyWorld struct {
	Partnership places.Partnership
	Council     places.Organisation // council_upper, host; its s151 officer signs
	ICB         places.Organisation
	Trust       places.Organisation // NHS provider
	Charity     places.Organisation // voluntary provider
	HomeCare    places.Organisation // private provider
	Fund        money.Fund
	Agreement   money.Agreement
	Schemes     []money.Scheme // priority 1, 2, 3
}

// MoneyFixture creates MoneyWorld in s.
func MoneyFixture(t testing.TB, s *store.Store) MoneyWorld {
	t.Helper()
	ctx := context.Background()
	by := audit.Actor{Name: "fixture@example.test"}
	var w MoneyWorld
	org := func(name string, kind places.OrgKind) places.Organisation {
		o, err := s.CreateOrganisation(ctx, by, places.Organisation{Name: name, Kind: kind})
		if err != nil {
			t.Fatalf("money fixture: organisation %s: %v", name, err)
		}
		return o
	}
	w.Council = org("Hartlepool Borough Council", places.OrgCouncilUpper)
	w.ICB = org("North East and North Cumbria ICB", places.OrgICB)
	w.Trust = org("North Tees and Hartlepool NHS Foundation Trust", places.OrgNHSTrust)
	w.Charity = org("Hartlepool Carers", places.OrgVoluntary)
	w.HomeCare = org("Headland Home Care Ltd", places.OrgPrivate)
	var err error
	w.Partnership, err = s.CreatePartnership(ctx, by, places.Partnership{Kind: places.PartnershipHWB, AreaCode: Hartlepool, Name: "Hartlepool Health and Wellbeing Board", LeadOrgID: w.Council.ID})
	if err != nil {
		t.Fatalf("money fixture: partnership: %v", err)
	}
	w.Fund, err = s.CreateMoneyFund(ctx, by, money.Fund{PartnershipID: w.Partnership.ID, FinancialYear: "2025-26", Name: "Hartlepool Better Care Fund",
		Kind: money.FundBCF, HostOrgID: w.Council.ID, ManagerName: "Pat Pooled"})
	if err != nil {
		t.Fatalf("money fixture: fund: %v", err)
	}
	w.Agreement, err = s.SaveMoneyAgreement(ctx, by, money.Agreement{FundID: w.Fund.ID, HostOrgID: w.Council.ID, Hosting: "The council hosts, accounts for and audits the pool",
		Parties: []money.Party{{OrgID: w.Council.ID}, {OrgID: w.ICB.ID}}, RiskShare: money.RiskPool, RiskPool: money.Pounds(500_000)})
	if err != nil {
		t.Fatalf("money fixture: agreement: %v", err)
	}
	for _, c := range []money.Contribution{
		{PartnerOrgID: w.ICB.ID, Source: money.SourceNHSMinimum, Amount: money.Pounds(10_000_000)},
		{PartnerOrgID: w.ICB.ID, Source: money.SourceAdditional, Basis: money.BasisVoluntary, Amount: money.Pounds(3_000_000)},
		{PartnerOrgID: w.Council.ID, Source: "ibcf", Amount: money.Pounds(5_000_000), Schedule: money.ScheduleMonthly},
		{PartnerOrgID: w.Council.ID, Source: money.SourceDFG, Amount: money.Pounds(2_000_000)},
	} {
		c.FundID = w.Fund.ID
		if _, err := s.AddMoneyContribution(ctx, by, c); err != nil {
			t.Fatalf("money fixture: contribution: %v", err)
		}
	}
	for i, m := range []money.Scheme{
		{Ref: "S01", Name: "Home-based reablement", SchemeType: "Home-based intermediate care", Category: "Adult social care", CommissionerOrgID: w.Council.ID, ProviderOrgID: w.HomeCare.ID},
		{Ref: "S02", Name: "Community rapid response", SchemeType: "Urgent community response", Category: "NHS community health", CommissionerOrgID: w.ICB.ID, ProviderOrgID: w.Trust.ID},
		{Ref: "S03", Name: "Carers' support", SchemeType: "Unpaid carers", Category: "Adult social care", CommissionerOrgID: w.Council.ID, ProviderOrgID: w.Charity.ID},
	} {
		m.FundID, m.StartsOn, m.EndsOn, m.Priority = w.Fund.ID, "2025-04-01", "2027-03-31", i+1
		got, err := s.CreateMoneyScheme(ctx, by, m)
		if err != nil {
			t.Fatalf("money fixture: scheme %s: %v", m.Ref, err)
		}
		w.Schemes = append(w.Schemes, got)
	}
	return w
}
