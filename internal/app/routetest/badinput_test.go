package routetest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/api"
)

// badCase is one malformed request and what the API must say about it.
type badCase struct {
	route  string // the API route it exercises, "METHOD /api/v1/…"
	name   string
	path   string // concrete path and query; {p}, {org}, {m}, {d}, {om} are filled from the fixture
	ctype  string // default application/json when body is set
	body   string
	status int
	field  string // an errors[] entry must have this location
}

// noInput lists API routes that take no input at all, so there is nothing
// malformed to send; every other route needs cases below.
var noInput = map[string]string{
	"GET /api/v1/openapi.json":  "no parameters or body",
	"GET /api/v1/users/me":      "no parameters or body",
	"GET /api/v1/users/me/data": "no parameters or body: the signed-in user's own data",
}

// moduleBadCases holds each later module's malformed requests. A module adds
// its own from an init function in its own file (badinput_<module>_test.go),
// so voice, money and PB never edit one shared list.
var moduleBadCases []func(t *testing.T, f *fixture) []badCase

var (
	long201   = strings.Repeat("a", 201)
	long20001 = strings.Repeat("a", 20001)
)

func badCases() []badCase {
	const (
		areas = "GET /api/v1/areas"
		area  = "GET /api/v1/areas/{code}"
		bound = "GET /api/v1/areas/{code}/boundary"
		orgs  = "GET /api/v1/organisations"
		org   = "GET /api/v1/organisations/{id}"
		newO  = "POST /api/v1/organisations"
		putO  = "PUT /api/v1/organisations/{id}"
		imp   = "POST /api/v1/organisations/import"
		ps    = "GET /api/v1/partnerships"
		p     = "GET /api/v1/partnerships/{id}"
		newP  = "POST /api/v1/partnerships"
		mems  = "GET /api/v1/partnerships/{id}/members"
		addM  = "POST /api/v1/partnerships/{id}/members"
		delM  = "DELETE /api/v1/partnerships/{id}/members/{member_id}"
		mtgs  = "GET /api/v1/partnerships/{id}/meetings"
		newMt = "POST /api/v1/partnerships/{id}/meetings"
		decs  = "GET /api/v1/partnerships/{id}/decisions"
		newD  = "POST /api/v1/partnerships/{id}/decisions"
		dec   = "GET /api/v1/partnerships/{id}/decisions/{decision_id}"
		nat   = "GET /api/v1/national/footprints"
		aud   = "GET /api/v1/audit"
		inds  = "GET /api/v1/indicators"
		indD  = "GET /api/v1/indicators/{id}/data"
		prof  = "GET /api/v1/areas/{code}/profile"
		roles = "GET /api/v1/partnerships/{id}/roles"
		grant = "POST /api/v1/partnerships/{id}/roles"
		revk  = "DELETE /api/v1/partnerships/{id}/roles/{user_id}"
	)
	validOrg := `"name":"Tees Valley Carers","kind":"voluntary"`
	return []badCase{
		{areas, "unknown type", "/api/v1/areas?type=county", "", "", 422, "query.type"},
		{areas, "page zero", "/api/v1/areas?page=0", "", "", 422, "query.page"},
		{areas, "page not a number", "/api/v1/areas?page=two", "", "", 422, "query.page"},
		{areas, "per_page too big", "/api/v1/areas?per_page=100000", "", "", 422, "query.per_page"},
		{areas, "per_page negative", "/api/v1/areas?per_page=-5", "", "", 422, "query.per_page"},
		{areas, "overlong q", "/api/v1/areas?q=" + long201, "", "", 422, "query.q"},
		{areas, "impossible valid_on", "/api/v1/areas?type=utla&valid_on=2021-02-30", "", "", 422, "query.valid_on"},
		{areas, "valid_on not a date", "/api/v1/areas?valid_on=yesterday", "", "", 422, "query.valid_on"},
		{areas, "unknown parent", "/api/v1/areas?parent=E06999999", "", "", 422, "query.parent"},

		{area, "unknown code", "/api/v1/areas/E06999999", "", "", 404, "path.code"},
		{area, "overlong code", "/api/v1/areas/E0600000123", "", "", 422, "path.code"},
		{area, "unknown type", "/api/v1/areas/E06000001?type=parish", "", "", 422, "query.type"},
		{area, "code of another type", "/api/v1/areas/E06000001?type=icb", "", "", 404, "path.code"},

		{bound, "unknown code", "/api/v1/areas/E06999999/boundary", "", "", 404, "path.code"},
		{bound, "no boundary held", "/api/v1/areas/E54000008/boundary?type=stp", "", "", 404, "path.code"},
		{bound, "unknown type", "/api/v1/areas/E06000001/boundary?type=ward", "", "", 422, "query.type"},

		{orgs, "unknown kind", "/api/v1/organisations?kind=charity", "", "", 422, "query.kind"},
		{orgs, "unknown sector", "/api/v1/organisations?sector=public", "", "", 422, "query.sector"},
		{orgs, "overlong area", "/api/v1/organisations?area=E060000011234", "", "", 422, "query.area"},
		{orgs, "unknown area", "/api/v1/organisations?area=E06999999", "", "", 422, "query.area"},
		{orgs, "overlong q", "/api/v1/organisations?q=" + long201, "", "", 422, "query.q"},
		{orgs, "page not a number", "/api/v1/organisations?page=x", "", "", 422, "query.page"},

		{org, "id not a number", "/api/v1/organisations/abc", "", "", 422, "path.id"},
		{org, "id zero", "/api/v1/organisations/0", "", "", 422, "path.id"},
		{org, "id overflows", "/api/v1/organisations/99999999999999999999", "", "", 422, "path.id"},
		{org, "negative id", "/api/v1/organisations/-3", "", "", 422, "path.id"},
		{org, "unknown id", "/api/v1/organisations/999999", "", "", 404, "path.id"},

		{newO, "malformed JSON", "/api/v1/organisations", "", `{"name":`, 400, "body"},
		{newO, "empty body", "/api/v1/organisations", "", "", 400, "body"},
		{newO, "missing name", "/api/v1/organisations", "", `{"kind":"voluntary"}`, 422, "body.name"},
		{newO, "blank name", "/api/v1/organisations", "", `{"name":"   ","kind":"voluntary"}`, 422, "body.name"},
		{newO, "missing kind", "/api/v1/organisations", "", `{"name":"Tees Valley Carers"}`, 422, "body.kind"},
		{newO, "overlong name", "/api/v1/organisations", "", `{"name":"` + long201 + `","kind":"voluntary"}`, 422, "body.name"},
		{newO, "name wrong type", "/api/v1/organisations", "", `{"name":42,"kind":"voluntary"}`, 422, "body.name"},
		{newO, "unknown kind", "/api/v1/organisations", "", `{"name":"X","kind":"charity"}`, 422, "body.kind"},
		{newO, "bad ODS code", "/api/v1/organisations", "", `{` + validOrg + `,"ods_code":"R-1"}`, 422, "body.ods_code"},
		{newO, "ODS code already registered", "/api/v1/organisations", "", `{"name":"Another trust","kind":"nhs_trust","ods_code":"RVW"}`, 422, "body.ods_code"},
		{newO, "bad ONS code", "/api/v1/organisations", "", `{` + validOrg + `,"ons_code":"X123"}`, 422, "body.ons_code"},
		{newO, "unknown area code", "/api/v1/organisations", "", `{` + validOrg + `,"area_codes":["E06999999"]}`, 422, "body.area_codes"},
		{newO, "area codes not a list", "/api/v1/organisations", "", `{` + validOrg + `,"area_codes":"E06000001"}`, 422, "body.area_codes"},
		{newO, "unknown property", "/api/v1/organisations", "", `{` + validOrg + `,"colour":"blue"}`, 422, "body.colour"},
		{newO, "wrong content type", "/api/v1/organisations", "application/xml", `<org name="x"/>`, 415, "body"},
		{newO, "body too large", "/api/v1/organisations", "", `{"name":"` + strings.Repeat("a", 2<<20) + `","kind":"voluntary"}`, 413, "body"},
		{newO, "not an object", "/api/v1/organisations", "", `[1,2]`, 422, "body"},

		{putO, "id not a number", "/api/v1/organisations/abc", "", `{` + validOrg + `}`, 422, "path.id"},
		{putO, "unknown id", "/api/v1/organisations/999999", "", `{` + validOrg + `}`, 404, "path.id"},
		{putO, "missing name", "/api/v1/organisations/{org}", "", `{"kind":"voluntary"}`, 422, "body.name"},
		{putO, "overlong charity number", "/api/v1/organisations/{org}", "", `{` + validOrg + `,"charity_number":"123456789012"}`, 422, "body.charity_number"},
		{putO, "malformed JSON", "/api/v1/organisations/{org}", "", `{"name" "x"}`, 400, "body"},

		{imp, "empty file", "/api/v1/organisations/import", "text/csv", "", 400, "body"},
		{imp, "header without kind", "/api/v1/organisations/import", "text/csv", "name\nTees Valley Carers\n", 422, "body[1]"},
		{imp, "unknown column", "/api/v1/organisations/import", "text/csv", "name,kind,colour\nX,voluntary,blue\n", 422, "body[1][3]"},
		{imp, "row missing name", "/api/v1/organisations/import", "text/csv", "name,kind\n,voluntary\n", 422, "body[2].name"},
		{imp, "row unknown kind", "/api/v1/organisations/import", "text/csv", "name,kind\nA,voluntary\nB,charity\n", 422, "body[3].kind"},
		{imp, "row overlong name", "/api/v1/organisations/import", "text/csv", "name,kind\n" + long201 + ",voluntary\n", 422, "body[2].name"},
		{imp, "row unknown area", "/api/v1/organisations/import", "text/csv", "name,kind,area_codes\nA,voluntary,E06999999\n", 422, "body[2].area_codes"},
		{imp, "duplicate ODS code", "/api/v1/organisations/import", "text/csv", "name,kind,ods_code\nA,nhs_trust,RZZ01\nB,nhs_trust,RZZ01\n", 422, "body[3].ods_code"},
		{imp, "malformed CSV", "/api/v1/organisations/import", "text/csv", "name,kind\n\"A,voluntary\n", 422, "body[2]"},

		{ps, "unknown kind", "/api/v1/partnerships?kind=club", "", "", 422, "query.kind"},
		{ps, "overlong area", "/api/v1/partnerships?area=E060000011234", "", "", 422, "query.area"},
		{ps, "unknown area", "/api/v1/partnerships?area=W06999999", "", "", 422, "query.area"},
		{ps, "per_page zero", "/api/v1/partnerships?per_page=0", "", "", 422, "query.per_page"},

		{p, "id not a number", "/api/v1/partnerships/one", "", "", 422, "path.id"},
		{p, "unknown id", "/api/v1/partnerships/999999", "", "", 404, "path.id"},

		{newP, "malformed JSON", "/api/v1/partnerships", "", `{`, 400, "body"},
		{newP, "missing name", "/api/v1/partnerships", "", `{"kind":"hwb","area_code":"E06000003"}`, 422, "body.name"},
		{newP, "missing area", "/api/v1/partnerships", "", `{"name":"B","kind":"hwb"}`, 422, "body.area_code"},
		{newP, "overlong name", "/api/v1/partnerships", "", `{"name":"` + long201 + `","kind":"hwb","area_code":"E06000003"}`, 422, "body.name"},
		{newP, "unknown kind", "/api/v1/partnerships", "", `{"name":"B","kind":"club","area_code":"E06000003"}`, 422, "body.kind"},
		{newP, "unknown area code", "/api/v1/partnerships", "", `{"name":"B","kind":"hwb","area_code":"E06999999"}`, 422, "body.area_code"},
		{newP, "area of the wrong type", "/api/v1/partnerships", "", `{"name":"B","kind":"hwb","area_code":"E12000001"}`, 422, "body.area_code"},
		{newP, "unknown lead organisation", "/api/v1/partnerships", "", `{"name":"B","kind":"hwb","area_code":"E06000003","lead_org_id":999999}`, 422, "body.lead_org_id"},
		{newP, "lead organisation wrong type", "/api/v1/partnerships", "", `{"name":"B","kind":"hwb","area_code":"E06000003","lead_org_id":"one"}`, 422, "body.lead_org_id"},

		{mems, "id not a number", "/api/v1/partnerships/x/members", "", "", 422, "path.id"},
		{mems, "unknown id", "/api/v1/partnerships/999999/members", "", "", 404, "path.id"},
		{mems, "page zero", "/api/v1/partnerships/{p}/members?page=0", "", "", 422, "query.page"},

		{addM, "unknown partnership", "/api/v1/partnerships/999999/members", "", `{"person_name":"A","org_id":{org},"role":"member"}`, 404, "path.id"},
		{addM, "malformed JSON", "/api/v1/partnerships/{p}/members", "", `{"person_name":}`, 400, "body"},
		{addM, "missing person", "/api/v1/partnerships/{p}/members", "", `{"org_id":{org},"role":"member"}`, 422, "body.person_name"},
		{addM, "overlong person", "/api/v1/partnerships/{p}/members", "", `{"person_name":"` + long201 + `","org_id":{org},"role":"member"}`, 422, "body.person_name"},
		{addM, "unknown organisation", "/api/v1/partnerships/{p}/members", "", `{"person_name":"A","org_id":999999,"role":"member"}`, 422, "body.org_id"},
		{addM, "organisation wrong type", "/api/v1/partnerships/{p}/members", "", `{"person_name":"A","org_id":"RVW","role":"member"}`, 422, "body.org_id"},
		{addM, "unknown role", "/api/v1/partnerships/{p}/members", "", `{"person_name":"A","org_id":{org},"role":"king"}`, 422, "body.role"},
		{addM, "organisation id overflows", "/api/v1/partnerships/{p}/members", "", `{"person_name":"A","org_id":1e30,"role":"member"}`, 422, "body.org_id"},
		{addM, "organisation id fractional", "/api/v1/partnerships/{p}/members", "", `{"person_name":"A","org_id":1.5,"role":"member"}`, 422, "body.org_id"},
		{addM, "statutory wrong type", "/api/v1/partnerships/{p}/members", "", `{"person_name":"A","org_id":{org},"role":"member","statutory":"yes"}`, 422, "body.statutory"},

		{roles, "id not a number", "/api/v1/partnerships/x/roles", "", "", 422, "path.id"},
		{roles, "unknown id", "/api/v1/partnerships/999999/roles", "", "", 404, "path.id"},
		{roles, "page zero", "/api/v1/partnerships/{p}/roles?page=0", "", "", 422, "query.page"},
		{grant, "malformed JSON", "/api/v1/partnerships/{p}/roles", "", `{"email":}`, 400, "body"},
		{grant, "unknown partnership", "/api/v1/partnerships/999999/roles", "", `{"email":"a@example.test","role":"analyst"}`, 404, "path.id"},
		{grant, "missing email", "/api/v1/partnerships/{p}/roles", "", `{"role":"analyst"}`, 422, "body.email"},
		{grant, "overlong email", "/api/v1/partnerships/{p}/roles", "", `{"email":"` + strings.Repeat("a", 255) + `","role":"analyst"}`, 422, "body.email"},
		{grant, "unknown account", "/api/v1/partnerships/{p}/roles", "", `{"email":"nobody@example.test","role":"analyst"}`, 422, "body.email"},
		{grant, "unknown role", "/api/v1/partnerships/{p}/roles", "", `{"email":"a@example.test","role":"king"}`, 422, "body.role"},
		{revk, "user id not a number", "/api/v1/partnerships/{p}/roles/abc", "", "", 422, "path.user_id"},
		{revk, "unknown partnership", "/api/v1/partnerships/999999/roles/1", "", "", 404, "path.id"},
		{revk, "no role there", "/api/v1/partnerships/{p}/roles/999999", "", "", 404, "path.user_id"},

		{delM, "member id not a number", "/api/v1/partnerships/{p}/members/abc", "", "", 422, "path.member_id"},
		{delM, "unknown member", "/api/v1/partnerships/{p}/members/999999", "", "", 404, "path.member_id"},
		{delM, "member of another partnership", "/api/v1/partnerships/{p}/members/{om}", "", "", 404, "path.member_id"},

		{mtgs, "id not a number", "/api/v1/partnerships/x/meetings", "", "", 422, "path.id"},
		{mtgs, "unknown id", "/api/v1/partnerships/999999/meetings", "", "", 404, "path.id"},

		{newMt, "malformed JSON", "/api/v1/partnerships/{p}/meetings", "", `{"date":"2026-01-01",}`, 400, "body"},
		{newMt, "missing date", "/api/v1/partnerships/{p}/meetings", "", `{"agenda":"A"}`, 422, "body.date"},
		{newMt, "impossible date", "/api/v1/partnerships/{p}/meetings", "", `{"date":"2026-02-30"}`, 422, "body.date"},
		{newMt, "overlong agenda", "/api/v1/partnerships/{p}/meetings", "", `{"date":"2026-01-01","agenda":"` + long20001 + `"}`, 422, "body.agenda"},
		{newMt, "attendance wrong type", "/api/v1/partnerships/{p}/meetings", "", `{"date":"2026-01-01","attendance":"all"}`, 422, "body.attendance"},
		{newMt, "unknown attendee", "/api/v1/partnerships/{p}/meetings", "", `{"date":"2026-01-01","attendance":[999999]}`, 422, "body.attendance"},
		{newMt, "attendee of another board", "/api/v1/partnerships/{p}/meetings", "", `{"date":"2026-01-01","attendance":[{om}]}`, 422, "body.attendance"},

		{decs, "id not a number", "/api/v1/partnerships/x/decisions", "", "", 422, "path.id"},
		{decs, "unknown id", "/api/v1/partnerships/999999/decisions", "", "", 404, "path.id"},

		{newD, "malformed JSON", "/api/v1/partnerships/{p}/decisions", "", `text=agreed`, 400, "body"},
		{newD, "missing text", "/api/v1/partnerships/{p}/decisions", "", `{"date":"2026-01-01","outcome":"consensus"}`, 422, "body.text"},
		{newD, "overlong text", "/api/v1/partnerships/{p}/decisions", "", `{"text":"` + long20001 + `","date":"2026-01-01","outcome":"consensus"}`, 422, "body.text"},
		{newD, "bad date", "/api/v1/partnerships/{p}/decisions", "", `{"text":"T","date":"01/01/2026","outcome":"consensus"}`, 422, "body.date"},
		{newD, "unknown outcome", "/api/v1/partnerships/{p}/decisions", "", `{"text":"T","date":"2026-01-01","outcome":"coin toss"}`, 422, "body.outcome"},
		{newD, "vote without votes", "/api/v1/partnerships/{p}/decisions", "", `{"text":"T","date":"2026-01-01","outcome":"vote"}`, 422, "body.votes"},
		{newD, "unknown vote choice", "/api/v1/partnerships/{p}/decisions", "", `{"text":"T","date":"2026-01-01","outcome":"vote","votes":[{"member_id":{m},"choice":"maybe"}]}`, 422, "body.votes[0].choice"},
		{newD, "voter not on the board", "/api/v1/partnerships/{p}/decisions", "", `{"text":"T","date":"2026-01-01","outcome":"vote","votes":[{"member_id":999999,"choice":"for"}]}`, 422, "body.votes[0].member_id"},
		{newD, "votes wrong type", "/api/v1/partnerships/{p}/decisions", "", `{"text":"T","date":"2026-01-01","outcome":"vote","votes":{"a":1}}`, 422, "body.votes"},
		{newD, "paper without address", "/api/v1/partnerships/{p}/decisions", "", `{"text":"T","date":"2026-01-01","outcome":"consensus","papers":[{"title":"Report","url":"not a url"}]}`, 422, "body.papers[0].url"},
		{newD, "unknown meeting", "/api/v1/partnerships/{p}/decisions", "", `{"text":"T","date":"2026-01-01","outcome":"consensus","meeting_id":999999}`, 422, "body.meeting_id"},
		{newD, "unknown partnership", "/api/v1/partnerships/999999/decisions", "", `{"text":"T","date":"2026-01-01","outcome":"consensus"}`, 404, "path.id"},

		{dec, "decision id not a number", "/api/v1/partnerships/{p}/decisions/first", "", "", 422, "path.decision_id"},
		{dec, "unknown decision", "/api/v1/partnerships/{p}/decisions/999999", "", "", 404, "path.decision_id"},
		{dec, "decision of another partnership", "/api/v1/partnerships/{op}/decisions/{d}", "", "", 404, "path.decision_id"},

		{nat, "page not a number", "/api/v1/national/footprints?page=last", "", "", 422, "query.page"},
		{nat, "per_page zero", "/api/v1/national/footprints?per_page=0", "", "", 422, "query.per_page"},

		{aud, "page not a number", "/api/v1/audit?page=x", "", "", 422, "query.page"},
		{aud, "entity id without entity", "/api/v1/audit?entity_id=3", "", "", 422, "query.entity"},
		{aud, "overlong entity", "/api/v1/audit?entity=" + long201, "", "", 422, "query.entity"},

		// Needs (internal/api/needs_*.go).
		{inds, "page zero", "/api/v1/indicators?page=0", "", "", 422, "query.page"},
		{inds, "unknown has_data", "/api/v1/indicators?has_data=maybe", "", "", 422, "query.has_data"},
		{inds, "overlong q", "/api/v1/indicators?q=" + long201, "", "", 422, "query.q"},
		{indD, "id not a number", "/api/v1/indicators/abc/data", "", "", 422, "path.id"},
		{indD, "unknown indicator", "/api/v1/indicators/999999999/data", "", "", 404, "path.id"},
		{indD, "unknown area type", "/api/v1/indicators/93701/data?area_type=county", "", "", 422, "query.area_type"},
		{indD, "parent without area type", "/api/v1/indicators/93701/data?parent=E12000001", "", "", 422, "query.area_type"},
		{indD, "unknown parent", "/api/v1/indicators/93701/data?area_type=utla&parent=E12999999", "", "", 404, "query.parent"},
		{indD, "unknown sex", "/api/v1/indicators/93701/data?sex=Other", "", "", 422, "query.sex"},
		{prof, "unknown area", "/api/v1/areas/E06999999/profile", "", "", 404, "path.code"},
		{prof, "unknown peer type", "/api/v1/areas/E06000001/profile?peer_type=lsoa", "", "", 422, "query.peer_type"},
	}
}

type problemBody struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Location string `json:"location"`
		Message  string `json:"message"`
	} `json:"errors"`
}

// TestBadInputEveryAPIEndpoint sends malformed values to every API endpoint
// as a global administrator (so permission is never the reason for the
// refusal): each must get the expected 4xx as RFC 9457 problem details with
// an errors[] entry naming the field, and never a 500.
func TestBadInputEveryAPIEndpoint(t *testing.T) {
	checkBadInput(t, newFixture(t))
}

// TestBadInputOnPostgres repeats the sweep on PostgreSQL, whose errors
// (unique violations, type errors) differ from SQLite's.
func TestBadInputOnPostgres(t *testing.T) {
	checkBadInput(t, newFixtureOn(t, postgresServer(t)))
}

func checkBadInput(t *testing.T, f *fixture) {
	admin, _ := f.srv.As(t, "", 0, true)
	otherMember := f.memberOf(t, f.other.ID)
	_, err := f.srv.Store.CreateOrganisation(t.Context(), storeSystem, placesOrg("North Tees and Hartlepool NHS Foundation Trust", "nhs_trust", "RVW"))
	must(t, err)
	otherDecisionPartnership := f.other.ID

	cases := append(badCases(), boardBadCases(t, f)...)
	for _, more := range moduleBadCases {
		cases = append(cases, more(t, f)...)
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.route] = true
	}
	for _, r := range api.New(api.Deps{}).Routes() {
		if !covered[r.String()] && noInput[r.String()] == "" {
			t.Errorf("no bad-input cases for %s", r)
		}
	}

	fill := strings.NewReplacer("{p}", itoa(f.p.ID), "{op}", itoa(otherDecisionPartnership), "{org}", itoa(f.org.ID),
		"{m}", itoa(f.member.ID), "{d}", itoa(f.decision.ID), "{om}", itoa(otherMember))
	for _, c := range cases {
		t.Run(c.route+"/"+c.name, func(t *testing.T) {
			method, _, _ := strings.Cut(c.route, " ")
			p := probe{method: method, path: fill.Replace(c.path), body: fill.Replace(c.body), contentType: c.ctype}
			if p.contentType == "" && method != http.MethodGet && method != http.MethodDelete {
				p.contentType = "application/json"
			}
			status, _, body := f.doWithHeaders(t, admin, p, func(h http.Header) {
				if ct := h.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type = %q, want application/problem+json", ct)
				}
			})
			if status >= 500 {
				t.Fatalf("server error %d: %.400s", status, body)
			}
			if status != c.status {
				t.Errorf("status = %d, want %d: %.400s", status, c.status, body)
			}
			var pb problemBody
			if err := json.Unmarshal([]byte(body), &pb); err != nil {
				t.Fatalf("body is not JSON: %v: %.200s", err, body)
			}
			if pb.Status != status || pb.Title == "" || pb.Detail == "" {
				t.Errorf("problem lacks status/title/detail: %+v", pb)
			}
			var locs []string
			found := false
			for _, e := range pb.Errors {
				locs = append(locs, e.Location)
				if e.Location == c.field && e.Message != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("no errors[] entry at %q with a message; got locations %q: %.400s", c.field, locs, body)
			}
		})
	}
}

func (f *fixture) memberOf(t *testing.T, partnershipID int64) int64 {
	t.Helper()
	m, err := f.srv.Store.AddMember(t.Context(), storeSystem, placesMember(partnershipID, f.org.ID))
	must(t, err)
	return m.ID
}

func (f *fixture) doWithHeaders(t *testing.T, c *http.Client, p probe, check func(http.Header)) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(p.method, f.srv.URL+p.path, strings.NewReader(p.body))
	must(t, err)
	if p.contentType != "" {
		req.Header.Set("Content-Type", p.contentType)
	}
	res, err := c.Do(req)
	must(t, err)
	defer res.Body.Close()
	check(res.Header)
	return res.StatusCode, res.Header.Get("Location"), readAll(res)
}
