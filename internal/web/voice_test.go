package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

func voiceID(id int64) string { return strconv.FormatInt(id, 10) }

func TestVoicePublicPages(t *testing.T) {
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	c := srv.Client(t)
	open, closed := "/voice/consultations/"+voiceID(v.Open.ID), "/voice/consultations/"+voiceID(v.Closed.ID)
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{`href="/voice"`}},
		{"/voice", 200, []string{"What should the board do first?", `href="` + open + `"`, "Transport to health services", "Hartlepool priorities 2027"}},
		{"/voice/processes/" + voiceID(v.Process.ID), 200, []string{"Where it stands: Consultation phase, until 31 December 2026", "Sign in</a> or"}},
		{"/voice/processes/999999", 404, nil},
		{open, 200, []string{"Closes", "31 December 2026", "Option B: housing first.", `href="https://example.org/jsna.pdf"`, "Sign in to respond"}},
		{open + "/results", 404, []string{"not published yet"}},
		{open + "/you-said-we-did", 404, []string{"not published yet"}},
		{open + "/respond", 303, nil},
		{closed + "/results", 200, []string{"3 responses", "chart-question-1", "Buses (2)", "An evening bus to the hospital"}},
		{closed + "/you-said-we-did", 200, []string{"You said: Buses", "Fund an evening bus to the hospital", "/decisions/" + voiceID(v.Decision.ID), "Still to be answered", "Damp homes"}},
		{closed + "/analysis", 303, nil},
		{closed + "/responses.csv", 303, nil},
		{"/voice/consultations/999999", 404, nil},
		{"/voice/consultations/abc", 404, nil},
		{"/voice/orphans", 303, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := get(t, c, srv.URL, tt.path)
			if status != tt.status {
				t.Fatalf("GET %s = %d, want %d\n%s", tt.path, status, tt.status, snippet(body))
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: body lacks %q", tt.path, w)
				}
			}
			for _, pd := range v.PersonalData {
				if strings.Contains(body, pd) {
					t.Errorf("GET %s shows personal data %q", tt.path, pd)
				}
			}
		})
	}
}

// A resident answers the open consultation on one page; bad answers come
// back 422 naming the question; the response can be changed and stays one.
func TestVoiceRespond(t *testing.T) {
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	c, u := srv.As(t, "", 0, false)
	path := "/voice/consultations/" + voiceID(v.Open.ID) + "/respond"
	q := v.Open.Questions
	status, body := get(t, c, srv.URL, path)
	if status != 200 || !strings.Contains(body, `name="`+q[0].Field()+`"`) || !strings.Contains(body, `name="`+q[3].Field()+`_2"`) {
		t.Fatalf("form %d\n%s", status, snippet(body))
	}
	if strings.Contains(body, "The questions changed") {
		t.Errorf("the form says the questions changed when nothing did")
	}
	// Sent back after the questions were replaced while answering
	// (voice.ErrQuestionsChanged): the form says so, on its first question.
	if status, body := get(t, c, srv.URL, path+"?changed=1"); status != 200 || !strings.Contains(body, "The questions changed while you were answering") ||
		!strings.Contains(body, `href="#`+q[0].Field()) {
		t.Errorf("form after a change of questions %d lacks the message linked to the first question\n%s", status, snippet(body))
	}
	bad := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"required missing", url.Values{}, q[0].Field()},
		{"choice not offered", url.Values{q[0].Field(): {"7"}}, q[0].Field()},
		{"choice not a number", url.Values{q[0].Field(): {"yes"}}, q[0].Field()},
		{"ranking tie", url.Values{q[0].Field(): {"1"}, q[3].Field() + "_0": {"1"}, q[3].Field() + "_1": {"1"}, q[3].Field() + "_2": {"2"}}, q[3].Field()},
		{"ranking partial", url.Values{q[0].Field(): {"1"}, q[3].Field() + "_0": {"1"}}, q[3].Field()},
		{"conditional required text missing is fine, scale out of range", url.Values{q[0].Field(): {"1"}, q[2].Field(): {"5"}}, q[2].Field()},
		{"organisation unknown", url.Values{q[0].Field(): {"1"}, "respond_for": {"99999999"}}, "respond_for"},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			resp, body := postForm(t, c, srv.URL, path, b.form, "")
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d\n%s", resp.StatusCode, snippet(body))
			}
			if !strings.Contains(body, "govuk-error-summary") || !strings.Contains(body, `href="#`+b.field+`"`) {
				t.Fatalf("error summary does not name %s\n%s", b.field, snippet(body))
			}
		})
	}
	good := url.Values{q[0].Field(): {"0"}, q[1].Field(): {"0", "2"}, q[2].Field(): {"3"},
		q[3].Field() + "_0": {"2"}, q[3].Field() + "_1": {"3"}, q[3].Field() + "_2": {"1"}, q[4].Field(): {"Waiting lists are long"}}
	resp, body := postForm(t, c, srv.URL, path, good, "")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/voice/consultations/"+voiceID(v.Open.ID)+"?done=saved" {
		t.Fatalf("save %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), snippet(body))
	}
	status, body = get(t, c, srv.URL, "/voice/consultations/"+voiceID(v.Open.ID)+"?done=saved")
	if status != 200 || !strings.Contains(body, "Your response has been saved") || !strings.Contains(body, "Change your response") {
		t.Fatalf("after saving %d\n%s", status, snippet(body))
	}
	// The form comes back filled; a change replaces the answers.
	_, body = get(t, c, srv.URL, path)
	if !strings.Contains(body, "Waiting lists are long") {
		t.Fatalf("saved answer not shown\n%s", snippet(body))
	}
	good.Set(q[0].Field(), "1")
	if resp, body := postForm(t, c, srv.URL, path, good, ""); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change %d\n%s", resp.StatusCode, snippet(body))
	}
	r, err := srv.Store.ResponseOf(t.Context(), v.Open.ID, voice.Respondent{UserID: u.ID}.Key())
	if err != nil {
		t.Fatal(err)
	}
	// Answer 1 is now "No", so the conditional text question is dropped.
	if len(r.Answers) != 4 || r.Answers[0].Choices[0] != 1 || r.Answers[3].Choices[0] != 2 {
		t.Fatalf("stored %+v", r.Answers)
	}
	rs, _ := srv.Store.Responses(t.Context(), v.Open.ID)
	if len(rs) != 1 {
		t.Fatalf("%d responses", len(rs))
	}
	// The closed consultation takes no more responses.
	resp, _ = postForm(t, c, srv.URL, "/voice/consultations/"+voiceID(v.Closed.ID)+"/respond", url.Values{}, "")
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("closed consultation answered %d", resp.StatusCode)
	}
}

// A long survey asks one question per page; the answers travel with the
// form until the last page saves them.
func TestVoiceRespondOnePerPage(t *testing.T) {
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	c0 := v.Open
	c0.OnePerPage = true
	if _, err := srv.Store.UpdateConsultation(t.Context(), store.System, c0); err != nil {
		t.Fatal(err)
	}
	c, _ := srv.As(t, "", 0, false)
	path := "/voice/consultations/" + voiceID(v.Open.ID) + "/respond"
	q := v.Open.Questions
	status, body := get(t, c, srv.URL, path)
	if status != 200 || !strings.Contains(body, "question 1 of 4") || strings.Contains(body, `name="`+q[1].Field()+`"`) {
		t.Fatalf("page 1: %d\n%s", status, snippet(body))
	}
	resp, body := postForm(t, c, srv.URL, path, url.Values{"page": {"1"}}, "")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#`+q[0].Field()+`"`) {
		t.Fatalf("page 1 empty: %d\n%s", resp.StatusCode, snippet(body))
	}
	// "Yes" shows the conditional question: five pages.
	resp, body = postForm(t, c, srv.URL, path, url.Values{"page": {"1"}, q[0].Field(): {"0"}}, "")
	if resp.StatusCode != 200 || !strings.Contains(body, "question 2 of 5") || !strings.Contains(body, `type="hidden" name="`+q[0].Field()+`" value="0"`) {
		t.Fatalf("page 2: %d\n%s", resp.StatusCode, snippet(body))
	}
	form := url.Values{"page": {"5"}, q[0].Field(): {"0"}, q[4].Field(): {"Because"}}
	resp, body = postForm(t, c, srv.URL, path, form, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("last page: %d\n%s", resp.StatusCode, snippet(body))
	}
	resp, _ = postForm(t, c, srv.URL, path, url.Values{"page": {"x"}}, "")
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad page: %d", resp.StatusCode)
	}
}

// Staff see the analysis and exports; only roles allowed to see
// respondents get their names and e-mail addresses in the exports.
func TestVoiceAnalysisAndExports(t *testing.T) {
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	base := "/voice/consultations/" + voiceID(v.Closed.ID)
	officer, _ := srv.As(t, auth.RoleOfficer, v.Partnership.ID, false)
	analyst, _ := srv.As(t, auth.RoleAnalyst, v.Partnership.ID, false)
	resident, _ := srv.As(t, auth.RoleResident, v.Partnership.ID, false)

	status, body := get(t, officer, srv.URL, base+"/analysis?by=ward&q="+voiceID(v.Closed.Questions[0].ID))
	if status != 200 || !strings.Contains(body, `id="crosstab"`) || !strings.Contains(body, "Add a theme") || !strings.Contains(body, "Fix the damp in council flats") {
		t.Fatalf("officer analysis %d\n%s", status, snippet(body))
	}
	if status, body := get(t, officer, srv.URL, base+"/analysis?by=shoe"); status != 400 || !strings.Contains(body, "by must be") {
		t.Fatalf("bad by: %d", status)
	}
	if status, _ := get(t, officer, srv.URL, base+"/analysis?q=abc"); status != 400 {
		t.Fatalf("bad q: %d", status)
	}
	if status, _ := get(t, resident, srv.URL, base+"/analysis"); status != 403 {
		t.Fatalf("resident analysis: %d", status)
	}
	_, csvOfficer := get(t, officer, srv.URL, base+"/responses.csv")
	_, csvAnalyst := get(t, analyst, srv.URL, base+"/responses.csv")
	if !strings.Contains(csvOfficer, "alpha.respondent@seeded.test") || !strings.Contains(csvOfficer, "Seeded Respondent Alpha") {
		t.Fatalf("officer CSV lacks respondents\n%s", csvOfficer)
	}
	for _, pd := range v.PersonalData {
		if strings.Contains(csvAnalyst, pd) {
			t.Errorf("analyst CSV shows %q", pd)
		}
	}
	if !strings.Contains(csvAnalyst, "An evening bus to the hospital") {
		t.Errorf("analyst CSV lacks answers\n%s", csvAnalyst)
	}
	if status, body := get(t, officer, srv.URL, base+"/responses.xlsx"); status != 200 || !strings.HasPrefix(body, "PK") {
		t.Fatalf("xlsx %d", status)
	}
	// Staff forms: bad input names the field.
	for _, tt := range []struct {
		path, field string
		form        url.Values
	}{
		{"/themes", "name", url.Values{"name": {""}}},
		{"/themes", "name", url.Values{"name": {"Buses"}}},
		{"/tags", "theme_id", url.Values{"theme_id": {"x"}, "response_id": {"1"}, "question_id": {"1"}}},
		{"/links", "reason", url.Values{"theme_id": {voiceID(v.Orphan.ID)}, "target_kind": {"not_taken"}}},
		{"/links", "target_kind", url.Values{"theme_id": {voiceID(v.Orphan.ID)}, "target_kind": {"wish"}}},
		{"/links", "target_id", url.Values{"theme_id": {voiceID(v.Orphan.ID)}, "target_kind": {"decision"}, "target_id": {"999999"}}},
		{"/links", "theme_id", url.Values{"theme_id": {"999999"}, "target_kind": {"not_taken"}, "reason": {"x"}}},
	} {
		resp, body := postForm(t, officer, srv.URL, base+tt.path, tt.form, "")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#`+tt.field+`"`) {
			t.Errorf("POST %s %v: %d, want 422 naming %s\n%s", tt.path, tt.form, resp.StatusCode, tt.field, snippet(body))
		}
	}
	resp, _ := postForm(t, officer, srv.URL, base+"/links", url.Values{"theme_id": {voiceID(v.Orphan.ID)}, "target_kind": {"not_taken"}, "reason": {"The housing plan covers damp"}}, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("link %d", resp.StatusCode)
	}
	_, body = get(t, srv.Client(t), srv.URL, base+"/you-said-we-did")
	if !strings.Contains(body, "The housing plan covers damp") || strings.Contains(body, "Still to be answered") {
		t.Errorf("YSWD after answering the orphan\n%s", snippet(body))
	}
	if resp, _ := postForm(t, analyst, srv.URL, base+"/themes", url.Values{"name": {"New"}}, ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("analyst added a theme: %d", resp.StatusCode)
	}
}

// Officers start a process and add a consultation through the forms; bad
// input comes back 422 naming the field.
func TestVoiceStaffForms(t *testing.T) {
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	officer, _ := srv.As(t, auth.RoleOfficer, v.Partnership.ID, false)
	newProcess := "/partnerships/" + voiceID(v.Partnership.ID) + "/voice/processes/new"
	if status, body := get(t, officer, srv.URL, newProcess); status != 200 || !strings.Contains(body, `name="phase_voting_starts"`) {
		t.Fatalf("process form %d", status)
	}
	for _, tt := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"title": {""}}, "title"},
		{url.Values{"title": {"P"}, "phase_voting_starts": {"2027-02-30"}, "phase_voting_ends": {"2027-03-01"}}, "phase_voting_starts"},
		{url.Values{"title": {"P"}, "phase_review_starts": {"2027-02-10"}, "phase_review_ends": {"2027-02-01"}}, "phase_review_ends"},
	} {
		resp, body := postForm(t, officer, srv.URL, newProcess, tt.form, "")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#`+tt.field+`"`) {
			t.Errorf("%v: %d, want 422 naming %s\n%s", tt.form, resp.StatusCode, tt.field, snippet(body))
		}
	}
	resp, _ := postForm(t, officer, srv.URL, newProcess, url.Values{"title": {"Budget 2027"}, "phase_voting_starts": {"2027-02-01"}, "phase_voting_ends": {"2027-02-28"}}, "")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/voice/processes/") {
		t.Fatalf("create process: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	newCons := resp.Header.Get("Location") + "/consultations/new"
	for _, tt := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"title": {"C"}, "opens": {"2027-01-10"}, "closes": {"2027-01-01"}}, "closes"},
		{url.Values{"title": {"C"}, "opens": {"2027-01-10"}, "closes": {"2027-01-20"}}, "short_reason"},
		{url.Values{"title": {"C"}, "opens": {"2027-01-10"}, "closes": {"2027-02-01"}, "question_1_kind": {"single"}, "question_1_text": {"Q"}, "question_1_choices": {"Only"}}, "question_1_choices"},
		{url.Values{"title": {"C"}, "opens": {"2027-01-10"}, "closes": {"2027-02-01"}, "document_1_title": {"D"}, "document_1_url": {"ftp://x"}}, "document_1_url"},
		{url.Values{"title": {"C"}, "opens": {"2027-01-10"}, "closes": {"2027-02-01"}, "question_1_kind": {"slider"}, "question_1_text": {"Q"}}, "question_1_kind"},
	} {
		resp, body := postForm(t, officer, srv.URL, newCons, tt.form, "")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#`+tt.field+`"`) {
			t.Errorf("%v: %d, want 422 naming %s\n%s", tt.form, resp.StatusCode, tt.field, snippet(body))
		}
	}
	resp, _ = postForm(t, officer, srv.URL, newCons, url.Values{"title": {"Which projects?"}, "opens": {"2026-12-01"}, "closes": {"2027-01-31"}, "published": {"yes"},
		"question_1_kind": {"ranking"}, "question_1_text": {"Rank them"}, "question_1_choices": {"Parks\nLibraries\r\nBuses\n"}, "question_1_required": {"yes"},
		"question_2_kind": {"text"}, "question_2_text": {"Anything else?"}}, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create consultation: %d", resp.StatusCode)
	}
	_, body := get(t, officer, srv.URL, resp.Header.Get("Location")+"/respond")
	if !strings.Contains(body, "Rank them") || !strings.Contains(body, "Libraries") || !strings.Contains(body, "Anything else? (optional)") {
		t.Fatalf("new consultation's form\n%s", snippet(body))
	}
	resident, _ := srv.As(t, auth.RoleResident, v.Partnership.ID, false)
	if status, _ := get(t, resident, srv.URL, newProcess); status != 403 {
		t.Errorf("resident opened the process form: %d", status)
	}
}
