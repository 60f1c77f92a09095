package cli

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/stats"
)

// TestReadCSVParallelMatchesSequential parses a large input (split across
// workers) and compares with a one-worker parse: same rows, numbers,
// texts, lines and group numbering in order of first appearance.
func TestReadCSVParallelMatchesSequential(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("g,x,label\n")
	for i := 0; i < 120000; i++ {
		// groups repeat across the whole file, so they straddle chunks
		fmt.Fprintf(&sb, "G%d,%d.5,row%d\n", (i*7)%1000, i, i)
		if i%50000 == 0 {
			sb.WriteString("\n") // blank lines are skipped
		}
	}
	sb.WriteString("G-last,NA,end") // no final line end
	data := []byte(sb.String())
	req := columnRequest{numeric: []int{1}, text: []int{2}, group: []int{0}, keepLines: true}
	prev := runtime.GOMAXPROCS(1)
	seq, err := readCSV(data, req)
	runtime.GOMAXPROCS(4)
	par, err2 := readCSV(data, req)
	runtime.GOMAXPROCS(prev)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	if seq.rows != 120001 || par.rows != seq.rows {
		t.Fatalf("rows %d and %d", seq.rows, par.rows)
	}
	if len(par.groupKeys) != len(seq.groupKeys) {
		t.Fatalf("groups %d and %d", len(par.groupKeys), len(seq.groupKeys))
	}
	for g := range seq.groupKeys {
		if seq.groupKeys[g] != par.groupKeys[g] {
			t.Fatalf("group %d: %q vs %q", g, seq.groupKeys[g], par.groupKeys[g])
		}
	}
	for i := 0; i < seq.rows; i++ {
		a, b := seq.nums[0][i], par.nums[0][i]
		if !(a == b || math.IsNaN(a) && math.IsNaN(b)) || seq.gid[i] != par.gid[i] ||
			string(seq.text(0, i)) != string(par.text(0, i)) || string(seq.line(i)) != string(par.line(i)) {
			t.Fatalf("row %d differs: %v/%v %d/%d %q/%q", i+1, a, b, seq.gid[i], par.gid[i], seq.line(i), par.line(i))
		}
	}
	if string(par.line(par.rows-1)) != "G-last,NA,end" {
		t.Errorf("last line %q", par.line(par.rows-1))
	}
}

func TestReadCSVQuotingAndLineEnds(t *testing.T) {
	cases := []struct {
		name, in string
		texts    []string
		nums     []float64
	}{
		{"crlf and quotes", "a,b\r\n\"x, \"\"y\"\"\",1\r\nz,2\r\n", []string{`x, "y"`, "z"}, []float64{1, 2}},
		{"bare cr", "a,b\rp,1\rq,2", []string{"p", "q"}, []float64{1, 2}},
		{"quoted line end", "a,b\n\"two\nlines\",3\n", []string{"two\nlines"}, []float64{3}},
		{"bom", "\xef\xbb\xbfa,b\nk,4\n", []string{"k"}, []float64{4}},
		{"empty fields", "a,b\n,\n", []string{""}, []float64{math.NaN()}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab, err := readCSV([]byte(c.in), columnRequest{numeric: []int{1}, text: []int{0}, group: []int{0}})
			if err != nil {
				t.Fatal(err)
			}
			if tab.rows != len(c.texts) {
				t.Fatalf("rows %d want %d", tab.rows, len(c.texts))
			}
			for i := range c.texts {
				if string(tab.text(0, i)) != c.texts[i] {
					t.Errorf("text %d = %q want %q", i, tab.text(0, i), c.texts[i])
				}
				if v := tab.nums[0][i]; !(v == c.nums[i] || math.IsNaN(v) && math.IsNaN(c.nums[i])) {
					t.Errorf("num %d = %v want %v", i, v, c.nums[i])
				}
			}
		})
	}
}

func TestAppendNumberIsShortestRoundTrip(t *testing.T) {
	cases := []float64{0, 1, -3, 999999, 1e6, 1234567, 0.1, 1.0 / 3, 1e-7, 7564336677, 102.80420256339154, math.Copysign(0, -1)}
	for _, v := range cases {
		got := string(appendNumber(nil, v))
		want := strconv.FormatFloat(v, 'g', -1, 64)
		if v == 0 {
			want = "0"
		}
		if got != want {
			t.Errorf("%v: %q want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{math.Inf(1): "Inf", math.Inf(-1): "-Inf", math.NaN(): "NaN"} {
		if got := string(appendNumber(nil, v)); got != want {
			t.Errorf("%v: %q want %q", v, got, want)
		}
	}
	if got := string(appendNumber(nil, stats.NA())); got != "NA" {
		t.Errorf("NA written as %q", got)
	}
}
