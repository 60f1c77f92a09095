package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// The audit page fits a 320 px screen: the page itself never scrolls
// sideways; the wide table scrolls inside its own focusable box. It is
// checked with axe there too.
func TestAuditPageAt320px(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	u := srv.CreateUser(t, "ada@example.test", "Ada Admin", true)
	by := store.Actor{UserID: u.ID, Name: u.Email, ClientAddr: "2001:db8::1234:5678"}
	org, err := srv.Store.CreateOrganisation(ctx, by, places.Organisation{Name: "Hartlepool Borough Council with a rather long name indeed", Kind: places.OrgCouncilUpper})
	if err != nil {
		t.Fatal(err)
	}
	org.Name = strings.Repeat("Renamed ", 12)
	org.AreaCodes = []string{"E06000001", "E06000047", "E06000057"}
	if _, err := srv.Store.UpdateOrganisation(ctx, by, org); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, srv.URL)
	signIn(tb, u.Email)
	tb.do("narrow the window", chromedp.EmulateViewport(320, 900))
	tb.visit("/admin/audit")
	tb.mustSee("#audit-table", "Ada Admin")
	tb.mustSee("#audit-table", "Hartlepool Borough Council with a rather long name indeed →")
	widths := evaluate[[]int](tb, `[document.documentElement.scrollWidth, document.documentElement.clientWidth,
		document.querySelector('.app-table-scroll').scrollWidth, document.querySelector('.app-table-scroll').clientWidth]`)
	if widths[0] > widths[1] {
		t.Errorf("the page is %d px wide in a %d px window: it scrolls sideways", widths[0], widths[1])
	}
	if widths[2] <= widths[3] || widths[3] > widths[1] {
		t.Errorf("table box %d px of content in %d px: want the table to scroll inside a box no wider than the window (%d px)", widths[2], widths[3], widths[1])
	}
}
