package routetest

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// nationalTotals are the national view's totals, named as the API names
// them.
type nationalTotals map[string]int

var totalNames = []string{"footprints", "led_by_local_government", "led_by_nhs", "led_by_other", "no_lead",
	"councils", "councils_on_board", "council_places", "council_places_on_board"}

func apiNationalTotals(t *testing.T, c *http.Client, base string) nationalTotals {
	var out struct {
		Total   int            `json:"total"`
		Summary map[string]int `json:"summary"`
	}
	getJSON(t, c, base+"/api/v1/national/footprints?per_page=1", &out)
	s := out.Summary
	if out.Total != s["footprints"] {
		t.Errorf("API: %d footprints listed, summary says %d", out.Total, s["footprints"])
	}
	return nationalTotals{"footprints": s["footprints"], "led_by_local_government": s["led_by_local_government"],
		"led_by_nhs": s["led_by_nhs"], "led_by_other": s["led_by_other"], "no_lead": s["no_lead"],
		"councils": s["councils"], "councils_on_board": s["councils_on_board"],
		"council_places": s["council_footprint_places"], "council_places_on_board": s["council_footprint_places_on_board"]}
}

var pageTotal = regexp.MustCompile(`<strong data-total="([a-z_]+)">(\d+)</strong>`)

func pageNationalTotals(t *testing.T, c *http.Client, base string) nationalTotals {
	got := nationalTotals{}
	for _, m := range pageTotal.FindAllStringSubmatch(fetch(t, c, base+"/national"), -1) {
		n, _ := strconv.Atoi(m[2])
		got[m[1]] = n
	}
	return got
}

// csvNationalTotals recounts the totals from the CSV's rows by the rule
// docs/needs.md states: a council counts once however many footprints it
// is in.
func csvNationalTotals(t *testing.T, c *http.Client, base string) nationalTotals {
	recs, err := csv.NewReader(strings.NewReader(fetch(t, c, base+"/national.csv"))).ReadAll()
	must(t, err)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	got := nationalTotals{}
	councils, onBoard := map[string]bool{}, map[string]bool{}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ";")
	}
	for _, r := range recs[1:] {
		got["footprints"]++
		switch r[col["lead_sector"]] {
		case "local_government":
			got["led_by_local_government"]++
		case "nhs":
			got["led_by_nhs"]++
		case "other":
			got["led_by_other"]++
		case "":
			got["no_lead"]++
		}
		total, _ := strconv.Atoi(r[col["councils_total"]])
		held, _ := strconv.Atoi(r[col["councils_on_board"]])
		got["council_places"] += total
		got["council_places_on_board"] += held
		codes, held2 := split(r[col["council_codes"]]), split(r[col["council_codes_on_board"]])
		if len(codes) != total || len(held2) != held {
			t.Errorf("CSV row %s: %d councils, %d codes; %d on board, %d codes", r[col["footprint_code"]], total, len(codes), held, len(held2))
		}
		for _, code := range codes {
			councils[code] = true
		}
		for _, code := range held2 {
			onBoard[code] = true
		}
	}
	got["councils"], got["councils_on_board"] = len(councils), len(onBoard)
	return got
}

// TestNationalTotalsSameFromEveryDoor: the national page, /national.csv
// and /api/v1/national/footprints give identical totals, before and after
// a write (the summary is cached per generation, so this also shows the
// write reaching every door). Cumbria, split between two footprints and on
// both boards, is one council but two council places.
func TestNationalTotalsSameFromEveryDoor(t *testing.T) {
	checkNationalDoors(t, apptest.New(t))
}

func TestNationalTotalsSameFromEveryDoorOnPostgres(t *testing.T) {
	checkNationalDoors(t, postgresServer(t))
}

func checkNationalDoors(t *testing.T, srv *apptest.Server) {
	ctx := context.Background()
	st := srv.Store
	c := srv.Client(t)
	all := func() nationalTotals {
		t.Helper()
		api, page, csvt := apiNationalTotals(t, c, srv.URL), pageNationalTotals(t, c, srv.URL), csvNationalTotals(t, c, srv.URL)
		for _, name := range totalNames {
			if _, ok := page[name]; !ok {
				t.Errorf("the page does not show %s", name)
			}
			if api[name] != page[name] || api[name] != csvt[name] {
				t.Errorf("%s: API %d, page %d, CSV %d", name, api[name], page[name], csvt[name])
			}
		}
		return api
	}
	before := all()
	if before["footprints"] != 44 || before["no_lead"] != 44 || before["councils"] == 0 || before["council_places"] <= before["councils"] {
		t.Fatalf("fresh server: %v (a council split between footprints makes council places exceed councils)", before)
	}

	// Cumbria's two footprints, each led by the county council with it on
	// the board, and a third led by an NHS trust.
	sum, err := places.NewNational(st).Summary(ctx)
	must(t, err)
	var cumbriaIn []string
	for _, f := range sum.Footprints {
		for _, cl := range f.Councils {
			if cl.Code == "E10000006" {
				cumbriaIn = append(cumbriaIn, f.Area.Code)
			}
		}
	}
	if len(cumbriaIn) != 2 {
		t.Fatalf("Cumbria is in %v, want two footprints", cumbriaIn)
	}
	county, err := st.CreateOrganisation(ctx, store.System, places.Organisation{Name: "Cumbria County Council", Kind: places.OrgCouncilUpper, ONSCode: "E10000006"})
	must(t, err)
	trust, err := st.CreateOrganisation(ctx, store.System, places.Organisation{Name: "A Trust", Kind: places.OrgNHSTrust})
	must(t, err)
	for _, code := range cumbriaIn {
		p, err := st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipFootprint, AreaCode: code, AreaType: places.AreaSTP, Name: "Partnership " + code, LeadOrgID: county.ID})
		must(t, err)
		_, err = st.AddMember(ctx, store.System, places.Member{PartnershipID: p.ID, PersonName: "County Leader", OrgID: county.ID, Role: places.RoleMember})
		must(t, err)
	}
	other := sum.Footprints[0].Area.Code
	if slices.Contains(cumbriaIn, other) {
		other = sum.Footprints[1].Area.Code
	}
	_, err = st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipFootprint, AreaCode: other, AreaType: places.AreaSTP, Name: "NHS-led", LeadOrgID: trust.ID})
	must(t, err)

	after := all()
	want := nationalTotals{"footprints": 44, "led_by_local_government": 2, "led_by_nhs": 1, "led_by_other": 0, "no_lead": 41,
		"councils": before["councils"], "councils_on_board": 1, "council_places": before["council_places"], "council_places_on_board": 2}
	for _, name := range totalNames {
		if after[name] != want[name] {
			t.Errorf("after the writes, %s = %d, want %d", name, after[name], want[name])
		}
	}
}

// TestNationalAcrossServersOnPostgres: two servers on one PostgreSQL
// database, each with its own cached summary and rendered page. A write
// made through the second shows on the first's next /national, CSV and
// API answer.
func TestNationalAcrossServersOnPostgres(t *testing.T) {
	dsn := apptest.PostgresURL(t)
	start := func() *apptest.Server {
		a, err := app.New(context.Background(), app.Config{DatabaseURL: dsn})
		if err != nil {
			t.Fatalf("start on PostgreSQL: %v", err)
		}
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(func() {
			srv.Close()
			a.Close()
		})
		return &apptest.Server{Server: srv, App: a, Store: a.Store(), Auth: a.Auth()}
	}
	first, second := start(), start()
	c := first.Client(t)
	before := pageNationalTotals(t, c, first.URL)
	_ = csvNationalTotals(t, c, first.URL) // warm every cache of the first server
	_ = apiNationalTotals(t, c, first.URL)
	if before["led_by_local_government"] != 0 {
		t.Fatalf("fresh database: %v", before)
	}

	ctx := context.Background()
	sum, err := places.NewNational(second.Store).Summary(ctx)
	must(t, err)
	fp := sum.Footprints[0]
	council, err := second.Store.CreateOrganisation(ctx, store.System, places.Organisation{Name: fp.Councils[0].Name + " Council",
		Kind: places.OrgCouncilUpper, ONSCode: fp.Councils[0].Code})
	must(t, err)
	p, err := second.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipFootprint, AreaCode: fp.Area.Code,
		AreaType: places.AreaSTP, Name: "Led through the second server", LeadOrgID: council.ID})
	must(t, err)
	_, err = second.Store.AddMember(ctx, store.System, places.Member{PartnershipID: p.ID, PersonName: "Leader", OrgID: council.ID, Role: places.RoleChair})
	must(t, err)

	for door, got := range map[string]nationalTotals{
		"page": pageNationalTotals(t, c, first.URL),
		"csv":  csvNationalTotals(t, c, first.URL),
		"api":  apiNationalTotals(t, c, first.URL),
	} {
		if got["led_by_local_government"] != 1 || got["councils_on_board"] != 1 || got["no_lead"] != before["no_lead"]-1 {
			t.Errorf("first server's %s after a write on the second: %v", door, got)
		}
	}
}
