package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// TestBadInputEveryForm sends malformed values to every form: missing
// fields, overlong text, wrong types and unknown codes or IDs. Each must
// get a 4xx page whose error summary links to the field at fault; never a
// 500.
func TestBadInputEveryForm(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	trust, err := srv.Store.CreateOrganisation(ctx, store.System, places.Organisation{Name: "North Tees and Hartlepool NHS Foundation Trust", Kind: places.OrgNHSTrust, ODSCode: "RVW", AreaCodes: []string{"E06000001"}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", AreaType: places.AreaUTLA, Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := srv.Store.AddMember(ctx, store.System, places.Member{PartnershipID: p.ID, PersonName: "Alex Example", OrgID: trust.ID, Role: places.RoleChair, Statutory: true})
	if err != nil {
		t.Fatal(err)
	}
	pid := "/partnerships/" + strconv.FormatInt(p.ID, 10)
	vote := "vote_" + strconv.FormatInt(m.ID, 10)
	long := strings.Repeat("x", 20001)
	longName := strings.Repeat("n", 201)
	admin, _ := srv.As(t, "", 0, true)

	type form = map[string]string
	tests := []struct {
		name   string
		path   string
		values form
		fields []string // each must be linked from the error summary
	}{
		{"sign-in missing", "/sign-in", form{}, []string{"email", "password"}},
		{"sign-in overlong", "/sign-in", form{"email": strings.Repeat("a", 300) + "@example.test", "password": "x"}, []string{"email"}},
		{"sign-in wrong password", "/sign-in", form{"email": "nobody@example.test", "password": "wrong"}, []string{"email"}},

		{"partnership missing", "/admin/partnerships/new", form{}, []string{"kind", "area_code", "name"}},
		{"partnership overlong name", "/admin/partnerships/new", form{"kind": "hwb", "area_code": "E06000001", "name": longName}, []string{"name"}},
		{"partnership wrong kind", "/admin/partnerships/new", form{"kind": "club", "area_code": "E06000001", "name": "A"}, []string{"kind"}},
		{"partnership malformed area", "/admin/partnerships/new", form{"kind": "hwb", "area_code": "Hartlepool", "name": "A"}, []string{"area_code"}},
		{"partnership unknown area", "/admin/partnerships/new", form{"kind": "hwb", "area_code": "E06999999", "name": "A"}, []string{"area_code"}},
		{"partnership unknown lead", "/admin/partnerships/new", form{"kind": "hwb", "area_code": "E06000004", "name": "A", "lead_ods_code": "ZZZ99"}, []string{"lead_ods_code"}},

		{"member missing", pid + "/members/new", form{}, []string{"person_name", "org_id", "role", "statutory"}},
		{"member overlong name", pid + "/members/new", form{"person_name": longName, "org_id": strconv.FormatInt(trust.ID, 10), "role": "member", "statutory": "yes"}, []string{"person_name"}},
		{"member org not a number", pid + "/members/new", form{"person_name": "A", "org_id": "abc", "role": "member", "statutory": "yes"}, []string{"org_id"}},
		{"member unknown org", pid + "/members/new", form{"person_name": "A", "org_id": "999999", "role": "member", "statutory": "yes"}, []string{"org_id"}},
		{"member unknown code", pid + "/members/new", form{"person_name": "A", "ods_code": "ZZZ99", "role": "member", "statutory": "yes"}, []string{"ods_code"}},
		{"member wrong role and statutory", pid + "/members/new", form{"person_name": "A", "ods_code": "RVW", "role": "king", "statutory": "maybe"}, []string{"role", "statutory"}},

		{"meeting missing", pid + "/meetings/new", form{}, []string{"date"}},
		{"meeting date without a year", pid + "/meetings/new", form{"date-day": "12", "date-month": "3"}, []string{"date"}},
		{"meeting date not numbers", pid + "/meetings/new", form{"date-day": "twelve", "date-month": "March", "date-year": "26"}, []string{"date"}},
		{"meeting impossible date", pid + "/meetings/new", form{"date-day": "30", "date-month": "2", "date-year": "2026"}, []string{"date"}},
		{"meeting overlong agenda", pid + "/meetings/new", form{"date-day": "12", "date-month": "3", "date-year": "2026", "agenda": long}, []string{"agenda"}},
		{"meeting attendance not a number", pid + "/meetings/new", form{"date-day": "12", "date-month": "3", "date-year": "2026", "attendance": "abc"}, []string{"attendance"}},
		{"meeting unknown attendee", pid + "/meetings/new", form{"date-day": "12", "date-month": "3", "date-year": "2026", "attendance": "999999"}, []string{"attendance"}},

		{"decision missing", pid + "/decisions/new", form{}, []string{"text", "date", "outcome"}},
		{"decision overlong text", pid + "/decisions/new", form{"text": long, "date-day": "12", "date-month": "3", "date-year": "2026", "outcome": "consensus"}, []string{"text"}},
		{"decision vote without votes", pid + "/decisions/new", form{"text": "A", "date-day": "12", "date-month": "3", "date-year": "2026", "outcome": "vote"}, []string{"votes"}},
		{"decision wrong vote", pid + "/decisions/new", form{"text": "A", "date-day": "12", "date-month": "3", "date-year": "2026", "outcome": "vote", vote: "maybe"}, []string{vote}},
		{"decision wrong outcome", pid + "/decisions/new", form{"text": "A", "date-day": "12", "date-month": "3", "date-year": "2026", "outcome": "coin"}, []string{"outcome"}},
		{"decision meeting not a number", pid + "/decisions/new", form{"text": "A", "date-day": "12", "date-month": "3", "date-year": "2026", "outcome": "consensus", "meeting_id": "abc"}, []string{"meeting_id"}},
		{"decision unknown meeting", pid + "/decisions/new", form{"text": "A", "date-day": "12", "date-month": "3", "date-year": "2026", "outcome": "consensus", "meeting_id": "999999"}, []string{"meeting_id"}},
		{"decision bad paper", pid + "/decisions/new", form{"text": "A", "date-day": "12", "date-month": "3", "date-year": "2026", "outcome": "consensus", "paper_title_1": "Paper", "paper_url_1": "javascript:alert(1)"}, []string{"paper_url_1"}},
		{"decision paper without title", pid + "/decisions/new", form{"text": "A", "date-day": "12", "date-month": "3", "date-year": "2026", "outcome": "consensus", "paper_url_2": "https://example.org/a.pdf"}, []string{"paper_title_2"}},

		{"organisation missing", "/admin/organisations/new", form{}, []string{"name", "kind"}},
		{"organisation overlong name", "/admin/organisations/new", form{"name": longName, "kind": "police"}, []string{"name"}},
		{"organisation wrong kind", "/admin/organisations/new", form{"name": "A", "kind": "spaceship"}, []string{"kind"}},
		{"organisation bad codes", "/admin/organisations/new", form{"name": "A", "kind": "nhs_trust", "ods_code": "not a code", "ons_code": "X1", "school_urn": "12", "charity_number": "abc"}, []string{"ods_code", "ons_code", "school_urn", "charity_number"}},
		{"organisation unknown area", "/admin/organisations/new", form{"name": "A", "kind": "police", "area_codes": "E06999999"}, []string{"area_codes"}},
		{"organisation duplicate ODS code", "/admin/organisations/new", form{"name": "A", "kind": "nhs_trust", "ods_code": "RVW"}, []string{"ods_code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{}
			for k, val := range tt.values {
				v.Set(k, val)
			}
			c := admin
			if tt.path == "/sign-in" {
				c = srv.Client(t)
			}
			resp, err := c.PostForm(srv.URL+tt.path, v)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			checkNamed(t, resp.StatusCode, body, tt.fields)
		})
	}

	t.Run("import without a file", func(t *testing.T) {
		resp := postFile(t, admin, srv.URL+"/admin/organisations/import", "", "")
		checkNamed(t, resp.status, resp.body, []string{"file"})
	})
	t.Run("import with bad rows", func(t *testing.T) {
		resp := postFile(t, admin, srv.URL+"/admin/organisations/import", "orgs.csv",
			"name,kind,ods_code,area_codes\nGood,police,,E06000001\n,voluntary,,\nBad,nhs_trust,not a code,\nElsewhere,police,,E06999999\n")
		checkNamed(t, resp.status, resp.body, []string{"file"})
		for _, want := range []string{"row-errors", ">3<", "name", ">4<", "ods_code"} {
			if !strings.Contains(resp.body, want) {
				t.Errorf("row report lacks %q", want)
			}
		}
		n, _, err := srv.Store.ListOrganisations(ctx, store.OrgFilter{Query: "Good"})
		if err != nil || len(n) != 0 {
			t.Errorf("a bad file imported some rows: %v %v", n, err)
		}
	})
	t.Run("import with an unknown area", func(t *testing.T) {
		resp := postFile(t, admin, srv.URL+"/admin/organisations/import", "orgs.csv", "name,kind,area_codes\nElsewhere,police,E06999999\n")
		checkNamed(t, resp.status, resp.body, []string{"file"})
		if !strings.Contains(resp.body, "E06999999") || !strings.Contains(resp.body, `<td class="govuk-table__cell govuk-table__cell--numeric">2</td>`) {
			t.Errorf("the report does not name the unknown area code at row 2:\n%s", resp.body[strings.Index(resp.body, "<main"):])
		}
	})
	t.Run("import not CSV", func(t *testing.T) {
		resp := postFile(t, admin, srv.URL+"/admin/organisations/import", "orgs.csv", "name,kind\n\"unterminated,police\n")
		checkNamed(t, resp.status, resp.body, []string{"file"})
	})

	// GET forms and query parameters.
	for _, tt := range []struct {
		path  string
		field string
	}{
		{"/search?q=", "q"},
		{"/search?q=" + strings.Repeat("a", 101), "q"},
		{"/organisations?kind=spaceship", "kind"},
		{"/organisations?sector=space", "sector"},
		{"/national?led_by=aliens", "led_by"},
	} {
		t.Run("GET "+tt.path, func(t *testing.T) {
			resp, err := admin.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			checkNamed(t, resp.StatusCode, readBody(t, resp), []string{tt.field})
		})
	}
	for _, tt := range []struct {
		path, word string
		status     int
	}{
		{"/organisations?page=-1", "page", 400},
		{"/national?sort=colour", "sort", 400},
		{"/national?order=sideways", "order", 400},
		{"/areas?type=bogus", "type", 400},
		{"/areas?type=utla&page=abc", "page", 400},
		{"/national.csv?sort=colour", "sort", 400},
		{"/partnerships?page=0", "page", 400},
		{"/admin/audit?page=x", "page", 400},
		{"/partnerships/999999/members/new", "", 404},
		{"/partnerships/abc", "", 404},
		{"/organisations/-1", "", 404},
		{"/areas/utla/not-a-code", "", 404},
	} {
		t.Run("GET "+tt.path, func(t *testing.T) {
			resp, err := admin.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.word != "" && !strings.Contains(body, "("+tt.word+")") {
				t.Errorf("the message does not name %q", tt.word)
			}
		})
	}
	t.Run("oversized form body", func(t *testing.T) {
		resp, err := admin.Post(srv.URL+pid+"/decisions/new", "application/x-www-form-urlencoded", strings.NewReader("text="+strings.Repeat("x", 2<<20)))
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("status %d, want 4xx", resp.StatusCode)
		}
	})
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkNamed asserts a 4xx page whose error summary links to each field.
func checkNamed(t *testing.T, status int, body string, fields []string) {
	t.Helper()
	if status < 400 || status >= 500 {
		t.Fatalf("status %d, want 4xx\n%s", status, snippet(body))
	}
	if !strings.Contains(body, "govuk-error-summary") {
		t.Fatalf("no error summary\n%s", snippet(body))
	}
	for _, f := range fields {
		link := f
		if f == "date" {
			link = "date-day" // the GOV.UK date input links to its first box
			if strings.Contains(body, `href="#date-year"`) {
				link = "date-year"
			}
		}
		if !strings.Contains(body, `href="#`+link+`"`) {
			t.Errorf("error summary does not link to #%s\n%s", f, errorSummary(body))
		}
		if !strings.Contains(body, `id="`+f+`-error"`) && f != "votes" {
			t.Errorf("field %s shows no error message", f)
		}
	}
}

func errorSummary(body string) string {
	i := strings.Index(body, "govuk-error-summary__list")
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</ul>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

type fileResponse struct {
	status int
	body   string
}

// postFile sends a multipart form with the file (none when name is "").
func postFile(t *testing.T, c *http.Client, target, name, content string) fileResponse {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.Close()
	resp, err := c.Post(target, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return fileResponse{resp.StatusCode, readBody(t, resp)}
}
