package browsertest

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// TestBoardCorrectionsWithoutJavaScript: with scripts off, the
// organisation field is the register's plain select, and a member can be
// moved to another organisation with it and their term ended.
func TestBoardCorrectionsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	b := hartlepoolBoard(t, srv)
	srv.CreateUser(t, "nojs-board@example.test", "No Script", true)
	tb := newTab(t, srv.URL)
	tb.skipAxe = true
	tb.do("switch scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	signIn(tb, "nojs-board@example.test")
	jo := b.Members[2]
	base := "/partnerships/" + strconv.FormatInt(b.Partnership.ID, 10) + "/members/" + strconv.FormatInt(jo.ID, 10)
	tb.visit(base + "/edit")
	if tag := evaluate[string](tb, `document.querySelector('#org_id').tagName`); tag != "SELECT" {
		t.Fatalf("without scripts the organisation field is a %s, want the plain SELECT", tag)
	}
	council := strconv.FormatInt(b.Orgs["council_upper"].ID, 10)
	tb.choose("#org_id", council)
	tb.fill("#job_title", "Community safety lead")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Board member's details saved")
	tb.mustSee("#board-table", "Community safety lead")

	tb.visit(base + "/end")
	tb.fill("#date-day", "31")
	tb.fill("#date-month", "12")
	tb.fill("#date-year", "2026")
	tb.follow("main form button[type=submit]")
	tb.mustSee(".govuk-notification-banner", "Board member's term ended")
	got, err := srv.Store.GetMember(context.Background(), jo.ID)
	if err != nil || strconv.FormatInt(got.OrgID, 10) != council || got.TermEnd != "2026-12-31" {
		t.Errorf("stored member %+v %v", got, err)
	}
}
