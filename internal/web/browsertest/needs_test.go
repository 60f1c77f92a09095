package browsertest

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs/needsdemo"
)

// TestNeedsPages opens every needs page on the demo data and checks each
// with axe-core and for console errors; then walks the part of journey 4
// that exists: profile → indicator → another period and area → priorities.
func TestNeedsPages(t *testing.T) {
	srv := apptest.New(t)
	if err := needsdemo.Seed(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, srv.URL)
	for _, p := range []string{
		"/areas/E06000001/profile",
		"/areas/E09000002/profile",
		"/areas/E92000001/profile",
		"/areas/E06000001/priorities",
		"/indicators",
		"/indicators/910002",
		"/indicators/93701",
		"/indicators/241",
		"/indicators/108",
		"/indicators/92026",
	} {
		tb.visit(p)
	}
	tb.visitStatus("/indicators/910002?period=1999", 400)
	tb.visitStatus("/indicators/99999999", 404)

	// Journey 4, as far as it is built.
	tb.visit("/areas/E06000001/profile")
	tb.mustSee("#spine-caption", "Spine chart: Hartlepool compared with England")
	tb.mustSee("#profile-table", "Population aged 65 and over")
	tb.follow(`#profile-table a[href^="/indicators/910002"]`)
	tb.mustSee("h1", "Population aged 65 and over")
	tb.mustSee("#bar-summary", "Benchmark England")
	tb.mustSee("#map-summary", "Hex map")
	tb.mustSee("#funnel-summary", "outside the 99.8% limits")
	tb.choose("#area", "E06000001")
	tb.follow("main form button[type=submit]")
	tb.mustSee("#trend-caption", "Hartlepool")
	tb.visit("/areas/E06000001/priorities")
	tb.mustSee("#priorities-table", "Population aged")
}
