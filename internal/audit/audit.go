// Package audit defines the append-only, hash-chained change log and checks
// it. Each entry's hash covers its own content and the previous entry's
// hash, so editing or deleting any entry breaks the chain from there on.
// Verification also compares every audited row with the after-image of its
// latest entry, so a hand-edit of the audited data itself is caught.
//
// The hash is keyed: an HMAC-SHA256 under a key held outside the database
// (see Key). Someone who can write to the database but does not hold the key
// cannot recompute the chain after editing it. Entries written before the
// key existed carry the old unkeyed SHA-256 (HashAlg AlgSHA256); the store
// re-signs such a log with the key once, after checking it, and from then on
// an unkeyed entry is itself a sign of tampering.
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
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"
)

// Actions recorded in the log. Create, update and delete change an audited
// row; any other action is an event (a sign-in, say) that changes no row.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// IsChange reports whether action changes an audited row, so that the
// entry's after-image must match the row.
func IsChange(action string) bool {
	return action == ActionCreate || action == ActionUpdate || action == ActionDelete
}

// Hash schemes, recorded per entry.
const (
	// AlgSHA256 is the old unkeyed chain (ComputeHash). Anyone can
	// recompute it, so it only proves anything about a log written before
	// the key existed and checked when the key was introduced.
	AlgSHA256 = "sha256"
	// AlgHMACSHA256 is the keyed chain (Key.Sign).
	AlgHMACSHA256 = "hmac-sha256"
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
	Seq        int64           `json:"seq"`
	At         string          `json:"at"`         // TimeLayout, UTC
	ActorID    int64           `json:"actor_id"`   // 0 for the system
	ActorName  string          `json:"actor_name"` // e-mail or "system"
	ClientAddr string          `json:"client_addr,omitempty"`
	Action     string          `json:"action"`
	Entity     string          `json:"entity"`
	EntityID   string          `json:"entity_id"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
	HashAlg    string          `json:"hash_alg"`         // AlgSHA256 or AlgHMACSHA256
	KeyID      string          `json:"key_id,omitempty"` // Key.ID of the signing key
}

// FormatTime writes t as entries store it.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ComputeHash returns the old, unkeyed hash (AlgSHA256): the hex SHA-256
// over the entry's content and PrevHash. It is kept to check entries written
// before the key existed; since anyone can compute it, a log is trusted only
// under Key.Sign.
func ComputeHash(e Entry) string {
	h := sha256.New()
	writeFields(h, e)
	// Entries from before client addresses were recorded hash as they
	// always did.
	if e.ClientAddr != "" {
		writeField(h, e.ClientAddr)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeField writes s length-prefixed, so no two different entries hash
// alike by shifting text between fields.
func writeField(h hash.Hash, s string) {
	h.Write([]byte(strconv.Itoa(len(s))))
	h.Write([]byte{':'})
	h.Write([]byte(s))
}

// writeFields writes the content both schemes cover, in the original order.
func writeFields(h hash.Hash, e Entry) {
	writeField(h, e.PrevHash)
	writeField(h, strconv.FormatInt(e.Seq, 10))
	writeField(h, e.At)
	writeField(h, strconv.FormatInt(e.ActorID, 10))
	writeField(h, e.ActorName)
	writeField(h, e.Action)
	writeField(h, e.Entity)
	writeField(h, e.EntityID)
	writeField(h, string(e.Before))
	writeField(h, string(e.After))
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
	// Head is the last entry (0:GenesisHash for an empty log). Recorded
	// elsewhere, it lets a later check see that nothing was cut off the end.
	Head Head
	// Keyed is true when every entry is signed with the key; false only
	// for an unkeyed log checked without a key.
	Keyed bool
}

// Options tune Verify.
type Options struct {
	// Key checks keyed entries. With a key, an unkeyed entry is a problem;
	// without one, a keyed entry cannot be checked (ErrNoKey).
	Key Key
	// Head, when set, must still be in the chain: its entry must exist and
	// have that hash.
	Head *Head
}

// ErrNoKey means the log is keyed but Verify was given no key.
var ErrNoKey = errors.New("the audit log is keyed: verifying it needs the audit key")

// Verify checks the hash chain and then every audited row against the
// after-image of its latest entry. It returns the first Problem found (as
// the error), or a Report when everything verifies. Other errors are
// reading failures, and ErrNoKey.
func Verify(ctx context.Context, src Source, opt Options) (Report, error) {
	rep := Report{Keyed: true, Head: Head{Hash: GenesisHash}}
	type key struct{ entity, id string }
	latest := map[key]Entry{}
	prev := GenesisHash
	var wantSeq int64 = 1
	headSeen := false
	// With a key, an intact unkeyed entry is reported only once the chain
	// has been read, so that an edit further on (the more telling fault)
	// is named instead when there is one.
	var unkeyed *Problem
	err := src.EachEntry(ctx, func(e Entry) error {
		problem := func(reason string) error {
			return &Problem{Seq: e.Seq, Entity: e.Entity, EntityID: e.EntityID, Reason: reason}
		}
		if e.Seq != wantSeq {
			return problem(fmt.Sprintf("sequence gap: expected entry %d (an entry was deleted or inserted)", wantSeq))
		}
		if e.PrevHash != prev {
			return problem("previous-hash link does not match the entry before it")
		}
		if err := checkHash(e, opt.Key); err != nil {
			if p, ok := err.(*Problem); ok {
				p.Seq, p.Entity, p.EntityID = e.Seq, e.Entity, e.EntityID
			}
			return err
		}
		if e.HashAlg != AlgHMACSHA256 {
			rep.Keyed = false
			if !opt.Key.IsZero() && unkeyed == nil {
				unkeyed = &Problem{Seq: e.Seq, Entity: e.Entity, EntityID: e.EntityID, Reason: unkeyedReason}
			}
		}
		if h := opt.Head; h != nil && h.Seq == e.Seq {
			headSeen = true
			if h.Hash != e.Hash {
				return problem(fmt.Sprintf("hash is %s, not the recorded head's %s: the log was rewritten at or before this entry", short(e.Hash), short(h.Hash)))
			}
		}
		prev = e.Hash
		wantSeq++
		rep.Entries++
		rep.Head = Head{Seq: e.Seq, Hash: e.Hash}
		if IsChange(e.Action) {
			latest[key{e.Entity, e.EntityID}] = e
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	if unkeyed != nil {
		return rep, unkeyed
	}
	if h := opt.Head; h != nil && !headSeen && !(h.Seq == 0 && h.Hash == GenesisHash) {
		return rep, &Problem{Seq: h.Seq, Reason: fmt.Sprintf("the recorded head is missing: the log now ends at entry %d (entries were cut off the end)", rep.Head.Seq)}
	}
	if rep.Entries == 0 {
		rep.Keyed = !opt.Key.IsZero()
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

const unkeyedReason = "entry carries the old unkeyed hash, which anyone can recompute: it was written without the audit key, or the log was rewritten (an untouched unkeyed log is re-signed with the key once, when a server or command first opens it with the key)"

// checkHash checks e's hash under its scheme. Problems come back without
// the entry's place, which the caller fills in.
func checkHash(e Entry, k Key) error {
	switch e.HashAlg {
	case AlgHMACSHA256:
		if k.IsZero() {
			return ErrNoKey
		}
		if e.KeyID != k.ID() {
			return &Problem{Reason: fmt.Sprintf("signed with another key (key id %s; the key given has id %s): the key is wrong, or the entry was forged", e.KeyID, k.ID())}
		}
		if !k.check(e) {
			return &Problem{Reason: "content does not match its keyed hash (the entry was edited, or re-hashed without the key)"}
		}
	case AlgSHA256, "":
		if ComputeHash(e) != e.Hash {
			return &Problem{Reason: "content does not match its hash (the entry was edited)"}
		}
	default:
		return &Problem{Reason: fmt.Sprintf("unknown hash scheme %q", e.HashAlg)}
	}
	return nil
}

// Head names the last entry of the log at some moment: its sequence and
// hash, written SEQ:HASH.
type Head struct {
	Seq  int64
	Hash string
}

func (h Head) String() string { return strconv.FormatInt(h.Seq, 10) + ":" + h.Hash }

// ParseHead reads SEQ:HASH as printed by audit verify: a sequence of 0 or
// more and a 64-digit hex hash.
func ParseHead(s string) (Head, error) {
	seqText, hashText, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return Head{}, errors.New("want SEQ:HASH, with a colon")
	}
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if err != nil || seq < 0 {
		return Head{}, fmt.Errorf("sequence %q is not a whole number of 0 or more", seqText)
	}
	hashText = strings.ToLower(hashText)
	if b, err := hex.DecodeString(hashText); err != nil || len(b) != sha256.Size {
		return Head{}, fmt.Errorf("hash %q is not 64 hex digits", hashText)
	}
	return Head{Seq: seq, Hash: hashText}, nil
}

// short abbreviates a hash for messages.
func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// Account events recorded with store.RecordEvent (they change no row).
const (
	ActionSignIn        = "sign-in"         // a successful sign-in
	ActionSignInFailed  = "sign-in-failed"  // wrong e-mail, password or code
	ActionSignInRefused = "sign-in-refused" // throttled, disabled account and the like
	ActionSignOut       = "sign-out"
)
