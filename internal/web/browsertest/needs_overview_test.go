package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

// TestNeedsOverviewOnAPhone opens the overview heatmap at 375 px with axe
// (colour contrast of every coloured cell included): the page does not
// scroll sideways, the table scrolls inside its own box, and each cell
// says its comparison in words. Then it chooses a comparator on the
// profile with the GET form, without JavaScript's help.
func TestNeedsOverviewOnAPhone(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, srv.URL)
	tb.do("phone width", chromedp.EmulateViewport(phoneWidth, 800))
	for _, path := range []string{"/areas/E12000002/overview", "/areas/E12000002/overview?comparator=region", "/areas/E92000001/overview", "/areas/E08000012/profile?comparator=region"} {
		tb.visit(path)
		if w := evaluate[int](tb, `document.documentElement.scrollWidth`); w > phoneWidth {
			t.Errorf("%s: the page is %d px wide at %d px", path, w, phoneWidth)
		}
	}
	tb.visit("/areas/E12000002/overview")
	tb.mustSee("#overview-table-caption", "compared with England")
	if n := evaluate[int](tb, `Array.from(document.querySelectorAll('#overview-table td.app-heat__cell')).filter(td => !td.querySelector('.app-heat__word') || td.querySelector('.app-heat__word').textContent.trim() === '').length`); n != 0 {
		t.Errorf("%d heatmap cells say nothing in words", n)
	}
	if wide := evaluate[bool](tb, `(() => { const b = document.querySelector('#overview-table').closest('.app-table-scroll'); return b.scrollWidth > b.clientWidth })()`); !wide {
		t.Errorf("the heatmap does not scroll inside its box at %d px", phoneWidth)
	}
	// From the profile, choose the region with the form.
	tb.visit("/areas/E08000012/profile")
	tb.follow(`#profile-overviews a[href="/areas/E92000001/overview"]`)
	tb.mustSee("h1", "England")
	tb.visit("/areas/E08000012/profile")
	tb.tick("#comparator-region")
	tb.follow(".app-comparator-form button[type=submit]")
	tb.mustSee("#profile-comparator", "North West")
	tb.mustSee("#profile-table", "Compared with North West")
}
