package routetest

import (
	"encoding/json"
	"net/http"
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
	c := srv.Client(t)
	tests := []struct {
		typ       string
		validOn   string
		perPage   string
		wantCount int   // -1: not checked
		wantPop   int64 // 0: not checked
	}{
		{"icb", "", "10", 42, 0},
		{"icb", "2022-07-01", "10", 42, 0},
		{"stp", "", "20", 44, 0},
		{"stp", "2017-04-01", "20", 44, 0},
		// Without a date the five councils abolished since the 2017
		// footprint list are listed too; they carry no population.
		{"utla", "", "50", -1, 56_536_419},
		{"utla", "2021-06-30", "50", 152, 56_536_419},
	}
	for _, tt := range tests {
		t.Run(tt.typ+"@"+tt.validOn, func(t *testing.T) {
			url := srv.URL + "/api/v1/areas?type=" + tt.typ + "&per_page=" + tt.perPage
			if tt.validOn != "" {
				url += "&valid_on=" + tt.validOn
			}
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
					url = srv.URL + p.Next
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
