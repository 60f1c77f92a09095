package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/stats"
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

// runCSV runs method on the CSV text in with the columns and options
// set by opts, and returns the output as written.
func runCSV(t *testing.T, in, method string, opts func(o *Options)) string {
	t.Helper()
	o := NewOptions(method)
	opts(&o)
	var out bytes.Buffer
	if err := computeCSV(t, in, o).Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestOutputFormat(t *testing.T) {
	out := runCSV(t, "area,x,n\n\"A, north\",0,10\nB,NA,10\nC,5,10\n", "rate", func(o *Options) {
		o.Columns["x"], o.Columns["n"], o.Multiplier = "x", "n", "100"
	})
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("not CSV with 3 rows: %v\n%s", err, out)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	cell := func(r int, name string) string { return rows[r][col[name]] }
	if cell(1, "area") != "A, north" || cell(1, "value") != "0" || cell(1, "lowercl") != "0" {
		t.Errorf("zero count row: %v", rows[1])
	}
	if cell(2, "value") != "NA" || cell(2, "lowercl") != "NA" || cell(2, "method") != "NA" {
		t.Errorf("missing count row: %v", rows[2])
	}
	if cell(3, "value") != "50" || cell(3, "method") != "Exact" {
		t.Errorf("row 3: %v", rows[3])
	}
	// Shortest round-trip numbers.
	if v := cell(3, "uppercl"); v != "" {
		f, _ := strconv.ParseFloat(v, 64)
		if strconv.FormatFloat(f, 'g', -1, 64) != v {
			t.Errorf("not shortest form: %s", v)
		}
	}
	// Non-finite values: an ISR with zero expected gives Inf and NaN.
	out = runCSV(t, "g,x,n,xr,nr\nA,3,0,1,10\nB,0,0,1,10\n", "isratio", func(o *Options) {
		o.Columns["x"], o.Columns["n"], o.Columns["x_ref"], o.Columns["n_ref"] = "x", "n", "xr", "nr"
		o.GroupBy, o.Type = "g", "value"
	})
	if want := "g,value\nA,Inf\nB,NaN\n"; out != want {
		t.Errorf("got %q want %q", out, want)
	}
	// Group order is order of first appearance.
	out = runCSV(t, "g,x,n\nb,1,10\na,2,10\nb,3,10\n", "proportion", func(o *Options) {
		o.Columns["x"], o.Columns["n"], o.GroupBy, o.Type = "x", "n", "g", "value"
	})
	if want := "g,x,n,value\nb,4,20,0.2\na,2,10,0.2\n"; out != want {
		t.Errorf("got %q want %q", out, want)
	}
}

// TestSingleGroupIsRowByRow follows phe_proportion/phe_rate: data with one
// group is not aggregated.
func TestSingleGroupIsRowByRow(t *testing.T) {
	out := runCSV(t, "g,x,n\nA,1,10\nA,3,10\n", "proportion", func(o *Options) {
		o.Columns["x"], o.Columns["n"], o.GroupBy, o.Type = "x", "n", "g", "value"
	})
	if want := "g,x,n,value\nA,1,10,0.1\nA,3,10,0.3\n"; out != want {
		t.Errorf("got %q want %q", out, want)
	}
}

// TestComputeLeavesOptionsAlone: a quantile run with --invert naming a
// column must not add it to the caller's Columns.
func TestComputeLeavesOptionsAlone(t *testing.T) {
	o := NewOptions("quantile")
	o.Columns["values"], o.Invert, o.GroupBy, o.NQuantiles = "v", "inv", "g", 2
	computeCSV(t, "g,v,inv\nA,1,TRUE\nA,2,TRUE\n", o)
	if len(o.Columns) != 1 {
		t.Errorf("Compute changed the caller's columns: %v", o.Columns)
	}
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

// TestProportionRowWriter checks the ungrouped proportion writer, which
// copies the line and formats the cells into room made once per row,
// against the calculator's Row and strconv: every --type, one and two
// levels, missing inputs (NA cells), zero counts, numbers below 1e-4 (%e
// form) and, with a multiplier of 100, from 1 up; lines shorter and longer
// than the block copied at once, and blank lines.
func TestProportionRowWriter(t *testing.T) {
	rows := [][2]string{
		{"8166", "9367"}, {"0", "10"}, {"10", "10"}, {"NA", "10"}, {"3", "NA"}, {"1", "1000000"},
		{"1", "3"}, {"2", "3"}, {"12843", "16192"}, {"7", "100000000"}, {"99999", "100000"},
	}
	// Areas of every length around the 32 bytes the writer copies a line
	// in, and blank lines, which are not rows.
	area := func(i int) string { return "E" + strings.Repeat("0", i*3) + strconv.Itoa(i) }
	var in strings.Builder
	in.WriteString("area,x,n\n")
	for i, r := range rows {
		fmt.Fprintf(&in, "%s,%s,%s\n", area(i), r[0], r[1])
		if i%4 == 1 {
			in.WriteString("\n")
		}
	}
	num := func(s string) float64 {
		if s == "NA" {
			return stats.NA()
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cell := func(v float64) string {
		if stats.IsNA(v) {
			return "NA"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, conf := range []string{"0.95", "0.95,0.998"} {
		raw, err := parseConfidence(conf)
		if err != nil {
			t.Fatal(err)
		}
		lv, err := stats.ParseProportionLevels(raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, mult := range []float64{1, 100} {
			calc := stats.NewProportionCalc(lv, mult)
			for _, typ := range []string{"full", "standard", "value", "lower", "upper"} {
				out := runCSV(t, in.String(), "proportion", func(o *Options) {
					o.Columns["x"], o.Columns["n"], o.Confidence, o.Type = "x", "n", conf, typ
					o.Multiplier = strconv.FormatFloat(mult, 'g', -1, 64)
				})
				lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				if len(lines) != len(rows)+1 {
					t.Fatalf("%s %s ×%v: %d lines:\n%s", conf, typ, mult, len(lines), out)
				}
				for i, r := range rows {
					lo, up := make([]float64, len(lv)), make([]float64, len(lv))
					v, method := calc.Row(num(r[0]), num(r[1]), lo, up)
					want := fmt.Sprintf("%s,%s,%s", area(i), r[0], r[1])
					if typ != "lower" && typ != "upper" {
						want += "," + cell(v)
					}
					for l := range lv {
						if typ == "full" || typ == "standard" || typ == "lower" {
							want += "," + cell(lo[l])
						}
						if typ == "full" || typ == "standard" || typ == "upper" {
							want += "," + cell(up[l])
						}
					}
					if typ == "full" {
						if method == "" {
							method = "NA"
						}
						want += "," + string(appendField(nil, lv.Label())) + "," + stats.ProportionStatistic(mult) + "," + method
					}
					if lines[i+1] != want {
						t.Errorf("%s %s ×%v row %d:\n got %s\nwant %s", conf, typ, mult, i, lines[i+1], want)
					}
				}
			}
		}
	}
}
