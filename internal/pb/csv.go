package pb

import (
	"strings"
)

// rowReader splits a .pb file into rows of cells the way Python's csv module
// (which pabutools uses) does with ';' as the separator: a cell that starts
// with '"' is quoted and may hold ';', '""' or line breaks; after the closing
// quote any further characters are kept literally (so `"A" b` reads as `A b`);
// a quote inside an unquoted cell is an ordinary character.
//
// Cells of rows without quotes are substrings of the file text, and rows are
// carved out of shared chunks (see slab), so a row costs no allocation of
// its own: reading was dominated by per-cell and per-row allocations.
type rowReader struct {
	text  string
	pos   int
	line  int // line number of the next unread line (1-based)
	cells slab
	tmp   []string // cells of a quoted row before they move to the slab
}

func newRowReader(text string) *rowReader {
	text = strings.TrimPrefix(text, "\xef\xbb\xbf")
	return &rowReader{text: text, line: 1}
}

// slab hands out string slices carved from large chunks. Every slice is
// capped at its length, so appending to one never overwrites its neighbour.
type slab struct {
	chunk []string
}

const slabChunk = 4096

// take returns an empty slice with room for n strings.
func (s *slab) take(n int) []string {
	if cap(s.chunk)-len(s.chunk) < n {
		s.chunk = make([]string, 0, max(slabChunk, n))
	}
	start := len(s.chunk)
	s.chunk = s.chunk[:start+n]
	return s.chunk[start : start : start+n]
}

// remainingLines is an upper bound on the rows left to read.
func (r *rowReader) remainingLines() int {
	rest := r.text[r.pos:]
	return max(strings.Count(rest, "\n"), strings.Count(rest, "\r")) + 1
}

// nextLine returns the next physical line without its line ending.
func (r *rowReader) nextLine() (string, bool) {
	if r.pos >= len(r.text) {
		return "", false
	}
	rest := r.text[r.pos:]
	// A line ends at the first '\r' or '\n'; two IndexByte calls are much
	// faster than IndexAny on long files.
	i := strings.IndexByte(rest, '\n')
	if i < 0 {
		i = len(rest)
	}
	if j := strings.IndexByte(rest[:i], '\r'); j >= 0 {
		i = j
	}
	s := rest[:i]
	if i == len(rest) {
		r.pos = len(r.text)
	} else {
		r.pos += i + 1
		if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
			r.pos++
		}
	}
	r.line++
	return s, true
}

// next returns the next row and the line it starts on; ok is false at the
// end of input. err is set for a quoted cell that is never closed.
func (r *rowReader) next() (cells []string, line int, ok bool, err error) {
	text, ok := r.nextLine()
	if !ok {
		return nil, 0, false, nil
	}
	line = r.line - 1
	if strings.IndexByte(text, '"') < 0 {
		// Without quotes the row is text split at every ';'.
		cells = r.cells.take(strings.Count(text, ";") + 1)
		for {
			i := strings.IndexByte(text, ';')
			if i < 0 {
				break
			}
			cells = append(cells, text[:i])
			text = text[i+1:]
		}
		return append(cells, text), line, true, nil
	}
	const (
		startField = iota
		inField
		inQuoted
		quoteInQuoted
	)
	state := startField
	var cell strings.Builder
	row := r.tmp[:0]
	for {
		for i := 0; i < len(text); i++ {
			c := text[i]
			switch state {
			case startField:
				if c == '"' {
					state = inQuoted
				} else if c == ';' {
					row = append(row, cell.String())
					cell.Reset()
				} else {
					cell.WriteByte(c)
					state = inField
				}
			case inField:
				if c == ';' {
					row = append(row, cell.String())
					cell.Reset()
					state = startField
				} else {
					cell.WriteByte(c)
				}
			case inQuoted:
				if c == '"' {
					state = quoteInQuoted
				} else {
					cell.WriteByte(c)
				}
			case quoteInQuoted:
				if c == '"' {
					cell.WriteByte('"')
					state = inQuoted
				} else if c == ';' {
					row = append(row, cell.String())
					cell.Reset()
					state = startField
				} else {
					cell.WriteByte(c)
					state = inField
				}
			}
		}
		if state != inQuoted {
			break
		}
		// A quoted cell continues on the next line.
		more, ok := r.nextLine()
		if !ok {
			r.tmp = row
			return nil, line, false, errAt(line, "a quoted cell that starts on this line is never closed")
		}
		cell.WriteByte('\n')
		text = more
	}
	row = append(row, cell.String())
	r.tmp = row
	cells = append(r.cells.take(len(row)), row...)
	return cells, line, true, nil
}
