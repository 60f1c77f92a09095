package routetest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// Voice (issue 13): the public pages and reads are open to everyone;
// responding and following need a signed-in person (with a confirmed
// address: every matrix user is confirmed); the analysis and the
// responses are for the partnership's staff; managing consultations,
// themes and "you said, we did" is for its administrators and officers.
var voiceRows = map[string]string{
	"GET /voice":                                                         "Y Y Y Y Y Y Y Y Y Y",
	"GET /voice/processes/{id}":                                          "Y Y Y Y Y Y Y Y Y Y",
	"POST /voice/processes/{id}/follow":                                  "N Y Y Y Y Y Y Y Y N",
	"GET /voice/consultations/{id}":                                      "Y Y Y Y Y Y Y Y Y Y",
	"GET /voice/consultations/{id}/respond":                              "N Y Y Y Y Y Y Y Y N",
	"POST /voice/consultations/{id}/respond":                             "N Y Y Y Y Y Y Y Y N",
	"GET /voice/consultations/{id}/results":                              "Y Y Y Y Y Y Y Y Y Y",
	"GET /voice/consultations/{id}/you-said-we-did":                      "Y Y Y Y Y Y Y Y Y Y",
	"GET /voice/consultations/{id}/analysis":                             "N N Y Y Y Y N Y N N",
	"GET /voice/consultations/{id}/responses.csv":                        "N N Y Y Y Y N Y N N",
	"GET /voice/consultations/{id}/responses.xlsx":                       "N N Y Y Y Y N Y N N",
	"POST /voice/consultations/{id}/themes":                              "N N N Y Y Y N N N N",
	"POST /voice/consultations/{id}/tags":                                "N N N Y Y Y N N N N",
	"POST /voice/consultations/{id}/links":                               "N N N Y Y Y N N N N",
	"GET /voice/orphans":                                                 "N N N Y Y Y N N N N",
	"GET /partnerships/{id}/voice/processes/new":                         "N N N Y Y Y N N N N",
	"POST /partnerships/{id}/voice/processes/new":                        "N N N Y Y Y N N N N",
	"GET /voice/processes/{id}/consultations/new":                        "N N N Y Y Y N N N N",
	"POST /voice/processes/{id}/consultations/new":                       "N N N Y Y Y N N N N",
	"GET /voice/consultations/{id}/edit":                                 "N N N Y Y Y N N N N",
	"POST /voice/consultations/{id}/edit":                                "N N N Y Y Y N N N N",
	"PUT /api/v1/voice/consultations/{consultation_id}":                  "N N N Y Y Y N N N N",
	"GET /api/v1/voice/processes":                                        "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/voice/processes/{process_id}":                           "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/partnerships/{id}/voice/processes":                     "N N N Y Y Y N N N N",
	"PUT /api/v1/voice/processes/{process_id}/follow":                    "N Y Y Y Y Y Y Y Y N",
	"DELETE /api/v1/voice/processes/{process_id}/follow":                 "N Y Y Y Y Y Y Y Y N",
	"POST /api/v1/voice/processes/{process_id}/consultations":            "N N N Y Y Y N N N N",
	"GET /api/v1/voice/consultations":                                    "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/voice/consultations/{consultation_id}":                  "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/voice/consultations/{consultation_id}/questions":        "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/voice/consultations/{consultation_id}/responses":        "N N Y Y Y Y N Y N N",
	"GET /api/v1/voice/consultations/{consultation_id}/response":         "N Y Y Y Y Y Y Y Y N",
	"PUT /api/v1/voice/consultations/{consultation_id}/response":         "N Y Y Y Y Y Y Y Y N",
	"GET /api/v1/voice/consultations/{consultation_id}/themes":           "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/voice/consultations/{consultation_id}/themes":          "N N N Y Y Y N N N N",
	"POST /api/v1/voice/consultations/{consultation_id}/tags":            "N N N Y Y Y N N N N",
	"GET /api/v1/voice/consultations/{consultation_id}/you-said-we-did":  "Y Y Y Y Y Y Y Y Y Y",
	"POST /api/v1/voice/consultations/{consultation_id}/you-said-we-did": "N N N Y Y Y N N N N",
	"GET /api/v1/voice/consultations/{consultation_id}/open-data":        "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/voice/orphans":                                          "N N N Y Y Y N N N N",
}

func init() { addModuleTable(voiceRows, voiceRequest) }

// voiceFix is the Voice data a fixture's probes use: a process of the
// fixture partnership with an open consultation (one required question)
// and a closed one with a response, a written answer and a theme.
type voiceFix struct {
	process      voice.Process
	open, closed voice.Consultation
	response     voice.Response
	theme        voice.Theme
	textQuestion int64
}

var voiceFixes = struct {
	sync.Mutex
	m map[*fixture]*voiceFix
}{m: map[*fixture]*voiceFix{}}

// voiceSeed makes (once per fixture) the Voice data, with dates around
// today so the server's own clock sees one consultation open and the
// other closed.
func voiceSeed(t *testing.T, f *fixture) *voiceFix {
	t.Helper()
	voiceFixes.Lock()
	defer voiceFixes.Unlock()
	if v, ok := voiceFixes.m[f]; ok {
		return v
	}
	ctx := context.Background()
	today := time.Now().UTC()
	day := func(d int) string { return today.AddDate(0, 0, d).Format(voice.DateLayout) }
	v := &voiceFix{}
	var err error
	v.process, err = f.srv.Store.CreateProcess(ctx, store.System, voice.Process{PartnershipID: f.p.ID, Title: "Matrix process",
		Phases: []voice.Phase{{Kind: voice.PhaseConsultation, Starts: day(-60), Ends: day(30)}}})
	must(t, err)
	v.open, err = f.srv.Store.CreateConsultation(ctx, store.System, voice.Consultation{ProcessID: v.process.ID, Title: "Matrix open", Opens: day(-10), Closes: day(30),
		Published: true, Questions: []voice.Question{{Kind: voice.QuestionSingle, Text: "Yes or no?", Required: true, Choices: []string{"Yes", "No"}}}})
	must(t, err)
	v.closed, err = f.srv.Store.CreateConsultation(ctx, store.System, voice.Consultation{ProcessID: v.process.ID, Title: "Matrix closed", Opens: day(-60), Closes: day(-2),
		Published: true, Questions: []voice.Question{{Kind: voice.QuestionSingle, Text: "Yes or no?", Choices: []string{"Yes", "No"}}, {Kind: voice.QuestionText, Text: "Why?"}}})
	must(t, err)
	v.textQuestion = v.closed.Questions[1].ID
	u, err := f.srv.Store.CreateUser(ctx, store.System, store.NewUser{Email: "matrix-respondent" + f.next() + "@example.test", Name: "Matrix Respondent", PasswordHash: "x"})
	must(t, err)
	v.response, err = f.srv.Store.SaveResponse(ctx, voice.Response{ConsultationID: v.closed.ID, Respondent: voice.Respondent{UserID: u.ID}.Key(), UserID: u.ID,
		Type: voice.RespondentResident, Answers: []voice.Answer{{QuestionID: v.closed.Questions[0].ID, Choices: []int{0}}, {QuestionID: v.textQuestion, Text: "Because"}}})
	must(t, err)
	v.theme, err = f.srv.Store.CreateTheme(ctx, store.System, voice.Theme{ConsultationID: v.closed.ID, Name: "Matrix theme"})
	must(t, err)
	voiceFixes.m[f] = v
	return v
}

func voiceRequest(t *testing.T, f *fixture, method, pattern string) probe {
	v := voiceSeed(t, f)
	const form = "application/x-www-form-urlencoded"
	consultation := v.closed.ID
	if strings.Contains(pattern, "respond") || strings.HasSuffix(pattern, "/response") {
		consultation = v.open.ID
	}
	path := strings.NewReplacer("{process_id}", itoa(v.process.ID), "{consultation_id}", itoa(consultation)).Replace(pattern)
	switch {
	case strings.HasPrefix(pattern, "/voice/processes/"):
		path = strings.ReplaceAll(path, "{id}", itoa(v.process.ID))
	case strings.HasPrefix(pattern, "/voice/consultations/"):
		path = strings.ReplaceAll(path, "{id}", itoa(consultation))
	default:
		path = strings.ReplaceAll(path, "{id}", itoa(f.p.ID))
	}
	p := probe{method: method, path: path}
	switch method + " " + pattern {
	case "GET /voice/orphans", "GET /api/v1/voice/orphans":
		p.path += "?partnership=" + itoa(f.p.ID)
	case "POST /voice/processes/{id}/follow":
		p.contentType, p.body = form, url.Values{"follow": {"yes"}}.Encode()
	case "POST /api/v1/partnerships/{id}/voice/processes":
		p.contentType, p.body = "application/json", `{"title":"Process `+f.next()+`"}`
	case "POST /api/v1/voice/processes/{process_id}/consultations":
		p.contentType, p.body = "application/json", `{"title":"Consultation `+f.next()+`","opens":"2027-01-01","closes":"2027-01-31"}`
	case "PUT /api/v1/voice/consultations/{consultation_id}":
		// A consultation of its own without responses, so a let-in edit
		// may change everything.
		c, err := f.srv.Store.CreateConsultation(context.Background(), store.System, voice.Consultation{ProcessID: v.process.ID, Title: "Editable " + f.next(),
			Opens: "2027-01-01", Closes: "2027-03-31"})
		must(t, err)
		p.path = strings.Replace(pattern, "{consultation_id}", itoa(c.ID), 1)
		p.contentType, p.body = "application/json", `{"title":"Edited `+f.next()+`","opens":"2027-01-01","closes":"2027-03-31"}`
	case "PUT /api/v1/voice/consultations/{consultation_id}/response":
		p.contentType, p.body = "application/json", fmt.Sprintf(`{"answers":[{"question_id":%d,"choices":[1]}]}`, v.open.Questions[0].ID)
	case "POST /api/v1/voice/consultations/{consultation_id}/themes":
		p.contentType, p.body = "application/json", `{"name":"Theme `+f.next()+`"}`
	case "POST /api/v1/voice/consultations/{consultation_id}/tags":
		p.contentType, p.body = "application/json", fmt.Sprintf(`{"theme_id":%d,"response_id":%d,"question_id":%d}`, v.theme.ID, v.response.ID, v.textQuestion)
	case "POST /api/v1/voice/consultations/{consultation_id}/you-said-we-did":
		p.contentType, p.body = "application/json", fmt.Sprintf(`{"theme_id":%d,"target_kind":"not_taken","reason":"Covered by the housing plan"}`, v.theme.ID)
	default:
		if method == "POST" && !strings.HasPrefix(pattern, "/api/") {
			// Web forms: empty; allowed roles get the form back (422).
			p.contentType, p.body = form, ""
		}
	}
	return p
}
