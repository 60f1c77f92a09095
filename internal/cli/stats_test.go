package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const statsTestdata = "../stats/testdata/"

func runStatsCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	std := IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	code = Run(context.Background(), append([]string{"stats"}, args...), std)
	return out.String(), errb.String(), code
}

func parseOut(t *testing.T, s string) []map[string]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, s)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func readExpected(t *testing.T, name string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(statsTestdata + name)
	if err != nil {
		t.Fatal(err)
	}
	return parseOut(t, string(b))
}

// sameNumber compares an output cell with an expected cell (empty = NA).
func sameNumber(got, want string) bool {
	if want == "" || want == "NA" {
		return got == "NA"
	}
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return got == want
	}
	return math.Abs(g-w) <= 1e-9*math.Abs(w) || g == w
}

// TestStatsCommandReproducesVectors runs the command on the package's test
// inputs and compares every expected column.
func TestStatsCommandReproducesVectors(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		expected string
		filter   func(i int, r map[string]string) bool // which expected rows
		key      string                                // match output rows to expected rows by this column
		cols     []string
	}{
		{
			name: "proportion two levels", args: []string{"proportion", "--x", "Numerator", "--n", "Denominator", "--confidence", "0.95,0.998", "--multiplier", "100", statsTestdata + "proportion_expected.csv"},
			expected: "proportion_expected.csv", filter: func(i int, r map[string]string) bool { return r["multiplier"] == "100" },
			cols: []string{"value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "statistic", "method"},
		},
		{
			name: "proportion grouped", args: []string{"proportion", "--x", "Numerator", "--n", "Denominator", "--group-by", "Area", statsTestdata + "proportion_expected.csv"},
			expected: "proportion_grouped_expected.csv", key: "Area",
			cols: []string{"Numerator", "Denominator", "value", "lowercl", "uppercl", "confidence", "statistic", "method"},
		},
		{
			name: "rate grouped", args: []string{"rate", "--x", "Numerator", "--n", "Denominator", "--group-by", "Area", "--confidence", "95", statsTestdata + "rate_expected.csv"},
			expected: "rate_grouped_expected.csv", key: "Area",
			cols: []string{"value", "lowercl", "uppercl", "confidence", "statistic", "method"},
		},
		{
			name: "mean", args: []string{"mean", "--x", "values", "--group-by", "area", "--confidence", "0.95,0.998", statsTestdata + "mean_input.csv"},
			expected: "mean_expected.csv", key: "area", filter: func(i int, r map[string]string) bool { return r["area"] != "No grouping" },
			cols: []string{"value_sum", "value_count", "stdev", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "statistic", "method"},
		},
		{
			name: "dsr esp2013", args: []string{"dsr", "--x", "count", "--n", "pop", "--stdpop", "esp2013", "--ageband", "ageband", "--group-by", "area", "--confidence", "0.95,0.998", statsTestdata + "dsr_isr_input_multiarea.csv"},
			expected: "dsr_expected.csv", key: "area", filter: func(i int, r map[string]string) bool { return i >= 4 && i < 7 },
			cols: []string{"total_count", "total_pop", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "statistic", "method"},
		},
		{
			name: "isratio own reference", args: []string{"isratio", "--x", "count", "--n", "pop", "--x-ref", "refcount", "--n-ref", "refpop", "--group-by", "area", "--confidence", "0.95,0.998", statsTestdata + "isr_input_multiarea_ownref.csv"},
			expected: "isr_expected.csv", key: "area", filter: func(i int, r map[string]string) bool { return i >= 6 && i < 9 },
			cols: []string{"observed", "expected", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "statistic", "method"},
		},
		{
			name: "israte per 1000", args: []string{"israte", "--x", "count", "--n", "pop", "--x-ref", "refcount", "--n-ref", "refpop", "--group-by", "area", "--multiplier", "1000", "--confidence", "0.95,0.998", statsTestdata + "isr_input_multiarea_ownref.csv"},
			expected: "isr_expected.csv", key: "area", filter: func(i int, r map[string]string) bool { return i >= 3 && i < 6 },
			cols: []string{"observed", "expected", "ref_rate", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "statistic", "method"},
		},
		{
			name: "funnel significance ratio", args: []string{"funnel-significance", "--numerator", "obs", "--denominator", "expected", "--statistic", "ratio", statsTestdata + "funnel_ratio_inputs.csv"},
			expected: "funnel_ratio_inputs.csv",
			cols:     []string{"significance"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runStatsCmd(t, "", c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := parseOut(t, stdout)
			var want []map[string]string
			for i, r := range readExpected(t, c.expected) {
				if c.filter == nil || c.filter(i, r) {
					want = append(want, r)
				}
			}
			byKey := map[string]map[string]string{}
			for _, g := range got {
				byKey[g[c.key]] = g
			}
			if c.key == "" && len(got) != len(want) && c.filter == nil {
				t.Fatalf("%d rows, want %d", len(got), len(want))
			}
			for i, w := range want {
				g := byKey[w[c.key]]
				if c.key == "" {
					g = got[len(got)-len(want)+i]
					if c.filter != nil {
						g = nil
						for _, x := range got {
							if x["Area"] == w["Area"] && x["multiplier"] == w["multiplier"] {
								g = x
							}
						}
					}
				}
				if g == nil {
					t.Fatalf("no output row for %v", w)
				}
				for _, col := range c.cols {
					if !sameNumber(g[col], w[col]) {
						t.Errorf("row %d %s = %q, want %q", i+1, col, g[col], w[col])
					}
				}
			}
		})
	}
}

func TestStatsCommandBadInput(t *testing.T) {
	cases := []struct {
		name  string
		input string
		args  []string
		want  []string // substrings of the message
	}{
		{"non-numeric cell", "area,x,n\nA,1,10\nB,abc,10\n", []string{"proportion", "--x", "x", "--n", "n"}, []string{"row 2", `column "x"`, "not a number"}},
		{"negative count", "area,x,n\nA,1,10\nB,-1,10\n", []string{"rate", "--x", "x", "--n", "n"}, []string{"row 2", `column "x"`, "numerators must be greater than or equal to zero"}},
		{"x greater than n", "area,x,n\nA,1,10\nB,11,10\nC,1,1\n", []string{"proportion", "--x", "x", "--n", "n"}, []string{"row 2", `column "x"`, "less than or equal to denominator"}},
		{"unknown column", "area,x,n\nA,1,10\n", []string{"proportion", "--x", "count", "--n", "n"}, []string{`column "count"`, "not in the input"}},
		{"bad confidence", "area,x,n\nA,1,10\n", []string{"proportion", "--x", "x", "--n", "n", "--confidence", "0.5"}, []string{"confidence", "between 90 and 100"}},
		{"bad confidence pair", "area,x,n\nA,1,10\n", []string{"rate", "--x", "x", "--n", "n", "--confidence", "0.9,0.99"}, []string{"two confidence levels can only be produced"}},
		{"ragged row", "area,x,n\nA,1\n", []string{"rate", "--x", "x", "--n", "n"}, []string{"row 1", "2 fields"}},
		{"zero population dsr", "area,x,n,w\nA,1,0,5\n", []string{"dsr", "--x", "x", "--n", "n", "--stdpop", "w"}, []string{"row 1", `column "n"`, "denominators must all be greater than zero"}},
		{"missing method flag", "area,x,n\nA,1,10\n", []string{"dsr", "--x", "x", "--n", "n"}, []string{"--stdpop"}},
		{"bad type", "area,x,n\nA,1,10\n", []string{"rate", "--x", "x", "--n", "n", "--type", "everything"}, []string{"type must be one of"}},
		{"empty input", "", []string{"rate", "--x", "x", "--n", "n"}, []string{"empty"}},
		{"bad le-age", "area,startage,d,p\nA,0,1,10\n", []string{"life-expectancy", "--deaths", "d", "--population", "p", "--startage", "startage", "--le-age", "65,old"}, []string{"le-age", `"old" is not a number`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runStatsCmd(t, c.input, c.args...)
			if code != ExitBadInput {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, stderr)
			}
			if stdout != "" {
				t.Errorf("wrote output on error: %q", stdout)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("message %q does not contain %q", stderr, w)
				}
			}
		})
	}
}

func TestStatsCommandOutFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "result.csv")
	_, stderr, code := runStatsCmd(t, "x,n\n1,10\n", "rate", "--x", "x", "--n", "n", "--out", out)
	if code != 0 {
		t.Fatal(stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "x,n,value") {
		t.Fatalf("out file: %q %v", b, err)
	}
	bad := filepath.Join(dir, "bad.csv")
	_, _, code = runStatsCmd(t, "x,n\n1,10\n-1,10\n", "rate", "--x", "x", "--n", "n", "--out", bad)
	if code != ExitBadInput {
		t.Fatalf("exit %d", code)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}

func TestStatsCommandHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"dsr", "--help"}, {"sii", "-h"}} {
		stdout, _, code := runStatsCmd(t, "", args...)
		if code != ExitOK || !strings.Contains(stdout, "Usage") {
			t.Errorf("%v: exit %d, output %q", args, code, stdout)
		}
	}
}

func TestStatsCommandLifeExpectancyAndSII(t *testing.T) {
	stdout, stderr, code := runStatsCmd(t, "", "life-expectancy", "--deaths", "deaths", "--population", "pops", "--startage", "startage", "--group-by", "case", statsTestdata+"le_package_tests.csv")
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(stderr, "suppressed") {
		t.Errorf("no suppression warning on stderr: %q", stderr)
	}
	got := parseOut(t, stdout)
	want := readExpected(t, "le_package_tests.csv")
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g["case"] != w["case"] || g["startage"] != w["startage"] {
			t.Fatalf("row %d is %s/%s, want %s/%s", i+1, g["case"], g["startage"], w["case"], w["startage"])
		}
		for _, c := range []string{"value", "lowercl", "uppercl"} {
			gv, _ := strconv.ParseFloat(g[c], 64)
			wv, _ := strconv.ParseFloat(w[c], 64)
			if (w[c] == "") != (g[c] == "NA") || w[c] != "" && math.Abs(math.Round(gv*1e4)-math.Round(wv*1e4)) > 1 {
				t.Errorf("%s age %s %s = %s, want %s (4 dp)", w["case"], w["startage"], c, g[c], w[c])
			}
		}
		if g["statistic"] != "life expectancy at "+w["startage"] {
			t.Errorf("statistic %q", g["statistic"])
		}
	}

	// SII: the deterministic slope and RII agree with the package's.
	in, err := os.ReadFile(statsTestdata + "sii_expected.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(in), "\n")
	var sub []string
	sub = append(sub, lines[0])
	for _, l := range lines[1:] {
		if strings.Contains(l, ",default (e.g. life expectancy) - default parameters,") {
			sub = append(sub, l)
		}
	}
	stdout, stderr, code = runStatsCmd(t, strings.Join(sub, "\n"), "sii", "--quantile", "Quantile", "--population", "Population", "--value", "Value", "--se", "StandardError", "--rii", "--group-by", "Area", "--repetitions", "2000")
	if code != 0 {
		t.Fatal(stderr)
	}
	out := parseOut(t, stdout)
	exp := readExpected(t, "sii_expected.csv")
	for k, row := range []int{0, 10} {
		for _, c := range []string{"sii", "rii"} {
			if !sameNumber(out[k][c], exp[row][c]) {
				t.Errorf("%s %s = %s want %s", out[k]["Area"], c, out[k][c], exp[row][c])
			}
		}
	}
}

func TestStatsCommandProgressOnTerminalOnly(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("area,x,n\n")
	for sb.Len() < 9<<20 {
		sb.WriteString("E0000000001,12345,67890\n")
	}
	for _, term := range []bool{false, true} {
		var out, errb bytes.Buffer
		std := IO{Stdin: strings.NewReader(sb.String()), Stdout: &out, Stderr: &errb, IsTerminal: term}
		if code := Run(context.Background(), []string{"stats", "rate", "--x", "x", "--n", "n", "--type", "value"}, std); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		if got := strings.Contains(errb.String(), "rows"); got != term {
			t.Errorf("terminal=%v: progress shown=%v (%q)", term, got, errb.String())
		}
	}
}

// TestStatsCommandDSRNonIndependent pivots the package's wide test input to
// one row per area × age band × event frequency, as the package test does.
func TestStatsCommandDSRNonIndependent(t *testing.T) {
	wide := readExpected(t, "dsr_nonindependent_input_wide.csv")
	var sb strings.Builder
	sb.WriteString("area,ageband,pop,eventfreq,persons\n")
	for _, r := range wide {
		maxF := 3
		if r["area"] == "testdata_nonind_big" {
			maxF = 4
		}
		for f := 1; f <= maxF; f++ {
			sb.WriteString(strings.Join([]string{r["area"], r["ageband"], r["pop"], strconv.Itoa(f), r["f"+strconv.Itoa(f)]}, ",") + "\n")
		}
	}
	stdout, stderr, code := runStatsCmd(t, sb.String(), "dsr", "--x", "persons", "--n", "pop", "--stdpop", "esp2013", "--ageband", "ageband",
		"--eventfreq", "eventfreq", "--independent-events=false", "--group-by", "area", "--confidence", "0.95,0.998")
	if code != 0 {
		t.Fatal(stderr)
	}
	got := parseOut(t, stdout)
	want := readExpected(t, "dsr_expected.csv")[8:]
	for i, w := range want {
		g := got[i]
		for _, c := range []string{"total_count", "total_pop", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "statistic", "method"} {
			gv, err1 := strconv.ParseFloat(g[c], 64)
			wv, err2 := strconv.ParseFloat(w[c], 64)
			ok := g[c] == w[c] || w[c] == "" && g[c] == "NA" || err1 == nil && err2 == nil && math.Abs(gv-wv) <= 0.5e-8+1e-12*math.Abs(wv)
			if !ok {
				t.Errorf("%s %s = %q want %q (8 dp)", w["area"], c, g[c], w[c])
			}
		}
	}
}

// TestStatsCommandBadOutPath is the regression test for --out in a missing
// folder exiting 1 with a temporary file's name: a path that cannot be
// written exits 2, before reading the input, with a message naming --out
// and the path as given.
func TestStatsCommandBadOutPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{filepath.Join(dir, "missing", "o.csv"), filepath.Join(file, "o.csv"), dir} {
		stdout, stderr, code := runStatsCmd(t, "x,n\n1,10\n", "proportion", "--x", "x", "--n", "n", "--out", out)
		if code != ExitBadInput || stdout != "" {
			t.Errorf("--out %s: exit %d, want 2 (stderr %q)", out, code, stderr)
		}
		if !strings.Contains(stderr, "--out") || !strings.Contains(stderr, strconv.Quote(out)) || strings.Contains(stderr, ".tmp-") {
			t.Errorf("--out %s: message %q should name --out and the path, never a temporary file", out, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}

// TestStatsCommandRefusesControlCharactersInFlags is the regression test
// for flag text that is not UTF-8 or holds control characters: refused with
// exit 2 and a message naming the flag.
func TestStatsCommandRefusesControlCharactersInFlags(t *testing.T) {
	in := "area,x,n\nA,1,10\n"
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"proportion", "--x", "x\t", "--n", "n"}, "--x: the value holds a control character (U+0009)"},
		{[]string{"proportion", "--x", "x", "--n", "n", "--group-by", "are\xe9"}, "--group-by: the value is not valid UTF-8 text"},
		{[]string{"rate", "--x", "x", "--n", "n", "--confidence", "0.95\r"}, "--confidence: the value holds a control character (U+000D)"},
		{[]string{"rate", "--x", "x", "--n", "n", "--out", "o\n.csv"}, "--out: the value holds a control character (U+000A)"},
		{[]string{"rate", "--x", "x", "--n", "n", "--type", "value\u0085"}, "--type: the value holds a control character (U+0085)"},
	}
	for _, c := range cases {
		stdout, stderr, code := runStatsCmd(t, in, c.args...)
		if code != ExitBadInput || stdout != "" || !strings.Contains(stderr, c.msg) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 with %q", c.args, code, stdout, stderr, c.msg)
		}
	}
	// Text outside ASCII is fine.
	stdout, stderr, code := runStatsCmd(t, "zone,x,n\nÅrhus,1,10\n", "proportion", "--x", "x", "--n", "n", "--group-by", "zone", "--type", "value")
	if code != ExitOK || stdout != "zone,x,n,value\nÅrhus,1,10,0.1\n" {
		t.Errorf("UTF-8 column: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestStatsCommandFlagsAfterFile: flags may follow the input file.
func TestStatsCommandFlagsAfterFile(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(in, []byte("x,n\n1,10\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runStatsCmd(t, "", "proportion", "--x", "x", in, "--n", "n", "--type", "value")
	if code != ExitOK || stdout != "x,n,value\n1,10,0.1\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
