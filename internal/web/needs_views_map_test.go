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
