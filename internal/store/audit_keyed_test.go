package store_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pressly/goose/v3"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// opener opens stores on one database, each with the key given, as several
// processes would.
type opener func(t *testing.T, key audit.Key) *store.Store

// sharedEngines runs fn on each engine with an opener for one fresh,
// migrated database (no reference fixture).
func sharedEngines(t *testing.T, fn func(t *testing.T, open opener)) {
	t.Helper()
	run := func(t *testing.T, cfg store.Config) {
		fn(t, func(t *testing.T, key audit.Key) *store.Store {
			t.Helper()
			c := cfg
			c.AuditKey = key
			s, err := store.Open(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if err := s.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			return s
		})
	}
	t.Run("sqlite", func(t *testing.T) { run(t, store.Config{DataDir: t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) { run(t, store.Config{DatabaseURL: storetest.PostgresURL(t)}) })
}

var otherKey = func() audit.Key {
	k, err := audit.NewKey([]byte(strings.Repeat("another key ", 3)))
	if err != nil {
		panic(err)
	}
	return k
}()

// someChanges makes n organisations, renaming the first, so the log holds
// n+1 entries; it returns the first organisation.
func someChanges(t *testing.T, s *store.Store, n int) places.Organisation {
	t.Helper()
	ctx := context.Background()
	var first places.Organisation
	for i := range n {
		o, err := s.CreateOrganisation(ctx, admin, places.Organisation{Name: fmt.Sprintf("Org %d", i+1), Kind: places.OrgVoluntary})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = o
		}
	}
	first.Name = "Org One"
	first, err := s.UpdateOrganisation(ctx, admin, first)
	if err != nil {
		t.Fatal(err)
	}
	return first
}

// entries reads the whole log, oldest first.
func entries(t *testing.T, s *store.Store) []audit.Entry {
	t.Helper()
	es, _, err := s.AuditEntries(context.Background(), store.AuditFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

// rewrite replaces the stored entries with es (already re-hashed), as
// someone with database access would.
func rewrite(t *testing.T, s *store.Store, es []audit.Entry) {
	t.Helper()
	ctx := context.Background()
	for _, e := range es {
		_, err := s.DB().ExecContext(ctx, "UPDATE audit_log SET actor_name = $1, after = $2, prev_hash = $3, hash = $4, hash_alg = $5, key_id = $6 WHERE seq = $7",
			e.ActorName, string(e.After), e.PrevHash, e.Hash, e.HashAlg, e.KeyID, e.Seq)
		if err != nil {
			t.Fatal(err)
		}
	}
}

// An entry rewritten in the database, with every later hash recomputed by
// someone without the key, is caught at that entry.
func TestAuditRewriteWithRecomputedHashes(t *testing.T) {
	forgers := []struct {
		name   string
		sign   func(e *audit.Entry)
		reason string
	}{
		{"unkeyed hash (audit.ComputeHash)", func(e *audit.Entry) {
			e.HashAlg, e.KeyID, e.Hash = audit.AlgSHA256, "", audit.ComputeHash(*e)
		}, "old unkeyed hash"},
		{"audit.ComputeHash under the keyed scheme and key id", func(e *audit.Entry) {
			e.Hash = audit.ComputeHash(*e)
		}, "keyed hash"},
		{"HMAC under another key, claiming the right key id", func(e *audit.Entry) {
			e.Hash = otherKey.Sign(*e)
		}, "keyed hash"},
		{"HMAC under another key, with its own key id", otherKey.Seal, "another key"},
	}
	for _, f := range forgers {
		t.Run(strings.ReplaceAll(f.name, " ", "_"), func(t *testing.T) {
			storetest.Engines(t, func(t *testing.T, s *store.Store) {
				ctx := context.Background()
				someChanges(t, s, 4) // entries 1-5; entry 5 renames org 1
				if _, err := s.VerifyAudit(ctx); err != nil {
					t.Fatalf("before tampering: %v", err)
				}
				storetest.DropAppendOnly(t, s)
				es := entries(t, s)
				// Entry 2 (organisation 2's creation) now says someone else
				// made it; no row changes, so only the chain can tell.
				es[1].ActorName = "mallory@example.test"
				for i := 1; i < len(es); i++ {
					es[i].PrevHash = es[i-1].Hash
					f.sign(&es[i])
				}
				rewrite(t, s, es[1:])
				rep, err := s.VerifyAudit(ctx)
				var p *audit.Problem
				if !errors.As(err, &p) {
					t.Fatalf("rewritten chain not detected: %+v, %v", rep, err)
				}
				if p.Seq != 2 || !strings.Contains(p.Reason, f.reason) {
					t.Errorf("reported %q (entry %d), want entry 2 and %q", p.Error(), p.Seq, f.reason)
				}
			})
		})
	}
}

// A store with the wrong key (or none) can neither verify nor extend a
// keyed log, and says why.
func TestAuditWrongKey(t *testing.T) {
	sharedEngines(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		right := open(t, storetest.AuditKey)
		someChanges(t, right, 2)
		wrong := open(t, otherKey)
		var p *audit.Problem
		if _, err := wrong.VerifyAudit(ctx); !errors.As(err, &p) || p.Seq != 1 || !strings.Contains(p.Reason, "another key") {
			t.Errorf("verify with the wrong key: %v", err)
		}
		if err := wrong.PrepareAuditLog(ctx); !errors.Is(err, store.ErrAuditKeyMismatch) || !strings.Contains(err.Error(), otherKey.ID()) {
			t.Errorf("prepare with the wrong key: %v", err)
		}
		if _, err := wrong.CreateOrganisation(ctx, admin, places.Organisation{Name: "X", Kind: places.OrgSchool}); !errors.Is(err, store.ErrAuditKeyMismatch) {
			t.Errorf("write with the wrong key: %v", err)
		}
		none := open(t, audit.Key{})
		if _, err := none.VerifyAudit(ctx); !errors.Is(err, store.ErrNoAuditKey) {
			t.Errorf("verify without a key: %v", err)
		}
		if _, err := none.CreateOrganisation(ctx, admin, places.Organisation{Name: "Y", Kind: places.OrgSchool}); !errors.Is(err, store.ErrNoAuditKey) {
			t.Errorf("unkeyed write onto a keyed log: %v", err)
		}
		if rep, err := right.VerifyAudit(ctx); err != nil || rep.Entries != 3 {
			t.Errorf("refused writes left a trace: %+v, %v", rep, err)
		}
	})
}

// A log written before the key existed verifies, is re-signed once when a
// store with the key prepares it, and then verifies under the key. A
// tampered unkeyed log is not re-signed (that would bless the tampering).
func TestAuditUnkeyedLogIsResigned(t *testing.T) {
	// (Distinct names: a second "sqlite" subtest would be "sqlite#01", and
	// store.Open cuts a data folder's path at '#'.)
	t.Run("untouched", func(t *testing.T) { sharedEngines(t, resignUntouched) })
	t.Run("tampered", func(t *testing.T) { sharedEngines(t, resignTampered) })
}

func resignUntouched(t *testing.T, open opener) {
	{
		ctx := context.Background()
		old := open(t, audit.Key{})
		someChanges(t, old, 3)
		if rep, err := old.VerifyAudit(ctx); err != nil || rep.Keyed || rep.Entries != 4 {
			t.Fatalf("unkeyed log: %+v, %v", rep, err)
		}
		keyed := open(t, storetest.AuditKey)
		var p *audit.Problem
		if _, err := keyed.VerifyAudit(ctx); !errors.As(err, &p) || p.Seq != 1 || !strings.Contains(p.Reason, "old unkeyed") {
			t.Errorf("unkeyed log checked with the key before re-signing: %v", err)
		}
		before := entries(t, keyed)
		if err := keyed.PrepareAuditLog(ctx); err != nil {
			t.Fatal(err)
		}
		if err := keyed.PrepareAuditLog(ctx); err != nil { // a second start changes nothing
			t.Fatal(err)
		}
		after := entries(t, keyed)
		for i := range after {
			b, a := before[i], after[i]
			if a.HashAlg != audit.AlgHMACSHA256 || a.KeyID != storetest.AuditKey.ID() || a.Hash == b.Hash ||
				a.ActorName != b.ActorName || string(a.After) != string(b.After) || a.At != b.At {
				t.Errorf("entry %d re-signed as %+v (was %+v)", a.Seq, a, b)
			}
		}
		someChanges(t, keyed, 1)
		if rep, err := keyed.VerifyAudit(ctx); err != nil || !rep.Keyed || rep.Entries != 6 {
			t.Errorf("re-signed log: %+v, %v", rep, err)
		}
		// The database refuses anything but that re-signing.
		for _, q := range []string{
			"UPDATE audit_log SET hash_alg = 'sha256' WHERE seq = 1",
			"UPDATE audit_log SET actor_name = 'x' WHERE seq = 1",
		} {
			if _, err := keyed.DB().ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want append-only refusal", q, err)
			}
		}
	}
}

func resignTampered(t *testing.T, open opener) {
	{
		ctx := context.Background()
		old := open(t, audit.Key{})
		someChanges(t, old, 3)
		// Re-signing is allowed only with the content unchanged.
		if _, err := old.DB().ExecContext(ctx, "UPDATE audit_log SET hash_alg = 'hmac-sha256', actor_name = 'x' WHERE seq = 2"); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("content edit passed as re-signing: %v", err)
		}
		storetest.DropAppendOnly(t, old)
		if _, err := old.DB().ExecContext(ctx, "UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 2"); err != nil {
			t.Fatal(err)
		}
		keyed := open(t, storetest.AuditKey)
		if err := keyed.PrepareAuditLog(ctx); err != nil {
			t.Fatal(err)
		}
		someChanges(t, keyed, 1) // keyed entries go on top
		var p *audit.Problem
		if _, err := keyed.VerifyAudit(ctx); !errors.As(err, &p) || p.Seq != 2 || !strings.Contains(p.Reason, "edited") {
			t.Errorf("tampered unkeyed log: %v, want entry 2 reported as edited", err)
		}
	}
}

// Account events carry the client address, sit in the chain, and do not
// count as row images; the address is covered by the keyed hash.
func TestAuditRecordEvent(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		by := store.Actor{UserID: 0, Name: "ada@example.test", ClientAddr: "192.0.2.7"}
		if _, err := s.CreateOrganisation(ctx, by, places.Organisation{Name: "A", Kind: places.OrgSchool}); err != nil {
			t.Fatal(err)
		}
		err := s.RecordEvent(ctx, by, store.AuditEvent{Action: audit.ActionSignInFailed, Entity: "user", EntityID: "",
			Detail: map[string]string{"email": "ada@example.test", "reason": "wrong password"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RecordEvent(ctx, by, store.AuditEvent{Action: audit.ActionUpdate, Entity: "user"}); err == nil {
			t.Error("an event posing as an update was recorded")
		}
		es := entries(t, s)
		if len(es) != 2 {
			t.Fatalf("%d entries, want 2", len(es))
		}
		ev := es[1]
		if ev.ClientAddr != "192.0.2.7" || es[0].ClientAddr != "192.0.2.7" || ev.Action != audit.ActionSignInFailed ||
			string(ev.After) != `{"email":"ada@example.test","reason":"wrong password"}` {
			t.Errorf("entries %+v", es)
		}
		if rep, err := s.VerifyAudit(ctx); err != nil || rep.Entries != 2 || rep.Rows != 1 {
			t.Errorf("verify with an event: %+v, %v", rep, err)
		}
		storetest.DropAppendOnly(t, s)
		if _, err := s.DB().ExecContext(ctx, "UPDATE audit_log SET client_addr = '198.51.100.1' WHERE seq = 2"); err != nil {
			t.Fatal(err)
		}
		var p *audit.Problem
		if _, err := s.VerifyAudit(ctx); !errors.As(err, &p) || p.Seq != 2 {
			t.Errorf("edited client address: %v", err)
		}
	})
}

// A database migrated before 00002 existed (so already holding 01000)
// takes 00002 out of order, and its unkeyed entries verify and re-sign.
func TestAuditMigrationOntoExistingDatabase(t *testing.T) {
	sharedEngines(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		fresh := open(t, audit.Key{}) // migrated fully; roll back to before 00002
		dir := "migrations/" + string(fresh.Engine())
		dialect := goose.DialectSQLite3
		if fresh.Engine() == store.Postgres {
			dialect = goose.DialectPostgres
		}
		p, err := goose.NewProvider(dialect, fresh.DB(), os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		for {
			r, err := p.Down(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.Source.Version == 1 {
				break
			}
		}
		// Back up to the state before this change: 00001 and 01000 only.
		old := fstest.MapFS{}
		matches, _ := fs.Glob(os.DirFS(dir), "*.sql")
		for _, m := range matches {
			if strings.HasPrefix(m, "00002_") {
				continue
			}
			b, err := os.ReadFile(dir + "/" + m)
			if err != nil {
				t.Fatal(err)
			}
			old[m] = &fstest.MapFile{Data: b}
		}
		pOld, err := goose.NewProvider(dialect, fresh.DB(), old)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pOld.Up(ctx); err != nil {
			t.Fatal(err)
		}
		// An entry as the old code wrote it.
		e := audit.Entry{Seq: 1, At: "2026-01-01T00:00:00.000000Z", ActorName: "system", Action: audit.ActionCreate,
			Entity: "organisation", EntityID: "9", After: []byte(`{"x":1}`), PrevHash: audit.GenesisHash}
		e.Hash = audit.ComputeHash(e)
		if _, err := fresh.DB().ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10)`, e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Entity, e.EntityID, string(e.After), e.PrevHash, e.Hash); err != nil {
			t.Fatal(err)
		}
		keyed := open(t, storetest.AuditKey) // migrates: 00002 out of order
		if err := keyed.PrepareAuditLog(ctx); err != nil {
			t.Fatal(err)
		}
		es := entries(t, keyed)
		if len(es) != 1 || es[0].HashAlg != audit.AlgHMACSHA256 || es[0].KeyID != storetest.AuditKey.ID() {
			t.Fatalf("old entry after migration and re-signing: %+v", es)
		}
	})
}
