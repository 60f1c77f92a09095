package routetest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// boardBadCases are the malformed requests for the operations that edit
// and end partnerships, members, meetings and decisions (item 7 of issue
// 11), including text that is not UTF-8 or holds control characters.
func boardBadCases(t *testing.T, f *fixture) []badCase {
	observer, absentMember := f.boardFixture(t)
	const (
		putP  = "PUT /api/v1/partnerships/{id}"
		endP  = "POST /api/v1/partnerships/{id}/end"
		putM  = "PUT /api/v1/partnerships/{id}/members/{member_id}"
		endM  = "POST /api/v1/partnerships/{id}/members/{member_id}/end"
		getMt = "GET /api/v1/partnerships/{id}/meetings/{meeting_id}"
		putMt = "PUT /api/v1/partnerships/{id}/meetings/{meeting_id}"
		endMt = "POST /api/v1/partnerships/{id}/meetings/{meeting_id}/end"
		putD  = "PUT /api/v1/partnerships/{id}/decisions/{decision_id}"
		endD  = "POST /api/v1/partnerships/{id}/decisions/{decision_id}/end"
	)
	p := "/api/v1/partnerships/" + itoa(f.p.ID)
	mem := p + "/members/" + itoa(f.member.ID)
	mt := p + "/meetings/" + itoa(f.meeting.ID)
	dec := p + "/decisions/" + itoa(f.decision.ID)
	validP := `"kind":"hwb","area_code":"E06000001"`
	validM := fmt.Sprintf(`"org_id":%d,"role":"chair"`, f.org.ID)
	latin1 := "Caf\xe9" // a Latin-1 byte: not UTF-8
	vote := fmt.Sprintf(`"outcome":"vote","meeting_id":%d,"votes":[{"member_id":%d,"choice":"for"}]`, f.meeting.ID, f.member.ID)
	return []badCase{
		{putP, "id not a number", "/api/v1/partnerships/x", "", `{"name":"A",` + validP + `}`, 422, "path.id"},
		{putP, "unknown id", "/api/v1/partnerships/999999", "", `{"name":"A",` + validP + `}`, 404, "path.id"},
		{putP, "overlong name", p, "", `{"name":"` + long201 + `",` + validP + `}`, 422, "body.name"},
		{putP, "name not UTF-8", p, "", `{"name":"` + latin1 + `",` + validP + `}`, 422, "body.name"},
		{putP, "name with a control character", p, "", `{"name":"Board\u0007",` + validP + `}`, 422, "body.name"},
		{putP, "area of the wrong type", p, "", `{"name":"A","kind":"hwb","area_code":"E12000001"}`, 422, "body.area_code"},
		{endP, "missing date", p + "/end", "", `{}`, 422, "body.date"},
		{endP, "impossible date", p + "/end", "", `{"date":"2027-02-30"}`, 422, "body.date"},
		{endP, "unknown id", "/api/v1/partnerships/999999/end", "", `{"date":"2027-03-31"}`, 404, "path.id"},

		{putM, "unknown member", p + "/members/999999", "", `{"person_name":"A",` + validM + `}`, 404, "path.member_id"},
		{putM, "member of another partnership", p + "/members/{om}", "", `{"person_name":"A",` + validM + `}`, 404, "path.member_id"},
		{putM, "overlong job title", mem, "", `{"person_name":"A",` + validM + `,"job_title":"` + long201 + `"}`, 422, "body.job_title"},
		{putM, "job title not UTF-8", mem, "", `{"person_name":"A",` + validM + `,"job_title":"` + latin1 + `"}`, 422, "body.job_title"},
		{putM, "name with a NUL", mem, "", `{"person_name":"A\u0000",` + validM + `}`, 422, "body.person_name"},
		{putM, "term ends before it starts", mem, "", `{"person_name":"A",` + validM + `,"term_start":"2026-01-01","term_end":"2025-12-31"}`, 422, "body.term_end"},
		{putM, "term excludes a meeting attended", mem, "", `{"person_name":"A",` + validM + `,"term_start":"2026-02-01"}`, 422, "body.term_start"},
		{putM, "a voter made an observer", mem, "", fmt.Sprintf(`{"person_name":"A","org_id":%d,"role":"observer"}`, f.org.ID), 422, "body.role"},
		{endM, "missing date", mem + "/end", "", `{}`, 422, "body.date"},
		{endM, "ends before a meeting attended", mem + "/end", "", `{"date":"2026-01-14"}`, 422, "body.date"},
		{endM, "unknown member", p + "/members/999999/end", "", `{"date":"2027-01-01"}`, 404, "path.member_id"},

		{getMt, "meeting id not a number", p + "/meetings/first", "", "", 422, "path.meeting_id"},
		{getMt, "unknown meeting", p + "/meetings/999999", "", "", 404, "path.meeting_id"},
		{putMt, "unknown meeting", p + "/meetings/999999", "", `{"date":"2026-01-15"}`, 404, "path.meeting_id"},
		{putMt, "overlong minutes", mt, "", `{"date":"2026-01-15","minutes":"` + long20001 + `"}`, 422, "body.minutes"},
		{putMt, "minutes not UTF-8", mt, "", `{"date":"2026-01-15","minutes":"` + latin1 + `"}`, 422, "body.minutes"},
		{putMt, "agenda with an escape character", mt, "", `{"date":"2026-01-15","agenda":"1.\u001b[31m"}`, 422, "body.agenda"},
		{putMt, "a voter dropped from attendance", mt, "", `{"date":"2026-01-15","attendance":[]}`, 422, "body.attendance"},
		{endMt, "meeting with decisions", mt + "/end", "", `{"date":"2026-01-10"}`, 422, "body.date"},
		{endMt, "bad date", mt + "/end", "", `{"date":"10/01/2026"}`, 422, "body.date"},

		{putD, "unknown decision", p + "/decisions/999999", "", `{"text":"T",` + vote + `}`, 404, "path.decision_id"},
		{putD, "decision of another partnership", "/api/v1/partnerships/{op}/decisions/{d}", "", `{"text":"T",` + vote + `}`, 404, "path.decision_id"},
		{putD, "overlong text", dec, "", `{"text":"` + long20001 + `",` + vote + `}`, 422, "body.text"},
		{putD, "text not UTF-8", dec, "", `{"text":"` + latin1 + `",` + vote + `}`, 422, "body.text"},
		{putD, "date other than the meeting's", dec, "", `{"text":"T","date":"2026-01-16",` + vote + `}`, 422, "body.date"},
		{putD, "vote by a member not present", dec, "", fmt.Sprintf(`{"text":"T","outcome":"vote","meeting_id":%d,"votes":[{"member_id":%d,"choice":"for"}]}`, f.meeting.ID, absentMember), 422, "body.votes[0].member_id"},
		{putD, "vote by an observer present", dec, "", fmt.Sprintf(`{"text":"T","outcome":"vote","meeting_id":%d,"votes":[{"member_id":%d,"choice":"for"}]}`, f.meeting.ID, observer), 422, "body.votes[0].member_id"},
		{endD, "rescinded before it was taken", dec + "/end", "", `{"date":"2026-01-14"}`, 422, "body.date"},
		{endD, "missing date", dec + "/end", "", `{"date":""}`, 422, "body.date"},
	}
}

// boardFixture adds to f an observer who attended the fixture meeting and
// a member who did not, for the vote cases, and returns their IDs.
func (f *fixture) boardFixture(t *testing.T) (observer, absent int64) {
	t.Helper()
	ctx := context.Background()
	st := f.srv.Store
	obs, err := st.AddMember(ctx, store.System, places.Member{PartnershipID: f.p.ID, PersonName: "Olu Observer", OrgID: f.org.ID, Role: places.RoleObserver})
	must(t, err)
	absentMember, err := st.AddMember(ctx, store.System, places.Member{PartnershipID: f.p.ID, PersonName: "Abi Absent", OrgID: f.org.ID, Role: places.RoleMember})
	must(t, err)
	mt := f.meeting
	mt.Attendance = append(mt.Attendance, obs.ID)
	f.meeting, err = st.UpdateMeeting(ctx, store.System, mt)
	must(t, err)
	return obs.ID, absentMember.ID
}

// freshMeeting records a meeting with no decisions, for requests that
// cancel one.
func (f *fixture) freshMeeting(t *testing.T) places.Meeting {
	t.Helper()
	m, err := f.srv.Store.CreateMeeting(context.Background(), store.System, places.Meeting{PartnershipID: f.p.ID, Date: fmt.Sprintf("2026-05-%02d", 1+f.seq.Add(1)%28)})
	must(t, err)
	return m
}

// TestBoardRecordThroughTheAPI edits and ends each kind of board record
// through the API and checks the answers and the audit log's before and
// after.
func TestBoardRecordThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	admin, _ := f.srv.As(t, "", 0, true)
	p := "/api/v1/partnerships/" + itoa(f.p.ID)
	call := func(method, path, body string, want int, out any) {
		t.Helper()
		status, _, got := f.do(t, admin, probe{method: method, path: path, contentType: "application/json", body: body})
		if status != want {
			t.Fatalf("%s %s = %d, want %d: %.400s", method, path, status, want, got)
		}
		if out != nil {
			must(t, json.Unmarshal([]byte(got), out))
		}
	}

	var member struct {
		Job   string `json:"job_title"`
		Start string `json:"term_start"`
		End   string `json:"term_end"`
	}
	call(http.MethodPut, p+"/members/"+itoa(f.member.ID), fmt.Sprintf(`{"person_name":"Alex Chair","org_id":%d,"role":"chair","statutory":true,"job_title":"Leader of the Council","term_start":"2025-05-01"}`, f.org.ID), 200, &member)
	if member.Job != "Leader of the Council" || member.Start != "2025-05-01" || member.End != "" {
		t.Errorf("updated member %+v", member)
	}
	call(http.MethodPost, p+"/members/"+itoa(f.member.ID)+"/end", `{"date":"2026-06-30"}`, 200, &member)
	if member.End != "2026-06-30" || member.Job != "Leader of the Council" {
		t.Errorf("ended member %+v", member)
	}

	var meeting struct {
		Date    string `json:"date"`
		Minutes string `json:"minutes"`
	}
	call(http.MethodPut, p+"/meetings/"+itoa(f.meeting.ID), fmt.Sprintf(`{"date":"2026-01-16","minutes":"Line one\nLine two","attendance":[%d]}`, f.member.ID), 200, &meeting)
	if meeting.Date != "2026-01-16" || meeting.Minutes != "Line one\nLine two" {
		t.Errorf("updated meeting %+v", meeting)
	}
	var decision struct {
		Date        string `json:"date"`
		RescindedOn string `json:"rescinded_on"`
	}
	call(http.MethodGet, p+"/decisions/"+itoa(f.decision.ID), "", 200, &decision)
	if decision.Date != "2026-01-16" {
		t.Errorf("decision date %q after its meeting moved to 2026-01-16", decision.Date)
	}
	call(http.MethodPost, p+"/decisions/"+itoa(f.decision.ID)+"/end", `{"date":"2026-09-01"}`, 200, &decision)
	if decision.RescindedOn != "2026-09-01" {
		t.Errorf("rescinded decision %+v", decision)
	}
	spare := f.freshMeeting(t)
	var cancelled struct {
		CancelledOn string `json:"cancelled_on"`
	}
	call(http.MethodPost, p+"/meetings/"+itoa(spare.ID)+"/end", `{"date":"2026-04-30"}`, 200, &cancelled)
	if cancelled.CancelledOn != "2026-04-30" {
		t.Errorf("cancelled meeting %+v", cancelled)
	}
	var partnership struct {
		Name    string `json:"name"`
		EndedOn string `json:"ended_on"`
	}
	call(http.MethodPut, p, `{"name":"Hartlepool Health and Wellbeing Board (2026)","kind":"hwb","area_code":"E06000001"}`, 200, &partnership)
	call(http.MethodPost, p+"/end", `{"date":"2027-03-31"}`, 200, &partnership)
	if partnership.Name != "Hartlepool Health and Wellbeing Board (2026)" || partnership.EndedOn != "2027-03-31" {
		t.Errorf("partnership %+v", partnership)
	}

	// Each change is in the audit log with its before and after.
	entries, _, err := f.srv.Store.AuditEntries(context.Background(), store.AuditFilter{Entity: "member", EntityID: itoa(f.member.ID)})
	must(t, err)
	if len(entries) < 2 || !strings.Contains(string(entries[0].Before), `"term_end":""`) || !strings.Contains(string(entries[0].After), `"term_end":"2026-06-30"`) {
		t.Errorf("member audit: %+v", entries)
	}
	entries, _, err = f.srv.Store.AuditEntries(context.Background(), store.AuditFilter{Entity: "partnership", EntityID: itoa(f.p.ID)})
	must(t, err)
	if len(entries) < 2 || !strings.Contains(string(entries[1].Before), `"name":"Hartlepool Health and Wellbeing Board"`) ||
		!strings.Contains(string(entries[1].After), `(2026)`) {
		t.Errorf("partnership audit: %+v", entries)
	}
}
