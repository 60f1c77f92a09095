package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

// dsrBandsMapping reads testdata/dsr_bands.csv: a directly standardised
// rate given as counts and populations in the 19 ESP 2013 bands.
const dsrBandsMapping = `{"columns": {"area_code": "area", "sex": "sex", "age": "ageband", "count": "count", "denominator": "pop", "period": "year"},
  "indicator": {"id": 990300, "name": "Test mortality (DSR from age bands)", "value_type": "directly_standardised_rate", "multiplier": 100000,
                "polarity": "low_is_good", "benchmark_method": "ci_overlap_95", "period_type": "calendar"}}`

// TestDSRBandsAreInputsNotRows (issue 12 item 3): a DSR imported with its
// age bands shows as one row on the area's profile and one row per area on
// its indicator page and in the API; the 19 bands are the rate's inputs.
func TestDSRBandsAreInputsNotRows(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	raw, err := os.ReadFile("testdata/dsr_bands.csv")
	if err != nil {
		t.Fatal(err)
	}
	m, err := importer.ParseMapping(strings.NewReader(dsrBandsMapping))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := srv.Store.NeedsCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Catalogue: cat, Mapping: m}
	if _, err := srv.Store.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "dsr_bands.csv"}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			return im.Import(needs.FormatGeneric, "dsr_bands.csv", strings.NewReader(string(raw)), emit)
		}); err != nil {
		t.Fatal(err)
	}
	// The bands are stored (they are the rate's evidence) ...
	all, err := srv.Store.IndicatorValues(ctx, store.ValueQuery{IndicatorID: 990300, AllSeries: true})
	if err != nil {
		t.Fatal(err)
	}
	bands := 0
	for _, p := range all {
		if p.IsBandInput() {
			bands++
		}
	}
	if bands != 5*19 {
		t.Fatalf("%d band inputs stored, want 95 (%d values in all)", bands, len(all))
	}

	c := srv.Client(t)
	// ... but the profile shows the rate once.
	status, body, _ := needsGet(t, c, srv.URL+"/areas/E06000001/profile")
	if status != http.StatusOK {
		t.Fatalf("profile: %d", status)
	}
	if n := strings.Count(body, `data-indicator="990300"`); n != 1 {
		t.Errorf("profile shows %d rows of the DSR, want 1", n)
	}
	if !strings.Contains(body, "Persons, All ages") {
		t.Error("the profile row does not say whom it is about")
	}
	// The indicator page: one row per council, no band rows.
	status, body, _ = needsGet(t, c, srv.URL+"/indicators/990300?area_type=utla")
	if status != http.StatusOK {
		t.Fatalf("indicator page: %d", status)
	}
	table := body[strings.Index(body, `id="bar-table"`):]
	table = table[:strings.Index(table, "</table>")]
	if n := strings.Count(table, "<tr") - 1; n != 4 {
		t.Errorf("indicator page lists %d rows, want 4 (one per council)", n)
	}
	if strings.Contains(body, ">0-4<") || strings.Contains(body, "85-89") {
		t.Error("indicator page shows age bands")
	}
	status, csvBody, _ := needsGet(t, c, srv.URL+"/indicators/990300/data.csv?area_type=utla")
	if status != http.StatusOK || strings.Count(csvBody, "\n") != 5 || !strings.HasPrefix(csvBody, "Period,Sex,Age,Category type,Category,") || !strings.Contains(csvBody, "2022,Persons,All ages,,,") {
		t.Errorf("indicator CSV %d:\n%s", status, csvBody)
	}
	// The API: one value per area; asking for a band finds nothing.
	var out struct {
		Items []struct {
			AreaCode string `json:"area_code"`
			Age      string `json:"age"`
		} `json:"items"`
	}
	status, apiBody, _ := needsGet(t, c, srv.URL+"/api/v1/indicators/990300/data")
	if status != http.StatusOK {
		t.Fatalf("API: %d %s", status, apiBody)
	}
	if err := json.Unmarshal([]byte(apiBody), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 5 {
		t.Errorf("API lists %d values, want 5 (England and four councils): %+v", len(out.Items), out.Items)
	}
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"?age=All+ages", 5},
		{"?age=0-4", 0},
		{"?sex=Male", 0},
		{"?category=Most+deprived+decile", 0},
	} {
		out.Items = nil
		status, apiBody, _ = needsGet(t, c, srv.URL+"/api/v1/indicators/990300/data"+tc.query)
		if status != http.StatusOK || json.Unmarshal([]byte(apiBody), &out) != nil || len(out.Items) != tc.want {
			t.Errorf("API %s: %d, %d items, want %d", tc.query, status, len(out.Items), tc.want)
		}
	}
}
