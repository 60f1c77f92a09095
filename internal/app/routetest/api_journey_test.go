package routetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// call sends a JSON request and decodes the response into out (if given),
// failing unless the status is want.
func call(t *testing.T, c *http.Client, method, url, ctype, body string, want int, out any) http.Header {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	must(t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := c.Do(req)
	must(t, err)
	defer res.Body.Close()
	text := readAll(res)
	if res.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d: %.400s", method, url, res.StatusCode, want, text)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(text), out); err != nil {
			t.Fatalf("%s %s: %v: %.200s", method, url, err, text)
		}
	}
	return res.Header
}

// TestAPIJourney sets up a board through the API as Journey 3 does on the
// web: organisations (one by CSV import), a partnership, members, a meeting
// with attendance and a decision with votes; then reads it all back
// anonymously and finds each change in the audit log.
func TestAPIJourney(t *testing.T) {
	checkAPIJourney(t, newFixture(t))
}

// TestAPIJourneyOnPostgres repeats the journey on PostgreSQL.
func TestAPIJourneyOnPostgres(t *testing.T) {
	checkAPIJourney(t, newFixtureOn(t, postgresServer(t)))
}

func checkAPIJourney(t *testing.T, f *fixture) {
	admin, _ := f.srv.As(t, "", 0, true)
	anon := f.srv.Client(t)
	base := f.srv.URL + "/api/v1"
	const js = "application/json"

	var trust struct {
		ID     int64  `json:"id"`
		Sector string `json:"sector"`
	}
	call(t, admin, "POST", base+"/organisations", js,
		`{"name":"North Tees and Hartlepool NHS Foundation Trust","kind":"nhs_trust","ods_code":"rvw","area_codes":["E06000001"]}`,
		http.StatusCreated, &trust)
	if trust.Sector != "nhs" {
		t.Errorf("trust sector = %q, want nhs", trust.Sector)
	}
	var imported struct{ Imported int }
	call(t, admin, "POST", base+"/organisations/import", "text/csv",
		"name,kind,charity_number,area_codes\nHartlepool Carers,voluntary,1050987,E06000001\nCleveland Police,police,,E06000001;E06000002\n",
		http.StatusOK, &imported)
	if imported.Imported != 2 {
		t.Errorf("imported %d, want 2", imported.Imported)
	}

	var orgs struct {
		Items []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
			Kind string `json:"kind"`
		} `json:"items"`
		Total int    `json:"total"`
		Next  string `json:"next"`
	}
	call(t, anon, "GET", base+"/organisations?area=E06000001&per_page=2", "", "", http.StatusOK, &orgs)
	if orgs.Total != 4 || len(orgs.Items) != 2 || orgs.Next == "" {
		t.Fatalf("organisations serving E06000001: total %d, %d items, next %q; want 4, 2 and a next link", orgs.Total, len(orgs.Items), orgs.Next)
	}
	next := orgs.Next
	orgs.Next = ""
	h := call(t, anon, "GET", f.srv.URL+next, "", "", http.StatusOK, &orgs)
	if len(orgs.Items) != 2 || orgs.Next != "" || h.Get("Link") != "" {
		t.Errorf("last page: %d items, next %q, Link %q", len(orgs.Items), orgs.Next, h.Get("Link"))
	}
	call(t, anon, "GET", base+"/organisations?sector=nhs", "", "", http.StatusOK, &orgs)
	if orgs.Total != 1 || orgs.Items[0].ID != trust.ID {
		t.Errorf("sector=nhs gives %+v, want only the trust", orgs.Items)
	}
	var police int64
	call(t, anon, "GET", base+"/organisations?kind=police", "", "", http.StatusOK, &orgs)
	if orgs.Total != 1 {
		t.Fatalf("kind=police total %d", orgs.Total)
	}
	police = orgs.Items[0].ID

	var p struct {
		ID      int64 `json:"id"`
		LeadOrg *struct {
			ID int64 `json:"id"`
		} `json:"lead_org"`
	}
	call(t, admin, "POST", base+"/partnerships", js,
		fmt.Sprintf(`{"name":"Stockton-on-Tees Health and Wellbeing Board","kind":"hwb","area_code":"E06000004","lead_org_id":%d}`, f.org.ID),
		http.StatusCreated, &p)
	officer, _ := f.srv.As(t, "officer", p.ID, false)
	f.srv.CreateUser(t, "bearer-"+itoa(p.ID)+"@example.test", "Bearer User", false)
	partnership := fmt.Sprintf("%s/partnerships/%d", base, p.ID)
	call(t, anon, "GET", partnership, "", "", http.StatusOK, &p)
	if p.LeadOrg == nil || p.LeadOrg.ID != f.org.ID {
		t.Errorf("lead_org = %+v, want %d", p.LeadOrg, f.org.ID)
	}

	var chair, member, gone struct {
		ID int64 `json:"id"`
	}
	call(t, officer, "POST", partnership+"/members", js,
		fmt.Sprintf(`{"person_name":"Sam Chair","org_id":%d,"role":"chair","statutory":true}`, f.org.ID), http.StatusCreated, &chair)
	call(t, officer, "POST", partnership+"/members", js,
		fmt.Sprintf(`{"person_name":"Jo Inspector","org_id":%d,"role":"member"}`, police), http.StatusCreated, &member)
	call(t, officer, "POST", partnership+"/members", js,
		fmt.Sprintf(`{"person_name":"Leaving Soon","org_id":%d,"role":"observer"}`, trust.ID), http.StatusCreated, &gone)
	call(t, officer, "DELETE", fmt.Sprintf("%s/members/%d", partnership, gone.ID), "", "", http.StatusNoContent, nil)

	var members struct {
		Items []struct {
			PersonName string `json:"person_name"`
			Role       string `json:"role"`
		} `json:"items"`
		Total int `json:"total"`
	}
	call(t, anon, "GET", partnership+"/members", "", "", http.StatusOK, &members)
	if members.Total != 2 || members.Items[0].Role != "chair" {
		t.Errorf("members = %+v, want 2 with the chair first", members.Items)
	}

	var meeting struct {
		ID         int64   `json:"id"`
		Attendance []int64 `json:"attendance"`
	}
	call(t, officer, "POST", partnership+"/meetings", js,
		fmt.Sprintf(`{"date":"2026-03-03","agenda":"Better Care Fund plan","attendance":[%d,%d]}`, chair.ID, member.ID),
		http.StatusCreated, &meeting)
	if len(meeting.Attendance) != 2 {
		t.Errorf("attendance = %v", meeting.Attendance)
	}
	var decision struct {
		ID    int64                               `json:"id"`
		Tally struct{ For, Against, Abstain int } `json:"tally"`
	}
	call(t, officer, "POST", partnership+"/decisions", js,
		fmt.Sprintf(`{"text":"Approve the Better Care Fund plan","date":"2026-03-03","meeting_id":%d,"outcome":"vote",
		"votes":[{"member_id":%d,"choice":"for"},{"member_id":%d,"choice":"abstain"}],
		"papers":[{"title":"BCF plan 2026/27","url":"https://example.org/bcf.pdf"}]}`, meeting.ID, chair.ID, member.ID),
		http.StatusCreated, &decision)
	call(t, anon, "GET", fmt.Sprintf("%s/decisions/%d", partnership, decision.ID), "", "", http.StatusOK, &decision)
	if decision.Tally.For != 1 || decision.Tally.Abstain != 1 || decision.Tally.Against != 0 {
		t.Errorf("tally = %+v, want 1 for, 1 abstain", decision.Tally)
	}

	// Every change is in the audit log, newest first, by who made it.
	var log struct {
		Items []struct {
			ActorName string `json:"actor_name"`
			Entity    string `json:"entity"`
			Action    string `json:"action"`
		} `json:"items"`
		Total int `json:"total"`
	}
	call(t, admin, "GET", base+"/audit?per_page=500", "", "", http.StatusOK, &log)
	byEntity := map[string]int{}
	for _, e := range log.Items {
		if e.ActorName != "" && e.ActorName != "system" {
			byEntity[e.Entity]++
		}
	}
	// 3 organisations, 1 partnership, 3 members added + 1 removed, 1
	// meeting, 1 decision were made by signed-in users above.
	if byEntity["organisation"] != 3 || byEntity["partnership"] != 1 || byEntity["meeting"] != 1 || byEntity["decision"] != 1 {
		t.Errorf("audit entries by users per entity = %v", byEntity)
	}

	var me struct {
		Admin bool `json:"admin"`
		Roles []struct {
			PartnershipID int64  `json:"partnership_id"`
			Role          string `json:"role"`
		} `json:"roles"`
	}
	call(t, officer, "GET", base+"/users/me", "", "", http.StatusOK, &me)
	if me.Admin || len(me.Roles) != 1 || me.Roles[0].PartnershipID != p.ID || me.Roles[0].Role != "officer" {
		t.Errorf("users/me = %+v", me)
	}

	// API clients may send the session token as a bearer token instead.
	_, token := f.srv.Login(t, "bearer-"+itoa(p.ID)+"@example.test")
	req, _ := http.NewRequest("GET", base+"/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := anon.Do(req)
	must(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("users/me with a bearer token = %d", res.StatusCode)
	}
	req.Header.Set("Authorization", "Bearer not-a-session")
	res, err = anon.Do(req)
	must(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("users/me with a bad bearer token = %d, want 401", res.StatusCode)
	}
}
