package batch

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"strconv"
	"sync"
	"unsafe"

	"github.com/placeboard/placeboard/internal/stats"
	"github.com/placeboard/placeboard/internal/stats/batch/numfmt"
)

// csvTable is a parsed CSV file held in memory. Only the columns a method
// asks for are extracted: numeric columns as float64, text columns as byte
// ranges. Each record also keeps the byte range of its raw text so that
// methods that add columns to every row can copy the input through
// untouched.
type csvTable struct {
	header    []string
	headerRaw []byte
	rows      int
	lines     []span      // raw text of each record, without the line end
	nums      [][]float64 // per requested numeric column
	texts     [][]span    // per requested text column (unquoted)
	data      []byte      // input, plus unescaped copies of quoted fields
	gid       []int32     // --group-by group of each row
	groupKeys []string    // group keys in order of first appearance (fields joined by 0x1f)

	// Instead of lines, for input without quotes or CRs read row by row
	// (columnRequest.rowLines): where every lineMarkRows-th row of each
	// chunk starts, and the first row of each chunk.
	lineMarks [][]int32
	markBase  []int
}

// lineMarkRows is the spacing of csvTable.lineMarks.
const lineMarkRows = 64

// span is a byte range of csvTable.data (int32 keeps tables small; inputs
// are limited to 2 GiB).
type span struct{ start, end int32 }

func (t *csvTable) text(col, row int) []byte {
	s := t.texts[col][row]
	return t.data[s.start:s.end]
}

func (t *csvTable) line(row int) []byte {
	if t.lines == nil {
		c := t.linesFrom(row)
		return c.next()
	}
	s := t.lines[row]
	return t.data[s.start:s.end]
}

// lineCursor reads the raw text of rows in order.
type lineCursor struct {
	t   *csvTable
	row int
	pos int // with lineMarks: where the next row (or a blank line before it) starts
}

// linesFrom returns a cursor at row.
func (t *csvTable) linesFrom(row int) lineCursor {
	c := lineCursor{t: t, row: row, pos: len(t.data)}
	if t.lines != nil || row >= t.rows {
		return c
	}
	k := len(t.markBase) - 1
	for k > 0 && t.markBase[k] > row {
		k--
	}
	local := row - t.markBase[k]
	c.pos = int(t.lineMarks[k][local/lineMarkRows])
	for skip := local % lineMarkRows; skip > 0; skip-- {
		c.next()
	}
	c.row = row
	return c
}

// next returns the text of the cursor's row, without its line end, and
// moves to the following row.
func (c *lineCursor) next() []byte {
	if c.t.lines != nil {
		s := c.t.lines[c.row]
		c.row++
		return c.t.data[s.start:s.end]
	}
	data := c.t.data
	p := c.pos
	for data[p] == '\n' { // blank lines
		p++
	}
	e := len(data)
	if k := bytes.IndexByte(data[p:], '\n'); k >= 0 {
		e = p + k
	}
	c.pos = e + 1
	c.row++
	return data[p:e]
}

// lineBlockLen is the most input copyNext copies.
const lineBlockLen = 32

// copyNext copies the cursor's row, as next returns it, to the start of
// dst and moves to the following row, when the row was read row by row
// and is shorter than dst, with dst's length of input left from its
// start: it copies the whole block and finds the line end in it (dst's
// bytes after the row are then undefined). Otherwise it reports false and
// leaves the cursor alone.
func (c *lineCursor) copyNext(dst *[lineBlockLen]byte) (int, bool) {
	if c.t.lines != nil {
		return 0, false
	}
	data := c.t.data
	p := c.pos
	for p < len(data) && data[p] == '\n' { // blank lines
		p++
	}
	if len(data)-p < lineBlockLen {
		return 0, false
	}
	// The whole block, unrolled: constant offsets need no bounds checks.
	le := binary.LittleEndian
	src := (*[lineBlockLen]byte)(data[p : p+lineBlockLen])
	w0, w1, w2, w3 := le.Uint64(src[0:]), le.Uint64(src[8:]), le.Uint64(src[16:]), le.Uint64(src[24:])
	le.PutUint64(dst[0:], w0)
	le.PutUint64(dst[8:], w1)
	le.PutUint64(dst[16:], w2)
	le.PutUint64(dst[24:], w3)
	var k int
	switch nl := '\n' * uint64(bytesOf01); {
	case zeroBytes(w0^nl) != 0:
		k = bits.TrailingZeros64(zeroBytes(w0^nl)) / 8
	case zeroBytes(w1^nl) != 0:
		k = 8 + bits.TrailingZeros64(zeroBytes(w1^nl))/8
	case zeroBytes(w2^nl) != 0:
		k = 16 + bits.TrailingZeros64(zeroBytes(w2^nl))/8
	case zeroBytes(w3^nl) != 0:
		k = 24 + bits.TrailingZeros64(zeroBytes(w3^nl))/8
	default:
		return 0, false
	}
	c.pos = p + k + 1
	c.row++
	return k, true
}

// csvError is a problem found while reading: a row (1-based data row) and
// a column.
type csvError struct {
	row    int
	column string
	msg    string
}

func (e *csvError) Error() string {
	if e.row > 0 {
		if e.column != "" {
			return fmt.Sprintf("row %d, column %q: %s", e.row, e.column, e.msg)
		}
		return fmt.Sprintf("row %d: %s", e.row, e.msg)
	}
	if e.column != "" {
		return fmt.Sprintf("column %q: %s", e.column, e.msg)
	}
	return e.msg
}

// parseHeader reads the header record and returns where the body starts.
func parseHeader(data []byte) (names []string, raw []byte, body int, err error) {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data = data[3:]
		body = 3
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, 0, &csvError{msg: "the input is empty: a header row is required"}
	}
	var fields [][]byte
	var extra []byte
	end, next, ferr := scanRecord(data, 0, func(f []byte, quoted bool) {
		fields = append(fields, append([]byte(nil), f...))
	}, &extra)
	if ferr != "" {
		return nil, nil, 0, &csvError{row: 0, msg: "header: " + ferr}
	}
	raw = data[:end]
	seen := map[string]bool{}
	for _, f := range fields {
		name := string(f)
		if seen[name] {
			return nil, nil, 0, &csvError{column: name, msg: "the header names this column twice"}
		}
		seen[name] = true
		names = append(names, name)
	}
	return names, raw, body + next, nil
}

// scanRecord reads one record starting at pos. It calls field for each
// field (quoted fields are unescaped into *extra when they contain "").
// It returns the end of the record text (before the line end), the start of
// the next record, and a message for malformed input.
func scanRecord(data []byte, pos int, field func(f []byte, quoted bool), extra *[]byte) (end, next int, errMsg string) {
	i := pos
	n := len(data)
	for {
		if i < n && data[i] == '"' {
			// quoted field
			j := i + 1
			hasEsc := false
			for {
				k := bytes.IndexByte(data[j:], '"')
				if k < 0 {
					return n, n, "a quoted field is not closed"
				}
				j += k
				if j+1 < n && data[j+1] == '"' {
					hasEsc = true
					j += 2
					continue
				}
				break
			}
			f := data[i+1 : j]
			if hasEsc {
				start := len(*extra)
				for p := 0; p < len(f); p++ {
					*extra = append(*extra, f[p])
					if f[p] == '"' {
						p++
					}
				}
				f = (*extra)[start:]
			}
			field(f, true)
			i = j + 1
			if i >= n {
				return n, n, ""
			}
			switch data[i] {
			case ',':
				i++
				continue
			case '\n':
				return i, i + 1, ""
			case '\r':
				if i+1 < n && data[i+1] == '\n' {
					return i, i + 2, ""
				}
				return i, i + 1, ""
			default:
				return i, i, "unexpected text after a closing quote"
			}
		}
		j := i
		for j < n && data[j] != ',' && data[j] != '\n' && data[j] != '\r' {
			j++
		}
		field(data[i:j], false)
		if j >= n {
			return n, n, ""
		}
		switch data[j] {
		case ',':
			i = j + 1
			if i >= n {
				field(nil, false)
				return n, n, ""
			}
			continue
		case '\n':
			return j, j + 1, ""
		default: // '\r'
			if j+1 < n && data[j+1] == '\n' {
				return j, j + 2, ""
			}
			return j, j + 1, ""
		}
	}
}

// columnRequest says which columns to extract and how.
type columnRequest struct {
	numeric   []int // header indexes parsed as numbers
	text      []int // header indexes kept as text
	group     []int // header indexes that form the --group-by key
	keepLines bool  // keep each record's raw text (methods that add columns)
	// rowLines keeps each record's raw text for reading in row order
	// (csvTable.linesFrom): for input without quotes or CRs only where
	// every lineMarkRows-th row starts, otherwise as keepLines.
	rowLines bool

	lineMarks bool // set by readCSV for the chunk parsers
	plain     bool // set by readCSV: the body has no quotes or CRs
}

// chunkResult is what one parsing goroutine produces for its slice of the
// input.
type chunkResult struct {
	lines []span
	nums  [][]float64
	texts [][]span
	extra []byte
	marks []int32          // with columnRequest.lineMarks: start of rows 0, lineMarkRows, …
	gid   []int32          // chunk-local group of each row
	keys  []string         // chunk-local groups in order of first appearance
	ids   map[string]int32 // keys → chunk-local group
	err   *csvError
}

// readCSV parses data (the whole input) in parallel chunks. Rows are
// assigned to --group-by groups while parsing; groups are numbered in order
// of first appearance across the whole input.
func readCSV(data []byte, req columnRequest) (*csvTable, error) {
	if len(data) >= math.MaxInt32 {
		return nil, &csvError{msg: "the input is larger than 2 GiB; split it into smaller files"}
	}
	names, raw, body, err := parseHeader(data)
	if err != nil {
		return nil, err
	}
	t := &csvTable{header: names, headerRaw: raw}
	// Split the body into chunks at line ends, one per worker. Quoted
	// fields may contain line ends, so the split only stands when the body
	// has no quotes at all; each chunk is checked for quotes (and CRs)
	// while its line ends are counted, on all workers at once.
	workers := runtime.GOMAXPROCS(0)
	bodyLen := len(data) - body
	chunks := []span{{int32(body), int32(len(data))}}
	if workers > 1 && bodyLen > 1<<20 {
		chunks = chunks[:0]
		step := bodyLen / workers
		start := body
		for w := 1; w < workers; w++ {
			cut := body + w*step
			if cut <= start {
				continue
			}
			k := bytes.IndexByte(data[cut:], '\n')
			if k < 0 {
				break
			}
			cut += k + 1
			chunks = append(chunks, span{int32(start), int32(cut)})
			start = cut
		}
		chunks = append(chunks, span{int32(start), int32(len(data))})
	}
	// Each chunk parses into its own window of shared arrays, sized by its
	// line count, so the results need no merging in the usual case.
	ests := make([]int, len(chunks))
	quotes := make([]bool, len(chunks))
	crs := make([]bool, len(chunks))
	var cwg sync.WaitGroup
	for ci, c := range chunks {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			// Records never outnumber line ends, plus one for a last line
			// without an end (bare-CR files are handled by placeParts).
			b := data[c.start:c.end]
			ests[ci] = bytes.Count(b, []byte{'\n'})
			if c.end > c.start && data[c.end-1] != '\n' {
				ests[ci]++
			}
			quotes[ci] = bytes.IndexByte(b, '"') >= 0
			crs[ci] = bytes.IndexByte(b, '\r') >= 0
		}()
	}
	cwg.Wait()
	noQuotes, noCRs := true, true
	for ci := range chunks {
		noQuotes = noQuotes && !quotes[ci]
		noCRs = noCRs && !crs[ci]
	}
	if !noQuotes && len(chunks) > 1 {
		total := 0
		for _, e := range ests {
			total += e
		}
		chunks = []span{{int32(body), int32(len(data))}}
		ests = []int{total}
	}
	req.plain = noQuotes && noCRs
	if req.rowLines {
		// Without quotes or CRs every line is one record: mark where
		// some start rather than keep them all.
		req.lineMarks = req.plain
		req.keepLines = req.keepLines || !req.lineMarks
	}
	offs := make([]int, len(chunks)+1)
	for ci := range chunks {
		offs[ci+1] = offs[ci] + ests[ci]
	}
	capTotal := offs[len(chunks)]
	gNums := make([][]float64, len(req.numeric))
	for k := range gNums {
		gNums[k] = columnSlice[float64](capTotal)
	}
	gTexts := make([][]span, len(req.text))
	for k := range gTexts {
		gTexts[k] = columnSlice[span](capTotal)
	}
	var gLines []span
	if req.keepLines {
		gLines = columnSlice[span](capTotal)
	}
	gGid := columnSlice[int32](capTotal)
	parts := make([]chunkResult, len(chunks))
	var wg sync.WaitGroup
	for ci, c := range chunks {
		p := &parts[ci]
		lo, hi := offs[ci], offs[ci+1]
		p.nums = make([][]float64, len(req.numeric))
		for k := range p.nums {
			p.nums[k] = gNums[k][lo:lo:hi]
		}
		p.texts = make([][]span, len(req.text))
		for k := range p.texts {
			p.texts[k] = gTexts[k][lo:lo:hi]
		}
		if req.keepLines {
			p.lines = gLines[lo:lo:hi]
		}
		p.gid = gGid[lo:lo:hi]
		wg.Add(1)
		go func(c span) {
			defer wg.Done()
			if !parseChunkPlain(data, c, names, req, p) {
				p.reset()
				parseChunk(data, c, names, req, p)
				if req.lineMarks && p.err == nil {
					// The plain parser gives up on marked input only when
					// it is malformed (tested against parseChunk).
					p.err = &csvError{msg: "internal error: the fast CSV parser rejected input the general parser accepts"}
				}
			}
		}(c)
	}
	wg.Wait()
	// Errors carry chunk-relative row numbers: add the rows of earlier chunks.
	total := 0
	for i := range parts {
		if parts[i].err != nil {
			e := *parts[i].err
			e.row += total
			return nil, &e
		}
		total += len(parts[i].gid)
	}
	t.rows = total
	// Merge groups: chunk order preserves first appearance. A key seen in
	// an earlier chunk takes that chunk's global number.
	globalOf := make([][]int32, len(parts))
	for i := range parts {
		local := make([]int32, len(parts[i].keys))
		for k, key := range parts[i].keys {
			id := int32(-1)
			for j := 0; j < i && id < 0; j++ {
				if lid, ok := parts[j].ids[key]; ok {
					id = globalOf[j][lid]
				}
			}
			if id < 0 {
				id = int32(len(t.groupKeys))
				t.groupKeys = append(t.groupKeys, key)
			}
			local[k] = id
		}
		globalOf[i] = local
		if !isIdentity(local) {
			for r, g := range parts[i].gid {
				parts[i].gid[r] = local[g]
			}
		}
	}
	t.gid = placeParts(gGid, collect(parts, func(p *chunkResult) []int32 { return p.gid }), offs)
	t.nums = make([][]float64, len(req.numeric))
	for k := range t.nums {
		t.nums[k] = placeParts(gNums[k], collect(parts, func(p *chunkResult) []float64 { return p.nums[k] }), offs)
	}
	if req.keepLines {
		t.lines = placeParts(gLines, collect(parts, func(p *chunkResult) []span { return p.lines }), offs)
	}
	if req.lineMarks {
		base := 0
		for i := range parts {
			t.markBase = append(t.markBase, base)
			t.lineMarks = append(t.lineMarks, parts[i].marks)
			base += len(parts[i].gid)
		}
	}
	// Quoted fields that needed unescaping are appended after the input in
	// t.data; spans into the input stay valid if append reallocates.
	t.data = data
	for i := range parts {
		base := int32(len(t.data))
		if len(parts[i].extra) > 0 {
			t.data = append(t.data, parts[i].extra...)
		}
		for k := range parts[i].texts {
			seg := parts[i].texts[k]
			for r := range seg {
				if seg[r].start < 0 { // lives in this part's extra buffer
					s := -1 - seg[r].start
					seg[r] = span{base + s, base + s + seg[r].end}
				}
			}
		}
	}
	t.texts = make([][]span, len(req.text))
	for k := range t.texts {
		t.texts[k] = placeParts(gTexts[k], collect(parts, func(p *chunkResult) []span { return p.texts[k] }), offs)
	}
	return t, nil
}

func collect[T any](parts []chunkResult, f func(p *chunkResult) []T) [][]T {
	out := make([][]T, len(parts))
	for i := range parts {
		out[i] = f(&parts[i])
	}
	return out
}

// placeParts returns the parts laid end to end. Parts normally sit in their
// windows of global (global[offs[k]:offs[k+1]]); they are slid down over
// any unused space. A part that outgrew its window (possible only with
// bare-CR line ends) was reallocated by append: then everything is copied.
func placeParts[T any](global []T, parts [][]T, offs []int) []T {
	for k, p := range parts {
		if len(p) > offs[k+1]-offs[k] {
			var out []T
			for _, q := range parts {
				out = append(out, q...)
			}
			return out
		}
	}
	w := 0
	for k, p := range parts {
		if w != offs[k] {
			copy(global[w:], p)
		}
		w += len(p)
	}
	return global[:w]
}

func isIdentity(m []int32) bool {
	for i, v := range m {
		if int32(i) != v {
			return false
		}
	}
	return true
}

// parseChunk parses the records in data[c.start:c.end].
func parseChunk(data []byte, c span, names []string, req columnRequest, p *chunkResult) {
	// which request slot each header column feeds
	// (a column can feed several requests: --x a --n a)
	numSlot := make([][]int, len(names))
	textSlot := make([][]int, len(names))
	groupSlot := make([]int, len(names))
	for i := range groupSlot {
		groupSlot[i] = -1
	}
	for k, col := range req.numeric {
		numSlot[col] = append(numSlot[col], k)
	}
	for k, col := range req.text {
		textSlot[col] = append(textSlot[col], k)
	}
	for k, col := range req.group {
		groupSlot[col] = k
	}
	groupFields := make([][]byte, len(req.group))
	p.ids = map[string]int32{}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	offsetOf := func(f []byte) int32 {
		return int32(uintptr(unsafe.Pointer(unsafe.SliceData(f))) - base)
	}
	pos := int(c.start)
	row := 0
	col := 0
	var lineStart int
	field := func(f []byte, quoted bool) {
		if col < len(names) && p.err == nil {
			for _, k := range numSlot[col] {
				v, ok := parseCell(f)
				if !ok {
					p.err = &csvError{row: row, column: names[col], msg: fmt.Sprintf("%q is not a number", string(f))}
				}
				p.nums[k] = append(p.nums[k], v)
			}
			if k := groupSlot[col]; k >= 0 {
				groupFields[k] = f
			}
			for _, k := range textSlot[col] {
				off := offsetOf(f)
				if len(f) == 0 {
					p.texts[k] = append(p.texts[k], span{int32(lineStart), int32(lineStart)})
				} else if off >= 0 && int(off) < len(data) {
					p.texts[k] = append(p.texts[k], span{off, off + int32(len(f))})
				} else {
					// unescaped copy: remember its place in p.extra
					s := int32(len(p.extra))
					p.extra = append(p.extra, f...)
					p.texts[k] = append(p.texts[k], span{-1 - s, int32(len(f))})
				}
			}
		}
		col++
	}
	var scratch []byte
	var g grouping
	for pos < int(c.end) {
		if data[pos] == '\n' || data[pos] == '\r' { // blank line
			pos++
			continue
		}
		row++
		col = 0
		lineStart = pos
		scratch = scratch[:0]
		end, next, ferr := scanRecord(data, pos, field, &scratch)
		if p.err != nil {
			return
		}
		if ferr != "" {
			p.err = &csvError{row: row, msg: ferr}
			return
		}
		if col != len(names) {
			p.err = &csvError{row: row, msg: fmt.Sprintf("has %d fields but the header has %d", col, len(names))}
			return
		}
		if req.keepLines {
			p.lines = append(p.lines, span{int32(lineStart), int32(end)})
		}
		if len(groupFields) == 0 {
			// no --group-by: every row is in group 0
			p.addToGroup(nil, &g)
			if next <= pos {
				p.err = &csvError{row: row, msg: "malformed record"}
				return
			}
			pos = next
			continue
		}
		p.addToGroup(groupFields, &g)
		if next <= pos {
			p.err = &csvError{row: row, msg: "malformed record"}
			return
		}
		pos = next
	}
}

// grouping is a parser's state for numbering --group-by groups.
type grouping struct {
	key    []byte // scratch for joining multi-column keys
	lastID int32
}

// addToGroup appends the group of a row whose --group-by fields are
// fields (none: every row is in group 0), numbering new groups in order of
// first appearance.
func (p *chunkResult) addToGroup(fields [][]byte, g *grouping) {
	if len(fields) == 0 {
		if len(p.keys) == 0 {
			p.keys = append(p.keys, "")
			p.ids[""] = 0
		}
		p.gid = append(p.gid, 0)
		return
	}
	var k []byte
	switch len(fields) {
	case 1:
		k = fields[0]
	default:
		g.key = g.key[:0]
		for j, f := range fields {
			if j > 0 {
				g.key = append(g.key, 0x1f)
			}
			g.key = append(g.key, f...)
		}
		k = g.key
	}
	// Grouped inputs are usually sorted: try the previous row's group
	// before hashing.
	var id int32
	if len(p.keys) > 0 && string(k) == p.keys[g.lastID] {
		id = g.lastID
	} else {
		var ok bool
		id, ok = p.ids[unsafe.String(unsafe.SliceData(k), len(k))]
		if !ok {
			id = int32(len(p.keys))
			ks := string(k)
			p.ids[ks] = id
			p.keys = append(p.keys, ks)
		}
		g.lastID = id
	}
	p.gid = append(p.gid, id)
}

// reset empties p for a second parse of its chunk, keeping its windows of
// the shared arrays.
func (p *chunkResult) reset() {
	p.lines = p.lines[:0]
	p.marks = nil
	for k := range p.nums {
		p.nums[k] = p.nums[k][:0]
	}
	for k := range p.texts {
		p.texts[k] = p.texts[k][:0]
	}
	p.gid = p.gid[:0]
	p.extra, p.keys, p.ids, p.err = nil, nil, nil, nil
}

// parseChunkPlain is parseChunk for the usual chunk, one without quotes or
// carriage returns: a tight loop with no call per field, reading plain
// non-negative integers while it scans them. It gives up, returning false
// with p half filled, when the chunk has quotes or carriage returns or a
// row is malformed; parseChunk then parses the chunk again and reports
// the error with its row and column.
func parseChunkPlain(data []byte, c span, names []string, req columnRequest, p *chunkResult) bool {
	// readCSV may have found neither in the whole body.
	if chunk := data[c.start:c.end]; !req.plain && (bytes.IndexByte(chunk, '"') >= 0 || bytes.IndexByte(chunk, '\r') >= 0) {
		return false
	}
	// What each header column feeds. A column with one numeric use takes
	// the fast path; any other use goes through the general one.
	const (
		useNum = 1 << iota
		useNumAgain
		useText
		useGroup
	)
	ncol := len(names)
	use := make([]uint8, ncol)
	numSlot := make([][]int, ncol)
	textSlot := make([][]int, ncol)
	groupSlot := make([]int, ncol)
	for k, col := range req.numeric {
		if len(numSlot[col]) > 0 {
			use[col] |= useNumAgain
		}
		use[col] |= useNum
		numSlot[col] = append(numSlot[col], k)
	}
	for k, col := range req.text {
		use[col] |= useText
		textSlot[col] = append(textSlot[col], k)
	}
	for k, col := range req.group {
		use[col] |= useGroup
		groupSlot[col] = k
	}
	groupFields := make([][]byte, len(req.group))
	p.ids = map[string]int32{}
	var g grouping
	if len(req.text) == 0 && len(req.group) == 0 && !req.keepLines && numericOnce(use, useNum) {
		rows, ok := parseNumericOnly(data, c, numSlot, req.lineMarks, p)
		if ok {
			p.ungroupedRows(rows, &g)
		}
		return ok
	}
	rows := 0 // rows not yet in p.gid
	end := int(c.end)
	pos := int(c.start)
	for pos < end {
		if data[pos] == '\n' { // blank line
			pos++
			continue
		}
		lineStart, lineEnd := pos, end
		col := 0
		for {
			j := pos
			u := uint8(0)
			if col < ncol {
				u = use[col]
			}
			if u == useNum {
				var x float64
				if n, v, ok := shortInteger(data, pos, end); ok {
					j = pos + n
					x = float64(v)
				} else {
					j = fieldEnd(data, pos, end)
					if x, ok = parseCell(data[pos:j]); !ok {
						return false
					}
				}
				k := numSlot[col][0]
				p.nums[k] = append(p.nums[k], x)
			} else {
				j = fieldEnd(data, pos, end)
				if u != 0 {
					f := data[pos:j]
					for _, k := range numSlot[col] {
						x, ok := parseCell(f)
						if !ok {
							return false
						}
						p.nums[k] = append(p.nums[k], x)
					}
					if u&useGroup != 0 {
						groupFields[groupSlot[col]] = f
					}
					for _, k := range textSlot[col] {
						if len(f) == 0 {
							p.texts[k] = append(p.texts[k], span{int32(lineStart), int32(lineStart)})
						} else {
							p.texts[k] = append(p.texts[k], span{int32(pos), int32(j)})
						}
					}
				}
			}
			col++
			if j >= end {
				pos = end
				break
			}
			if data[j] == '\n' {
				lineEnd = j
				pos = j + 1
				break
			}
			pos = j + 1 // after a comma; a comma at the very end leaves one empty field
		}
		if col != ncol {
			return false
		}
		if req.keepLines {
			p.lines = append(p.lines, span{int32(lineStart), int32(lineEnd)})
		}
		if req.lineMarks && (len(p.gid)+rows)%lineMarkRows == 0 {
			p.marks = append(p.marks, int32(lineStart))
		}
		if len(groupFields) > 0 {
			p.addToGroup(groupFields, &g)
		} else {
			rows++
		}
	}
	p.ungroupedRows(rows, &g)
	return true
}

// ungroupedRows puts rows more rows in group 0.
func (p *chunkResult) ungroupedRows(rows int, g *grouping) {
	if rows > 0 {
		// Without --group-by every row is in group 0. readCSV's window is
		// fresh zeroed memory: extend it without writing (saves writing,
		// and faulting in, 4 MB per million rows).
		p.addToGroup(nil, g)
		if n := len(p.gid) + rows - 1; n <= cap(p.gid) {
			p.gid = p.gid[:n]
		} else {
			p.gid = append(p.gid, make([]int32, rows-1)...)
		}
	}
}

// numericOnce reports whether every column is unused or read once as a
// number (use holds parseChunkPlain's flags; useNum is that one).
func numericOnce(use []uint8, useNum uint8) bool {
	for _, u := range use {
		if u != 0 && u != useNum {
			return false
		}
	}
	return true
}

// parseNumericOnly is parseChunkPlain's loop for input of which only a few
// numeric columns are read, each once (ungrouped proportions and rates).
// Numbers are stored by row into the chunk's windows rather than
// appended, which keeps the loop's state in registers. It returns the
// rows read, or false where parseChunkPlain would.
func parseNumericOnly(data []byte, c span, numSlot [][]int, marks bool, p *chunkResult) (int, bool) {
	// win[col] is the window that column col's numbers go to, if it is
	// read (read[col]): readCSV's windows are empty, with room for every
	// line of the chunk.
	ncol := len(numSlot)
	win := make([][]float64, ncol)
	read := make([]bool, ncol)
	for col, ks := range numSlot {
		if len(ks) > 0 {
			win[col], read[col] = p.nums[ks[0]][:cap(p.nums[ks[0]])], true
		}
	}
	row := 0
	end := int(c.end)
	pos := int(c.start)
	for pos < end {
		if data[pos] == '\n' { // blank line
			pos++
			continue
		}
		if marks && row%lineMarkRows == 0 {
			p.marks = append(p.marks, int32(pos))
		}
		col := 0
		for {
			var j int
			if col < ncol && read[col] {
				var x float64
				if n, v, ok := shortInteger(data, pos, end); ok {
					j = pos + n
					x = float64(int64(v)) // v < 10^7
				} else {
					j = fieldEnd(data, pos, end)
					if x, ok = parseCell(data[pos:j]); !ok {
						return 0, false
					}
				}
				if w := win[col]; row < len(w) {
					w[row] = x
				} else { // no window (tests): grow
					w = append(w[:row], x)
					win[col] = w[:cap(w)]
				}
			} else {
				j = fieldEnd(data, pos, end)
			}
			col++
			if j >= end {
				pos = end
				break
			}
			if data[j] == '\n' {
				pos = j + 1
				break
			}
			pos = j + 1 // after a comma; a comma at the very end leaves one empty field
		}
		if col != ncol {
			return 0, false
		}
		row++
	}
	for col, ks := range numSlot {
		if len(ks) > 0 {
			p.nums[ks[0]] = win[col][:row]
		}
	}
	return row, true
}

// Word-at-a-time scanning of quote-free CSV: eight bytes are loaded as one
// little-endian word (the first byte lowest) and tested together.
const (
	bytesOf01 = 0x0101010101010101
	bytesOf80 = 0x8080808080808080
)

// zeroBytes has the top bit set in the first (lowest) byte of w that is
// zero and in no byte before it, so its lowest set bit finds that byte;
// it is zero when no byte is. (Bytes after the first zero one may be
// marked too, by a borrow.)
func zeroBytes(w uint64) uint64 {
	return (w - bytesOf01) &^ w & bytesOf80
}

// fieldEnd returns the index of the first ',' or '\n' at or after pos, or
// end.
func fieldEnd(data []byte, pos, end int) int {
	j := pos
	for ; j+8 <= end; j += 8 {
		w := binary.LittleEndian.Uint64(data[j:])
		if m := zeroBytes(w^(','*bytesOf01)) | zeroBytes(w^('\n'*bytesOf01)); m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
	}
	for j < end && data[j] != ',' && data[j] != '\n' {
		j++
	}
	return j
}

// shortInteger reads the field at pos when it is 1 to 7 ASCII digits
// followed by ',' or '\n': it returns the number of digits and their
// value. It needs eight bytes before end; otherwise it reports false.
func shortInteger(data []byte, pos, end int) (n int, v uint64, ok bool) {
	if pos+8 > end {
		return 0, 0, false
	}
	w := binary.LittleEndian.Uint64(data[pos:])
	d := w - '0'*bytesOf01
	// A byte is a digit when it is 0..9 after subtracting '0': no top bit,
	// and still no top bit after adding 0x76. Bytes above the first
	// non-digit may be disturbed by borrows and carries; they are not
	// used. The byte after the digits (with eight, the first, a digit)
	// must end the field.
	n = bits.TrailingZeros64((d|(d+0x76*bytesOf01))&bytesOf80) / 8
	if c := byte(w >> (8 * uint(n) & 63)); n == 0 || c != ',' && c != '\n' {
		return 0, 0, false
	}
	// Shift the digits to the top bytes after leading zeros, then combine
	// them pairwise: bytes, 2-byte lanes, 4-byte lanes.
	d <<= 8 * uint(8-n) & 63
	d = (d*10 + d>>8) & 0x00ff00ff00ff00ff
	d = (d*100 + d>>16) & 0x0000ffff0000ffff
	return n, (d*10000 + d>>32) & 0xffffffff, true
}

// checkRowsInParallel runs a row-by-row input check (one that accepts the
// rows when it accepts each row) on the two halves of the rows at once.
// Only when a half is rejected are all rows checked again, in order, so
// that the error reported is the one the check gives for the whole input.
func checkRowsInParallel(check func(x, n []float64) error, x, n []float64) error {
	if len(x) < 1<<16 || len(x) != len(n) || runtime.GOMAXPROCS(0) < 2 {
		return check(x, n)
	}
	half := len(x) / 2
	var firstErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		firstErr = check(x[:half], n[:half])
	}()
	secondErr := check(x[half:], n[half:])
	<-done
	if firstErr == nil && secondErr == nil {
		return nil
	}
	return check(x, n)
}

// parseCell reads a numeric cell: empty or NA is missing; NaN, Inf and
// -Inf are accepted as R writes them.
func parseCell(f []byte) (float64, bool) {
	// trim spaces
	for len(f) > 0 && (f[0] == ' ' || f[0] == '\t') {
		f = f[1:]
	}
	for len(f) > 0 && (f[len(f)-1] == ' ' || f[len(f)-1] == '\t') {
		f = f[:len(f)-1]
	}
	if len(f) == 0 || (len(f) == 2 && f[0] == 'N' && f[1] == 'A') {
		return stats.NA(), true
	}
	if v, ok := fastInt(f); ok {
		return v, true
	}
	s := unsafe.String(unsafe.SliceData(f), len(f))
	switch s {
	case "Inf":
		return math.Inf(1), true
	case "-Inf":
		return math.Inf(-1), true
	case "NaN":
		return math.NaN(), true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// accept out-of-range values as ±Inf like R, but not words
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return v, true
		}
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		// strconv accepts "nan", "infinity" etc.; R does not.
		return 0, false
	}
	return v, true
}

// fastInt parses short plain integers without strconv.
func fastInt(f []byte) (float64, bool) {
	if len(f) == 0 || len(f) > 15 {
		return 0, false
	}
	neg := false
	i := 0
	if f[0] == '-' {
		neg = true
		i = 1
		if len(f) == 1 {
			return 0, false
		}
	}
	var v int64
	for ; i < len(f); i++ {
		c := f[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		if v == 0 {
			return math.Copysign(0, -1), true
		}
		return float64(-v), true
	}
	return float64(v), true
}

// appendNumber writes v as the output format requires: shortest
// round-trip, NA, NaN, Inf, -Inf.
func appendNumber(b []byte, v float64) []byte {
	if math.Float64bits(v)&(0x7ff<<52) == 0x7ff<<52 {
		return appendNonFinite(b, v)
	}
	// v+0 turns -0 into 0, written "0" as R writes it; other v are unchanged.
	return numfmt.AppendFloat(b, v+0)
}

// appendNonFinite writes NA, NaN, Inf or -Inf.
func appendNonFinite(b []byte, v float64) []byte {
	switch {
	case stats.IsNA(v):
		return append(b, "NA"...)
	case v != v:
		return append(b, "NaN"...)
	case v > 0:
		return append(b, "Inf"...)
	}
	return append(b, "-Inf"...)
}

// appendText writes a text field, quoting it when needed. An empty string
// is written as NA (R's NA_character_).
func appendText(b []byte, s string) []byte {
	if s == "" {
		return append(b, "NA"...)
	}
	return appendField(b, s)
}

// needsQuotes marks the bytes that make a field need quotes.
var needsQuotes = [256]bool{',': true, '"': true, '\n': true, '\r': true}

// appendField quotes a field when it contains a comma, quote or line end.
func appendField(b []byte, s string) []byte {
	need := false
	for i := 0; i < len(s); i++ {
		if needsQuotes[s[i]] {
			need = true
			break
		}
	}
	if !need {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
