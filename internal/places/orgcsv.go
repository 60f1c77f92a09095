package places

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The organisation register's CSV import format: a header row naming the
// columns (name and kind required, the rest optional, in any order), then one
// organisation a row. The web form and the API both read it with
// ParseOrganisationCSV and differ only in how they show its problems.

// OrgCSVColumns are the columns the import understands.
var OrgCSVColumns = []string{"name", "kind", "ods_code", "ons_code", "school_urn", "charity_number", "area_codes"}

// MaxOrgCSVRows bounds one import; bigger registers are split.
const MaxOrgCSVRows = 20000

// OrgCSVProblem is one problem in an organisation import file.
type OrgCSVProblem struct {
	// Row is the file's line as a spreadsheet numbers rows: 1 is the header.
	Row int
	// Column names the column, or is "" when the problem is the whole row.
	Column string
	// HeaderCell is the 1-based position of a bad header cell, else 0.
	HeaderCell int
	// WholeFile marks problems with the file rather than one row: empty,
	// no organisations, too many.
	WholeFile bool
	Message   string
}

// OrgCSVRow is one organisation read from the file, with the row it came from.
type OrgCSVRow struct {
	Row          int
	Organisation Organisation
}

// SplitAreaCodes reads area codes separated by commas, semicolons or white
// space, as people paste them from spreadsheets.
func SplitAreaCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
}

// ParseOrganisationCSV reads an organisation import file. It returns every
// row it could read and every problem found, each naming its row and
// column. Rows with problems are still returned, so callers can count them,
// but must not be stored: an import is all or nothing.
func ParseOrganisationCSV(r io.Reader) ([]OrgCSVRow, []OrgCSVProblem) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, []OrgCSVProblem{{Row: 1, WholeFile: true, Message: "The file is empty: the first row must name the columns, starting name,kind"}}
	}
	if err != nil {
		return nil, []OrgCSVProblem{{Row: 1, Message: csvProblemText(err)}}
	}
	col := map[string]int{} // column name → 1-based position
	var problems []OrgCSVProblem
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // Excel's UTF-8 byte order mark
		}
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case !isOrgCSVColumn(h):
			problems = append(problems, OrgCSVProblem{Row: 1, Column: h, HeaderCell: i + 1,
				Message: "Column " + strconv.Quote(h) + " is not one of " + strings.Join(OrgCSVColumns, ", ")})
		case col[h] != 0:
			problems = append(problems, OrgCSVProblem{Row: 1, Column: h, HeaderCell: i + 1,
				Message: "Column " + h + " appears more than once"})
		default:
			col[h] = i + 1
		}
	}
	for _, required := range []string{"name", "kind"} {
		if col[required] == 0 {
			problems = append(problems, OrgCSVProblem{Row: 1, Column: required, Message: "The header has no " + required + " column"})
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	cell := func(rec []string, name string) string {
		i := col[name]
		if i == 0 || i > len(rec) {
			return ""
		}
		return rec[i-1]
	}
	var rows []OrgCSVRow
	for last := 1; ; {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			row := last + 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				row = pe.StartLine
			}
			problems = append(problems, OrgCSVProblem{Row: row, Message: csvProblemText(err)})
			break
		}
		row, _ := cr.FieldPos(0)
		last = row
		if len(rows) >= MaxOrgCSVRows {
			problems = append(problems, OrgCSVProblem{Row: row, WholeFile: true,
				Message: "A file can hold at most " + strconv.Itoa(MaxOrgCSVRows) + " organisations; split it into smaller files"})
			break
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a line of spaces
		}
		if len(rec) > len(header) {
			problems = append(problems, OrgCSVProblem{Row: row,
				Message: "Row has " + strconv.Itoa(len(rec)) + " values but the header names " + strconv.Itoa(len(header)) + " columns"})
			continue
		}
		if i := invalidUTF8(rec); i >= 0 {
			problems = append(problems, OrgCSVProblem{Row: row, Column: strings.ToLower(strings.TrimSpace(header[i])),
				Message: "Text is not valid UTF-8: save the file as CSV UTF-8"})
			continue
		}
		o := Organisation{
			Name: cell(rec, "name"), Kind: OrgKind(cell(rec, "kind")),
			ODSCode: cell(rec, "ods_code"), ONSCode: cell(rec, "ons_code"),
			SchoolURN: cell(rec, "school_urn"), CharityNumber: cell(rec, "charity_number"),
			AreaCodes: SplitAreaCodes(cell(rec, "area_codes")),
		}
		o.Normalize()
		if verr := o.Validate(); verr != nil {
			for _, fe := range verr.Fields {
				problems = append(problems, OrgCSVProblem{Row: row, Column: fe.Field, Message: fe.Message})
			}
		}
		rows = append(rows, OrgCSVRow{Row: row, Organisation: o})
	}
	if len(rows) == 0 && len(problems) == 0 {
		problems = append(problems, OrgCSVProblem{Row: 2, WholeFile: true, Message: "The file has a header but no organisations"})
	}
	return rows, problems
}

func isOrgCSVColumn(name string) bool {
	for _, c := range OrgCSVColumns {
		if c == name {
			return true
		}
	}
	return false
}

// invalidUTF8 is the index of the first cell that is not UTF-8, or -1.
func invalidUTF8(rec []string) int {
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return i
		}
	}
	return -1
}

func csvProblemText(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "The file is not valid CSV here: " + pe.Err.Error()
	}
	return "The file could not be read as CSV"
}
