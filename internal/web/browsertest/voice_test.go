package browsertest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// noScripts turns the page's scripts off (or on again) in the tab.
func noScripts(tb *tab, off bool) {
	tb.t.Helper()
	tb.do("scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	}))
}

// axeNoScripts runs axe on the page as it was loaded without scripts:
// scripts are let run just long enough for axe, then switched off again.
func axeNoScripts(tb *tab) {
	tb.t.Helper()
	noScripts(tb, false)
	tb.skipAxe = false
	tb.check(tb.path())
	tb.skipAxe = true
	noScripts(tb, true)
}

// Journey 6 (the consultation part): a resident on a phone, without
// JavaScript, finds the open consultation from the home page by links,
// makes a mistake, answers it and sees it saved; then reads "you said, we
// did" of the closed one. Staff see the analysis. axe is clean on every
// page.
func TestJourneyResidentAnswersAConsultation(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	resident := srv.CreateUser(t, "resident@example.test", "Rita Resident", false)
	if err := srv.Store.SetResidentProfile(t.Context(), store.System, resident.ID, places.ResidentProfile{Postcode: "TS24 7QS", WardCode: "E05008942", DistrictCode: "E06000001", AgeBand: "35-44"}); err != nil {
		t.Fatal(err)
	}
	officer := srv.CreateUser(t, "officer@example.test", "Olu Officer", false)
	srv.Grant(t, officer.ID, v.Partnership.ID, auth.RoleOfficer)

	tb := newTab(t, srv.URL)
	tb.do("phone width", chromedp.EmulateViewport(375, 800))
	tb.skipAxe = true
	noScripts(tb, true)
	signIn(tb, "resident@example.test")
	if evaluate[bool](tb, `document.body.classList.contains("govuk-frontend-supported")`) {
		t.Fatal("scripts ran although they were switched off")
	}

	tb.visit("/")
	axeNoScripts(tb)
	tb.follow(`header a[href="/voice"]`)
	axeNoScripts(tb)
	tb.mustSee("#open-consultations", "What should the board do first?")
	tb.follow(`#open-consultations a[href="/voice/consultations/` + strconv.FormatInt(v.Open.ID, 10) + `"]`)
	axeNoScripts(tb)
	tb.mustSee("#closes", "31 December 2026")
	tb.mustSee("#options", "Option B: housing first.")
	tb.mustSee("#documents", "Joint strategic needs assessment")
	tb.follow("#respond")
	axeNoScripts(tb)

	// A mistake: the required question left blank.
	q := v.Open.Questions
	tb.submitInvalid("main form button[type=submit]")
	axeNoScripts(tb)
	tb.mustSee(".govuk-error-summary", "Select an answer to")
	if href := evaluate[string](tb, `document.querySelector('.govuk-error-summary a').getAttribute('href')`); href != "#"+q[0].Field() {
		t.Fatalf("error summary links to %q", href)
	}

	tb.tick("#" + q[0].Field())        // Yes
	tb.tick("#" + q[1].Field() + "-2") // Dentist
	tb.tick("#" + q[2].Field() + "-4") // 4: agree
	tb.choose("#"+q[3].Field(), "3")
	tb.choose("#"+q[3].Field()+"_1", "1")
	tb.choose("#"+q[3].Field()+"_2", "2")
	tb.fill("#"+q[4].Field(), "The waiting list for my son's assessment is two years")
	tb.follow("main form button[type=submit]")
	axeNoScripts(tb)
	tb.mustSee(".govuk-notification-banner", "Your response has been saved")
	tb.mustSee("#responded", "You have responded")

	// Back to Voice: the closed consultation's "you said, we did".
	tb.follow(`header a[href="/voice"]`)
	tb.follow(`#closed-consultations a[href$="/you-said-we-did"]`)
	axeNoScripts(tb)
	tb.mustSee("#yswd-items", "You said: Buses")
	tb.mustSee("#yswd-items", "Fund an evening bus to the hospital")
	tb.mustSee("#yswd-orphans", "Damp homes")

	r, err := srv.Store.Responses(t.Context(), v.Open.ID)
	if err != nil || len(r) != 1 || r[0].WardCode != "E05008942" || len(r[0].Answers) != 5 {
		t.Fatalf("stored responses %+v %v", r, err)
	}

	// Staff see the analysis, with the resident's answer counted.
	staff := newTab(t, srv.URL)
	signIn(staff, "officer@example.test")
	staff.visit("/voice/consultations/" + strconv.FormatInt(v.Open.ID, 10))
	staff.follow(`main a[href$="/analysis"]`)
	staff.mustSee("#crosstab", "Should health come first?")
	staff.mustSee("main", "The waiting list for my son's assessment is two years")
	staff.follow(`#exports a[href$="/results"]`)
	staff.mustSee("#response-count", "1 responses")
	if !strings.Contains(staff.text("#chart-question-1-summary"), "Most chosen: Yes (1, 100.0%)") {
		t.Errorf("chart summary: %q", staff.text("#chart-question-1-summary"))
	}

	// Staff edit it: the form is the one that adds a consultation, filled
	// in; answered questions are listed, not offered for change.
	staff.visit("/voice/consultations/" + strconv.FormatInt(v.Open.ID, 10))
	staff.follow(`#manage-consultation a[href$="/edit"]`)
	staff.mustSee("#questions-locked", "The questions cannot change")
	staff.fill("#title", "")
	staff.submitInvalid("main form button[type=submit]")
	staff.mustSee(".govuk-error-summary", "title")
	staff.fill("#title", "What should the board do first, in 2027?")
	staff.follow("main form button[type=submit]")
	staff.mustSee(".govuk-notification-banner", "The consultation is saved")
	staff.mustSee("h1", "What should the board do first, in 2027?")
	// A consultation nobody has answered offers its questions for change.
	draft, err := srv.Store.CreateConsultation(t.Context(), store.System, voice.Consultation{ProcessID: v.Process.ID, Title: "Which projects?", Opens: "2027-01-01", Closes: "2027-03-31",
		Questions: []voice.Question{{Kind: voice.QuestionRanking, Text: "Rank them", Hint: "Most important first", Choices: []string{"Parks", "Libraries", "Buses"}}}})
	if err != nil {
		t.Fatal(err)
	}
	staff.visit("/voice/consultations/" + strconv.FormatInt(draft.ID, 10) + "/edit")
	if got := evaluate[string](staff, `document.querySelector('#question_1_hint').value`); got != "Most important first" {
		t.Errorf("the hint is not filled in: %q", got)
	}
}
