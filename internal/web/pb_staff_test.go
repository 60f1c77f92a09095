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
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// TestPBStaffPages: an officer sets a process up through the pages (with a
// mistake first), adds and reviews projects, opens voting, makes codes;
// a ballot comes on paper and the same officer may not check it, a second
// officer accepts it; the close counts; an override with its reason is
// published on the results page.
func TestPBStaffPages(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	part, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	officer, _ := srv.As(t, auth.RoleOfficer, part.ID, false)
	second, _ := srv.As(t, auth.RoleOfficer, part.ID, false)
	resident, _ := srv.As(t, auth.RoleResident, part.ID, false)
	post := func(c *http.Client, path string, v url.Values) (*http.Response, string) {
		t.Helper()
		return postForm(t, c, srv.URL, path, v, "")
	}
	expect := func(status int, body string, want int, wants ...string) {
		t.Helper()
		if status != want {
			t.Fatalf("status %d, want %d:\n%.3000s", status, want, body)
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("page lacks %q", w)
			}
		}
	}
	newPath := "/partnerships/" + strconv.FormatInt(part.ID, 10) + "/pb/new"
	status, body := get(t, officer, srv.URL, newPath)
	expect(status, body, 200, `name="pot"`, `value="mes-add1"`, `name="eligibility"`)
	status, _ = get(t, resident, srv.URL, newPath)
	if status != http.StatusForbidden {
		t.Errorf("resident opens the new-process form: %d", status)
	}

	form := url.Values{"title": {"Seaton Carew Fund"}, "pot": {"£10,000.505"}, "rule": {"mes-add1"}, "ballot_type": {"approval"},
		"min_projects": {"3"}, "max_projects": {"2"}, "eligibility": {"codes", "assisted"}}
	resp, body := post(officer, newPath, form)
	expect(resp.StatusCode, body, 422, `href="#pot"`, "two digits after the point")
	form.Set("pot", "£10,000")
	resp, body = post(officer, newPath, form)
	expect(resp.StatusCode, body, 422, `href="#max_projects"`, "The maximum cannot be below the minimum")
	form.Set("min_projects", "1")
	resp, _ = post(officer, newPath, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	manage := resp.Header.Get("Location")
	m := regexp.MustCompile(`^/pb/(\d+)/manage`).FindStringSubmatch(manage)
	if m == nil {
		t.Fatalf("created, sent to %q", manage)
	}
	base := "/pb/" + m[1]
	id, _ := strconv.ParseInt(m[1], 10, 64)
	status, body = get(t, officer, srv.URL, manage)
	expect(status, body, 200, "saved as a draft", "Open voting", `href="`+base+`/projects/new"`)

	// Projects: one with a mistake, then three, one not feasible.
	resp, body = post(officer, base+"/projects/new", url.Values{"project_code": {"a b"}, "title": {"Dune path"}, "cost": {"4000"}, "feasible": {"no"}})
	expect(resp.StatusCode, body, 422, `href="#project_code"`, `href="#reason"`)
	for _, p := range []url.Values{
		{"project_code": {"path"}, "title": {"Dune path"}, "cost": {"4,000"}, "feasible": {"yes"}},
		{"project_code": {"bench"}, "title": {"Seafront benches"}, "cost": {"2,500"}, "feasible": {"yes"}},
		{"project_code": {"pier"}, "title": {"New pier"}, "cost": {"900,000"}, "feasible": {"no"}, "reason": {"far beyond the pot"}},
		{"project_code": {"art"}, "title": {"Mural"}, "cost": {"3,000"}},
	} {
		resp, body := post(officer, base+"/projects/new", p)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add %s: %d\n%.2000s", p.Get("project_code"), resp.StatusCode, body)
		}
	}
	proc, err := srv.Store.PBProcess(ctx, id)
	if err != nil || len(proc.Projects) != 4 {
		t.Fatalf("process %+v %v", proc, err)
	}
	// Review the mural as feasible through its page.
	art := proc.Projects[3]
	resp, _ = post(officer, base+"/projects/"+strconv.FormatInt(art.ID, 10), url.Values{"title": {"Mural"}, "cost": {"3000"}, "feasible": {"yes"}, "reason": {"wall owner agrees"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d", resp.StatusCode)
	}
	resp, _ = post(officer, base+"/open", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d", resp.StatusCode)
	}
	status, body = get(t, officer, srv.URL, base+"/edit")
	expect(status, body, 409, "can no longer change")
	resp, body = post(officer, base+"/codes", url.Values{"count": {"3"}})
	expect(resp.StatusCode, body, 200, "3 voting codes", "shown only once")
	codes := regexp.MustCompile(`<li>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</li>`).FindAllStringSubmatch(body, -1)
	if len(codes) != 3 {
		t.Fatalf("codes on the page: %v", codes)
	}

	// A paper ballot with the first code: the officer who entered it may
	// not check it; a second officer accepts it and it counts.
	resp, body = post(officer, base+"/paper", url.Values{"channel": {"paper"}, "code": {codes[0][1]}, "projects": {"path", "bench", "art"}})
	expect(resp.StatusCode, body, 422, "Your ballot breaks the maximum number of projects")
	resp, _ = post(officer, base+"/paper", url.Values{"channel": {"paper"}, "code": {codes[0][1]}, "projects": {"path", "bench"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("enter paper ballot: %d", resp.StatusCode)
	}
	pending, err := srv.Store.PBPaperBallots(ctx, id, "pending")
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending %v %v", pending, err)
	}
	check := base + "/paper/" + strconv.FormatInt(pending[0].ID, 10) + "/check"
	status, body = get(t, officer, srv.URL, base+"/paper")
	expect(status, body, 200, "You entered it: another officer must check it", "Seafront benches, Dune path")
	resp, body = post(officer, check, url.Values{"decision": {"accept"}})
	expect(resp.StatusCode, body, 409, "another officer must check it")
	resp, _ = post(second, check, url.Values{"decision": {"accept"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second officer's check: %d", resp.StatusCode)
	}
	status, body = get(t, officer, srv.URL, manage)
	expect(status, body, 200, "1 people have voted")
	// The same code cannot then vote online.
	resp, body = post(srv.Client(t), base+"/ballot", url.Values{"code": {codes[0][1]}, "action": {"submit"}, "projects": {"art"}})
	expect(resp.StatusCode, body, 409, "A ballot has already been cast with this code")
	if _, err := budgeting.Vote(ctx, srv.Store, id, budgeting.Proof{Code: codes[1][1]}, budgeting.Choices{Projects: []string{"art", "path"}}, ""); err != nil {
		t.Fatal(err)
	}

	resp, _ = post(officer, base+"/close", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != base+"/results" {
		t.Fatalf("close: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	status, body = get(t, srv.Client(t), srv.URL, base+"/results")
	expect(status, body, 200, "2 people voted", "Dune path")
	resp, body = post(officer, base+"/override", url.Values{"winners": {"bench", "art"}})
	expect(resp.StatusCode, body, 422, `href="#reason"`)
	resp, _ = post(officer, base+"/override", url.Values{"winners": {"bench", "art"}, "reason": {"The dune path needs a licence we cannot get before 2028."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("override: %d", resp.StatusCode)
	}
	status, body = get(t, srv.Client(t), srv.URL, base+"/results")
	expect(status, body, 200, "staff changed the result of the count", "The dune path needs a licence we cannot get before 2028.",
		"staff decided not to")
}
