package browsertest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/needs"
)

// TestNeedsPages opens every needs page on the demo data and checks each
// with axe-core and for console errors; then walks the part of journey 4
// that exists: profile → indicator → another period and area → priorities.
func TestNeedsPages(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, srv.URL)
	for _, p := range []string{
		"/areas/E06000001/profile",
		"/areas/E09000002/profile",
		"/areas/E92000001/profile",
		"/areas/E06000001/priorities",
		"/areas/E06000001/jsna",
		"/areas/E06000001/compare?with=E06000002,E06000004",
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
	tb.visit("/areas/E06000001/jsna")
	tb.mustSee("#jsna-status", "Not yet published")
}

// TestJourney4AnalystBuildsTheNeedsAssessment is journey 4 of JOURNEYS.md:
// an analyst signs in, uploads a Fingertips CSV whose preview flags a bad
// row, fixes it and re-uploads, watches the progress, sees the profile
// fill, opens an indicator (map, funnel), ranks priorities, pins two,
// annotates them, publishes, and opens the printable JSNA summary.
func TestJourney4AnalystBuildsTheNeedsAssessment(t *testing.T) {
	srv := apptest.New(t)
	srv.CreateUser(t, "analyst@example.test", "Ana Analyst", true)
	dir := t.TempDir()
	r, err := needs.OpenExtract("fingertips_london_utla_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(r)
	good := filepath.Join(dir, "london.csv")
	bad := filepath.Join(dir, "london-bad.csv")
	if err := os.WriteFile(good, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(raw), "Barnet,E09000003,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,36.74",
		"Barnet,E09000003,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,thirty", 1)
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}

	tb := newTab(t, srv.URL)
	signIn(tb, "analyst@example.test")
	tb.visit("/needs/import")
	tb.submitInvalid("main form button[type=submit]")

	upload := func(path string) {
		tb.tick(`input[name=format][value=fingertips]`)
		tb.do("choose file", chromedp.SetUploadFiles("#file", []string{path}))
	}
	upload(bad)
	tb.followExpect("main form button[type=submit]", true)
	tb.mustSee("#row-errors", "thirty")
	tb.mustSee("#row-errors", "value")

	upload(good)
	tb.follow("main form button[type=submit]")
	tb.mustSee("h1", "Check the import")
	tb.mustSee("#import-summary", "231")
	tb.follow("main form button[type=submit]")
	deadline := time.Now().Add(patience)
	for !strings.Contains(tb.text("h1"), "Import finished") && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		tb.visit(tb.path())
	}
	tb.mustSee("#import-progress", "Import")

	tb.visit("/areas/E09000002/profile")
	tb.mustSee("#spine-caption", "Barking and Dagenham")
	tb.follow(`#profile-table a[href^="/indicators/93701"]`)
	tb.mustSee("#bar-summary", "33 areas")
	tb.mustSee("#map-summary", "Hex map")
	tb.mustSee("#funnel-summary", "outside the 99.8% limits")

	tb.visit("/areas/E09000002/priorities")
	for _, id := range []string{"93701", "93700"} {
		tb.tick("#pinned-" + id)
		tb.fill("#note-"+id, "Child poverty: a priority for the board")
		tb.follow("#indicator-" + id + " form button[type=submit]")
		tb.mustSee("#pinned", "Children in")
	}
	tb.fill("#title", "Barking and Dagenham JSNA 2026")
	tb.follow(`form[action$="/priorities/publish"] button[type=submit]`)
	tb.mustSee("#jsna-status", "Barking and Dagenham JSNA 2026")
	tb.mustSee("#jsna-priorities", "Child poverty: a priority for the board")
	// The print layout hides the site's header.
	hidden := evaluate[bool](tb, `(function(){ for (const s of document.styleSheets) { try { for (const r of s.cssRules) { if (r.media && r.media.mediaText.includes("print") && r.cssText.includes(".govuk-header")) return true } } catch (e) {} } return false })()`)
	if !hidden {
		t.Error("no print rules hide the header")
	}
}
