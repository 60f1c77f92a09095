package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

var (
	secretRE   = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)
	recoveryRE = regexp.MustCompile(`<code>([a-z2-9]{5}-[a-z2-9]{5})</code>`)
)

// codeAt is what an authenticator app shows at t.
func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func location(t *testing.T, resp *http.Response) string {
	t.Helper()
	return resp.Header.Get("Location")
}

// signInWithPassword posts the sign-in form and returns the response.
func signInWithPassword(t *testing.T, srv *apptest.Server, c *http.Client, email, next string) *http.Response {
	t.Helper()
	resp, _ := postForm(t, c, srv.URL, "/sign-in", url.Values{"email": {email}, "password": {apptest.Password}, "next": {next}}, "")
	return resp
}

// An administrator without a second factor cannot use /admin or the
// administrators' API writes until enrolled; after enrolling, signing in
// asks for a code, a code works once (one of several parallel replays
// wins), and a recovery code works once.
func TestAdministratorNeedsSecondFactor(t *testing.T) {
	srv := apptest.NewWith(t, apptest.Options{RequireAdminSecondFactor: true})
	const email = "admin@example.test"
	srv.CreateUser(t, email, "Ada Admin", true)
	c := srv.Client(t)
	if resp := signInWithPassword(t, srv, c, email, "/"); resp.StatusCode != http.StatusSeeOther || location(t, resp) != "/" {
		t.Fatalf("password sign-in before enrolment: %d %q", resp.StatusCode, location(t, resp))
	}

	// Not yet enrolled: /admin sends to enrolment, the API refuses.
	for _, path := range []string{"/admin", "/admin/organisations/new", "/admin/audit"} {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(location(t, resp), "/account/two-factor?next=") {
			t.Errorf("GET %s before enrolment: %d %q, want 303 to enrolment", path, resp.StatusCode, location(t, resp))
		}
	}
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/organisations", strings.NewReader(`{"name":"Test Trust","kind":"nhs_trust"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") || !strings.Contains(body, "two-step sign-in") {
		t.Errorf("API write before enrolment: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}

	// Enrolment: a QR code and the key as text; a wrong code is refused
	// and a fresh key shown.
	status, page := get(t, c, srv.URL, "/account/two-factor?next=/admin")
	m := secretRE.FindStringSubmatch(page)
	if status != 200 || m == nil || !strings.Contains(page, `<title id="qr-title">QR code`) || !strings.Contains(page, `<path fill="#000" d="M4 4h1v1h-1z`) || !strings.Contains(page, "You are an administrator") {
		t.Fatalf("enrolment page: %d\n%s", status, page)
	}
	wrong := "000000"
	if codeAt(t, m[1], time.Now()) == wrong {
		wrong = "111111"
	}
	resp, page = postForm(t, c, srv.URL, "/account/two-factor", url.Values{"code": {wrong}, "next": {"/admin"}}, "")
	m2 := secretRE.FindStringSubmatch(page)
	if resp.StatusCode != http.StatusUnprocessableEntity || m2 == nil || m2[1] == m[1] || !strings.Contains(page, "The code is not right") {
		t.Fatalf("wrong enrolment code: %d", resp.StatusCode)
	}
	secret := m2[1]
	enrolCode := codeAt(t, secret, time.Now())
	resp, page = postForm(t, c, srv.URL, "/account/two-factor", url.Values{"code": {enrolCode}, "next": {"/admin"}}, "")
	recovery := recoveryRE.FindAllStringSubmatch(page, -1)
	if resp.StatusCode != http.StatusOK || len(recovery) != 10 {
		t.Fatalf("confirm enrolment: %d, %d recovery codes\n%s", resp.StatusCode, len(recovery), page)
	}
	if status, _ := get(t, c, srv.URL, "/admin"); status != http.StatusOK {
		t.Errorf("/admin after enrolment: %d", status)
	}

	// Signing in now asks for a code; until it is given there is no session.
	fresh := srv.Client(t)
	resp = signInWithPassword(t, srv, fresh, email, "/admin")
	if resp.StatusCode != http.StatusSeeOther || location(t, resp) != "/sign-in/code?next=%2Fadmin" {
		t.Fatalf("password sign-in after enrolment: %d %q", resp.StatusCode, location(t, resp))
	}
	if resp, err := fresh.Get(srv.URL + "/admin"); err != nil || resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(location(t, resp), "/sign-in?") {
		t.Errorf("/admin with only the password: %v %v", resp.StatusCode, err)
	}
	// The code used to enrol is spent.
	resp, page = postForm(t, fresh, srv.URL, "/sign-in/code", url.Values{"code": {enrolCode}, "next": {"/admin"}}, "")
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "used already") {
		t.Errorf("replayed enrolment code: %d", resp.StatusCode)
	}

	// Eight browsers each waiting for a code send the same fresh code at
	// once: one is signed in.
	const n = 8
	clients := make([]*http.Client, n)
	for i := range clients {
		clients[i] = srv.Client(t)
		if resp := signInWithPassword(t, srv, clients[i], email, "/admin"); location(t, resp) != "/sign-in/code?next=%2Fadmin" {
			t.Fatalf("client %d: %q", i, location(t, resp))
		}
	}
	next := codeAt(t, secret, time.Now().Add(30*time.Second))
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			resp, _ := postForm(t, clients[i], srv.URL, "/sign-in/code", url.Values{"code": {next}, "next": {"/admin"}}, "")
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	winner := -1
	for i, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			if winner >= 0 {
				t.Errorf("the code signed in twice (clients %d and %d)", winner, i)
			}
			winner = i
		case http.StatusUnauthorized:
		default:
			t.Errorf("client %d: %d", i, s)
		}
	}
	if winner < 0 {
		t.Fatal("no client was signed in with a fresh code")
	}
	if status, _ := get(t, clients[winner], srv.URL, "/admin"); status != http.StatusOK {
		t.Errorf("/admin after signing in with the code: %d", status)
	}
	// The spent code, sent again in order, is refused too.
	loser := clients[(winner+1)%n]
	if resp, _ := postForm(t, loser, srv.URL, "/sign-in/code", url.Values{"code": {next}}, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("code replayed after its use: %d", resp.StatusCode)
	}

	// A recovery code works once.
	rc := strings.ToUpper(recovery[3][1]) // typed in capitals: still read
	resp, _ = postForm(t, loser, srv.URL, "/sign-in/code", url.Values{"code": {rc}, "next": {"/admin"}}, "")
	if resp.StatusCode != http.StatusSeeOther || location(t, resp) != "/admin" {
		t.Errorf("recovery code: %d %q", resp.StatusCode, location(t, resp))
	}
	again := srv.Client(t)
	signInWithPassword(t, srv, again, email, "/")
	if resp, _ := postForm(t, again, srv.URL, "/sign-in/code", url.Values{"code": {rc}}, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("recovery code used twice: %d", resp.StatusCode)
	}
	if _, page := get(t, loser, srv.URL, "/account/two-factor"); !strings.Contains(page, "You have 9 unused recovery codes") {
		t.Errorf("recovery codes left not shown as 9")
	}
}
