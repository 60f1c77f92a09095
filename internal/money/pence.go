package money

import (
	"errors"
	"strconv"
	"strings"
)

// Pence is an amount of money in pence. It is never a float.
type Pence int64

// Pounds returns n whole pounds in pence.
func Pounds(n int64) Pence { return Pence(n * 100) }

// String formats p as "£1,234.56" ("-£12.00" when negative).
func (p Pence) String() string {
	neg := p < 0
	u := uint64(p)
	if neg {
		u = uint64(-p)
	}
	whole := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString("£")
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	frac := u % 100
	b.WriteByte('.')
	b.WriteByte(byte('0' + frac/10))
	b.WriteByte(byte('0' + frac%10))
	return b.String()
}

// Plain formats p without the pound sign or separators, "1234.56", as a
// finance CSV holds it.
func (p Pence) Plain() string {
	s := p.String()
	s = strings.ReplaceAll(s, ",", "")
	return strings.Replace(s, "£", "", 1)
}

// maxPounds bounds parsed amounts so sums of many never overflow int64.
const maxPounds = 1_000_000_000_000 // £1 trillion

// Errors from ParsePence; the message suits a form or a CSV cell.
var (
	ErrAmountEmpty  = errors.New("enter an amount")
	ErrAmountFormat = errors.New("enter an amount in pounds and pence, like 1234.56")
	ErrAmountLarge  = errors.New("amount is too large")
)

// ParsePence reads an amount in pounds: "1234.56", "1,234.5", "£12",
// "-3.10", "(3.10)" (accounting negative). At most two decimal places:
// pence are never rounded away.
func ParsePence(s string) (Pence, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrAmountEmpty
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	if strings.HasPrefix(s, "-") {
		if neg {
			return 0, ErrAmountFormat
		}
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	s = strings.TrimPrefix(s, "£")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && (!hasDot || frac == "") {
		return 0, ErrAmountFormat
	}
	if hasDot && (len(frac) == 0 || len(frac) > 2) {
		return 0, ErrAmountFormat
	}
	// Thousands separators: groups of three after the first.
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, ErrAmountFormat
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, ErrAmountFormat
			}
		}
		whole = strings.Join(groups, "")
	}
	var pounds int64
	for _, c := range whole {
		if c < '0' || c > '9' {
			return 0, ErrAmountFormat
		}
		pounds = pounds*10 + int64(c-'0')
		if pounds > maxPounds {
			return 0, ErrAmountLarge
		}
	}
	var pence int64
	for i := 0; i < 2; i++ {
		pence *= 10
		if i < len(frac) {
			c := frac[i]
			if c < '0' || c > '9' {
				return 0, ErrAmountFormat
			}
			pence += int64(c - '0')
		}
	}
	v := Pence(pounds*100 + pence)
	if neg {
		v = -v
	}
	return v, nil
}
