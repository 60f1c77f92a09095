package auth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost settings written into each hash, so
// they can be raised later without breaking old hashes.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultParams follow OWASP's argon2id guidance (19 MiB, 2 passes, 1 lane).
var DefaultParams = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Password length limits, in characters (Unicode code points).
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// PasswordPolicyError says why a new password is refused. Its message reads
// as a sentence about "Password"; callers name their own field.
type PasswordPolicyError struct{ Reason string }

func (e *PasswordPolicyError) Error() string { return e.Reason }

// CheckPasswordPolicy returns a *PasswordPolicyError when password may not
// be set: shorter than MinPasswordLen, longer than MaxPasswordLen, or on
// the list of common passwords (compared without regard to case). Applies
// wherever a password is set; signing in only checks the hash.
func CheckPasswordPolicy(password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return &PasswordPolicyError{fmt.Sprintf("Password must be at least %d characters", MinPasswordLen)}
	case n > MaxPasswordLen:
		return &PasswordPolicyError{fmt.Sprintf("Password must be %d characters or fewer", MaxPasswordLen)}
	case IsCommonPassword(password):
		return &PasswordPolicyError{"Password is on a list of commonly used passwords: choose one that is harder to guess"}
	}
	return nil
}

// commonPasswordsGz is the list described in commonpasswords/README.md:
// lower-cased, sorted, entries of MinPasswordLen characters or more.
//
//go:embed commonpasswords/common-passwords.txt.gz
var commonPasswordsGz []byte

// commonPasswords decompresses the list once, on first use.
var commonPasswords = sync.OnceValue(func() []string {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic("auth: embedded common-password list: " + err.Error())
	}
	var list []string
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := sc.Text(); w != "" {
			list = append(list, w)
		}
	}
	if err := sc.Err(); err != nil {
		panic("auth: embedded common-password list: " + err.Error())
	}
	slices.Sort(list)
	return list
})

// IsCommonPassword reports whether password, lower-cased, is on the list.
func IsCommonPassword(password string) bool {
	_, found := slices.BinarySearch(commonPasswords(), strings.ToLower(password))
	return found
}

// ErrMismatch means the password does not match the hash.
var ErrMismatch = errors.New("password does not match")

// HashPassword returns an argon2id PHC string:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key> (base64, no padding).
func HashPassword(password string, params Argon2Params) (string, error) {
	salt := make([]byte, params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, params.Time, params.Memory, params.Threads, params.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		params.Memory, params.Time, params.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks password against a PHC string from HashPassword,
// in constant time. It returns ErrMismatch for a wrong password and another
// error for a malformed hash.
func VerifyPassword(password, phc string) error {
	params, salt, key, err := parsePHC(phc)
	if err != nil {
		return err
	}
	return verifyParsed(password, params, salt, key)
}

func verifyParsed(password string, params Argon2Params, salt, key []byte) error {
	got := argon2.IDKey([]byte(password), salt, params.Time, params.Memory, params.Threads, uint32(len(key)))
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return ErrMismatch
	}
	return nil
}

func parsePHC(phc string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(phc, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errors.New("bad argon2 parameters")
	}
	if p.Memory < 8 || p.Memory > 4*1024*1024 || p.Time < 1 || p.Time > 100 || p.Threads < 1 {
		return p, nil, nil, errors.New("argon2 parameters out of range")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, errors.New("bad argon2 salt")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, errors.New("bad argon2 key")
	}
	return p, salt, key, nil
}
