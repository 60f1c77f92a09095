package budgeting

import (
	"errors"
	"strings"
)

// ParsePounds reads an amount of money as people type it on a form:
// "40000", "£40,000", "27,999.99", "0.5" (50p). It returns pence. Commas
// must group thousands; at most two decimal places; no sign; at most
// £10,000,000,000,000.
func ParsePounds(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "£")
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("enter an amount in pounds")
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && (frac == "" || len(frac) > 2) {
		return 0, errors.New("write pence with two digits after the point, such as 27,999.99")
	}
	if whole == "" {
		whole = "0"
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, errors.New("use commas only between groups of three digits, such as 40,000")
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, errors.New("use commas only between groups of three digits, such as 40,000")
			}
		}
		whole = strings.Join(groups, "")
	}
	if len(whole) > 14 {
		return 0, errors.New("the amount is too large")
	}
	var pounds int64
	for _, r := range whole {
		if r < '0' || r > '9' {
			return 0, errors.New("enter an amount in pounds using digits, such as 40,000 or 27,999.99")
		}
		pounds = pounds*10 + int64(r-'0')
	}
	var pence int64
	for i, r := range frac {
		if r < '0' || r > '9' {
			return 0, errors.New("enter an amount in pounds using digits, such as 40,000 or 27,999.99")
		}
		d := int64(r - '0')
		if i == 0 {
			d *= 10
		}
		pence += d
	}
	return pounds*100 + pence, nil
}
