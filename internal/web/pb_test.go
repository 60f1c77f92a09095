package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbOpenProcess makes an open approval process (pot £1,000; tick 1 or 2
// of three projects; a fourth not feasible) with n voting codes.
func pbOpenProcess(t *testing.T, srv *apptest.Server, n int) (int64, []string) {
	t.Helper()
	ctx := context.Background()
	part, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	p := &budgeting.Process{PartnershipID: part.ID, Title: "Hartlepool Health Fund", Description: "Ideas for a healthier town.", PotPence: 100000,
		Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseCodes: true, MinProjects: 1, MaxProjects: 2,
		Projects: []budgeting.Project{
			{Code: "p1", Title: "Walking group", CostPence: 40000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "p2", Title: "Community garden", CostPence: 60000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "p3", Title: "Youth café", CostPence: 50000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "p4", Title: "Bridge", CostPence: 90000000, Feasible: &no, FeasibilityReason: "the council does not own the river"},
		}}
	id, err := srv.Store.CreatePBProcess(ctx, store.System, p)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := srv.Store.CreatePBCodes(ctx, store.System, id, 0, n)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.OpenPBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	return id, codes
}

var pbReceiptRE = regexp.MustCompile(`id="receipt-code">([A-Z0-9-]+)<`)

// TestPBResidentPages walks a resident's vote through the pages with an
// HTTP client: the process page, a wrong code, a ballot breaking a rule
// (named), "check my choices", the receipt, a second ballot with the same
// code refused, the receipt check, and the results after the close.
func TestPBResidentPages(t *testing.T) {
	srv := apptest.New(t)
	id, codes := pbOpenProcess(t, srv, 3)
	c := srv.Client(t)
	base := "/pb/" + strconv.FormatInt(id, 10)
	must := func(status int, body string, wantStatus int, wants ...string) {
		t.Helper()
		if status != wantStatus {
			t.Fatalf("status %d, want %d:\n%s", status, wantStatus, body)
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("page lacks %q", w)
			}
		}
	}
	status, body := get(t, c, srv.URL, "/pb")
	must(status, body, 200, "Hartlepool Health Fund", `href="`+base+`"`, "Voting open")
	status, body = get(t, c, srv.URL, base)
	must(status, body, 200, "£1,000", "Method of Equal Shares", "The cheaper project wins", "Tick the projects you support: at least 1 and at most 2",
		"Walking group", "£400", "the council does not own the river", `href="`+base+`/vote"`)
	status, body = get(t, c, srv.URL, base+"/vote")
	must(status, body, 200, `name="code"`, "Why we ask for the code")

	resp, body := postForm(t, c, srv.URL, base+"/vote", url.Values{"code": {"AAAA-BBBB-CCCC"}}, "")
	must(resp.StatusCode, body, 422, "govuk-error-summary", `href="#code"`, "exactly as it is printed")
	// Small letters and no dashes are fine.
	typed := strings.ToLower(strings.ReplaceAll(codes[0], "-", ""))
	resp, body = postForm(t, c, srv.URL, base+"/vote", url.Values{"code": {typed}}, "")
	must(resp.StatusCode, body, 200, `name="projects"`, `value="p1"`, `value="`+codes[0]+`"`, "Check my choices", "Submit my vote")
	if strings.Contains(body, `value="p4"`) {
		t.Error("the infeasible project is on the ballot")
	}

	ballot := func(action string, projects ...string) (int, string) {
		resp, body := postForm(t, c, srv.URL, base+"/ballot", url.Values{"code": {codes[0]}, "action": {action}, "projects": projects}, "")
		return resp.StatusCode, body
	}
	status, body = ballot("check", "p1", "p2", "p3")
	must(status, body, 422, "Your ballot breaks the maximum number of projects", "Choose at most 2 projects (you chose 3)", `href="#projects"`,
		"You have chosen 3 projects, costing £1,500")
	status, body = ballot("submit")
	must(status, body, 422, "Your ballot breaks the minimum number of projects")
	status, body = ballot("check", "p1", "p3")
	must(status, body, 200, "Your choices keep the rules", "costing £900")
	status, body = ballot("submit", "p1", "p3")
	must(status, body, 200, "Your vote has been recorded", "Walking group", "Youth café")
	m := pbReceiptRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no receipt on the confirmation:\n%s", body)
	}
	receipt := m[1]
	status, body = ballot("submit", "p2")
	must(status, body, 409, "A ballot has already been cast with this code")

	status, body = get(t, c, srv.URL, base+"/receipt?receipt="+url.QueryEscape(strings.ToLower(receipt)))
	must(status, body, 200, "Your vote is recorded and will be counted", "online, with a voting code")
	status, body = get(t, c, srv.URL, base+"/receipt?receipt=ACDE-FGHJ-KMNP-QRTU")
	must(status, body, 404, "No ballot in this vote has that receipt")
	// Changing the vote with the receipt replaces it.
	resp, body = postForm(t, c, srv.URL, base+"/ballot", url.Values{"code": {codes[0]}, "action": {"submit"}, "projects": {"p2"}, "previous_receipt": {receipt}}, "")
	must(resp.StatusCode, body, 200, "Your vote has been changed", "Community garden")
	status, body = get(t, c, srv.URL, base+"/receipt?receipt="+url.QueryEscape(receipt))
	must(status, body, 200, "This vote was replaced by a later one")

	status, body = get(t, c, srv.URL, base+"/results")
	must(status, body, 409, "The results are published when voting closes")
	status, _ = get(t, c, srv.URL, base+"/turnout")
	if status != 409 {
		t.Errorf("turnout while open, signed out: %d, want 409", status)
	}

	// Two more voters, then the close and the count.
	for _, code := range codes[1:] {
		resp, body := postForm(t, c, srv.URL, base+"/ballot", url.Values{"code": {code}, "action": {"submit"}, "projects": {"p1", "p3"}}, "")
		must(resp.StatusCode, body, 200, "Your vote has been recorded")
	}
	pbCloseAndCount(t, srv, id)
	status, body = get(t, c, srv.URL, base+"/results")
	must(status, body, 200, "3 people voted", "Funded projects", "Projects not funded, and why", "What its voters paid", "Effective votes",
		"each voter had", "ballots.pb", "placeboard pb allocate ballots.pb --rule mes --completion add1", `id="pb-sha256"`, "pb-funding-1-title")
	status, body = get(t, c, srv.URL, base+"/turnout")
	must(status, body, 200, "Fewer than 10 people voted", "fewer than 10")
	status, body = get(t, c, srv.URL, base+"/vote")
	must(status, body, 409, "Voting has closed")
}

// pbCloseAndCount closes a process and counts it, as the close job does.
func pbCloseAndCount(t *testing.T, srv *apptest.Server, id int64) {
	t.Helper()
	ctx := context.Background()
	if err := srv.Store.ClosePBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	if _, err := budgeting.Recount(ctx, srv.Store, id, "2026-12-03T10:00:00Z"); err != nil {
		t.Fatal(err)
	}
}

// A signed-in resident votes with their profile's postcode: one inside the
// area may vote (once; a second ballot replaces the first), one outside is
// told why not, and a minimum age is checked against the age band.
func TestPBResidentVotesSignedIn(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	if _, err := srv.Store.LoadPostcodes(ctx, store.System, "test", func(emit func(places.PostcodeArea) error) (int, error) {
		if err := emit(places.PostcodeArea{Postcode: "TS24 7AA", LSOA: "E01011954", District: "E06000001"}); err != nil {
			return 0, err
		}
		return 2, emit(places.PostcodeArea{Postcode: "M1 1AD", District: "E08000003"})
	}); err != nil {
		t.Fatal(err)
	}
	part, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	id, err := srv.Store.CreatePBProcess(ctx, store.System, &budgeting.Process{PartnershipID: part.ID, Title: "Hartlepool Health Fund", PotPence: 100000,
		Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseResidence: true, AreaType: "utla", AreaCode: "E06000001", MinAge: 16,
		Projects: []budgeting.Project{{Code: "p1", Title: "Walking group", CostPence: 40000, Feasible: &yes}, {Code: "p2", Title: "Garden", CostPence: 60000, Feasible: &yes}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.OpenPBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	base := "/pb/" + strconv.FormatInt(id, 10)
	resident := func(email, postcode, band string) *http.Client {
		u := srv.CreateUser(t, email, "Resident "+band, false)
		if err := srv.Store.SetResidentProfile(ctx, store.System, u.ID, places.ResidentProfile{Postcode: postcode, AgeBand: band}); err != nil {
			t.Fatal(err)
		}
		c, _ := srv.Login(t, email)
		return c
	}
	inside := resident("ann@example.test", "TS24 7AA", "35-44")
	status, body := get(t, inside, srv.URL, base+"/vote")
	if status != 200 || !strings.Contains(body, "TS24 7AA") || !strings.Contains(body, "Vote as a resident") || strings.Contains(body, `name="code"`) {
		t.Fatalf("eligibility page for a resident: %d\n%.2000s", status, body)
	}
	for i, p := range []string{"p1", "p2"} {
		resp, body := postForm(t, inside, srv.URL, base+"/ballot", url.Values{"as": {"resident"}, "action": {"submit"}, "projects": {p}}, "")
		if resp.StatusCode != 200 || !strings.Contains(body, "Your vote has been recorded") {
			t.Fatalf("resident ballot %d: %d\n%.2000s", i+1, resp.StatusCode, body)
		}
	}
	if n, err := srv.Store.PBBallotCount(ctx, id); err != nil || n != 1 {
		t.Errorf("%d ballots stored (%v), want 1: the second replaced the first", n, err)
	}
	outside := resident("bob@example.test", "M1 1AD", "35-44")
	resp, body := postForm(t, outside, srv.URL, base+"/vote", url.Values{"as": {"resident"}}, "")
	if resp.StatusCode != 422 || !strings.Contains(body, "Your postcode is outside the process&#39;s area") {
		t.Errorf("resident outside the area: %d\n%.2000s", resp.StatusCode, body)
	}
	young := resident("cy@example.test", "TS24 7AA", "")
	resp, body = postForm(t, young, srv.URL, base+"/vote", url.Values{"as": {"resident"}}, "")
	if resp.StatusCode != 422 || !strings.Contains(body, "Voters must be 16 or over") {
		t.Errorf("resident without an age band: %d\n%.2000s", resp.StatusCode, body)
	}
	resp, _ = postForm(t, srv.Client(t), srv.URL, base+"/vote", url.Values{"as": {"resident"}}, "")
	if resp.StatusCode != 422 {
		t.Errorf("signed out, as resident: %d", resp.StatusCode)
	}
}
