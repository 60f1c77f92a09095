package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// Journey 7: the finance lead runs the pooled fund, on a phone (375 px)
// with JavaScript off, from the home page. They record the partners'
// contributions under the section 75 agreement, commission schemes from a
// mixed economy of providers, allocate and commit the money, post actuals
// from a CSV (a bad row first), see the forecast against budget, and model
// "the ICB withdraws £3m at 14 days' notice": the agreement's notice decides
// when it can take effect, the statutory line cannot go at all, and the
// page shows which schemes fall, and when. Every page is checked with axe.
func TestJourneyFinanceLeadRunsThePooledFund(t *testing.T) {
	t.Parallel()
	j := startFinanceJourney(t)
	j.openTheFundFromHome()
	j.recordContributions()
	j.commissionSchemes()
	j.allocateAndCommit()
	j.importActuals()
	j.seeTheForecast()
	j.modelTheICBWithdrawing()
}

type financeJourney struct {
	t    *testing.T
	srv  *apptest.Server
	tb   *tab
	orgs map[string]places.Organisation
	fund money.Fund
}

// scripts switches the page's JavaScript off (true) or on.
func scripts(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

// startFinanceJourney: Hartlepool's board with its register of
// organisations (NHS, council, voluntary, private), a pooled fund set up
// by an administrator under a section 75 agreement between the council and
// the ICB, and Fran, the finance lead, an officer of the board, signed in
// on a 375 px phone with scripts off.
func startFinanceJourney(t *testing.T) *financeJourney {
	srv := apptest.New(t)
	ctx := context.Background()
	j := &financeJourney{t: t, srv: srv, orgs: map[string]places.Organisation{}}
	for key, o := range map[string]places.Organisation{
		"council":  {Name: "Hartlepool Borough Council", Kind: places.OrgCouncilUpper, ONSCode: "E06000001"},
		"icb":      {Name: "NHS North East and North Cumbria ICB", Kind: places.OrgICB},
		"trust":    {Name: "North Tees and Hartlepool NHS Foundation Trust", Kind: places.OrgNHSTrust, ODSCode: "RVW"},
		"carers":   {Name: "Hartlepool Carers", Kind: places.OrgVoluntary},
		"homecare": {Name: "Headland Home Care Ltd", Kind: places.OrgPrivate},
	} {
		o.AreaCodes = []string{"E06000001"}
		created, err := srv.Store.CreateOrganisation(ctx, store.System, o)
		if err != nil {
			t.Fatal(err)
		}
		j.orgs[key] = created
	}
	p, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", AreaType: places.AreaUTLA,
		Name: "Hartlepool Health and Wellbeing Board", LeadOrgID: j.orgs["council"].ID})
	if err != nil {
		t.Fatal(err)
	}
	j.fund, err = srv.Store.CreateMoneyFund(ctx, store.System, money.Fund{PartnershipID: p.ID, FinancialYear: "2025-26", Name: "Hartlepool Better Care Fund",
		Kind: money.FundBCF, HostOrgID: j.orgs["council"].ID, ManagerName: "Pat Pooled"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store.SaveMoneyAgreement(ctx, store.System, money.Agreement{FundID: j.fund.ID, Kind: "s75", HostOrgID: j.orgs["council"].ID,
		Parties: []money.Party{{OrgID: j.orgs["council"].ID}, {OrgID: j.orgs["icb"].ID}}, RiskShare: money.RiskProRata}); err != nil {
		t.Fatal(err)
	}
	u := srv.CreateUser(t, "fran.finance@example.test", "Fran Finance", false)
	srv.Grant(t, u.ID, p.ID, auth.RoleOfficer)
	j.tb = newTab(t, srv.URL)
	j.tb.do("phone-sized window", chromedp.EmulateViewport(375, 812))
	j.tb.skipAxe = true // axe runs with scripts briefly on (j.axe)
	j.tb.do("switch scripts off", scripts(true))
	signIn(j.tb, "fran.finance@example.test")
	return j
}

// axe checks the current page with axe-core. The page was loaded and used
// with scripts off; they are switched on only while axe runs, which does
// not run the page's own scripts (those were skipped as it loaded).
func (j *financeJourney) axe() {
	j.t.Helper()
	tb := j.tb
	tb.do("scripts on for axe", scripts(false))
	tb.skipAxe = false
	tb.check(tb.path())
	tb.skipAxe = true
	tb.do("scripts off again", scripts(true))
	if w := evaluate[int](tb, `document.documentElement.scrollWidth`); w > 375 {
		j.t.Errorf("%s is %d px wide at 375 px: it scrolls sideways", tb.path(), w)
	}
}

func (j *financeJourney) follow(sel string) {
	j.t.Helper()
	j.tb.follow(sel)
	j.axe()
}

func (j *financeJourney) submitInvalid(sel string) {
	j.t.Helper()
	j.tb.submitInvalid(sel)
	j.axe()
}

// openTheFundFromHome: home page → Money → the fund.
func (j *financeJourney) openTheFundFromHome() {
	tb := j.tb
	tb.visit("/")
	j.axe()
	if on := evaluate[bool](tb, `document.querySelector('script[type=module]') !== null && typeof window.GOVUKFrontend !== 'undefined'`); on {
		j.t.Fatal("the page's scripts ran: JavaScript should be off")
	}
	j.follow(`header a[href="/money"]`)
	tb.mustSee("h1", "Pooled funds")
	j.follow(`main a[href="/money/funds/` + idText(j.fund.ID) + `"]`)
	tb.mustSee("h1", "Hartlepool Better Care Fund")
	tb.mustSee("main dl", "Pat Pooled")
	j.follow(`main nav a[href$="/agreement"]`)
	tb.mustSee("main dl", "Section 75 agreement")
	tb.mustSee("main dl", "12 months, and never before the schemes end")
}

// recordContributions: the ICB's NHS minimum contribution (a condition of
// the fund) and an additional voluntary line, and the council's grant; one
// mistake first (an amount with three decimal places).
func (j *financeJourney) recordContributions() {
	tb := j.tb
	j.follow(`main nav a[href$="/contributions"]`)
	add := func(partner, source, basis, schedule, amount string) {
		tb.choose("#partner_org_id", idText(j.orgs[partner].ID))
		tb.tick(`input[name=source][value=` + source + `]`)
		tb.tick(`input[name=basis][value=` + basis + `]`)
		tb.tick(`input[name=schedule][value=` + schedule + `]`)
		tb.fill("#amount", amount)
	}
	add("icb", "nhs_minimum", "condition", "monthly", "1200000.005")
	j.submitInvalid("main form button[type=submit]")
	tb.mustSee(".govuk-error-summary", "Enter the amount in pounds and pence, like 1234.56")
	if v := inputValue(tb, "#amount"); v != "1200000.005" {
		j.t.Errorf("the form forgot the amount typed: %q", v)
	}
	tb.fill("#amount", "1200000.00")
	j.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Contribution recorded")
	add("icb", "additional", "voluntary", "quarterly", "1800000")
	j.follow("main form button[type=submit]")
	add("council", "la_bcf_grant", "condition", "quarterly", "5000000")
	j.follow("main form button[type=submit]")
	table := tb.text("#contributions-table")
	for _, want := range []string{"NHS minimum contribution", "Condition of the fund (cannot be withdrawn)", "Additional voluntary contribution",
		"Voluntary (can be withdrawn with notice)", "formerly iBCF", "£1,200,000.00", "£1,800,000.00", "£5,000,000.00"} {
		if !strings.Contains(table, want) {
			j.t.Errorf("contributions table lacks %q:\n%s", want, table)
		}
	}
	tb.mustSee("#contributions-total", "£8,000,000.00")
}

// commissionSchemes: three schemes, each with its commissioner and a
// provider from a different part of the mixed economy.
func (j *financeJourney) commissionSchemes() {
	tb := j.tb
	j.follow(`main nav a[href$="/schemes"]`)
	for i, s := range []struct{ ref, name, typ, cat, commissioner, provider string }{
		{"S01", "Home-based reablement", "Home-based intermediate care", "Adult social care", "council", "homecare"},
		{"S02", "Community rapid response", "Urgent community response", "NHS community health", "icb", "trust"},
		{"S03", "Support for unpaid carers", "Unpaid carers", "Adult social care", "council", "carers"},
	} {
		tb.fill("#ref", s.ref)
		tb.fill("#name", s.name)
		tb.choose("#scheme_type", s.typ)
		tb.choose("#expenditure_category", s.cat)
		tb.choose("#commissioner_org_id", idText(j.orgs[s.commissioner].ID))
		tb.choose("#provider_org_id", idText(j.orgs[s.provider].ID))
		for _, d := range [][2]string{{"starts_on", "1 4 2025"}, {"ends_on", "31 3 2027"}} {
			parts := strings.Fields(d[1])
			tb.fill("#"+d[0]+"-day", parts[0])
			tb.fill("#"+d[0]+"-month", parts[1])
			tb.fill("#"+d[0]+"-year", parts[2])
		}
		tb.fill("#priority", idText(int64(i+1)))
		j.follow("main form button[type=submit]")
		tb.mustSee(".govuk-notification-banner", "Scheme added")
	}
	table := tb.text("#schemes-table")
	for _, want := range []string{"Headland Home Care Ltd (Private)", "North Tees and Hartlepool NHS Foundation Trust (NHS)", "Hartlepool Carers (Voluntary)",
		"NHS North East and North Cumbria ICB", "Hartlepool Borough Council"} {
		if !strings.Contains(table, want) {
			j.t.Errorf("schemes table lacks %q:\n%s", want, table)
		}
	}
}

// allocateAndCommit: a budget for each scheme, and a contract with each
// provider for the year; a commitment beyond a budget is refused.
func (j *financeJourney) allocateAndCommit() {
	tb := j.tb
	j.follow(`main nav a[href$="/ledger"]`)
	schemes, err := j.srv.Store.MoneySchemes(context.Background(), j.fund.ID)
	if err != nil || len(schemes) != 3 {
		j.t.Fatalf("schemes %v %v", schemes, err)
	}
	post := func(kind string, scheme money.Scheme, amount, ref string) {
		tb.tick(`input[name=kind][value=` + kind + `]`)
		tb.choose("#scheme_id", idText(scheme.ID))
		tb.choose("#period", "2025-04")
		tb.fill("#amount", amount)
		tb.fill("#reference", ref)
	}
	for i, amount := range []string{"3000000", "4000000", "1000000"} {
		post("budget", schemes[i], amount, "")
		j.follow(`main form[action$="/ledger"] button[type=submit]`)
		tb.mustSee(".govuk-notification-banner", "Posted to the ledger")
	}
	post("commitment", schemes[2], "1000000.01", "CONTRACT-S03")
	j.submitInvalid(`main form[action$="/ledger"] button[type=submit]`)
	tb.mustSee(".govuk-error-summary", "There is not enough money")
	for i, amount := range []string{"3000000", "4000000", "1000000"} {
		post("commitment", schemes[i], amount, "CONTRACT-"+schemes[i].Ref)
		j.follow(`main form[action$="/ledger"] button[type=submit]`)
	}
	tb.mustSee("#ledger-balance", "Balanced")
	j.follow(`main a[href$="/ledger?kind=commitment"]`)
	tb.mustSee("h1", "Commitments")
	tb.mustSee("#postings-table", "CONTRACT-S02")
}

// importActuals: a finance CSV with a bad row is refused naming the row
// and column, above the button; the corrected file posts every row.
func (j *financeJourney) importActuals() {
	tb := j.tb
	j.follow(`main nav a[href$="/actuals"]`)
	dir := j.t.TempDir()
	rows := "period,scheme,amount,reference,description\n" +
		"2025-04,S01,300000.00,INV-001,Reablement April\n" +
		"2025-05,S01,three hundred,INV-002,Reablement May\n" +
		"2025-04,S02,333333.33,INV-003,Rapid response April\n"
	bad := filepath.Join(dir, "actuals-bad.csv")
	if err := os.WriteFile(bad, []byte(rows), 0o600); err != nil {
		j.t.Fatal(err)
	}
	tb.do("choose file", chromedpSetUpload("#file", bad))
	j.submitInvalid("main form button[type=submit]")
	tb.mustSee(".govuk-error-summary", "row 3, column amount")
	tb.mustSee("#row-errors", "amount")
	if above := evaluate[bool](tb, `!!(document.querySelector('#row-errors').compareDocumentPosition(document.querySelector('main form button[type=submit]')) & Node.DOCUMENT_POSITION_FOLLOWING)`); !above {
		j.t.Error("the problems are not listed above the button")
	}
	good := filepath.Join(dir, "actuals.csv")
	fixed := strings.Replace(rows, "three hundred", "300000.00", 1) + "2025-06,S01,300000.00,INV-004,Reablement June\n"
	if err := os.WriteFile(good, []byte(fixed), 0o600); err != nil {
		j.t.Fatal(err)
	}
	tb.do("choose file", chromedpSetUpload("#file", good))
	j.follow("main form button[type=submit]")
	// The file is posted by a background job; its page refreshes itself
	// until the job is done.
	deadline := time.Now().Add(patience)
	for !strings.Contains(tb.text("h1"), "Actuals imported") && time.Now().Before(deadline) {
		time.Sleep(500 * time.Millisecond)
	}
	tb.mustSee(".govuk-panel", "4 actuals posted to the ledger")
	j.axe()
}

// seeTheForecast: reablement spends £300,000 a month against a profile of
// £250,000, so it is forecast to overspend.
func (j *financeJourney) seeTheForecast() {
	tb := j.tb
	j.follow(`main nav a[href$="/forecast"]`)
	tb.mustSee("main dl", "Jun 2025")
	tb.mustSee("#overspend-alerts", "S01 is forecast to overspend by £150,000.00")
	table := tb.text("#forecast-table")
	for _, want := range []string{"S01 Home-based reablement", "£3,000,000.00", "£900,000.00", "£3,150,000.00", "-£150,000.00", "Overspend"} {
		if !strings.Contains(table, want) {
			j.t.Errorf("forecast table lacks %q:\n%s", want, table)
		}
	}
	if n := evaluate[int](tb, `document.querySelectorAll('#spend-figure svg path').length`); n < 2 {
		j.t.Errorf("the spend chart draws %d lines", n)
	}
}

// modelTheICBWithdrawing: "the ICB withdraws £3m at 14 days' notice",
// given on 1 January 2026.
func (j *financeJourney) modelTheICBWithdrawing() {
	tb := j.tb
	j.follow(`main nav a[href$="/what-if"]`)
	tb.choose("#partner_org_id", idText(j.orgs["icb"].ID))
	tb.fill("#amount", "3000000")
	tb.fill("#notice_on-day", "1")
	tb.fill("#notice_on-month", "1")
	tb.fill("#notice_on-year", "2026")
	tb.fill("#notice_days", "14")
	j.follow("main form button[type=submit]")
	// The notice terms decide when: not 15 January 2026, but the later of
	// twelve months' notice (1 January 2027) and the schemes' end.
	tb.mustSee("#whatif-answer", "Takes effect on 2027-03-31")
	tb.mustSee("#whatif-answer", "cannot end before its schemes expire")
	// The statutory line cannot go at all.
	tb.mustSee("#whatif-breaches", "£1,200,000.00 of the NHS minimum contribution")
	tb.mustSee("main dl", "£1,800,000.00")
	// The schemes that fall, least kept first, and when.
	falling := tb.texts("#falling-table tbody tr")
	if len(falling) < 2 || !strings.Contains(falling[0], "S03") || !strings.Contains(falling[1], "S02") {
		j.t.Errorf("falling schemes, least kept first: %q", falling)
	}
	for _, r := range falling {
		if !strings.Contains(r, "2027-03-31") {
			j.t.Errorf("falling scheme without its date: %q", r)
		}
	}
	tb.mustSee("#shortfall-summary", "The shortfall starts in Mar 2027")
	tb.fill("#name", "The ICB withdraws £3m at 14 days' notice")
	j.follow(`main form[action$="/scenarios"] button[type=submit]`)
	tb.mustSee(".govuk-notification-banner", "Scenario saved")
	tb.mustSee("h1", "The ICB withdraws £3m at 14 days' notice")
	tb.mustSee("#whatif-answer", "2027-03-31")
	j.follow(`main nav a[href$="/what-if"]`)
	tb.mustSee("#scenarios-table", "The ICB withdraws £3m at 14 days' notice")
}

func idText(n int64) string { return strconv.FormatInt(n, 10) }
