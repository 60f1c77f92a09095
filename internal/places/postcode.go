package places

import (
	"errors"
	"regexp"
	"strings"
)

// PostcodeArea is where the ONS postcode lookup (NSPL or ONSPD) places one
// postcode: its 2021 LSOA (2011 where the file has no 2021 one), its
// electoral ward and its local authority district. A code is "" where the
// lookup has none.
type PostcodeArea struct {
	Postcode string // normalised, e.g. "TS24 7AA"
	LSOA     string
	Ward     string
	District string
}

// ErrBadPostcode: the text is not shaped like a UK postcode.
var ErrBadPostcode = errors.New("enter a full UK postcode, like TS24 7AA")

// postcodeShape is the UK postcode format once spaces are removed and
// letters upper-cased: an outward code (area letters, district digit and an
// optional digit or letter) then an inward code (a digit and two letters).
// GIR 0AA, the one historic exception, is accepted too.
var postcodeShape = regexp.MustCompile(`^(?:([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})|(GIR)(0AA))$`)

// NormalisePostcode returns s as the lookup keeps postcodes: upper case,
// one space before the inward code ("ts247aa" and " TS24  7AA " become
// "TS24 7AA"). It returns ErrBadPostcode for anything else.
func NormalisePostcode(s string) (string, error) {
	if len(s) > 20 {
		return "", ErrBadPostcode
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u00a0':
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'):
			b.WriteRune(r)
		default:
			return "", ErrBadPostcode
		}
	}
	m := postcodeShape.FindStringSubmatch(b.String())
	if m == nil {
		return "", ErrBadPostcode
	}
	if m[3] != "" {
		return m[3] + " " + m[4], nil
	}
	return m[1] + " " + m[2], nil
}

// gssCode is the shape of a GSS statistical code, e.g. E01011954.
var gssCode = regexp.MustCompile(`^[EWSNLM][0-9]{8}$`)

// normaliseAreaCode checks one code from the lookup. The ONS pseudo-codes
// (E99999999, S99999999, L99999999 and the like: "no such area here") and
// blanks become "". ok is false for anything not shaped like a GSS code.
func normaliseAreaCode(s string) (code string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if !gssCode.MatchString(s) {
		return "", false
	}
	if strings.HasSuffix(s, "99999999") {
		return "", true
	}
	return s, true
}
