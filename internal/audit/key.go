package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// MinKeyBytes is the shortest key accepted: 256 bits, the HMAC-SHA256
// block's worth of security.
const MinKeyBytes = 32

// Key signs and checks the chain. It is held outside the database (an
// environment variable or a file in the data folder, read by the CLI), so
// whoever can write to the database cannot forge entries. Every server
// writing to one database must hold the same key. The zero Key means "no
// key": the store then writes the old unkeyed entries, and only onto a log
// that is not keyed.
type Key struct {
	secret []byte
	id     string
}

// NewKey makes a Key from raw bytes, at least MinKeyBytes long.
func NewKey(secret []byte) (Key, error) {
	if len(secret) < MinKeyBytes {
		return Key{}, fmt.Errorf("audit key is %d bytes; it must be at least %d", len(secret), MinKeyBytes)
	}
	k := Key{secret: append([]byte(nil), secret...)}
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte("placeboard audit key id"))
	k.id = hex.EncodeToString(m.Sum(nil)[:8])
	return k, nil
}

// ErrKeyFormat is returned by ParseKey for text that is neither hex nor
// base64.
var ErrKeyFormat = errors.New("audit key must be hex or base64")

// ParseKey reads a key written as hex or base64 (standard or URL alphabet,
// padded or not), as in PLACEBOARD_AUDIT_KEY or the key file. Surrounding
// space is ignored.
func ParseKey(text string) (Key, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Key{}, fmt.Errorf("%w: it is empty", ErrKeyFormat)
	}
	// Hex first; text made only of hex digits can also be base64, so a
	// too-short hex reading falls through to base64.
	var short error
	if b, err := hex.DecodeString(text); err == nil {
		k, err := NewKey(b)
		if err == nil {
			return k, nil
		}
		short = err
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(text); err == nil {
			return NewKey(b)
		}
	}
	if short != nil {
		return Key{}, short
	}
	return Key{}, ErrKeyFormat
}

// EncodeKey writes secret as the hex text ParseKey reads (for a new key
// file).
func EncodeKey(secret []byte) string { return hex.EncodeToString(secret) }

// IsZero reports whether k is "no key".
func (k Key) IsZero() bool { return len(k.secret) == 0 }

// ID names the key without revealing it: the first 8 bytes of an HMAC of a
// fixed label, in hex. Each entry records the ID of the key that signed it,
// so a wrong key is reported as such rather than as an edit.
func (k Key) ID() string { return k.id }

// Sign returns the entry's keyed hash (AlgHMACSHA256): the hex HMAC-SHA256
// over its content, PrevHash, client address, scheme and key ID.
func (k Key) Sign(e Entry) string {
	m := hmac.New(sha256.New, k.secret)
	writeField(m, "placeboard audit v2")
	writeFields(m, e)
	writeField(m, e.ClientAddr)
	writeField(m, e.HashAlg)
	writeField(m, e.KeyID)
	return hex.EncodeToString(m.Sum(nil))
}

// Seal fills in e's scheme, key ID and hash under k.
func (k Key) Seal(e *Entry) {
	e.HashAlg = AlgHMACSHA256
	e.KeyID = k.id
	e.Hash = k.Sign(*e)
}

// check reports whether e's hash is its keyed hash under k.
func (k Key) check(e Entry) bool {
	return hmac.Equal([]byte(k.Sign(e)), []byte(e.Hash))
}

// Resigner moves an unkeyed log onto a key: fed every entry in order, it
// checks each one's old hash and link (refusing a log that does not verify,
// since signing it would bless the tampering) and returns it re-signed,
// linked to the re-signed entry before it.
type Resigner struct {
	key              Key
	oldPrev, newPrev string
	next             int64
}

// NewResigner starts re-signing a log from its first entry.
func NewResigner(k Key) *Resigner {
	return &Resigner{key: k, oldPrev: GenesisHash, newPrev: GenesisHash, next: 1}
}

// Next checks e (as read) and returns it re-signed, or the Problem that
// stops the re-signing.
func (r *Resigner) Next(e Entry) (Entry, error) {
	problem := func(reason string) error {
		return &Problem{Seq: e.Seq, Entity: e.Entity, EntityID: e.EntityID, Reason: reason}
	}
	switch {
	case e.Seq != r.next:
		return e, problem(fmt.Sprintf("sequence gap: expected entry %d", r.next))
	case e.HashAlg != AlgSHA256 && e.HashAlg != "":
		return e, problem("entry is already keyed")
	case e.PrevHash != r.oldPrev:
		return e, problem("previous-hash link does not match the entry before it")
	case ComputeHash(e) != e.Hash:
		return e, problem("content does not match its hash (the entry was edited)")
	}
	r.oldPrev = e.Hash
	e.PrevHash = r.newPrev
	r.key.Seal(&e)
	r.newPrev = e.Hash
	r.next++
	return e, nil
}
