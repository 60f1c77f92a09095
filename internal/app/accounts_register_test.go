package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/mail/mailtest"
)

// clock is the injected time of the auth service: tests move it instead of
// sleeping.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

var confirmLink = regexp.MustCompile(`https?://[^\s]+/register/confirm\?token=[A-Za-z0-9_%-]+`)

// registrationServer starts a server whose mail goes to a real SMTP server
// inside the test, through the River mail job.
func registrationServer(t *testing.T, perAddress int) (*apptest.Server, *mailtest.Server, *clock) {
	t.Helper()
	smtpSrv := mailtest.Start(t, "placeboard", "smtp-test-password")
	clk := &clock{now: time.Now().UTC()}
	srv := apptest.NewWith(t, apptest.Options{Config: func(cfg *app.Config, u string) {
		cfg.PublicURL = u
		cfg.SMTP = mail.SMTPConfig{Host: smtpSrv.Host, Port: smtpSrv.Port, User: "placeboard", Password: "smtp-test-password",
			From: "Placeboard <no-reply@placeboard.test>", TLS: mail.TLSNone}
		cfg.AuthOptions.Now = clk.Now
		cfg.AuthOptions.RegistrationsPerAddress = perAddress
		cfg.Jobs.PollInterval = 100 * time.Millisecond
	}})
	return srv, smtpSrv, clk
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) (*http.Response, string) {
	t.Helper()
	res, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func registration(name, email string) url.Values {
	return url.Values{"name": {name}, "email": {email}, "password": {"Kestrel-orbit-lantern-93"}, "confirm_password": {"Kestrel-orbit-lantern-93"},
		"district": {"E06000001"}, "age_band": {"45-54"}}
}

// The confirmation e-mail crosses a real SMTP exchange: a person registers
// through the web page, the River mail job sends the message to the SMTP
// server running in the test, the link in it confirms the address once,
// and a second person's link, followed after the clock passes its expiry,
// is refused as expired with a new one offered, which then works.
func TestRegistrationMailCrossesSMTPAndLinksExpire(t *testing.T) {
	srv, smtpSrv, clk := registrationServer(t, 0)
	ctx := context.Background()
	c := srv.Client(t)
	if res, body := get(t, c, srv.URL+"/register"); res.StatusCode != http.StatusOK || !strings.Contains(body, `name="district"`) {
		t.Fatalf("GET /register: %d", res.StatusCode)
	}
	res, _ := postForm(t, c, srv.URL+"/register", registration("Ann Resident", "ann@example.test"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/register/check-email" {
		t.Fatalf("POST /register: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	u, err := srv.Store.GetUserByEmail(ctx, "ann@example.test")
	if err != nil || u.EmailConfirmedAt != nil || u.DistrictCode != "E06000001" || u.AgeBand != "45-54" {
		t.Fatalf("account after registering: %+v %v", u, err)
	}

	msgs := smtpSrv.Wait(t, 1, 2*time.Minute)
	m := msgs[0]
	if m.User != "placeboard" || len(m.To) != 1 || m.To[0] != "ann@example.test" || m.From != "no-reply@placeboard.test" {
		t.Fatalf("envelope: %+v", m)
	}
	body := m.Body()
	link := confirmLink.FindString(body)
	if link == "" || !strings.HasPrefix(link, srv.URL+"/register/confirm?token=") || !strings.Contains(body, "Ann Resident") {
		t.Fatalf("no confirmation link for this server in:\n%s", body)
	}
	if res, body := get(t, c, link); res.StatusCode != http.StatusOK || !strings.Contains(body, "Your email address is confirmed") {
		t.Fatalf("following the link: %d\n%s", res.StatusCode, body)
	}
	if u, _ = srv.Store.GetUserByEmail(ctx, "ann@example.test"); u.EmailConfirmedAt == nil {
		t.Fatal("the link did not confirm the address")
	}
	if res, body := get(t, c, link); res.StatusCode != http.StatusGone || !strings.Contains(body, "used already") {
		t.Fatalf("following the link twice: %d", res.StatusCode)
	}

	// A second person waits past the expiry.
	if res, _ := postForm(t, c, srv.URL+"/register", registration("Bo Resident", "bo@example.test")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second registration: %d", res.StatusCode)
	}
	second := confirmLink.FindString(smtpSrv.Wait(t, 2, 2*time.Minute)[1].Body())
	clk.Add(24*time.Hour + time.Minute)
	res, body = get(t, c, second)
	if res.StatusCode != http.StatusGone || !strings.Contains(body, "This link has expired") || !strings.Contains(body, `value="bo@example.test"`) ||
		!strings.Contains(body, `action="/register/resend"`) {
		t.Fatalf("expired link: %d\n%s", res.StatusCode, body)
	}
	if u, _ := srv.Store.GetUserByEmail(ctx, "bo@example.test"); u.EmailConfirmedAt != nil {
		t.Fatal("an expired link confirmed the address")
	}
	if res, _ := postForm(t, c, srv.URL+"/register/resend", url.Values{"email": {"bo@example.test"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resend: %d", res.StatusCode)
	}
	third := smtpSrv.Wait(t, 3, 2*time.Minute)[2]
	if third.To[0] != "bo@example.test" {
		t.Fatalf("new link went to %v", third.To)
	}
	if res, _ := get(t, c, confirmLink.FindString(third.Body())); res.StatusCode != http.StatusOK {
		t.Fatalf("new link: %d", res.StatusCode)
	}
	// Asking for a link for an unknown or confirmed address answers the
	// same, and sends nothing.
	for _, addr := range []string{"nobody@example.test", "ann@example.test"} {
		if res, _ := postForm(t, c, srv.URL+"/register/resend", url.Values{"email": {addr}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("resend for %s: %d", addr, res.StatusCode)
		}
	}
	if n := len(smtpSrv.Messages()); n != 3 {
		t.Errorf("%d messages sent, want 3", n)
	}
}

// Bad registrations are refused with 4xx naming each field; a taken
// address is a conflict on email; registrations from one address beyond
// the limit get 429 with Retry-After.
func TestRegistrationBadInputAndThrottle(t *testing.T) {
	srv, _, _ := registrationServer(t, 2)
	c := srv.Client(t)
	for _, tc := range []struct {
		name   string
		form   url.Values
		status int
		fields []string
	}{
		{"empty", url.Values{}, 422, []string{"name", "email", "password"}},
		{"bad email and short password", url.Values{"name": {"Ann"}, "email": {"ann at example"}, "password": {"short"}, "confirm_password": {"short"}}, 422, []string{"email", "password"}},
		{"passwords differ", url.Values{"name": {"Ann"}, "email": {"ann@example.test"}, "password": {"Kestrel-orbit-lantern-93"}, "confirm_password": {"other"}}, 422, []string{"confirm_password"}},
		{"bad profile", url.Values{"name": {"Ann"}, "email": {"ann@example.test"}, "password": {"Kestrel-orbit-lantern-93"}, "confirm_password": {"Kestrel-orbit-lantern-93"},
			"postcode": {"not a postcode"}, "district": {"E99999999"}, "age_band": {"12"}}, 422, []string{"postcode", "district", "age_band"}},
		{"control character in name", url.Values{"name": {"Ann\x07"}, "email": {"ann@example.test"}, "password": {"Kestrel-orbit-lantern-93"}, "confirm_password": {"Kestrel-orbit-lantern-93"}}, 422, []string{"name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := postForm(t, c, srv.URL+"/register", tc.form)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			if !strings.Contains(body, "govuk-error-summary") {
				t.Error("no error summary")
			}
			for _, f := range tc.fields {
				if !strings.Contains(body, `href="#`+f+`"`) {
					t.Errorf("the summary does not link to %s", f)
				}
			}
		})
	}
	if res, _ := postForm(t, c, srv.URL+"/register", registration("Ann", "ann@example.test")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first: %d", res.StatusCode)
	}
	res, body := postForm(t, c, srv.URL+"/register", registration("Ann again", "ann@example.test"))
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `href="#email"`) {
		t.Fatalf("taken address: %d", res.StatusCode)
	}
	// The limit is 2 per address per hour: the taken address used the second.
	res, body = postForm(t, c, srv.URL+"/register", registration("Cy", "cy@example.test"))
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Too many accounts") {
		t.Fatalf("over the limit: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if _, err := srv.Store.GetUserByEmail(context.Background(), "cy@example.test"); err == nil {
		t.Error("a refused registration made an account")
	}
}

// The data download holds the person's own data only; deleting the
// account (password asked again) anonymises it and the person can no
// longer sign in.
func TestPersonalDataDownloadAndDeletion(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	srv.CreateUser(t, "other@example.test", "Other Person", false)
	u := srv.CreateUser(t, "dee@example.test", "Dee Resident", false)
	c, _ := srv.Login(t, "dee@example.test")
	if res, body := get(t, c, srv.URL+"/account"); res.StatusCode != http.StatusOK || !strings.Contains(body, "/account/data") || !strings.Contains(body, "/account/delete") {
		t.Fatalf("account page: %d", res.StatusCode)
	}
	if res, _ := postForm(t, c, srv.URL+"/account/profile", url.Values{"postcode": {"TS24 7AA"}, "district": {"E06000001"}, "age_band": {"65-74"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile: %d", res.StatusCode)
	}
	if res, body := postForm(t, c, srv.URL+"/account/profile", url.Values{"postcode": {"TS24"}, "age_band": {"old"}}); res.StatusCode != 422 ||
		!strings.Contains(body, `href="#postcode"`) || !strings.Contains(body, `href="#age_band"`) {
		t.Fatalf("bad profile: %d", res.StatusCode)
	}
	res, body := get(t, c, srv.URL+"/account/data")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"dee@example.test", "Dee Resident", "TS24 7AA", "65-74", "E06000001"} {
		if !strings.Contains(body, want) {
			t.Errorf("download lacks %q", want)
		}
	}
	for _, never := range []string{"other@example.test", "Other Person", "password_hash", "$argon2id"} {
		if strings.Contains(body, never) {
			t.Errorf("download holds %q", never)
		}
	}
	if res, _ := get(t, srv.Client(t), srv.URL+"/account/data"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous download: %d", res.StatusCode)
	}

	if res, body := postForm(t, c, srv.URL+"/account/delete", url.Values{"password": {"wrong password here"}}); res.StatusCode != 422 || !strings.Contains(body, `href="#password"`) {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	if res, body := postForm(t, c, srv.URL+"/account/delete", url.Values{"password": {apptest.Password}}); res.StatusCode != http.StatusOK || !strings.Contains(body, "Your account has been deleted") {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	got, err := srv.Store.GetUser(ctx, u.ID)
	if err != nil || got.Name != "Deleted account" || strings.Contains(got.Email, "dee") || got.Postcode != "" || got.AgeBand != "" {
		t.Fatalf("after deletion: %+v %v", got, err)
	}
	if res, _ := get(t, c, srv.URL+"/account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the old session still works: %d", res.StatusCode)
	}
	if _, _, err := srv.Auth.Login(ctx, "dee@example.test", apptest.Password, auth.Client{}); err == nil {
		t.Error("the deleted person can still sign in")
	}
}
