package audit

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// memSource is an in-memory log and table for Verify. Entries are signed
// with key, or with the old unkeyed hash when key is zero.
type memSource struct {
	key     Key
	entries []Entry
	rows    map[string]string // "entity/id" → image
}

// testKey is a fixed key for tests; otherKey is a different one.
var (
	testKey  = mustKey(strings.Repeat("k", 32))
	otherKey = mustKey(strings.Repeat("o", 32))
)

func mustKey(secret string) Key {
	k, err := NewKey([]byte(secret))
	if err != nil {
		panic(err)
	}
	return k
}

func (m *memSource) EachEntry(ctx context.Context, fn func(Entry) error) error {
	for _, e := range m.entries {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (m *memSource) EachRow(ctx context.Context, fn func(entity, id string, image []byte) error) error {
	for k, v := range m.rows {
		entity, id, _ := strings.Cut(k, "/")
		if err := fn(entity, id, []byte(v)); err != nil {
			return err
		}
	}
	return nil
}

func (m *memSource) add(action, entity, id, before, after string) {
	prev, seq := GenesisHash, int64(1)
	if n := len(m.entries); n > 0 {
		prev, seq = m.entries[n-1].Hash, m.entries[n-1].Seq+1
	}
	e := Entry{Seq: seq, At: "2026-01-01T00:00:00.000000Z", ActorID: 1, ActorName: "a@b", Action: action, Entity: entity, EntityID: id, PrevHash: prev}
	if before != "" {
		e.Before = json.RawMessage(before)
	}
	if after != "" {
		e.After = json.RawMessage(after)
	}
	m.seal(&e)
	m.entries = append(m.entries, e)
	if after == "" {
		delete(m.rows, entity+"/"+id)
	} else {
		m.rows[entity+"/"+id] = after
	}
}

// seal signs e as the store would.
func (m *memSource) seal(e *Entry) {
	if m.key.IsZero() {
		e.HashAlg = AlgSHA256
		e.Hash = ComputeHash(*e)
		return
	}
	m.key.Seal(e)
}

// rechain recomputes every hash from entry i on with sign, as someone
// rewriting the log would.
func (m *memSource) rechain(i int, sign func(*Entry)) {
	for ; i < len(m.entries); i++ {
		if i > 0 {
			m.entries[i].PrevHash = m.entries[i-1].Hash
		}
		sign(&m.entries[i])
	}
}

func sample() *memSource { return sampleWith(testKey) }

func sampleWith(k Key) *memSource {
	m := &memSource{key: k, rows: map[string]string{}}
	m.add(ActionCreate, "organisation", "1", "", `{"id":1,"name":"A"}`)
	m.add(ActionUpdate, "organisation", "1", `{"id":1,"name":"A"}`, `{"id":1,"name":"B"}`)
	m.add(ActionCreate, "organisation", "2", "", `{"id":2,"name":"C"}`)
	m.add(ActionDelete, "organisation", "2", `{"id":2,"name":"C"}`, "")
	return m
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(m *memSource)
		wantSeq int64
		reason  string
	}{
		{"untouched", func(*memSource) {}, 0, ""},
		{"entry content edited", func(m *memSource) { m.entries[1].After = json.RawMessage(`{"id":1,"name":"Z"}`) }, 2, "edited"},
		{"entry hash recomputed", func(m *memSource) {
			m.entries[1].ActorName = "mallory"
			m.key.Seal(&m.entries[1])
		}, 3, "previous-hash"},
		{"chain rewritten with the unkeyed hash", func(m *memSource) {
			m.entries[1].ActorName = "mallory"
			m.rechain(1, func(e *Entry) { e.HashAlg = AlgSHA256; e.Hash = ComputeHash(*e) })
		}, 2, "old unkeyed hash"},
		{"unkeyed hash put under the keyed scheme", func(m *memSource) {
			m.entries[1].ActorName = "mallory"
			m.rechain(1, func(e *Entry) { e.Hash = ComputeHash(*e) })
		}, 2, "keyed hash"},
		{"chain rewritten with another key under the right key id", func(m *memSource) {
			m.entries[2].After = json.RawMessage(`{"id":2,"name":"D"}`)
			m.rechain(2, func(e *Entry) { e.Hash = otherKey.Sign(*e) })
		}, 3, "keyed hash"},
		{"chain rewritten with another key", func(m *memSource) {
			m.entries[0].ActorName = "mallory"
			m.rechain(0, otherKey.Seal)
		}, 1, "another key"},
		{"client address edited", func(m *memSource) { m.entries[3].ClientAddr = "203.0.113.9" }, 4, "keyed hash"},
		{"unknown scheme", func(m *memSource) { m.entries[0].HashAlg = "md5" }, 1, "unknown hash scheme"},
		{"entry removed", func(m *memSource) { m.entries = append(m.entries[:1], m.entries[2:]...) }, 3, "sequence gap"},
		{"row edited", func(m *memSource) { m.rows["organisation/1"] = `{"id":1,"name":"Evil"}` }, 2, "edited by hand"},
		{"row key order differs only", func(m *memSource) { m.rows["organisation/1"] = `{ "name":"B", "id":1 }` }, 0, ""},
		{"deleted row restored", func(m *memSource) { m.rows["organisation/2"] = `{"id":2,"name":"C"}` }, 4, "deleted it"},
		{"row removed", func(m *memSource) { delete(m.rows, "organisation/1") }, 2, "missing"},
		{"row inserted", func(m *memSource) { m.rows["organisation/9"] = `{"id":9}` }, 0, "no audit entry"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := sample()
			tc.tamper(m)
			rep, err := Verify(context.Background(), m, Options{Key: testKey})
			if tc.reason == "" {
				if err != nil {
					t.Fatalf("want OK, got %v", err)
				}
				if rep.Entries != 4 || rep.Rows != 1 || !rep.Keyed || rep.Head != (Head{4, m.entries[3].Hash}) {
					t.Errorf("report %+v", rep)
				}
				return
			}
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("want a Problem, got %v", err)
			}
			if p.Seq != tc.wantSeq || !strings.Contains(p.Error(), tc.reason) {
				t.Errorf("got %q (entry %d), want entry %d and %q", p.Error(), p.Seq, tc.wantSeq, tc.reason)
			}
		})
	}
}

func TestComputeHashSeparatesFields(t *testing.T) {
	a := Entry{Seq: 1, Entity: "ab", EntityID: "c", PrevHash: GenesisHash}
	b := Entry{Seq: 1, Entity: "a", EntityID: "bc", PrevHash: GenesisHash}
	if ComputeHash(a) == ComputeHash(b) {
		t.Fatal("moving text between fields kept the hash")
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"b":1,"a":[true,null,"x"]}`, `{"a":[true,null,"x"],"b":1}`},
		{` { "n" : 12345678901234567890 } `, `{"n":12345678901234567890}`},
		{`null`, ``},
		{``, ``},
	}
	for _, tc := range tests {
		got, err := Canonical([]byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := Canonical([]byte(`{"a":`)); err == nil {
		t.Error("broken JSON accepted")
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{`{"b":1,"a":2}`, `[1,2,{"x":"y"}]`, `"s"`, `1e400`, `{"a":`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		once, err := Canonical([]byte(in))
		if err != nil {
			return
		}
		twice, err := Canonical(once)
		if err != nil {
			t.Fatalf("canonical output %q does not re-parse: %v", once, err)
		}
		if string(once) != string(twice) {
			t.Fatalf("not idempotent: %q then %q", once, twice)
		}
	})
}

// A log written before the key existed verifies without a key; with the
// key, its unkeyed entries are reported; a keyed log needs the key.
func TestVerifySchemes(t *testing.T) {
	ctx := context.Background()
	legacy := sampleWith(Key{})
	rep, err := Verify(ctx, legacy, Options{})
	if err != nil || rep.Keyed || rep.Entries != 4 {
		t.Errorf("unkeyed log without a key: %+v, %v", rep, err)
	}
	var p *Problem
	if _, err := Verify(ctx, legacy, Options{Key: testKey}); !errors.As(err, &p) || p.Seq != 1 || !strings.Contains(p.Reason, "old unkeyed hash") {
		t.Errorf("unkeyed log with a key: %v, want entry 1 reported as unkeyed", err)
	}
	if _, err := Verify(ctx, sample(), Options{}); !errors.Is(err, ErrNoKey) {
		t.Errorf("keyed log without a key: %v, want ErrNoKey", err)
	}
	if _, err := Verify(ctx, sample(), Options{Key: otherKey}); !errors.As(err, &p) || p.Seq != 1 || !strings.Contains(p.Reason, "another key") {
		t.Errorf("keyed log with the wrong key: %v", err)
	}
	// An empty log is keyed when checked with a key.
	empty := &memSource{rows: map[string]string{}}
	if rep, err := Verify(ctx, empty, Options{Key: testKey}); err != nil || !rep.Keyed || rep.Head != (Head{0, GenesisHash}) {
		t.Errorf("empty log: %+v, %v", rep, err)
	}
}

// Events (sign-ins and the like) change no row, so they do not stand in for
// a row's latest image.
func TestVerifyEventsAreNotRowImages(t *testing.T) {
	m := sample()
	m.add("sign-in", "organisation", "1", "", `{"email":"a@b"}`)
	m.rows["organisation/1"] = `{"id":1,"name":"B"}` // add() replaced it; put the row back
	rep, err := Verify(context.Background(), m, Options{Key: testKey})
	if err != nil || rep.Entries != 5 {
		t.Errorf("log with an event: %+v, %v", rep, err)
	}
}

func TestVerifyHead(t *testing.T) {
	m := sample()
	for i := range 12 {
		m.add(ActionCreate, "organisation", fmt.Sprint(10+i), "", fmt.Sprintf(`{"id":%d}`, 10+i))
	}
	full, err := Verify(context.Background(), m, Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if full.Head.Seq != 16 {
		t.Fatalf("head %v, want entry 16", full.Head)
	}
	tests := []struct {
		name    string
		head    Head
		tamper  func(m *memSource)
		wantSeq int64  // 0: verifies
		reason  string // part of the reason
	}{
		{"head is the last entry", full.Head, nil, 0, ""},
		{"head earlier in the chain", Head{3, m.entries[2].Hash}, nil, 0, ""},
		{"head of the empty log", Head{0, GenesisHash}, nil, 0, ""},
		{"last 10 entries and their rows cut off", full.Head, func(m *memSource) {
			for _, e := range m.entries[6:] {
				delete(m.rows, e.Entity+"/"+e.EntityID)
			}
			m.entries = m.entries[:6]
		}, 16, "ends at entry 6"},
		{"head hash differs", Head{3, strings.Repeat("a", 64)}, nil, 3, "not the recorded head"},
		{"tail re-signed after an edit", full.Head, func(m *memSource) {
			m.entries[15].After = json.RawMessage(`{"id":21,"name":"X"}`)
			m.rows["organisation/21"] = `{"id":21,"name":"X"}`
			m.key.Seal(&m.entries[15]) // someone holding the key
		}, 16, "not the recorded head"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := sample()
			for i := range 12 {
				m.add(ActionCreate, "organisation", fmt.Sprint(10+i), "", fmt.Sprintf(`{"id":%d}`, 10+i))
			}
			if tc.tamper != nil {
				tc.tamper(m)
			}
			// Without the head, a clean cut goes unnoticed: that is why the
			// head is recorded elsewhere.
			head := tc.head
			_, err := Verify(context.Background(), m, Options{Key: testKey, Head: &head})
			if tc.wantSeq == 0 {
				if err != nil {
					t.Fatalf("want OK, got %v", err)
				}
				return
			}
			var p *Problem
			if !errors.As(err, &p) || p.Seq != tc.wantSeq || !strings.Contains(p.Reason, tc.reason) {
				t.Errorf("got %v, want entry %d and %q", err, tc.wantSeq, tc.reason)
			}
		})
	}
}

func TestParseHead(t *testing.T) {
	h := strings.Repeat("ab", 32)
	tests := []struct {
		in      string
		want    Head
		wantErr string
	}{
		{"12:" + h, Head{12, h}, ""},
		{" 12:" + strings.ToUpper(h) + "\n", Head{12, h}, ""},
		{"0:" + GenesisHash, Head{0, GenesisHash}, ""},
		{h, Head{}, "colon"},
		{"x:" + h, Head{}, "whole number"},
		{"-1:" + h, Head{}, "whole number"},
		{"12:abc", Head{}, "64 hex"},
		{"12:" + strings.Repeat("zz", 32), Head{}, "64 hex"},
		{"", Head{}, "colon"},
	}
	for _, tc := range tests {
		got, err := ParseHead(tc.in)
		if tc.wantErr == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseHead(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			if got.String() != strings.TrimSpace(strings.ToLower(tc.in)) {
				t.Errorf("String() = %q", got.String())
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("ParseHead(%q) error %v, want %q", tc.in, err, tc.wantErr)
		}
	}
}

func TestParseKey(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef") // 32 bytes
	want, err := NewKey(secret)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in string
		wantErr  string
	}{
		{"hex", hex.EncodeToString(secret), ""},
		{"hex with newline", EncodeKey(secret) + "\n", ""},
		{"base64", base64.StdEncoding.EncodeToString(secret), ""},
		{"base64 url unpadded", base64.RawURLEncoding.EncodeToString(secret), ""},
		{"empty", "  ", "empty"},
		{"too short hex", hex.EncodeToString(secret[:16]), "at least 32"},
		{"too short base64", base64.StdEncoding.EncodeToString(secret[:20]), "at least 32"},
		{"neither", "not a key!", "hex or base64"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseKey(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || k.ID() != want.ID() || k.IsZero() {
				t.Errorf("key id %q, %v; want %q", k.ID(), err, want.ID())
			}
		})
	}
	if want.ID() == otherKey.ID() || len(want.ID()) != 16 {
		t.Errorf("key ids %q and %q", want.ID(), otherKey.ID())
	}
}

// The keyed hash is not the unkeyed one, depends on the key, and covers
// the client address, scheme and key id.
func TestSign(t *testing.T) {
	e := Entry{Seq: 1, At: "2026-01-01T00:00:00.000000Z", ActorName: "a@b", Action: ActionCreate, Entity: "user", EntityID: "1", PrevHash: GenesisHash}
	testKey.Seal(&e)
	if e.HashAlg != AlgHMACSHA256 || e.KeyID != testKey.ID() || e.Hash == ComputeHash(e) || e.Hash == otherKey.Sign(e) {
		t.Fatalf("sealed entry %+v", e)
	}
	for name, edit := range map[string]func(*Entry){
		"client address": func(e *Entry) { e.ClientAddr = "192.0.2.1" },
		"scheme":         func(e *Entry) { e.HashAlg = AlgSHA256 },
		"key id":         func(e *Entry) { e.KeyID = otherKey.ID() },
		"actor":          func(e *Entry) { e.ActorID = 2 },
	} {
		c := e
		edit(&c)
		if testKey.Sign(c) == e.Hash {
			t.Errorf("editing the %s kept the keyed hash", name)
		}
	}
	if _, err := NewKey(make([]byte, 31)); err == nil {
		t.Error("31-byte key accepted")
	}
}

// An untouched unkeyed log re-signs into one that verifies with the key; a
// tampered one is refused, naming the entry.
func TestResigner(t *testing.T) {
	resign := func(m *memSource) error {
		r := NewResigner(testKey)
		for i, e := range m.entries {
			ne, err := r.Next(e)
			if err != nil {
				return err
			}
			m.entries[i] = ne
		}
		return nil
	}
	m := sampleWith(Key{})
	if err := resign(m); err != nil {
		t.Fatal(err)
	}
	if rep, err := Verify(context.Background(), m, Options{Key: testKey}); err != nil || !rep.Keyed || rep.Entries != 4 {
		t.Errorf("re-signed log: %+v, %v", rep, err)
	}
	tampered := sampleWith(Key{})
	tampered.entries[2].ActorName = "mallory"
	var p *Problem
	if err := resign(tampered); !errors.As(err, &p) || p.Seq != 3 || !strings.Contains(p.Reason, "edited") {
		t.Errorf("tampered log re-signed: %v", err)
	}
	if err := resign(sample()); !errors.As(err, &p) || p.Seq != 1 || !strings.Contains(p.Reason, "already keyed") {
		t.Errorf("keyed log re-signed: %v", err)
	}
}
