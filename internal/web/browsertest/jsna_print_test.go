package browsertest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

// squash drops white space, so text is compared whatever the PDF's word
// spacing.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// TestJSNAPrints (issue 12 item 6): Liverpool's published JSNA summary,
// printed with Chromium's print-to-PDF, has a cover page naming the area,
// the date and who published it; each section starts on a new page; the
// numbered priorities keep their digits ("10." does not print as "0.");
// and the spine chart prints with its text alternative.
func TestJSNAPrints(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	srv.CreateUser(t, "jsna@example.test", "Jo Analyst", true)
	tb := newTab(t, srv.URL)
	signIn(tb, "jsna@example.test")
	tb.visit("/areas/E08000012/priorities")
	// Pin three indicators with no significant difference, so the ranking
	// runs past nine.
	keys := evaluate[[]string](tb, `Array.from(document.querySelectorAll('ul[aria-labelledby="no-difference"] > li')).slice(0, 3).map(li => li.id.replace('indicator-', ''))`)
	for _, k := range keys {
		tb.tick("#pinned-" + k)
		tb.follow("#indicator-" + k + " form button[type=submit]")
	}
	tb.fill("#title", "Liverpool JSNA 2026")
	tb.follow(`form[action$="/priorities/publish"] button[type=submit]`)
	tb.visit("/areas/E08000012/jsna")
	tb.mustSee("#jsna-publisher", "Jo Analyst")
	ranked := len(tb.texts("#jsna-priorities > li"))
	if ranked < 10 {
		t.Fatalf("Liverpool's JSNA ranks %d priorities; the test needs at least 10 to check two-digit numbers", ranked)
	}
	summary := tb.text("#jsna-spine-summary")
	chartTitle := tb.text("#jsna-spine-caption")
	date := tb.text("#jsna-date")

	ctx, cancel := context.WithTimeout(tb.ctx, patience)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	pages := pdfPagesText(pdf)
	if len(pages) < 3 {
		t.Fatalf("the PDF has %d pages; want a cover, the priorities and the profile on pages of their own", len(pages))
	}
	for i, p := range pages {
		if strings.TrimSpace(p) == "" {
			t.Errorf("page %d of the PDF is empty", i+1)
		}
	}
	cover := squash(pages[0])
	for _, want := range []string{"Liverpool", "Jointstrategicneedsassessment", "LiverpoolJSNA2026", squash(date), "JoAnalyst"} {
		if !strings.Contains(cover, want) {
			t.Errorf("the cover page lacks %q: %q", want, pages[0])
		}
	}
	if strings.Contains(cover, "Score") {
		t.Errorf("the priorities begin on the cover page, not a page of their own: %q", pages[0])
	}
	if !strings.HasPrefix(squash(pages[1]), "Priorities") {
		t.Errorf("page 2 does not begin with the priorities: %.200q", pages[1])
	}
	all := squash(strings.Join(pages, " "))
	for _, want := range []string{"1.", "9.", "10.", squash(chartTitle), squash(summary)} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// Each numbered item keeps its whole number.
	for n := 10; n <= ranked; n++ {
		num := strconv.Itoa(n) + "."
		if !strings.Contains(all, num) {
			t.Errorf("item %d prints without its number %q", n, num)
		}
	}
}
