// Package audit defines the append-only, hash-chained change log and checks
// it. Each entry's hash covers its own content and the previous entry's
// hash, so editing or deleting any entry breaks the chain from there on.
// Verification also compares every audited row with the after-image of its
// latest entry, so a hand-edit of the audited data itself is caught.
//
// The store writes entries in the same transaction as the change; this
// package only knows the entry format and the checks, not SQL.
package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Actions recorded in the log.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// GenesisHash is the "previous hash" of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// TimeLayout is how entry times are written and hashed: UTC, fixed width,
// microseconds, so it sorts as text and survives both databases unchanged.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Entry is one change: who, when, what (entity and id) and the row before
// and after as canonical JSON (nil before for a create, nil after for a
// delete).
type Entry struct {
	Seq       int64           `json:"seq"`
	At        string          `json:"at"`         // TimeLayout, UTC
	ActorID   int64           `json:"actor_id"`   // 0 for the system
	ActorName string          `json:"actor_name"` // e-mail or "system"
	Action    string          `json:"action"`
	Entity    string          `json:"entity"`
	EntityID  string          `json:"entity_id"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// FormatTime writes t as entries store it.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ComputeHash returns the hex SHA-256 over the entry's content and PrevHash.
// Fields are length-prefixed so no two different entries hash alike by
// shifting text between fields.
func ComputeHash(e Entry) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	field(e.PrevHash)
	field(strconv.FormatInt(e.Seq, 10))
	field(e.At)
	field(strconv.FormatInt(e.ActorID, 10))
	field(e.ActorName)
	field(e.Action)
	field(e.Entity)
	field(e.EntityID)
	field(string(e.Before))
	field(string(e.After))
	return hex.EncodeToString(h.Sum(nil))
}

// Canonical re-encodes a JSON value with object keys sorted and no
// insignificant space, so equal data compares equal byte for byte. Numbers
// keep their literal text (no float rounding).
func Canonical(raw []byte) ([]byte, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v) // maps marshal with sorted keys
}

// Source is what Verify reads: the log in order, and the current rows of
// every audited entity. The store implements it.
type Source interface {
	// EachEntry calls fn for every entry in ascending Seq order.
	EachEntry(ctx context.Context, fn func(Entry) error) error
	// EachRow calls fn for every row of every audited entity with the row's
	// canonical JSON image, as the store writes it into After.
	EachRow(ctx context.Context, fn func(entity, id string, image []byte) error) error
}

// Problem names the first thing that does not verify.
type Problem struct {
	Seq      int64  // entry at fault; 0 when the row has no entry at all
	Entity   string // entity and id concerned, when known
	EntityID string
	Reason   string
}

func (p *Problem) Error() string {
	switch {
	case p.Seq > 0 && p.Entity != "":
		return fmt.Sprintf("audit entry %d (%s %s): %s", p.Seq, p.Entity, p.EntityID, p.Reason)
	case p.Seq > 0:
		return fmt.Sprintf("audit entry %d: %s", p.Seq, p.Reason)
	default:
		return fmt.Sprintf("%s %s: %s", p.Entity, p.EntityID, p.Reason)
	}
}

// Report summarises a successful verification.
type Report struct {
	Entries int // entries checked
	Rows    int // audited rows compared with their latest entry
}

// Verify checks the hash chain and then every audited row against the
// after-image of its latest entry. It returns the first Problem found (as
// the error), or a Report when everything verifies. Other errors are
// reading failures.
func Verify(ctx context.Context, src Source) (Report, error) {
	var rep Report
	type key struct{ entity, id string }
	latest := map[key]Entry{}
	prev := GenesisHash
	var wantSeq int64 = 1
	err := src.EachEntry(ctx, func(e Entry) error {
		if e.Seq != wantSeq {
			return &Problem{Seq: e.Seq, Entity: e.Entity, EntityID: e.EntityID,
				Reason: fmt.Sprintf("sequence gap: expected entry %d (an entry was deleted or inserted)", wantSeq)}
		}
		if e.PrevHash != prev {
			return &Problem{Seq: e.Seq, Entity: e.Entity, EntityID: e.EntityID, Reason: "previous-hash link does not match the entry before it"}
		}
		if ComputeHash(e) != e.Hash {
			return &Problem{Seq: e.Seq, Entity: e.Entity, EntityID: e.EntityID, Reason: "content does not match its hash (the entry was edited)"}
		}
		prev = e.Hash
		wantSeq++
		rep.Entries++
		latest[key{e.Entity, e.EntityID}] = e
		return nil
	})
	if err != nil {
		return rep, err
	}
	seen := map[key]bool{}
	err = src.EachRow(ctx, func(entity, id string, image []byte) error {
		k := key{entity, id}
		seen[k] = true
		rep.Rows++
		e, ok := latest[k]
		if !ok {
			return &Problem{Entity: entity, EntityID: id, Reason: "row has no audit entry (it was inserted by hand)"}
		}
		want, err := Canonical(e.After)
		if err != nil {
			return &Problem{Seq: e.Seq, Entity: entity, EntityID: id, Reason: "after-image is not valid JSON"}
		}
		got, err := Canonical(image)
		if err != nil {
			return err
		}
		if want == nil {
			return &Problem{Seq: e.Seq, Entity: entity, EntityID: id, Reason: "row exists but its latest entry deleted it"}
		}
		if !bytes.Equal(want, got) {
			return &Problem{Seq: e.Seq, Entity: entity, EntityID: id, Reason: "row differs from the after-image of its latest entry (the data was edited by hand)"}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	// Rows deleted by hand: the latest entry has an after-image but no row.
	var missing *Problem
	for k, e := range latest {
		if seen[k] || len(e.After) == 0 || string(e.After) == "null" {
			continue
		}
		if missing == nil || e.Seq < missing.Seq {
			missing = &Problem{Seq: e.Seq, Entity: k.entity, EntityID: k.id, Reason: "row is missing (it was deleted by hand)"}
		}
	}
	if missing != nil {
		return rep, missing
	}
	return rep, nil
}
