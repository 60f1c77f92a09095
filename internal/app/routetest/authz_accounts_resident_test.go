package routetest

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/auth"
)

// Resident accounts (issue 13 item 5): registration and its links are open
// to everyone (a signed-in person opening /register is sent to their
// account); the profile, the data download and deletion are for the
// signed-in person, about themselves.
var residentAccountRows = map[string]string{
	"GET /register":                      "Y Y Y Y Y Y Y Y Y Y",
	"POST /register":                     "Y Y Y Y Y Y Y Y Y Y",
	"GET /register/check-email":          "Y Y Y Y Y Y Y Y Y Y",
	"GET /register/confirm":              "Y Y Y Y Y Y Y Y Y Y",
	"GET /register/resend":               "Y Y Y Y Y Y Y Y Y Y",
	"POST /register/resend":              "Y Y Y Y Y Y Y Y Y Y",
	"GET /account/profile":               "N Y Y Y Y Y Y Y Y N",
	"POST /account/profile":              "N Y Y Y Y Y Y Y Y N",
	"GET /account/data":                  "N Y Y Y Y Y Y Y Y N",
	"GET /account/delete":                "N Y Y Y Y Y Y Y Y N",
	"POST /account/delete":               "N Y Y Y Y Y Y Y Y N",
	"POST /api/v1/registrations":         "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/registrations/confirm": "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/users/me/data":          "N Y Y Y Y Y Y Y Y N",
}

func init() { addModuleTable(residentAccountRows, residentAccountRequest) }

// usedConfirmToken registers a fresh account and follows its link once, so
// the token probes the confirm routes without confirming anyone: every
// caller gets "used already" (410 on the page, 410 from the API).
func usedConfirmToken(t *testing.T, f *fixture) string {
	t.Helper()
	n := f.seq.Add(1)
	_, token, err := f.srv.Auth.Register(context.Background(), auth.Registration{Name: "Probe " + itoa(n), Email: "probe" + itoa(n) + "@example.test",
		Password: "Kestrel-orbit-lantern-93"}, auth.Client{})
	must(t, err)
	_, err = f.srv.Auth.ConfirmEmail(context.Background(), token, auth.Client{})
	must(t, err)
	return token
}

// freshConfirmToken registers a fresh account and returns its unused
// token: following it confirms that probe account only.
func freshConfirmToken(t *testing.T, f *fixture) string {
	t.Helper()
	n := f.seq.Add(1)
	_, token, err := f.srv.Auth.Register(context.Background(), auth.Registration{Name: "Probe " + itoa(n), Email: "fresh-probe" + itoa(n) + "@example.test",
		Password: "Kestrel-orbit-lantern-93"}, auth.Client{})
	must(t, err)
	return token
}

func residentAccountRequest(t *testing.T, f *fixture, method, pattern string) probe {
	const form = "application/x-www-form-urlencoded"
	switch method + " " + pattern {
	case "POST /register":
		// Invalid on purpose: every caller gets the form back (422), and
		// no account is made.
		return probe{method: method, path: pattern, contentType: form, body: url.Values{"name": {"Probe"}, "email": {"not an address"}}.Encode()}
	case "GET /register/confirm":
		return probe{method: method, path: pattern + "?token=" + url.QueryEscape(usedConfirmToken(t, f))}
	case "POST /register/resend":
		return probe{method: method, path: pattern, contentType: form, body: "email=nobody%40example.test"}
	case "POST /account/profile":
		return probe{method: method, path: pattern, contentType: form, body: "age_band=45-54"}
	case "POST /account/delete":
		// A wrong password: the form answers (422) and nobody is deleted.
		return probe{method: method, path: pattern, contentType: form, body: "password=not-the-password"}
	case "POST /api/v1/registrations":
		// A valid registration for every caller (an API write must
		// succeed when let in). All probes come from one address, so its
		// registration allowance is reset first; the throttle has its own
		// test.
		_, err := f.srv.Store.DB().ExecContext(context.Background(), "DELETE FROM login_throttle WHERE key LIKE 'register:%'")
		must(t, err)
		n := f.seq.Add(1)
		return probe{method: method, path: pattern, contentType: "application/json",
			body: `{"name":"API Probe","email":"api-probe` + itoa(n) + `@example.test","password":"Kestrel-orbit-lantern-93"}`}
	case "POST /api/v1/registrations/confirm":
		return probe{method: method, path: pattern, contentType: "application/json", body: `{"token":"` + freshConfirmToken(t, f) + `"}`}
	}
	return probe{method: method, path: pattern}
}

// The public registration writes answer a malformed body with 400 and a
// missing or bad field with 422 naming it, as problem details.
func TestRegistrationAPIBadInput(t *testing.T) {
	f := newFixture(t)
	c := f.srv.Client(t)
	for _, tc := range []struct {
		path, body string
		status     int
		locations  []string
	}{
		{"/api/v1/registrations", `{"name":`, 400, nil},
		{"/api/v1/registrations", `{}`, 422, []string{"body.name", "body.email", "body.password"}},
		{"/api/v1/registrations", `{"name":"Ann","email":"ann at example","password":"short","postcode":"TS24","district":"E99999999"}`, 422,
			[]string{"body.email", "body.password", "body.postcode", "body.district"}},
		{"/api/v1/registrations", `{"name":"Ann","email":"ann@example.test","password":"Kestrel-orbit-lantern-93","age_band":"12"}`, 422, []string{"body.age_band"}},
		{"/api/v1/registrations/confirm", `{"token":""}`, 422, []string{"body.token"}},
		{"/api/v1/registrations/confirm", `{"token":"no-such-token"}`, 404, []string{"body.token"}},
	} {
		t.Run(tc.body, func(t *testing.T) {
			status, _, body := f.do(t, c, probe{method: "POST", path: tc.path, contentType: "application/json", body: tc.body})
			if status != tc.status || !strings.Contains(body, `"status":`+itoa(int64(tc.status))) {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			for _, loc := range tc.locations {
				if !strings.Contains(body, `"location":"`+loc+`"`) {
					t.Errorf("no error at %s: %s", loc, body)
				}
			}
		})
	}
	// A used link is 410; the registration then confirmed shows in
	// /users/me/data for that person only.
	status, _, body := f.do(t, c, probe{method: "POST", path: "/api/v1/registrations/confirm", contentType: "application/json",
		body: `{"token":"` + usedConfirmToken(t, f) + `"}`})
	if status != 410 || !strings.Contains(body, "used already") {
		t.Fatalf("used link: %d %s", status, body)
	}
}
