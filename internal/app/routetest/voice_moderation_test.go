package routetest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

// sendJSON sends body to an API address and returns the status and body.
func sendJSON(t *testing.T, c *http.Client, method, u, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	must(t, err)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	must(t, err)
	return res.StatusCode, readAll(res)
}

// lastAudit returns the newest audit entries of an entity, newest first.
func lastAudit(t *testing.T, st *store.Store, entity, id string, n int) []struct{ Action, Actor, After string } {
	t.Helper()
	es, _, err := st.AuditEntries(context.Background(), store.AuditFilter{Entity: entity, EntityID: id, Page: store.Page{Limit: n}})
	must(t, err)
	out := make([]struct{ Action, Actor, After string }, len(es))
	for i, e := range es {
		out[i].Action, out[i].Actor, out[i].After = e.Action, e.ActorName, string(e.After)
	}
	return out
}

// Moderation undone through both doors: an officer hides a proposal and a
// comment, then shows them again, and blocks an account, then lifts the
// block, on the pages and in the API; the public sees the content again,
// the account posts again, and the audit log holds who and why.
func TestModerationUndoneThroughTheDoors(t *testing.T) {
	f := newFixture(t)
	w := f.voice(t)
	base := f.srv.URL
	officer, officerUser := f.srv.As(t, auth.RoleOfficer, f.p.ID, false)
	public := f.srv.Client(t)
	author, _ := f.srv.Login(t, w.author.Email)
	prop := base + proposalPath(w.proposal.ID)

	// The page: hide, then show again with a reason.
	if status, _, body := postValues(t, officer, prop+"/hide", url.Values{"reason": {"Looks like spam"}}); status != http.StatusSeeOther {
		t.Fatalf("hide: %d %.300s", status, body)
	}
	if _, page := getPage(t, public, prop); strings.Contains(page, w.proposal.Title) || !strings.Contains(page, "Hidden by moderators: Looks like spam") {
		t.Fatal("the hidden proposal shows")
	}
	_, page := getPage(t, officer, prop)
	if !strings.Contains(page, `href="/voice/proposals/`+itoa(w.proposal.ID)+`/unhide"`) {
		t.Fatalf("the moderator's page offers no way to show it again: %.600s", page)
	}
	if status, form := getPage(t, officer, prop+"/unhide"); status != http.StatusOK || !strings.Contains(form, "Looks like spam") {
		t.Errorf("unhide form %d: %.600s", status, form)
	}
	if status, _, body := postValues(t, officer, prop+"/unhide", url.Values{"reason": {""}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#reason"`) {
		t.Errorf("unhide without a reason: %d", status)
	}
	if status, loc, _ := postValues(t, officer, prop+"/unhide", url.Values{"reason": {"Reported in error"}}); status != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=unhide") {
		t.Fatalf("unhide: %d %s", status, loc)
	}
	if _, page := getPage(t, public, prop); !strings.Contains(page, w.proposal.Title) || strings.Contains(page, "Hidden by moderators") {
		t.Error("the proposal shown again is not public")
	}
	trail := lastAudit(t, f.srv.Store, "voice_proposal", itoa(w.proposal.ID), 2)
	if len(trail) != 2 || trail[0].Action != "voice-unhide" || trail[0].Actor != officerUser.Email || !strings.Contains(trail[0].After, "Reported in error") ||
		trail[1].Action != "update" || trail[1].Actor != officerUser.Email {
		t.Errorf("audit of the unhide: %+v", trail)
	}
	// An unhide form for what is not hidden goes back to the proposal.
	if status, _ := getPage(t, officer, prop+"/unhide"); status != http.StatusSeeOther {
		t.Errorf("unhide form of a shown proposal: %d", status)
	}

	// The API: hide a comment, then show it again; a resident may not.
	api := base + "/api/v1/voice/proposals/" + itoa(w.proposal.ID)
	if status, body := sendJSON(t, officer, http.MethodPost, api+"/hide", `{"comment_id":`+itoa(w.comment.ID)+`,"reason":"Rude"}`); status != http.StatusOK {
		t.Fatalf("API hide comment: %d %s", status, body)
	}
	// Moderators still see a hidden comment, marked, with the way back
	// (a regression: its marks and links were left out for them).
	_, page = getPage(t, officer, prop)
	if !strings.Contains(page, "Hidden by moderators: Rude") || !strings.Contains(page, "A first comment") ||
		!strings.Contains(page, `href="/voice/proposals/`+itoa(w.proposal.ID)+`/unhide?comment=`+itoa(w.comment.ID)+`"`) {
		t.Errorf("the moderator's page does not mark the hidden comment: %.1500s", page)
	}
	if status, _ := sendJSON(t, author, http.MethodPost, api+"/unhide", `{"comment_id":`+itoa(w.comment.ID)+`,"reason":"Mine"}`); status != http.StatusForbidden {
		t.Errorf("a resident showing a comment again: %d", status)
	}
	if status, body := sendJSON(t, officer, http.MethodPost, api+"/unhide", `{"comment_id":`+itoa(w.comment.ID)+`,"reason":"Fair comment"}`); status != http.StatusOK {
		t.Fatalf("API unhide comment: %d %s", status, body)
	}
	status, body := sendJSON(t, public, http.MethodGet, api+"/comments", "")
	if status != http.StatusOK || !strings.Contains(body, "A first comment") {
		t.Errorf("the comment shown again is not public: %d %s", status, body)
	}
	if trail := lastAudit(t, f.srv.Store, "voice_proposal_comment", itoa(w.comment.ID), 1); len(trail) != 1 || trail[0].Action != "voice-unhide" || !strings.Contains(trail[0].After, "Fair comment") {
		t.Errorf("audit of the API unhide: %+v", trail)
	}

	// Blocks: on the page, then in the API.
	mod := base + "/voice/partnerships/" + itoa(f.p.ID)
	if status, _, body := postValues(t, officer, mod+"/block", url.Values{"user_id": {itoa(w.author.ID)}, "reason": {"Adverts"}}); status != http.StatusSeeOther {
		t.Fatalf("block: %d %.300s", status, body)
	}
	if status, _, _ := postValues(t, author, prop+"/comments", url.Values{"body": {"Let me in"}}); status != http.StatusForbidden {
		t.Fatalf("a blocked account commented: %d", status)
	}
	_, page = getPage(t, officer, mod+"/moderation")
	unblockLink := `href="/voice/partnerships/` + itoa(f.p.ID) + `/unblock?user=` + itoa(w.author.ID) + `"`
	if !strings.Contains(page, `id="blocks"`) || !strings.Contains(page, "Vera Author") || !strings.Contains(page, unblockLink) {
		t.Fatalf("the moderation page does not list the block: %.800s", page)
	}
	if status, form := getPage(t, officer, mod+"/unblock?user="+itoa(w.author.ID)); status != http.StatusOK || !strings.Contains(form, "Adverts") {
		t.Errorf("unblock form %d", status)
	}
	if status, _ := getPage(t, officer, mod+"/unblock?user="+itoa(officerUser.ID)); status != http.StatusNotFound {
		t.Errorf("unblock form of an account not blocked: %d", status)
	}
	if status, _, body := postValues(t, officer, mod+"/unblock", url.Values{"user_id": {itoa(w.author.ID)}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#reason"`) {
		t.Errorf("unblock without a reason: %d", status)
	}
	if status, loc, _ := postValues(t, officer, mod+"/unblock", url.Values{"user_id": {itoa(w.author.ID)}, "reason": {"Apologised"}}); status != http.StatusSeeOther || !strings.HasSuffix(loc, "done=unblock") {
		t.Fatalf("unblock: %d %s", status, loc)
	}
	if status, _, body := postValues(t, author, prop+"/comments", url.Values{"body": {"Thank you"}}); status != http.StatusSeeOther {
		t.Errorf("an unblocked account cannot comment: %d %.300s", status, body)
	}
	key := itoa(f.p.ID) + ":" + itoa(w.author.ID)
	if trail := lastAudit(t, f.srv.Store, "voice_block", key, 2); len(trail) != 2 || trail[0].Action != "voice-unblock" || trail[0].Actor != officerUser.Email ||
		!strings.Contains(trail[0].After, "Apologised") || trail[1].Action != "delete" {
		t.Errorf("audit of the unblock: %+v", trail)
	}

	blocks := base + "/api/v1/voice/partnerships/" + itoa(f.p.ID) + "/blocks"
	if status, body := sendJSON(t, officer, http.MethodPost, blocks, `{"user_id":`+itoa(w.author.ID)+`,"reason":"Adverts again"}`); status != http.StatusCreated {
		t.Fatalf("API block: %d %s", status, body)
	}
	status, body = sendJSON(t, officer, http.MethodGet, blocks, "")
	var list struct {
		Items []struct {
			UserID int64  `json:"user_id"`
			Name   string `json:"name"`
			Reason string `json:"reason"`
		} `json:"items"`
	}
	if status != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || len(list.Items) != 1 || list.Items[0].UserID != w.author.ID || list.Items[0].Reason != "Adverts again" {
		t.Fatalf("API blocks %d %s", status, body)
	}
	if status, _ := sendJSON(t, author, http.MethodGet, blocks, ""); status != http.StatusForbidden {
		t.Errorf("a resident read the blocks: %d", status)
	}
	if status, body := sendJSON(t, officer, http.MethodPost, blocks+"/"+itoa(w.author.ID)+"/unblock", `{"reason":"Second chance"}`); status != http.StatusNoContent {
		t.Fatalf("API unblock: %d %s", status, body)
	}
	if status, _ := sendJSON(t, officer, http.MethodPost, blocks+"/"+itoa(w.author.ID)+"/unblock", `{"reason":"Again"}`); status != http.StatusNotFound {
		t.Errorf("API unblock of an account no longer blocked: %d", status)
	}
	if blocked, err := f.srv.Store.IsBlocked(context.Background(), f.p.ID, w.author.ID); blocked || err != nil {
		t.Errorf("still blocked after the API unblock: %v %v", blocked, err)
	}
	if _, err := f.srv.Store.VerifyAudit(context.Background()); err != nil {
		t.Errorf("verify audit: %v", err)
	}
}
