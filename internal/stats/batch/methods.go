package batch

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/placeboard/placeboard/internal/stats"
	"github.com/placeboard/placeboard/internal/stats/batch/numfmt"
)

// statsRun holds the parsed input of one run and the helpers methods share.
type statsRun struct {
	o     *Options
	t     *csvTable
	numOf map[string]int // R argument → slot in t.nums
	txtOf map[string]int // R argument → slot in t.texts
	gcols []string       // the --group-by column names
	keep  []keptColumn   // input columns copied to the output (life expectancy)

	// grouping
	gid     []int32 // group of each row
	ngroups int
	first   []int // first row of each group
	offsets []int // CSR: rows of group g are order[offsets[g]:offsets[g+1]]
	order   []int
}

// keptColumn is an input column copied to the output: its name and slot in
// t.texts.
type keptColumn struct {
	name string
	slot int
}

func (r *statsRun) column(arg string) string { return r.o.Columns[arg] }

// num returns the numeric column for an R argument.
func (r *statsRun) num(arg string) []float64 { return r.t.nums[r.numOf[arg]] }

func (r *statsRun) has(arg string) bool { return r.o.Columns[arg] != "" }

// flagFor maps an R argument to its flag name for messages.
func flagFor(arg string) string {
	for _, c := range Columns {
		if c.Arg == arg {
			return c.Flag
		}
	}
	return strings.ReplaceAll(arg, "_", "-")
}

// inputErr turns a stats error into a message naming the row and column.
func (r *statsRun) inputErr(err error, rowMap []int) error {
	var ie *stats.InputError
	if !errors.As(err, &ie) {
		return err
	}
	col := r.o.Columns[ie.Field]
	if ie.Row < 0 {
		if col != "" {
			return &csvError{column: col, msg: ie.Message}
		}
		if ie.Field != "" {
			return flagError(flagFor(ie.Field), ie.Message)
		}
		return &csvError{msg: ie.Message}
	}
	row := ie.Row
	if rowMap != nil && row < len(rowMap) {
		row = rowMap[row]
	}
	return &csvError{row: row + 1, column: col, msg: ie.Message}
}

// compute parses the input for the method and builds its output.
func compute(ctx context.Context, o *Options, data []byte, progress func(string, ...any)) (*Table, error) {
	names, _, _, err := parseHeader(data)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, n := range names {
		index[n] = i
	}
	need, textArgs, err := methodColumns(o)
	if err != nil {
		return nil, err
	}
	r := &statsRun{o: o, numOf: map[string]int{}, txtOf: map[string]int{}}
	var req columnRequest
	for _, arg := range need {
		name := o.Columns[arg]
		i, ok := index[name]
		if !ok {
			return nil, &csvError{column: name, msg: fmt.Sprintf("--%s names a column that is not in the input", flagFor(arg))}
		}
		r.numOf[arg] = len(req.numeric)
		req.numeric = append(req.numeric, i)
	}
	for _, arg := range textArgs {
		name := o.Columns[arg]
		if arg == "invert" {
			name = o.Invert
		}
		i, ok := index[name]
		if !ok {
			return nil, &csvError{column: name, msg: fmt.Sprintf("--%s names a column that is not in the input", flagFor(arg))}
		}
		r.txtOf[arg] = len(req.text)
		req.text = append(req.text, i)
	}
	if o.Method == "life-expectancy" {
		// phe_life_expectancy keeps every input column but deaths and
		// population, in input order.
		skip := map[string]bool{o.Columns["deaths"]: true, o.Columns["population"]: true}
		for i, name := range names {
			if !skip[name] {
				r.keep = append(r.keep, keptColumn{name: name, slot: len(req.text)})
				req.text = append(req.text, i)
			}
		}
	}
	if o.GroupBy != "" {
		for _, g := range strings.Split(o.GroupBy, ",") {
			g = strings.TrimSpace(g)
			i, ok := index[g]
			if !ok {
				return nil, &csvError{column: g, msg: "--group-by names a column that is not in the input"}
			}
			r.gcols = append(r.gcols, g)
			req.group = append(req.group, i)
		}
	}
	switch o.Type {
	case "full", "standard", "value", "lower", "upper":
	default:
		return nil, flagError("type", "type must be one of value, lower, upper, standard or full")
	}
	switch o.Method {
	case "proportion", "rate":
		req.rowLines = true // also for a single group, computed row by row
	case "quantile", "funnel-points", "funnel-significance":
		req.keepLines = true
	}
	t, err := readCSV(data, req)
	if err != nil {
		return nil, err
	}
	r.t = t
	progress("parsed %d rows", t.rows)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.makeGroups()
	switch o.Method {
	case "proportion", "rate":
		return r.proportionOrRate()
	case "dsr":
		return r.dsr()
	case "isratio", "israte":
		return r.isr()
	case "mean":
		return r.mean()
	case "life-expectancy":
		return r.lifeExpectancy()
	case "quantile":
		return r.quantile()
	case "funnel-limits", "funnel-points", "funnel-significance":
		return r.funnel()
	case "sii":
		return r.sii()
	}
	return nil, fmt.Errorf("unknown method %q", o.Method)
}

// methodColumns lists the numeric and text column arguments a method needs.
func methodColumns(o *Options) (numeric, text []string, err error) {
	has := func(a string) bool { return o.Columns[a] != "" }
	require := func(args ...string) error {
		for _, a := range args {
			if !has(a) {
				return flagError(flagFor(a), fmt.Sprintf("%s needs --%s naming a column", o.Method, flagFor(a)))
			}
		}
		return nil
	}
	switch o.Method {
	case "proportion", "rate":
		err = require("x", "n")
		numeric = []string{"x", "n"}
	case "dsr":
		err = require("x", "n", "stdpop")
		numeric = []string{"x", "n"}
		if o.Columns["stdpop"] != "esp2013" {
			numeric = append(numeric, "stdpop")
		}
		if !o.IndependentEvents {
			if err == nil {
				err = require("eventfreq", "ageband")
			}
			numeric = append(numeric, "eventfreq")
		}
		if has("ageband") {
			text = append(text, "ageband")
		}
	case "isratio", "israte":
		err = require("x", "n", "x_ref", "n_ref")
		numeric = []string{"x", "n", "x_ref", "n_ref"}
	case "mean":
		err = require("x")
		numeric = []string{"x"}
	case "life-expectancy":
		err = require("deaths", "population", "startage")
		numeric = []string{"deaths", "population"}
		text = []string{"startage"}
	case "quantile":
		err = require("values")
		numeric = []string{"values"}
		switch strings.ToLower(o.Invert) {
		case "true", "false":
		default:
			o.Columns["invert"] = o.Invert
			text = append(text, "invert")
		}
	case "funnel-limits", "funnel-points", "funnel-significance":
		err = require("numerator")
		numeric = []string{"numerator"}
		for _, a := range []string{"denominator", "rate"} {
			if has(a) {
				numeric = append(numeric, a)
			}
		}
	case "sii":
		err = require("quantile", "population")
		numeric = []string{"quantile", "population"}
		for _, a := range []string{"x", "value", "se", "lower_cl", "upper_cl"} {
			if has(a) {
				numeric = append(numeric, a)
			}
		}
	}
	return numeric, text, err
}

// makeGroups builds the row order group by group from the groups found
// while parsing (numbered in order of first appearance).
func (r *statsRun) makeGroups() {
	n := r.t.rows
	r.gid = r.t.gid
	r.ngroups = len(r.t.groupKeys)
	if n == 0 {
		r.ngroups = 0
	}
	if len(r.gcols) == 0 && r.ngroups <= 1 {
		// One group of every row, in order: no need to read gid.
		r.first = make([]int, r.ngroups)
		r.offsets = make([]int, r.ngroups+1)
		if r.ngroups == 1 {
			r.offsets[1] = n
		}
		r.order = nil
		return
	}
	r.first = make([]int, r.ngroups)
	for i := range r.first {
		r.first[i] = -1
	}
	r.offsets = make([]int, r.ngroups+1)
	contiguous := true
	prev := int32(-1)
	for i, g := range r.gid {
		if r.first[g] < 0 {
			r.first[g] = i
		}
		r.offsets[g+1]++
		if g != prev && g != prev+1 {
			contiguous = false
		}
		prev = g
	}
	for g := 0; g < r.ngroups; g++ {
		r.offsets[g+1] += r.offsets[g]
	}
	if contiguous {
		r.order = nil // rows are already group by group: no reordering
		return
	}
	pos := append([]int(nil), r.offsets[:r.ngroups]...)
	r.order = make([]int, n)
	for i, g := range r.gid {
		r.order[pos[g]] = i
		pos[g]++
	}
}

// gather returns the column reordered group by group.
func (r *statsRun) gather(v []float64) []float64 {
	if r.order == nil {
		return v
	}
	out := make([]float64, len(v))
	for i, j := range r.order {
		out[i] = v[j]
	}
	return out
}

// groupCols adds the --group-by columns: the key fields of the group of
// each output row.
func (r *statsRun) groupCols(out *Table, rowOfOutput func(i int) int) {
	if len(r.gcols) == 0 {
		return
	}
	parts := make([][]string, len(r.t.groupKeys))
	for g, k := range r.t.groupKeys {
		parts[g] = strings.Split(k, "\x1f")
	}
	for k := range r.gcols {
		k := k
		out.add(r.gcols[k], func(b []byte, i int) []byte { return appendField(b, parts[r.gid[rowOfOutput(i)]][k]) })
	}
}

func bstr(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// levels parses --confidence with the method's rules.
func (r *statsRun) levels() (stats.Levels, error) {
	raw, err := parseConfidence(r.o.Confidence)
	if err != nil {
		return nil, err
	}
	var lv stats.Levels
	switch r.o.Method {
	case "proportion":
		lv, err = stats.ParseProportionLevels(raw)
	case "life-expectancy", "sii":
		lv, err = stats.ParseLevelsAny(raw)
	default:
		lv, err = stats.ParseLevels(raw)
	}
	if err != nil {
		return nil, r.inputErr(err, nil)
	}
	return lv, nil
}

func (r *statsRun) multiplier(def float64) (float64, error) {
	if r.o.Multiplier == "" {
		if math.IsNaN(def) {
			return 0, flagError("multiplier", "--multiplier is required for "+r.o.Method)
		}
		return def, nil
	}
	v, err := strconv.ParseFloat(r.o.Multiplier, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, flagError("multiplier", "multiplier must be numeric")
	}
	return v, nil
}

// addLimits adds value and limit columns honouring --type.
func (r *statsRun) addValueAndLimits(out *Table, lv stats.Levels, value []float64, lower, upper [][]float64) {
	typ := r.o.Type
	if typ != "lower" && typ != "upper" {
		out.addNums("value", value)
	}
	if typ == "value" || len(lv) == 0 {
		return
	}
	ln, un := lv.ColumnNames()
	for l := range lv {
		if typ != "upper" {
			out.addNums(ln[l], lower[l])
		}
		if typ != "lower" {
			out.addNums(un[l], upper[l])
		}
	}
}

// keepCounts says whether count columns (x, n, totals) are written.
func (r *statsRun) keepCounts() bool { return r.o.Type == "full" || r.o.Type == "standard" }

func (r *statsRun) full() bool { return r.o.Type == "full" }

// passThrough adds the input's own columns (raw text of each row).
func (r *statsRun) passThrough(out *Table) {
	out.cols = append(out.cols, outCol{name: string(r.t.headerRaw), raw: true, write: func(b []byte, i int) []byte { return append(b, r.t.line(i)...) }})
}

func (r *statsRun) proportionOrRate() (*Table, error) {
	isProp := r.o.Method == "proportion"
	x, n := r.num("x"), r.num("n")
	var err error
	if isProp {
		err = checkRowsInParallel(stats.CheckProportionInputs, x, n)
	} else {
		err = checkRowsInParallel(stats.CheckRateInputs, x, n)
	}
	if err != nil {
		return nil, r.inputErr(err, nil)
	}
	lv, err := r.levels()
	if err != nil {
		return nil, err
	}
	def := 100000.0
	if isProp {
		def = 1
	}
	mult, err := r.multiplier(def)
	if err != nil {
		return nil, err
	}
	out := &Table{}
	if len(r.gcols) == 0 || r.ngroups == 1 {
		// Like the package, aggregate only when there is more than one
		// group: a single group is computed row by row.
		return r.proportionOrRateRows(isProp, x, n, lv, mult), nil
	}
	// sum x and n per group (R's sum: NA if any is NA)
	sx := make([]float64, r.ngroups)
	sn := make([]float64, r.ngroups)
	for i, g := range r.gid {
		sx[g] += x[i]
		sn[g] += n[i]
	}
	x, n = sx, sn
	first := r.first
	r.groupCols(out, func(i int) int { return first[i] })
	// R drops only the statistics for value/lower/upper: x and n stay.
	out.addNums(r.column("x"), x)
	out.addNums(r.column("n"), n)
	out.rows = len(x)
	var b stats.Batch
	if isProp {
		stats.ProportionsInto(&b, x, n, lv, mult)
	} else {
		stats.RatesInto(&b, x, n, lv, mult)
	}
	r.addValueAndLimits(out, lv, b.Value, b.Lower, b.Upper)
	r.addRateMeta(out, isProp, lv, mult, func(i int) string { return b.Method[i] })
	return out, nil
}

func (r *statsRun) addRateMeta(out *Table, isProp bool, lv stats.Levels, mult float64, method func(i int) string) {
	if !r.full() {
		return
	}
	if len(lv) > 0 {
		out.addConst("confidence", lv.Label())
	}
	if isProp {
		out.addConst("statistic", stats.ProportionStatistic(mult))
	} else {
		out.addConst("statistic", stats.RateStatistic(mult))
	}
	if len(lv) > 0 || !isProp {
		out.add("method", func(b []byte, i int) []byte { return appendText(b, method(i)) })
	}
}

// proportionOrRateRows is the ungrouped case: one output row per input row,
// the input's text copied through and the statistics computed while the
// row is written (no intermediate columns).
func (r *statsRun) proportionOrRateRows(isProp bool, x, n []float64, lv stats.Levels, mult float64) *Table {
	// Lay out the header with the same column logic as the grouped case.
	probe := &Table{}
	r.passThrough(probe)
	nan := []float64{0}
	lim := make([][]float64, len(lv))
	for l := range lim {
		lim[l] = nan
	}
	r.addValueAndLimits(probe, lv, nan, lim, lim)
	r.addRateMeta(probe, isProp, lv, mult, func(int) string { return "" })
	var header []byte
	for k, c := range probe.cols {
		if k > 0 {
			header = append(header, ',')
		}
		if c.raw {
			header = append(header, c.name...)
		} else {
			header = appendField(header, c.name)
		}
	}
	var calc *stats.RowCalc
	if isProp {
		calc = stats.NewProportionCalc(lv, mult)
	} else {
		calc = stats.NewRateCalc(lv, mult)
	}
	typ := r.o.Type
	full := r.full()
	var conf, stat []byte
	if full {
		if len(lv) > 0 {
			conf = appendText(nil, lv.Label())
		}
		if isProp {
			stat = appendText(nil, stats.ProportionStatistic(mult))
		} else {
			stat = appendText(nil, stats.RateStatistic(mult))
		}
	}
	writeMethod := full && (len(lv) > 0 || !isProp)
	// With --type full the columns after the limits depend only on the
	// method, one of a few constants: build each ending once.
	ending := func(method string) []byte {
		var e []byte
		if conf != nil {
			e = append(append(e, ','), conf...)
		}
		e = append(append(e, ','), stat...)
		if writeMethod {
			e = appendText(append(e, ','), method)
		}
		return e
	}
	wilsonEnd, exactEnd, byarsEnd, noMethodEnd := ending(stats.MethodWilson), ending(stats.MethodExact), ending(stats.MethodByars), ending("")
	t := r.t
	levels := len(lv)
	// The value and limit columns --type keeps.
	withValue := typ != "lower" && typ != "upper"
	withLower := typ != "value" && typ != "upper" && levels > 0
	withUpper := typ != "value" && typ != "lower" && levels > 0
	twoLevels := levels > 1
	// writeMissing writes the cells of a proportion row with missing
	// inputs (NA) after its line.
	writeMissing := func(b []byte, v, l0, u0, l1, u1 float64) []byte {
		for _, c := range [...]struct {
			v    float64
			with bool
		}{{v, withValue}, {l0, withLower}, {u0, withUpper}, {l1, twoLevels && withLower}, {u1, twoLevels && withUpper}} {
			if c.with {
				b = appendNumber(append(b, ','), c.v)
			}
		}
		if full {
			b = append(b, wilsonEnd...)
		}
		return append(b, '\n')
	}
	// The ending, Row's method for every proportion (none without --type
	// full), is copied as a block of endBlock bytes when it fits in one.
	var end []byte
	if full {
		end = wilsonEnd
	}
	var endBlock [endBlockLen]byte
	shortEnd := len(end) <= endBlockLen
	copy(endBlock[:], end)
	// rowRoom is the room made for a row: its line's first lineBlockLen
	// bytes, five cells with their commas, written in windows of
	// numfmt.MaxLen bytes, the ending and the line end.
	rowRoom := lineBlockLen + 5*(1+numfmt.MaxLen) + max(len(end), endBlockLen) + 1
	write := func(b []byte, i int, line []byte) []byte {
		var lo, hi [2]float64
		lower, upper := lo[:len(lv)], hi[:len(lv)]
		v, method := calc.Row(x[i], n[i], lower, upper)
		b = append(b, line...)
		if typ != "lower" && typ != "upper" {
			b = append(b, ',')
			b = appendNumber(b, v)
		}
		if typ != "value" {
			for l := range lower {
				if typ != "upper" {
					b = append(b, ',')
					b = appendNumber(b, lower[l])
				}
				if typ != "lower" {
					b = append(b, ',')
					b = appendNumber(b, upper[l])
				}
			}
		}
		if full {
			switch method {
			case stats.MethodWilson:
				b = append(b, wilsonEnd...)
			case stats.MethodExact:
				b = append(b, exactEnd...)
			case stats.MethodByars:
				b = append(b, byarsEnd...)
			case "":
				b = append(b, noMethodEnd...)
			default:
				b = append(b, ending(method)...)
			}
		}
		return b
	}
	block := func(b []byte, lo, hi int) []byte {
		lines := t.linesFrom(lo)
		if !isProp {
			for i := lo; i < hi; i++ {
				b = append(write(b, i, lines.next()), '\n')
			}
			return b
		}
		// Proportions are computed a run of rows at a time, then written:
		// for each row, the room made once, then its line, the cells
		// --type keeps and the ending written into it.
		var value, lo0, up0, lo1, up1 [propRun]float64
		lower, upper := [][]float64{lo0[:], lo1[:]}, [][]float64{up0[:], up1[:]}
		for s := lo; s < hi; s += propRun {
			e := min(s+propRun, hi)
			calc.ProportionRows(x[s:e], n[s:e], value[:], lower, upper)
			// The run's rows, sliced to one length: no bounds checks below.
			v := value[:e-s]
			l0, u0, l1, u1 := lo0[:len(v)], up0[:len(v)], lo1[:len(v)], up1[:len(v)]
			for k := range v {
				if cap(b)-len(b) < rowRoom {
					b = slices.Grow(b, rowRoom)
				}
				n := len(b)
				out := b[:cap(b)]
				if w, ok := lines.copyNext((*[lineBlockLen]byte)(out[n:])); ok {
					n += w
				} else {
					b = append(b, lines.next()...)
					b = slices.Grow(b, rowRoom)
					n, out = len(b), b[:cap(b)]
				}
				if !allFinite(v[k], l0[k], u0[k], l1[k], u1[k]) {
					b = writeMissing(out[:n], v[k], l0[k], u0[k], l1[k], u1[k])
					continue
				}
				if withValue {
					out[n] = ','
					n = putNumber(out, n+1, v[k])
				}
				if withLower {
					out[n] = ','
					n = putNumber(out, n+1, l0[k])
				}
				if withUpper {
					out[n] = ','
					n = putNumber(out, n+1, u0[k])
				}
				if twoLevels && withLower {
					out[n] = ','
					n = putNumber(out, n+1, l1[k])
				}
				if twoLevels && withUpper {
					out[n] = ','
					n = putNumber(out, n+1, u1[k])
				}
				if shortEnd {
					putBlock((*[endBlockLen]byte)(out[n:n+endBlockLen]), &endBlock)
					n += len(end)
				} else {
					n += copy(out[n:], end)
				}
				out[n] = '\n'
				b = out[:n+1]
			}
		}
		return b
	}
	return &Table{rows: len(x), cols: []outCol{{name: string(header), raw: true}}, block: block}
}

// putNumber writes the finite v, as appendNumber does, at out[n:], which
// must have room for numfmt.MaxLen bytes, and returns the end. Small
// enough to be inlined: the row writer calls numfmt directly.
func putNumber(out []byte, n int, v float64) int {
	// v+0 turns -0 into 0, as in appendNumber
	return n + numfmt.Put((*[numfmt.MaxLen]byte)(out[n:n+numfmt.MaxLen]), v+0)
}

// allFinite tells whether none of the values is NA, NaN or infinite:
// v - v is 0 for a finite v, NaN otherwise (one comparison, no branch
// per value).
func allFinite(a, b, c, d, e float64) bool {
	return (a-a)+(b-b)+(c-c)+(d-d)+(e-e) == 0
}

// endBlockLen is the size of the block in which the row writer copies a
// constant ending.
const endBlockLen = 40

// putBlock copies src to dst eight bytes at a time, unrolled (an array
// assignment calls memmove). Small enough to be inlined.
func putBlock(dst, src *[endBlockLen]byte) {
	le := binary.LittleEndian
	w0, w1, w2, w3, w4 := le.Uint64(src[0:]), le.Uint64(src[8:]), le.Uint64(src[16:]), le.Uint64(src[24:]), le.Uint64(src[32:])
	le.PutUint64(dst[0:], w0)
	le.PutUint64(dst[8:], w1)
	le.PutUint64(dst[16:], w2)
	le.PutUint64(dst[24:], w3)
	le.PutUint64(dst[32:], w4)
}

// propRun is the rows of proportions computed at a time before they are
// written: a few kilobytes of results that stay in the first-level cache.
const propRun = 256

// naturalLess orders age bands: by their first number when both have one,
// otherwise as text.
func naturalLess(a, b []byte) bool {
	na, oka := leadingNumber(a)
	nb, okb := leadingNumber(b)
	if oka && okb && na != nb {
		return na < nb
	}
	return bytes.Compare(a, b) < 0
}

// leadingNumber is the first run of digits in s (R's sub("\\D*(\\d+).*")).
func leadingNumber(s []byte) (float64, bool) {
	i := 0
	for i < len(s) && (s[i] < '0' || s[i] > '9') {
		i++
	}
	if i == len(s) {
		return 0, false
	}
	v := 0.0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		v = v*10 + float64(s[i]-'0')
		i++
	}
	return v, true
}

func (r *statsRun) dsr() (*Table, error) {
	x, n := r.num("x"), r.num("n")
	esp := r.column("stdpop") == "esp2013"
	rows := r.t.rows
	var w []float64
	if !esp {
		w = r.num("stdpop")
	} else {
		w = make([]float64, rows)
		if err := r.assignESP(w); err != nil {
			return nil, err
		}
	}
	if err := stats.CheckDSRInputs(x, n, w); err != nil {
		return nil, r.inputErr(err, nil)
	}
	lv, err := r.levels()
	if err != nil {
		return nil, err
	}
	mult, err := r.multiplier(100000)
	if err != nil {
		return nil, err
	}
	if err := stats.CheckMultiplier(mult); err != nil {
		return nil, r.inputErr(err, nil)
	}
	var b *stats.DSRBatch
	if r.o.IndependentEvents {
		b = stats.DSRGroups(r.gather(x), r.gather(n), r.gather(w), r.offsets, lv, mult)
	} else {
		f := r.num("eventfreq")
		ft := make([]stats.DSRFreqRow, rows)
		ab := r.txtOf["ageband"]
		for i := 0; i < rows; i++ {
			j := i
			if r.order != nil {
				j = r.order[i]
			}
			if math.IsNaN(f[j]) {
				return nil, &csvError{row: j + 1, column: r.column("eventfreq"), msg: "eventfreq field must not have any missing values"}
			}
			ft[i] = stats.DSRFreqRow{AgeBand: string(r.t.text(ab, j)), EventFreq: f[j], X: x[j], N: n[j], StdPop: w[j]}
		}
		b, err = stats.DSRNonIndependentGroups(ft, r.offsets, lv, mult)
		if err != nil {
			return nil, r.inputErr(err, r.order)
		}
	}
	out := &Table{rows: r.ngroups}
	r.groupCols(out, func(i int) int { return r.first[i] })
	if r.keepCounts() {
		out.addNums("total_count", b.TotalCount)
		out.addNums("total_pop", b.TotalPop)
	}
	r.addValueAndLimits(out, lv, b.Value, b.Lower, b.Upper)
	if r.full() {
		out.addConst("confidence", lv.Label())
		out.addTexts("statistic", b.Statistic)
		out.addTexts("method", b.Method)
	}
	return out, nil
}

// assignESP gives each row its ESP2013 weight: within each group the rows
// (or, for non-independent events, the distinct age bands) in ascending
// --ageband order take the 19 standard populations in turn.
func (r *statsRun) assignESP(w []float64) error {
	ab, hasAB := r.txtOf["ageband"]
	var bands [][]byte
	rows := make([]int, 0, 19)
	for g := 0; g < r.ngroups; g++ {
		rows = rows[:0]
		for k := r.offsets[g]; k < r.offsets[g+1]; k++ {
			if r.order != nil {
				rows = append(rows, r.order[k])
			} else {
				rows = append(rows, k)
			}
		}
		if !hasAB {
			if len(rows) != 19 {
				return &csvError{row: rows[0] + 1, msg: fmt.Sprintf("--stdpop esp2013 needs 19 age bands per group; this group has %d rows", len(rows))}
			}
			for k, i := range rows {
				w[i] = stats.ESP2013[k]
			}
			continue
		}
		bands = bands[:0]
		for _, i := range rows {
			b := r.t.text(ab, i)
			dup := false
			for _, x := range bands {
				if bytes.Equal(x, b) {
					dup = true
					break
				}
			}
			if !dup {
				bands = append(bands, b)
			}
		}
		if len(bands) != 19 {
			return &csvError{row: rows[0] + 1, column: r.column("ageband"), msg: fmt.Sprintf("--stdpop esp2013 needs 19 age bands per group; this group has %d", len(bands))}
		}
		sorted := true
		for k := 1; k < len(bands); k++ {
			if naturalLess(bands[k], bands[k-1]) {
				sorted = false
				break
			}
		}
		if !sorted {
			sort.SliceStable(bands, func(i, j int) bool { return naturalLess(bands[i], bands[j]) })
		}
		if sorted && len(rows) == 19 {
			// one row per band, already in order: the common case
			for k, i := range rows {
				w[i] = stats.ESP2013[k]
			}
			continue
		}
		for _, i := range rows {
			b := r.t.text(ab, i)
			for k, x := range bands {
				if bytes.Equal(x, b) {
					w[i] = stats.ESP2013[k]
					break
				}
			}
		}
	}
	return nil
}

func (r *statsRun) isr() (*Table, error) {
	rate := r.o.Method == "israte"
	x, n, xr, nr := r.num("x"), r.num("n"), r.num("x_ref"), r.num("n_ref")
	// every group must have the same number of rows
	for g := 1; g < r.ngroups; g++ {
		if r.offsets[g+1]-r.offsets[g] != r.offsets[1]-r.offsets[0] {
			return nil, &csvError{row: r.first[g] + 1, msg: "data must contain the same number of rows for each group"}
		}
	}
	if err := stats.CheckISRInputs(x, n); err != nil {
		return nil, r.inputErr(err, nil)
	}
	lv, err := r.levels()
	if err != nil {
		return nil, err
	}
	scale := r.o.RefValue
	if rate {
		if scale, err = r.multiplier(100000); err != nil {
			return nil, err
		}
	}
	b := stats.ISRGroups(r.gather(x), r.gather(n), r.gather(xr), r.gather(nr), r.offsets, lv, rate, scale)
	out := &Table{rows: r.ngroups}
	r.groupCols(out, func(i int) int { return r.first[i] })
	if r.keepCounts() {
		out.addNums("observed", b.Observed)
		out.addNums("expected", b.Expected)
		if rate {
			out.addNums("ref_rate", b.RefRate)
		}
	}
	r.addValueAndLimits(out, lv, b.Value, b.Lower, b.Upper)
	if r.full() {
		out.addConst("confidence", lv.Label())
		out.addConst("statistic", b.Statistic)
		out.addTexts("method", b.Method)
	}
	return out, nil
}

func (r *statsRun) mean() (*Table, error) {
	lv, err := r.levels()
	if err != nil {
		return nil, err
	}
	b := stats.MeanGroups(r.gather(r.num("x")), r.offsets, lv)
	out := &Table{rows: r.ngroups}
	r.groupCols(out, func(i int) int { return r.first[i] })
	if r.keepCounts() {
		out.addNums("value_sum", b.ValueSum)
		out.addNums("value_count", b.ValueCount)
		out.addNums("stdev", b.StDev)
	}
	r.addValueAndLimits(out, lv, b.Value, b.Lower, b.Upper)
	if r.full() {
		out.addConst("confidence", lv.Label())
		out.addConst("statistic", stats.MeanStatistic)
		out.addTexts("method", b.Method)
	}
	return out, nil
}

func (r *statsRun) lifeExpectancy() (*Table, error) {
	lv, err := r.levels()
	if err != nil {
		return nil, err
	}
	leAges, err := parseLEAges(r.o.LEAge)
	if err != nil {
		return nil, err
	}
	d, p := r.num("deaths"), r.num("population")
	st := r.txtOf["startage"]
	rows := r.t.rows
	bands := make([]stats.LifeBand, rows)
	seen := map[float64]bool{}
	for k := 0; k < rows; k++ {
		i := k
		if r.order != nil {
			i = r.order[k]
		}
		age, ok := leadingNumber(r.t.text(st, i))
		if !ok {
			return nil, &csvError{row: i + 1, column: r.column("startage"), msg: "the contents in the startage field do not match the contents of the age_contents vector"}
		}
		seen[age] = true
		bands[k] = stats.LifeBand{StartAge: age, Deaths: d[i], Population: p[i]}
	}
	if len(seen) != len(stats.DefaultAgeContents) {
		return nil, &csvError{column: r.column("startage"), msg: "the contents in the startage field do not match the contents of the age_contents vector"}
	}
	for _, a := range stats.DefaultAgeContents {
		if !seen[a] {
			return nil, &csvError{column: r.column("startage"), msg: "the contents in the startage field do not match the contents of the age_contents vector"}
		}
	}
	b := stats.LifeExpectancyGroups(bands, r.offsets, lv)
	// output row i is gathered position b.Order[i]; map to the input row
	inRow := make([]int, 0, rows)
	for _, k := range b.Order {
		if r.order != nil {
			inRow = append(inRow, r.order[k])
		} else {
			inRow = append(inRow, k)
		}
	}
	var leWarning string
	if leAges != nil {
		inRow, leWarning = r.keepLEAges(b, inRow, st, leAges)
	}
	out := &Table{rows: len(inRow)}
	for _, k := range r.keep {
		k := k
		out.add(k.name, func(buf []byte, i int) []byte { return appendField(buf, bstr(r.t.text(k.slot, inRow[i]))) })
	}
	// Like phe_life_expectancy: value and limits whatever the type (any
	// type but full is standard), every lower limit before the upper ones.
	out.addNums("value", b.Value)
	ln, un := lv.ColumnNames()
	for l := range lv {
		out.addNums(ln[l], b.Lower[l])
	}
	for l := range lv {
		out.addNums(un[l], b.Upper[l])
	}
	if r.full() {
		out.addNums("pops_used", b.PopsUsed)
		out.addNums("dths_used", b.DthsUsed)
		out.addConst("confidence", lv.Label())
		out.add("statistic", func(buf []byte, i int) []byte {
			return appendField(buf, stats.LifeStatistic(bstr(r.t.text(st, inRow[i]))))
		})
		out.addConst("method", stats.MethodChiang)
	}
	seenWarn := map[string]bool{}
	for _, w := range append(b.Warnings, leWarning) {
		if w != "" && !seenWarn[w] {
			seenWarn[w] = true
			out.warnings = append(out.warnings, w)
		}
	}
	return out, nil
}

// parseLEAges reads --le-age: nil for all, else the start ages asked for.
func parseLEAges(flag string) ([]float64, error) {
	if strings.TrimSpace(flag) == "all" {
		return nil, nil
	}
	var ages []float64
	for _, f := range strings.Split(flag, ",") {
		a, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || math.IsNaN(a) || math.IsInf(a, 0) {
			return nil, flagError("le-age", fmt.Sprintf("le-age must be all or start ages separated by commas, e.g. 0,65; %q is not a number", strings.TrimSpace(f)))
		}
		ages = append(ages, a)
	}
	return ages, nil
}

// keepLEAges keeps the output rows whose start age is one of ages, as
// phe_life_expectancy's le_age does: R compares the startage cell itself
// (numerically when the column holds numbers, as text otherwise, so a band
// written "5-9" matches no age), and when none of ages is a standard start
// age it keeps every row and warns.
func (r *statsRun) keepLEAges(b *stats.LifeBatch, inRow []int, st int, ages []float64) ([]int, string) {
	standard := false
	for _, a := range ages {
		for _, c := range stats.DefaultAgeContents {
			standard = standard || a == c
		}
	}
	if !standard {
		return inRow, stats.WarnLEAgeNotInAgeContents
	}
	var keep []int
	for i, row := range inRow {
		cell := strings.TrimSpace(bstr(r.t.text(st, row)))
		v, err := strconv.ParseFloat(cell, 64)
		for _, a := range ages {
			if (err == nil && v == a) || (err != nil && cell == stats.AsCharacterR(a)) {
				keep = append(keep, i)
				break
			}
		}
	}
	b.Keep(keep)
	kept := make([]int, len(keep))
	for j, i := range keep {
		kept[j] = inRow[i]
	}
	return kept, ""
}

func parseLogical(b []byte) (bool, bool) {
	switch string(b) {
	case "TRUE", "True", "true", "T", "1":
		return true, true
	case "FALSE", "False", "false", "F", "0":
		return false, true
	}
	return false, false
}

func (r *statsRun) quantile() (*Table, error) {
	if r.o.NQuantiles < 1 {
		return nil, flagError("nquantiles", "nquantiles must be a positive whole number")
	}
	inv := make([]bool, r.ngroups)
	fixed := strings.ToLower(r.o.Invert)
	if fixed == "true" || fixed == "false" {
		for g := range inv {
			inv[g] = fixed == "true"
		}
	} else {
		slot := r.txtOf["invert"]
		group := make([]int, r.t.rows)
		vals := make([]bool, r.t.rows)
		for i := 0; i < r.t.rows; i++ {
			v, ok := parseLogical(r.t.text(slot, i))
			if !ok {
				return nil, &csvError{row: i + 1, column: r.o.Invert, msg: "invert field values must be TRUE or FALSE"}
			}
			group[i], vals[i] = int(r.gid[i]), v
		}
		if err := stats.CheckInvertConsistent(group, vals); err != nil {
			return nil, r.inputErr(err, nil)
		}
		for g := range inv {
			inv[g] = vals[r.first[g]]
		}
	}
	qg, tooFew := stats.QuantileGroups(r.gather(r.num("values")), r.offsets, r.o.NQuantiles, inv)
	q := qg
	if r.order != nil {
		q = make([]float64, len(qg))
		for k, i := range r.order {
			q[i] = qg[k]
		}
	}
	out := &Table{rows: r.t.rows}
	r.passThrough(out)
	out.addNums("quantile", q)
	if r.full() {
		out.addConst("nquantiles", strconv.Itoa(r.o.NQuantiles))
		gv := appendField(nil, strings.Join(r.gcols, ", "))
		out.add("groupvars", func(b []byte, _ int) []byte { return append(b, gv...) })
		out.add("qinverted", func(b []byte, i int) []byte {
			if inv[r.gid[i]] {
				return append(b, stats.QuantileInverted...)
			}
			return append(b, stats.QuantileNotInverted...)
		})
	}
	if tooFew {
		out.warnings = append(out.warnings, stats.WarnQuantileTooFew)
	}
	return out, nil
}

func (r *statsRun) funnel() (*Table, error) {
	num := r.num("numerator")
	var den, rate []float64
	if r.has("denominator") {
		den = r.num("denominator")
	}
	if r.has("rate") {
		rate = r.num("rate")
	}
	mult, err := r.multiplier(math.NaN())
	if r.o.Method == "funnel-significance" && (r.o.Statistic == "proportion" || r.o.Statistic == "ratio") {
		mult, err = 1, nil
	}
	if err != nil {
		return nil, err
	}
	needCol := func(arg string) error {
		if !r.has(arg) {
			return flagError(flagFor(arg), fmt.Sprintf("%s needs --%s naming a column", r.o.Method, flagFor(arg)))
		}
		return nil
	}
	switch r.o.Method {
	case "funnel-points":
		if err := needCol("rate"); err != nil {
			return nil, err
		}
		if !(r.o.YearsOfData > 0) {
			return nil, flagError("years-of-data", "the following arguments are required for rates: data, numerator, rate, rate_type, years_of_data, multiplier")
		}
		chart, derived, err := stats.FunnelPoints(num, rate, den, r.o.RateType, r.o.YearsOfData, mult)
		if err != nil {
			return nil, r.inputErr(err, nil)
		}
		out := &Table{rows: r.t.rows}
		r.passThrough(out)
		out.addNums(r.column("rate")+"_chart", chart)
		out.addNums("denominator_derived", derived)
		return out, nil
	case "funnel-significance":
		var sig []string
		switch r.o.Statistic {
		case stats.FunnelProportion:
			if err := needCol("denominator"); err != nil {
				return nil, err
			}
			sig, err = stats.FunnelSignificanceProportion(num, den)
		case stats.FunnelRatio:
			if err := needCol("denominator"); err != nil {
				return nil, err
			}
			sig, err = stats.FunnelSignificanceRatio(num, den)
		case stats.FunnelRate:
			if err := needCol("rate"); err != nil {
				return nil, err
			}
			sig, err = stats.FunnelSignificanceRate(num, rate, den, r.o.RateType, mult)
		default:
			return nil, flagError("statistic", "statistic must be provided as proportion, rate or ratio")
		}
		if err != nil {
			return nil, r.inputErr(err, nil)
		}
		out := &Table{rows: r.t.rows}
		r.passThrough(out)
		out.addTexts("significance", sig)
		return out, nil
	}
	// funnel-limits
	switch r.o.Statistic {
	case stats.FunnelProportion, stats.FunnelRatio:
		if err := needCol("denominator"); err != nil {
			return nil, err
		}
	case stats.FunnelRate:
		if err := needCol("rate"); err != nil {
			return nil, err
		}
	}
	if r.o.Type != "full" && r.o.Type != "standard" {
		return nil, flagError("type", "funnel-limits: type must be full or standard")
	}
	years := r.o.YearsOfData
	if !(years > 0) {
		years = math.NaN() // not given
	}
	tab, err := stats.FunnelLimits(num, den, rate, stats.FunnelLimitsOptions{
		Statistic: r.o.Statistic, Multiplier: mult, RatioType: r.o.RatioType, RateType: r.o.RateType, YearsOfData: years,
	})
	if err != nil {
		return nil, r.inputErr(err, nil)
	}
	out := &Table{rows: 100}
	for k, name := range tab.Names {
		out.addNums(name, tab.Columns[k])
	}
	if r.full() {
		out.addConst("statistic", tab.Statistic)
		out.addConst("method", tab.Method)
	}
	return out, nil
}

func (r *statsRun) sii() (*Table, error) {
	lv, err := r.levels()
	if err != nil {
		return nil, err
	}
	mult, err := r.multiplier(1)
	if err != nil {
		return nil, err
	}
	if !r.has("value") && !r.has("x") {
		return nil, flagError("value", "function phe_sii requires value field, or x field if indicator is a proportion of population")
	}
	haveSE := r.has("se")
	haveCL := r.has("lower_cl") && r.has("upper_cl")
	opts := stats.SIIOptions{ValueType: r.o.ValueType, Transform: r.o.Transform, Multiplier: mult, Repetitions: r.o.Repetitions, Levels: lv, Seed: int32(r.o.Seed)}
	if err := stats.CheckSIIOptions(opts, haveSE, haveCL); err != nil {
		return nil, r.inputErr(err, nil)
	}
	get := func(arg string, i int) float64 {
		if !r.has(arg) {
			return stats.NA()
		}
		return r.num(arg)[i]
	}
	quants := r.num("quantile")
	distinct := map[float64]bool{}
	for _, q := range quants {
		distinct[q] = true
	}
	if len(distinct) < 5 || len(distinct) > 100 {
		return nil, &csvError{column: r.column("quantile"), msg: "Number of quantiles must be between 5 and 100"}
	}
	var kept []int // groups with every quantile
	var groupRows [][]stats.SIIQuantile
	var groupIn [][]int
	removed := false
	for g := 0; g < r.ngroups; g++ {
		var rows []stats.SIIQuantile
		var inRows []int
		for k := r.offsets[g]; k < r.offsets[g+1]; k++ {
			i := k
			if r.order != nil {
				i = r.order[k]
			}
			inRows = append(inRows, i)
			rows = append(rows, stats.SIIQuantile{Quantile: quants[i], Population: get("population", i), X: get("x", i), Value: get("value", i), LowerCL: get("lower_cl", i), UpperCL: get("upper_cl", i), SE: get("se", i)})
		}
		seen := map[float64]bool{}
		for _, q := range rows {
			seen[q.Quantile] = true
		}
		if len(seen) != len(distinct) || len(rows) != len(distinct) {
			// Like the package: groups without every quantile are dropped.
			removed = true
			continue
		}
		kept = append(kept, g)
		groupRows = append(groupRows, rows)
		groupIn = append(groupIn, inRows)
	}
	// The package simulates the groups in sorted order from one random
	// stream (set.seed once): do the same so that --seed gives R's limits.
	simOrder := make([]int, len(kept))
	for k := range simOrder {
		simOrder[k] = k
	}
	sort.SliceStable(simOrder, func(a, b int) bool {
		return groupKeyLess(r.t.groupKeys[kept[simOrder[a]]], r.t.groupKeys[kept[simOrder[b]]])
	})
	opts.Random = stats.NewRRandom(int32(r.o.Seed))
	res := make([]stats.SIIResult, len(kept))
	for _, k := range simOrder {
		sr, err := stats.SII(groupRows[k], opts, haveSE)
		if err != nil {
			return nil, r.inputErr(err, groupIn[k])
		}
		res[k] = sr
	}
	col := func(f func(s *stats.SIIResult) float64) []float64 {
		v := make([]float64, len(res))
		for g := range res {
			v[g] = f(&res[g])
		}
		return v
	}
	out := &Table{rows: len(res)}
	if removed {
		out.warnings = append(out.warnings, "WARNING: some records have been removed due to incomplete or invalid data")
	}
	r.groupCols(out, func(i int) int { return r.first[kept[i]] })
	out.addNums("sii", col(func(s *stats.SIIResult) float64 { return s.SII }))
	if r.o.RII {
		out.addNums("rii", col(func(s *stats.SIIResult) float64 { return s.RII }))
	}
	sl, su := stats.SIILimitNames("sii", lv)
	rl, ru := stats.SIILimitNames("rii", lv)
	addSII := func(l int) {
		out.addNums(sl[l], col(func(s *stats.SIIResult) float64 { return s.SIILower[l] }))
		out.addNums(su[l], col(func(s *stats.SIIResult) float64 { return s.SIIUpper[l] }))
	}
	addRII := func(l int) {
		out.addNums(rl[l], col(func(s *stats.SIIResult) float64 { return s.RIILower[l] }))
		out.addNums(ru[l], col(func(s *stats.SIIResult) float64 { return s.RIIUpper[l] }))
	}
	if r.o.Transform {
		// The package's back-transformed limits are named without the "cl"
		// suffix (sii_lower95_0) and come level by level, SII then RII.
		for _, names := range [][]string{sl, su, rl, ru} {
			for l := range names {
				names[l] = strings.TrimSuffix(names[l], "cl")
			}
		}
		for l := range lv {
			addSII(l)
			if r.o.RII {
				addRII(l)
			}
		}
	} else {
		for l := range lv {
			addSII(l)
		}
		if r.o.RII {
			for l := range lv {
				addRII(l)
			}
		}
	}
	if r.o.Intercept {
		out.addNums("intercept", col(func(s *stats.SIIResult) float64 { return s.Intercept }))
	}
	if r.full() {
		out.addConst("indicator_type", []string{"normal", "rate", "proportion"}[r.o.ValueType])
		out.addConst("multiplier", string(appendNumber(nil, mult)))
		tr := "none"
		if r.o.Transform {
			tr = []string{"none", "log", "logit"}[r.o.ValueType]
		}
		out.addConst("transform", tr)
		out.addConst("CI_confidence", lv.Label())
		out.addConst("CI_method", "simulation "+stats.AsCharacterR(float64(r.o.Repetitions))+" reps") // R pastes 100000 as 1e+05
	}
	return out, nil
}

// groupKeyLess orders group keys as R's group_by does: field by field,
// numerically when both fields are numbers, otherwise by bytes (C locale).
func groupKeyLess(a, b string) bool {
	fa, fb := strings.Split(a, "\x1f"), strings.Split(b, "\x1f")
	for i := 0; i < len(fa) && i < len(fb); i++ {
		if fa[i] == fb[i] {
			continue
		}
		na, errA := strconv.ParseFloat(fa[i], 64)
		nb, errB := strconv.ParseFloat(fb[i], 64)
		if errA == nil && errB == nil && na != nb {
			return na < nb
		}
		return fa[i] < fb[i]
	}
	return len(fa) < len(fb)
}
