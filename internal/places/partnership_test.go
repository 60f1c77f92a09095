package places

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

func TestMemberValidateTerm(t *testing.T) {
	base := Member{PersonName: "Alex Example", OrgID: 1, Role: RoleMember}
	tests := []struct {
		name   string
		change func(m *Member)
		want   string // fields with problems, comma-separated
	}{
		{"no term", func(m *Member) {}, ""},
		{"ordered term", func(m *Member) { m.TermStart, m.TermEnd = "2024-04-01", "2027-03-31" }, ""},
		{"one-day term", func(m *Member) { m.TermStart, m.TermEnd = "2024-04-01", "2024-04-01" }, ""},
		{"end before start", func(m *Member) { m.TermStart, m.TermEnd = "2024-04-01", "2024-03-31" }, "term_end"},
		{"impossible start", func(m *Member) { m.TermStart = "2024-02-30" }, "term_start"},
		{"job title too long", func(m *Member) { m.JobTitle = strings.Repeat("j", MaxNameLen+1) }, "job_title"},
		{"job title not UTF-8", func(m *Member) { m.JobTitle = "Director of Caf\xe9s" }, "job_title"},
		{"name with a control character", func(m *Member) { m.PersonName = "Alex\x00" }, "person_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base
			tt.change(&m)
			m.Normalize()
			if got := fieldsOf(m.Validate()); got != tt.want {
				t.Fatalf("problems in %q, want %q", got, tt.want)
			}
		})
	}
}

func fieldsOf(errs *validation.Errors) string {
	if errs == nil {
		return ""
	}
	var fs []string
	for _, f := range errs.Fields {
		fs = append(fs, f.Field)
	}
	return strings.Join(fs, ",")
}

func TestDecisionDateFollowsMeeting(t *testing.T) {
	mt := Meeting{ID: 5, Date: "2026-03-12"}
	tests := []struct {
		name string
		d    Decision
		want string
	}{
		{"no date given at a meeting", Decision{MeetingID: 5, Text: "x", Outcome: OutcomeConsensus}, ""},
		{"the meeting's date", Decision{MeetingID: 5, Text: "x", Outcome: OutcomeConsensus, Date: "2026-03-12"}, ""},
		{"another date", Decision{MeetingID: 5, Text: "x", Outcome: OutcomeConsensus, Date: "2026-03-13"}, "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			if errs := d.Validate(); errs != nil {
				t.Fatalf("Validate: %v", errs)
			}
			if got := fieldsOf(CheckDecisionMeeting(d, mt)); got != tt.want {
				t.Fatalf("problems in %q, want %q", got, tt.want)
			}
			d.FollowMeeting(mt)
			if d.Date != "2026-03-12" {
				t.Fatalf("date %q after FollowMeeting", d.Date)
			}
		})
	}
	if fieldsOf((&Decision{Text: "x", Outcome: OutcomeConsensus}).Validate()) != "date" {
		t.Fatal("a decision taken elsewhere needs its own date")
	}
	cancelled := Meeting{ID: 6, Date: "2026-04-01", CancelledOn: "2026-03-30"}
	if fieldsOf(CheckDecisionMeeting(Decision{MeetingID: 6}, cancelled)) != "meeting_id" {
		t.Fatal("a decision at a cancelled meeting was accepted")
	}
	rescindedEarly := Decision{Text: "x", Outcome: OutcomeConsensus, Date: "2026-03-12", RescindedOn: "2026-03-11"}
	if fieldsOf(rescindedEarly.Validate()) != "rescinded_on" {
		t.Fatal("a decision rescinded before it was taken was accepted")
	}
}

// board is a chair, a member whose term ended, and an observer.
var board = []Member{
	{ID: 1, PersonName: "Chair", Role: RoleChair, TermStart: "2024-01-01"},
	{ID: 2, PersonName: "Former", Role: RoleMember, TermStart: "2024-01-01", TermEnd: "2025-12-31"},
	{ID: 3, PersonName: "Watcher", Role: RoleObserver},
	{ID: 4, PersonName: "Member", Role: RoleMember},
}

func TestVotesOnlyByVotersPresent(t *testing.T) {
	mt := &Meeting{ID: 9, Date: "2026-03-12", Attendance: []int64{1, 3}}
	vote := func(ids ...int64) Decision {
		d := Decision{MeetingID: 9, Date: "2026-03-12", Outcome: OutcomeVote}
		for _, id := range ids {
			d.Votes = append(d.Votes, Vote{MemberID: id, Choice: VoteFor})
		}
		return d
	}
	tests := []struct {
		name    string
		d       Decision
		mt      *Meeting
		want    string
		message string
	}{
		{"present member", vote(1), mt, "", ""},
		{"absent member", vote(1, 4), mt, "votes[1].member_id", "was not present"},
		{"observer present", vote(3), mt, "votes[0].member_id", "observer"},
		{"not on the board", vote(99), mt, "votes[0].member_id", "not on this partnership's board"},
		{"elsewhere, in term", Decision{Date: "2026-03-12", Outcome: OutcomeVote, Votes: []Vote{{1, VoteFor}, {4, VoteAgainst}}}, nil, "", ""},
		{"elsewhere, term ended", Decision{Date: "2026-03-12", Outcome: OutcomeVote, Votes: []Vote{{2, VoteFor}}}, nil, "votes[0].member_id", "term"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := CheckVotes(tt.d, board, tt.mt)
			if got := fieldsOf(errs); got != tt.want {
				t.Fatalf("problems in %q, want %q", got, tt.want)
			}
			if tt.message != "" && !strings.Contains(errs.Error(), tt.message) {
				t.Fatalf("message %q lacks %q", errs.Error(), tt.message)
			}
		})
	}

	var offered []int64
	for _, m := range Voters(board, mt, "") {
		offered = append(offered, m.ID)
	}
	if len(offered) != 1 || offered[0] != 1 {
		t.Fatalf("offered a vote: %v, want only the chair (the observer is present but does not vote)", offered)
	}
}

func TestAgreedLeavesOutObservers(t *testing.T) {
	mt := &Meeting{ID: 9, Date: "2026-03-12", Attendance: []int64{1, 3, 4}}
	tests := []struct {
		name string
		d    Decision
		mt   *Meeting
		want []int64
	}{
		{"consensus: voting members present", Decision{Outcome: OutcomeConsensus}, mt, []int64{1, 4}},
		{"consensus elsewhere: nobody named", Decision{Outcome: OutcomeConsensus}, nil, nil},
		{"vote: those for", Decision{Outcome: OutcomeVote, Votes: []Vote{{4, VoteFor}, {1, VoteAgainst}}}, mt, []int64{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int64
			for _, m := range Agreed(tt.d, board, tt.mt) {
				got = append(got, m.ID)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("agreed %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("agreed %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestAttendanceWithinTerm(t *testing.T) {
	tests := []struct {
		name string
		mt   Meeting
		want string
	}{
		{"all in term", Meeting{Date: "2025-06-01", Attendance: []int64{1, 2, 3}}, ""},
		{"after a term ended", Meeting{Date: "2026-01-01", Attendance: []int64{2}}, "attendance"},
		{"before a term began", Meeting{Date: "2023-12-31", Attendance: []int64{1}}, "attendance"},
		{"not on the board", Meeting{Date: "2025-06-01", Attendance: []int64{42}}, "attendance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldsOf(CheckAttendance(tt.mt, board)); got != tt.want {
				t.Fatalf("problems in %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMemberAndMeetingRecord(t *testing.T) {
	attended := []Meeting{{ID: 1, Date: "2025-06-01", Attendance: []int64{2}}}
	voted := []Decision{{ID: 1, MeetingID: 1, Date: "2025-06-01", Outcome: OutcomeVote, Votes: []Vote{{2, VoteFor}}}}
	m := board[1]
	tests := []struct {
		name   string
		change func(m *Member)
		want   string
	}{
		{"unchanged", func(*Member) {}, ""},
		{"term ended after the meeting", func(m *Member) { m.TermEnd = "2025-06-01" }, ""},
		{"term ended before the meeting", func(m *Member) { m.TermEnd = "2025-05-31" }, "term_end"},
		{"term began after the meeting", func(m *Member) { m.TermStart = "2025-06-02" }, "term_start"},
		{"a voter made an observer", func(m *Member) { m.Role = RoleObserver }, "role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mm := m
			tt.change(&mm)
			if got := fieldsOf(CheckMemberRecord(mm, attended, voted)); got != tt.want {
				t.Fatalf("problems in %q, want %q", got, tt.want)
			}
		})
	}

	meetingTests := []struct {
		name string
		mt   Meeting
		want string
	}{
		{"unchanged", attended[0], ""},
		{"a voter dropped from attendance", Meeting{ID: 1, Date: "2025-06-01"}, "attendance"},
		{"cancelled with decisions", Meeting{ID: 1, Date: "2025-06-01", Attendance: []int64{2}, CancelledOn: "2025-05-30"}, "cancelled_on"},
	}
	for _, tt := range meetingTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldsOf(CheckMeetingRecord(tt.mt, board, voted)); got != tt.want {
				t.Fatalf("problems in %q, want %q", got, tt.want)
			}
		})
	}
}
