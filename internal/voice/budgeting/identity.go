package budgeting

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// codeAlphabet leaves out letters and digits people confuse on paper
// (0/O, 1/I/L, 5/S, 2/Z, 8/B).
const codeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// randomCode draws n characters from codeAlphabet.
func randomCode(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	out := make([]byte, 0, n+n/4)
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		// 250 = 10 × 25: reject the tail so every letter is equally likely.
		for c >= 250 {
			var one [1]byte
			_, _ = rand.Read(one[:])
			c = one[0]
		}
		out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return string(out)
}

// NewVotingCode is a one-time voting code to print on a letter:
// 12 characters (about 56 bits) in groups of four, "ACDE-FGHJ-KMNP".
func NewVotingCode() string { return randomCode(12) }

// NewReceipt is a receipt code for a voter to keep: 16 characters.
func NewReceipt() string { return randomCode(16) }

// NewSalt is a process's secret salt for identity hashes.
func NewSalt() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// NewLot is the lot drawn when voting opens: 32 random bytes, published
// in hex. It orders tied projects (see LotOrder).
func NewLot() string { return NewSalt() }

// NormaliseCode puts a typed code in its printed form: upper case, groups
// of four, with the spaces and dashes people type dropped.
func NormaliseCode(code string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToUpper(code) {
		if r == ' ' || r == '-' {
			continue
		}
		if n > 0 && n%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func keyed(salt, kind, value string) string {
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// CodeHash is how a voting code is stored: keyed with the process's salt.
func CodeHash(salt, code string) string { return keyed(salt, "code", NormaliseCode(code)) }

// Identity kinds: what a person proved to vote.
const (
	IdentityCode = "code" // a one-time voting code (online or entered from a paper ballot)
	IdentityUser = "user" // a signed-in, confirmed resident account
	// IdentityPerson is a person an officer saw in person: their name, date
	// of birth and postcode, normalised (see PersonKey).
	IdentityPerson = "person"
)

// IdentityHash is the only trace of a voter the database keeps: a hash of
// who they are keyed with the process's secret salt. The same person
// arriving by another channel with the same proof gets the same hash, so
// the unique key on (process, identity hash) stops a second vote.
func IdentityHash(salt, kind, value string) string {
	if kind == IdentityCode {
		value = NormaliseCode(value)
	}
	return keyed(salt, "identity:"+kind, value)
}

// PersonKey normalises what an officer records about a voter seen in
// person, so two officers typing the same person get the same key.
func PersonKey(name, dateOfBirth, postcode string) string {
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	return norm(name) + "|" + strings.TrimSpace(dateOfBirth) + "|" + strings.ReplaceAll(strings.ToUpper(postcode), " ", "")
}

// ReceiptHash is how a receipt is stored; anyone holding the receipt can
// look it up, nobody can go from the table back to receipts.
func ReceiptHash(receipt string) string {
	s := sha256.Sum256([]byte("pb-receipt\x00" + NormaliseCode(receipt)))
	return hex.EncodeToString(s[:])
}
