package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

// TestMoneyPagesAccessible opens every Money page, with scripts on, at
// 320 px, with a fund that has postings, a reversal, a closed month, a
// saved scenario and a signature: each passes axe, has no console errors
// and does not scroll sideways. A form sent back with errors is checked
// too.
func TestMoneyPagesAccessible(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	w := storetest.MoneyFixture(t, srv.Store)
	ctx := context.Background()
	periods := money.Periods("2025-26")
	for i, amt := range []int64{9_000_000, 6_000_000, 2_500_000} {
		if _, err := srv.Store.PostMoney(ctx, store.System, money.Posting{FundID: w.Fund.ID, Kind: money.KindBudget, Period: periods[0], SchemeID: w.Schemes[i].ID, Amount: money.Pounds(amt)}); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Store.PostMoney(ctx, store.System, money.Posting{FundID: w.Fund.ID, Kind: money.KindCommitment, Period: periods[0], SchemeID: w.Schemes[i].ID,
			Amount: money.Pounds(amt), Profile: money.EvenProfile(money.Pounds(amt), periods), Reference: "CONTRACT"}); err != nil {
			t.Fatal(err)
		}
	}
	var last money.Posting
	for _, per := range periods[:5] {
		var err error
		if last, err = srv.Store.PostMoney(ctx, store.System, money.Posting{FundID: w.Fund.ID, Kind: money.KindActual, Period: per, SchemeID: w.Schemes[0].ID, Amount: money.Pounds(800_000)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.Store.ReverseMoneyPosting(ctx, store.System, w.Fund.ID, last.ID, "", "posted twice"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.CloseMoneyPeriod(ctx, store.System, w.Fund.ID, periods[0]); err != nil {
		t.Fatal(err)
	}
	wd := money.Withdrawal{PartnerOrgID: w.ICB.ID, Amount: money.Pounds(3_000_000), NoticeOn: "2026-01-01", NoticeDays: 14}
	res, err := money.FundWhatIf(ctx, srv.Store, w.Fund.ID, wd)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := srv.Store.SaveMoneyScenario(ctx, store.System, money.Scenario{FundID: w.Fund.ID, Name: "The ICB withdraws £3m at 14 days' notice", Withdrawal: wd, Result: res})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := srv.Store.MoneyPlan(ctx, w.Fund.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store.SignMoneyPlan(ctx, store.System, w.Fund.ID, plan.Version, money.Signoff{OrgID: w.ICB.ID, Role: money.RoleChiefExecutive, SignerName: "Chris Chief"}); err != nil {
		t.Fatal(err)
	}
	// Imports of actuals in each state: waiting, posting, posted, failed
	// (kept in the store, never queued, so they stay as they are).
	upload := func(name, csv string) money.ActualsUpload {
		rows, err := money.ParseActualsCSV(strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		up, err := srv.Store.CreateMoneyActualsUpload(ctx, store.System, w.Fund.ID, name, []byte(csv), len(rows), money.Pounds(12))
		if err != nil {
			t.Fatal(err)
		}
		return up
	}
	const twoRows = "period,scheme,amount\n2025-09,S01,10.00\n2025-09,S02,2.00\n"
	// A fund holds money.MaxPendingUploads waiting or running at most:
	// the posted one ends before the failed one is kept.
	waiting, posting, posted := upload("waiting.csv", twoRows), upload("posting.csv", twoRows), upload("posted.csv", twoRows)
	if ok, err := srv.Store.StartMoneyActualsUpload(ctx, posting.ID); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := money.RunActualsUpload(ctx, srv.Store, posted.ID); err != nil {
		t.Fatal(err)
	}
	failed := upload("failed.csv", twoRows)
	if err := srv.Store.FailMoneyActualsUpload(ctx, failed.ID, "The file has 2 problems. Nothing was posted: fix them and upload it again",
		[]validation.FieldError{{Row: 2, Field: "period", Message: "The month 2025-09 is closed"}, {Row: 3, Field: "scheme", Message: `The fund has no scheme "S99"`}}); err != nil {
		t.Fatal(err)
	}
	u := srv.CreateUser(t, "pat.pages@example.test", "Pat Pages", false)
	srv.Grant(t, u.ID, w.Partnership.ID, auth.RoleOfficer)
	tb := newTab(t, srv.URL)
	signIn(tb, "pat.pages@example.test")
	tb.do("narrow the window", chromedp.EmulateViewport(320, 900))
	fund := "/money/funds/" + idText(w.Fund.ID)
	for _, p := range []struct{ path, want string }{
		{"/money", "Hartlepool Better Care Fund"},
		{"/money/funds/new", "Set up a pooled fund"},
		{fund, "Where the money in"},
		{fund + "/agreement", "A risk pool first"},
		{fund + "/contributions", "NHS minimum contribution"},
		{fund + "/schemes", "Mixed economy of providers"},
		{fund + "/ledger", "Reversal"},
		{fund + "/ledger?kind=commitment", "CONTRACT"},
		{fund + "/actuals", "CSV file of actuals"},
		{fund + "/actuals/" + idText(waiting.ID) + "?refresh=off", "waiting for a worker"},
		{fund + "/actuals/" + idText(posting.ID) + "?refresh=off", "0 of 2 rows done"},
		{fund + "/actuals/" + idText(posted.ID), "2 actuals posted to the ledger"},
		{fund + "/actuals/" + idText(failed.ID), "The fund has no scheme"},
		{fund + "/forecast", "Forecast by scheme"},
		{fund + "/what-if?partner_org_id=" + idText(w.ICB.ID) + "&amount=3000000&notice_on-day=1&notice_on-month=1&notice_on-year=2026&notice_days=14", "Takes effect on 2027-03-31"},
		{fund + "/scenarios/" + idText(sc.ID), "The ICB withdraws £3m"},
		{fund + "/sign-off", "Chris Chief"},
		{fund + "/exports", "Illustrative"},
	} {
		tb.visit(p.path)
		if !strings.Contains(tb.text("main"), p.want) {
			t.Errorf("%s does not show %q", p.path, p.want)
		}
		if width := evaluate[int](tb, `document.documentElement.scrollWidth`); width > 320 {
			t.Errorf("%s is %d px wide at 320 px", p.path, width)
		}
	}
	tb.visit(fund + "/schemes")
	tb.submitInvalid(`main form[action$="/schemes"] button[type=submit]`)
	tb.mustSee(".govuk-error-summary", "Enter the date the scheme starts")
}

// TestMoneyDemoPages: in the demo, a global administrator finds
// Hartlepool's illustrative Better Care Fund from the Money link and its
// saved scenario, "The ICB withdraws £3m at 14 days' notice"; every page of
// the fund passes axe.
func TestMoneyDemoPages(t *testing.T) {
	t.Parallel()
	srv := apptest.NewWith(t, apptest.Options{Demo: true})
	srv.CreateUser(t, "demo.money@example.test", "Demo Money", true)
	tb := newTab(t, srv.URL)
	signIn(tb, "demo.money@example.test")
	tb.visit("/")
	tb.follow(`header a[href="/money"]`)
	tb.mustSee("main", "Hartlepool Better Care Fund 2025-26 (illustrative)")
	tb.follow(`main a[href^="/money/funds/"]`)
	tb.mustSee("main", "Illustrative")
	tb.mustSee("#flow-links", "Headland Home Care Ltd (fictional) (Private)")
	fund := tb.path()
	for _, p := range []string{"/agreement", "/contributions", "/schemes", "/ledger", "/forecast", "/sign-off", "/exports", "/what-if"} {
		tb.visit(fund + p)
	}
	tb.mustSee("#scenarios-table", "The ICB withdraws £3m at 14 days' notice")
	tb.follow(`#scenarios-table a`)
	tb.mustSee("#whatif-answer", "Takes effect on 2027-03-31")
}
