package browsertest

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

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
// on the way, and picking organisations with the searchable field), records
// a meeting and a decision with the votes of the members present, corrects
// one member's job title and term, ends another's term, and finds each
// change, with its before and after, in the audit log. Each step is a
// method of boardJourney, so a later step (granting a role, say) slots in
// as one more line here.
func TestJourneyAdministratorSetsUpABoard(t *testing.T) {
	t.Parallel()
	j := startBoardJourney(t)
	j.importRegister()
	j.createBoard()
	j.grantARole()
	j.addMembersWithAMistake()
	j.recordMeeting()
	j.recordDecisionAtTheMeeting()
	j.correctAMember()
	j.endAMembersTerm()
	j.checkAuditLog()
}

// boardJourney is Journey 3's browser tab, signed in as Ada, an
// administrator.
type boardJourney struct {
	t   *testing.T
	srv *apptest.Server
	tb  *tab
}

func startBoardJourney(t *testing.T) *boardJourney {
	srv := apptest.New(t)
	srv.CreateUser(t, "ada@example.test", "Ada Admin", true)
	tb := newTab(t, srv.URL)
	signIn(tb, "ada@example.test")
	return &boardJourney{t: t, srv: srv, tb: tb}
}

// importRegister: four organisations from a CSV file.
func (j *boardJourney) importRegister() {
	t, tb := j.t, j.tb
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
}

// createBoard: the health and wellbeing board, led by the council.
func (j *boardJourney) createBoard() {
	tb := j.tb
	tb.visit("/areas/utla/E06000001")
	tb.follow(`a[href^="/admin/partnerships/new"]`)
	tb.fill("#name", "Hartlepool Health and Wellbeing Board")
	tb.fill("#lead_ods_code", "E06000001")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Partnership created")
	tb.mustSee("h1", "Hartlepool Health and Wellbeing Board")
	tb.mustSee("main dl", "Hartlepool Borough Council")
}

// grantARole: from the new board's page, the administrator opens People
// and roles and gives Sam, who has an account, the officer role; a mistake
// first (no e-mail address).
func (j *boardJourney) grantARole() {
	t, tb := j.t, j.tb
	j.srv.CreateUser(t, "sam.officer@example.test", "Sam Officer", false)
	board := tb.path()
	tb.follow(`main a[href$="/roles"]`)
	tb.mustSee("h1", "People and roles")
	tb.tick(`input[name=role][value=officer]`)
	tb.submitInvalid("main form button[type=submit]")
	tb.mustSee(".govuk-error-summary", "Enter the email address of the person's account")
	tb.fill("#email", "sam.officer@example.test")
	tb.tick(`input[name=role][value=officer]`)
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Role given")
	row := evaluate[string](tb, `Array.from(document.querySelectorAll('#roles-table tbody tr')).map(r => r.innerText).join('\n')`)
	if !strings.Contains(row, "Sam Officer") || !strings.Contains(row, "sam.officer@example.test") || !strings.Contains(strings.ToLower(row), "officer") {
		t.Errorf("roles table after granting: %q", row)
	}
	tb.visit(board)
}

// addMembersWithAMistake: a mistake first (no name, an ODS code nobody
// has), then four members, three of them picked by typing in the
// searchable organisation field.
func (j *boardJourney) addMembersWithAMistake() {
	t, tb := j.t, j.tb
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

	// Fix it, then add the other three by searching the register.
	tb.fill("#person_name", "Alex Example")
	tb.fill("#ods_code", "RVW")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Board member added")
	j.addMember("Sam Sample", "borough council", "Hartlepool Borough Council", "#role-2", "#statutory")
	j.addMember("Jo Placeholder", "clev", "Cleveland Police", "#role-3", "#statutory-2")
	j.addMember("Chris Fictional", "voluntary dev", "Hartlepool Voluntary Development Agency", "#role-4", "#statutory-2")
	board := tb.text("#board-table")
	for _, want := range []string{"Alex Example", "Chair", "North Tees and Hartlepool NHS Foundation Trust", "Sam Sample", "Vice-chair", "Jo Placeholder", "Cleveland Police", "Chris Fictional", "Observer", "Co-opted"} {
		if !strings.Contains(board, want) {
			t.Errorf("board lacks %q:\n%s", want, board)
		}
	}
}

// addMember adds a member, choosing the organisation by typing search into
// the searchable field (a combobox over the register's select) and picking
// the first match with the arrow and Enter keys.
func (j *boardJourney) addMember(name, search, org, roleID, statutoryID string) {
	t, tb := j.t, j.tb
	tb.follow(`a[href$="/members/new"]`)
	tb.fill("#person_name", name)
	if role := evaluate[string](tb, `document.querySelector('#org_id').getAttribute('role')`); role != "combobox" {
		t.Fatalf("the organisation field is not enhanced into a combobox (role %q)", role)
	}
	tb.do("search the register", chromedp.SendKeys(chromedp.CSS("#org_id"), search))
	options := tb.texts(`#org_id + span + [role=listbox] [role=option]`)
	if len(options) == 0 || !strings.HasPrefix(options[0], org) {
		t.Fatalf("searching %q lists %q, want %s first", search, options, org)
	}
	if got := evaluate[string](tb, `document.querySelector('#org_id').getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("aria-expanded = %q with the list open", got)
	}
	tb.check("member form with the organisation list open")
	tb.do("pick the first match", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	picked := evaluate[string](tb, `document.querySelector('#org_id-select').selectedOptions[0].text`)
	if !strings.HasPrefix(picked, org) || !strings.HasPrefix(inputValue(tb, "#org_id"), org) {
		t.Fatalf("picked %q (input shows %q), want %s", picked, inputValue(tb, "#org_id"), org)
	}
	tb.tick(roleID)
	tb.tick(statutoryID)
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Board member added")
}

// recordMeeting: all but the observer attended.
func (j *boardJourney) recordMeeting() {
	tb := j.tb
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
}

// recordDecisionAtTheMeeting: from the meeting's page, so the decision
// takes the meeting's date and only the three voting members present are
// offered a vote (the observer is not).
func (j *boardJourney) recordDecisionAtTheMeeting() {
	t, tb := j.t, j.tb
	tb.follow(`#meetings-table tbody tr:first-child a`)
	tb.follow(`a[href*="/decisions/new?meeting="]`)
	tb.fill("#text", "Adopt the joint local health and wellbeing strategy 2026 to 2030")
	tb.tick("#outcome-2") // by a vote
	voters := evaluate[[]string](tb, `Array.from(new Set(Array.from(document.querySelectorAll('input[name^="vote_"]')).map(i => i.closest('fieldset').querySelector('legend').innerText)))`)
	if len(voters) != 3 || strings.Contains(strings.Join(voters, " "), "Chris Fictional") {
		t.Fatalf("offered a vote: %q, want the three voting members present (not the observer)", voters)
	}
	ids := evaluate[[]string](tb, `Array.from(new Set(Array.from(document.querySelectorAll('input[name^="vote_"]')).map(i => i.id.replace(/-\d+$/, ''))))`)
	tb.tick("#" + ids[0] + "-2") // for
	tb.tick("#" + ids[1] + "-2") // for
	tb.tick("#" + ids[2] + "-3") // against
	tb.fill("#paper_title_1", "Draft strategy")
	tb.fill("#paper_url_1", "https://example.org/strategy.pdf")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Decision recorded")
	tb.follow("#decisions-table tbody tr:first-child a")
	tb.mustSee("main dl", "12 March 2026")
	tb.mustSee("#outcome", "2 for, 1 against, 0 abstained")
	tb.mustSee("#votes-table", "Jo Placeholder")
	tb.mustSee("main", "Draft strategy")
	if agreed := tb.text("#agreed"); strings.Contains(agreed, "Chris Fictional") {
		t.Errorf("the observer is counted as agreeing: %q", agreed)
	}
}

// boardLink is the href of the board table's link whose text holds both
// words (such as "Change" and a member's name).
func (j *boardJourney) boardLink(action, name string) string {
	return evaluate[string](j.tb, `(Array.from(document.querySelectorAll('#board-table a')).find(a => a.innerText.includes(`+strconv.Quote(action)+`) && a.innerText.includes(`+strconv.Quote(name)+`)) || {getAttribute: () => ""}).getAttribute('href')`)
}

// correctAMember: Sam Sample gets a job title and a term, after one
// mistake (a term that ends before it starts).
func (j *boardJourney) correctAMember() {
	t, tb := j.t, j.tb
	tb.visit(j.partnershipPath())
	href := j.boardLink("Change", "Sam Sample")
	if href == "" {
		t.Fatal("no Change link for Sam Sample on the board")
	}
	tb.visit(href)
	if v := inputValue(tb, "#person_name"); v != "Sam Sample" {
		t.Fatalf("the edit form shows %q, want what is recorded", v)
	}
	tb.fill("#job_title", "Director of Public Health")
	tb.fill("#term_start-day", "1")
	tb.fill("#term_start-month", "4")
	tb.fill("#term_start-year", "2025")
	tb.fill("#term_end-day", "31")
	tb.fill("#term_end-month", "3")
	tb.fill("#term_end-year", "2025")
	tb.submitInvalid("main form button[type=submit]")
	links := evaluate[[]string](tb, `Array.from(document.querySelectorAll('.govuk-error-summary a')).map(a => a.getAttribute('href') + ' ' + a.innerText)`)
	if len(links) != 1 || !strings.HasPrefix(links[0], "#term_end-day End of term must be on or after the start of term") {
		t.Fatalf("error summary links = %q", links)
	}
	tb.fill("#term_end-day", "31")
	tb.fill("#term_end-month", "3")
	tb.fill("#term_end-year", "2028")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Board member's details saved")
	tb.mustSee("#board-table", "Director of Public Health")
	tb.mustSee("#board-table", "Term 1 April 2025 to 31 March 2028")
}

// endAMembersTerm: Jo Placeholder leaves the board; a date before the
// meeting they attended is refused. They stay listed, with their vote.
func (j *boardJourney) endAMembersTerm() {
	t, tb := j.t, j.tb
	href := j.boardLink("End term", "Jo Placeholder")
	if href == "" {
		t.Fatal("no End term link for Jo Placeholder on the board")
	}
	tb.visit(href)
	tb.mustSee("h1", "End Jo Placeholder's term")
	tb.fill("#date-day", "1")
	tb.fill("#date-month", "3")
	tb.fill("#date-year", "2026")
	tb.submitInvalid("main form button[type=submit]")
	tb.mustSee(".govuk-error-summary", "Jo Placeholder attended the meeting of 2026-03-12")
	tb.fill("#date-day", "30")
	tb.fill("#date-month", "6")
	tb.fill("#date-year", "2026")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Board member's term ended")
	row := evaluate[string](tb, `Array.from(document.querySelectorAll('#board-table tbody tr')).find(r => r.innerText.includes('Jo Placeholder')).innerText`)
	if !strings.Contains(row, "Term ended") || !strings.Contains(row, "30 June 2026") {
		t.Errorf("Jo's row after the end: %q", row)
	}
	tb.follow("#decisions-table tbody tr:first-child a")
	tb.mustSee("#votes-table", "Jo Placeholder")
}

// checkAuditLog: each creation is there, made by Ada, and the two member
// changes show their before and after.
func (j *boardJourney) checkAuditLog() {
	t, tb := j.t, j.tb
	tb.visit("/admin/audit")
	rows := evaluate[[]string](tb, `Array.from(document.querySelectorAll('#audit-table tbody tr')).map(r => [r.dataset.actor, r.dataset.action, r.dataset.entity].join(' '))`)
	count := map[string]int{}
	for _, r := range rows {
		if !strings.HasPrefix(r, "ada@example.test ") {
			continue
		}
		fields := strings.Fields(r)
		if len(fields) >= 3 {
			count[fields[1]+" "+fields[2]]++
		}
	}
	want := map[string]int{"create organisation": 4, "create partnership": 1, "create member": 4, "create meeting": 1, "create decision": 1, "update member": 2}
	for what, n := range want {
		if count[what] != n {
			t.Errorf("audit log shows %d %q entries by Ada, want %d (rows: %q)", count[what], what, n, rows)
		}
	}
	// The newest entry is Jo's end; the one before it Sam's correction.
	// Each row shows the fields that changed, old and new, as words.
	tb.check("audit log")
	ended := tb.text(`#audit-table tbody tr:nth-child(1)`)
	corrected := tb.text(`#audit-table tbody tr:nth-child(2)`)
	for _, c := range []struct{ row, want string }{
		{ended, "Jo Placeholder"}, {ended, "2026-06-30"},
		{corrected, "Sam Sample"}, {corrected, "changed to"}, {corrected, "Director of Public Health"}, {corrected, "2025-04-01"},
	} {
		if !strings.Contains(c.row, c.want) {
			t.Errorf("audit entry lacks %q:\n%s", c.want, c.row)
		}
	}
}

// inputValue is the current value of the input at sel.
func inputValue(tb *tab, sel string) string {
	return evaluate[string](tb, `document.querySelector(`+strconv.Quote(sel)+`).value`)
}

// partnershipPath is the board's page (the only partnership).
func (j *boardJourney) partnershipPath() string {
	ps, _, err := j.srv.Store.ListPartnerships(context.Background(), store.PartnershipFilter{})
	if err != nil || len(ps) != 1 {
		j.t.Fatalf("partnerships: %v %v", ps, err)
	}
	return "/partnerships/" + strconv.FormatInt(ps[0].ID, 10)
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
