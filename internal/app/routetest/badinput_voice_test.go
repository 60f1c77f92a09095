package routetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// voiceOtherDecision records a decision of the other partnership's board.
func voiceOtherDecision(t *testing.T, f *fixture) int64 {
	d, err := f.srv.Store.CreateDecision(context.Background(), store.System, places.Decision{PartnershipID: f.other.ID, Text: "Elsewhere", Date: "2026-01-02",
		Outcome: places.OutcomeConsensus})
	must(t, err)
	return d.ID
}

func init() { moduleBadCases = append(moduleBadCases, voiceBadCases) }

// voiceBadCases are the malformed Voice requests (internal/api/voice_*.go):
// each answers 4xx naming the parameter or body field at fault.
func voiceBadCases(t *testing.T, f *fixture) []badCase {
	v := voiceSeed(t, f)
	pr, op, cl := itoa(v.process.ID), itoa(v.open.ID), itoa(v.closed.ID)
	q := itoa(v.open.Questions[0].ID)
	const (
		processes     = "GET /api/v1/voice/processes"
		process       = "GET /api/v1/voice/processes/{process_id}"
		createProcess = "POST /api/v1/partnerships/{id}/voice/processes"
		follow        = "PUT /api/v1/voice/processes/{process_id}/follow"
		unfollow      = "DELETE /api/v1/voice/processes/{process_id}/follow"
		createCons    = "POST /api/v1/voice/processes/{process_id}/consultations"
		consultations = "GET /api/v1/voice/consultations"
		consultation  = "GET /api/v1/voice/consultations/{consultation_id}"
		editCons      = "PUT /api/v1/voice/consultations/{consultation_id}"
		questions     = "GET /api/v1/voice/consultations/{consultation_id}/questions"
		responses     = "GET /api/v1/voice/consultations/{consultation_id}/responses"
		myResponse    = "GET /api/v1/voice/consultations/{consultation_id}/response"
		respond       = "PUT /api/v1/voice/consultations/{consultation_id}/response"
		themes        = "GET /api/v1/voice/consultations/{consultation_id}/themes"
		createTheme   = "POST /api/v1/voice/consultations/{consultation_id}/themes"
		tag           = "POST /api/v1/voice/consultations/{consultation_id}/tags"
		yswd          = "GET /api/v1/voice/consultations/{consultation_id}/you-said-we-did"
		link          = "POST /api/v1/voice/consultations/{consultation_id}/you-said-we-did"
		openData      = "GET /api/v1/voice/consultations/{consultation_id}/open-data"
		orphans       = "GET /api/v1/voice/orphans"
	)
	c := "/api/v1/voice/consultations/"
	long := strings.Repeat("x", 201)
	return []badCase{
		{processes, "partnership not a number", "/api/v1/voice/processes?partnership=abc", "", "", 422, "query.partnership"},
		{processes, "page zero", "/api/v1/voice/processes?page=0", "", "", 422, "query.page"},
		{process, "id not a number", "/api/v1/voice/processes/abc", "", "", 422, "path.process_id"},
		{process, "unknown id", "/api/v1/voice/processes/999999", "", "", 404, "path.process_id"},
		{createProcess, "title missing", "/api/v1/partnerships/{p}/voice/processes", "", `{"title":""}`, 422, "body.title"},
		{createProcess, "title too long", "/api/v1/partnerships/{p}/voice/processes", "", `{"title":"` + long + `"}`, 422, "body.title"},
		{createProcess, "unknown phase", "/api/v1/partnerships/{p}/voice/processes", "", `{"title":"P","phases":[{"kind":"party","starts":"2027-01-01","ends":"2027-01-02"}]}`, 422, "body.phases[0].kind"},
		{createProcess, "end before start", "/api/v1/partnerships/{p}/voice/processes", "", `{"title":"P","phases":[{"kind":"voting","starts":"2027-01-05","ends":"2027-01-02"}]}`, 422, "body.phases[0].ends"},
		{createProcess, "bad date", "/api/v1/partnerships/{p}/voice/processes", "", `{"title":"P","phases":[{"kind":"voting","starts":"2027-02-30","ends":"2027-03-02"}]}`, 422, "body.phases[0].starts"},
		{createProcess, "unknown area", "/api/v1/partnerships/{p}/voice/processes", "", `{"title":"P","area_code":"E99999999"}`, 422, "body.area_code"},
		{createProcess, "unknown partnership", "/api/v1/partnerships/999999/voice/processes", "", `{"title":"P"}`, 404, "path.id"},
		{follow, "id not a number", "/api/v1/voice/processes/abc/follow", "", "", 422, "path.process_id"},
		{follow, "unknown id", "/api/v1/voice/processes/999999/follow", "", "", 404, "path.process_id"},
		{unfollow, "unknown id", "/api/v1/voice/processes/999999/follow", "", "", 404, "path.process_id"},
		{createCons, "closes before opens", "/api/v1/voice/processes/" + pr + "/consultations", "", `{"title":"C","opens":"2027-01-10","closes":"2027-01-01"}`, 422, "body.closes"},
		{createCons, "short without a reason", "/api/v1/voice/processes/" + pr + "/consultations", "", `{"title":"C","opens":"2027-01-10","closes":"2027-01-20"}`, 422, "body.short_reason"},
		{createCons, "no title", "/api/v1/voice/processes/" + pr + "/consultations", "", `{"title":"","opens":"2027-01-10","closes":"2027-01-31"}`, 422, "body.title"},
		{createCons, "document link not https", "/api/v1/voice/processes/" + pr + "/consultations", "", `{"title":"C","opens":"2027-01-10","closes":"2027-01-31","documents":[{"title":"D","url":"javascript:alert(1)"}]}`, 422, "body.documents[0].url"},
		{createCons, "one choice", "/api/v1/voice/processes/" + pr + "/consultations", "", `{"title":"C","opens":"2027-01-10","closes":"2027-01-31","questions":[{"kind":"single","text":"Q","choices":["Only"]}]}`, 422, "body.questions[0].choices"},
		{createCons, "unknown kind", "/api/v1/voice/processes/" + pr + "/consultations", "", `{"title":"C","opens":"2027-01-10","closes":"2027-01-31","questions":[{"kind":"slider","text":"Q"}]}`, 422, "body.questions[0].kind"},
		{createCons, "condition on a later question", "/api/v1/voice/processes/" + pr + "/consultations", "", `{"title":"C","opens":"2027-01-10","closes":"2027-01-31","questions":[{"kind":"text","text":"Q","show_if":{"position":2,"choice":0}}]}`, 422, "body.questions[0].show_if"},
		{editCons, "questions changed after responses", c + cl, "", `{"title":"C","opens":"2027-01-10","closes":"2027-02-28","short_reason":"x"}`, 422, "body.questions"},
		{editCons, "closes before opens", c + cl, "", `{"title":"C","opens":"2027-01-10","closes":"2027-01-01"}`, 422, "body.closes"},
		{editCons, "no title", c + op, "", `{"title":"","opens":"2027-01-10","closes":"2027-03-31"}`, 422, "body.title"},
		{editCons, "unknown consultation", c + "999999", "", `{"title":"C","opens":"2027-01-10","closes":"2027-03-31"}`, 404, "path.consultation_id"},
		{editCons, "id not a number", c + "abc", "", `{"title":"C","opens":"2027-01-10","closes":"2027-03-31"}`, 422, "path.consultation_id"},
		{createCons, "unknown process", "/api/v1/voice/processes/999999/consultations", "", `{"title":"C","opens":"2027-01-10","closes":"2027-01-31"}`, 404, "path.process_id"},
		{consultations, "process not a number", "/api/v1/voice/consultations?process=x", "", "", 422, "query.process"},
		{consultation, "id not a number", c + "abc", "", "", 422, "path.consultation_id"},
		{consultation, "unknown id", c + "999999", "", "", 404, "path.consultation_id"},
		{questions, "unknown id", c + "999999/questions", "", "", 404, "path.consultation_id"},
		{responses, "unknown id", c + "999999/responses", "", "", 404, "path.consultation_id"},
		{responses, "page zero", c + cl + "/responses?page=0", "", "", 422, "query.page"},
		{myResponse, "unknown id", c + "999999/response", "", "", 404, "path.consultation_id"},
		{respond, "required question missing", c + op + "/response", "", `{"answers":[]}`, 422, "body.answers"},
		{respond, "choice out of range", c + op + "/response", "", `{"answers":[{"question_id":` + q + `,"choices":[5]}]}`, 422, "body.answers[0]"},
		{respond, "unknown question", c + op + "/response", "", `{"answers":[{"question_id":999999,"choices":[0]}]}`, 422, "body.answers[0].question_id"},
		{respond, "question twice", c + op + "/response", "", `{"answers":[{"question_id":` + q + `,"choices":[0]},{"question_id":` + q + `,"choices":[1]}]}`, 422, "body.answers[1].question_id"},
		{respond, "anonymous not allowed", c + op + "/response", "", `{"answers":[{"question_id":` + q + `,"choices":[0]}],"anonymous":true}`, 422, "body.anonymous"},
		{respond, "unknown organisation", c + op + "/response", "", `{"answers":[{"question_id":` + q + `,"choices":[0]}],"organisation_id":999999}`, 404, "body.organisation_id"},
		{respond, "answers not a list", c + op + "/response", "", `{"answers":"yes"}`, 422, "body.answers"},
		{respond, "closed", c + cl + "/response", "", `{"answers":[]}`, 409, "path.consultation_id"},
		{themes, "unknown id", c + "999999/themes", "", "", 404, "path.consultation_id"},
		{createTheme, "name missing", c + cl + "/themes", "", `{"name":""}`, 422, "body.name"},
		{createTheme, "name taken", c + cl + "/themes", "", `{"name":"Matrix theme"}`, 422, "body.name"},
		{tag, "theme of another consultation", c + op + "/tags", "", fmt.Sprintf(`{"theme_id":%d,"response_id":%d,"question_id":%d}`, v.theme.ID, v.response.ID, v.textQuestion), 422, "body.theme_id"},
		{tag, "choice answer", c + cl + "/tags", "", fmt.Sprintf(`{"theme_id":%d,"response_id":%d,"question_id":%d}`, v.theme.ID, v.response.ID, v.closed.Questions[0].ID), 422, "body.question_id"},
		{tag, "theme zero", c + cl + "/tags", "", `{"theme_id":0,"response_id":1,"question_id":1}`, 422, "body.theme_id"},
		{yswd, "unknown id", c + "999999/you-said-we-did", "", "", 404, "path.consultation_id"},
		{link, "not taken without reason", c + cl + "/you-said-we-did", "", fmt.Sprintf(`{"theme_id":%d,"target_kind":"not_taken"}`, v.theme.ID), 422, "body.reason"},
		{link, "unknown decision", c + cl + "/you-said-we-did", "", fmt.Sprintf(`{"theme_id":%d,"target_kind":"decision","target_id":999999}`, v.theme.ID), 422, "body.target_id"},
		{link, "decision of another board", c + cl + "/you-said-we-did", "", fmt.Sprintf(`{"theme_id":%d,"target_kind":"decision","target_id":%d}`, v.theme.ID, voiceOtherDecision(t, f)), 422, "body.target_id"},
		{link, "unknown kind", c + cl + "/you-said-we-did", "", fmt.Sprintf(`{"theme_id":%d,"target_kind":"wish"}`, v.theme.ID), 422, "body.target_kind"},
		{link, "unknown theme", c + cl + "/you-said-we-did", "", `{"theme_id":999999,"target_kind":"not_taken","reason":"x"}`, 422, "body.theme_id"},
		{openData, "still open", c + op + "/open-data", "", "", 409, "path.consultation_id"},
		{openData, "unknown id", c + "999999/open-data", "", "", 404, "path.consultation_id"},
		{orphans, "partnership missing", "/api/v1/voice/orphans", "", "", 422, "query.partnership"},
		{orphans, "partnership not a number", "/api/v1/voice/orphans?partnership=x", "", "", 422, "query.partnership"},
	}
}
