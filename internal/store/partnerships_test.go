package store_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

// lastChange is the newest audit entry for entity id, with its before and
// after images decoded.
func lastChange(t *testing.T, s *store.Store, entity string, id int64) (action string, before, after map[string]any) {
	t.Helper()
	entries, _, err := s.AuditEntries(context.Background(), store.AuditFilter{Entity: entity, EntityID: idStr(id), Page: store.Page{Limit: 1}})
	if err != nil || len(entries) == 0 {
		t.Fatalf("audit entries for %s %d: %v %v", entity, id, entries, err)
	}
	e := entries[0]
	decode := func(b []byte) map[string]any {
		if b == nil {
			return nil
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("audit image %s: %v", b, err)
		}
		return m
	}
	return e.Action, decode(e.Before), decode(e.After)
}

func idStr(id int64) string {
	b, _ := json.Marshal(id)
	return string(b)
}

func TestBoardRecordEditAndEnd(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, ms := board(t, s)

		// A partnership is renamed, then ended; each change keeps before and after.
		p.Name = "Hartlepool Health and Wellbeing Board (renamed)"
		if _, err := s.UpdatePartnership(ctx, admin, p); err != nil {
			t.Fatal(err)
		}
		action, before, after := lastChange(t, s, "partnership", p.ID)
		if action != "update" || before["name"] != "Hartlepool Health and Wellbeing Board" || after["name"] != p.Name {
			t.Errorf("rename audited as %s %v -> %v", action, before["name"], after["name"])
		}
		ended, err := s.EndPartnership(ctx, admin, p.ID, "2027-03-31")
		if err != nil || !ended.Ended() || ended.EndedOn != "2027-03-31" {
			t.Fatalf("end partnership: %+v %v", ended, err)
		}
		_, before, after = lastChange(t, s, "partnership", p.ID)
		if before["ended_on"] != "" || after["ended_on"] != "2027-03-31" {
			t.Errorf("end audited %v -> %v", before["ended_on"], after["ended_on"])
		}
		// Editing an ended partnership keeps its end.
		if got, err := s.UpdatePartnership(ctx, admin, p); err != nil || got.EndedOn != "2027-03-31" {
			t.Errorf("update after end: %+v %v", got, err)
		}
		if _, err := s.EndPartnership(ctx, admin, p.ID, "2027-02-30"); fieldOf(t, err) != "ended_on" {
			t.Error("impossible end date accepted")
		}

		// A member gets a job title and a term, then their term ends.
		bo := ms[1]
		bo.JobTitle = "Director of Adult Social Care"
		bo.TermStart, bo.TermEnd = "2025-04-01", ""
		if got, err := s.UpdateMember(ctx, admin, bo); err != nil || got.JobTitle != bo.JobTitle || got.TermStart != "2025-04-01" {
			t.Fatalf("update member: %+v %v", got, err)
		}
		_, before, after = lastChange(t, s, "member", bo.ID)
		if before["job_title"] != "" || after["job_title"] != bo.JobTitle || after["term_start"] != "2025-04-01" {
			t.Errorf("member edit audited %v -> %v", before, after)
		}
		bo.TermEnd = "2025-03-31"
		if _, err := s.UpdateMember(ctx, admin, bo); fieldOf(t, err) != "term_end" {
			t.Error("a term ending before it starts was accepted")
		}

		mt, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: p.ID, Date: "2026-03-04", Attendance: []int64{ms[0].ID, bo.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndMember(ctx, admin, bo.ID, "2026-03-03"); fieldOf(t, err) != "term_end" {
			t.Error("ended a term before a meeting the member attended")
		}
		gone, err := s.EndMember(ctx, admin, bo.ID, "2026-06-30")
		if err != nil || gone.TermEnd != "2026-06-30" || gone.JobTitle != bo.JobTitle {
			t.Fatalf("end member: %+v %v", gone, err)
		}
		_, before, after = lastChange(t, s, "member", bo.ID)
		if before["term_end"] != "" || after["term_end"] != "2026-06-30" {
			t.Errorf("member end audited %v -> %v", before["term_end"], after["term_end"])
		}
		// Ended, they stay on the board list, with their attendance.
		members, err := s.ListMembers(ctx, p.ID)
		if err != nil || len(members) != 2 {
			t.Fatalf("members after end: %+v %v", members, err)
		}
		if _, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: p.ID, Date: "2026-07-01", Attendance: []int64{bo.ID}}); fieldOf(t, err) != "attendance" {
			t.Error("a member attended after their term ended")
		}

		// Meetings: edited, and the decision taken at it follows its date.
		d, err := s.CreateDecision(ctx, admin, places.Decision{PartnershipID: p.ID, MeetingID: mt.ID, Text: "Adopt the strategy",
			Outcome: places.OutcomeVote, Votes: []places.Vote{{MemberID: ms[0].ID, Choice: places.VoteFor}, {MemberID: bo.ID, Choice: places.VoteAgainst}}})
		if err != nil {
			t.Fatal(err)
		}
		if d.Date != "2026-03-04" {
			t.Errorf("decision date %q, want its meeting's 2026-03-04", d.Date)
		}
		mt.Date = "2026-03-05"
		mt.Minutes = "Agreed."
		if _, err := s.UpdateMeeting(ctx, admin, mt); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetDecision(ctx, d.ID); got.Date != "2026-03-05" {
			t.Errorf("decision date %q after its meeting moved to 2026-03-05", got.Date)
		}
		action, before, after = lastChange(t, s, "decision", d.ID)
		if action != "update" || before["date"] != "2026-03-04" || after["date"] != "2026-03-05" {
			t.Errorf("decision date change audited %s %v -> %v", action, before["date"], after["date"])
		}
		_, before, after = lastChange(t, s, "meeting", mt.ID)
		if before["minutes"] != "" || after["minutes"] != "Agreed." {
			t.Errorf("meeting edit audited %v -> %v", before["minutes"], after["minutes"])
		}
		// A voter cannot be dropped from attendance, nor the meeting cancelled.
		mt.Attendance = []int64{ms[0].ID}
		if _, err := s.UpdateMeeting(ctx, admin, mt); fieldOf(t, err) != "attendance" {
			t.Error("a voter was dropped from the meeting's attendance")
		}
		if _, err := s.CancelMeeting(ctx, admin, mt.ID, "2026-03-01"); fieldOf(t, err) != "cancelled_on" {
			t.Error("a meeting with decisions was cancelled")
		}
		// A member who voted cannot become an observer.
		bo.TermEnd, bo.Role = "2026-06-30", places.RoleObserver
		if _, err := s.UpdateMember(ctx, admin, bo); fieldOf(t, err) != "role" {
			t.Error("a voter became an observer")
		}

		// A decision is edited and rescinded; both audited.
		d.Text = "Adopt the strategy 2026-2030"
		d.Date = ""
		if got, err := s.UpdateDecision(ctx, admin, d); err != nil || got.Date != "2026-03-05" {
			t.Fatalf("update decision: %+v %v", got, err)
		}
		if _, err := s.RescindDecision(ctx, admin, d.ID, "2026-03-04"); fieldOf(t, err) != "rescinded_on" {
			t.Error("rescinded before it was taken")
		}
		rescinded, err := s.RescindDecision(ctx, admin, d.ID, "2026-09-01")
		if err != nil || rescinded.RescindedOn != "2026-09-01" || len(rescinded.Votes) != 2 {
			t.Fatalf("rescind: %+v %v", rescinded, err)
		}
		_, before, after = lastChange(t, s, "decision", d.ID)
		if before["rescinded_on"] != "" || after["rescinded_on"] != "2026-09-01" {
			t.Errorf("rescind audited %v -> %v", before["rescinded_on"], after["rescinded_on"])
		}

		// A meeting without decisions is cancelled and kept.
		spare, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: p.ID, Date: "2026-12-01"})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.CancelMeeting(ctx, admin, spare.ID, "2026-11-20"); err != nil || got.CancelledOn != "2026-11-20" {
			t.Fatalf("cancel: %+v %v", got, err)
		}
		if _, err := s.CreateDecision(ctx, admin, places.Decision{PartnershipID: p.ID, MeetingID: spare.ID, Text: "x", Outcome: places.OutcomeConsensus}); fieldOf(t, err) != "meeting_id" {
			t.Error("a decision was taken at a cancelled meeting")
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

func TestVotesOnlyByVotingMembersPresent(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, ms := board(t, s)
		watcher, err := s.AddMember(ctx, admin, places.Member{PartnershipID: p.ID, PersonName: "Cy Observer", OrgID: ms[0].OrgID, Role: places.RoleObserver})
		if err != nil {
			t.Fatal(err)
		}
		mt, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: p.ID, Date: "2026-03-04", Attendance: []int64{ms[0].ID, watcher.ID}})
		if err != nil {
			t.Fatal(err)
		}
		vote := func(id int64) places.Decision {
			return places.Decision{PartnershipID: p.ID, MeetingID: mt.ID, Text: "x", Outcome: places.OutcomeVote,
				Votes: []places.Vote{{MemberID: ms[0].ID, Choice: places.VoteFor}, {MemberID: id, Choice: places.VoteFor}}}
		}
		tests := []struct {
			name  string
			d     places.Decision
			field string
		}{
			{"absent member", vote(ms[1].ID), "votes[1].member_id"},
			{"observer present", vote(watcher.ID), "votes[1].member_id"},
			{"date other than the meeting's", places.Decision{PartnershipID: p.ID, MeetingID: mt.ID, Text: "x", Date: "2026-03-05", Outcome: places.OutcomeConsensus}, "date"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := s.CreateDecision(ctx, admin, tt.d); fieldOf(t, err) != tt.field {
					t.Errorf("want a problem with %s, got %v", tt.field, err)
				}
			})
		}
		ds, err := s.ListDecisions(ctx, p.ID)
		if err != nil || len(ds) != 0 {
			t.Errorf("refused decisions were stored: %+v %v", ds, err)
		}
	})
}

// TestBoardRulesHoldUnderRacingWrites races "drop a member from the
// meeting" against "record their vote at it": whichever commits first, the
// other must see it, so no vote by an absent member is ever stored.
func TestBoardRulesHoldUnderRacingWrites(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, ms := board(t, s)
		for round := range 8 {
			mt, err := s.CreateMeeting(ctx, admin, places.Meeting{PartnershipID: p.ID, Date: "2026-03-0" + string(rune('1'+round)), Attendance: []int64{ms[0].ID, ms[1].ID}})
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			var dropErr, voteErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				m := mt
				m.Attendance = []int64{ms[0].ID}
				_, dropErr = s.UpdateMeeting(ctx, admin, m)
			}()
			go func() {
				defer wg.Done()
				_, voteErr = s.CreateDecision(ctx, admin, places.Decision{PartnershipID: p.ID, MeetingID: mt.ID, Text: "x", Outcome: places.OutcomeVote,
					Votes: []places.Vote{{MemberID: ms[1].ID, Choice: places.VoteFor}}})
			}()
			wg.Wait()
			for _, err := range []error{dropErr, voteErr} {
				if _, ok := validation.As(err); err != nil && !ok {
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if dropErr == nil && voteErr == nil {
				t.Fatalf("round %d: both the drop and the vote were stored", round)
			}
			got, err := s.GetMeeting(ctx, mt.ID)
			if err != nil {
				t.Fatal(err)
			}
			ds, err := s.ListDecisions(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.MeetingID != mt.ID {
					continue
				}
				if errs := places.CheckVotes(d, []places.Member{ms[0], ms[1]}, &got); errs != nil {
					t.Fatalf("round %d: stored record breaks the rules: %v", round, errs)
				}
			}
		}
	})
}

// TestBoardRecordMigrationAlignsDecisionDates: a decision stored before
// 00010 with a date other than its meeting's takes the meeting's date when
// the migration runs; one not taken at a meeting keeps its own.
func TestBoardRecordMigrationAlignsDecisionDates(t *testing.T) {
	engines := map[string]func(t *testing.T) *store.Store{
		"sqlite": func(t *testing.T) *store.Store {
			s, err := store.Open(context.Background(), store.Config{DataDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		"postgres": func(t *testing.T) *store.Store {
			s, err := store.Open(context.Background(), store.Config{DatabaseURL: storetest.PostgresURL(t)})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			t.Cleanup(func() { s.Close() })
			if err := s.MigrateTo(ctx, 1); err != nil {
				t.Fatalf("migrate to 00001: %v", err)
			}
			const now = "2026-01-01T00:00:00Z"
			for _, q := range []string{
				`INSERT INTO areas (type, code, name, name_lower) VALUES ('utla', 'E06000001', 'Hartlepool', 'hartlepool')`,
				`INSERT INTO partnerships (id, kind, area_type, area_code, name, created_at, updated_at) VALUES (1, 'hwb', 'utla', 'E06000001', 'Board', '` + now + `', '` + now + `')`,
				`INSERT INTO meetings (id, partnership_id, date, agenda, minutes, attendance, created_at, updated_at) VALUES (1, 1, '2026-03-12', '', '', '[]', '` + now + `', '` + now + `')`,
				`INSERT INTO decisions (id, partnership_id, meeting_id, text, date, outcome, votes, papers, created_at, updated_at) VALUES (1, 1, 1, 'At the meeting', '2026-03-15', 'consensus', '[]', '[]', '` + now + `', '` + now + `')`,
				`INSERT INTO decisions (id, partnership_id, meeting_id, text, date, outcome, votes, papers, created_at, updated_at) VALUES (2, 1, NULL, 'Elsewhere', '2026-04-01', 'consensus', '[]', '[]', '` + now + `', '` + now + `')`,
			} {
				if _, err := s.DB().ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			for id, want := range map[int64]string{1: "2026-03-12", 2: "2026-04-01"} {
				d, err := s.GetDecision(ctx, id)
				if err != nil || d.Date != want {
					t.Errorf("decision %d: date %q %v, want %s", id, d.Date, err, want)
				}
			}
		})
	}
}
