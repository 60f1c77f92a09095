package export

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/placeboard/placeboard/internal/money"
)

// bigFund is a fund the size of a large BCF: 20 contribution lines, 150
// schemes, and a year of monthly actuals for each (1,800 postings).
func bigFund() FundData {
	d := FundData{Fund: money.Fund{ID: 1, Name: "Big BCF", FinancialYear: "2025-26"},
		Orgs: func(id int64) Org { return Org{Name: fmt.Sprintf("Organisation %d", id), Kind: "NHS"} }}
	for i := range 20 {
		d.Contributions = append(d.Contributions, money.Contribution{ID: int64(i + 1), PartnerOrgID: int64(i%4 + 1), Source: money.SourceAdditional,
			Basis: money.BasisVoluntary, Schedule: money.ScheduleQuarterly, Amount: money.Pounds(1_000_000) + money.Pence(i)})
	}
	periods := money.Periods("2025-26")
	var id int64
	for i := range 150 {
		s := money.Scheme{ID: int64(i + 1), Ref: fmt.Sprintf("S%03d", i+1), Name: fmt.Sprintf("Scheme %d", i+1), SchemeType: "Other", Category: "Other",
			CommissionerOrgID: 1, ProviderOrgID: int64(i%4 + 1), StartsOn: "2025-04-01", EndsOn: "2026-03-31", Priority: i + 1}
		d.Schemes = append(d.Schemes, s)
		budget := money.Pounds(120_000) + money.Pence(i)
		id++
		d.Ledger = append(d.Ledger, money.Posting{ID: id, Kind: money.KindBudget, Period: periods[0], SchemeID: s.ID, Amount: budget})
		id++
		d.Ledger = append(d.Ledger, money.Posting{ID: id, Kind: money.KindCommitment, Period: periods[0], SchemeID: s.ID, Amount: budget, Profile: money.EvenProfile(budget, periods)})
		for _, p := range periods {
			id++
			d.Ledger = append(d.Ledger, money.Posting{ID: id, Kind: money.KindActual, Period: p, SchemeID: s.ID, Amount: money.Pounds(10_000) + 3})
		}
	}
	return d
}

// BenchmarkPlanXLSX fills and writes the plan workbook of a large fund.
func BenchmarkPlanXLSX(b *testing.B) {
	d := bigFund()
	b.ReportAllocs()
	for b.Loop() {
		wb, err := Plan(d)
		if err != nil {
			b.Fatal(err)
		}
		if err := wb.WriteXLSX(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuarterlyReturnCSV fills the Q4 return of a large fund and
// writes its expenditure sheet as CSV.
func BenchmarkQuarterlyReturnCSV(b *testing.B) {
	d := bigFund()
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		wb, err := QuarterlyReturn(d, 4)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := wb.WriteCSV(&buf, "expenditure"); err != nil {
			b.Fatal(err)
		}
	}
}
