package routetest

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/store"
)

// The authorisation matrix: every route of the whole server (web pages and
// API) against every role. Columns, in order:
//
//	anonymous, resident, board_member, officer, administrator (of the
//	partnership in the URL), global_admin, officer_elsewhere (officer of a
//	different partnership, Middlesbrough's), analyst (of the partnership in
//	the URL), national_analyst (no partnership role), disabled (a global
//	administrator whose account was disabled after signing in)
//
// The needs writes are scoped by area: the URLs name Hartlepool
// (E06000001), the fixture partnership's area, so officer_elsewhere may
// open the import pages (whose rows are then checked one by one, see
// TestNeedsWritesAcrossPartnerships) but not annotate or publish
// Hartlepool's priorities.
//
// Y = allowed, N = denied. A route missing here, or listed here but not
// served, fails the test.
var matrix = map[string]string{
	"GET /healthz": "Y Y Y Y Y Y Y Y Y Y",

	// API: published content is public.
	"GET /api/v1/openapi.json":                              "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/areas":                                     "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/areas/{code}":                              "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/areas/{code}/boundary":                     "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/organisations":                             "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/organisations/{id}":                        "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/partnerships":                              "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/partnerships/{id}":                         "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/partnerships/{id}/members":                 "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/partnerships/{id}/meetings":                "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/partnerships/{id}/decisions":               "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/partnerships/{id}/decisions/{decision_id}": "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/national/footprints":                       "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/indicators":                                "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/indicators/{id}/data":                      "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/areas/{code}/profile":                      "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/users/me":                                  "N Y Y Y Y Y Y Y Y N",
	"GET /api/v1/audit":                                     "N N N N N Y N N N N",
	"POST /api/v1/organisations":                            "N N N N N Y N N N N",
	"PUT /api/v1/organisations/{id}":                        "N N N N N Y N N N N",
	"POST /api/v1/organisations/import":                     "N N N N N Y N N N N",
	"POST /api/v1/partnerships":                             "N N N N N Y N N N N",
	"POST /api/v1/partnerships/{id}/members":                "N N N Y Y Y N N N N",
	"DELETE /api/v1/partnerships/{id}/members/{member_id}":  "N N N Y Y Y N N N N",
	"POST /api/v1/partnerships/{id}/meetings":               "N N N Y Y Y N N N N",
	"POST /api/v1/partnerships/{id}/decisions":              "N N N Y Y Y N N N N",
	"GET /api/v1/partnerships/{id}/roles":                   "N N N N Y Y N N N N",
	"POST /api/v1/partnerships/{id}/roles":                  "N N N N Y Y N N N N",
	"DELETE /api/v1/partnerships/{id}/roles/{user_id}":      "N N N N Y Y N N N N",

	// Web pages. "/" is the catch-all: any method on an unknown path gets
	// the HTML 404 page, the same for everyone.
	"/":                        "Y Y Y Y Y Y Y Y Y Y",
	"GET /assets/":             "Y Y Y Y Y Y Y Y Y Y",
	"GET /favicon.ico":         "Y Y Y Y Y Y Y Y Y Y",
	"GET /{$}":                 "Y Y Y Y Y Y Y Y Y Y",
	"GET /search":              "Y Y Y Y Y Y Y Y Y Y",
	"GET /areas":               "Y Y Y Y Y Y Y Y Y Y",
	"GET /areas/{code}":        "Y Y Y Y Y Y Y Y Y Y",
	"GET /areas/{type}/{code}": "Y Y Y Y Y Y Y Y Y Y",
	"GET /organisations":       "Y Y Y Y Y Y Y Y Y Y",
	"GET /organisations/{id}":  "Y Y Y Y Y Y Y Y Y Y",
	"GET /partnerships":        "Y Y Y Y Y Y Y Y Y Y",
	"GET /partnerships/{id}":   "Y Y Y Y Y Y Y Y Y Y",
	"GET /partnerships/{id}/meetings/{meetingID}":   "Y Y Y Y Y Y Y Y Y Y",
	"GET /partnerships/{id}/decisions/{decisionID}": "Y Y Y Y Y Y Y Y Y Y",
	"GET /national":                         "Y Y Y Y Y Y Y Y Y Y",
	"GET /national.csv":                     "Y Y Y Y Y Y Y Y Y Y",
	"GET /sign-in":                          "Y Y Y Y Y Y Y Y Y Y",
	"POST /sign-in":                         "Y Y Y Y Y Y Y Y Y Y",
	"POST /sign-out":                        "Y Y Y Y Y Y Y Y Y Y",
	"GET /account":                          "N Y Y Y Y Y Y Y Y N",
	"GET /account/password":                 "N Y Y Y Y Y Y Y Y N",
	"POST /account/password":                "N Y Y Y Y Y Y Y Y N",
	"POST /account/sessions/end":            "N Y Y Y Y Y Y Y Y N",
	"GET /admin":                            "N N N N N Y N N N N",
	"GET /admin/partnerships/new":           "N N N N N Y N N N N",
	"POST /admin/partnerships/new":          "N N N N N Y N N N N",
	"GET /partnerships/{id}/members/new":    "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/members/new":   "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/meetings/new":   "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/meetings/new":  "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/decisions/new":  "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/decisions/new": "N N N Y Y Y N N N N",
	"GET /admin/organisations/new":          "N N N N N Y N N N N",
	"POST /admin/organisations/new":         "N N N N N Y N N N N",
	"GET /admin/organisations/import":       "N N N N N Y N N N N",
	"POST /admin/organisations/import":      "N N N N N Y N N N N",
	"GET /admin/audit":                      "N N N N N Y N N N N",
	// Accounts: a partnership's administrators grant and revoke its roles;
	// global administrators list, disable and enable accounts.
	"GET /partnerships/{id}/roles":                "N N N N Y Y N N N N",
	"POST /partnerships/{id}/roles":               "N N N N Y Y N N N N",
	"POST /partnerships/{id}/roles/revoke":        "N N N N Y Y N N N N",
	"GET /admin/users":                            "N N N N N Y N N N N",
	"POST /admin/users/{userID}/disabled":         "N N N N N Y N N N N",
	"POST /admin/users/{userID}/national-analyst": "N N N N N Y N N N N",
	// The code step of signing in: without a pending sign-in (a right
	// password first) the page sends everyone back to /sign-in; the form
	// answers everyone (here: "enter the code").
	"GET /sign-in/code":        "N N N N N N N N N N",
	"POST /sign-in/code":       "Y Y Y Y Y Y Y Y Y Y",
	"GET /account/two-factor":  "N Y Y Y Y Y Y Y Y N",
	"POST /account/two-factor": "N Y Y Y Y Y Y Y Y N",
	// Correcting and ending the board record (issue 11, item 7).
	"PUT /api/v1/partnerships/{id}":                              "N N N N Y Y N N N N",
	"POST /api/v1/partnerships/{id}/end":                         "N N N N Y Y N N N N",
	"PUT /api/v1/partnerships/{id}/members/{member_id}":          "N N N Y Y Y N N N N",
	"POST /api/v1/partnerships/{id}/members/{member_id}/end":     "N N N Y Y Y N N N N",
	"GET /api/v1/partnerships/{id}/meetings/{meeting_id}":        "Y Y Y Y Y Y Y Y Y Y",
	"PUT /api/v1/partnerships/{id}/meetings/{meeting_id}":        "N N N Y Y Y N N N N",
	"POST /api/v1/partnerships/{id}/meetings/{meeting_id}/end":   "N N N Y Y Y N N N N",
	"PUT /api/v1/partnerships/{id}/decisions/{decision_id}":      "N N N Y Y Y N N N N",
	"POST /api/v1/partnerships/{id}/decisions/{decision_id}/end": "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/edit":                                "N N N N Y Y N N N N",
	"POST /partnerships/{id}/edit":                               "N N N N Y Y N N N N",
	"GET /partnerships/{id}/end":                                 "N N N N Y Y N N N N",
	"POST /partnerships/{id}/end":                                "N N N N Y Y N N N N",
	"GET /partnerships/{id}/members/{memberID}/edit":             "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/members/{memberID}/edit":            "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/members/{memberID}/end":              "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/members/{memberID}/end":             "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/meetings/{meetingID}/edit":           "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/meetings/{meetingID}/edit":          "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/meetings/{meetingID}/end":            "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/meetings/{meetingID}/end":           "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/decisions/{decisionID}/edit":         "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/decisions/{decisionID}/edit":        "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/decisions/{decisionID}/end":          "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/decisions/{decisionID}/end":         "N N N Y Y Y N N N N",

	// Needs pages (internal/web/needs.go): published figures are public.
	"GET /areas/{code}/profile":     "Y Y Y Y Y Y Y Y Y Y",
	"GET /areas/{code}/profile.csv": "Y Y Y Y Y Y Y Y Y Y",
	"GET /areas/{code}/priorities":  "Y Y Y Y Y Y Y Y Y Y",
	"GET /indicators":               "Y Y Y Y Y Y Y Y Y Y",
	"GET /indicators/{id}":          "Y Y Y Y Y Y Y Y Y Y",
	"GET /indicators/{id}/data.csv": "Y Y Y Y Y Y Y Y Y Y",
	// Importing indicator data: analysts (officers and administrators of
	// any partnership) and global administrators.
	"GET /needs/import":          "N N N Y Y Y Y Y Y N",
	"POST /needs/import":         "N N N Y Y Y Y Y Y N",
	"GET /needs/import/{token}":  "N N N Y Y Y Y Y Y N",
	"POST /needs/import/{token}": "N N N Y Y Y Y Y Y N",
	// Priorities: analysts pin, annotate and publish; the summary is public.
	"POST /areas/{code}/priorities/{indicatorID}": "N N N Y Y Y N Y Y N",
	"POST /areas/{code}/priorities/publish":       "N N N Y Y Y N Y Y N",
	"GET /areas/{code}/jsna":                      "Y Y Y Y Y Y Y Y Y Y",
	"GET /areas/{code}/compare":                   "Y Y Y Y Y Y Y Y Y Y",
}

// probe is a concrete request for one route.
type probe struct {
	method, path, contentType, body string
}

// request builds a concrete request for route: real IDs from the fixture,
// and for API writes a valid body, so an allowed role succeeds.
// moduleTable lets a later module (voice, money, participatory budgeting)
// keep its rows of the table, and the requests that probe them, in a file of
// its own (authz_<module>_test.go), added with addModuleTable from init.
type moduleTable struct {
	rows map[string]string
	// request builds the probe for one of the table's routes: it fills in
	// the path parameters (creating what they name through f) and the body.
	request func(t *testing.T, f *fixture, method, pattern string) probe
}

var moduleTables []moduleTable

func addModuleTable(rows map[string]string, request func(t *testing.T, f *fixture, method, pattern string) probe) {
	for route := range rows {
		if _, ok := matrix[route]; ok {
			panic("route " + route + " is in two authorisation tables")
		}
	}
	moduleTables = append(moduleTables, moduleTable{rows: rows, request: request})
}

// expectedRow is a route's row, from the main table or a module's.
func expectedRow(route string) (string, bool) {
	if row, ok := matrix[route]; ok {
		return row, true
	}
	for _, m := range moduleTables {
		if row, ok := m.rows[route]; ok {
			return row, true
		}
	}
	return "", false
}

func (f *fixture) request(t *testing.T, route string) probe {
	t.Helper()
	method, pattern := splitRoute(route)
	for _, m := range moduleTables {
		if _, ok := m.rows[route]; ok {
			return m.request(t, f, method, pattern)
		}
	}
	path := pattern
	repl := map[string]string{
		"{code}": "E06000001", "{type}": "utla", "{decision_id}": itoa(f.decision.ID),
		"{decisionID}": itoa(f.decision.ID), "{meetingID}": itoa(f.meeting.ID), "{$}": "",
		"{token}":       "expired-upload", // allowed roles get 410 Gone
		"{indicatorID}": "93701",
	}
	if strings.Contains(path, "{member_id}") {
		repl["{member_id}"] = itoa(f.freshMember(t).ID)
	}
	if strings.Contains(path, "{memberID}") {
		repl["{memberID}"] = itoa(f.freshMember(t).ID)
	}
	// The fixture meeting has a decision, so it cannot be cancelled: cancel
	// a fresh one.
	repl["{meeting_id}"] = itoa(f.meeting.ID)
	if strings.HasSuffix(path, "/end") && (strings.Contains(path, "{meeting_id}") || strings.Contains(path, "{meetingID}")) {
		repl["{meeting_id}"] = itoa(f.freshMeeting(t).ID)
		repl["{meetingID}"] = repl["{meeting_id}"]
	}
	if strings.Contains(path, "{user_id}") {
		repl["{user_id}"] = itoa(f.freshRoleHolder(t).ID)
	}
	if strings.Contains(path, "{userID}") {
		repl["{userID}"] = itoa(f.freshRoleHolder(t).ID)
	}
	if strings.HasPrefix(path, "/api/v1/organisations/") || strings.HasPrefix(path, "/organisations/") {
		repl["{id}"] = itoa(f.org.ID)
	} else if strings.HasPrefix(path, "/api/v1/indicators/") || strings.HasPrefix(path, "/indicators/") {
		repl["{id}"] = "93701" // in the seed catalogue
	} else {
		repl["{id}"] = itoa(f.p.ID)
	}
	for k, v := range repl {
		path = strings.ReplaceAll(path, k, v)
	}
	p := probe{method: method, path: path}
	switch {
	case pattern == "/":
		p.path = "/no-such-page"
	case pattern == "/assets/":
		p.path = "/assets/app/app.css"
	case pattern == "/search":
		p.path = "/search?q=Hartlepool"
	case method == http.MethodGet || method == http.MethodDelete:
	case strings.HasPrefix(pattern, "/api/"):
		p.contentType = "application/json"
		n := f.next()
		switch pattern {
		case "/api/v1/organisations":
			p.body = `{"name":"Matrix Voluntary Group ` + n + `","kind":"voluntary"}`
		case "/api/v1/organisations/{id}":
			p.body = `{"name":"Hartlepool Borough Council","kind":"council_upper","ons_code":"E06000001","area_codes":["E06000001"]}`
		case "/api/v1/organisations/import":
			p.contentType = "text/csv"
			p.body = "name,kind\nImported Group " + n + ",voluntary\n"
		case "/api/v1/partnerships":
			p.body = `{"name":"Board ` + n + `","kind":"hwb","area_code":"` + f.freeArea(t) + `"}`
		case "/api/v1/partnerships/{id}/members":
			p.body = fmt.Sprintf(`{"person_name":"Person %s","org_id":%d,"role":"member"}`, n, f.org.ID)
		case "/api/v1/partnerships/{id}/meetings":
			p.body = fmt.Sprintf(`{"date":"2026-02-1%d","agenda":"Matrix","attendance":[%d]}`, int(f.seq.Load()%10), f.member.ID)
		case "/api/v1/partnerships/{id}/decisions":
			p.body = `{"text":"Decision ` + n + `","date":"2026-02-10","outcome":"consensus"}`
		case "/api/v1/partnerships/{id}":
			p.body = `{"name":"Hartlepool Health and Wellbeing Board","kind":"hwb","area_code":"E06000001"}`
		case "/api/v1/partnerships/{id}/end", "/api/v1/partnerships/{id}/members/{member_id}/end",
			"/api/v1/partnerships/{id}/meetings/{meeting_id}/end", "/api/v1/partnerships/{id}/decisions/{decision_id}/end":
			p.body = `{"date":"2027-03-31"}`
		case "/api/v1/partnerships/{id}/members/{member_id}":
			p.body = fmt.Sprintf(`{"person_name":"Person %s","org_id":%d,"role":"member","job_title":"Director"}`, n, f.org.ID)
		case "/api/v1/partnerships/{id}/meetings/{meeting_id}":
			p.body = fmt.Sprintf(`{"date":"2026-01-15","agenda":"Matrix %s","attendance":[%d]}`, n, f.member.ID)
		case "/api/v1/partnerships/{id}/decisions/{decision_id}":
			p.body = fmt.Sprintf(`{"text":"Adopt the joint strategy","outcome":"vote","meeting_id":%d,"votes":[{"member_id":%d,"choice":"for"}]}`, f.meeting.ID, f.member.ID)
		case "/api/v1/partnerships/{id}/roles":
			p.body = `{"email":"` + f.freshUser(t).Email + `","role":"resident"}`
		default:
			t.Fatalf("no request body written for %s", route)
		}
	default:
		// Web forms: an empty form. Allowed roles get the form back with
		// errors (422); denied ones never see it.
		p.contentType = "application/x-www-form-urlencoded"
		p.body = url.Values{}.Encode()
	}
	return p
}

// splitRoute splits "GET /x" into method and pattern; a pattern without a
// method (a catch-all) is probed with GET.
func splitRoute(route string) (string, string) {
	method, pattern, ok := strings.Cut(route, " ")
	if !ok {
		return http.MethodGet, route
	}
	return method, pattern
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestAuthorisationMatrix runs every route of the server as every role
// and compares the outcome with the table above.
func TestAuthorisationMatrix(t *testing.T) {
	f := newFixture(t)
	clients, emails := f.users(t)

	routes := serverRoutes()
	served := map[string]bool{}
	for _, r := range routes {
		served[r] = true
		if _, ok := expectedRow(r); !ok {
			t.Errorf("route %q is not in the authorisation table", r)
		}
	}
	var stale []string
	for r := range matrix {
		if !served[r] {
			stale = append(stale, r)
		}
	}
	for _, m := range moduleTables {
		for r := range m.rows {
			if !served[r] {
				stale = append(stale, r)
			}
		}
	}
	sort.Strings(stale)
	for _, r := range stale {
		t.Errorf("route %q is in the table but the server does not list it", r)
	}

	for _, route := range routes {
		row, ok := expectedRow(route)
		if !ok {
			continue
		}
		cells := strings.Fields(row)
		if len(cells) != len(roles) {
			t.Fatalf("%s: %d cells, want %d", route, len(cells), len(roles))
		}
		for i, r := range roles {
			want := cells[i] == "Y"
			t.Run(route+"/"+r.name, func(t *testing.T) {
				c := clients[r.name]
				if route == "POST /sign-out" && r.name != "anonymous" && !r.disabled {
					c, _ = f.srv.Login(t, emails[r.name]) // keep the role's main session alive
				}
				p := f.request(t, route)
				status, location, body := f.do(t, c, p)
				allowed, verdict := classify(route, r.name, status, location)
				if verdict != "" {
					t.Fatalf("%s %s as %s: %s (status %d, Location %q): %.300s", p.method, p.path, r.name, verdict, status, location, body)
				}
				if allowed != want {
					t.Errorf("%s %s as %s: allowed=%v, table says %v (status %d, Location %q): %.300s",
						p.method, p.path, r.name, allowed, want, status, location, body)
				}
			})
		}
	}
}

func (f *fixture) do(t *testing.T, c *http.Client, p probe) (int, string, string) {
	t.Helper()
	var body io.Reader
	if p.body != "" {
		body = strings.NewReader(p.body)
	}
	req, err := http.NewRequest(p.method, f.srv.URL+p.path, body)
	must(t, err)
	if p.contentType != "" {
		req.Header.Set("Content-Type", p.contentType)
	}
	res, err := c.Do(req)
	must(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// classify says whether a response means the role was let in. A denial is
// 401/403 (API) or, on the web, a redirect to sign in (anonymous) or 403.
// Anything else must be a normal outcome of a let-in request; a 404, 405
// or 5xx is a broken probe or route, reported as a verdict.
func classify(route, roleName string, status int, location string) (allowed bool, verdict string) {
	isAPI := strings.Contains(route, " /api/")
	if route == "/" {
		if status != http.StatusNotFound {
			return false, "the catch-all must answer 404"
		}
		return true, ""
	}
	switch {
	case status >= 500:
		return false, "server error"
	case status == http.StatusUnauthorized && isAPI:
		if !signedOut(roleName) {
			return false, "401 for a signed-in user (want 403)"
		}
		return false, ""
	case status == http.StatusForbidden:
		if signedOut(roleName) && !isAPI {
			return false, "403 for an anonymous visitor on a page (want a redirect to sign in)"
		}
		if signedOut(roleName) && isAPI {
			return false, "403 for an anonymous caller (want 401)"
		}
		return false, ""
	case status == http.StatusSeeOther && strings.HasPrefix(location, "/sign-in"):
		return false, ""
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed:
		return false, "route not served"
	}
	if isAPI && (status < 200 || status > 299) {
		return true, "API request let in but did not succeed"
	}
	return true, ""
}

// signedOut: anonymous visitors, and disabled accounts, whose sessions
// ended when they were disabled.
func signedOut(roleName string) bool { return roleName == "anonymous" || roleName == "disabled" }

// TestPermissionBeforeValidation: a caller who may not write is refused
// before their input is looked at, so malformed bodies from anonymous
// callers get 401, not 400/422 feedback, and from residents 403.
func TestPermissionBeforeValidation(t *testing.T) {
	f := newFixture(t)
	resident, _ := f.srv.As(t, "resident", f.p.ID, false)
	callers := []struct {
		name   string
		c      *http.Client
		status int
	}{{"anonymous", f.srv.Client(t), http.StatusUnauthorized}, {"resident", resident, http.StatusForbidden}} // the table's first two columns, in order
	for _, route := range serverRoutes() {
		method, pattern := splitRoute(route)
		if !strings.HasPrefix(pattern, "/api/") || method == http.MethodGet || method == http.MethodDelete {
			continue
		}
		row, _ := expectedRow(route)
		cells := strings.Fields(row)
		for i, who := range callers {
			if i < len(cells) && cells[i] == "Y" {
				continue // the table lets this caller write (registration, a resident's response): no permission to check first
			}
			t.Run(route+"/"+who.name, func(t *testing.T) {
				p := f.request(t, route)
				p.body = `{"name":` // malformed whatever the endpoint
				status, _, body := f.do(t, who.c, p)
				if status != who.status {
					t.Errorf("%s %s as %s with a malformed body = %d, want %d: %.200s", p.method, p.path, who.name, status, who.status, body)
				}
			})
		}
	}
}

// TestOfferedLinksFollowTheMatrix: the layout and list pages offer a link
// to an administrative page exactly to the roles the table lets in, since
// both come from auth.Can (ViewAdministration, CreatePartnership,
// ManageOrganisations) rather than from the global admin flag.
func TestOfferedLinksFollowTheMatrix(t *testing.T) {
	f := newFixture(t)
	clients, _ := f.users(t)
	links := []struct{ page, href, route string }{
		{"/", `href="/admin"`, "GET /admin"},
		{"/partnerships", `href="/admin/partnerships/new"`, "GET /admin/partnerships/new"},
		{"/organisations", `href="/admin/organisations/new"`, "GET /admin/organisations/new"},
		{"/organisations", `href="/admin/organisations/import"`, "GET /admin/organisations/import"},
	}
	for _, l := range links {
		cells := strings.Fields(matrix[l.route])
		if len(cells) != len(roles) {
			t.Fatalf("%s: no row in the table", l.route)
		}
		for i, r := range roles {
			t.Run(l.page+" "+l.href+"/"+r.name, func(t *testing.T) {
				status, _, body := f.do(t, clients[r.name], probe{method: http.MethodGet, path: l.page})
				if status != http.StatusOK {
					t.Fatalf("GET %s as %s = %d", l.page, r.name, status)
				}
				if offered, want := strings.Contains(body, l.href), cells[i] == "Y"; offered != want {
					t.Errorf("GET %s as %s: link %s offered=%v, but %s allowed=%v", l.page, r.name, l.href, offered, l.route, want)
				}
			})
		}
	}
}

// TestNeedsWritesAcrossPartnerships: the needs writes are scoped by area.
// An officer of Middlesbrough's partnership (E06000002) is refused on
// Hartlepool's (E06000001) priorities and on Hartlepool's rows in an
// import; Hartlepool's analyst gets in; a national analyst may import any
// area's rows.
func TestNeedsWritesAcrossPartnerships(t *testing.T) {
	checkNeedsWritesAcrossPartnerships(t, newFixture(t))
}

// TestNeedsWritesAcrossPartnershipsOnPostgres repeats it on PostgreSQL
// (the recursive coverage queries run on both engines).
func TestNeedsWritesAcrossPartnershipsOnPostgres(t *testing.T) {
	checkNeedsWritesAcrossPartnerships(t, newFixtureOn(t, postgresServer(t)))
}

func checkNeedsWritesAcrossPartnerships(t *testing.T, f *fixture) {
	ctx := context.Background()
	// Indicator data, so Hartlepool has priorities to annotate and publish.
	must(t, demo.SeedNeeds(ctx, f.srv.Store, nil))
	before, err := f.srv.Store.CountIndicatorValues(ctx)
	must(t, err)
	officerB, _ := f.srv.As(t, "officer", f.other.ID, false)
	analystA, _ := f.srv.As(t, "analyst", f.p.ID, false)
	national, nu := f.srv.As(t, "", 0, false)
	must(t, f.srv.Store.SetNationalAnalyst(ctx, store.System, nu.ID, true))

	post := func(c *http.Client, path string, form url.Values) (int, string, string) {
		t.Helper()
		return f.do(t, c, probe{method: http.MethodPost, path: path, contentType: "application/x-www-form-urlencoded", body: form.Encode()})
	}
	note := url.Values{"pinned": {"yes"}, "note": {"Checked"}}
	publish := url.Values{"title": {"Priorities 2026"}}
	for _, tc := range []struct {
		who        string
		c          *http.Client
		path       string
		form       url.Values
		wantStatus int
	}{
		{"officer of B, note on A", officerB, "/areas/E06000001/priorities/93701", note, http.StatusForbidden},
		{"officer of B, publish A", officerB, "/areas/E06000001/priorities/publish", publish, http.StatusForbidden},
		{"officer of B, note on B", officerB, "/areas/E06000002/priorities/93701", note, http.StatusSeeOther},
		{"analyst of A, note on A", analystA, "/areas/E06000001/priorities/93701", note, http.StatusSeeOther},
		{"analyst of A, publish A", analystA, "/areas/E06000001/priorities/publish", publish, http.StatusSeeOther},
		{"analyst of A, publish B", analystA, "/areas/E06000002/priorities/publish", publish, http.StatusForbidden},
		{"national analyst, note on A", national, "/areas/E06000001/priorities/93701", note, http.StatusSeeOther},
	} {
		t.Run(tc.who, func(t *testing.T) {
			status, loc, body := post(tc.c, tc.path, tc.form)
			if status != tc.wantStatus {
				t.Errorf("POST %s = %d (Location %q), want %d: %.300s", tc.path, status, loc, tc.wantStatus, body)
			}
		})
	}
	// The priorities page offers the analyst's forms only where they apply.
	for _, tc := range []struct {
		who   string
		c     *http.Client
		offer bool
	}{{"officer of B", officerB, false}, {"analyst of A", analystA, true}, {"national analyst", national, true}} {
		status, _, body := f.do(t, tc.c, probe{method: http.MethodGet, path: "/areas/E06000001/priorities"})
		if offered := strings.Contains(body, `action="/areas/E06000001/priorities/publish"`); status != http.StatusOK || offered != tc.offer {
			t.Errorf("GET Hartlepool's priorities as %s: %d, publish form offered=%v, want %v", tc.who, status, offered, tc.offer)
		}
	}

	// Imports: a Fingertips file with one Hartlepool row and one
	// Middlesbrough row.
	file := "areaname,areacode,indicatorname,indicatorid,age,timeperiod,year_end,value,lowerci95.0limit,upperci95.0limit,count,denominator,valuenote\n" +
		"Hartlepool,E06000001,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,97.98,77.2,122.7,75,79049,\n" +
		"Middlesbrough,E06000002,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,36.74,27,48.9,45,128455,\n"
	upload := func(c *http.Client, file string) (int, string) {
		t.Helper()
		var b strings.Builder
		mw := multipart.NewWriter(&b)
		must(t, mw.WriteField("format", "fingertips"))
		fw, err := mw.CreateFormFile("file", "rows.csv")
		must(t, err)
		_, _ = fw.Write([]byte(file))
		must(t, mw.Close())
		status, _, body := f.do(t, c, probe{method: http.MethodPost, path: "/needs/import", contentType: mw.FormDataContentType(), body: b.String()})
		return status, body
	}
	outsideA := "area E06000001 is outside your partnerships&#39; areas"
	outsideB := "area E06000002 is outside your partnerships&#39; areas"
	status, body := upload(officerB, file)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, outsideA) || strings.Contains(body, outsideB) {
		t.Errorf("officer of B importing A's row: %d, want 422 naming area E06000001 only: %.2000s", status, body)
	}
	status, body = upload(analystA, file)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, outsideB) || strings.Contains(body, outsideA) {
		t.Errorf("analyst of A importing B's row: %d, want 422 naming area E06000002 only: %.2000s", status, body)
	}
	if n, _ := f.srv.Store.CountIndicatorValues(ctx); n != before {
		t.Errorf("%d values stored after refused imports", n-before)
	}
	onlyA := strings.Join(strings.Split(file, "\n")[:2], "\n") + "\n"
	if status, body := upload(analystA, onlyA); status != http.StatusOK || !strings.Contains(body, "Check the import") {
		t.Errorf("analyst of A importing A's row: %d, want the preview: %.500s", status, body)
	}
	if status, body := upload(national, file); status != http.StatusOK || !strings.Contains(body, "Check the import") {
		t.Errorf("national analyst importing both rows: %d, want the preview: %.500s", status, body)
	}
}
