package pb

import (
	"bufio"
	"io"
	"strings"
)

// Write emits the election as a .pb file (LF line endings, ';' separator,
// quoting only where a cell needs it). Project ids, costs, votes and points
// are written from the parsed values; every other cell is written as read.
func Write(w io.Writer, e *Election) error {
	bw := bufio.NewWriter(w)
	row := func(cells ...string) {
		for i, c := range cells {
			if i > 0 {
				bw.WriteByte(';')
			}
			bw.WriteString(quoteCell(c))
		}
		bw.WriteByte('\n')
	}
	row("META")
	row("key", "value")
	for _, m := range e.Meta {
		row(m.Key, m.Value)
	}
	row("PROJECTS")
	row(e.ProjectColumns...)
	costCol := indexOf(e.ProjectColumns, "cost")
	for _, p := range e.Projects {
		cells := padCells(p.Cells, len(e.ProjectColumns))
		cells[0] = p.ID
		if costCol >= 0 && p.Cost != nil {
			cells[costCol] = FormatRat(p.Cost)
		}
		row(cells...)
	}
	row("VOTES")
	row(e.VoteColumns...)
	voteCol := indexOf(e.VoteColumns, "vote")
	pointsCol := indexOf(e.VoteColumns, "points")
	for _, v := range e.Voters {
		cells := padCells(v.Cells, len(e.VoteColumns))
		cells[0] = v.ID
		if voteCol >= 0 {
			cells[voteCol] = strings.Join(v.Vote, ",")
		}
		if pointsCol >= 0 {
			ps := make([]string, len(v.Points))
			for i, pt := range v.Points {
				ps[i] = FormatRat(pt)
			}
			cells[pointsCol] = strings.Join(ps, ",")
		}
		row(cells...)
	}
	return bw.Flush()
}

func padCells(cells []string, n int) []string {
	out := make([]string, n)
	copy(out, cells)
	return out
}

// quoteCell quotes a cell that holds the separator, a quote, a line break or
// surrounding spaces, doubling inner quotes as CSV does.
func quoteCell(c string) string {
	if c == "" {
		return c
	}
	if !strings.ContainsAny(c, ";\"\r\n") && strings.TrimSpace(c) == c {
		return c
	}
	return `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
}
