package batch

import (
	"context"
	"testing"
)

// computeCSV runs o on the CSV text in.
func computeCSV(t *testing.T, in string, o Options) *Table {
	t.Helper()
	tab, err := Compute(context.Background(), o, []byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// phe_sii draws the groups in sorted order (numbers numerically) from one
// stream, whatever order they come in.
func TestGroupKeyLessSortsLikeGroupBy(t *testing.T) {
	cases := []struct {
		a, b string
		less bool
	}{
		{"s02", "s10", true},
		{"9", "10", true},
		{"10", "9", false},
		{"E1\x1f2019", "E1\x1f2020", true},
		{"B", "a", true}, // C locale: upper case first
		{"a\x1f1", "a\x1f1", false},
	}
	for _, c := range cases {
		if got := groupKeyLess(c.a, c.b); got != c.less {
			t.Errorf("groupKeyLess(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
