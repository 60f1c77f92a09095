package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

// TestMapsAndInequalitiesOnAPhone opens the indicator page with its two
// maps (Liverpool chosen) and England's inequalities page at 375 px: axe
// clean, nothing scrolls sideways, the map on real boundaries and the
// inequalities charts fit the column without scrolling inside their boxes,
// and their text is drawn at least 12 px tall. It then follows the
// indicator page's link to the inequalities view, and, at 320 px, the link
// from England's profile row of the indicator (named in full for a screen
// reader) to the same view.
func TestMapsAndInequalitiesOnAPhone(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, srv.URL)
	tb.do("phone width", chromedp.EmulateViewport(phoneWidth, 800))
	for _, tc := range []struct {
		path   string
		charts []string // figures that must fit without scrolling
	}{
		{"/indicators/93088?area=E08000012", []string{"#map-figure", "#choropleth-figure"}},
		{"/indicators/910002?area=E06000001&area_type=utla", []string{"#choropleth-figure"}},
		{"/areas/E92000001/inequalities/93088", []string{"#deciles-figure", "#by-sex-figure"}},
		{"/areas/E08000012/inequalities/93088", []string{"#by-sex-figure"}},
	} {
		tb.visit(tc.path)
		if w := evaluate[int](tb, `document.documentElement.scrollWidth`); w > phoneWidth {
			t.Errorf("%s scrolls sideways at %d px: %d px wide", tc.path, phoneWidth, w)
		}
		for _, fig := range tc.charts {
			sel := fig + " .app-chart__svg"
			if n := evaluate[int](tb, `document.querySelectorAll("`+sel+`").length`); n != 1 {
				t.Errorf("%s: no %s", tc.path, fig)
				continue
			}
			if over := evaluate[int](tb, `(() => { const b = document.querySelector("`+sel+`"); return b.scrollWidth - b.clientWidth; })()`); over > 0 {
				t.Errorf("%s: %s is %d px wider than its box at %d px", tc.path, fig, over, phoneWidth)
			}
			small := evaluate[[]float64](tb, `Array.from(document.querySelectorAll("`+fig+` svg text")).map(t => {
			  const m = t.getScreenCTM();
			  return parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
			}).filter(px => px < 12 - 0.01)`)
			if len(small) > 0 {
				t.Errorf("%s: %d texts of %s drawn under 12 px (first %.1f px)", tc.path, len(small), fig, small[0])
			}
		}
	}
	tb.visit("/indicators/93088?area=E92000001")
	tb.mustSee("#choropleth-caption", "Map on boundaries")
	tb.follow("#inequalities-link a")
	tb.mustSee("h1", "Overweight prevalence")
	tb.mustSee("#sii", "The slope index of inequality is")
	tb.mustSee("#deciles-summary", "Most deprived decile")
	tb.do("320 px", chromedp.EmulateViewport(320, 800))
	tb.visit("/areas/E92000001/profile")
	if w := evaluate[int](tb, `document.documentElement.scrollWidth`); w > 320 {
		t.Errorf("England's profile scrolls sideways at 320 px: %d px wide", w)
	}
	link := `#profile-table tr[data-indicator="93088"] a[href="/areas/E92000001/inequalities/93088"]`
	if name := evaluate[string](tb, `document.querySelector('`+link+`').textContent`); !strings.HasPrefix(name, "Inequalities in Overweight prevalence") {
		t.Errorf("the profile's inequalities link is named %q", name)
	}
	tb.follow(link)
	tb.mustSee("h1", "Overweight prevalence")
	tb.mustSee("#sii", "The slope index of inequality is")
}
