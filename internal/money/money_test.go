package money

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/placeboard/placeboard/internal/validation"
)

func TestSplitM1(t *testing.T) {
	w := []int64{4750, 3250, 2000} // 47.5 / 32.5 / 20
	for run := 0; run < 3; run++ {
		parts, err := Split(100_000_001, w)
		if err != nil {
			t.Fatal(err)
		}
		want := []Pence{47_500_001, 32_500_000, 20_000_000}
		var sum Pence
		for i, p := range parts {
			sum += p
			if p != want[i] {
				t.Errorf("part %d = %d, want %d", i, p, want[i])
			}
		}
		if sum != 100_000_001 {
			t.Errorf("parts sum to %d, want 100,000,001p", sum)
		}
	}
}

func TestSplitTable(t *testing.T) {
	tests := []struct {
		name  string
		total Pence
		w     []int64
		want  []Pence
		err   bool
	}{
		{"thirds give the odd penny to the first", 100, []int64{1, 1, 1}, []Pence{34, 33, 33}, false},
		{"negative is split as magnitude", -100, []int64{1, 1, 1}, []Pence{-34, -33, -33}, false},
		{"a zero weight gets nothing", 7, []int64{0, 1}, []Pence{0, 7}, false},
		{"largest remainder wins", 10, []int64{1, 2}, []Pence{3, 7}, false},
		{"all zero", 10, []int64{0, 0}, nil, true},
		{"negative weight", 10, []int64{-1, 2}, nil, true},
		{"none", 10, nil, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Split(tc.total, tc.w)
			if (err != nil) != tc.err {
				t.Fatalf("err %v", err)
			}
			for i := range tc.want {
				if got[i] != tc.want[i] {
					t.Errorf("got %v, want %v", got, tc.want)
					break
				}
			}
		})
	}
}

func TestParsePence(t *testing.T) {
	tests := []struct {
		in   string
		want Pence
		err  error
	}{
		{"1234.56", 123456, nil},
		{"£1,000,000.01", 100_000_001, nil},
		{"12", 1200, nil},
		{"12.5", 1250, nil},
		{".5", 50, nil},
		{"-3.10", -310, nil},
		{"(3.10)", -310, nil},
		{"", 0, ErrAmountEmpty},
		{"1.234", 0, ErrAmountFormat},
		{"1,23", 0, ErrAmountFormat},
		{"12a", 0, ErrAmountFormat},
		{"1e5", 0, ErrAmountFormat},
		{"99999999999999", 0, ErrAmountLarge},
	}
	for _, tc := range tests {
		got, err := ParsePence(tc.in)
		if !errors.Is(err, tc.err) || got != tc.want {
			t.Errorf("ParsePence(%q) = %d, %v; want %d, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
	if s := Pence(-123456789).String(); s != "-£1,234,567.89" {
		t.Errorf("String = %s", s)
	}
}

func FuzzParsePence(f *testing.F) {
	for _, s := range []string{"1234.56", "£1,000,000.01", "(3.10)", "-0.01", "", "1,2,3", "£", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePence(s)
		if err != nil {
			return
		}
		// A parsed amount prints and parses back to itself.
		back, err := ParsePence(p.Plain())
		if err != nil || back != p {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, p, p.Plain(), back, err)
		}
	})
}

func TestWaterfallM3(t *testing.T) {
	a := Agreement{RiskShare: RiskPool, RiskPool: Pounds(500_000), Parties: []Party{{OrgID: 1}, {OrgID: 2}}}
	a.Normalize()
	res := Waterfall(WaterfallInput{
		Agreement: a,
		Schemes: []SchemeOutturn{
			{SchemeID: 10, Name: "A", CommissionerOrgID: 1, Budget: Pounds(12_000_000), Outturn: Pounds(12_600_000)},
			{SchemeID: 11, Name: "B", CommissionerOrgID: 2, Budget: Pounds(8_000_000), Outturn: Pounds(7_800_000)},
		},
		Contributions: map[int64]Pence{1: Pounds(12_000_000), 2: Pounds(8_000_000)}, // the £20.0m pool
	})
	if len(res.Steps) != 4 {
		t.Fatalf("steps %+v", res.Steps)
	}
	want := []struct {
		step WaterfallStep
		amt  Pence
	}{{StepUnderspends, Pounds(200_000)}, {StepRiskPool, Pounds(400_000)}, {StepUncommitted, 0}, {StepPartners, 0}}
	for i, w := range want {
		if res.Steps[i].Step != w.step || res.Steps[i].Amount != w.amt {
			t.Errorf("step %d = %s %s, want %s %s", i, res.Steps[i].Step, res.Steps[i].Amount, w.step, w.amt)
		}
	}
	if f := res.Steps[0].From; len(f) != 1 || f[0].SchemeID != 11 || f[0].Amount != Pounds(200_000) {
		t.Errorf("underspends came from %+v, want £200k from B", f)
	}
	if res.FromPartners != 0 || res.RiskPoolLeft != Pounds(100_000) || res.UnderspendLeft != 0 {
		t.Errorf("partners %s, risk pool left %s, underspend left %s", res.FromPartners, res.RiskPoolLeft, res.UnderspendLeft)
	}
}

func TestWaterfallPartners(t *testing.T) {
	tests := []struct {
		name  string
		share RiskShare
		bp    [2]int64
		want  [2]Pence
	}{
		{"pro rata to contributions", RiskProRata, [2]int64{}, [2]Pence{Pounds(75_000), Pounds(25_000)}},
		{"fixed split", RiskFixed, [2]int64{4000, 6000}, [2]Pence{Pounds(40_000), Pounds(60_000)}},
		{"own risk: the overspending commissioner", RiskOwn, [2]int64{}, [2]Pence{0, Pounds(100_000)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := Agreement{RiskShare: tc.share, Parties: []Party{{OrgID: 1, FixedShareBP: tc.bp[0]}, {OrgID: 2, FixedShareBP: tc.bp[1]}}}
			a.Normalize()
			res := Waterfall(WaterfallInput{Agreement: a,
				Schemes:       []SchemeOutturn{{SchemeID: 1, CommissionerOrgID: 2, Budget: 100, Outturn: 100 + Pounds(100_000)}},
				Contributions: map[int64]Pence{1: 300, 2: 100}})
			got := map[int64]Pence{}
			for _, c := range res.Steps[3].From {
				got[c.OrgID] = c.Amount
			}
			if got[1] != tc.want[0] || got[2] != tc.want[1] || res.FromPartners != Pounds(100_000) {
				t.Errorf("partners gave %v (total %s), want %v", got, res.FromPartners, tc.want)
			}
		})
	}
}

// m4 is the withdrawal of acceptance test M4: the ICB (2) gives notice on
// 2026-01-01 to withdraw £3.0m in 14 days; 12 months' notice; the schemes
// end on 2027-03-31.
func m4(nhsMinimum Pence) WhatIfInput {
	a := Agreement{FundID: 1, HostOrgID: 1, RiskShare: RiskProRata, Parties: []Party{{OrgID: 1}, {OrgID: 2}}}
	a.Normalize()
	contribs := []Contribution{
		{ID: 1, PartnerOrgID: 1, Source: SourceLABCFGrant, Basis: BasisCondition, Amount: Pounds(5_000_000)},
		{ID: 2, PartnerOrgID: 2, Source: SourceNHSMinimum, Basis: BasisCondition, Amount: Pounds(10_000_000)},
		{ID: 3, PartnerOrgID: 2, Source: SourceAdditional, Basis: BasisVoluntary, Amount: Pounds(3_000_000) - nhsMinimum},
	}
	scheme := func(id int64, ref string, prio int, annual int64, comm int64) SchemeCost {
		return SchemeCost{Scheme: Scheme{ID: id, Ref: ref, Name: ref, Priority: prio, CommissionerOrgID: comm, StartsOn: "2025-04-01", EndsOn: "2027-03-31"}, Annual: Pounds(annual)}
	}
	return WhatIfInput{
		Agreement:     a,
		Contributions: contribs,
		Schemes: []SchemeCost{
			scheme(10, "S01 reablement", 1, 8_000_000, 1),
			scheme(11, "S02 rapid response", 2, 6_000_000, 2),
			scheme(12, "S03 carers", 3, 1_000_000, 1),
			scheme(13, "S04 equipment", 4, 1_500_000, 1),
		},
		Variations: []Variation{{ID: 7, Description: "The ICB may leave on 14 days' notice", EffectiveOn: "2026-01-15", AgreedBy: []int64{1, 2}}},
		Withdrawal: Withdrawal{PartnerOrgID: 2, Amount: Pounds(3_000_000), NoticeOn: "2026-01-01", NoticeDays: 14},
	}
}

func TestWhatIfM4(t *testing.T) {
	t.Run("a: the agreement decides the date", func(t *testing.T) {
		res, err := WhatIf(m4(0))
		if err != nil {
			t.Fatal(err)
		}
		if res.EffectiveOn != "2027-03-31" || res.NoticeEndsOn != "2027-01-01" || res.RequestedOn != "2026-01-15" {
			t.Errorf("effective %s (notice ends %s, requested %s), want 2027-03-31", res.EffectiveOn, res.NoticeEndsOn, res.RequestedOn)
		}
		if res.Modelled != Pounds(3_000_000) || len(res.Breaches) != 0 {
			t.Errorf("modelled %s, breaches %v", res.Modelled, res.Breaches)
		}
		// Schemes fall from the lowest priority up: S04 (£1.5m), S03 (£1.0m), then £0.5m of S02.
		wantFall := []struct {
			ref   string
			cut   Pence
			whole bool
		}{{"S04 equipment", Pounds(1_500_000), true}, {"S03 carers", Pounds(1_000_000), true}, {"S02 rapid response", Pounds(500_000), false}}
		if len(res.Falling) != len(wantFall) {
			t.Fatalf("falling %+v", res.Falling)
		}
		for i, w := range wantFall {
			f := res.Falling[i]
			if f.Ref != w.ref || f.Cut != w.cut || f.Whole != w.whole || f.FallsOn != "2027-03-31" {
				t.Errorf("falling[%d] = %+v, want %+v", i, f, w)
			}
		}
		// The shortfall by month adds up to the modelled amount, starting when it takes effect.
		var sum Pence
		for _, m := range res.Months {
			sum += m.Amount
		}
		if sum != res.Modelled || res.Months[0].Period != "2027-03" || res.Months[len(res.Months)-1].Cumulative != res.Modelled {
			t.Errorf("months %+v", res.Months)
		}
		// The council, the partner left, carries the shortfall.
		if len(res.Exposures) != 1 || res.Exposures[0].OrgID != 1 || res.Exposures[0].Amount != Pounds(3_000_000) {
			t.Errorf("exposures %+v", res.Exposures)
		}
	})
	t.Run("b: the NHS minimum is a breach, not modelled", func(t *testing.T) {
		res, err := WhatIf(m4(Pounds(1_200_000)))
		if err != nil {
			t.Fatal(err)
		}
		if res.Modelled != Pounds(1_800_000) || len(res.Breaches) != 1 || res.Breaches[0].Amount != Pounds(1_200_000) ||
			res.Breaches[0].Source != SourceNHSMinimum || res.Breaches[0].Message != BreachMessage {
			t.Errorf("modelled %s, breaches %+v", res.Modelled, res.Breaches)
		}
	})
	t.Run("c: a recorded variation lets it go in 14 days", func(t *testing.T) {
		in := m4(0)
		in.Withdrawal.VariationID = 7
		res, err := WhatIf(in)
		if err != nil {
			t.Fatal(err)
		}
		if res.EffectiveOn != "2026-01-15" || res.VariationID != 7 || res.Months[0].Period != "2026-01" {
			t.Errorf("effective %s, variation %d, months from %s", res.EffectiveOn, res.VariationID, res.Months[0].Period)
		}
		if res.Falling[0].FallsOn != "2026-01-15" {
			t.Errorf("falls on %s", res.Falling[0].FallsOn)
		}
	})
	t.Run("bad input names the field", func(t *testing.T) {
		tests := []struct {
			name  string
			edit  func(*WhatIfInput)
			field string
		}{
			{"not a partner", func(in *WhatIfInput) { in.Withdrawal.PartnerOrgID = 9 }, "partner_org_id"},
			{"more than it gives", func(in *WhatIfInput) { in.Withdrawal.Amount = Pounds(14_000_000) }, "amount_pence"},
			{"bad date", func(in *WhatIfInput) { in.Withdrawal.NoticeOn = "1/1/26" }, "notice_on"},
			{"unknown variation", func(in *WhatIfInput) { in.Withdrawal.VariationID = 99 }, "variation_id"},
			{"another partner's line", func(in *WhatIfInput) { in.Withdrawal.ContributionIDs = []int64{1} }, "contribution_ids[0]"},
		}
		for _, tc := range tests {
			in := m4(0)
			tc.edit(&in)
			_, err := WhatIf(in)
			ve, ok := validation.As(err)
			if !ok || ve.Fields[0].Field != tc.field {
				t.Errorf("%s: %v, want field %s", tc.name, err, tc.field)
			}
		}
	})
}

func TestAgreementValidate(t *testing.T) {
	ok := Agreement{HostOrgID: 1, Parties: []Party{{OrgID: 1}, {OrgID: 2}}}
	tests := []struct {
		name  string
		edit  func(*Agreement)
		field string
	}{
		{"defaults are valid", func(*Agreement) {}, ""},
		{"one party", func(a *Agreement) { a.Parties = a.Parties[:1] }, "parties"},
		{"host outside", func(a *Agreement) { a.HostOrgID = 3 }, "host_org_id"},
		{"fixed split not 100%", func(a *Agreement) { a.RiskShare = RiskFixed; a.Parties[0].FixedShareBP = 5000 }, "parties"},
		{"risk pool without size", func(a *Agreement) { a.RiskShare = RiskPool }, "risk_pool_pence"},
		{"unknown step", func(a *Agreement) { a.Waterfall = []WaterfallStep{"luck", StepPartners} }, "waterfall[0]"},
		{"bad method", func(a *Agreement) { a.RiskShare = "hope" }, "risk_share"},
	}
	for _, tc := range tests {
		a := ok
		a.Parties = append([]Party(nil), ok.Parties...)
		tc.edit(&a)
		a.Normalize()
		err := a.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		ve, isVE := validation.As(err)
		if !isVE || ve.Fields[0].Field != tc.field {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.field)
		}
	}
	a := ok
	a.Normalize()
	if a.TerminationNoticeMonths != 12 || a.SchemeNoticeMonths != 6 || a.RiskShare != RiskOwn || len(a.Waterfall) != 4 {
		t.Errorf("defaults %+v", a)
	}
}

func TestYearDataDiffers(t *testing.T) {
	old, err1 := Year("2024-25")
	cur, err2 := Year("2025-26")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !old.HasSchemeType("Carers Services") || cur.HasSchemeType("Carers Services") || !cur.HasSchemeType("Unpaid carers") {
		t.Error("the 2025-26 scheme types should differ from 2023-25")
	}
	if _, err := Year("2019-20"); !errors.Is(err, ErrUnknownYear) {
		t.Errorf("2019-20: %v", err)
	}
}

// TestMoneyLedgerProperties runs random postings through the ledger's
// rules: the ledger always balances, nothing is committed beyond the funds
// available, and largest-remainder splits add up exactly.
func TestMoneyLedgerProperties(t *testing.T) {
	t.Run("ledger", rapid.MakeCheck(func(t *rapid.T) {
		var ledger []Posting
		schemes := []int64{1, 2, 3}
		n := rapid.IntRange(1, 60).Draw(t, "n")
		for i := 0; i < n; i++ {
			pos := Position(ledger)
			op := rapid.SampledFrom([]string{"contribution", "budget", "commitment", "actual", "reversal"}).Draw(t, "op")
			amt := Pence(rapid.Int64Range(1, 5_000_000).Draw(t, "amount"))
			sch := rapid.SampledFrom(schemes).Draw(t, "scheme")
			var p Posting
			switch op {
			case "reversal":
				if len(ledger) == 0 {
					continue
				}
				orig := ledger[rapid.IntRange(0, len(ledger)-1).Draw(t, "which")]
				if orig.ReversesID != 0 || reversed(ledger, orig.ID) || CheckReversal(pos, orig) != nil {
					continue
				}
				p = orig.Reversal(orig.Period, "")
			default:
				p = Posting{Kind: Kind(op), Period: "2025-04", Amount: amt, SchemeID: sch, PartnerOrgID: 7}
				p.Normalize()
				if op == "contribution" {
					p.SchemeID = 0
				}
				if err := CheckFunds(pos, p); err != nil {
					var oe *OvercommitError
					if !errors.As(err, &oe) {
						t.Fatalf("check funds: %v", err)
					}
					continue
				}
			}
			p.ID = int64(len(ledger) + 1)
			ledger = append(ledger, p)
			after := Position(ledger)
			if !Balanced(TrialBalance(ledger)) {
				t.Fatalf("ledger does not balance after %+v", p)
			}
			if after.Allocated > after.Contributions {
				t.Fatalf("allocated %s beyond contributions %s", after.Allocated, after.Contributions)
			}
			for _, s := range after.Schemes {
				if s.Committed > s.Budget {
					t.Fatalf("scheme %d committed %s beyond its budget %s", s.SchemeID, s.Committed, s.Budget)
				}
			}
		}
		// The trial balance agrees with the position: the pool holds what is unallocated.
		pos := Position(ledger)
		for _, b := range TrialBalance(ledger) {
			if b.Account == AccountPool && b.Net != pos.Unallocated {
				t.Fatalf("pool balance %s, unallocated %s", b.Net, pos.Unallocated)
			}
		}
	}))
	t.Run("splits", rapid.MakeCheck(func(t *rapid.T) {
		total := Pence(rapid.Int64Range(-1_000_000_000_000, 1_000_000_000_000).Draw(t, "total"))
		w := rapid.SliceOfN(rapid.Int64Range(0, 1_000_000), 1, 20).Draw(t, "weights")
		parts, err := Split(total, w)
		var wsum int64
		for _, x := range w {
			wsum += x
		}
		if wsum == 0 {
			if err == nil {
				t.Fatal("zero weights accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var sum Pence
		for i, p := range parts {
			sum += p
			// Each part is within 1p of its exact share total*w/sum.
			exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(w[i])), big.NewInt(wsum))
			diff := new(big.Rat).Sub(new(big.Rat).SetInt64(int64(p)), exact)
			if diff.Abs(diff).Cmp(big.NewRat(1, 1)) >= 0 {
				t.Fatalf("part %d = %d, exact %s", i, p, exact.FloatString(3))
			}
		}
		if sum != total {
			t.Fatalf("parts sum to %d, want %d", sum, total)
		}
	}))
}

func reversed(ledger []Posting, id int64) bool {
	for _, p := range ledger {
		if p.ReversesID == id {
			return true
		}
	}
	return false
}

type consultations map[int64]bool

func (c consultations) MoneyConsultationStatus(_ context.Context, id int64) (ConsultationStatus, error) {
	return ConsultationStatus{ID: id, Title: "Day services review", Closed: c[id]}, nil
}

func TestCheckConsulted(t *testing.T) {
	on, off := Fund{ConsultBeforeAllocating: true}, Fund{}
	with := Scheme{ConsultationID: 3}
	open, closed := consultations{3: false}, consultations{3: true}
	tests := []struct {
		name string
		c    Consultations
		f    Fund
		s    Scheme
		want string // "" ok, "open", "none"
	}{
		{"rule off", open, off, with, ""},
		{"no consultation named", open, on, Scheme{}, ""},
		{"closed", closed, on, with, ""},
		{"open", open, on, with, "open"},
		{"nothing to ask", nil, on, with, "none"},
	}
	for _, tc := range tests {
		err := CheckConsulted(context.Background(), tc.c, tc.f, tc.s)
		var oe *ConsultationOpenError
		switch tc.want {
		case "":
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
		case "open":
			if !errors.As(err, &oe) || oe.Title != "Day services review" || !strings.Contains(err.Error(), "Day services review") {
				t.Errorf("%s: %v", tc.name, err)
			}
		case "none":
			if !errors.Is(err, ErrNoConsultations) {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
	}
}

func TestFlows(t *testing.T) {
	ps := []Posting{
		{ID: 1, Kind: KindContribution, PartnerOrgID: 7, Amount: 1_000},
		{ID: 2, Kind: KindContribution, PartnerOrgID: 8, Amount: 500},
		{ID: 3, Kind: KindBudget, SchemeID: 1, Amount: 900},
		{ID: 4, Kind: KindCommitment, SchemeID: 1, Amount: 400},
		{ID: 5, Kind: KindCommitment, SchemeID: 1, Amount: 100, ProviderOrgID: 9},
		{ID: 6, Kind: KindCommitment, SchemeID: 1, Amount: 100, ProviderOrgID: 9, ReversesID: 5},
		{ID: 7, Kind: KindActual, SchemeID: 1, Amount: 50},
	}
	got := Flows(ps, []Scheme{{ID: 1, ProviderOrgID: 3}})
	want := []Flow{
		{"contribution", 7, 0, 1_000}, {"contribution", 8, 0, 500},
		{"allocation", 0, 1, 900},
		{"commitment", 1, 3, 400},
	}
	if len(got) != len(want) {
		t.Fatalf("flows %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("flow %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
