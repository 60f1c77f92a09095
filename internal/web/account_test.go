package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

func postForm(t *testing.T, c *http.Client, base, path string, v url.Values, ua string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", base+path, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if ua != "" {
		req.Header.Set("User-Agent", ua)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(t, resp)
}

// The reproduction: /sign-in?next=/%09/evil.example used to send
// people off-site after signing in.
func TestSignInNextStaysOnSite(t *testing.T) {
	srv := apptest.New(t)
	srv.CreateUser(t, "ada@example.test", "Ada", false)
	for _, next := range []string{"/\t/evil.example", "/\\evil.example", "//evil.example", "https://evil.example/", "/\n/evil.example"} {
		c := srv.Client(t)
		status, body := get(t, c, srv.URL, "/sign-in?next="+url.QueryEscape(next))
		if status != 200 || strings.Contains(body, "evil.example") {
			t.Errorf("sign-in form with next=%q: %d, echoes it: %v", next, status, strings.Contains(body, "evil.example"))
		}
		resp, _ := postForm(t, c, srv.URL, "/sign-in", url.Values{"email": {"ada@example.test"}, "password": {apptest.Password}, "next": {next}}, "")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Errorf("next=%q: %d to %q, want 303 to /", next, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

func TestAccountSessionsAndPassword(t *testing.T) {
	srv := apptest.New(t)
	srv.CreateUser(t, "ada@example.test", "Ada Lovelace", false)
	laptop, phone := srv.Client(t), srv.Client(t)
	for _, c := range []struct {
		client *http.Client
		ua     string
	}{{laptop, "Laptop-Browser/1"}, {phone, "Phone-Browser/2"}} {
		resp, _ := postForm(t, c.client, srv.URL, "/sign-in", url.Values{"email": {"ada@example.test"}, "password": {apptest.Password}}, c.ua)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in from %s: %d", c.ua, resp.StatusCode)
		}
	}
	status, body := get(t, laptop, srv.URL, "/account")
	if status != 200 || !strings.Contains(body, "Ada Lovelace") || !strings.Contains(body, "Laptop-Browser/1") || !strings.Contains(body, "Phone-Browser/2") ||
		strings.Count(body, "This session") != 1 || !strings.Contains(body, "127.0.0.1") {
		t.Fatalf("/account = %d:\n%s", status, body)
	}
	// Anonymous visitors are sent to sign in.
	anon := srv.Client(t)
	resp, err := anon.Get(srv.URL + "/account")
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/sign-in?next=%2Faccount") {
		t.Errorf("anonymous /account: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// Changing the password: each problem names its field.
	for _, tc := range []struct {
		form  url.Values
		field string
		words string
	}{
		{url.Values{}, "current_password", "Enter your current password"},
		{url.Values{"current_password": {"not it"}, "new_password": {"a much better passphrase"}, "confirm_password": {"a much better passphrase"}}, "current_password", "not right"},
		{url.Values{"current_password": {apptest.Password}, "new_password": {"too short"}, "confirm_password": {"too short"}}, "new_password", "at least 12 characters"},
		{url.Values{"current_password": {apptest.Password}, "new_password": {"Password1234"}, "confirm_password": {"Password1234"}}, "new_password", "commonly used"},
		{url.Values{"current_password": {apptest.Password}, "new_password": {"a much better passphrase"}, "confirm_password": {"a different one"}}, "confirm_password", "do not match"},
	} {
		resp, body := postForm(t, laptop, srv.URL, "/account/password", tc.form, "")
		checkNamed(t, resp.StatusCode, body, []string{tc.field})
		if !strings.Contains(body, tc.words) {
			t.Errorf("form %v: no %q in the message", tc.form, tc.words)
		}
		if strings.Contains(body, apptest.Password) || strings.Contains(body, "a much better passphrase") {
			t.Error("a password was echoed back")
		}
	}
	resp, _ = postForm(t, laptop, srv.URL, "/account/password", url.Values{"current_password": {apptest.Password},
		"new_password": {"a much better passphrase"}, "confirm_password": {"a much better passphrase"}}, "Laptop-Browser/1")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=password" {
		t.Fatalf("change password: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The laptop carries on with its new session; the phone is signed out.
	if status, body := get(t, laptop, srv.URL, "/account?done=password"); status != 200 || !strings.Contains(body, "Your password has been changed") || strings.Contains(body, "Phone-Browser/2") {
		t.Errorf("after the change, /account = %d", status)
	}
	resp, err = phone.Get(srv.URL + "/account")
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the phone's old session still works: %d", resp.StatusCode)
	}

	// Ending another session from the account page.
	resp, _ = postForm(t, phone, srv.URL, "/sign-in", url.Values{"email": {"ada@example.test"}, "password": {"a much better passphrase"}}, "Phone-Browser/3")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", resp.StatusCode)
	}
	_, body = get(t, laptop, srv.URL, "/account")
	id := sessionIDFor(body, "Phone-Browser/3")
	if id == "" {
		t.Fatalf("no end button for the phone's session:\n%s", body)
	}
	resp, _ = postForm(t, laptop, srv.URL, "/account/sessions/end", url.Values{"session": {id}}, "")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=ended" {
		t.Fatalf("end session: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if status, _ := get(t, phone, srv.URL, "/account"); status == 200 {
		t.Error("an ended session still works")
	}
	// Someone else cannot end Ada's session.
	eve, _ := srv.As(t, "", 0, false)
	_, body = get(t, laptop, srv.URL, "/account")
	own := sessionIDFor(body, "Laptop-Browser/1")
	postForm(t, eve, srv.URL, "/account/sessions/end", url.Values{"session": {own}}, "")
	if status, _ := get(t, laptop, srv.URL, "/account"); status != 200 {
		t.Error("another person ended Ada's session")
	}
}

// sessionIDFor finds the hidden session ID in the account page's row for
// the browser ua.
func sessionIDFor(body, ua string) string {
	_, row, ok := strings.Cut(body, ua)
	if !ok {
		return ""
	}
	_, rest, ok := strings.Cut(row, `name="session" value="`)
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, `"`)
	return id
}
