package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// moneyServer is a server with storetest's Hartlepool fund, budgets
// allocated to its three schemes, a commitment and some actuals.
func moneyServer(t *testing.T) (*apptest.Server, storetest.MoneyWorld) {
	t.Helper()
	srv := apptest.New(t)
	w := storetest.MoneyFixture(t, srv.Store)
	ctx := context.Background()
	for i, amt := range []int64{9_000_000, 6_000_000, 2_500_000} {
		if _, err := srv.Store.PostMoney(ctx, store.System, money.Posting{FundID: w.Fund.ID, Kind: money.KindBudget, Period: "2025-04", SchemeID: w.Schemes[i].ID, Amount: money.Pounds(amt)}); err != nil {
			t.Fatal(err)
		}
	}
	periods := money.Periods("2025-26")
	if _, err := srv.Store.PostMoney(ctx, store.System, money.Posting{FundID: w.Fund.ID, Kind: money.KindCommitment, Period: "2025-04", SchemeID: w.Schemes[0].ID,
		Amount: money.Pounds(8_400_000), Profile: money.EvenProfile(money.Pounds(8_400_000), periods), Reference: "C-001"}); err != nil {
		t.Fatal(err)
	}
	var last money.Posting
	for _, per := range periods[:4] {
		var err error
		if last, err = srv.Store.PostMoney(ctx, store.System, money.Posting{FundID: w.Fund.ID, Kind: money.KindActual, Period: per, SchemeID: w.Schemes[0].ID, Amount: money.Pounds(710_000) + 1}); err != nil {
			t.Fatal(err)
		}
	}
	// A correction: July's actual is reversed, and both entries stay.
	if _, err := srv.Store.ReverseMoneyPosting(ctx, store.System, w.Fund.ID, last.ID, "", "posted twice"); err != nil {
		t.Fatal(err)
	}
	return srv, w
}

func TestMoneyPages(t *testing.T) {
	srv, w := moneyServer(t)
	officer, _ := srv.As(t, auth.RoleOfficer, w.Partnership.ID, false)
	fund := "/money/funds/" + strconv.FormatInt(w.Fund.ID, 10)
	for _, tt := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/money", 200, []string{"Hartlepool Better Care Fund", "£20,000,000.00", `href="` + fund + `"`}},
		{"/money?year=2025-26", 200, []string{"Hartlepool Better Care Fund"}},
		{"/money?year=2019", 400, []string{"(year)"}},
		{"/money/funds/new", 200, []string{`name="partnership_id"`, "Hartlepool Health and Wellbeing Board"}},
		{fund, 200, []string{"Where the money in Hartlepool Better Care Fund comes from", "flow-links", "Headland Home Care Ltd (Private)", "£9,000,000.00", "Spend against plan", "Pat Pooled"}},
		{fund + "/agreement", 200, []string{"A risk pool first", "£500,000.00", "12 months", "North East and North Cumbria ICB", "Underspends elsewhere in the pool"}},
		{fund + "/contributions", 200, []string{"NHS minimum contribution", "formerly iBCF", "£20,000,000.00", "cannot be withdrawn",
			// The partners are offered though they serve no area (the
			// register's ICB covers more than the place).
			">North East and North Cumbria ICB (NHS)</option>", ">Hartlepool Borough Council (Council in-house)</option>"}},
		{fund + "/schemes", 200, []string{"Home-based reablement", "Hartlepool Carers (Voluntary)", "Mixed economy", "Private", "NHS"}},
		{fund + "/ledger", 200, []string{"Balanced", "C-001", "Reverse", "periods-table"}},
		{fund + "/ledger?kind=commitment", 200, []string{"Commitments", "C-001"}},
		{fund + "/ledger?kind=bogus", 400, []string{"(kind)"}},
		{fund + "/sign-off", 200, []string{"Plan version", "Chief executive of North East and North Cumbria ICB", "Section 151 officer of Hartlepool Borough Council"}},
		{fund + "/exports", 200, []string{"Illustrative", "plan.xlsx", "return.csv?quarter=2&amp;sheet=expenditure"}},
		{fund + "/exports/plan.csv?sheet=income", 200, []string{"Contributing partner", "Total,,,,20000000.00"}},
		{fund + "/exports/plan.csv?sheet=nope", 400, []string{"(sheet)"}},
		{fund + "/exports/return.csv?quarter=5&sheet=income", 400, []string{"(quarter)"}},
		{fund + "/exports/other.csv", 404, nil},
		{fund + "/forecast", 200, []string{"forecast-table", "Jul 2025", "S01 Home-based reablement", "Over- and underspends at the year end", "waterfall-table"}},
		{fund + "/forecast?as_of=2025-05", 200, []string{"May 2025"}},
		{fund + "/forecast?as_of=2030-01", 400, []string{"(as_of)"}},
		{fund + "/actuals", 200, []string{`enctype="multipart/form-data"`, "Import actuals"}},
		{fund + "/what-if", 200, []string{"North East and North Cumbria ICB", "Model the withdrawal"}},
		{fund + "/what-if?partner_org_id=" + strconv.FormatInt(w.ICB.ID, 10) + "&amount=3000000&notice_on-day=1&notice_on-month=1&notice_on-year=2026&notice_days=14", 200,
			[]string{"Takes effect on 2027-03-31", "£3,000,000.00", "Save the scenario", "falling-table", "shortfall-figure", "exposures-table"}},
		{"/money/funds/999999", 404, nil},
	} {
		t.Run(tt.path, func(t *testing.T) {
			status, body := get(t, officer, srv.URL, tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d\n%s", status, tt.status, snippet(body))
			}
			for _, want := range tt.want {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q\n%s", want, snippet(body))
				}
			}
		})
	}
	// Residents and strangers do not see the fund.
	resident, _ := srv.As(t, auth.RoleResident, w.Partnership.ID, false)
	if status, _ := get(t, resident, srv.URL, fund); status != 403 {
		t.Errorf("resident: status %d, want 403", status)
	}
	if status, _ := get(t, srv.Client(t), srv.URL, fund); status != 303 {
		t.Errorf("anonymous: status %d, want 303 to sign in", status)
	}
}
