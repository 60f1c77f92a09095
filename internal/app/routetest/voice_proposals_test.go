package routetest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/mail/mailtest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

func postValues(t *testing.T, c *http.Client, u string, v url.Values) (int, string, string) {
	t.Helper()
	res, err := c.PostForm(u, v)
	must(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func getPage(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	must(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The whole proposal flow through the doors: a resident proposes on the
// web, another comments and supports, an officer answers and the author's
// e-mail crosses a real SMTP exchange through the River mail job; hidden
// content and the authors' personal data (e-mail, postcode, real name when
// it is not the display name) never appear on public pages or in the API;
// every form answers bad input with a 4xx naming the field; unconfirmed
// and blocked accounts cannot post.
func TestProposalsThroughTheDoors(t *testing.T) {
	smtpSrv := mailtest.Start(t, "placeboard", "smtp-test-password")
	srv := apptest.NewWith(t, apptest.Options{Config: func(cfg *app.Config, u string) {
		cfg.PublicURL = u
		cfg.SMTP = mail.SMTPConfig{Host: smtpSrv.Host, Port: smtpSrv.Port, User: "placeboard", Password: "smtp-test-password",
			From: "Placeboard <no-reply@placeboard.test>", TLS: mail.TLSNone}
		cfg.Jobs.PollInterval = 100 * time.Millisecond
	}})
	f := newFixtureOn(t, srv)
	w := f.voice(t)
	ctx := context.Background()
	base := srv.URL

	// Ann proposes; her profile holds a postcode, which must never show.
	ann := srv.CreateUser(t, "ann.private@example.test", "Ann P", false)
	must(t, srv.Store.SetResidentProfile(ctx, store.System, ann.ID, places.ResidentProfile{Postcode: "TS24 7QS", DistrictCode: "E06000001", AgeBand: "35-44"}))
	annC, _ := srv.Login(t, ann.Email)
	bob := srv.CreateUser(t, "bob.private@example.test", "Bob Q", false)
	bobC, _ := srv.Login(t, bob.Email)
	officer, _ := srv.As(t, auth.RoleOfficer, f.p.ID, false)
	newURL := base + "/voice/processes/" + itoa(w.process.ID) + "/proposals/new"

	// Bad input on every form names the field.
	for _, tc := range []struct {
		name   string
		c      *http.Client
		url    string
		form   url.Values
		status int
		anchor string
	}{
		{"blank proposal", annC, newURL, url.Values{}, 422, `href="#title"`},
		{"unknown category", annC, newURL, url.Values{"title": {"T"}, "description": {"D"}, "area_code": {"E06000001"}, "category": {"weather"}}, 422, `href="#category"`},
		{"area outside", annC, newURL, url.Values{"title": {"T"}, "description": {"D"}, "area_code": {"E06000002"}, "category": {"care"}}, 422, `href="#area_code"`},
		{"organisation by a resident", annC, newURL, url.Values{"title": {"T"}, "description": {"D"}, "area_code": {"E06000001"}, "category": {"care"}, "organisation_id": {itoa(f.org.ID)}}, 422, `href="#organisation_id"`},
		{"organisation id nonsense", annC, newURL, url.Values{"title": {"T"}, "description": {"D"}, "area_code": {"E06000001"}, "category": {"care"}, "organisation_id": {"x"}}, 422, `href="#organisation_id"`},
		{"blank comment", bobC, base + proposalPath(w.proposal.ID) + "/comments", url.Values{"body": {" "}}, 422, `href="#body"`},
		{"reply to nothing", bobC, base + proposalPath(w.proposal.ID) + "/comments", url.Values{"body": {"x"}, "parent_id": {"999999"}}, 422, `href="#parent_id"`},
		{"overlong report", bobC, base + proposalPath(w.proposal.ID) + "/flag", url.Values{"reason": {strings.Repeat("a", 1001)}}, 422, `href="#reason"`},
		{"answer without state", officer, base + proposalPath(w.proposal.ID) + "/answer", url.Values{}, 422, `href="#state"`},
		{"rejection without reason", officer, base + proposalPath(w.proposal.ID) + "/answer", url.Values{"state": {"rejected"}}, 422, `href="#text"`},
		{"hide without reason", officer, base + proposalPath(w.proposal.ID) + "/hide", url.Values{"reason": {""}}, 422, `href="#reason"`},
		{"block without reason", officer, base + "/voice/partnerships/" + itoa(f.p.ID) + "/block", url.Values{"user_id": {itoa(bob.ID)}}, 422, `href="#reason"`},
		{"block nobody", officer, base + "/voice/partnerships/" + itoa(f.p.ID) + "/block", url.Values{"reason": {"x"}}, 400, "user_id"},
		{"hide comment id nonsense", officer, base + proposalPath(w.proposal.ID) + "/hide", url.Values{"reason": {"x"}, "comment_id": {"-3"}}, 400, "comment_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := postValues(t, tc.c, tc.url, tc.form)
			if status != tc.status || !strings.Contains(body, tc.anchor) {
				t.Errorf("status %d (want %d), anchor %s present=%v: %.600s", status, tc.status, tc.anchor, strings.Contains(body, tc.anchor), body)
			}
		})
	}
	if status, body := getPage(t, annC, base+"/voice/processes/"+itoa(w.process.ID)+"/proposals?category=weather"); status != 400 || !strings.Contains(body, `href="#category"`) {
		t.Errorf("bad filter: %d", status)
	}

	// Ann proposes; Bob comments and supports (twice: one support).
	status, loc, body := postValues(t, annC, newURL, url.Values{"title": {"A bench by the marina"}, "description": {"Somewhere to sit"},
		"area_code": {"E06000001"}, "category": {"environment"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/voice/proposals/") {
		t.Fatalf("propose: %d %s %.300s", status, loc, body)
	}
	propURL := base + strings.Split(loc, "?")[0]
	if status, _, body = postValues(t, bobC, propURL+"/comments", url.Values{"body": {"Yes, and shade too"}}); status != http.StatusSeeOther {
		t.Fatalf("comment: %d %.300s", status, body)
	}
	for range 2 {
		if status, _, _ = postValues(t, bobC, propURL+"/support", nil); status != http.StatusSeeOther {
			t.Fatalf("support: %d", status)
		}
	}
	_, page := getPage(t, srv.Client(t), propURL)
	if !strings.Contains(page, `id="supporters">1<`) || !strings.Contains(page, "Yes, and shade too") || !strings.Contains(page, "Ann P") {
		t.Errorf("public proposal page lacks the support, comment or display name")
	}

	// The officer answers; the e-mail reaches Ann through SMTP.
	if status, _, body = postValues(t, officer, propURL+"/answer", url.Values{"state": {"accepted"}, "text": {"We will put a bench there in spring"}}); status != http.StatusSeeOther {
		t.Fatalf("answer: %d %.300s", status, body)
	}
	msgs := smtpSrv.Wait(t, 1, 10*time.Second)
	if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != ann.Email || !strings.Contains(msgs[0].Body(), "We will put a bench there in spring") {
		t.Fatalf("answer mail: %+v", msgs)
	}
	_, page = getPage(t, srv.Client(t), propURL)
	if !strings.Contains(page, "We will put a bench there in spring") || !strings.Contains(page, "Accepted") {
		t.Error("the answer does not show")
	}

	// Moderation: Bob's comment is hidden; a second proposal is hidden.
	cs, err := srv.Store.ProposalComments(ctx, idFromPath(t, propURL))
	must(t, err)
	if status, _, _ = postValues(t, officer, propURL+"/hide", url.Values{"reason": {"Off topic"}, "comment_id": {itoa(cs[0].ID)}}); status != http.StatusSeeOther {
		t.Fatalf("hide comment: %d", status)
	}
	secret := f.freshProposal(t, w)
	if status, _, _ = postValues(t, officer, base+proposalPath(secret.ID)+"/hide", url.Values{"reason": {"Advertising"}}); status != http.StatusSeeOther {
		t.Fatalf("hide proposal: %d", status)
	}

	// The sweep: public pages and the API, anonymous and as another
	// resident, hold no e-mail address, postcode or hidden text.
	eve, _ := srv.As(t, "", 0, false)
	public := []string{
		"/voice/processes/" + itoa(w.process.ID) + "/proposals", strings.TrimPrefix(propURL, base), proposalPath(secret.ID),
		"/api/v1/voice/processes/" + itoa(w.process.ID) + "/proposals", "/api/v1" + strings.TrimPrefix(propURL, base),
		"/api/v1" + strings.TrimPrefix(propURL, base) + "/comments", "/api/v1" + proposalPath(secret.ID),
	}
	for _, c := range []*http.Client{srv.Client(t), eve} {
		for _, p := range public {
			status, body := getPage(t, c, base+p)
			if status != 200 {
				t.Fatalf("GET %s = %d", p, status)
			}
			for _, leak := range []string{ann.Email, bob.Email, w.author.Email, "TS24 7QS", "Yes, and shade too", secret.Title, `"author_id"`} {
				if strings.Contains(body, leak) {
					t.Errorf("GET %s shows %q", p, leak)
				}
			}
		}
	}
	_, page = getPage(t, eve, propURL)
	if !strings.Contains(page, "Hidden by moderators: Off topic") {
		t.Error("the hidden comment's reason does not show")
	}
	_, apiBody := getPage(t, eve, base+"/api/v1"+proposalPath(secret.ID))
	var vp struct{ Title string }
	must(t, json.Unmarshal([]byte(apiBody), &vp))
	if vp.Title != "Hidden by moderators: Advertising" {
		t.Errorf("hidden proposal's API title %q", vp.Title)
	}
	// The moderators still see the hidden text.
	if _, page = getPage(t, officer, propURL); !strings.Contains(page, "Yes, and shade too") {
		t.Error("moderators do not see the hidden comment")
	}

	// An unconfirmed account cannot post; a blocked one cannot either.
	_, _, err = srv.Auth.Register(ctx, auth.Registration{Name: "Una", Email: "una@example.test", Password: apptest.Password}, auth.Client{})
	must(t, err)
	unaC, _ := srv.Login(t, "una@example.test")
	if status, _, _ = postValues(t, unaC, propURL+"/comments", url.Values{"body": {"hello"}}); status != http.StatusForbidden {
		t.Errorf("unconfirmed comment: %d", status)
	}
	req, _ := http.NewRequest(http.MethodPut, base+"/api/v1"+strings.TrimPrefix(propURL, base)+"/support", nil)
	if res, err := unaC.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("unconfirmed API support: %v %v", res.StatusCode, err)
	}
	if status, _, _ = postValues(t, officer, base+"/voice/partnerships/"+itoa(f.p.ID)+"/block", url.Values{"user_id": {itoa(bob.ID)}, "reason": {"Spam"}}); status != http.StatusSeeOther {
		t.Fatalf("block: %d", status)
	}
	if status, _, body = postValues(t, bobC, propURL+"/comments", url.Values{"body": {"more"}}); status != http.StatusForbidden || !strings.Contains(body, "blocked") {
		t.Errorf("blocked comment: %d", status)
	}
}

func proposalPath(id int64) string { return "/voice/proposals/" + itoa(id) }

func idFromPath(t *testing.T, u string) int64 {
	t.Helper()
	parts := strings.Split(u, "/")
	var n int64
	for _, c := range parts[len(parts)-1] {
		n = n*10 + int64(c-'0')
	}
	return n
}
