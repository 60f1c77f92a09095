package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/placeboard/placeboard/internal/app/apptest"
)

// TestWorksWithoutJavaScript repeats the core of each journey with the
// page's scripts switched off: search, sort and filter, sign in, and a form
// with its error summary. (The test itself still reads the page through
// the DevTools protocol.)
func TestWorksWithoutJavaScript(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	hartlepoolBoard(t, srv)
	srv.CreateUser(t, "nojs@example.test", "No Script", true)
	tb := newTab(t, srv.URL)
	tb.skipAxe = true
	tb.do("switch scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	tb.visit("/")
	if evaluate[bool](tb, `document.body.classList.contains("govuk-frontend-supported")`) {
		t.Fatal("scripts ran although they were switched off")
	}
	tb.fill("#q", "E06000001")
	tb.follow("main form button[type=submit]")
	tb.follow(`main a[href="/areas/utla/E06000001"]`)
	tb.mustSee("#partnerships + ul", "Hartlepool Health and Wellbeing Board")

	tb.visit("/national")
	tb.follow(`#footprint-table thead a[href*="sort=councils"]`)
	tb.tick("#led_by")
	tb.follow(`main form[action="/national"] button[type=submit]`)
	if p := tb.path(); !strings.Contains(p, "sort=councils") || !strings.Contains(p, "led_by=local_government") {
		t.Errorf("sort and filter without scripts gave %s", p)
	}

	signIn(tb, "nojs@example.test")
	tb.visit("/admin/partnerships/new")
	tb.submitInvalid("main form button[type=submit]")
	tb.mustSee(".govuk-error-summary", "Select the kind of partnership")
}

// TestScriptsRun checks the progressive enhancement does start when
// scripts are on: GOV.UK Frontend's module loads and marks the page.
func TestScriptsRun(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	tb := newTab(t, srv.URL)
	tb.visit("/")
	ok := evaluate[bool](tb, `new Promise(res => { const t0 = Date.now(); (function poll() { if (document.body.classList.contains("govuk-frontend-supported")) return res(true); if (Date.now() - t0 > 5000) return res(false); setTimeout(poll, 50) })() })`, awaitPromise)
	if !ok {
		t.Fatal("GOV.UK Frontend's module did not run (no govuk-frontend-supported class)")
	}
}
