package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// A consultation is edited on the form that made it, filled in, under the
// domain's rules: its questions change only until the first response, and
// questions with conditions (which the form cannot express) are kept as
// they are.
func TestVoiceConsultationEdit(t *testing.T) {
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	officer, _ := srv.As(t, auth.RoleOfficer, v.Partnership.ID, false)
	ctx := t.Context()
	c, err := srv.Store.CreateConsultation(ctx, store.System, voice.Consultation{ProcessID: v.Process.ID, Title: "Which projects?", Opens: "2027-01-01", Closes: "2027-03-31",
		Documents: []voice.Document{{Title: "The plan", URL: "https://example.org/plan.pdf", Format: "PDF, 12 pages"}},
		Questions: []voice.Question{{Kind: voice.QuestionSingle, Text: "Parks or libraries?", Hint: "Pick one", Choices: []string{"Parks", "Libraries"}, Required: true}}})
	if err != nil {
		t.Fatal(err)
	}
	edit := "/voice/consultations/" + voiceID(c.ID) + "/edit"
	if _, page := get(t, officer, srv.URL, "/voice/consultations/"+voiceID(c.ID)); !strings.Contains(page, `href="`+edit+`"`) {
		t.Fatal("the consultation page offers its managers no edit link")
	}
	status, body := get(t, officer, srv.URL, edit)
	for _, want := range []string{`value="Which projects?"`, `value="PDF, 12 pages"`, ">Parks or libraries?</textarea>", ">Pick one</textarea>", "Parks\nLibraries</textarea>", `action="` + edit + `"`} {
		if status != 200 || !strings.Contains(body, want) {
			t.Fatalf("edit form %d lacks %q\n%s", status, want, snippet(body))
		}
	}
	// The form as sent back, with changes.
	form := url.Values{"title": {"Which projects first?"}, "opens": {"2027-01-01"}, "closes": {"2027-03-31"}, "published": {"yes"},
		"document_1_title": {"The plan"}, "document_1_url": {"https://example.org/plan.pdf"}, "document_1_format": {"PDF, 12 pages"},
		"document_2_title": {"Easy read"}, "document_2_url": {"https://example.org/easy.pdf"}, "document_2_format": {"Easy read"},
		"question_1_kind": {"single"}, "question_1_text": {"Parks or libraries?"}, "question_1_hint": {"Pick one"}, "question_1_choices": {"Parks\nLibraries"}, "question_1_required": {"yes"},
		"question_2_kind": {"text"}, "question_2_text": {"Anything else?"}}
	for _, tt := range []struct {
		change url.Values
		field  string
	}{
		{url.Values{"title": {""}}, "title"},
		{url.Values{"closes": {"2026-12-01"}}, "closes"},
		{url.Values{"document_2_url": {"ftp://x"}}, "document_2_url"},
		{url.Values{"question_2_kind": {"slider"}}, "question_2_kind"},
	} {
		bad := url.Values{}
		for k, vs := range form {
			bad[k] = vs
		}
		for k, vs := range tt.change {
			bad[k] = vs
		}
		resp, body := postForm(t, officer, srv.URL, edit, bad, "")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#`+tt.field+`"`) {
			t.Errorf("%v: %d, want 422 naming %s\n%s", tt.change, resp.StatusCode, tt.field, snippet(body))
		}
		// The breadcrumb names the consultation as stored, not as typed
		// (a blank title left a link without text).
		if !strings.Contains(body, `href="/voice/consultations/`+voiceID(c.ID)+`">Which projects?</a>`) {
			t.Errorf("%v: the breadcrumb does not name the consultation", tt.change)
		}
	}
	resp, _ := postForm(t, officer, srv.URL, edit, form, "")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/voice/consultations/"+voiceID(c.ID)+"?done=edited" {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	got, err := srv.Store.Consultation(ctx, c.ID)
	if err != nil || got.Title != "Which projects first?" || !got.Published || len(got.Documents) != 2 || got.Documents[1].Format != "Easy read" ||
		len(got.Questions) != 2 || got.Questions[0].ID != c.Questions[0].ID || got.Questions[0].Hint != "Pick one" || got.Questions[1].Text != "Anything else?" {
		t.Fatalf("saved %+v %v", got, err)
	}

	// Once answered, the questions are listed, not offered for change; the
	// rest still saves and the questions keep their IDs.
	status, body = get(t, officer, srv.URL, "/voice/consultations/"+voiceID(v.Closed.ID)+"/edit")
	if status != 200 || !strings.Contains(body, `id="questions-locked"`) || !strings.Contains(body, "3 responses") || strings.Contains(body, `name="question_1_text"`) {
		t.Fatalf("edit form of an answered consultation %d\n%s", status, snippet(body))
	}
	closedEdit := "/voice/consultations/" + voiceID(v.Closed.ID) + "/edit"
	closed := url.Values{"title": {"Getting to health services"}, "summary": {v.Closed.Summary}, "opens": {v.Closed.Opens}, "closes": {v.Closed.Closes}, "published": {"yes"}}
	// A form that still sends questions (loaded before the first response
	// came) is not saved without them as if they had been kept: changed
	// questions are refused on the questions, as the API refuses them, and
	// nothing is saved; the same questions sent back save the rest.
	stale := url.Values{"question_1_kind": {"single"}, "question_1_text": {"Can you get to the hospital easily?"}, "question_1_choices": {"Yes\nNo"}, "question_1_required": {"yes"},
		"question_2_kind": {"text"}, "question_2_text": {"What would help?"}}
	for k, vs := range closed {
		stale[k] = vs
	}
	changed := url.Values{}
	for k, vs := range stale {
		changed[k] = vs
	}
	changed.Set("question_2_text", "Sneaked in")
	resp, body = postForm(t, officer, srv.URL, closedEdit, changed, "")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#questions"`) || !strings.Contains(body, "3 responses") {
		t.Fatalf("changed questions of an answered consultation: %d, want 422 on questions\n%s", resp.StatusCode, snippet(body))
	}
	if after, _ := srv.Store.Consultation(ctx, v.Closed.ID); after.Title != v.Closed.Title || !voice.SameQuestions(after.Questions, v.Closed.Questions) {
		t.Fatalf("the refused edit saved something: %+v", after)
	}
	if resp, body := postForm(t, officer, srv.URL, closedEdit, stale, ""); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the answered consultation with its questions as they are: %d\n%s", resp.StatusCode, snippet(body))
	}
	after, _ := srv.Store.Consultation(ctx, v.Closed.ID)
	if after.Title != "Getting to health services" || !voice.SameQuestions(after.Questions, v.Closed.Questions) || after.Questions[0].ID != v.Closed.Questions[0].ID {
		t.Errorf("answered consultation after the edit: %+v", after)
	}
	// Conditional questions are kept as they are, and the form says why.
	status, body = get(t, officer, srv.URL, "/voice/consultations/"+voiceID(v.Open.ID)+"/edit")
	if status != 200 || !strings.Contains(body, "through the API") {
		t.Fatalf("edit form of a consultation with a condition %d\n%s", status, snippet(body))
	}
	open := url.Values{"title": {v.Open.Title}, "opens": {v.Open.Opens}, "closes": {v.Open.Closes}, "published": {"yes"}, "allow_anonymous": {"yes"}}
	if resp, _ := postForm(t, officer, srv.URL, "/voice/consultations/"+voiceID(v.Open.ID)+"/edit", open, ""); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the open consultation: %d", resp.StatusCode)
	}
	if after, _ := srv.Store.Consultation(ctx, v.Open.ID); len(after.Questions) != len(v.Open.Questions) || after.Questions[len(after.Questions)-1].ShowIf == nil {
		t.Errorf("the condition was lost: %+v", after.Questions)
	}
	// Residents may not edit.
	resident, _ := srv.As(t, auth.RoleResident, v.Partnership.ID, false)
	if status, _ := get(t, resident, srv.URL, edit); status != http.StatusForbidden {
		t.Errorf("a resident opened the edit form: %d", status)
	}
}
