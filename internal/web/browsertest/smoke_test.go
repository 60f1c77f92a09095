package browsertest

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// TestHarnessCatchesProblems proves the checks can fail: an image without
// a text alternative and a console error must both be reported.
func TestHarnessCatchesProblems(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	tb := newTab(t, srv.URL)
	tb.visit("/")
	evaluate[bool](tb, `(() => { const i = document.createElement("img"); i.src = "/assets/app/favicon.svg"; document.querySelector("main").appendChild(i); console.error("deliberate"); return true })()`)
	ps := tb.problems("/ with faults")
	joined := strings.Join(ps, "\n")
	if !strings.Contains(joined, "image-alt") {
		t.Errorf("axe did not report the image without alt text; got:\n%s", joined)
	}
	if !strings.Contains(joined, "deliberate") {
		t.Errorf("the console error was not reported; got:\n%s", joined)
	}
}
