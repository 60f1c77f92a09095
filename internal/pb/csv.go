package pb

import (
	"bytes"
	"strings"
)

// rowReader splits a .pb file into rows of cells the way Python's csv module
// (which pabutools uses) does with ';' as the separator: a cell that starts
// with '"' is quoted and may hold ';', '""' or line breaks; after the closing
// quote any further characters are kept literally (so `"A" b` reads as `A b`);
// a quote inside an unquoted cell is an ordinary character.
type rowReader struct {
	data []byte
	pos  int
	line int // line number of the next unread line (1-based)
}

func newRowReader(data []byte) *rowReader {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return &rowReader{data: data, line: 1}
}

// nextLine returns the next physical line without its line ending.
func (r *rowReader) nextLine() (string, bool) {
	if r.pos >= len(r.data) {
		return "", false
	}
	rest := r.data[r.pos:]
	i := bytes.IndexAny(rest, "\r\n")
	var s []byte
	if i < 0 {
		s = rest
		r.pos = len(r.data)
	} else {
		s = rest[:i]
		r.pos += i + 1
		if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
			r.pos++
		}
	}
	r.line++
	return string(s), true
}

// next returns the next row and the line it starts on; ok is false at the
// end of input. err is set for a quoted cell that is never closed.
func (r *rowReader) next() (cells []string, line int, ok bool, err error) {
	text, ok := r.nextLine()
	if !ok {
		return nil, 0, false, nil
	}
	line = r.line - 1
	const (
		startField = iota
		inField
		inQuoted
		quoteInQuoted
	)
	state := startField
	var cell strings.Builder
	for {
		for i := 0; i < len(text); i++ {
			c := text[i]
			switch state {
			case startField:
				if c == '"' {
					state = inQuoted
				} else if c == ';' {
					cells = append(cells, cell.String())
					cell.Reset()
				} else {
					cell.WriteByte(c)
					state = inField
				}
			case inField:
				if c == ';' {
					cells = append(cells, cell.String())
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
					cells = append(cells, cell.String())
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
			return nil, line, false, errAt(line, "a quoted cell that starts on this line is never closed")
		}
		cell.WriteByte('\n')
		text = more
	}
	cells = append(cells, cell.String())
	return cells, line, true, nil
}
