package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

func TestPartnershipRolesPage(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	p, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool HWB"})
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := srv.As(t, auth.RoleAdministrator, p.ID, false)
	ana := srv.CreateUser(t, "ana@example.test", "Ana Analyst", false)
	base := "/partnerships/" + strconv.FormatInt(p.ID, 10) + "/roles"

	resp, body := getResp(t, admin, srv.URL+"/partnerships/"+strconv.FormatInt(p.ID, 10))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="`+base+`"`) {
		t.Errorf("partnership page does not link its administrator to people and roles (%d)", resp.StatusCode)
	}

	// Each problem names its field.
	for _, tc := range []struct {
		form  url.Values
		field string
		words string
	}{
		{url.Values{}, "email", "Enter the email address"},
		{url.Values{"email": {"ana@example.test"}}, "role", "Select the role"},
		{url.Values{"email": {"ana@example.test"}, "role": {"king"}}, "role", "Select one of the roles"},
		{url.Values{"email": {"nobody@example.test"}, "role": {"analyst"}}, "email", "No account has the email address nobody@example.test"},
	} {
		resp, body := postForm(t, admin, srv.URL, base, tc.form, "")
		checkNamed(t, resp.StatusCode, body, []string{tc.field})
		if !strings.Contains(body, tc.words) {
			t.Errorf("form %v: no %q in the page", tc.form, tc.words)
		}
	}

	// Grant, see it listed, revoke.
	resp, _ = postForm(t, admin, srv.URL, base, url.Values{"email": {"ANA@example.test"}, "role": {"analyst"}}, "")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != base+"?done=granted" {
		t.Fatalf("grant: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body = getResp(t, admin, srv.URL+base+"?done=granted")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Role given") || !strings.Contains(body, "ana@example.test") || !strings.Contains(body, ">Analyst<") {
		t.Errorf("roles page after grant: %d\n%s", resp.StatusCode, snippet(body))
	}
	if gs, _ := srv.Store.UserRoles(ctx, ana.ID); len(gs) != 1 || gs[0].Role != "analyst" {
		t.Errorf("stored grants: %+v", gs)
	}
	resp, _ = postForm(t, admin, srv.URL, base+"/revoke", url.Values{"user_id": {strconv.FormatInt(ana.ID, 10)}}, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if gs, _ := srv.Store.UserRoles(ctx, ana.ID); len(gs) != 0 {
		t.Errorf("grants after revoke: %+v", gs)
	}
	// Revoking again: the page says so, naming user_id.
	resp, body = postForm(t, admin, srv.URL, base+"/revoke", url.Values{"user_id": {strconv.FormatInt(ana.ID, 10)}}, "")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "has no role in this partnership") {
		t.Errorf("revoke twice: %d\n%s", resp.StatusCode, errorSummary(body))
	}
	anaRole := strconv.FormatInt(ana.ID, 10) + ":" + strconv.FormatInt(p.ID, 10)
	entries, _, err := srv.Store.AuditEntries(ctx, store.AuditFilter{Entity: "user_role", EntityID: anaRole})
	if err != nil || len(entries) != 2 || entries[0].Action != "delete" || entries[1].Action != "create" {
		t.Errorf("role audit entries for %s: %+v, %v; want create then delete", anaRole, entries, err)
	}

	// An officer of the partnership may not manage its roles.
	officer, _ := srv.As(t, auth.RoleOfficer, p.ID, false)
	if resp, _ := getResp(t, officer, srv.URL+base); resp.StatusCode != http.StatusForbidden {
		t.Errorf("officer on the roles page: %d", resp.StatusCode)
	}
}

func TestUsersPageDisableAndEnable(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	admin, me := srv.As(t, "", 0, true)
	victim, u := srv.As(t, "", 0, false)

	resp, body := getResp(t, admin, srv.URL+"/admin/users")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, u.Email) || !strings.Contains(body, "Global administrator") {
		t.Fatalf("users page: %d\n%s", resp.StatusCode, snippet(body))
	}
	if strings.Contains(body, `action="/admin/users/`+strconv.FormatInt(me.ID, 10)+`/disabled"`) {
		t.Error("the page offers to disable the administrator's own account")
	}
	userPath := "/admin/users/" + strconv.FormatInt(u.ID, 10) + "/disabled"

	// Bad values name the field.
	for _, form := range []url.Values{{}, {"disabled": {"maybe"}}} {
		resp, body := postForm(t, admin, srv.URL, userPath, form, "")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorSummary(body), "disabled must be yes or no") {
			t.Errorf("form %v: %d\n%s", form, resp.StatusCode, errorSummary(body))
		}
	}
	resp, body = postForm(t, admin, srv.URL, "/admin/users/"+strconv.FormatInt(me.ID, 10)+"/disabled", url.Values{"disabled": {"yes"}}, "")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "You cannot disable your own account") {
		t.Errorf("disabling oneself: %d", resp.StatusCode)
	}

	// National analyst: granted and removed from the page.
	nationalPath := "/admin/users/" + strconv.FormatInt(u.ID, 10) + "/national-analyst"
	resp, body = postForm(t, admin, srv.URL, nationalPath, url.Values{"national_analyst": {"perhaps"}}, "")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorSummary(body), "national_analyst must be yes or no") {
		t.Errorf("national analyst bad value: %d\n%s", resp.StatusCode, errorSummary(body))
	}
	resp, _ = postForm(t, admin, srv.URL, nationalPath, url.Values{"national_analyst": {"yes"}}, "")
	if got, _ := srv.Store.GetUser(ctx, u.ID); resp.StatusCode != http.StatusSeeOther || !got.NationalAnalyst {
		t.Errorf("make national analyst: %d, stored %v", resp.StatusCode, got.NationalAnalyst)
	}
	if _, body := getResp(t, admin, srv.URL+"/admin/users"); !strings.Contains(body, "National analyst (every area)") {
		t.Error("the users page does not show the national analyst")
	}

	// Disable: the person's session ends and they cannot sign in.
	resp, _ = postForm(t, admin, srv.URL, userPath, url.Values{"disabled": {"yes"}}, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if resp, _ := getResp(t, victim, srv.URL+"/account"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/sign-in") {
		t.Errorf("a disabled account's session still works: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, _, err := srv.Auth.Login(ctx, u.Email, apptest.Password, auth.Client{}); err == nil {
		t.Error("a disabled account signed in")
	}
	resp, body = getResp(t, admin, srv.URL+"/admin/users?done=disabled")
	if !strings.Contains(body, "Account disabled") || !strings.Contains(body, ">Disabled<") {
		t.Errorf("users page after disabling: %d\n%s", resp.StatusCode, snippet(body))
	}

	// Enable: they can sign in again.
	resp, _ = postForm(t, admin, srv.URL, userPath, url.Values{"disabled": {"no"}}, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", resp.StatusCode)
	}
	if _, _, err := srv.Auth.Login(ctx, u.Email, apptest.Password, auth.Client{}); err != nil {
		t.Errorf("sign in after enabling: %v", err)
	}
}

// getResp fetches url and returns the response (its body read) and body.
func getResp(t *testing.T, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(t, resp)
}
