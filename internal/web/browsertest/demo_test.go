package browsertest

import (
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// TestDemoPages walks the demo partnership a newcomer sees after
// `serve --demo`: its area, board, meetings and decisions, and the national
// view with the demo footprints, checking every page.
func TestDemoPages(t *testing.T) {
	t.Parallel()
	srv := apptest.NewWith(t, apptest.Options{Demo: true})
	tb := newTab(t, srv.URL)
	tb.visit("/national?sort=on_board&order=desc")
	tb.visit("/partnerships")
	hwbs := evaluate[[]string](tb, `Array.from(document.querySelectorAll('main tbody tr')).filter(r => r.innerText.includes('Health and wellbeing board')).map(r => r.querySelector('a').getAttribute('href'))`)
	if len(hwbs) == 0 {
		t.Fatal("the demo has no health and wellbeing board")
	}
	tb.visit(hwbs[0])
	links := evaluate[[]string](tb, `Array.from(document.querySelectorAll('#decisions-table a, #meetings-table a, main a[href^="/organisations/"], main a[href^="/areas/"]')).map(a => a.getAttribute('href'))`)
	if len(links) == 0 {
		t.Fatal("the demo board page links to nothing")
	}
	seen := map[string]bool{}
	for _, l := range links {
		if !seen[l] {
			seen[l] = true
			tb.visit(l)
		}
	}
}
