package browsertest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/jobs/jobstest"
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
	}
}

type reflowFixture struct {
	pid, orgID, meetingID, decisionID, memberID, importToken string
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
	srv := apptest.New(t)
	b := hartlepoolBoard(t, srv)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	srv.CreateUser(t, "reflow@example.test", "Reflow Admin", true)
	f := reflowFixture{
		pid: strconv.FormatInt(b.Partnership.ID, 10), orgID: strconv.FormatInt(b.Orgs["nhs_trust"].ID, 10),
		meetingID: strconv.FormatInt(b.Meeting.ID, 10), decisionID: strconv.FormatInt(b.Decision.ID, 10),
		memberID:    strconv.FormatInt(b.Members[0].ID, 10),
		importToken: jobstest.ConfirmedUpload(t, srv.Store, "reflow-token-0123456789abcdef", jobstest.GeneratedCSV(20, 1)),
	}
	fills := reflowFills(f)
	var paths []string
	for _, route := range web.Routes() {
		if !strings.HasPrefix(route, "GET ") {
			continue
		}
		fill, ok := fills[route]
		if !ok {
			t.Errorf("route %q has no fill in reflowFills: add the addresses that open it (or an empty list if it is not an HTML page)", route)
			continue
		}
		paths = append(paths, fill...)
	}
	tb := newTab(t, srv.URL)
	signIn(tb, "reflow@example.test")
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
