package batch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
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

// parseChunkBothWays parses the body of data with the plain-chunk parser
// and with the general one, each into fresh arrays.
func parseChunkBothWays(data []byte, req columnRequest) (plain, general *chunkResult, plainOK bool, err error) {
	names, _, body, err := parseHeader(data)
	if err != nil {
		return nil, nil, false, err
	}
	newResult := func() *chunkResult {
		p := &chunkResult{nums: make([][]float64, len(req.numeric)), texts: make([][]span, len(req.text))}
		return p
	}
	c := span{int32(body), int32(len(data))}
	plain, general = newResult(), newResult()
	plainOK = parseChunkPlain(data, c, names, req, plain)
	parseChunk(data, c, names, req, general)
	return plain, general, plainOK, nil
}

// sameChunkResults reports how two parses of one chunk differ, or "".
func sameChunkResults(data []byte, a, b *chunkResult) string {
	if len(a.gid) != len(b.gid) {
		return fmt.Sprintf("%d rows vs %d", len(a.gid), len(b.gid))
	}
	for k := range a.nums {
		for i := range a.nums[k] {
			x, y := a.nums[k][i], b.nums[k][i]
			if math.Float64bits(x) != math.Float64bits(y) && !(math.IsNaN(x) && math.IsNaN(y) && stats.IsNA(x) == stats.IsNA(y)) {
				return fmt.Sprintf("row %d numeric %d: %v vs %v", i+1, k, x, y)
			}
		}
	}
	for k := range a.texts {
		for i := range a.texts[k] {
			sa, sb := a.texts[k][i], b.texts[k][i]
			if string(data[sa.start:sa.end]) != string(data[sb.start:sb.end]) {
				return fmt.Sprintf("row %d text %d: %q vs %q", i+1, k, data[sa.start:sa.end], data[sb.start:sb.end])
			}
		}
	}
	if len(a.lines) != len(b.lines) {
		return fmt.Sprintf("%d lines vs %d", len(a.lines), len(b.lines))
	}
	for i := range a.lines {
		if a.lines[i] != b.lines[i] {
			return fmt.Sprintf("row %d line %v vs %v", i+1, a.lines[i], b.lines[i])
		}
	}
	if fmt.Sprint(a.gid) != fmt.Sprint(b.gid) || fmt.Sprint(a.keys) != fmt.Sprint(b.keys) {
		return fmt.Sprintf("groups %v %q vs %v %q", a.gid, a.keys, b.gid, b.keys)
	}
	return ""
}

// TestPlainParserMatchesGeneral checks the fast parser for quote-free
// input against the general one, including the inputs it must hand back.
func TestPlainParserMatchesGeneral(t *testing.T) {
	for _, req := range plainParserRequests {
		testPlainParserMatchesGeneral(t, req)
	}
}

// plainParserRequests are a request with every kind of column use, and the
// numeric-only one of ungrouped proportions and rates (its own loop).
var plainParserRequests = []columnRequest{
	{numeric: []int{1, 2, 2}, text: []int{0, 1}, group: []int{0, 3}, keepLines: true},
	{numeric: []int{2, 1}, lineMarks: true},
}

func testPlainParserMatchesGeneral(t *testing.T, req columnRequest) {
	for _, in := range []string{
		"g,x,n,h\nA,1,2,p\nA,3,4,p\n\n\nB,5,6,q",
		"g,x,n,h\nA,00012,1e3,p\nB, 7 ,-0,q\nC,NA,,r\nD,123456789012345678,Inf,s\n",
		"g,x,n,h\nA,1,2,\n,,,\n",
		"g,x,n,h\nA,1,2,p,\n", // too many fields
		"g,x,n,h\nA,1,2\n",    // too few
		"g,x,n,h\nA,x1,2,p\n", // not a number
		"g,x,n,h\nA,1,2,p,",   // trailing comma at the end
		"g,x,n,h\nA,-5,0.25,p\nA,1.5e-3,-Inf,p\n",
		"g,x,n,h\nA,9999999999999999,99999999999999999,p\n",
		"g,x,n,h\nA,1,2,p\n,,,\nB,3,4,p\nC,5,6\n", // too few after good rows
	} {
		plain, general, ok, err := parseChunkBothWays([]byte(in), req)
		if err != nil {
			t.Fatal(err)
		}
		if ok != (general.err == nil) {
			t.Errorf("%q: plain parser ok=%v, general error %v", in, ok, general.err)
			continue
		}
		if ok {
			if d := sameChunkResults([]byte(in), plain, general); d != "" {
				t.Errorf("%q: %s", in, d)
			}
		}
	}
	// The same column twice (--x a --n a) fills both numeric columns.
	tab, err := readCSV([]byte("a,b\n1,2\n3,4\n"), columnRequest{numeric: []int{1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.nums[0]) != 2 || len(tab.nums[1]) != 2 || tab.nums[0][1] != 4 || tab.nums[1][1] != 4 {
		t.Errorf("one column for two arguments: %v", tab.nums)
	}
}

// TestWordAtATimeScanning checks the word-at-a-time helpers against byte
// loops for every field length and position near the end of the input.
func TestWordAtATimeScanning(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("0123456789,\n.-e /:;\x00\xff\x30\x39\x2f\x3a")
	for i := 0; i < 200000; i++ {
		n := 1 + r.IntN(24)
		data := make([]byte, n)
		for k := range data {
			if r.IntN(3) == 0 {
				data[k] = alphabet[r.IntN(len(alphabet))]
			} else {
				data[k] = byte('0' + r.IntN(10))
			}
		}
		pos := r.IntN(n)
		end := pos + r.IntN(n-pos+1)
		want := pos
		for want < end && data[want] != ',' && data[want] != '\n' {
			want++
		}
		if got := fieldEnd(data, pos, end); got != want {
			t.Fatalf("fieldEnd(%q, %d, %d) = %d, want %d", data, pos, end, got, want)
		}
		digits := 0
		for pos+digits < end && data[pos+digits] >= '0' && data[pos+digits] <= '9' {
			digits++
		}
		okWant := pos+8 <= end && digits >= 1 && digits <= 7 && (data[pos+digits] == ',' || data[pos+digits] == '\n')
		got, value, ok := shortInteger(data, pos, end)
		if ok != okWant || ok && got != digits {
			t.Fatalf("shortInteger(%q, %d, %d) = %d, %v; want %d, %v", data, pos, end, got, ok, digits, okWant)
		}
		if ok {
			if v, _ := strconv.ParseUint(string(data[pos:pos+digits]), 10, 64); value != v {
				t.Fatalf("shortInteger(%q) = %d, want %d", data[pos:pos+digits], value, v)
			}
		}
	}
}

// TestCheckRowsInParallel checks that splitting the check keeps the error
// the whole input gives: with errors of several kinds in both halves, the
// first of the kind the check tests first.
func TestCheckRowsInParallel(t *testing.T) {
	n := 200000
	x, d := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], d[i] = 1, 2
	}
	if err := checkRowsInParallel(stats.CheckProportionInputs, x, d); err != nil {
		t.Fatal(err)
	}
	d[10] = 0           // first half: a bad denominator
	x[n-5] = -1         // second half: a bad numerator, which the check tests first
	x[20], d[20] = 3, 2 // first half: x > n
	want := stats.CheckProportionInputs(x, d)
	got := checkRowsInParallel(stats.CheckProportionInputs, x, d)
	if want == nil || got == nil || got.Error() != want.Error() {
		t.Fatalf("got %v, want %v", got, want)
	}
	x[n-5] = 1
	want = stats.CheckRateInputs(x, d)
	if got := checkRowsInParallel(stats.CheckRateInputs, x, d); want == nil || got == nil || got.Error() != want.Error() {
		t.Fatalf("rates: got %v, want %v", got, want)
	}
}

// TestRowLinesMatchKeptLines reads rows in order through line marks (and
// from the middle of chunks) and compares with the kept lines, for plain
// input split across chunks and for input that needs the general parser.
func TestRowLinesMatchKeptLines(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("\xef\xbb\xbfg,x,n\n")
	for i := 0; i < 150000; i++ {
		fmt.Fprintf(&sb, "G%d,%d,%d\n", i%7, i%100, 100)
		if i%40000 == 3 {
			sb.WriteString("\n\n") // blank lines are skipped
		}
	}
	sb.WriteString("last,1,2") // no final line end
	plain := sb.String()
	for _, in := range []string{plain, strings.Replace(plain, "G3,", "\"G,3\",", 1), strings.ReplaceAll(plain, "\n", "\r\n"), "a,b\n1,2\n\n3,4\n"} {
		prev := runtime.GOMAXPROCS(4)
		kept, err := readCSV([]byte(in), columnRequest{numeric: []int{1}, keepLines: true})
		marked, err2 := readCSV([]byte(in), columnRequest{numeric: []int{1}, rowLines: true})
		runtime.GOMAXPROCS(prev)
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		if kept.rows != marked.rows {
			t.Fatalf("rows %d and %d", kept.rows, marked.rows)
		}
		if in == plain && marked.lines != nil {
			t.Fatal("plain input: lines kept instead of marked")
		}
		for _, from := range []int{0, 1, 63, 64, 65, kept.rows / 2, kept.rows - 1} {
			if from >= kept.rows {
				continue
			}
			c := marked.linesFrom(from)
			for i := from; i < kept.rows && i < from+300; i++ {
				if got, want := c.next(), kept.line(i); string(got) != string(want) {
					t.Fatalf("from row %d, row %d: %q, want %q", from+1, i+1, got, want)
				}
			}
		}
		c := marked.linesFrom(0)
		for i := 0; i < kept.rows; i++ {
			if got, want := c.next(), kept.line(i); string(got) != string(want) {
				t.Fatalf("row %d: %q, want %q", i+1, got, want)
			}
			if i%9973 == 0 && string(marked.line(i)) != string(kept.line(i)) {
				t.Fatalf("line(%d) = %q", i, marked.line(i))
			}
		}
	}
}

// TestStatsRowsSameOnAnyCoreCount runs proportion and rate on enough rows
// for several output blocks and input chunks, from a file (memory-mapped)
// and from standard input, on 1 and 4 workers: the outputs must be equal
// and have one row per input row, in order.
func TestStatsRowsSameOnAnyCoreCount(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("area,x,n\n")
	rows := 90000
	for i := 0; i < rows; i++ {
		n := 1 + (i*7919)%20000
		fmt.Fprintf(&sb, "E%08d,%d,%d\n", i, (i*104729)%(n+1), n)
	}
	path := t.TempDir() + "/in.csv"
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{"proportion", "rate"} {
		o := NewOptions(method)
		o.Columns["x"], o.Columns["n"] = "x", "n"
		var outs []string
		for _, procs := range []int{1, 4} {
			for _, fromFile := range []bool{true, false} {
				prev := runtime.GOMAXPROCS(procs)
				name, stdin := path, io.Reader(nil)
				if !fromFile {
					name, stdin = "-", strings.NewReader(sb.String())
				}
				data, err := ReadInput(name, stdin)
				var out bytes.Buffer
				if err == nil {
					var tab *Table
					if tab, err = Compute(context.Background(), o, data, nil); err == nil {
						err = tab.Write(&out)
					}
				}
				runtime.GOMAXPROCS(prev)
				if err != nil {
					t.Fatalf("%s: %v", method, err)
				}
				outs = append(outs, out.String())
			}
		}
		for _, o := range outs[1:] {
			if o != outs[0] {
				t.Fatalf("%s: outputs differ between core counts or input kinds", method)
			}
		}
		lines := strings.Split(strings.TrimSuffix(outs[0], "\n"), "\n")
		if len(lines) != rows+1 {
			t.Fatalf("%s: %d lines for %d rows", method, len(lines), rows)
		}
		for i := 1; i < len(lines); i += 9973 {
			if want := fmt.Sprintf("E%08d,", i-1); !strings.HasPrefix(lines[i], want) {
				t.Fatalf("%s: line %d is %q", method, i, lines[i])
			}
		}
	}
}
