package budgeting

import (
	"strings"
	"testing"
)

func TestParsePounds(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  string
	}{
		{"40000", 4000000, ""},
		{"£40,000", 4000000, ""},
		{" £ 27,999.99 ", 2799999, ""},
		{"0.5", 50, ""},
		{".05", 5, ""},
		{"1,234,567.8", 123456780, ""},
		{"0", 0, ""},
		{"", 0, "enter an amount"},
		{"12.", 0, "two digits"},
		{"12.345", 0, "two digits"},
		{"1,23", 0, "groups of three"},
		{",123", 0, "groups of three"},
		{"1234,567", 0, "groups of three"},
		{"-5", 0, "using digits"},
		{"5e3", 0, "using digits"},
		{"£40k", 0, "using digits"},
		{"123456789012345", 0, "too large"},
	} {
		got, err := ParsePounds(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParsePounds(%q) = %d, %v; want an error containing %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParsePounds(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

// FuzzParsePounds: never panics, never negative, and what FormatPence
// writes reads back to the same pence.
func FuzzParsePounds(f *testing.F) {
	for _, s := range []string{"40000", "£40,000", "27,999.99", "0.5", ".05", "1,23", "", "£", "9999999999999.99", "1,000,000.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePounds(s)
		if err != nil {
			return
		}
		if p < 0 {
			t.Fatalf("ParsePounds(%q) = %d", s, p)
		}
		back, err := ParsePounds(FormatPence(p))
		if err != nil || back != p {
			t.Fatalf("ParsePounds(FormatPence(%d)) = %d, %v (from %q)", p, back, err, s)
		}
	})
}
