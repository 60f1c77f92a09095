package cli

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// rcheckDir holds fresh random inputs and the outputs of the R package
// PHEindicatormethods on them (see its README.md and gen.R).
// PLACEBOARD_RCHECK_DIR points the test at another generated set, e.g. one
// made with a new seed.
var rcheckDir = func() string {
	if d := os.Getenv("PLACEBOARD_RCHECK_DIR"); d != "" {
		return strings.TrimSuffix(d, "/") + "/"
	}
	return statsTestdata + "rcheck/"
}()

// rWarningsNotOurs are R warnings that come from R internals, not from the
// package: qt(p, 0) for a group of one value warns "NaNs produced".
var rWarningsNotOurs = map[string]bool{"NaNs produced": true}

// rLayoutQuirks are cases where the package returns a different set of
// columns for a reason we do not copy; only the columns both have are
// compared.
var rLayoutQuirks = map[string]string{
	// An ungrouped input with a suppression returns early: input columns
	// with deaths and population kept, NA value and limits, no pops_used,
	// dths_used or metadata. We keep the usual layout (with NA values).
	"le_ungrouped_suppressed": "phe_life_expectancy's early return for ungrouped suppressed input",
}

// ourMessages are errors where R's message is an accident of R (comparing
// text with numbers, a tidy-evaluation failure) or names R's argument rather
// than the column: the command names the row and column instead (issue #3,
// "Bad input"). The value is the part of our message the test requires.
var ourMessages = map[string]string{
	"prop_err_text_x":        `row 11, column "x": "12a" is not a number`,
	"rate_err_text_x":        `row 11, column "x": "12a" is not a number`,
	"dsr_err_text_x":         `row 5, column "x": "many" is not a number`,
	"dsr_err_unknown_column": `column "count": --x names a column that is not in the input`,
}

// rErrorsNotCopied are calls where the package stops because of a bug the
// spec tells us not to copy; the command must succeed instead.
var rErrorsNotCopied = map[string]string{
	// phe_proportion(confidence = NA, type = "value") tries to drop the
	// limit columns it never made (spec §2).
	"prop_rows_conf_na_value": "Can't subset columns that don't exist",
}

type rcheckCase struct {
	name, input, args, keys, err, warnings string
}

func readRcheckCases(t *testing.T) []rcheckCase {
	t.Helper()
	f, err := os.Open(rcheckDir + "cases.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var cases []rcheckCase
	for _, r := range rows[1:] {
		cases = append(cases, rcheckCase{name: r[col["name"]], input: r[col["input"]], args: r[col["args"]],
			keys: r[col["keys"]], err: r[col["error"]], warnings: r[col["warnings"]]})
	}
	return cases
}

func readCSVRows(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, s)
	}
	return rows
}

// sameCell compares a cell of ours with R's: numbers to 1e-9 relative,
// NA/NaN/Inf and text exactly.
func sameCell(got, want string) bool {
	if got == want {
		return true
	}
	w, err1 := strconv.ParseFloat(want, 64)
	g, err2 := strconv.ParseFloat(got, 64)
	if err1 != nil || err2 != nil || math.IsNaN(w) || math.IsInf(w, 0) || want == "NA" {
		return false
	}
	return math.Abs(g-w) <= 1e-9*math.Abs(w)
}

// TestStatsCommandMatchesRPackage runs `placeboard stats` on inputs the
// other tests never saw and compares every output cell, error message and
// warning with what PHEindicatormethods 2.1.0 gave for the same call.
func TestStatsCommandMatchesRPackage(t *testing.T) {
	cases := readRcheckCases(t)
	if len(cases) < 100 {
		t.Fatalf("only %d cases in %scases.csv", len(cases), rcheckDir)
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			args := append(strings.Fields(c.args), filepath.FromSlash(rcheckDir+c.input+".in.csv"))
			stdout, stderr, code := runStatsCmd(t, "", args...)
			if bug, ok := rErrorsNotCopied[c.name]; ok {
				if !strings.Contains(c.err, bug) {
					t.Fatalf("R's error %q is not the known bug %q: update rErrorsNotCopied", c.err, bug)
				}
				if code != ExitOK || stdout == "" {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				return
			}
			if c.err != "" {
				want := c.err
				if m, ok := ourMessages[c.name]; ok {
					want = m
				}
				if code != ExitBadInput || !strings.Contains(stderr, want) {
					t.Fatalf("R stops with %q; we exit %d with %q (want %q)", c.err, code, stderr, want)
				}
				return
			}
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range strings.Split(c.warnings, " | ") {
				if w != "" && !rWarningsNotOurs[w] && !strings.Contains(stderr, w) {
					t.Errorf("R warns %q; our stderr: %q", w, stderr)
				}
			}
			b, err := os.ReadFile(rcheckDir + c.name + ".out.csv")
			if err != nil {
				t.Fatal(err)
			}
			ours, r := readCSVRows(t, stdout), readCSVRows(t, string(b))
			if _, quirk := rLayoutQuirks[c.name]; quirk {
				ours, r = commonColumns(ours, r)
			}
			compareWithR(t, ours, r, c.keys)
		})
	}
}

// compareWithR checks that ours has R's columns in R's order and the same
// rows, matched on the key columns (or in order when there are none).
func compareWithR(t *testing.T, ours, r [][]string, keys string) {
	t.Helper()
	if strings.Join(ours[0], ",") != strings.Join(r[0], ",") {
		t.Fatalf("columns differ:\n ours %v\n R    %v", ours[0], r[0])
	}
	if len(ours) != len(r) {
		t.Fatalf("%d rows, R has %d", len(ours)-1, len(r)-1)
	}
	key := func(row []string) string { return strings.Join(row, "\x1f") }
	var keyCols []int
	if keys != "" {
		for _, k := range strings.Split(keys, ";") {
			found := false
			for i, h := range r[0] {
				if h == k {
					keyCols = append(keyCols, i)
					found = true
				}
			}
			if !found {
				t.Fatalf("key column %q not in R's output", k)
			}
		}
		key = func(row []string) string {
			var parts []string
			for _, i := range keyCols {
				parts = append(parts, row[i])
			}
			return strings.Join(parts, "\x1f")
		}
	}
	byKey := map[string][]string{}
	for i, row := range ours[1:] {
		if keys == "" {
			byKey[strconv.Itoa(i)] = row
		} else {
			byKey[key(row)] = row
		}
	}
	bad := 0
	for i, want := range r[1:] {
		k := strconv.Itoa(i)
		if keys != "" {
			k = key(want)
		}
		got, ok := byKey[k]
		if !ok {
			t.Errorf("R row %d (%v) missing from ours", i+1, want)
			continue
		}
		for j := range want {
			if !sameCell(got[j], want[j]) {
				bad++
				if bad <= 10 {
					t.Errorf("row %d %s: ours %s, R %s", i+1, r[0][j], got[j], want[j])
				}
			}
		}
	}
	if bad > 10 {
		t.Errorf("... %d cells differ in all", bad)
	}
}

// commonColumns keeps the columns both tables have, in R's order.
func commonColumns(ours, r [][]string) (o2, r2 [][]string) {
	pos := map[string]int{}
	for i, h := range ours[0] {
		pos[h] = i
	}
	var oi, ri []int
	for i, h := range r[0] {
		if j, ok := pos[h]; ok {
			oi, ri = append(oi, j), append(ri, i)
		}
	}
	pick := func(rows [][]string, idx []int) [][]string {
		out := make([][]string, len(rows))
		for k, row := range rows {
			for _, i := range idx {
				out[k] = append(out[k], row[i])
			}
		}
		return out
	}
	return pick(ours, oi), pick(r, ri)
}

// phe_life_expectancy keeps every input column but deaths and population,
// in input order, and puts all lower limits before the upper ones.
func TestStatsLifeExpectancyColumnsLikeR(t *testing.T) {
	stdout, stderr, code := runStatsCmd(t, "", "life-expectancy", "--deaths", "deaths", "--population", "population",
		"--startage", "startage", "--group-by", "area,sex", "--confidence", "0.9,0.95,0.998",
		statsTestdata+"rcheck/le_missing_values.in.csv")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	header := strings.SplitN(stdout, "\n", 2)[0]
	want := "sex,startage,area,value,lower90_0cl,lower95_0cl,lower99_8cl,upper90_0cl,upper95_0cl,upper99_8cl,pops_used,dths_used,confidence,statistic,method"
	if header != want {
		t.Errorf("header\n %s\nwant\n %s", header, want)
	}
}
