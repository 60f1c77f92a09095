package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func TestAuditVerify(t *testing.T) {
	tamper := []struct {
		name   string
		sql    string // run by hand after the fixture changes
		guard  bool   // drop the append-only triggers first
		seq    int64  // entry the report must name (0: none)
		entity string // entity the report must name
		reason string // part of the reason
	}{
		{name: "untouched"},
		{name: "audit row edited", guard: true, sql: "UPDATE audit_log SET after = replace(after, 'Hartlepool', 'Hartlepoole') WHERE seq = 2", seq: 2, entity: "organisation", reason: "edited"},
		{name: "audit row deleted", guard: true, sql: "DELETE FROM audit_log WHERE seq = 3", seq: 4, reason: "sequence gap"},
		{name: "organisation edited", sql: "UPDATE organisations SET name = 'Evil Council' WHERE id = 1", seq: 2, entity: "organisation", reason: "edited by hand"},
		{name: "member edited", sql: "UPDATE members SET role = 'chair' WHERE role = 'member'", entity: "member", reason: "edited by hand"},
		{name: "organisation area added", sql: "INSERT INTO organisation_areas (org_id, area_code) VALUES (1, 'E06000047')", seq: 2, entity: "organisation", reason: "edited by hand"},
		{name: "organisation inserted", sql: "INSERT INTO organisations (name, name_lower, kind, created_at, updated_at) VALUES ('Ghost', 'ghost', 'school', 'x', 'x')", entity: "organisation", reason: "no audit entry"},
		{name: "decision deleted", sql: "DELETE FROM decisions", entity: "decision", reason: "missing"},
		{name: "admin flag set", sql: "UPDATE users SET admin = true", entity: "user", reason: "edited by hand"},
		{name: "password hash replaced", sql: "UPDATE users SET password_hash = 'x'", entity: "user", reason: "edited by hand"},
	}
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		for _, tc := range tamper {
			t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
				s := s
				if tc.name != "untouched" {
					// Each case needs its own database.
					if s.Engine() == store.SQLite {
						s = storetest.Fixture(t, storetest.SQLite(t))
					} else {
						s = storetest.Fixture(t, storetest.Postgres(t))
					}
				}
				ctx := context.Background()
				org, err := s.CreateOrganisation(ctx, admin, places.Organisation{Name: "Hartlepool Borough Council", Kind: places.OrgCouncilUpper})
				if err != nil {
					t.Fatal(err)
				}
				org.AreaCodes = []string{storetest.Hartlepool}
				if _, err := s.UpdateOrganisation(ctx, admin, org); err != nil { // entry 2
					t.Fatal(err)
				}
				p, err := s.CreatePartnership(ctx, admin, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Board"})
				if err != nil {
					t.Fatal(err)
				}
				m, err := s.AddMember(ctx, admin, places.Member{PartnershipID: p.ID, PersonName: "Bo", OrgID: org.ID, Role: places.RoleMember})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.CreateDecision(ctx, admin, places.Decision{PartnershipID: p.ID, Text: "Agree", Date: "2026-01-02", Outcome: places.OutcomeVote,
					Votes: []places.Vote{{MemberID: m.ID, Choice: places.VoteFor}}}); err != nil {
					t.Fatal(err)
				}
				if _, err := s.CreateUser(ctx, admin, store.NewUser{Email: "u@example.test", Name: "U", PasswordHash: "$argon2id$h"}); err != nil {
					t.Fatal(err)
				}
				if tc.guard {
					storetest.DropAppendOnly(t, s)
				}
				if tc.sql != "" {
					if _, err := s.DB().ExecContext(ctx, tc.sql); err != nil {
						t.Fatalf("tamper: %v", err)
					}
				}
				rep, err := s.VerifyAudit(ctx)
				if tc.reason == "" {
					if err != nil {
						t.Fatalf("untouched database: %v", err)
					}
					if rep.Entries != 6 || rep.Rows != 5 {
						t.Errorf("report %+v, want 6 entries and 5 rows (one organisation changed twice)", rep)
					}
					return
				}
				var p2 *audit.Problem
				if !errors.As(err, &p2) {
					t.Fatalf("tampering not detected: rep=%+v err=%v", rep, err)
				}
				if tc.seq != 0 && p2.Seq != tc.seq {
					t.Errorf("named entry %d, want %d (%v)", p2.Seq, tc.seq, p2)
				}
				if tc.entity != "" && p2.Entity != tc.entity {
					t.Errorf("named entity %q, want %q (%v)", p2.Entity, tc.entity, p2)
				}
				if !strings.Contains(p2.Error(), tc.reason) {
					t.Errorf("report %q does not say %q", p2.Error(), tc.reason)
				}
			})
		}
	})
}

// The database itself refuses edits to the log.
func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.CreateOrganisation(ctx, admin, places.Organisation{Name: "A", Kind: places.OrgSchool}); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"UPDATE audit_log SET actor_name = 'x'", "DELETE FROM audit_log"} {
			if _, err := s.DB().ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want append-only refusal", q, err)
			}
		}
	})
}

// Concurrent writers (as from several server processes) keep one unbroken
// chain.
func TestAuditChainUnderConcurrentWrites(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 8 {
					_, err := s.CreateOrganisation(ctx, store.Actor{UserID: int64(w + 1), Name: fmt.Sprintf("w%d", w)},
						places.Organisation{Name: fmt.Sprintf("Org %d-%d", w, i), Kind: places.OrgVoluntary})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		rep, err := s.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Entries != 48 {
			t.Errorf("%d entries, want 48", rep.Entries)
		}
		entries, total, err := s.AuditEntries(ctx, store.AuditFilter{Entity: "organisation", Page: store.Page{Limit: 5}})
		if err != nil || total != 48 || len(entries) != 5 || entries[0].Seq != 48 {
			t.Errorf("AuditEntries: %d of %d, first %+v, %v", len(entries), total, entries, err)
		}
	})
}
