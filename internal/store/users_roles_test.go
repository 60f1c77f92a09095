package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

func TestRolesCoverageAndDisable(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		admin := store.Actor{UserID: 0, Name: "admin@example.test"}
		mk := func(p places.Partnership) places.Partnership {
			t.Helper()
			out, err := s.CreatePartnership(ctx, store.System, p)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		footprint := mk(places.Partnership{Kind: places.PartnershipFootprint, AreaType: places.AreaSTP, AreaCode: storetest.NENCFootprt, Name: "NENC footprint"})
		hartlepool := mk(places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Hartlepool HWB"})
		durham := mk(places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Durham, Name: "Durham HWB"})

		// Coverage: a partnership covers its area and every area inside it.
		for _, tc := range []struct {
			area string
			want []int64
		}{
			{storetest.Hartlepool, []int64{footprint.ID, hartlepool.ID}},
			{storetest.LSOA1, []int64{footprint.ID, hartlepool.ID}},
			{storetest.Durham, []int64{footprint.ID, durham.ID}},
			{storetest.Carlisle, []int64{footprint.ID}},
			{storetest.NorthEast, nil},
		} {
			got, err := places.PartnershipsCovering(ctx, s, tc.area)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("partnerships covering %s = %v, want %v", tc.area, got, tc.want)
			}
		}
		codes, err := places.AreasCoveredBy(ctx, s, []int64{hartlepool.ID})
		if err != nil {
			t.Fatal(err)
		}
		if !codes[storetest.Hartlepool] || !codes[storetest.LSOA1] || codes[storetest.Durham] || codes[storetest.NENCFootprt] {
			t.Errorf("areas covered by Hartlepool HWB = %v", codes)
		}
		if codes, _ := places.AreasCoveredBy(ctx, s, nil); len(codes) != 0 {
			t.Errorf("areas covered by no partnership = %v", codes)
		}

		u, err := s.CreateUser(ctx, store.System, store.NewUser{Email: "ana@example.test", Name: "Ana", PasswordHash: "$argon2id$x"})
		if err != nil {
			t.Fatal(err)
		}
		// Grant (create), change (update), revoke (delete): each audited.
		if _, err := s.GrantRoleByEmail(ctx, admin, "ANA@example.test", hartlepool.ID, "analyst"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GrantRoleByEmail(ctx, admin, "ana@example.test", hartlepool.ID, "officer"); err != nil {
			t.Fatal(err)
		}
		holders, err := s.PartnershipRoles(ctx, hartlepool.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(holders) != 1 || holders[0].Email != "ana@example.test" || holders[0].Role != "officer" {
			t.Errorf("holders = %+v", holders)
		}
		if err := s.RevokeRole(ctx, admin, u.ID, hartlepool.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeRole(ctx, admin, u.ID, hartlepool.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoking a role twice: %v, want ErrNotFound", err)
		}
		entries, _, err := s.AuditEntries(ctx, store.AuditFilter{Entity: "user_role"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
			if e.ActorName != admin.Name {
				t.Errorf("role entry %d by %q, want %q", e.Seq, e.ActorName, admin.Name)
			}
		}
		if want := []string{audit.ActionDelete, audit.ActionUpdate, audit.ActionCreate}; !slices.Equal(actions, want) {
			t.Errorf("role audit actions (newest first) = %v, want %v", actions, want)
		}
		if len(entries) == 3 && !jsonHas(t, entries[1].After, "role", "officer") {
			t.Errorf("update entry after = %s", entries[1].After)
		}

		// Bad input names its field.
		for _, tc := range []struct {
			email, role string
			pid         int64
			field       string
		}{
			{"nobody@example.test", "analyst", hartlepool.ID, "email"},
			{"", "analyst", hartlepool.ID, "email"},
			{"ana@example.test", "king", hartlepool.ID, "role"},
			{"ana@example.test", "analyst", 9999, "partnership_id"},
		} {
			_, err := s.GrantRoleByEmail(ctx, admin, tc.email, tc.pid, tc.role)
			ve, ok := validation.As(err)
			if !ok || len(ve.Fields) == 0 || ve.Fields[0].Field != tc.field {
				t.Errorf("grant %q %q %d: %v, want a validation error on %s", tc.email, tc.role, tc.pid, err, tc.field)
			}
		}

		// Disabling ends the account's sessions and is audited; enabling
		// restores it.
		now := time.Now()
		if _, err := s.CreateSession(ctx, store.Session{TokenHash: "t1", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), LastSeenAt: now}, 5); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, admin, u.ID, true); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetUser(ctx, u.ID)
		if err != nil || !got.Disabled {
			t.Fatalf("after disable: %+v %v", got, err)
		}
		if sessions, _ := s.UserSessions(ctx, u.ID); len(sessions) != 0 {
			t.Errorf("a disabled account kept %d sessions", len(sessions))
		}
		if err := s.SetNationalAnalyst(ctx, admin, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, admin, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(ctx, u.ID); got.Disabled || !got.NationalAnalyst {
			t.Errorf("after enable: %+v", got)
		}
		entries, _, err = s.AuditEntries(ctx, store.AuditFilter{Entity: "user", EntityID: "1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) < 3 || !jsonHas(t, entries[2].After, "disabled", true) || !jsonHas(t, entries[2].Before, "disabled", false) {
			t.Errorf("disable entry missing: %d entries", len(entries))
		}
		if err := s.SetDisabled(ctx, admin, 9999, true); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("disable unknown: %v", err)
		}
	})
}

// jsonHas reports whether the JSON object doc has key with the value want
// (booleans may be stored as 0/1 by SQLite).
func jsonHas(t *testing.T, doc json.RawMessage, key string, want any) bool {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Errorf("audit image %s: %v", doc, err)
		return false
	}
	switch w := want.(type) {
	case bool:
		switch v := m[key].(type) {
		case bool:
			return v == w
		case float64:
			return (v != 0) == w
		}
		return false
	default:
		return m[key] == want
	}
}
