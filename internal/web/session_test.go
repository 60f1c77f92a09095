package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

func TestSignInAndOut(t *testing.T) {
	srv := apptest.New(t)
	srv.CreateUser(t, "ada@example.test", "Ada Admin", true)
	c := srv.Client(t)

	resp, err := c.PostForm(srv.URL+"/sign-in", url.Values{"email": {"ADA@example.test "}, "password": {apptest.Password}, "next": {"/admin"}})
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin" {
		t.Fatalf("sign in = %d to %q, want 303 to /admin", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "placeboard_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v, want HttpOnly and SameSite=Lax", cookie)
	}
	status, body := get(t, c, srv.URL, "/admin")
	if status != 200 || !strings.Contains(body, "Sign out") {
		t.Fatalf("signed in, /admin = %d", status)
	}

	// An off-site "next" is ignored.
	c2 := srv.Client(t)
	resp, _ = c2.PostForm(srv.URL+"/sign-in", url.Values{"email": {"ada@example.test"}, "password": {apptest.Password}, "next": {"//evil.example/"}})
	readBody(t, resp)
	if resp.Header.Get("Location") != "/" {
		t.Errorf("off-site next redirected to %q", resp.Header.Get("Location"))
	}

	// A cross-site form post is refused (CSRF), even with a session.
	req, _ := http.NewRequest("POST", srv.URL+"/admin/partnerships/new", strings.NewReader("kind=hwb"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post = %d, want 403", resp.StatusCode)
	}

	// Signing out is a POST; a GET does not sign anyone out.
	if status, _ := get(t, c, srv.URL, "/sign-out"); status < 400 {
		t.Errorf("GET /sign-out = %d, want 4xx", status)
	}
	resp, err = c.PostForm(srv.URL+"/sign-out", nil)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign out = %d", resp.StatusCode)
	}
	if status, _ := get(t, c, srv.URL, "/admin"); status != http.StatusSeeOther {
		t.Errorf("after signing out, /admin = %d, want 303 to sign in", status)
	}
	// The old session token no longer works even if replayed.
	replay := srv.Client(t)
	u, _ := url.Parse(srv.URL)
	replay.Jar.SetCookies(u, []*http.Cookie{{Name: cookie.Name, Value: cookie.Value, Path: "/"}})
	if status, _ := get(t, replay, srv.URL, "/admin"); status != http.StatusSeeOther {
		t.Errorf("replayed session after sign-out: /admin = %d, want 303", status)
	}
}

func TestPermissions(t *testing.T) {
	srv := apptest.New(t)
	p, err := srv.Store.CreatePartnership(context.Background(), store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", AreaType: places.AreaUTLA, Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	officer, _ := srv.As(t, "officer", p.ID, false)
	resident, _ := srv.As(t, "resident", p.ID, false)
	pid := "/partnerships/" + strconv.FormatInt(p.ID, 10)
	for _, path := range []string{pid + "/members/new", pid + "/meetings/new", pid + "/decisions/new"} {
		if status, _ := get(t, officer, srv.URL, path); status != http.StatusOK {
			t.Errorf("officer GET %s = %d, want 200", path, status)
		}
		if status, _ := get(t, resident, srv.URL, path); status != http.StatusForbidden {
			t.Errorf("resident GET %s = %d, want 403", path, status)
		}
		resp, err := resident.PostForm(srv.URL+path, url.Values{"person_name": {"X"}})
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("resident POST %s = %d, want 403", path, resp.StatusCode)
		}
	}
	anon := srv.Client(t)
	for _, path := range []string{"/admin", "/admin/audit", "/admin/partnerships/new", "/admin/organisations/new", "/admin/organisations/import"} {
		if status, _ := get(t, anon, srv.URL, path); status != http.StatusSeeOther {
			t.Errorf("anonymous GET %s = %d, want 303 to sign in", path, status)
		}
		if status, _ := get(t, officer, srv.URL, path); status != http.StatusForbidden {
			t.Errorf("officer GET %s = %d, want 403", path, status)
		}
	}
}

func TestSignInRateLimited(t *testing.T) {
	srv := apptest.New(t)
	srv.CreateUser(t, "bob@example.test", "Bob", false)
	c := srv.Client(t)
	var last int
	var body string
	for i := 0; i < 7; i++ {
		resp, err := c.PostForm(srv.URL+"/sign-in", url.Values{"email": {"bob@example.test"}, "password": {"wrong"}})
		if err != nil {
			t.Fatal(err)
		}
		body = readBody(t, resp)
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests || !strings.Contains(body, `href="#email"`) || !strings.Contains(body, "too many failed attempts") {
		t.Fatalf("after 7 failures: %d\n%s", last, errorSummary(body))
	}
	// Even the right password is refused while the pause lasts.
	resp, err := c.PostForm(srv.URL+"/sign-in", url.Values{"email": {"bob@example.test"}, "password": {apptest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("right password during the pause = %d (Retry-After %q), want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}
