package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// boardRecord is a board with a chair, a member who missed the meeting,
// and an observer who attended it, with a decision voted on there.
type boardRecord struct {
	srv                     *apptest.Server
	admin                   *http.Client
	p                       places.Partnership
	org                     places.Organisation
	chair, absent, observer places.Member
	meeting                 places.Meeting
	decision                places.Decision
	pid, member, mt, dec    string // page paths
}

func newBoardRecord(t *testing.T) *boardRecord {
	t.Helper()
	ctx := context.Background()
	b := &boardRecord{srv: apptest.New(t)}
	st := b.srv.Store
	var err error
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	b.org, err = st.CreateOrganisation(ctx, store.System, places.Organisation{Name: "Hartlepool Borough Council", Kind: places.OrgCouncilUpper, ONSCode: "E06000001", AreaCodes: []string{"E06000001"}})
	must(err)
	b.p, err = st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", AreaType: places.AreaUTLA, Name: "Hartlepool Health and Wellbeing Board"})
	must(err)
	add := func(name string, role places.MemberRole) places.Member {
		m, err := st.AddMember(ctx, store.System, places.Member{PartnershipID: b.p.ID, PersonName: name, OrgID: b.org.ID, Role: role})
		must(err)
		return m
	}
	b.chair, b.absent, b.observer = add("Ada Chair", places.RoleChair), add("Bo Absent", places.RoleMember), add("Cy Observer", places.RoleObserver)
	b.meeting, err = st.CreateMeeting(ctx, store.System, places.Meeting{PartnershipID: b.p.ID, Date: "2026-03-12", Attendance: []int64{b.chair.ID, b.observer.ID}})
	must(err)
	b.decision, err = st.CreateDecision(ctx, store.System, places.Decision{PartnershipID: b.p.ID, MeetingID: b.meeting.ID, Text: "Adopt the strategy",
		Outcome: places.OutcomeVote, Votes: []places.Vote{{MemberID: b.chair.ID, Choice: places.VoteFor}}})
	must(err)
	b.admin, _ = b.srv.As(t, "", 0, true)
	b.pid = "/partnerships/" + strconv.FormatInt(b.p.ID, 10)
	b.member = b.pid + "/members/" + strconv.FormatInt(b.chair.ID, 10)
	b.mt = b.pid + "/meetings/" + strconv.FormatInt(b.meeting.ID, 10)
	b.dec = b.pid + "/decisions/" + strconv.FormatInt(b.decision.ID, 10)
	return b
}

func (b *boardRecord) post(t *testing.T, path string, v url.Values) (int, string, string) {
	t.Helper()
	c := *b.admin
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.PostForm(b.srv.URL+path, v)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Location"), readBody(t, resp)
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// TestBoardEditFormsRefuseBadInput: each edit and end form names the field
// at fault in its error summary, for bad text (not UTF-8, control
// characters, too long) and for the board's consistency rules.
func TestBoardEditFormsRefuseBadInput(t *testing.T) {
	b := newBoardRecord(t)
	memberForm := func(change map[string]string) url.Values {
		v := url.Values{"person_name": {"Ada Chair"}, "org_id": {id(b.org.ID)}, "role": {"chair"}, "statutory": {"yes"}}
		for k, x := range change {
			v.Set(k, x)
		}
		return v
	}
	date := func(prefix, d, m, y string) map[string]string {
		return map[string]string{prefix + "-day": d, prefix + "-month": m, prefix + "-year": y}
	}
	merge := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	decisionForm := func(change map[string]string) url.Values {
		v := url.Values{"text": {"Adopt the strategy"}, "meeting_id": {id(b.meeting.ID)}, "outcome": {"vote"}, "vote_" + id(b.chair.ID): {"for"}}
		for k, x := range change {
			v.Set(k, x)
		}
		return v
	}
	tests := []struct {
		name   string
		path   string
		values url.Values
		anchor string // the error summary links here
		says   string // and the message says this
	}{
		{"partnership name not UTF-8", b.pid + "/edit", url.Values{"name": {"Hartlepool \xff Board"}}, "name", "not valid UTF-8"},
		{"partnership name with a control character", b.pid + "/edit", url.Values{"name": {"Hartlepool\x00"}}, "name", "control character"},
		{"partnership name too long", b.pid + "/edit", url.Values{"name": {strings.Repeat("n", 201)}}, "name", "200 characters or fewer"},
		{"partnership end without a date", b.pid + "/end", url.Values{}, "date-day", "Enter the date the partnership ended"},
		{"partnership end impossible date", b.pid + "/end", url.Values{"date-day": {"30"}, "date-month": {"2"}, "date-year": {"2027"}}, "date-day", "real date"},

		{"job title not UTF-8", b.member + "/edit", memberForm(map[string]string{"job_title": "Directeur g\xe9n\xe9ral"}), "job_title", "Job title is not valid UTF-8"},
		{"job title too long", b.member + "/edit", memberForm(map[string]string{"job_title": strings.Repeat("j", 201)}), "job_title", "200 characters or fewer"},
		{"term ends before it starts", b.member + "/edit", memberForm(merge(date("term_start", "1", "4", "2026"), date("term_end", "31", "3", "2026"))), "term_end-day", "on or after the start"},
		{"term starts after a meeting attended", b.member + "/edit", memberForm(date("term_start", "13", "3", "2026")), "term_start-day", "attended the meeting of 2026-03-12"},
		{"observer who voted", b.member + "/edit", memberForm(map[string]string{"role": "observer"}), "role", "observers do not vote"},
		{"member end without a date", b.member + "/end", url.Values{}, "date-day", "Enter the last day of the term"},
		{"member end before a meeting attended", b.member + "/end", url.Values{"date-day": {"11"}, "date-month": {"3"}, "date-year": {"2026"}}, "date-day", "attended the meeting"},

		{"minutes not UTF-8", b.mt + "/edit", url.Values{"date-day": {"12"}, "date-month": {"3"}, "date-year": {"2026"}, "attendance": {id(b.chair.ID)}, "minutes": {"caf\xe9"}}, "minutes", "Minutes is not valid UTF-8"},
		{"minutes too long", b.mt + "/edit", url.Values{"date-day": {"12"}, "date-month": {"3"}, "date-year": {"2026"}, "attendance": {id(b.chair.ID)}, "minutes": {strings.Repeat("m", 20001)}}, "minutes", "20000 characters or fewer"},
		{"a voter dropped from attendance", b.mt + "/edit", url.Values{"date-day": {"12"}, "date-month": {"3"}, "date-year": {"2026"}}, "attendance", "Ada Chair voted"},
		{"meeting with decisions cancelled", b.mt + "/end", url.Values{"date-day": {"10"}, "date-month": {"3"}, "date-year": {"2026"}}, "date-day", "cannot be cancelled"},

		{"decision text with an escape character", b.dec + "/edit", decisionForm(map[string]string{"text": "Adopt \x1b[31m"}), "text", "control character"},
		{"vote by a member not present", b.dec + "/edit", decisionForm(map[string]string{"vote_" + id(b.absent.ID): "for"}), "vote_" + id(b.absent.ID), "Bo Absent was not present"},
		{"vote by an observer", b.dec + "/edit", decisionForm(map[string]string{"vote_" + id(b.observer.ID): "against"}), "vote_" + id(b.observer.ID), "observers do not vote"},
		{"decision rescinded before it was taken", b.dec + "/end", url.Values{"date-day": {"11"}, "date-month": {"3"}, "date-year": {"2026"}}, "date-day", "on or after the day it was taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := b.post(t, tt.path, tt.values)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", status, snippet(body))
			}
			summary := errorSummary(body)
			if !strings.Contains(summary, `href="#`+tt.anchor+`"`) || !strings.Contains(summary, tt.says) {
				t.Errorf("error summary should link to #%s saying %q:\n%s", tt.anchor, tt.says, summary)
			}
		})
	}
	// Nothing refused was stored.
	got, err := b.srv.Store.GetMember(context.Background(), b.chair.ID)
	if err != nil || got.JobTitle != "" || got.TermEnd != "" || got.Role != places.RoleChair {
		t.Errorf("a refused change was stored: %+v %v", got, err)
	}
}

// TestBoardEditAndEnd changes and ends records through the forms: the
// pages show the new details, the ended member stays with their end date
// and past vote, and the audit log holds before and after.
func TestBoardEditAndEnd(t *testing.T) {
	b := newBoardRecord(t)
	ctx := context.Background()

	// The edit form starts from what is recorded.
	status, body := get(t, b.admin, b.srv.URL, b.member+"/edit")
	if status != 200 || !strings.Contains(body, `value="Ada Chair"`) || !strings.Contains(body, `data-module="app-autocomplete"`) {
		t.Fatalf("member edit form %d:\n%s", status, snippet(body))
	}
	v := url.Values{"person_name": {"Ada Chair"}, "job_title": {"Director of Public Health"}, "org_id": {id(b.org.ID)}, "role": {"chair"}, "statutory": {"yes"},
		"term_start-day": {"1"}, "term_start-month": {"4"}, "term_start-year": {"2025"}}
	if status, loc, body := b.post(t, b.member+"/edit", v); status != http.StatusSeeOther || !strings.Contains(loc, "done=member-changed") {
		t.Fatalf("member edit: %d %q\n%s", status, loc, snippet(body))
	}
	_, body = get(t, b.admin, b.srv.URL, b.pid)
	for _, want := range []string{"Director of Public Health", "Term from 1 April 2025"} {
		if !strings.Contains(body, want) {
			t.Errorf("board page lacks %q", want)
		}
	}

	end := url.Values{"date-day": {"30"}, "date-month": {"6"}, "date-year": {"2026"}}
	if status, loc, body := b.post(t, b.member+"/end", end); status != http.StatusSeeOther || !strings.Contains(loc, "done=member-ended") {
		t.Fatalf("member end: %d %q\n%s", status, loc, snippet(body))
	}
	_, body = get(t, b.admin, b.srv.URL, b.pid)
	for _, want := range []string{"Term ended", "Term 1 April 2025 to 30 June 2026", "Ada Chair"} {
		if !strings.Contains(body, want) {
			t.Errorf("board page after the end lacks %q", want)
		}
	}
	_, body = get(t, b.admin, b.srv.URL, b.dec)
	if !strings.Contains(body, "Ada Chair") || !strings.Contains(body, "1 for, 0 against") {
		t.Errorf("the ended member's past vote is not shown:\n%s", snippet(body))
	}
	entries, _, err := b.srv.Store.AuditEntries(ctx, store.AuditFilter{Entity: "member", EntityID: id(b.chair.ID)})
	if err != nil || len(entries) < 3 {
		t.Fatalf("member audit entries: %d %v", len(entries), err)
	}
	if !strings.Contains(string(entries[0].Before), `"term_end":""`) || !strings.Contains(string(entries[0].After), `"term_end":"2026-06-30"`) ||
		!strings.Contains(string(entries[1].Before), `"job_title":""`) || !strings.Contains(string(entries[1].After), `"job_title":"Director of Public Health"`) {
		t.Errorf("audit before/after:\n%s -> %s\n%s -> %s", entries[1].Before, entries[1].After, entries[0].Before, entries[0].After)
	}

	// Moving the meeting moves its decision's date.
	mv := url.Values{"date-day": {"19"}, "date-month": {"3"}, "date-year": {"2026"}, "attendance": {id(b.chair.ID), id(b.observer.ID)}, "minutes": {"Agreed.\nClosed."}}
	if status, _, body := b.post(t, b.mt+"/edit", mv); status != http.StatusSeeOther {
		t.Fatalf("meeting edit: %d\n%s", status, snippet(body))
	}
	if d, _ := b.srv.Store.GetDecision(ctx, b.decision.ID); d.Date != "2026-03-19" {
		t.Errorf("decision date %q, want the meeting's new date 2026-03-19", d.Date)
	}

	// Rescind the decision, end the partnership: both shown, both kept.
	if status, _, body := b.post(t, b.dec+"/end", url.Values{"date-day": {"1"}, "date-month": {"9"}, "date-year": {"2026"}}); status != http.StatusSeeOther {
		t.Fatalf("rescind: %d\n%s", status, snippet(body))
	}
	_, body = get(t, b.admin, b.srv.URL, b.dec)
	if !strings.Contains(body, "Rescinded on 1 September 2026") {
		t.Errorf("decision page does not show it rescinded")
	}
	if status, _, body := b.post(t, b.pid+"/end", url.Values{"date-day": {"31"}, "date-month": {"3"}, "date-year": {"2027"}}); status != http.StatusSeeOther {
		t.Fatalf("end partnership: %d\n%s", status, snippet(body))
	}
	_, body = get(t, b.admin, b.srv.URL, b.pid)
	if !strings.Contains(body, "This partnership ended on 31 March 2027") || !strings.Contains(body, "Adopt the strategy") {
		t.Errorf("partnership page does not show it ended with its record")
	}
}

// TestDecisionFormOffersVotesOnlyToVotersPresent: at a meeting, only the
// voting members present get vote radios; the observer and the absent
// member get none.
func TestDecisionFormOffersVotesOnlyToVotersPresent(t *testing.T) {
	b := newBoardRecord(t)
	for _, path := range []string{b.pid + "/decisions/new?meeting=" + id(b.meeting.ID), b.dec + "/edit"} {
		status, body := get(t, b.admin, b.srv.URL, path)
		if status != 200 {
			t.Fatalf("GET %s = %d", path, status)
		}
		if !strings.Contains(body, `name="vote_`+id(b.chair.ID)+`"`) {
			t.Errorf("%s: the chair, present, is not offered a vote", path)
		}
		for _, m := range []places.Member{b.absent, b.observer} {
			if strings.Contains(body, `name="vote_`+id(m.ID)+`"`) {
				t.Errorf("%s: %s is offered a vote", path, m.PersonName)
			}
		}
	}
	// The decision page does not count the observer as agreeing.
	consensus, err := b.srv.Store.CreateDecision(context.Background(), store.System, places.Decision{PartnershipID: b.p.ID, MeetingID: b.meeting.ID, Text: "Note the report", Outcome: places.OutcomeConsensus})
	if err != nil {
		t.Fatal(err)
	}
	_, body := get(t, b.admin, b.srv.URL, b.pid+"/decisions/"+id(consensus.ID))
	agreed := body[strings.Index(body, `id="agreed"`):]
	agreed = agreed[:strings.Index(agreed, "</ul>")]
	if !strings.Contains(agreed, "Ada Chair") || strings.Contains(agreed, "Cy Observer") || strings.Contains(agreed, "Bo Absent") {
		t.Errorf("who agreed: %s", agreed)
	}
}
