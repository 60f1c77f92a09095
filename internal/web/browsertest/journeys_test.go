package browsertest

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// Journey 1: a resident finds their place, its board and who agreed to the
// latest decision.
func TestJourneyResidentFindsTheirPlace(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	b := hartlepoolBoard(t, srv)
	// An older decision, so "latest" means something.
	if _, err := srv.Store.CreateDecision(context.Background(), store.System, places.Decision{
		PartnershipID: b.Partnership.ID, Date: "2025-11-20", Text: "Agree the terms of reference",
		Outcome: places.OutcomeConsensus,
	}); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, srv.URL)
	tb.visit("/")
	tb.fill("#q", "Hartlepool")
	tb.follow("main form button[type=submit]")
	tb.mustSee("h1", "Search results for ‘Hartlepool’")
	tb.follow(`main a[href="/areas/utla/E06000001"]`)

	tb.mustSee("h1", "Hartlepool")
	tb.mustSee("#population-total", "92,571")
	if n := evaluate[int](tb, `document.querySelectorAll('svg[aria-labelledby="pyramid-title pyramid-desc"] rect').length`); n != 38 {
		t.Errorf("pyramid has %d bars, want 38 (19 age bands × 2 sexes)", n)
	}
	tb.mustSee("#pyramid-title", "Population pyramid for Hartlepool")
	tb.mustSee("#icb", "NHS North East and North Cumbria Integrated Care Board")
	tb.mustSee("#footprint", "Durham, Darlington, Teesside, Hambleton, Richmondshire and Whitby")
	tb.mustSee("#partnerships + ul", "Hartlepool Health and Wellbeing Board")

	tb.follow(`a[href="/partnerships/` + strconv.FormatInt(b.Partnership.ID, 10) + `"]`)
	tb.mustSee("h1", "Hartlepool Health and Wellbeing Board")
	board := tb.text("#board-table")
	for _, want := range []string{"Alex Example", "Chair", "Hartlepool Borough Council", "Statutory", "Jo Placeholder", "Cleveland Police", "Co-opted"} {
		if !strings.Contains(board, want) {
			t.Errorf("board table lacks %q:\n%s", want, board)
		}
	}
	// Decisions are listed latest first: open the first.
	tb.mustSee("#decisions-table tbody tr:first-child", "12 March 2026")
	tb.follow("#decisions-table tbody tr:first-child a")
	tb.mustSee("#decision-text", "Adopt the joint local health and wellbeing strategy")
	tb.mustSee("#outcome", "3 for, 0 against, 1 abstained")
	agreed := tb.texts("#agreed li")
	want := []string{"Alex Example (Hartlepool Borough Council)", "Sam Sample (North Tees and Hartlepool NHS Foundation Trust)", "Chris Fictional (Hartlepool Voluntary Development Agency)"}
	if strings.Join(agreed, "|") != strings.Join(want, "|") {
		t.Errorf("who agreed = %q, want %q", agreed, want)
	}
}

// Journey 2: a national viewer sorts the footprints by councils on the
// leadership board, filters to those led by local government and
// downloads the CSV, whose figures equal the page's.
func TestJourneyNationalViewer(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	ctx := context.Background()
	st := srv.Store
	org := func(name string, kind places.OrgKind, ons string) places.Organisation {
		o, err := st.CreateOrganisation(ctx, store.System, places.Organisation{Name: name, Kind: kind, ONSCode: ons, AreaCodes: []string{}})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return o
	}
	hartlepool := org("Hartlepool Borough Council", places.OrgCouncilUpper, "E06000001")
	stockton := org("Stockton-on-Tees Borough Council", places.OrgCouncilUpper, "E06000004")
	leeds := org("Leeds City Council", places.OrgCouncilUpper, "E08000035")
	cornwall := org("Cornwall Council", places.OrgCouncilUpper, "E06000052")
	trust := org("Leeds Teaching Hospitals NHS Trust", places.OrgNHSTrust, "")
	footprint := func(code, name string, lead places.Organisation, members ...places.Organisation) {
		p, err := st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipFootprint, AreaCode: code, AreaType: places.AreaSTP, Name: name, LeadOrgID: lead.ID})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		for i, m := range members {
			if _, err := st.AddMember(ctx, store.System, places.Member{PartnershipID: p.ID, PersonName: "Member " + strconv.Itoa(i+1), OrgID: m.ID, Role: places.RoleMember, Statutory: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	footprint("E54000045", "Tees footprint partnership", hartlepool, hartlepool, stockton)
	footprint("E54000005", "West Yorkshire partnership", trust, leeds, trust)
	footprint("E54000036", "Cornwall partnership", cornwall, cornwall)

	tb := newTab(t, srv.URL)
	tb.visit("/")
	tb.follow(`header a[href="/national"]`)
	tb.mustSee("#headline-figures", "2 of 44 footprints are led by local government")

	tb.follow(`#footprint-table thead a[href*="sort=on_board"]`)
	if got := evaluate[string](tb, `document.querySelector('#footprint-table th[aria-sort]').innerText`); !strings.Contains(got, "Councils on the leadership board") {
		t.Fatalf("sorted column = %q", got)
	}
	onBoard := tb.texts(`#footprint-table tbody td[data-field="on_board"]`)
	if len(onBoard) != 44 {
		t.Fatalf("%d footprints shown, want 44", len(onBoard))
	}
	for i := 1; i < len(onBoard); i++ {
		if leadingInt(t, onBoard[i-1]) < leadingInt(t, onBoard[i]) {
			t.Fatalf("not sorted by councils on the board, most first: %q", onBoard)
		}
	}
	if !strings.HasPrefix(onBoard[0], "2 of ") {
		t.Errorf("first row shows %q, want the Tees footprint's 2 councils", onBoard[0])
	}

	tb.tick("#led_by")
	tb.follow(`main form[action="/national"] button[type=submit]`)
	if p := tb.path(); !strings.Contains(p, "led_by=local_government") || !strings.Contains(p, "sort=on_board") {
		t.Fatalf("filter lost the sort or the filter: %s", p)
	}
	tb.mustSee("#shown-figures", "Showing 2 footprints led by local government, with 3 of")
	page := evaluate[[][]string](tb, `Array.from(document.querySelectorAll('#footprint-table tbody tr')).map(r => [r.dataset.code, r.querySelector('[data-field=sector]').innerText, r.querySelector('[data-field=councils]').innerText, r.querySelector('[data-field=on_board]').innerText])`)
	if len(page) != 2 {
		t.Fatalf("filtered table has %d rows, want 2: %q", len(page), page)
	}
	for _, row := range page {
		if row[1] != "Local government" {
			t.Errorf("row %s is led by %q", row[0], row[1])
		}
	}

	// Download the CSV through the page's own link, in the browser.
	href := evaluate[string](tb, `Array.from(document.querySelectorAll('a[download]')).find(a => a.innerText.includes('CSV')).getAttribute('href')`)
	body := evaluate[string](tb, `fetch(`+strconv.Quote(href)+`).then(r => r.text())`, awaitPromise)
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, body)
	}
	if len(recs) != len(page)+1 {
		t.Fatalf("CSV has %d rows, page %d:\n%s", len(recs)-1, len(page), body)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for i, row := range page {
		rec := recs[i+1]
		if rec[col["footprint_code"]] != row[0] {
			t.Errorf("row %d: CSV footprint %s, page %s", i+1, rec[col["footprint_code"]], row[0])
		}
		if rec[col["lead_sector"]] != "local_government" {
			t.Errorf("row %d: CSV lead sector %q", i+1, rec[col["lead_sector"]])
		}
		if rec[col["councils_total"]] != row[2] {
			t.Errorf("row %d: CSV councils %s, page %s", i+1, rec[col["councils_total"]], row[2])
		}
		if want := rec[col["councils_on_board"]] + " of " + rec[col["councils_total"]]; want != row[3] {
			t.Errorf("row %d: CSV says %q, page %q", i+1, want, row[3])
		}
	}
}

// Journey 3: an administrator sets up a board: imports organisations,
// creates the health and wellbeing board, adds members (making one mistake
// on the way), records a meeting and a decision with votes, and finds each
// change in the audit log.
func TestJourneyAdministratorSetsUpABoard(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	srv.CreateUser(t, "ada@example.test", "Ada Admin", true)
	tb := newTab(t, srv.URL)
	signIn(tb, "ada@example.test")

	// The register: four organisations from a CSV file.
	csvFile := filepath.Join(t.TempDir(), "organisations.csv")
	if err := os.WriteFile(csvFile, []byte("name,kind,ods_code,ons_code,charity_number,area_codes\n"+
		"North Tees and Hartlepool NHS Foundation Trust,nhs_trust,RVW,,,E06000001;E06000004\n"+
		"Hartlepool Borough Council,council_upper,,E06000001,,E06000001\n"+
		"Cleveland Police,police,,,,E06000001;E06000004\n"+
		"Hartlepool Voluntary Development Agency,voluntary,,,1092396,E06000001\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tb.visit("/admin/organisations/import")
	tb.do("choose file", chromedpSetUpload("#file", csvFile))
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "4 organisations imported")

	// The board.
	tb.visit("/areas/utla/E06000001")
	tb.follow(`a[href^="/admin/partnerships/new"]`)
	tb.fill("#name", "Hartlepool Health and Wellbeing Board")
	tb.fill("#lead_ods_code", "E06000001")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Partnership created")
	tb.mustSee("h1", "Hartlepool Health and Wellbeing Board")
	tb.mustSee("main dl", "Hartlepool Borough Council")

	// A mistake: no name, and an ODS code nobody has.
	tb.follow(`a[href$="/members/new"]`)
	tb.fill("#ods_code", "ZZZ99")
	tb.tick("#role")
	tb.tick("#statutory")
	tb.submitInvalid("main form button[type=submit]")
	links := evaluate[[]string](tb, `Array.from(document.querySelectorAll('.govuk-error-summary a')).map(a => a.getAttribute('href') + ' ' + a.innerText)`)
	if len(links) != 2 || !strings.HasPrefix(links[0], "#person_name Enter the person") || !strings.HasPrefix(links[1], "#ods_code No organisation in the register has the code ZZZ99") {
		t.Fatalf("error summary links = %q", links)
	}
	if v := evaluate[string](tb, `document.querySelector('#ods_code').value`); v != "ZZZ99" {
		t.Errorf("the form forgot the code typed: %q", v)
	}
	// The summary's link takes the person to the field.
	tb.do("follow error link", chromedpClick(`.govuk-error-summary a[href="#person_name"]`))
	if id := evaluate[string](tb, `document.activeElement.id`); id != "person_name" {
		t.Errorf("after following the error link, focus is on %q, want person_name", id)
	}

	// Fix it, then add the other three: by code and by picking.
	tb.fill("#person_name", "Alex Example")
	tb.fill("#ods_code", "RVW")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Board member added")
	addMember := func(name, orgPrefix, roleID, statutoryID string) {
		tb.follow(`a[href$="/members/new"]`)
		tb.fill("#person_name", name)
		value := evaluate[string](tb, `Array.from(document.querySelectorAll('#org_id option')).find(o => o.text.startsWith(`+strconv.Quote(orgPrefix)+`)).value`)
		tb.choose("#org_id", value)
		tb.tick(roleID)
		tb.tick(statutoryID)
		tb.follow("main form button[type=submit]")
		tb.mustSee(".govuk-notification-banner", "Board member added")
	}
	addMember("Sam Sample", "Hartlepool Borough Council", "#role-2", "#statutory")
	addMember("Jo Placeholder", "Cleveland Police", "#role-3", "#statutory-2")
	addMember("Chris Fictional", "Hartlepool Voluntary Development Agency", "#role-4", "#statutory-2")
	board := tb.text("#board-table")
	for _, want := range []string{"Alex Example", "Chair", "North Tees and Hartlepool NHS Foundation Trust", "Sam Sample", "Vice-chair", "Jo Placeholder", "Cleveland Police", "Chris Fictional", "Observer", "Co-opted"} {
		if !strings.Contains(board, want) {
			t.Errorf("board lacks %q:\n%s", want, board)
		}
	}

	// A meeting with attendance: all but the observer.
	tb.follow(`a[href$="/meetings/new"]`)
	tb.fill("#date-day", "12")
	tb.fill("#date-month", "3")
	tb.fill("#date-year", "2026")
	tb.tick("#attendance")
	tb.tick("#attendance-2")
	tb.tick("#attendance-3")
	tb.fill("#agenda", "1. Joint strategic needs assessment")
	tb.fill("#minutes", "The board agreed the strategy.")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Meeting recorded")
	tb.mustSee("#meetings-table", "3 of 4")

	// A decision with each member's vote.
	tb.follow(`a[href$="/decisions/new"]`)
	tb.fill("#text", "Adopt the joint local health and wellbeing strategy 2026 to 2030")
	tb.fill("#date-day", "12")
	tb.fill("#date-month", "3")
	tb.fill("#date-year", "2026")
	meeting := evaluate[string](tb, `document.querySelectorAll('#meeting_id option')[1].value`)
	tb.choose("#meeting_id", meeting)
	tb.tick("#outcome-2") // by a vote
	voters := evaluate[[]string](tb, `Array.from(new Set(Array.from(document.querySelectorAll('input[name^="vote_"]')).map(i => i.id.replace(/-\d+$/, ''))))`)
	if len(voters) != 4 {
		t.Fatalf("vote fields %q, want 4", voters)
	}
	tb.tick("#" + voters[0] + "-2") // for
	tb.tick("#" + voters[1] + "-2") // for
	tb.tick("#" + voters[2] + "-3") // against
	tb.fill("#paper_title_1", "Draft strategy")
	tb.fill("#paper_url_1", "https://example.org/strategy.pdf")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Decision recorded")
	tb.follow("#decisions-table tbody tr:first-child a")
	tb.mustSee("#outcome", "2 for, 1 against, 0 abstained")
	tb.mustSee("#votes-table", "Jo Placeholder")
	tb.mustSee("main", "Draft strategy")

	// The audit log shows each change, made by Ada.
	tb.visit("/admin/audit")
	rows := evaluate[[]string](tb, `Array.from(document.querySelectorAll('#audit-table tbody tr')).map(r => [r.dataset.actor, r.dataset.action, r.dataset.entity].join(' '))`)
	count := map[string]int{}
	for _, r := range rows {
		if !strings.HasPrefix(r, "ada@example.test ") {
			continue
		}
		fields := strings.Fields(r)
		if len(fields) >= 3 && fields[1] == "create" {
			count[fields[2]]++
		}
	}
	want := map[string]int{"organisation": 4, "partnership": 1, "member": 4, "meeting": 1, "decision": 1}
	for entity, n := range want {
		if count[entity] != n {
			t.Errorf("audit log shows %d %s creations by Ada, want %d (rows: %q)", count[entity], entity, n, rows)
		}
	}
}

func leadingInt(t *testing.T, s string) int {
	t.Helper()
	f := strings.Fields(s)
	if len(f) == 0 {
		t.Fatalf("no number in %q", s)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		t.Fatalf("no number in %q", s)
	}
	return n
}
