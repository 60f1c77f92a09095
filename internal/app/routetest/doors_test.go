package routetest

// Cross-door tests: the web page, its CSV and the JSON API must give one
// answer, because each calls the one domain use-case (needs.Profiles,
// places.National).

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// Indicators of the comparison data: one compared by 95% confidence
// intervals, one by quintiles.
const (
	ciIndicator       = 93701 // children in absolute low income families (low is good)
	quintileIndicator = 352   // carers (quintiles, no judgement)
)

// doorAreas are the areas the comparison data covers, by type.
type doorAreas struct {
	regions, councils, icbs []string
}

// importComparisonData imports made-up values for England, the nine
// regions, eight upper-tier councils and six ICBs. North East (the first
// region) sits in the middle of the regions but below every council, so its
// quintile shows which peer group it was compared with.
func importComparisonData(t *testing.T, srv *apptest.Server) doorAreas {
	t.Helper()
	ctx := context.Background()
	list := func(typ places.AreaType, n int) []string {
		as, _, err := srv.Store.ListAreas(ctx, store.AreaFilter{Type: typ, ValidOn: places.ListingDate(typ), Page: store.Page{Limit: n}})
		must(t, err)
		codes := make([]string, len(as))
		for i, a := range as {
			codes[i] = a.Code
		}
		slices.Sort(codes)
		if len(codes) < 5 {
			t.Fatalf("only %d areas of type %s", len(codes), typ)
		}
		return codes
	}
	areas := doorAreas{regions: list(places.AreaRegion, 9), councils: list(places.AreaUTLA, 8), icbs: list(places.AreaICB, 6)}
	if areas.regions[0] != "E12000001" {
		t.Fatalf("regions %v", areas.regions)
	}
	regionValues := []float64{15, 11, 12, 13, 14, 16, 17, 18, 19}
	var points []needs.DataPoint
	add := func(id int, code string, v float64) {
		p := needs.NewDataPoint()
		p.IndicatorID, p.AreaCode, p.Sex, p.Age = id, code, "Persons", "All ages"
		p.Period = needs.Period{Label: "2023/24", Type: needs.PeriodFinancial, From: "2023-04-01", To: "2024-03-31", Years: 1}
		p.Value, p.Lower95, p.Upper95 = v, v-0.8, v+0.8
		p.Origin = needs.OriginPrecomputed
		points = append(points, p)
	}
	for _, id := range []int{ciIndicator, quintileIndicator} {
		add(id, needs.EnglandCode, 16)
		for i, c := range areas.regions {
			add(id, c, regionValues[i])
		}
		for i, c := range areas.councils {
			add(id, c, 20+float64(i)*1.5)
		}
		for i, c := range areas.icbs {
			add(id, c, 10+float64(i)*2.5)
		}
	}
	cat, err := srv.Store.NeedsCatalogue(ctx)
	must(t, err)
	_, err = srv.Store.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "doors.csv"}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			for i, p := range points {
				if err := emit(i+2, p); err != nil {
					return needs.Summary{}, err
				}
			}
			return needs.Summary{Format: needs.FormatGeneric, Rows: len(points), Precomputed: len(points),
				Indicators: []int{quintileIndicator, ciIndicator}, Periods: map[int][]string{ciIndicator: {"2023/24"}, quintileIndicator: {"2023/24"}}}, nil
		})
	must(t, err)
	return areas
}

// comparedRow is one indicator's comparison as a door shows it, written
// out in one canonical form.
type comparedRow struct {
	Indicator, Age, Period, Value, Benchmark, Outcome, Method, Quintile, Areas string
	Sex, Category                                                              string
}

// doorProfile is a profile as a door shows it.
type doorProfile struct {
	PeerType, Benchmark string
	Rows                []comparedRow
}

func canonNum(t *testing.T, s string) string {
	t.Helper()
	if s == "" {
		return ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func fetch(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	res, err := c.Get(url)
	must(t, err)
	defer res.Body.Close()
	body := readAll(res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", url, res.StatusCode, body)
	}
	return body
}

func apiProfile(t *testing.T, c *http.Client, base, code string) doorProfile {
	var out struct {
		PeerType      string `json:"peer_type"`
		BenchmarkCode string `json:"benchmark_area_code"`
		Items         []struct {
			Indicator struct {
				ID int `json:"id"`
			} `json:"indicator"`
			Period   string `json:"period"`
			Sex      string `json:"sex"`
			Age      string `json:"age"`
			Category string `json:"category"`
			Value    struct {
				Value *float64 `json:"value"`
			} `json:"value"`
			Benchmark  *float64 `json:"benchmark_value"`
			Comparison struct {
				Outcome  string `json:"outcome"`
				Method   string `json:"method"`
				Quintile int    `json:"quintile"`
			} `json:"comparison"`
			Areas int `json:"areas_compared"`
		} `json:"items"`
	}
	getJSON(t, c, base+"/api/v1/areas/"+code+"/profile", &out)
	p := doorProfile{PeerType: out.PeerType, Benchmark: out.BenchmarkCode}
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	for _, it := range out.Items {
		p.Rows = append(p.Rows, comparedRow{Indicator: strconv.Itoa(it.Indicator.ID), Age: it.Age, Period: it.Period,
			Value: num(it.Value.Value), Benchmark: num(it.Benchmark), Outcome: it.Comparison.Outcome, Method: it.Comparison.Method,
			Quintile: strconv.Itoa(it.Comparison.Quintile), Areas: strconv.Itoa(it.Areas), Sex: it.Sex, Category: it.Category})
	}
	return p
}

func csvProfile(t *testing.T, c *http.Client, base, code string) doorProfile {
	recs, err := csv.NewReader(strings.NewReader(fetch(t, c, base+"/areas/"+code+"/profile.csv"))).ReadAll()
	must(t, err)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var p doorProfile
	for _, r := range recs[1:] {
		q := r[col["quintile"]]
		if q == "" {
			q = "0"
		}
		p.PeerType, p.Benchmark = r[col["peer_type"]], r[col["benchmark_area_code"]]
		p.Rows = append(p.Rows, comparedRow{Indicator: r[col["indicator_id"]], Age: r[col["age"]], Period: r[col["period"]],
			Value: canonNum(t, r[col["value"]]), Benchmark: canonNum(t, r[col["england"]]), Outcome: r[col["comparison"]],
			Method: r[col["comparison_method"]], Quintile: q, Areas: r[col["areas_compared"]], Sex: r[col["sex"]], Category: r[col["category"]]})
	}
	return p
}

var (
	profileBasis = regexp.MustCompile(`id="profile-basis" data-peer-type="([^"]*)" data-benchmark="([^"]*)"`)
	profileRow   = regexp.MustCompile(`<tr class="govuk-table__row" data-indicator="([^"]*)" data-age="([^"]*)" data-period="([^"]*)" data-value="([^"]*)" data-benchmark="([^"]*)" data-outcome="([^"]*)" data-method="([^"]*)" data-quintile="([^"]*)" data-areas="([^"]*)" data-sex="([^"]*)" data-category="([^"]*)">`)
)

func pageProfile(t *testing.T, c *http.Client, base, code string) doorProfile {
	body := fetch(t, c, base+"/areas/"+code+"/profile")
	m := profileBasis.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("profile page of %s names no peer group", code)
	}
	p := doorProfile{PeerType: m[1], Benchmark: m[2]}
	for _, r := range profileRow.FindAllStringSubmatch(body, -1) {
		u := func(i int) string { return html.UnescapeString(r[i]) }
		p.Rows = append(p.Rows, comparedRow{Indicator: u(1), Age: u(2), Period: u(3), Value: canonNum(t, u(4)), Benchmark: canonNum(t, u(5)),
			Outcome: u(6), Method: u(7), Quintile: u(8), Areas: u(9), Sex: u(10), Category: u(11)})
	}
	return p
}

// TestProfileSameFromEveryDoor: for a region, a council and an ICB, the
// web profile page, its CSV and GET /api/v1/areas/{code}/profile give the
// same comparisons (value, benchmark, outcome, method, quintile, number of
// areas compared) and the same peer group, and that peer group is the
// area's own kind. England, the benchmark, is compared with nothing and
// ranged across the regions.
func TestProfileSameFromEveryDoor(t *testing.T) {
	checkProfileDoors(t, apptest.New(t))
}

func TestProfileSameFromEveryDoorOnPostgres(t *testing.T) {
	checkProfileDoors(t, postgresServer(t))
}

func checkProfileDoors(t *testing.T, srv *apptest.Server) {
	areas := importComparisonData(t, srv)
	c := srv.Client(t)
	for _, tc := range []struct {
		name, code, peer string
		areas            int
		// quintile is the area's quintile for the quintile indicator among
		// its peers.
		quintile string
		// isBenchmark: England is compared with nothing (it is the
		// benchmark); its range is across the regions.
		isBenchmark bool
	}{
		// North East is fifth of nine regions (quintile 3); among the
		// councils it would be the lowest (quintile 1).
		{"region", areas.regions[0], "region", 9, "3", false},
		{"council", areas.councils[7], "utla", 8, "5", false},
		{"icb", areas.icbs[0], "icb", 6, "1", false},
		{"england", needs.EnglandCode, "region", 9, "0", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := apiProfile(t, c, srv.URL, tc.code)
			csvp := csvProfile(t, c, srv.URL, tc.code)
			page := pageProfile(t, c, srv.URL, tc.code)
			if len(api.Rows) != 2 {
				t.Fatalf("API profile of %s has %d rows, want 2: %+v", tc.code, len(api.Rows), api)
			}
			if api.PeerType != tc.peer || api.Benchmark != needs.EnglandCode {
				t.Errorf("API compares %s with %q against %q; want %q against England", tc.code, api.PeerType, api.Benchmark, tc.peer)
			}
			if fmt.Sprint(csvp) != fmt.Sprint(api) {
				t.Errorf("CSV differs from the API:\n csv %+v\n api %+v", csvp, api)
			}
			if fmt.Sprint(page) != fmt.Sprint(api) {
				t.Errorf("page differs from the API:\n page %+v\n api  %+v", page, api)
			}
			for _, r := range api.Rows {
				if r.Areas != strconv.Itoa(tc.areas) {
					t.Errorf("indicator %s: %s areas compared, want %d", r.Indicator, r.Areas, tc.areas)
				}
				switch {
				case tc.isBenchmark:
					if r.Outcome != string(needs.NotCompared) || r.Value != "16" || r.Benchmark != "16" {
						t.Errorf("England, its own benchmark: %+v", r)
					}
				case r.Indicator == strconv.Itoa(quintileIndicator):
					if r.Method != string(needs.BenchmarkQuintiles) || r.Quintile != tc.quintile {
						t.Errorf("quintile indicator: method %s, quintile %s; want quintiles, %s", r.Method, r.Quintile, tc.quintile)
					}
				case r.Indicator == strconv.Itoa(ciIndicator):
					if r.Method != string(needs.BenchmarkCI95) || r.Benchmark != "16" || r.Outcome == string(needs.NotCompared) {
						t.Errorf("CI indicator: %+v", r)
					}
				}
			}
		})
	}
}
