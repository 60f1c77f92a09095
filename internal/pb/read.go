package pb

import (
	"fmt"
	"io"
	"math/big"
	"strings"
)

// ParseError is a malformed-file error that names the line.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func errAt(line int, format string, args ...any) error {
	return &ParseError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Read parses a .pb file. It accepts what pabutools accepts: a leading BOM,
// LF or CRLF line endings, CSV quoting with ';' as the separator, blank
// lines, decimal commas in cost and budget, and "none" for an absent cell.
func Read(r io.Reader) (*Election, error) {
	text, err := readText(r)
	if err != nil {
		return nil, err
	}
	rr := newRowReader(text)
	e := &Election{}
	section := ""
	needHeader := false
	seenSection := map[string]bool{}
	var voteCol, pointsCol int
	for {
		row, line, ok, err := rr.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		for i := range row {
			row[i] = strings.TrimSpace(row[i])
		}
		if len(row) == 1 && row[0] == "" {
			continue
		}
		if name := lowerName(row[0]); name == "meta" || name == "projects" || name == "votes" {
			if seenSection[name] {
				return nil, errAt(line, "section %s appears twice", strings.ToUpper(name))
			}
			seenSection[name] = true
			section = name
			needHeader = true
			continue
		}
		if needHeader {
			needHeader = false
			switch section {
			case "meta":
			case "projects":
				e.ProjectColumns = row
				if row[0] == "" {
					return nil, errAt(line, "PROJECTS header has no first column")
				}
				if indexOf(row, "cost") < 0 {
					return nil, errAt(line, "PROJECTS header has no cost column")
				}
			case "votes":
				e.VoteColumns = row
				voteCol = indexOf(row, "vote")
				pointsCol = indexOf(row, "points")
				if voteCol < 0 {
					return nil, errAt(line, "VOTES header has no vote column")
				}
			}
			continue
		}
		switch section {
		case "":
			return nil, errAt(line, "data before the META section")
		case "meta":
			v := ""
			if len(row) > 1 {
				v = row[1]
			}
			e.Meta = append(e.Meta, MetaEntry{Key: row[0], Value: v})
		case "projects":
			if err := e.addProject(row, line); err != nil {
				return nil, err
			}
		case "votes":
			if e.Voters == nil {
				e.Voters = make([]Voter, 0, rr.remainingLines()+1)
			}
			if err := e.addVoter(row, line, voteCol, pointsCol, &rr.cells); err != nil {
				return nil, err
			}
		}
	}
	if !seenSection["meta"] {
		return nil, errAt(0, "no META section")
	}
	if !seenSection["projects"] {
		return nil, errAt(0, "no PROJECTS section")
	}
	if !seenSection["votes"] {
		return nil, errAt(0, "no VOTES section")
	}
	if err := e.parseMeta(); err != nil {
		return nil, err
	}
	return e, nil
}

// readText reads all of r into a string, so cells can be substrings of it
// without a further copy. The buffer at least doubles when it grows: append
// grows large slices by only a quarter, which made reading a 3 MB file from
// an *os.File (no Len to size the buffer) about a third slower.
func readText(r io.Reader) (string, error) {
	var text strings.Builder
	if l, ok := r.(interface{ Len() int }); ok {
		text.Grow(l.Len())
	}
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if text.Cap()-text.Len() < n {
			text.Grow(max(n, text.Len()))
		}
		text.Write(buf[:n])
		if err == io.EOF {
			return text.String(), nil
		}
		if err != nil {
			return "", err
		}
	}
}

// lowerName is strings.ToLower without its allocation for the ASCII first
// cells of ordinary rows.
func lowerName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

func isNone(s string) bool { return strings.EqualFold(s, "none") }

// parseNumber reads a cost, budget or points value exactly. A decimal comma
// is accepted when commaDecimal is set (pabutools does this for cost and
// budget only).
func parseNumber(s string, commaDecimal bool) (*big.Rat, bool) {
	return parseNumberInto(new(big.Rat), s, commaDecimal)
}

// parseNumberInto is parseNumber storing into z, so callers can allocate
// many numbers at once. Plain decimal integers (most points and costs) skip
// Rat.SetString, whose normalisation dominated reading cardinal ballots.
func parseNumberInto(z *big.Rat, s string, commaDecimal bool) (*big.Rat, bool) {
	if n, ok := smallDecimal(s); ok {
		return z.SetInt64(n), true
	}
	if commaDecimal {
		s = strings.ReplaceAll(s, ",", ".")
	}
	if s == "" || len(s) > 200 || strings.ContainsAny(s, " _") {
		return nil, false
	}
	// Refuse huge exponents ("1e999999999"), which would take big.Rat
	// minutes and gigabytes to expand.
	if i := strings.IndexAny(s, "eEpP"); i >= 0 {
		exp := strings.TrimLeft(s[i+1:], "+-")
		if len(exp) > 3 {
			return nil, false
		}
	}
	r, ok := z.SetString(s)
	return r, ok
}

// smallDecimal parses s if it is 1 to 18 ASCII digits (no sign, so it fits
// an int64); Rat.SetString reads such a string as the same decimal integer.
func smallDecimal(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func (e *Election) parseMeta() error {
	line := 0
	b := e.MetaValue("budget")
	if b == "" || isNone(b) {
		return errAt(line, "META: budget is missing")
	}
	budget, ok := parseNumber(b, true)
	if !ok {
		return errAt(line, "META: budget %q is not a number", b)
	}
	if budget.Sign() < 0 {
		return errAt(line, "META: budget %q is negative", b)
	}
	e.Budget = budget
	vt := strings.ToLower(e.MetaValue("vote_type"))
	switch vt {
	case VoteApproval, VoteChoose1, VoteCumulative, VoteScoring, VoteOrdinal:
	case "":
		return errAt(line, "META: vote_type is missing")
	default:
		return errAt(line, "META: vote_type %q is not one of approval, choose-1, cumulative, scoring, ordinal", e.MetaValue("vote_type"))
	}
	e.VoteType = vt
	return nil
}

func (e *Election) addProject(row []string, line int) error {
	if len(row) > len(e.ProjectColumns) {
		return errAt(line, "project row has %d cells but the PROJECTS header has %d", len(row), len(e.ProjectColumns))
	}
	id := row[0]
	if id == "" || isNone(id) {
		return errAt(line, "project id is empty")
	}
	ci := indexOf(e.ProjectColumns, "cost")
	if ci >= len(row) || row[ci] == "" || isNone(row[ci]) {
		return errAt(line, "project %q has no cost", id)
	}
	cost, ok := parseNumber(row[ci], true)
	if !ok {
		return errAt(line, "project %q: cost %q is not a number", id, row[ci])
	}
	if cost.Sign() < 0 {
		return errAt(line, "project %q: cost %q is negative", id, row[ci])
	}
	e.Projects = append(e.Projects, Project{ID: id, Cost: cost, Cells: row, Line: line})
	return nil
}

// addVoter parses one VOTES row. The vote list is cut into substrings held
// in the shared slab rather than with strings.Split: this runs once per
// ballot, tens of thousands of times in a large file.
func (e *Election) addVoter(row []string, line, voteCol, pointsCol int, sl *slab) error {
	if len(row) > len(e.VoteColumns) {
		return errAt(line, "vote row has %d cells but the VOTES header has %d", len(row), len(e.VoteColumns))
	}
	v := Voter{ID: row[0], Cells: row, Line: line}
	cell := func(i int) string {
		if i < 0 || i >= len(row) || isNone(row[i]) {
			return ""
		}
		return row[i]
	}
	if vs := cell(voteCol); vs != "" {
		vote := sl.take(strings.Count(vs, ",") + 1)
		for {
			id, rest, more := strings.Cut(vs, ",")
			if id = strings.TrimSpace(id); id != "" {
				vote = append(vote, id)
			}
			if !more {
				break
			}
			vs = rest
		}
		if len(vote) > 0 {
			v.Vote = vote[:len(vote):len(vote)]
		}
	}
	if pointsCol >= 0 {
		ps := cell(pointsCol)
		if ps != "" {
			n := strings.Count(ps, ",") + 1
			v.Points = make([]*big.Rat, 0, n)
			rats := make([]big.Rat, n)
			for rest, more := ps, true; more; {
				var s string
				s, rest, more = strings.Cut(rest, ",")
				pt, ok := parseNumberInto(&rats[len(v.Points)], strings.TrimSpace(s), false)
				if !ok {
					return errAt(line, "voter %q: points %q is not a number", v.ID, s)
				}
				v.Points = append(v.Points, pt)
			}
		}
		if len(v.Points) < len(v.Vote) && ps != "" {
			return errAt(line, "voter %q lists %d projects but only %d points", v.ID, len(v.Vote), len(v.Points))
		}
		if ps == "" && v.Points == nil {
			v.Points = []*big.Rat{}
		}
	}
	e.Voters = append(e.Voters, v)
	return nil
}
