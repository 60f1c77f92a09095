package browsertest

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/jobs/jobstest"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
	"github.com/placeboard/placeboard/internal/web"
)

// reflowFills says, for every GET route of web.Routes(), which addresses
// open it on the test data (the Hartlepool board fixture and the demo's
// indicator data), or why it is not a page to measure. A route missing
// from this table fails TestNoPageScrollsSideways, naming it: a module
// adding pages adds its fills here.
func reflowFills(f reflowFixture) map[string][]string {
	p := "/partnerships/" + f.pid
	notAPage := []string{} // CSV, JSON or a redirect: nothing to lay out
	return map[string][]string{
		"GET /assets/":      notAPage,
		"GET /favicon.ico":  notAPage,
		"GET /{$}":          {"/"},
		"GET /search":       {"/search?q=Hartlepool", "/search?q=Durham"},
		"GET /areas":        {"/areas?type=utla", "/areas?type=icb", "/areas?type=stp", "/areas?type=ltla", "/areas?type=region"},
		"GET /areas/{code}": {"/areas/E06000001"},
		"GET /areas/{type}/{code}": {"/areas/utla/E06000001", "/areas/utla/E08000012", "/areas/icb/E54000050", "/areas/stp/E54000045",
			"/areas/region/E12000002", "/areas/nhser/E40000003", "/areas/country/E92000001", "/areas/lsoa/E01000001"},
		"GET /organisations":                                 {"/organisations", "/organisations?sector=nhs"},
		"GET /organisations/{id}":                            {"/organisations/" + f.orgID},
		"GET /partnerships":                                  {"/partnerships"},
		"GET /partnerships/{id}":                             {p},
		"GET /partnerships/{id}/meetings/{meetingID}":        {p + "/meetings/" + f.meetingID},
		"GET /partnerships/{id}/decisions/{decisionID}":      {p + "/decisions/" + f.decisionID},
		"GET /national":                                      {"/national", "/national?sort=councils&led_by=local_government"},
		"GET /national.csv":                                  notAPage,
		"GET /sign-in":                                       {"/sign-in"},
		"GET /sign-in/code":                                  {"/sign-in/code"},
		"GET /account":                                       {"/account"},
		"GET /account/password":                              {"/account/password"},
		"GET /account/two-factor":                            {"/account/two-factor"},
		"GET /register":                                      {"/register"},
		"GET /register/check-email":                          {"/register/check-email"},
		"GET /register/confirm":                              {"/register/confirm?token=not-a-token"},
		"GET /register/resend":                               {"/register/resend"},
		"GET /account/profile":                               {"/account/profile"},
		"GET /account/data":                                  notAPage,
		"GET /account/delete":                                {"/account/delete"},
		"GET /admin":                                         {"/admin"},
		"GET /admin/partnerships/new":                        {"/admin/partnerships/new"},
		"GET /partnerships/{id}/members/new":                 {p + "/members/new"},
		"GET /partnerships/{id}/meetings/new":                {p + "/meetings/new"},
		"GET /partnerships/{id}/decisions/new":               {p + "/decisions/new"},
		"GET /partnerships/{id}/edit":                        {p + "/edit"},
		"GET /partnerships/{id}/end":                         {p + "/end"},
		"GET /partnerships/{id}/members/{memberID}/edit":     {p + "/members/" + f.memberID + "/edit"},
		"GET /partnerships/{id}/members/{memberID}/end":      {p + "/members/" + f.memberID + "/end"},
		"GET /partnerships/{id}/meetings/{meetingID}/edit":   {p + "/meetings/" + f.meetingID + "/edit"},
		"GET /partnerships/{id}/meetings/{meetingID}/end":    {p + "/meetings/" + f.meetingID + "/end"},
		"GET /partnerships/{id}/decisions/{decisionID}/edit": {p + "/decisions/" + f.decisionID + "/edit"},
		"GET /partnerships/{id}/decisions/{decisionID}/end":  {p + "/decisions/" + f.decisionID + "/end"},
		"GET /admin/organisations/new":                       {"/admin/organisations/new"},
		"GET /admin/organisations/import":                    {"/admin/organisations/import"},
		"GET /admin/audit":                                   {"/admin/audit"},
		"GET /admin/users":                                   {"/admin/users"},
		"GET /partnerships/{id}/roles":                       {p + "/roles"},
		"GET /needs":                                         {"/needs", "/needs?area=Liverpool"},
		"GET /areas/{code}/profile":                          {"/areas/E08000012/profile", "/areas/E09000002/profile", "/areas/E92000001/profile"},
		"GET /areas/{code}/profile.csv":                      notAPage,
		"GET /areas/{code}/priorities":                       {"/areas/E08000012/priorities"},
		"GET /indicators":                                    {"/indicators", "/indicators?q=smoking"},
		"GET /indicators/{id}":                               {"/indicators/93088?area=E08000012", "/indicators/910002"},
		"GET /indicators/{id}/data.csv":                      notAPage,
		"GET /areas/{code}/jsna":                             {"/areas/E08000012/jsna"},
		"GET /areas/{code}/compare":                          {"/areas/E08000012/compare?with=E08000011,E08000013,E06000008"},
		"GET /needs/import":                                  {"/needs/import"},
		"GET /needs/import/{token}":                          {"/needs/import/" + f.importToken},
		// views-map: an area's inequalities by deprivation decile and sex.
		"GET /areas/{code}/inequalities/{indicatorID}": {"/areas/E92000001/inequalities/93088", "/areas/E08000012/inequalities/93088"},
		// views-compare: the overview heatmap, and the comparator choice.
		"GET /areas/{code}/overview":     {"/areas/E12000002/overview", "/areas/E92000001/overview?comparator=region", "/areas/E08000012/profile?comparator=set&set=E08000011,E08000013"},
		"GET /areas/{code}/overview.csv": notAPage,
		// Voice (the demo's Hartlepool consultations), found by following
		// links from /voice.
		"GET /voice":                                    {"/voice"},
		"GET /voice/processes/{id}":                     discover,
		"GET /voice/consultations/{id}":                 discover,
		"GET /voice/consultations/{id}/respond":         discover,
		"GET /voice/consultations/{id}/results":         discover,
		"GET /voice/consultations/{id}/you-said-we-did": discover,
		"GET /voice/consultations/{id}/analysis":        discover,
		"GET /voice/consultations/{id}/responses.csv":   notAPage,
		"GET /voice/consultations/{id}/responses.xlsx":  notAPage,
		"GET /voice/orphans":                            {"/voice/orphans"},
		"GET /partnerships/{id}/voice/processes/new":    {p + "/voice/processes/new"},
		"GET /voice/processes/{id}/consultations/new":   discover,
		"GET /voice/consultations/{id}/edit":            discover,
		// Participatory budgeting: the demo's processes are 1 (Hartlepool's,
		// open for voting) and 2 (Assen 2024, closed and counted).
		"GET /pb":                           {"/pb"},
		"GET /pb/{id}":                      {"/pb/1", "/pb/2"},
		"GET /pb/{id}/vote":                 {"/pb/1/vote"},
		"GET /pb/{id}/receipt":              {"/pb/1/receipt", "/pb/1/receipt?receipt=ACDE-FGHJ-KMNP-QRTU"},
		"GET /pb/{id}/results":              {"/pb/2/results"},
		"GET /pb/{id}/turnout":              {"/pb/2/turnout", "/pb/1/turnout"},
		"GET /pb/{id}/manage":               {"/pb/1/manage", "/pb/2/manage"},
		"GET /pb/{id}/edit":                 {"/pb/1/edit"},
		"GET /pb/{id}/projects/new":         {"/pb/1/projects/new"},
		"GET /pb/{id}/projects/{projectID}": {"/pb/1/projects/1"},
		"GET /pb/{id}/paper":                {"/pb/1/paper"},
		"GET /pb/{id}/override":             {"/pb/2/override"},
		"GET /partnerships/{id}/pb/new":     {p + "/pb/new"},
		// Voice proposals and pooled money (the demo's), found by following
		// links from their own pages.
		"GET /voice/processes/{id}/proposals":          discover,
		"GET /voice/processes/{id}/proposals/new":      discover,
		"GET /voice/proposals/{proposalID}":            discover,
		"GET /voice/proposals/{proposalID}/flag":       discover,
		"GET /voice/proposals/{proposalID}/answer":     discover,
		"GET /voice/proposals/{proposalID}/hide":       discover,
		"GET /voice/proposals/{proposalID}/unhide":     {f.unhide},
		"GET /voice/proposals/{proposalID}/links":      discover,
		"GET /voice/partnerships/{id}/moderation":      {"/voice/partnerships/" + f.pid + "/moderation"},
		"GET /voice/partnerships/{id}/block":           {"/voice/partnerships/" + f.pid + "/block"},
		"GET /voice/partnerships/{id}/unblock":         {f.unblock},
		"GET /money":                                   {"/money"},
		"GET /money/funds/new":                         {"/money/funds/new"},
		"GET /money/funds/{id}":                        discover,
		"GET /money/funds/{id}/agreement":              discover,
		"GET /money/funds/{id}/contributions":          discover,
		"GET /money/funds/{id}/schemes":                discover,
		"GET /money/funds/{id}/ledger":                 discover,
		"GET /money/funds/{id}/actuals":                discover,
		"GET /money/funds/{id}/actuals/{uploadID}":     {f.moneyUpload},
		"GET /money/funds/{id}/forecast":               discover,
		"GET /money/funds/{id}/what-if":                discover,
		"GET /money/funds/{id}/scenarios/{scenarioID}": discover,
		"GET /money/funds/{id}/sign-off":               discover,
		"GET /money/funds/{id}/exports":                discover,
		"GET /money/funds/{id}/exports/{file}":         notAPage,
	}
}

// discover marks a route whose address is found by following links, within
// its section, from the section's pages already listed (to three links
// deep): the first link matching the route's pattern is measured.
var discover = []string{"discover"}

// routeRegexp turns a route pattern ("/voice/consultations/{id}") into a
// regular expression matching its addresses.
func routeRegexp(pattern string) *regexp.Regexp {
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			parts[i] = `[^/?#]+`
		} else {
			parts[i] = regexp.QuoteMeta(p)
		}
	}
	return regexp.MustCompile(`^` + strings.Join(parts, "/") + `(\?.*)?$`)
}

type reflowFixture struct {
	pid, orgID, meetingID, decisionID, memberID, importToken string
	moneyUpload                                              string // a failed import of actuals, its problems listed
	unhide, unblock                                          string // the forms undoing a demo comment's hiding and a block
}

// reflowWidth is the narrowest width WCAG 2.2's Reflow (1.4.10) asks pages
// to work at without scrolling in two dimensions.
const reflowWidth = 320

// TestNoPageScrollsSideways (issue 12 item 2): every page of the web, signed
// in as an administrator so every page opens, fits 320 CSS pixels: the
// document never scrolls sideways. A wide table scrolls inside its own
// container instead.
func TestNoPageScrollsSideways(t *testing.T) {
	t.Parallel()
	// The demo: partnerships with boards, meetings and decisions, the
	// shipped indicator extracts and Hartlepool's consultations.
	srv := apptest.NewWith(t, apptest.Options{Demo: true})
	ctx := context.Background()
	srv.CreateUser(t, "reflow@example.test", "Reflow Admin", true)
	f := reflowFixture{importToken: jobstest.ConfirmedUpload(t, srv.Store, "reflow-token-0123456789abcdef", jobstest.GeneratedCSV(20, 1))}
	ps, _, err := srv.Store.ListPartnerships(ctx, store.PartnershipFilter{Page: store.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		members, err1 := srv.Store.ListMembers(ctx, p.ID)
		meetings, err2 := srv.Store.ListMeetings(ctx, p.ID)
		decisions, err3 := srv.Store.ListDecisions(ctx, p.ID)
		if err1 != nil || err2 != nil || err3 != nil || len(members) == 0 || len(meetings) == 0 || len(decisions) == 0 {
			continue
		}
		f.pid, f.memberID = strconv.FormatInt(p.ID, 10), strconv.FormatInt(members[0].ID, 10)
		f.meetingID, f.decisionID = strconv.FormatInt(meetings[0].ID, 10), strconv.FormatInt(decisions[0].ID, 10)
		break
	}
	if f.pid == "" {
		t.Fatal("the demo has no partnership with members, a meeting and a decision")
	}
	if f.moneyUpload, err = failedActualsUpload(ctx, srv.Store, ps); err != nil {
		t.Fatal(err)
	}
	if f.unhide, f.unblock, err = moderationUndone(ctx, srv.Store); err != nil {
		t.Fatal(err)
	}
	orgs, _, err := srv.Store.ListOrganisations(ctx, store.OrgFilter{Page: store.Page{Limit: 1}})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("the demo has no organisations: %v", err)
	}
	f.orgID = strconv.FormatInt(orgs[0].ID, 10)
	fills := reflowFills(f)
	var paths, toDiscover []string
	for _, route := range web.Routes() {
		if !strings.HasPrefix(route, "GET ") {
			continue
		}
		fill, ok := fills[route]
		if !ok {
			t.Errorf("route %q has no fill in reflowFills: add the addresses that open it (or an empty list if it is not an HTML page)", route)
			continue
		}
		if len(fill) == 1 && fill[0] == discover[0] {
			toDiscover = append(toDiscover, route)
			continue
		}
		paths = append(paths, fill...)
	}
	tb := newTab(t, srv.URL)
	signIn(tb, "reflow@example.test")
	links := &linkCrawler{tb: tb, base: srv.URL, hrefs: map[string][]string{}}
	for _, route := range toDiscover {
		// Follow links within the route's own section ("/voice/…"), from
		// the listed pages of that section.
		pattern := strings.TrimPrefix(route, "GET ")
		section := "/" + strings.SplitN(strings.TrimPrefix(pattern, "/"), "/", 2)[0]
		var from []string
		for _, p := range paths {
			if strings.HasPrefix(p, section) {
				from = append(from, p)
			}
		}
		found := links.first(from, section, 3, routeRegexp(pattern))
		if found == "" {
			// Not measured: say so, so it can be given a fill. (PB's
			// project and edit forms and the new-proposal form are not
			// linked from the demo's pages within three links.)
			t.Logf("route %q: NOT MEASURED, no link to it within three links of the %s pages listed; give it a fill", route, section)
			continue
		}
		paths = append(paths, found)
	}
	tb.do("narrow the window", chromedp.EmulateViewport(reflowWidth, 900))
	for _, path := range paths {
		ctx, cancel := context.WithTimeout(tb.ctx, patience)
		_, err := chromedp.RunResponse(ctx, chromedp.Navigate(srv.URL+path))
		cancel()
		if err != nil {
			t.Errorf("open %s: %v", path, err)
			continue
		}
		if w := evaluate[int](tb, `document.documentElement.scrollWidth`); w > reflowWidth {
			t.Errorf("%s scrolls sideways at %d px: %d px wide; too wide: %s", path, reflowWidth, w, strings.Join(widest(tb), "; "))
		}
	}
}

// failedActualsUpload records a failed import of actuals, with a long
// problem, for the first of the partnerships' funds (the demo's) and
// returns its page.
func failedActualsUpload(ctx context.Context, st *store.Store, ps []places.Partnership) (string, error) {
	for _, p := range ps {
		funds, err := st.MoneyFunds(ctx, p.ID)
		if err != nil || len(funds) == 0 {
			continue
		}
		csv := []byte("period,scheme,amount\n2025-09,S01,10.00\n")
		up, err := st.CreateMoneyActualsUpload(ctx, store.System, funds[0].ID, "finance-system-export-september-2025-final-v2.csv", csv, 1, 1000)
		if err != nil {
			return "", err
		}
		problem := validation.FieldError{Row: 2, Field: "scheme", Message: `The fund has no scheme "S01-HOME-BASED-REABLEMENT-AND-REHABILITATION-SERVICE-EXTENDED"`}
		if err := st.FailMoneyActualsUpload(ctx, up.ID, money.ActualsProblems([]validation.FieldError{problem}), []validation.FieldError{problem}); err != nil {
			return "", err
		}
		return "/money/funds/" + strconv.FormatInt(funds[0].ID, 10) + "/actuals/" + strconv.FormatInt(up.ID, 10), nil
	}
	return "", fmt.Errorf("no partnership has a fund")
}

// moderationUndone hides a comment of a demo proposal and blocks a demo
// account in its partnership, and returns the forms that undo them.
func moderationUndone(ctx context.Context, st *store.Store) (unhide, unblock string, err error) {
	ps, _, err := st.ListProposals(ctx, voice.ProposalFilter{})
	if err != nil {
		return "", "", err
	}
	for _, p := range ps {
		cs, err := st.ProposalComments(ctx, p.ID)
		if err != nil || len(cs) == 0 {
			continue
		}
		if err := st.HideComment(ctx, store.System, cs[0].ID, "Hidden while a complaint about it is looked into by the moderators"); err != nil {
			return "", "", err
		}
		if err := st.BlockAccount(ctx, store.System, p.PartnershipID, cs[0].AuthorID, "Posted the same advert on every proposal in the process"); err != nil {
			return "", "", err
		}
		pid, cid := strconv.FormatInt(p.ID, 10), strconv.FormatInt(cs[0].ID, 10)
		return "/voice/proposals/" + pid + "/unhide?comment=" + cid,
			"/voice/partnerships/" + strconv.FormatInt(p.PartnershipID, 10) + "/unblock?user=" + strconv.FormatInt(cs[0].AuthorID, 10), nil
	}
	return "", "", fmt.Errorf("no demo proposal has a comment")
}

// linkCrawler finds pages by following links. Each page is opened once
// for the whole test and its links kept: the routes of one section are
// searched from the same pages, so reopening them (over a thousand
// navigations) cost minutes and found nothing new.
type linkCrawler struct {
	tb    *tab
	base  string
	hrefs map[string][]string // page → the addresses its main links point to
}

// first follows links to addresses under section from the given pages,
// depth links deep, breadth first, and returns the first address seen that
// matches re ("" when none does). It visits the pages in the same order as
// a full crawl and stops at the first match, so it finds the same address.
func (c *linkCrawler) first(from []string, section string, depth int, re *regexp.Regexp) string {
	seen := map[string]bool{}
	frontier := from
	for d := 0; d <= depth && len(frontier) > 0; d++ {
		var next []string
		for _, p := range frontier {
			for _, l := range c.linksOn(p) {
				if seen[l] || !strings.HasPrefix(l, section) || strings.HasSuffix(strings.SplitN(l, "?", 2)[0], ".csv") || strings.HasSuffix(strings.SplitN(l, "?", 2)[0], ".xlsx") {
					continue
				}
				if re.MatchString(l) {
					return l
				}
				seen[l] = true
				next = append(next, l)
			}
		}
		if len(next) > 60 {
			next = next[:60]
		}
		frontier = next
	}
	return ""
}

// linksOn opens page p (once) and returns the addresses its main links
// point to; none when it does not open.
func (c *linkCrawler) linksOn(p string) []string {
	if hrefs, ok := c.hrefs[p]; ok {
		return hrefs
	}
	ctx, cancel := context.WithTimeout(c.tb.ctx, patience)
	_, err := chromedp.RunResponse(ctx, chromedp.Navigate(c.base+p))
	cancel()
	var hrefs []string
	if err == nil {
		hrefs = evaluate[[]string](c.tb, `Array.from(document.querySelectorAll('main a[href^="/"]')).map(a => a.getAttribute('href'))`)
	}
	c.hrefs[p] = hrefs
	return hrefs
}

// widest names the elements that stick out past the viewport and are not
// inside a container that scrolls, to say what to fix.
func widest(tb *tab) []string {
	return evaluate[[]string](tb, fmt.Sprintf(`(() => {
	  const out = [];
	  const inScroller = e => { for (let p = e.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) { const s = getComputedStyle(p); if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') return true } return false };
	  for (const e of document.body.querySelectorAll('*')) {
	    const r = e.getBoundingClientRect();
	    if (r.right > %d + 1 && !inScroller(e)) {
	      let name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
	      out.push(name + ' (right ' + Math.round(r.right) + ')');
	    }
	    if (out.length >= 6) break;
	  }
	  return out })()`, reflowWidth))
}
