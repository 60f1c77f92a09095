package places

// Effective-dated parent links. The reference data describes one moment
// (councils as at mid-2021, ICBs from July 2022). Later reorganisations,
// such as the ICB clusters and mergers from 1 April 2026, are loaded as
// changes: "from this day, this child's parent of this type is that one".
// A change never rewrites the reference links, so a report as at a day
// before it still shows the old parent (docs/places.md).

import (
	"encoding/csv"
	"errors"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/validation"
)

// ParentChange moves one child area to a new parent of one type from a day.
type ParentChange struct {
	Effective  string   `json:"effective"` // YYYY-MM-DD, the first day of the new parent
	ChildType  AreaType `json:"child_type"`
	ChildCode  string   `json:"child_code"`
	ParentType AreaType `json:"parent_type"`
	OldParent  string   `json:"old_parent_code"`
	NewParent  string   `json:"new_parent_code"`
	// Source names the official list the change comes from, so that no
	// code is ever typed from memory.
	Source string `json:"source"`
}

// ParentChangeColumns is the header of a parent-change (merger) file.
var ParentChangeColumns = []string{"effective_date", "child_type", "child_code", "parent_type", "old_parent_code", "new_parent_code", "source"}

// maxParentChangeRows bounds one file: there are about 300 councils and
// 42 ICBs, so a whole reorganisation is a few hundred rows.
const maxParentChangeRows = 100000

// ParseParentChanges reads a parent-change CSV. Problems come back as a
// *validation.Errors naming the row (1 is the header) and the column; the
// file is taken whole or not at all. Codes are checked against the
// reference data by the store, which alone knows them.
func ParseParentChanges(r io.Reader) ([]ParentChange, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var errs validation.Errors
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			errs.AddRow(1, "file", "The file is empty: the first row must be the header "+strings.Join(ParentChangeColumns, ","))
		} else {
			errs.AddRow(1, "file", "The file is not a readable CSV: "+changeCSVProblem(err))
		}
		return nil, errs.Err()
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, want := range ParentChangeColumns {
		if _, ok := col[want]; !ok {
			errs.AddRow(1, want, "The header has no column "+want)
		}
	}
	if errs.Err() != nil {
		return nil, errs.Err()
	}
	var out []ParentChange
	row := 1
	for {
		rec, err := cr.Read()
		row++
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs.AddRow(row, "file", "The row is not readable CSV: "+changeCSVProblem(err))
			break
		}
		if row > maxParentChangeRows+1 {
			errs.AddRow(row, "file", "The file has more than 100,000 changes")
			break
		}
		get := func(name string) string {
			if i := col[name]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := ParentChange{
			Effective: get("effective_date"), ChildType: AreaType(strings.ToLower(get("child_type"))),
			ChildCode: strings.ToUpper(get("child_code")), ParentType: AreaType(strings.ToLower(get("parent_type"))),
			OldParent: strings.ToUpper(get("old_parent_code")), NewParent: strings.ToUpper(get("new_parent_code")),
			Source: get("source"),
		}
		checkParentChange(&errs, row, c)
		out = append(out, c)
		if len(errs.Fields) >= 100 {
			break
		}
	}
	if len(out) == 0 && errs.Err() == nil {
		errs.AddRow(2, "file", "The file has a header but no changes")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func changeCSVProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// checkParentChange checks one row on its own (not against the data).
func checkParentChange(errs *validation.Errors, row int, c ParentChange) {
	if _, err := time.Parse(time.DateOnly, c.Effective); err != nil {
		errs.AddRow(row, "effective_date", "Enter the date the change takes effect as YYYY-MM-DD, like 2026-04-01")
	}
	if !c.ChildType.Valid() {
		errs.AddRow(row, "child_type", "Child type must be one of country, region, nhser, icb, stp, utla, ltla or lsoa")
	}
	if !c.ParentType.Valid() {
		errs.AddRow(row, "parent_type", "Parent type must be one of country, region, nhser, icb, stp, utla, ltla or lsoa")
	}
	for _, f := range []struct{ name, v string }{{"child_code", c.ChildCode}, {"old_parent_code", c.OldParent}, {"new_parent_code", c.NewParent}} {
		if !isGSSCode(f.v) {
			errs.AddRow(row, f.name, "Enter a nine-character GSS code, like E54000050")
		}
	}
	if c.OldParent != "" && c.OldParent == c.NewParent {
		errs.AddRow(row, "new_parent_code", "The new parent is the same as the old one")
	}
	if c.Source == "" {
		errs.AddRow(row, "source", "Name the official list the change comes from")
	} else if p := validation.TextProblem(c.Source, false); p != "" {
		errs.AddRow(row, "source", "Source "+p)
	} else if len([]rune(c.Source)) > 500 {
		errs.AddRow(row, "source", "Source must be 500 characters or fewer")
	}
}

// isGSSCode: one capital letter and eight digits (E06000001, E54000050).
func isGSSCode(s string) bool {
	if len(s) != 9 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < 9; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParentsAsAt returns a child's parents as at day asAt (YYYY-MM-DD): the
// reference links with every change effective on or before that day
// applied in date order. The reference links themselves are not altered.
func ParentsAsAt(base []AreaParent, changes []ParentChange, asAt string) []AreaParent {
	out := append([]AreaParent(nil), base...)
	sorted := append([]ParentChange(nil), changes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Effective < sorted[j].Effective })
	for _, c := range sorted {
		if c.Effective > asAt {
			break
		}
		for i := range out {
			if out[i].Type == c.ParentType && out[i].Code == c.OldParent {
				out[i] = AreaParent{Type: c.ParentType, Code: c.NewParent, LSOAs: out[i].LSOAs, OfLSOAs: out[i].OfLSOAs}
			}
		}
	}
	return out
}
