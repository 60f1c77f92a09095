package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

// TestIndicatorPageMaps: the indicator page shows the hex map and the map
// on real boundaries, each with its key, and ?area= outlines and names the
// chosen area on both; the map's description points to the table of values.
func TestIndicatorPageMaps(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	status, body, _ := needsGet(t, c, srv.URL+"/indicators/910002?area=E08000012")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{`id="map-figure"`, `id="choropleth-figure"`, `class="pb-chart pb-chart--map"`,
		`class="app-map__area--chosen" data-area="E08000012"`, `class="app-map__area app-map__area--chosen" data-area="E08000012"`,
		`class="app-map__label"`, "Compared with England", "The table of values on this page lists every area."} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<path class="app-map__area" data-area=`); n != 152 {
		t.Errorf("%d council outlines, want 152", n)
	}
	if n := strings.Count(body, `>Liverpool: `); n < 2 {
		t.Errorf("Liverpool named %d times on the maps, want both maps", n)
	}
	// Without a chosen area nothing is outlined; ICBs have their own map.
	_, body, _ = needsGet(t, c, srv.URL+"/indicators/241?area_type=icb")
	if !strings.Contains(body, `id="choropleth-figure"`) || strings.Contains(body, "app-map__area--chosen") {
		t.Error("ICB map missing or outlines an area nobody chose")
	}
}

// TestInequalitiesPage: England's adult overweight prevalence by
// deprivation decile (the demo's extract) with the SII in words, the
// chart's table and the values by sex; an indicator without deciles says
// so with no chart; bad input is a 4xx naming the field.
func TestInequalitiesPage(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	status, body, _ := needsGet(t, c, srv.URL+"/areas/E92000001/inequalities/93088")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{`id="deciles-figure"`, `id="deciles-table"`, `id="by-sex-figure"`, `id="sii"`,
		"The slope index of inequality is ", "(95% CI ", "the gap between the most and least deprived ends of the scale",
		"Most deprived decile", "Least deprived decile", "71.54", "59.56", "set.seed(1)", "Male values are higher than female",
		`class="pb-chart pb-chart--narrow"`, `class="app-sii-line"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The indicator page links to it.
	_, body, _ = needsGet(t, c, srv.URL+"/indicators/93088")
	if !strings.Contains(body, `href="/areas/E92000001/inequalities/93088"`) {
		t.Error("the indicator page does not link to the inequalities view")
	}
	// No deciles: said plainly, no empty chart.
	status, body, _ = needsGet(t, c, srv.URL+"/areas/E08000012/inequalities/93088")
	if status != 200 || !strings.Contains(body, `id="no-deciles"`) || strings.Contains(body, `id="deciles-figure"`) || !strings.Contains(body, `id="by-sex-figure"`) {
		t.Errorf("Liverpool without deciles: %d", status)
	}
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/areas/E92000001/inequalities/93088?period=1999", 400, "Period (period) must be one of 2018"},
		{"/areas/E92000001/inequalities/93088?deciles=Nonsense", 400, "Deciles (deciles) must be one of"},
		{"/areas/E99999999/inequalities/93088", 404, ""},
		{"/areas/E92000001/inequalities/99999999", 404, ""},
		{"/areas/E92000001/inequalities/abc", 404, ""},
	} {
		status, body, _ := needsGet(t, c, srv.URL+tc.path)
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want %d with %q", tc.path, status, tc.status, tc.want)
		}
	}
}
