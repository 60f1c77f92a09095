package audit

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// memSource is an in-memory log and table for Verify.
type memSource struct {
	entries []Entry
	rows    map[string]string // "entity/id" → image
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
	e.Hash = ComputeHash(e)
	m.entries = append(m.entries, e)
	if after == "" {
		delete(m.rows, entity+"/"+id)
	} else {
		m.rows[entity+"/"+id] = after
	}
}

func sample() *memSource {
	m := &memSource{rows: map[string]string{}}
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
			m.entries[1].Hash = ComputeHash(m.entries[1])
		}, 3, "previous-hash"},
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
			rep, err := Verify(context.Background(), m)
			if tc.reason == "" {
				if err != nil {
					t.Fatalf("want OK, got %v", err)
				}
				if rep.Entries != 4 || rep.Rows != 1 {
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
