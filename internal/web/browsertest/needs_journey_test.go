package browsertest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs"
)

// TestJourney4ByLinks is journey 4 of JOURNEYS.md as an analyst makes it,
// starting at the home page and following links only (the home page is
// the one address typed), at a phone's width (375 px) and a desktop's
// (1280 px), with axe clean on every page: sign in, Needs, import a
// Fingertips CSV (the preview flags the bad row by row and column; fix and
// re-upload), watch the progress, open the area's profile and its spine
// chart, an indicator (bar chart, map, funnel), rank the priorities, pin and
// annotate two, publish, and print the JSNA summary.
func TestJourney4ByLinks(t *testing.T) {
	for _, width := range []int{375, 1280} {
		t.Run(strconv.Itoa(width)+"px", func(t *testing.T) {
			t.Parallel()
			journey4ByLinks(t, width)
		})
	}
}

func journey4ByLinks(t *testing.T, width int) {
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
	if broken == string(raw) {
		t.Fatal("the extract no longer has the row the journey breaks")
	}
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}

	tb := newTab(t, srv.URL)
	tb.do("set the width", chromedp.EmulateViewport(int64(width), 900))
	tb.visit("/")
	// The service navigation (a menu button on a phone).
	nav := func(href string) {
		t.Helper()
		if evaluate[bool](tb, `(() => { const b = document.querySelector('.govuk-service-navigation__toggle'); return !!b && !b.hidden && b.offsetParent !== null && b.getAttribute('aria-expanded') !== 'true' })()`) {
			tb.do("open the menu", chromedpClick(".govuk-service-navigation__toggle"))
		}
		tb.follow(`.govuk-service-navigation a[href="` + href + `"]`)
	}
	nav("/sign-in")
	tb.fill("#email", "analyst@example.test")
	tb.fill("#password", apptest.Password)
	tb.follow("main form button[type=submit]")
	if !evaluate[bool](tb, `!!document.querySelector('header form[action="/sign-out"]')`) {
		t.Fatal("not signed in")
	}

	nav("/needs")
	tb.mustSee("h1", "Health needs")
	tb.follow(`main a[href="/needs/import"]`)
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
	// The progress page refreshes itself until the import is done.
	deadline := time.Now().Add(patience)
	for !strings.Contains(tb.text("h1"), "Import finished") && time.Now().Before(deadline) {
		time.Sleep(500 * time.Millisecond)
	}
	tb.mustSee("h1", "Import finished")
	tb.check(tb.path())

	// Find the area from the needs page, open its profile.
	nav("/needs")
	tb.fill("#area", "Barking")
	tb.follow(`main form[action="/needs"] button[type=submit]`)
	tb.follow(`#needs-areas a[href="/areas/E09000002/profile"]`)
	tb.mustSee("#spine-caption", "Barking and Dagenham")
	if n := len(tb.texts("#profile-table tbody tr")); n < 5 {
		t.Errorf("the profile shows %d indicators after the import", n)
	}
	tb.follow(`#profile-table a[href^="/indicators/93701"]`)
	tb.mustSee("#bar-summary", "33 areas")
	tb.mustSee("#map-summary", "Hex map")
	tb.mustSee("#funnel-summary", "outside the 99.8% limits")
	tb.mustSee("#trend-figure", "Barking and Dagenham")

	// Rank, pin two, annotate, publish.
	nav("/needs")
	tb.fill("#area", "Barking")
	tb.follow(`main form[action="/needs"] button[type=submit]`)
	tb.follow(`#needs-areas a[href="/areas/E09000002/priorities"]`)
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
	if first := tb.texts("#jsna-priorities > li"); len(first) < 2 || !strings.Contains(first[0], "(pinned)") || !strings.Contains(first[1], "(pinned)") {
		t.Errorf("the pinned priorities do not come first: %q", first)
	}

	// Print it.
	ctx, cancel := context.WithTimeout(tb.ctx, patience)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	text := squash(strings.Join(pdfPagesText(pdf), " "))
	for _, want := range []string{"BarkingandDagenhamJSNA2026", "Childpoverty:apriorityfortheboard", "1.", squash(tb.text("#jsna-spine-summary"))} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed JSNA lacks %q", want)
		}
	}
}
