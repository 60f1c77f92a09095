// How a browser test gets a server and a tab (suite-time, 2026-12-03):
// unchanged. A test calls apptest.New(t) or apptest.NewWith(t, opts) for its
// own server and newTab(t, srv.URL) for a tab; every tab is a new browser
// context in the one Chromium that TestMain starts for the package. What
// changed is underneath: apptest's databases are copies of a template made
// once per test binary (migrated, reference geography loaded), and TestMain
// lets four tests run at once (-parallel 4 unless given on the command
// line), since a browser test mostly waits for Chromium and the server. A
// test that calls t.Parallel() must therefore keep to its own server, or
// only read a shared one. TestNoPageScrollsSideways opens each page it
// crawls once (linkCrawler), in one tab on one server.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets checked: WCAG 2.0, 2.1 and 2.2 at A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// patience bounds every wait on the browser or the server. It is generous
// on purpose: a busy machine must make the tests slow, never make them fail.
const patience = 5 * time.Minute

var (
	browserCtx  context.Context // one browser for the whole package
	axeSource   string
	skipReason  string
	chromiumBin string
)

// defaultParallel is how many browser tests run at once unless -parallel
// is given: each mostly waits (for Chromium's renderer, the server, axe),
// so four at once finish sooner than GOMAXPROCS (two here) would.
const defaultParallel = "4"

func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		if err := flag.Set("test.parallel", defaultParallel); err != nil {
			fmt.Fprintln(os.Stderr, "browsertest:", err)
			os.Exit(1)
		}
	}
	os.Exit(run(m))
}

func run(m *testing.M) int {
	chromiumBin = findChromium()
	if chromiumBin == "" {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "browsertest: Chromium is not installed, and CI=true: install the chromium package")
			return 1
		}
		skipReason = "Chromium is not installed (set CHROMIUM or install the chromium package)"
		return m.Run()
	}
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		return 1
	}
	b, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest: axe-core is missing; run `make assets` first:", err)
		return 1
	}
	axeSource = string(b)
	// Without GOV.UK Frontend's CSS the pages render unstyled and axe reports
	// dozens of confusing target-size failures; say what is really wrong.
	if _, err := os.Stat(filepath.Join(root, "internal", "web", "static", "vendor", "govuk-frontend.min.css")); err != nil {
		fmt.Fprintln(os.Stderr, "browsertest: GOV.UK Frontend's CSS is not in internal/web/static/vendor; run `make assets` first:", err)
		return 1
	}
	profile, err := os.MkdirTemp("", "placeboard-chromium-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		return 1
	}
	defer os.RemoveAll(profile)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumBin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("window-size", "1280,1024"),
		chromedp.UserDataDir(profile),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	// Start the browser now, on a context without a deadline.
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "browsertest: start Chromium:", err)
		return 1
	}
	browserCtx = ctx
	return m.Run()
}

func findChromium() string {
	for _, c := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if c != "" {
			if _, err := os.Stat(c); err == nil {
				return c
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// tab is one browser tab driven by a test. Every page it lands on is
// checked with axe-core and for console errors.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string

	// skipAxe leaves out axe-core, which cannot run with the page's scripts
	// switched off; the same pages are checked with scripts on elsewhere.
	skipAxe bool

	mu       sync.Mutex
	messages []string
}

// newTab opens a tab on the server at base. It skips the test when there is
// no browser.
func newTab(t *testing.T, base string) *tab {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	// Each tab has its own browser context, so cookies (sessions) are not
	// shared between tests.
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx, base: base}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				tb.mu.Lock()
				tb.messages = append(tb.messages, fmt.Sprintf("%s (%s:%d)", m.Text, m.URL, m.Line))
				tb.mu.Unlock()
			}
		}
	}()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return tb
}

// do runs actions with a time limit, failing the test on error.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, patience)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

func evaluate[T any](tb *tab, expr string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, patience)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		tb.t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// visit opens path, expects a 2xx page and checks it.
func (tb *tab) visit(path string) {
	tb.t.Helper()
	tb.visitStatus(path, 200)
}

// visitStatus opens path, expects the given status and checks the page.
// For an error status, the browser's own report of it ("Failed to load
// resource") is expected and not counted as a console error.
func (tb *tab) visitStatus(path string, status int) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, patience)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(tb.base+path))
	if err != nil {
		tb.t.Fatalf("open %s: %v", path, err)
	}
	if resp == nil || int(resp.Status) != status {
		got := 0
		if resp != nil {
			got = int(resp.Status)
		}
		tb.t.Fatalf("open %s: status %d, want %d", path, got, status)
	}
	if status >= 400 {
		tb.dropStatusMessage(tb.base + path)
	}
	tb.check(path)
}

// dropStatusMessage forgets the browser's report that url answered with an
// error status, which an error page always causes.
func (tb *tab) dropStatusMessage(url string) {
	time.Sleep(30 * time.Millisecond)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	kept := tb.messages[:0]
	for _, m := range tb.messages {
		if strings.HasPrefix(m, "Failed to load resource: the server responded with a status of 4") && strings.Contains(m, "("+url+":") {
			continue
		}
		kept = append(kept, m)
	}
	tb.messages = kept
}

// follow clicks sel (a link or a submit button), waits for the next page
// to load and checks it.
func (tb *tab) follow(sel string) {
	tb.t.Helper()
	tb.followExpect(sel, false)
}

// submitInvalid sends a form expected to come back with an error summary
// (a 4xx page), and checks the page.
func (tb *tab) submitInvalid(sel string) {
	tb.t.Helper()
	tb.followExpect(sel, true)
	tb.mustSee(".govuk-error-summary", "There is a problem")
}

func (tb *tab) followExpect(sel string, errorStatus bool) {
	tb.t.Helper()
	evaluate[bool](tb, `window.__pbOld = true`)
	tb.do("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	tb.waitNewPage(sel)
	here := evaluate[string](tb, `location.href`)
	if errorStatus {
		tb.dropStatusMessage(here)
	}
	tb.check(tb.path())
}

// waitNewPage waits until the page that set __pbOld has gone and the new
// one has loaded.
func (tb *tab) waitNewPage(what string) {
	tb.t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__pbOld === undefined && document.readyState === "complete"`))
		cancel()
		if err == nil && done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("after %s: no new page loaded", what)
}

func (tb *tab) path() string {
	return evaluate[string](tb, `location.pathname + location.search`)
}

// fill replaces the value of the input or textarea at sel.
func (tb *tab) fill(sel, value string) {
	tb.t.Helper()
	b, _ := json.Marshal(value)
	sb, _ := json.Marshal(sel)
	ok := evaluate[bool](tb, `(() => { const e = document.querySelector(`+string(sb)+`); if (!e) return false; e.value = `+string(b)+`; return true })()`)
	if !ok {
		tb.t.Fatalf("fill: no element %s on %s", sel, tb.path())
	}
}

// choose selects the option with value in the select at sel.
func (tb *tab) choose(sel, value string) {
	tb.t.Helper()
	tb.fill(sel, value)
}

// tick clicks a radio or checkbox.
func (tb *tab) tick(sel string) {
	tb.t.Helper()
	tb.do("tick "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// text returns the visible text of the first element matching sel.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	sb, _ := json.Marshal(sel)
	return evaluate[string](tb, `(() => { const e = document.querySelector(`+string(sb)+`); return e ? (e.innerText ?? e.textContent) : "" })()`)
}

// texts returns the visible text of every element matching sel.
func (tb *tab) texts(sel string) []string {
	tb.t.Helper()
	sb, _ := json.Marshal(sel)
	return evaluate[[]string](tb, `Array.from(document.querySelectorAll(`+string(sb)+`)).map(e => e.innerText ?? e.textContent)`)
}

func (tb *tab) mustSee(sel, want string) {
	tb.t.Helper()
	if got := tb.text(sel); !strings.Contains(got, want) {
		tb.t.Fatalf("on %s, %s shows %q; want it to contain %q", tb.path(), sel, got, want)
	}
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// check runs axe-core on the current page and fails the test on any
// violation or any console error since the last check.
func (tb *tab) check(where string) {
	tb.t.Helper()
	if ps := tb.problems(where); len(ps) > 0 {
		for _, p := range ps {
			tb.t.Error(p)
		}
		tb.t.FailNow()
	}
}

// problems lists the axe-core violations on the current page and the
// console errors since the last call.
func (tb *tab) problems(where string) []string {
	tb.t.Helper()
	// Let late console messages (failed loads, module errors) arrive.
	time.Sleep(30 * time.Millisecond)
	res := "[]"
	if !tb.skipAxe {
		res = tb.runAxe()
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		tb.t.Fatalf("%s: reading axe results: %v", where, err)
	}
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%s: axe %s (%s): %s\n    %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    ")))
	}
	tb.mu.Lock()
	msgs := tb.messages
	tb.messages = nil
	tb.mu.Unlock()
	for _, m := range msgs {
		out = append(out, where+": console error: "+m)
	}
	return out
}

var awaitPromise = chromedp.EvalAwaitPromise

func chromedpSetUpload(sel, file string) chromedp.Action[chromedp.Void] {
	return chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file})
}

func chromedpClick(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

// runAxe injects axe-core and returns its violations as JSON.
func (tb *tab) runAxe() string {
	tb.t.Helper()
	evaluate[chromedp.Void](tb, axeSource)
	tags, _ := json.Marshal(axeTags)
	return evaluate[string](tb, `axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + " " + n.html.slice(0, 160))}))))`, chromedp.EvalAwaitPromise)
}
