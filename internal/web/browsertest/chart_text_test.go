package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

// phoneWidth is a common phone's width in CSS pixels.
const phoneWidth = 375

// minChartText is the smallest chart text a phone should show (issue 12
// item 2; the spine chart's was about 5 px).
const minChartText = 12.0

// TestChartTextLegibleOnAPhone: at 375 px every chart's text is drawn at
// least 12 px tall: its font size times the SVG's scale on the screen. A
// chart too wide to fit scrolls inside its own box rather than shrinking.
func TestChartTextLegibleOnAPhone(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, srv.URL)
	tb.do("phone width", chromedp.EmulateViewport(phoneWidth, 800))
	for _, path := range []string{
		"/areas/E08000012/profile",
		"/areas/E92000001/profile",
		"/indicators/93088?area=E08000012",
		"/indicators/910002",
		"/areas/utla/E06000001",
	} {
		tb.visit(path)
		type small struct {
			Text string  `json:"text"`
			Px   float64 `json:"px"`
		}
		got := evaluate[[]small](tb, `Array.from(document.querySelectorAll('main svg text')).map(t => {
		  const m = t.getScreenCTM();
		  const scale = m ? Math.hypot(m.a, m.b) : 1;
		  return {text: t.textContent.slice(0, 40), px: parseFloat(getComputedStyle(t).fontSize) * scale};
		}).filter(s => s.px < `+"12"+` - 0.01)`)
		n := evaluate[int](tb, `document.querySelectorAll('main svg text').length`)
		if n == 0 {
			t.Errorf("%s: no chart text to measure", path)
		}
		for i, s := range got {
			if i == 5 {
				t.Errorf("%s: … %d more", path, len(got)-5)
				break
			}
			t.Errorf("%s: chart text %q drawn %.1f px tall at %d px wide, want at least %.0f", path, s.Text, s.Px, phoneWidth, minChartText)
		}
	}
}
