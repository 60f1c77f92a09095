package web_test

import (
	"context"
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

// TestNeedsComparatorPages opens the profile, compare and overview pages
// with each comparator, and bad choices.
func TestNeedsComparatorPages(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/areas/E06000001/profile", 200, []string{`name="comparator"`, `id="comparator-england" name="comparator" type="radio" value="england" checked`, "/areas/E92000001/overview"}},
		// The North East has no stored value: it is pooled from its councils' counts.
		{"/areas/E06000001/profile?comparator=region", 200, []string{`data-comparator="region"`, `data-comparator-code="E12000001"`, "Compared with North East", "(pooled)", `value="region" checked`}},
		{"/areas/E06000001/profile?comparator=icb", 200, []string{`data-comparator="icb"`, "Compared with NHS North East and North Cumbria", "has no value for"}},
		{"/areas/E06000001/profile?comparator=set&set=E06000002,E06000003", 200, []string{`data-comparator="set"`, "Compared with the set Middlesbrough, Redcar and Cleveland", "(pooled)"}},
		{"/areas/E12000001/profile?comparator=region", 200, []string{"Not compared with The area&#39;s region: a region has no region"}},
		{"/areas/E06000001/profile?comparator=county", 400, []string{"Comparator (comparator) must be england, region, icb or set"}},
		{"/areas/E06000001/profile?comparator=set", 400, []string{"areas to compare with (set)"}},
		{"/areas/E06000001/profile?comparator=set&set=E06999999", 400, []string{"E06999999 is not an area"}},
		{"/areas/E06000001/profile.csv?comparator=bad", 400, []string{"Comparator (comparator)"}},
		{"/areas/E06000001/compare?with=E06000002,E06000003&comparator=region", 200, []string{"compare-table", "Hartlepool is compared with North East", "Redcar and Cleveland is compared with North East", `data-comparator-outcome="`}},
		{"/areas/E06000001/compare?with=E08000012&comparator=icb", 200, []string{"Liverpool is compared with NHS Cheshire and Merseyside"}},
		{"/areas/E06000001/compare?with=E06000002,nonsense", 400, []string{"Areas to compare (with)"}},
		{"/areas/E06000001/compare?with=E06000002,E06000003,E06000004,E06000005,E06000006,E06000007", 400, []string{"at most 5"}},
		{"/areas/E12000001/overview", 200, []string{"overview-table", "Hartlepool", "Middlesbrough", "Northumberland", "app-heat--", "Key", "Download the overview as CSV"}},
		{"/areas/E12000001/overview?comparator=region", 200, []string{`data-comparator="region"`, "each area&#39;s region"}},
		{"/areas/E92000001/overview", 200, []string{"Every upper-tier council area in England", "Liverpool", "Westminster"}},
		{"/areas/E06000001/overview", 200, []string{"overview-table", "Hartlepool"}},
		{"/areas/E01011954/overview", 404, []string{"has none"}},
		{"/areas/E99999999/overview", 404, nil},
		{"/areas/E12000001/overview?comparator=icb&set=x", 200, []string{"each area&#39;s ICB"}},
		{"/areas/E12000001/overview?comparator=nope", 400, []string{"Comparator (comparator)"}},
		{"/needs", 200, []string{"/areas/E92000001/overview"}},
		{"/indicators/910002", 200, []string{"indicator-comparator-heading", `value="england" checked`}},
		{"/indicators/910002?comparator=region&area_type=utla", 200, []string{"indicator-comparator-table", "its own region", "North West", "(pooled)", `name="area_type" value="utla"`}},
		{"/indicators/910002?comparator=set&set=E06000001,E06000002", 200, []string{"the set taken together", "the set Hartlepool, Middlesbrough"}},
		{"/indicators/910002?comparator=xx", 400, []string{"Comparator (comparator)"}},
		{"/indicators/910002/data.csv?comparator=set", 400, []string{"set"}},
	}
	for _, tc := range tests {
		status, body, _ := needsGet(t, c, srv.URL+tc.path)
		if status != tc.status {
			t.Errorf("%s: status %d", tc.path, status)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q", tc.path, w)
			}
		}
	}
}

// TestOverviewCellsSayTheirComparison checks that every coloured cell of
// the heatmap also says its comparison in words, and that the CSV holds
// the same outcomes.
func TestOverviewCellsSayTheirComparison(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	_, body, _ := needsGet(t, c, srv.URL+"/areas/E12000001/overview")
	cell := regexp.MustCompile(`app-heat__cell (app-heat--[a-z]+)" data-outcome="([a-z_]+)"[^>]*>([^<]*)<span class="app-heat__word">([^<]*)</span>`)
	cells := cell.FindAllStringSubmatch(body, -1)
	if len(cells) < 20 {
		t.Fatalf("%d cells", len(cells))
	}
	words := map[string]string{"app-heat--better": "Better", "app-heat--worse": "Worse", "app-heat--similar": "Similar", "app-heat--higher": "Higher", "app-heat--lower": "Lower"}
	outcomes := map[string]int{}
	for _, m := range cells {
		outcomes[m[2]]++
		if w, ok := words[m[1]]; ok && !strings.HasSuffix(m[4], w) && !strings.HasPrefix(m[4], "Q") {
			t.Errorf("cell %q coloured %s says %q", m[3], m[1], m[4])
		}
		if m[3] == "" {
			t.Errorf("cell without a value: %v", m)
		}
	}
	_, data, _ := needsGet(t, c, srv.URL+"/areas/E12000001/overview.csv")
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fromCSV := map[string]int{}
	for _, r := range rows[1:] {
		if r[15] != "" {
			fromCSV[r[15]]++
		}
	}
	for o, n := range outcomes {
		if o != "not_compared" && fromCSV[o] != n {
			t.Errorf("%s: %d cells, %d CSV rows", o, n, fromCSV[o])
		}
	}
	if len(rows)-1 != len(cells) {
		t.Errorf("CSV rows %d, cells %d", len(rows)-1, len(cells))
	}
	if _, err := strconv.Atoi(rows[1][0]); err != nil {
		t.Errorf("first CSV row %v", rows[1])
	}
}
