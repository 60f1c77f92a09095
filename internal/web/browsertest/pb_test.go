package browsertest

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbNoScripts switches the tab's scripts off (or on again).
func pbNoScripts(tb *tab, off bool) {
	tb.t.Helper()
	tb.do("scripts off="+strconv.FormatBool(off), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	}))
}

// pbAxe runs axe-core on the page as it was loaded without JavaScript:
// scripts are allowed just long enough for axe itself to run (the page's
// own scripts were skipped when it loaded and do not run again), then
// switched off again. It also fails on sideways scrolling.
func pbAxe(tb *tab, where string) {
	tb.t.Helper()
	if evaluate[bool](tb, `document.body.classList.contains("govuk-frontend-supported")`) {
		tb.t.Fatalf("%s: the page's scripts ran although they were switched off", where)
	}
	pbNoScripts(tb, false)
	res := tb.runAxe()
	pbNoScripts(tb, true)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		tb.t.Fatalf("%s: reading axe results: %v", where, err)
	}
	for _, v := range vs {
		tb.t.Errorf("%s: axe %s (%s): %s\n    %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
	}
	if w := evaluate[[]int](tb, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
		tb.t.Errorf("%s: the page is %d px wide in a %d px window: it scrolls sideways", where, w[0], w[1])
	}
	if tb.t.Failed() {
		tb.t.FailNow()
	}
}

// pbJourneyProcess is Hartlepool's open process: a £40,000 pot, approval
// of 2 to 3 of five projects, voting codes.
func pbJourneyProcess(t *testing.T, srv *apptest.Server) (int64, []string) {
	t.Helper()
	ctx := context.Background()
	part, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	p := &budgeting.Process{PartnershipID: part.ID, Title: "Healthy Hartlepool Fund 2026",
		Description: "£40,000 for projects that help people in Hartlepool live healthier lives.", PotPence: 4000000,
		Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseCodes: true, MinProjects: 2, MaxProjects: 3,
		Projects: []budgeting.Project{
			{Code: "walk", Title: "Headland walking group", Description: "Weekly led walks for older residents.", CostPence: 800000, Feasible: &yes},
			{Code: "garden", Title: "Owton Manor community garden", Description: "Raised beds and a polytunnel.", CostPence: 1500000, Feasible: &yes},
			{Code: "youth", Title: "Youth mental health drop-in", Description: "Evening sessions with trained staff.", CostPence: 2000000, Feasible: &yes},
			{Code: "cook", Title: "Family cooking classes", Description: "Eight-week courses in community centres.", CostPence: 600000, Feasible: &yes},
			{Code: "gym", Title: "Outdoor gym on the Town Moor", CostPence: 3500000, Feasible: &yes},
			{Code: "pool", Title: "New swimming pool", CostPence: 900000000, Feasible: &no, FeasibilityReason: "it costs far more than the pot"},
		}}
	id, err := srv.Store.CreatePBProcess(ctx, store.System, p)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := srv.Store.CreatePBCodes(ctx, store.System, id, 0, 40)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.OpenPBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	return id, codes
}

// Journey 6, voting and results: a resident finds the participatory budget
// by links from the home page, on a 375 px phone without JavaScript; votes
// (a ballot breaking the rule first, refused with the rule named); gets a
// receipt and checks it; and after the close reads the results page, which
// explains the winners and why the others lost. axe is clean on every page.
func TestJourneyResidentVotesInTheParticipatoryBudget(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	id, codes := pbJourneyProcess(t, srv)
	tb := newTab(t, srv.URL)
	tb.skipAxe = true // pbAxe checks each page instead
	tb.do("phone-sized window", chromedp.EmulateViewport(375, 812))
	pbNoScripts(tb, true)

	tb.visit("/")
	pbAxe(tb, "home")
	tb.follow(`main a[href="/pb"]`)
	pbAxe(tb, "list")
	tb.follow(`main a[href="/pb/` + strconv.FormatInt(id, 10) + `"]`)
	tb.mustSee("h1", "Healthy Hartlepool Fund 2026")
	tb.mustSee("main", "Tick the projects you support: at least 2 and at most 3")
	tb.mustSee("main", "The cheaper project wins")
	tb.mustSee("#not-feasible + p + ul", "it costs far more than the pot")
	pbAxe(tb, "process page")

	tb.follow("#vote-link")
	tb.mustSee("h1", "Before you vote")
	pbAxe(tb, "eligibility")
	tb.fill("#code", strings.ToLower(codes[0]))
	tb.follow("main form button[type=submit]")
	tb.mustSee("h1", "Your ballot")
	pbAxe(tb, "ballot")

	// One project only: the minimum is two.
	tb.tick(`input[name="projects"][value="walk"]`)
	tb.submitInvalid(`button[value="submit"]`)
	tb.mustSee(".govuk-error-summary", "Your ballot breaks the minimum number of projects: Choose at least 2 projects (you chose 1)")
	pbAxe(tb, "refused ballot")
	if !evaluate[bool](tb, `document.querySelector('input[name="projects"][value="walk"]').checked`) {
		t.Fatal("the refused ballot lost the voter's choice")
	}
	tb.tick(`input[name="projects"][value="garden"]`)
	tb.follow(`button[value="check"]`)
	tb.mustSee("#running-total", "You have chosen 2 projects, costing £23,000 of the £40,000 pot")
	tb.mustSee("#running-total", "Your choices keep the rules")
	pbAxe(tb, "checked ballot")
	tb.follow(`button[value="submit"]`)
	tb.mustSee("h1", "Your vote has been recorded")
	tb.mustSee("#your-choices", "Headland walking group")
	receipt := tb.text("#receipt-code")
	if len(strings.ReplaceAll(receipt, "-", "")) != 16 {
		t.Fatalf("receipt %q", receipt)
	}
	pbAxe(tb, "receipt")

	tb.follow("#check-receipt-link")
	tb.fill("#receipt", receipt)
	tb.follow("main form button[type=submit]")
	tb.mustSee("#receipt-status", "Your vote is recorded and will be counted")
	pbAxe(tb, "receipt check")

	// Other residents vote; voting closes and the count runs.
	ctx := context.Background()
	ballots := [][]string{{"youth", "cook"}, {"youth", "walk"}, {"garden", "cook"}, {"youth", "cook", "walk"}, {"gym", "youth"}, {"gym", "cook"}}
	for i, code := range codes[1:25] {
		if _, err := budgeting.Vote(ctx, srv.Store, id, budgeting.Proof{Code: code}, budgeting.Choices{Projects: ballots[i%len(ballots)]}, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Store.ClosePBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	if _, err := budgeting.Recount(ctx, srv.Store, id, "2026-12-03T10:00:00Z"); err != nil {
		t.Fatal(err)
	}

	tb.visit("/pb/" + strconv.FormatInt(id, 10))
	tb.follow("#results-link")
	tb.mustSee("#results-summary", "25 people voted")
	tb.mustSee("#method-0", "shared out equally")
	winners := tb.text("#winners-table")
	for _, want := range []string{"Youth mental health drop-in", "voters paid", "each", "Funded at step 1"} {
		if !strings.Contains(winners, want) {
			t.Errorf("winners table lacks %q:\n%s", want, winners)
		}
	}
	losers := tb.text("#losers-table")
	if !strings.Contains(losers, "Not funded") || !strings.Contains(losers, "Outdoor gym on the Town Moor") {
		t.Errorf("losers table does not explain the gym:\n%s", losers)
	}
	tb.mustSee("#recount-command", "placeboard pb allocate ballots.pb --rule mes --completion add1")
	if n := evaluate[int](tb, `document.querySelectorAll('svg[aria-labelledby="pb-funding-1-title pb-funding-1-desc"] rect').length`); n < 5 {
		t.Errorf("results chart has %d shapes", n)
	}
	pbAxe(tb, "results")
}

// pbProcessOfType makes an open process of the given ballot type in a
// partnership, with codes.
func pbProcessOfType(t *testing.T, srv *apptest.Server, partnershipID int64, bt budgeting.BallotType) (int64, []string) {
	t.Helper()
	ctx := context.Background()
	yes := true
	p := &budgeting.Process{PartnershipID: partnershipID, Title: "Fund with a " + string(bt) + " ballot", PotPence: 4000000,
		Rule: budgeting.RuleMESAdd1, BallotType: bt, UseCodes: true, UseAssisted: true,
		Projects: []budgeting.Project{
			{Code: "walk", Title: "Headland walking group", CostPence: 800000, Feasible: &yes},
			{Code: "garden", Title: "Owton Manor community garden", CostPence: 1500000, Feasible: &yes},
			{Code: "youth", Title: "Youth mental health drop-in with a rather long name for a narrow screen", CostPence: 2000000, Feasible: &yes},
		}}
	switch bt {
	case budgeting.BallotKnapsack:
		p.ThresholdPercent = 70
	case budgeting.BallotPoints:
		p.MaxPoints, p.MaxPointsPerProject = 10, 5
		p.Rule = budgeting.RuleGreedy
	case budgeting.BallotRanking:
		p.MaxProjects = 3
	}
	id, err := srv.Store.CreatePBProcess(ctx, store.System, p)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := srv.Store.CreatePBCodes(ctx, store.System, id, 0, 12)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.OpenPBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	return id, codes
}

// Every participatory budgeting page at 320 px with axe: the staff pages
// (with an error summary), and the knapsack, points and ranking ballots
// with "check my choices", then a counted points process's results.
func TestPBPagesAt320px(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	ctx := context.Background()
	part, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	u := srv.CreateUser(t, "olive@example.test", "Olive Officer", false)
	srv.Grant(t, u.ID, part.ID, "officer")
	tb := newTab(t, srv.URL)
	signIn(tb, "olive@example.test")
	tb.do("narrow the window", chromedp.EmulateViewport(320, 900))
	narrow := func(where string) {
		t.Helper()
		if w := evaluate[[]int](tb, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
			t.Errorf("%s: the page is %d px wide in a %d px window", where, w[0], w[1])
		}
	}
	tb.visit("/pb")
	tb.follow(`a[href="/partnerships/` + strconv.FormatInt(part.ID, 10) + `/pb/new"]`)
	narrow("new process")
	tb.fill("#title", "Seaton Carew Fund")
	tb.fill("#pot", "ten thousand")
	tb.submitInvalid("main form button[type=submit]")
	tb.mustSee(".govuk-error-summary", "Pot:")
	tb.fill("#pot", "10,000")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "saved as a draft")
	narrow("manage")
	tb.follow(`#manage-actions a[href$="/projects/new"]`)
	tb.fill("#project_code", "path")
	tb.fill("#title", "Dune path")
	tb.fill("#cost", "4,000")
	tb.tick("#feasible-3")
	tb.submitInvalid("main form button[type=submit]")
	tb.mustSee(".govuk-error-summary", "Give the reason it is not feasible")
	tb.tick("#feasible-2")
	tb.follow("main form button[type=submit]")
	tb.mustSee("#projects-table", "Dune path")
	tb.follow(`#projects-table a`)
	narrow("review")
	tb.follow(`a[href="/pb"]`)

	for _, bt := range []budgeting.BallotType{budgeting.BallotKnapsack, budgeting.BallotPoints, budgeting.BallotRanking} {
		id, codes := pbProcessOfType(t, srv, part.ID, bt)
		base := "/pb/" + strconv.FormatInt(id, 10)
		tb.visit(base + "/vote")
		tb.fill("#code", codes[0])
		tb.follow("main form button[type=submit]")
		narrow(string(bt) + " ballot")
		switch bt {
		case budgeting.BallotKnapsack:
			tb.tick(`input[value="walk"]`)
			tb.submitInvalid(`button[value="check"]`)
			tb.mustSee(".govuk-error-summary", "Your ballot breaks the minimum spend")
			tb.mustSee("#running-total", "costing £8,000 of the £40,000 pot")
			// £8,000 + £20,000 is exactly 70% of the pot.
			tb.tick(`input[value="youth"]`)
		case budgeting.BallotPoints:
			tb.fill(`input[name="points.walk"]`, "6")
			tb.submitInvalid(`button[value="check"]`)
			tb.mustSee(".govuk-error-summary", "At most 5 points may go to one project")
			tb.fill(`input[name="points.walk"]`, "5")
			tb.fill(`input[name="points.youth"]`, "3")
		case budgeting.BallotRanking:
			tb.choose(`select[name="rank.walk"]`, "1")
			tb.choose(`select[name="rank.youth"]`, "1")
			tb.submitInvalid(`button[value="check"]`)
			tb.mustSee(".govuk-error-summary", "Give each project a different rank")
			tb.choose(`select[name="rank.youth"]`, "2")
		}
		tb.follow(`button[value="submit"]`)
		tb.mustSee("h1", "Your vote has been recorded")
		narrow(string(bt) + " receipt")
		tb.visit(base + "/manage")
		tb.follow(`#manage-actions a[href$="/paper"]`)
		narrow("paper")
		tb.visit(base + "/manage")
		tb.fill("#count", "2")
		tb.follow(`form[action$="/codes"] button`)
		tb.mustSee("#codes", "-")
		if bt == budgeting.BallotPoints {
			for _, code := range codes[1:11] {
				if _, err := budgeting.Vote(ctx, srv.Store, id, budgeting.Proof{Code: code}, budgeting.Choices{Points: map[string]int{"garden": 4, "walk": 2}}, ""); err != nil {
					t.Fatal(err)
				}
			}
			tb.visit(base + "/manage")
			tb.follow(`form[action$="/close"] button`)
			tb.mustSee("#results-summary", "11 people voted")
			narrow("results")
			tb.visit(base + "/turnout")
			tb.mustSee("#turnout-channel", "online, with a voting code")
			narrow("turnout")
			tb.visit(base + "/override")
			tb.submitInvalid("main form button[type=submit]")
			narrow("override")
		}
	}
}

// The demo's participatory budgets as a newcomer finds them: the open
// Hartlepool fund (rules and projects, no counts) and the real Assen 2024
// result, explained, at 375 px with axe on every page.
func TestPBDemoPages(t *testing.T) {
	t.Parallel()
	srv := apptest.NewWith(t, apptest.Options{Demo: true})
	tb := newTab(t, srv.URL)
	tb.do("phone-sized window", chromedp.EmulateViewport(375, 812))
	tb.visit("/")
	tb.follow(`main a[href="/pb"]`)
	tb.mustSee("#open + ul", "Healthy Hartlepool Fund 2026")
	tb.mustSee("#closed + ul", "Assen Top Idee 2024")
	tb.follow(`#open + ul a`)
	tb.mustSee("main", "Choose projects whose costs add up to at least 70% of the pot")
	tb.mustSee("#not-feasible + p + ul", "A new GP surgery")
	tb.follow("#vote-link")
	tb.visit("/pb")
	tb.follow(`#closed + ul a`)
	tb.mustSee("#results-summary", "84 people voted")
	if n := len(tb.texts("#winners-table > li")) + len(tb.texts("#losers-table > li")); n != 14 {
		t.Errorf("the Assen results explain %d projects, want 14", n)
	}
	tb.mustSee("#losers-table", "Not funded")
	tb.mustSee("#winners-table", "Effective")
	tb.follow(`main a[href$="/turnout"]`)
	tb.mustSee("#turnout-total", "84 people voted")
}
