package browsertest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// phoneWithoutScripts makes the tab a 375 px wide phone with JavaScript
// switched off. axe-core cannot run while scripts are off, so the tab's
// own check skips it and axeWithoutScripts runs it on each page instead.
func phoneWithoutScripts(tb *tab) {
	tb.t.Helper()
	tb.skipAxe = true
	setScripts(tb, false)
	tb.do("narrow the window", chromedp.EmulateViewport(375, 800))
}

func setScripts(tb *tab, on bool) {
	tb.t.Helper()
	tb.do("switch scripts", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
}

// axeWithoutScripts checks the page as loaded without scripts: it lets
// scripts run only for axe-core itself (the page's own scripts, skipped
// at load, do not run after it), then switches them off again.
func axeWithoutScripts(tb *tab) {
	tb.t.Helper()
	if evaluate[bool](tb, `document.body.classList.contains("govuk-frontend-supported")`) {
		tb.t.Fatalf("on %s the page's scripts ran although they were switched off", tb.path())
	}
	setScripts(tb, true)
	tb.skipAxe = false
	tb.check(tb.path())
	tb.skipAxe = true
	setScripts(tb, false)
}

// Journey 6, the proposal part: a confirmed resident proposes a project
// (making one mistake on the way), another resident comments and supports
// it, and an officer gives the official answer, which the author then
// sees. At 375 px, without JavaScript, axe clean on every page.
func TestJourneyResidentProposesAProject(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	b := hartlepoolBoard(t, srv)
	ctx := context.Background()
	today := time.Now().UTC()
	proc, err := srv.Store.CreateProcess(ctx, store.System, voice.Process{PartnershipID: b.Partnership.ID, Title: "Healthier Hartlepool",
		Phases: []voice.Phase{{Kind: voice.PhaseProposals, Starts: today.AddDate(0, 0, -3).Format(voice.DateLayout), Ends: today.AddDate(0, 0, 30).Format(voice.DateLayout)}}})
	if err != nil {
		t.Fatal(err)
	}
	list := "/voice/processes/" + strconv.FormatInt(proc.ID, 10) + "/proposals"
	ann := srv.CreateUser(t, "ann.journey@example.test", "Ann from Seaton", false)
	bob := srv.CreateUser(t, "bob.journey@example.test", "Bob from Headland", false)
	officer := srv.CreateUser(t, "officer.journey@example.test", "Olu Officer", false)
	srv.Grant(t, officer.ID, b.Partnership.ID, auth.RoleOfficer)

	// Ann proposes.
	annTab := newTab(t, srv.URL)
	phoneWithoutScripts(annTab)
	signIn(annTab, ann.Email)
	axeWithoutScripts(annTab)
	// From the home page, by links: Voice, the process, its proposals.
	annTab.visit("/")
	axeWithoutScripts(annTab)
	annTab.follow(`header a[href="/voice"]`)
	axeWithoutScripts(annTab)
	annTab.follow(`main a[href="/voice/processes/` + strconv.FormatInt(proc.ID, 10) + `"]`)
	axeWithoutScripts(annTab)
	annTab.follow("#process-proposals")
	axeWithoutScripts(annTab)
	annTab.mustSee("#proposals-open", "Proposals are open until")
	annTab.follow(`main a[href="` + list + `/new"]`)
	axeWithoutScripts(annTab)
	annTab.fill("#title", "Walking group from Seaton Carew")
	annTab.submitInvalid("main form button[type=submit]")
	axeWithoutScripts(annTab)
	annTab.mustSee(".govuk-error-summary", "Enter a description of your proposal")
	annTab.mustSee(".govuk-error-summary", "Choose a category")
	annTab.fill("#description", "A weekly walk along the front, led by volunteers, for people who are lonely or recovering from illness.")
	annTab.tick(`input[name=category][value=health]`)
	annTab.follow("main form button[type=submit]")
	axeWithoutScripts(annTab)
	annTab.mustSee(".govuk-notification-banner", "Your proposal is published")
	annTab.mustSee("h1", "Walking group from Seaton Carew")
	annTab.mustSee("#proposal-author", "Ann from Seaton")
	proposalPath := strings.Split(annTab.path(), "?")[0]

	// Bob finds it in the list, comments and supports it.
	bobTab := newTab(t, srv.URL)
	phoneWithoutScripts(bobTab)
	signIn(bobTab, bob.Email)
	axeWithoutScripts(bobTab)
	bobTab.visit(list)
	axeWithoutScripts(bobTab)
	bobTab.follow(`main a[href="` + proposalPath + `"]`)
	axeWithoutScripts(bobTab)
	bobTab.fill("#body", "I would come every week. Could it start at the Longscar Centre?")
	bobTab.follow("#comment-form button[type=submit]")
	axeWithoutScripts(bobTab)
	bobTab.mustSee(".govuk-notification-banner", "Your comment is published")
	bobTab.mustSee("#comment-list", "Longscar Centre")
	bobTab.follow(`form[action="` + proposalPath + `/support"] button`)
	axeWithoutScripts(bobTab)
	bobTab.mustSee("#supporters", "1")
	bobTab.mustSee("#you-support", "You support this proposal")

	// The officer answers.
	offTab := newTab(t, srv.URL)
	phoneWithoutScripts(offTab)
	signIn(offTab, officer.Email)
	axeWithoutScripts(offTab)
	offTab.visit(proposalPath)
	axeWithoutScripts(offTab)
	offTab.follow(`#moderation-actions a[href="` + proposalPath + `/answer"]`)
	axeWithoutScripts(offTab)
	offTab.tick(`input[name=state][value=rejected]`)
	offTab.submitInvalid("main form button[type=submit]")
	axeWithoutScripts(offTab)
	offTab.mustSee(".govuk-error-summary", "Enter the reason the proposal is rejected")
	offTab.tick(`input[name=state][value=accepted]`)
	offTab.fill("#text", "Yes: the public health team will fund walk leaders' training from April.")
	offTab.follow("main form button[type=submit]")
	axeWithoutScripts(offTab)
	offTab.mustSee("#official-answer", "Accepted")

	// Ann sees the answer, with Bob's comment and support.
	annTab.visit(proposalPath)
	axeWithoutScripts(annTab)
	annTab.mustSee("#official-answer", "Accepted")
	annTab.mustSee("#official-answer", "fund walk leaders' training")
	annTab.mustSee("#comment-list", "Bob from Headland")
	annTab.mustSee("#supporters", "1")
	// No page is wider than the phone.
	if w := evaluate[[]int](annTab, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
		t.Errorf("the proposal page scrolls sideways at 375 px: %v", w)
	}

	// Moderation undone: the officer hides Bob's comment and shows it
	// again, then blocks Ann and lifts the block, each with a reason.
	offTab.visit(proposalPath)
	offTab.follow(`#comment-list a[href*="/hide?comment="]`)
	axeWithoutScripts(offTab)
	offTab.fill("#reason", "Checking a complaint about it")
	offTab.follow("main form button[type=submit]")
	offTab.mustSee("#comment-list", "Hidden by moderators: Checking a complaint about it")
	offTab.follow(`#comment-list a[href*="/unhide?comment="]`)
	axeWithoutScripts(offTab)
	offTab.mustSee("main", "It was hidden because: Checking a complaint about it")
	offTab.submitInvalid("main form button[type=submit]")
	axeWithoutScripts(offTab)
	offTab.mustSee(".govuk-error-summary", "Enter the reason")
	offTab.fill("#reason", "The complaint was about another comment")
	offTab.follow("main form button[type=submit]")
	axeWithoutScripts(offTab)
	offTab.mustSee(".govuk-notification-banner", "Shown again")
	offTab.mustSee("#comment-list", "Longscar Centre")
	offTab.follow(`#moderation-actions a[href*="/block?user="]`)
	offTab.fill("#reason", "Testing the block")
	offTab.follow("main form button[type=submit]")
	axeWithoutScripts(offTab)
	offTab.mustSee("#blocks", "Ann from Seaton")
	offTab.follow(`#blocks a[href*="/unblock?user="]`)
	axeWithoutScripts(offTab)
	offTab.fill("#reason", "Blocked by mistake")
	offTab.follow("main form button[type=submit]")
	axeWithoutScripts(offTab)
	offTab.mustSee(".govuk-notification-banner", "The block is lifted")
	offTab.mustSee("#blocked-accounts + p", "No account is blocked")
}

// The demo's proposals render at 375 px without scripts, axe clean: the
// list, and each proposal with its threads, answer and "you said, we did".
func TestDemoProposalPages(t *testing.T) {
	t.Parallel()
	srv := apptest.NewWith(t, apptest.Options{Demo: true})
	list, n, err := srv.Store.ListProposals(context.Background(), voice.ProposalFilter{})
	if err != nil || n == 0 {
		t.Fatalf("demo proposals: %d %v", n, err)
	}
	tb := newTab(t, srv.URL)
	phoneWithoutScripts(tb)
	tb.visit("/voice/processes/" + strconv.FormatInt(list[0].ProcessID, 10) + "/proposals")
	axeWithoutScripts(tb)
	tb.mustSee("#proposal-count", strconv.Itoa(n)+" proposals")
	for _, p := range list {
		tb.visit("/voice/proposals/" + strconv.FormatInt(p.ID, 10))
		axeWithoutScripts(tb)
		tb.mustSee("#proposal-description", demo.FictionalMarker)
		if p.Answer == voice.AnswerAccepted {
			tb.mustSee("#proposal-links", "Board decision")
		}
	}
}
