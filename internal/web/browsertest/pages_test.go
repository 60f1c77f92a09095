package browsertest

import (
	"strconv"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
)

// TestEveryPage opens every page, anonymously and signed in as an
// administrator, including forms showing their error summary, and checks
// each with axe-core and for console errors.
func TestEveryPage(t *testing.T) {
	t.Parallel()
	srv := apptest.New(t)
	b := hartlepoolBoard(t, srv)
	pid := strconv.FormatInt(b.Partnership.ID, 10)
	public := []string{
		"/",
		"/search?q=Hartlepool",
		"/search?q=E06000001",
		"/search?q=zzzznowhere",
		"/areas?type=utla",
		"/areas?type=icb",
		"/areas?type=stp",
		"/areas?type=ltla&page=2",
		"/areas/utla/E06000001",
		"/areas/ltla/E06000001",
		"/areas/utla/E10000023",
		"/areas/icb/E54000050",
		"/areas/stp/E54000045",
		"/areas/region/E12000001",
		"/areas/nhser/E40000003",
		"/areas/country/E92000001",
		"/areas/lsoa/E01000001",
		"/areas/E06000001", // redirects to the council
		"/organisations",
		"/organisations?sector=nhs",
		"/organisations?kind=police",
		"/organisations/" + strconv.FormatInt(b.Orgs["nhs_trust"].ID, 10),
		"/organisations/" + strconv.FormatInt(b.Orgs["council_upper"].ID, 10),
		"/partnerships",
		"/partnerships/" + pid,
		"/partnerships/" + pid + "/meetings/" + strconv.FormatInt(b.Meeting.ID, 10),
		"/partnerships/" + pid + "/decisions/" + strconv.FormatInt(b.Decision.ID, 10),
		"/national",
		"/national?sort=on_board&order=desc",
		"/national?sort=councils&led_by=local_government",
		"/sign-in",
	}
	// Pages answering an error status still have to be accessible.
	errorPages := []struct {
		path   string
		status int
	}{
		{"/search?q=", 400},
		{"/areas/utla/E99999999", 404},
		{"/organisations?kind=spaceship", 400},
		{"/national?sort=nonsense", 400},
		{"/no-such-page", 404},
	}
	admin := []string{
		"/admin",
		"/admin/partnerships/new",
		"/admin/partnerships/new?area_type=utla&area_code=E06000004",
		"/partnerships/" + pid + "/members/new",
		"/partnerships/" + pid + "/meetings/new",
		"/partnerships/" + pid + "/decisions/new",
		"/admin/organisations/new",
		"/admin/organisations/import",
		"/admin/audit",
		"/admin/users",
		"/partnerships/" + pid + "/roles",
		"/account",
		"/account/password",
		"/account/two-factor",
	}
	// Each empty form, sent, shows the error summary.
	forms := []struct{ page, submit string }{
		{"/admin/partnerships/new", "main form button[type=submit]"},
		{"/partnerships/" + pid + "/members/new", "main form button[type=submit]"},
		{"/partnerships/" + pid + "/meetings/new", "main form button[type=submit]"},
		{"/partnerships/" + pid + "/decisions/new", "main form button[type=submit]"},
		{"/admin/organisations/new", "main form button[type=submit]"},
		{"/admin/organisations/import", "main form button[type=submit]"},
		{"/partnerships/" + pid + "/roles", "main form button[type=submit]"},
		{"/account/password", "main form button[type=submit]"},
		{"/account/two-factor", "main form button[type=submit]"},
		{"/sign-in", "main form button[type=submit]"},
	}

	t.Run("anonymous", func(t *testing.T) {
		tb := newTab(t, srv.URL)
		for _, p := range public {
			tb.visit(p)
		}
		for _, p := range errorPages {
			tb.visitStatus(p.path, p.status)
		}
	})
	t.Run("administrator", func(t *testing.T) {
		srv.CreateUser(t, "admin@example.test", "Ada Admin", true)
		tb := newTab(t, srv.URL)
		signIn(tb, "admin@example.test")
		for _, p := range append(public[:len(public)-1], admin...) {
			tb.visit(p)
		}
		for _, f := range forms[:len(forms)-1] {
			tb.visit(f.page)
			tb.submitInvalid(f.submit)
		}
	})
	t.Run("officer", func(t *testing.T) {
		_, u := srv.As(t, auth.RoleOfficer, b.Partnership.ID, false)
		tb := newTab(t, srv.URL)
		signIn(tb, u.Email)
		tb.visit("/partnerships/" + pid)
		tb.visit("/partnerships/" + pid + "/meetings/new")
		tb.visitStatus("/admin/audit", 403) // not an administrator: refused
		tb.mustSee("h1", "You do not have permission")
	})
	t.Run("sign-in form errors", func(t *testing.T) {
		tb := newTab(t, srv.URL)
		tb.visit("/sign-in")
		tb.submitInvalid("main form button[type=submit]")
		tb.mustSee(".govuk-error-summary", "Enter your email address")
	})
}

// signIn signs in through the sign-in page.
func signIn(tb *tab, email string) {
	tb.t.Helper()
	tb.visit("/sign-in")
	tb.fill("#email", email)
	tb.fill("#password", apptest.Password)
	tb.follow("main form button[type=submit]")
	tb.mustSee("header", "Sign out")
}
