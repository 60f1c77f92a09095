package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

const ssoOrgID = 42 // the organisation nhs.example maps to

// startSSO starts the provider and a server configured to use it.
func startSSO(t *testing.T, people ...idpPerson) (*apptest.Server, *testIDP) {
	t.Helper()
	idp := startIDP(t, people...)
	srv := apptest.NewWith(t, apptest.Options{Config: func(cfg *app.Config, url string) {
		cfg.SSO = &auth.OIDCConfig{Issuer: idp.URL, ClientID: idp.ClientID, ClientSecret: idp.Secret,
			RedirectURL: url + "/sign-in/oidc/callback", Domains: map[string]int64{"NHS.example": ssoOrgID}}
		idp.setRedirect(url + "/sign-in/oidc/callback")
	}})
	return srv, idp
}

// browser follows redirects, across the provider and the server, and
// keeps cookies.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// ssoSignIn starts at /sign-in/oidc and follows every redirect; it returns
// the final page.
func ssoSignIn(t *testing.T, srv *apptest.Server, c *http.Client, next string) (int, string, string) {
	t.Helper()
	resp, err := c.Get(srv.URL + "/sign-in/oidc?next=" + next)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	return resp.StatusCode, resp.Request.URL.Path, body
}

// signedInAs reports who the browser's session belongs to ("" if none).
func signedInAs(t *testing.T, srv *apptest.Server, c *http.Client) string {
	t.Helper()
	u, _ := http.NewRequest("GET", srv.URL, nil)
	for _, ck := range c.Jar.Cookies(u.URL) {
		if ck.Name == srv.Auth.CookieName() {
			p, err := srv.Auth.Principal(context.Background(), ck.Value)
			if err != nil {
				t.Fatal(err)
			}
			if p != nil {
				return p.Email
			}
		}
	}
	return ""
}

func TestSingleSignOnLinksVerifiedAccount(t *testing.T) {
	srv, idp := startSSO(t,
		idpPerson{Subject: "sub-sam", Email: "Sam.Staff@nhs.example", Name: "Sam Staff", Verified: true},
		idpPerson{Subject: "sub-new", Email: "new.starter@nhs.example", Name: "New Starter", Verified: true},
		idpPerson{Subject: "sub-far", Email: "someone@elsewhere.example", Name: "Far Away", Verified: true})
	existing := srv.CreateUser(t, "sam.staff@nhs.example", "Sam Staff", false)
	ctx := context.Background()

	// The button is offered.
	if _, page := get(t, srv.Client(t), srv.URL, "/sign-in?next=/account"); !strings.Contains(page, "Sign in with your organisation account") ||
		!strings.Contains(page, `href="/sign-in/oidc?next=%2faccount"`) {
		t.Errorf("no organisation sign-in button on /sign-in")
	}

	// Discovery, authorize with PKCE (S256) and a nonce, the code exchange,
	// the ID token verified: the existing account is linked and signed in.
	idp.setCurrent("sub-sam")
	c := browser(t)
	status, path, page := ssoSignIn(t, srv, c, "/account")
	if status != 200 || path != "/account" || !strings.Contains(page, "sam.staff@nhs.example") {
		t.Fatalf("single sign-on: %d at %s\n%s", status, path, page)
	}
	req := idp.lastRequest()
	if req.CodeChallengeMethod != "S256" || len(req.CodeChallenge) < 43 || req.Nonce == "" || req.State == "" {
		t.Errorf("authorization request: method %q challenge %q nonce %q state %q", req.CodeChallengeMethod, req.CodeChallenge, req.Nonce, req.State)
	}
	if got := signedInAs(t, srv, c); got != "sam.staff@nhs.example" {
		t.Errorf("signed in as %q", got)
	}
	if u, err := srv.Store.UserByOIDCSubject(ctx, idp.URL, "sub-sam"); err != nil || u.ID != existing.ID {
		t.Errorf("link: %+v %v", u, err)
	}
	entries, _, err := srv.Store.AuditEntries(ctx, store.AuditFilter{Entity: "user"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		if e.Action == audit.ActionSignIn && strings.Contains(string(e.After), "single sign-on") && e.ActorID == existing.ID {
			found = true
		}
	}
	if !found {
		t.Errorf("no audited single sign-on sign-in among %d entries", len(entries))
	}
	// A second sign-in finds the account by its subject.
	if status, path, _ := ssoSignIn(t, srv, browser(t), "/account"); status != 200 || path != "/account" {
		t.Errorf("second single sign-on: %d at %s", status, path)
	}

	// A verified e-mail in a mapped domain without an account gets one,
	// with no roles.
	idp.setCurrent("sub-new")
	c = browser(t)
	if status, path, _ := ssoSignIn(t, srv, c, "/"); status != 200 || path != "/" || signedInAs(t, srv, c) != "new.starter@nhs.example" {
		t.Errorf("new starter: %d at %s", status, path)
	}
	u, err := srv.Store.GetUserByEmail(ctx, "new.starter@nhs.example")
	if err != nil || u.Admin || u.Name != "New Starter" {
		t.Fatalf("new account: %+v %v", u, err)
	}
	if roles, err := srv.Store.UserRoles(ctx, u.ID); err != nil || len(roles) != 0 {
		t.Errorf("new account has roles: %v %v", roles, err)
	}
	var org int64
	if err := srv.Store.DB().QueryRowContext(ctx, "SELECT organisation_id FROM user_oidc WHERE subject = 'sub-new'").Scan(&org); err != nil || org != ssoOrgID {
		t.Errorf("organisation noted = %d, %v", org, err)
	}

	// An e-mail with no account, outside the mapped domains, is refused.
	idp.setCurrent("sub-far")
	c = browser(t)
	if status, _, page := ssoSignIn(t, srv, c, "/"); status != http.StatusUnauthorized || !strings.Contains(page, "no account for this e-mail address") || signedInAs(t, srv, c) != "" {
		t.Errorf("unknown domain: %d, signed in as %q", status, signedInAs(t, srv, c))
	}
}

// The ID token must be the provider's, for this sign-in, about a verified
// e-mail: a tampered signature, a wrong nonce and an unverified e-mail are
// refused with a message and no session; a callback this browser did not
// start is refused too.
func TestSingleSignOnRefusals(t *testing.T) {
	srv, idp := startSSO(t,
		idpPerson{Subject: "sub-sam", Email: "sam@nhs.example", Name: "Sam", Verified: true},
		idpPerson{Subject: "sub-unverified", Email: "ada@example.test", Name: "Not Ada", Verified: false})
	srv.CreateUser(t, "sam@nhs.example", "Sam", false)
	ada := srv.CreateUser(t, "ada@example.test", "Ada", false)

	for _, tc := range []struct {
		name               string
		subject            string
		tamper, wrongNonce bool
		message            string
	}{
		{"tampered ID token", "sub-sam", true, false, "the ID token could not be verified"},
		{"wrong nonce", "sub-sam", false, true, "nonce mismatch"},
		{"unverified e-mail", "sub-unverified", false, false, "not verified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idp.setCurrent(tc.subject)
			idp.setFaults(tc.tamper, tc.wrongNonce)
			defer idp.setFaults(false, false)
			c := browser(t)
			status, path, page := ssoSignIn(t, srv, c, "/account")
			if status != http.StatusUnauthorized || path != "/sign-in/oidc/callback" || !strings.Contains(page, tc.message) {
				t.Errorf("%d at %s, want 401 with %q\n%s", status, path, tc.message, page)
			}
			if who := signedInAs(t, srv, c); who != "" {
				t.Errorf("signed in as %q", who)
			}
		})
	}
	if _, err := srv.Store.UserByOIDCSubject(context.Background(), idp.URL, "sub-unverified"); err == nil {
		t.Errorf("an unverified e-mail was linked to %s's account", ada.Email)
	}
	if _, err := srv.Store.UserByOIDCSubject(context.Background(), idp.URL, "sub-sam"); err == nil {
		t.Error("a refused sign-in linked the account")
	}

	// The same provider, unharmed, signs Sam in: the refusals above were
	// the faults, not the set-up.
	idp.setCurrent("sub-sam")
	c := browser(t)
	if status, path, _ := ssoSignIn(t, srv, c, "/account"); status != 200 || path != "/account" || signedInAs(t, srv, c) != "sam@nhs.example" {
		t.Errorf("clean sign-in after the refusals: %d at %s", status, path)
	}

	// A callback this browser did not start (no state cookie).
	resp, err := browser(t).Get(srv.URL + "/sign-in/oidc/callback?state=forged&code=x")
	if err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, resp); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "not started in this browser") {
		t.Errorf("forged callback: %d", resp.StatusCode)
	}
}

// Single sign-on does not skip the second factor: a person with one is
// asked for a code after the provider, and has no session until then.
func TestSingleSignOnThenCode(t *testing.T) {
	srv, idp := startSSO(t, idpPerson{Subject: "sub-admin", Email: "admin@nhs.example", Name: "Ada", Verified: true})
	u := srv.CreateUser(t, "admin@nhs.example", "Ada", true)
	ctx := context.Background()
	const secret = "JBSWY3DPEHPK3PXP"
	if err := srv.Store.StartTOTP(ctx, u.ID, secret); err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.ConfirmTOTP(ctx, store.System, u.ID, nil); err != nil {
		t.Fatal(err)
	}
	idp.setCurrent("sub-admin")
	c := browser(t)
	status, path, page := ssoSignIn(t, srv, c, "/account")
	if status != 200 || path != "/sign-in/code" || !strings.Contains(page, "Enter the code from your authenticator app") {
		t.Fatalf("after the provider: %d at %s", status, path)
	}
	if who := signedInAs(t, srv, c); who != "" {
		t.Fatalf("signed in as %q before the code", who)
	}
	resp, _ := postForm(t, c, srv.URL, "/sign-in/code", map[string][]string{"code": {codeAt(t, secret, time.Now())}, "next": {"/account"}}, "")
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/account" || signedInAs(t, srv, c) != "admin@nhs.example" {
		t.Errorf("code after single sign-on: %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}
}
