package demo

// This file seeds the Money demo: an illustrative Better Care Fund for
// Hartlepool under a section 75 agreement between the council and the ICB,
// with contributions by funding source, schemes commissioned from a mixed
// economy of providers (NHS, council in-house, voluntary and private), a
// year of actuals, and a saved scenario: "the ICB withdraws £3m at 14
// days' notice". Every figure is made up and the fund says so.

import (
	"context"
	"fmt"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
)

// MoneyStore is what the Money demo needs beyond Store; *store.Store has
// it. A Store without it (the tests' in-memory one) gets no Money demo.
type MoneyStore interface {
	MoneyFunds(ctx context.Context, partnershipID int64) ([]money.Fund, error)
	CreateMoneyFund(ctx context.Context, by store.Actor, f money.Fund) (money.Fund, error)
	SaveMoneyAgreement(ctx context.Context, by store.Actor, a money.Agreement) (money.Agreement, error)
	AddMoneyContribution(ctx context.Context, by store.Actor, c money.Contribution) (money.Contribution, error)
	CreateMoneyScheme(ctx context.Context, by store.Actor, m money.Scheme) (money.Scheme, error)
	PostMoney(ctx context.Context, by store.Actor, p money.Posting) (money.Posting, error)
	SaveMoneyScenario(ctx context.Context, by store.Actor, sc money.Scenario) (money.Scenario, error)
	money.Reader
}

// HartlepoolScenarioName is the demo's saved what-if scenario.
const HartlepoolScenarioName = "The ICB withdraws £3m at 14 days' notice"

// HartlepoolFundName is the demo fund's name.
const HartlepoolFundName = "Hartlepool Better Care Fund 2025-26"

// HartlepoolFundYear is the demo fund's financial year.
const HartlepoolFundYear = "2025-26"

// demoScheme is one scheme of the demo fund with its yearly budget and the
// share of its commitment actually spent each month (in tenths of a
// percent of the monthly profile: 1000 is on plan).
type demoScheme struct {
	ref, name, schemeType, category string
	commissioner, provider          string // keys of the orgs map
	budget                          int64  // pounds
	spendRate                       int64  // per mille of the profile
}

// seedMoney adds the demo fund to Hartlepool's board once.
func (s *seeder) seedMoney(ctx context.Context) error {
	ms, ok := s.st.(MoneyStore)
	if !ok {
		return nil
	}
	area, ok := s.ref.Area(refdata.UTLA, HartlepoolCode)
	if !ok {
		return fmt.Errorf("area %s missing from reference data", HartlepoolCode)
	}
	icbArea, ok := s.ref.Area(refdata.ICB, "E54000050")
	if !ok {
		return fmt.Errorf("ICB E54000050 missing from reference data")
	}
	orgs := map[string]places.Organisation{
		"council": councilOrg(area),
		"icb":     icbOrg(icbArea),
		"trust": {Name: "North Tees and Hartlepool NHS Foundation Trust", Kind: places.OrgNHSTrust, ODSCode: "RVW",
			AreaCodes: []string{"E06000001", "E06000004"}},
		"vda": {Name: "Hartlepool Voluntary Development Agency", Kind: places.OrgVoluntary, AreaCodes: []string{HartlepoolCode}},
		// Fictional, and named so.
		"homecare": {Name: "Headland Home Care Ltd (fictional)", Kind: places.OrgPrivate, AreaCodes: []string{HartlepoolCode}},
	}
	for _, k := range sortedKeys(orgs) {
		o, err := s.ensureOrg(ctx, orgs[k])
		if err != nil {
			return err
		}
		orgs[k] = o
	}
	board, err := s.ensurePartnership(ctx, places.Partnership{Kind: places.PartnershipHWB, AreaType: places.AreaUTLA, AreaCode: HartlepoolCode,
		Name: HartlepoolBoardName, LeadOrgID: orgs["council"].ID})
	if err != nil {
		return err
	}
	funds, err := ms.MoneyFunds(ctx, board.ID)
	if err != nil {
		return err
	}
	for _, f := range funds {
		if f.Name == HartlepoolFundName {
			return nil
		}
	}
	council, icb := orgs["council"].ID, orgs["icb"].ID
	fund, err := ms.CreateMoneyFund(ctx, Actor, money.Fund{PartnershipID: board.ID, FinancialYear: HartlepoolFundYear, Name: HartlepoolFundName,
		Kind: money.FundBCF, HostOrgID: council, ManagerName: "Pat Pooled (fictional)", Illustrative: true})
	if err != nil {
		return fmt.Errorf("fund: %w", err)
	}
	if _, err := ms.SaveMoneyAgreement(ctx, Actor, money.Agreement{FundID: fund.ID, Kind: "s75", HostOrgID: council,
		Hosting:   "The council hosts the pooled fund, accounts for it and has it audited (illustrative)",
		Parties:   []money.Party{{OrgID: council}, {OrgID: icb}},
		RiskShare: money.RiskPool, RiskPool: money.Pounds(500_000),
		TerminationNoticeMonths: 12, SchemeNoticeMonths: 6}); err != nil {
		return fmt.Errorf("agreement: %w", err)
	}
	for _, c := range []money.Contribution{
		{PartnerOrgID: icb, Source: money.SourceNHSMinimum, Basis: money.BasisCondition, Schedule: money.ScheduleMonthly, Amount: money.Pounds(11_400_000)},
		{PartnerOrgID: icb, Source: money.SourceAdditional, Basis: money.BasisVoluntary, Schedule: money.ScheduleQuarterly, Amount: money.Pounds(3_000_000)},
		{PartnerOrgID: icb, Source: money.SourceDischarge, Basis: money.BasisVoluntary, Schedule: money.ScheduleQuarterly, Amount: money.Pounds(900_000)},
		{PartnerOrgID: council, Source: money.SourceLABCFGrant, Basis: money.BasisCondition, Schedule: money.ScheduleQuarterly, Amount: money.Pounds(5_200_000)},
		{PartnerOrgID: council, Source: money.SourceDFG, Basis: money.BasisCondition, Schedule: money.ScheduleQuarterly, Amount: money.Pounds(1_600_000)},
		{PartnerOrgID: council, Source: money.SourceDischarge, Basis: money.BasisVoluntary, Schedule: money.ScheduleQuarterly, Amount: money.Pounds(900_000)},
	} {
		c.FundID = fund.ID
		if _, err := ms.AddMoneyContribution(ctx, Actor, c); err != nil {
			return fmt.Errorf("contribution: %w", err)
		}
	}
	schemes := []demoScheme{
		{"S01", "Home-based reablement", "Home-based intermediate care", "Adult social care", "council", "council", 6_200_000, 1000},
		{"S02", "Community rapid response", "Urgent community response", "NHS community health", "icb", "trust", 5_400_000, 1040},
		{"S03", "Discharge to assess", "Discharge support and care transfer hubs", "Acute", "icb", "trust", 3_600_000, 980},
		{"S04", "Home care for people leaving hospital", "Home care or domiciliary care", "Adult social care", "council", "homecare", 3_100_000, 1060},
		{"S05", "Home adaptations (Disabled Facilities Grant)", "Home adaptations and technology", "Housing", "council", "council", 1_600_000, 950},
		{"S06", "Support for unpaid carers", "Unpaid carers", "Adult social care", "council", "vda", 900_000, 1000},
		{"S07", "Falls prevention in the community", "Prevention and early intervention", "Adult social care", "council", "vda", 650_000, 1000},
	}
	periods := money.Periods(HartlepoolFundYear)
	for i, d := range schemes {
		sch, err := ms.CreateMoneyScheme(ctx, Actor, money.Scheme{FundID: fund.ID, Ref: d.ref, Name: d.name, SchemeType: d.schemeType, Category: d.category,
			CommissionerOrgID: orgs[d.commissioner].ID, ProviderOrgID: orgs[d.provider].ID, StartsOn: "2025-04-01", EndsOn: "2027-03-31", Priority: i + 1})
		if err != nil {
			return fmt.Errorf("scheme %s: %w", d.ref, err)
		}
		budget := money.Pounds(d.budget)
		if _, err := ms.PostMoney(ctx, Actor, money.Posting{FundID: fund.ID, Kind: money.KindBudget, Period: periods[0], SchemeID: sch.ID, Amount: budget,
			Memo: "Budget for the year"}); err != nil {
			return fmt.Errorf("budget %s: %w", d.ref, err)
		}
		profile := money.EvenProfile(budget, periods)
		if _, err := ms.PostMoney(ctx, Actor, money.Posting{FundID: fund.ID, Kind: money.KindCommitment, Period: periods[0], SchemeID: sch.ID, Amount: budget,
			Profile: profile, Reference: "CONTRACT-" + d.ref, Memo: "Contract with the provider for the year"}); err != nil {
			return fmt.Errorf("commitment %s: %w", d.ref, err)
		}
		// A year of actuals, a little over or under the profile.
		for m, l := range profile {
			amount := l.Amount * money.Pence(d.spendRate) / 1000
			if _, err := ms.PostMoney(ctx, Actor, money.Posting{FundID: fund.ID, Kind: money.KindActual, Period: l.Period, SchemeID: sch.ID, Amount: amount,
				Reference: fmt.Sprintf("INV-%s-%02d", d.ref, m+1)}); err != nil {
				return fmt.Errorf("actual %s %s: %w", d.ref, l.Period, err)
			}
		}
	}
	// The question that started it all: the ICB gives notice on 1 January
	// 2026 to take £3m out within 14 days.
	wd := money.Withdrawal{PartnerOrgID: icb, Amount: money.Pounds(3_000_000), NoticeOn: "2026-01-01", NoticeDays: 14}
	res, err := money.FundWhatIf(ctx, ms, fund.ID, wd)
	if err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	if _, err := ms.SaveMoneyScenario(ctx, Actor, money.Scenario{FundID: fund.ID, Name: HartlepoolScenarioName, Withdrawal: wd, Result: res}); err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	return nil
}
