package routetest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

type areaPage struct {
	Items []struct {
		Code       string `json:"code"`
		Name       string `json:"name"`
		Type       string `json:"type"`
		Population *int64 `json:"population"`
	} `json:"items"`
	Page    int    `json:"page"`
	PerPage int    `json:"per_page"`
	Total   int    `json:"total"`
	Next    string `json:"next"`
}

// getJSON fetches url and decodes a JSON body, failing on any status but 200.
func getJSON(t *testing.T, c *http.Client, url string, v any) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", url, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// TestAreaFigures checks the Must-show figures through the real HTTP API on
// a fresh store: 42 ICBs, 44 STP footprints of 2017, and upper-tier
// councils whose mid-2021 populations sum to England's 56,536,419. It walks
// the pages by following "next" so pagination is exercised too.
func TestAreaFigures(t *testing.T) {
	srv := apptest.New(t)
	checkAreaFigures(t, srv.URL, srv.Client(t))
}

// TestAreaFiguresOnPostgres runs the same figures on a server over a fresh
// PostgreSQL database, loading the reference data there (skipped unless
// PLACEBOARD_TEST_POSTGRES is set; it fails under CI=true without it).
func TestAreaFiguresOnPostgres(t *testing.T) {
	srv := postgresServer(t)
	checkAreaFigures(t, srv.URL, srv.Client(t))
}

func checkAreaFigures(t *testing.T, baseURL string, c *http.Client) {
	tests := []struct {
		typ       string
		query     string // extra query parameters
		perPage   string
		wantCount int   // -1: not checked
		wantPop   int64 // 0: not checked
	}{
		{"icb", "", "10", 42, 0},
		{"icb", "&valid_on=2022-07-01", "10", 42, 0},
		{"stp", "", "20", 44, 0},
		{"stp", "&valid_on=2017-04-01", "20", 44, 0},
		// Without a date councils are listed as at mid-2021.
		{"utla", "", "50", 152, 56_536_419},
		{"utla", "&valid_on=2021-06-30", "50", 152, 56_536_419},
		// historic=true adds the five councils abolished since the 2017
		// footprint list; they carry no population.
		{"utla", "&historic=true", "50", 157, 56_536_419},
	}
	for _, tt := range tests {
		t.Run(tt.typ+tt.query, func(t *testing.T) {
			url := baseURL + "/api/v1/areas?type=" + tt.typ + "&per_page=" + tt.perPage + tt.query
			seen := map[string]bool{}
			var sum int64
			var total, pages int
			for url != "" {
				var p areaPage
				getJSON(t, c, url, &p)
				pages++
				total = p.Total
				for _, it := range p.Items {
					if it.Type != tt.typ {
						t.Errorf("%s has type %q, want %q", it.Code, it.Type, tt.typ)
					}
					if it.Code == "" || it.Name == "" {
						t.Errorf("item without code or name: %+v", it)
					}
					if seen[it.Code] {
						t.Errorf("%s listed twice across pages", it.Code)
					}
					seen[it.Code] = true
					if it.Population != nil {
						sum += *it.Population
					}
				}
				url = ""
				if p.Next != "" {
					url = baseURL + p.Next
				}
				if pages > 100 {
					t.Fatal("pagination does not end")
				}
			}
			if len(seen) != total {
				t.Errorf("walked %d areas, total says %d", len(seen), total)
			}
			if tt.wantCount >= 0 && len(seen) != tt.wantCount {
				t.Errorf("type=%s lists %d areas, want %d", tt.typ, len(seen), tt.wantCount)
			}
			if pages < 2 {
				t.Errorf("expected several pages at per_page=%s, got %d", tt.perPage, pages)
			}
			if tt.wantPop != 0 && sum != tt.wantPop {
				t.Errorf("type=%s populations sum to %d, want %d", tt.typ, sum, tt.wantPop)
			}
		})
	}
}

// TestAreaDetailAndBoundary reads one council's page of the API: its
// parents, its population by sex and age band adding up to its total, and
// its boundary; and checks that a code shared by two types is resolved to
// the current one with the other named.
func TestAreaDetailAndBoundary(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t)
	var d struct {
		Code       string `json:"code"`
		Type       string `json:"type"`
		Population *int64 `json:"population"`
		Parents    []struct {
			Code, Type string
		} `json:"parents"`
		Children   []struct{ Code, Type string } `json:"children"`
		ChildCount map[string]int                `json:"child_count"`
		ByAge      []struct {
			Sex     string `json:"sex"`
			AgeBand string `json:"age_band"`
			Count   int64  `json:"count"`
		} `json:"population_by_age"`
		OtherTypes []string `json:"other_types"`
	}
	getJSON(t, c, srv.URL+"/api/v1/areas/E06000001", &d)
	if d.Type != "utla" || d.Population == nil {
		t.Fatalf("E06000001 = %+v, want the utla with a population", d)
	}
	if len(d.OtherTypes) != 1 || d.OtherTypes[0] != "ltla" {
		t.Errorf("other_types = %v, want [ltla]", d.OtherTypes)
	}
	parentTypes := map[string]bool{}
	for _, p := range d.Parents {
		parentTypes[p.Type] = true
	}
	for _, want := range []string{"region", "stp"} {
		if !parentTypes[want] {
			t.Errorf("parents %+v lack a %s", d.Parents, want)
		}
	}
	var sum int64
	sexes := map[string]int{}
	for _, b := range d.ByAge {
		sum += b.Count
		sexes[b.Sex]++
	}
	if sum != *d.Population || sexes["female"] != 19 || sexes["male"] != 19 {
		t.Errorf("population by age sums to %d over %v bands, want %d over 19+19", sum, sexes, *d.Population)
	}

	var icb struct {
		Type       string   `json:"type"`
		OtherTypes []string `json:"other_types"`
	}
	getJSON(t, c, srv.URL+"/api/v1/areas/E54000008", &icb)
	if icb.Type != "icb" || len(icb.OtherTypes) != 1 || icb.OtherTypes[0] != "stp" {
		t.Errorf("E54000008 = %+v, want the icb with other_types [stp]", icb)
	}
	getJSON(t, c, srv.URL+"/api/v1/areas/E54000008?type=stp", &icb)
	if icb.Type != "stp" {
		t.Errorf("E54000008?type=stp gave %q", icb.Type)
	}

	res, err := c.Get(srv.URL + "/api/v1/areas/E06000001/boundary")
	must(t, err)
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "application/geo+json" {
		t.Fatalf("boundary: %d %q", res.StatusCode, ct)
	}
	var feature struct {
		Type       string `json:"type"`
		Properties struct {
			Code string `json:"code"`
		} `json:"properties"`
		Geometry struct {
			Type string `json:"type"`
		} `json:"geometry"`
	}
	if err := json.NewDecoder(res.Body).Decode(&feature); err != nil {
		t.Fatal(err)
	}
	if feature.Type != "Feature" || feature.Properties.Code != "E06000001" || !strings.Contains(feature.Geometry.Type, "Polygon") {
		t.Errorf("boundary = %+v", feature)
	}
}
