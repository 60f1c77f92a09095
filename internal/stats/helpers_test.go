package stats

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
)

// record is one CSV row keyed by column name.
type record map[string]string

func readRecords(t testing.TB, name string) []record {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]record, 0, len(rows)-1)
	for _, r := range rows[1:] {
		rec := record{}
		for i, h := range rows[0] {
			rec[h] = r[i]
		}
		out = append(out, rec)
	}
	return out
}

// num parses a CSV cell; an empty cell or "NA" is NA.
func num(s string) float64 {
	if s == "" || s == "NA" {
		return NA()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(fmt.Sprintf("bad number %q", s))
	}
	return v
}

func (r record) f(col string) float64 { return num(r[col]) }

// agree compares with a relative tolerance; NA/NaN must match NA/NaN.
func agree(got, want, rel float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300) || got == want
}

// agreeDP compares after rounding both to dp decimal places (allowing one
// unit in the last place for values exactly on a rounding boundary).
func agreeDP(got, want float64, dp int) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	s := math.Pow(10, float64(dp))
	return math.Abs(math.Round(got*s)-math.Round(want*s)) <= 1
}

func check(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !agree(got, want, 1e-9) {
		t.Errorf("%s = %.17g, want %.17g (rel %.3g)", what, got, want, math.Abs(got-want)/math.Abs(want))
	}
}

func checkDP(t *testing.T, what string, got, want float64, dp int) {
	t.Helper()
	if !agreeDP(got, want, dp) {
		t.Errorf("%s = %.12g, want %.12g to %d dp", what, got, want, dp)
	}
}

func mustLevels(t testing.TB, raw ...float64) Levels {
	t.Helper()
	l, err := ParseLevels(raw)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
