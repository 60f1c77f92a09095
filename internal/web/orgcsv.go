package web

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/placeboard/placeboard/internal/places"
)

// Organisation CSV import: one organisation a row, with a header naming the
// columns. name and kind are required; area_codes holds codes separated by
// semicolons.
var orgCSVColumns = []string{"name", "kind", "ods_code", "ons_code", "school_urn", "charity_number", "area_codes"}

// maxImportRows bounds one import; bigger registers are split.
const maxImportRows = 20000

// RowError is one problem in an uploaded file, by row (1 = the header) and
// column name ("" when it concerns the whole row or file).
type RowError struct {
	Row     int
	Column  string
	Message string
}

// parseOrgCSV reads an organisation CSV. It returns every row it could read
// with the file line each came from, and every problem found, each naming
// its line ("row", as a spreadsheet numbers them) and column. Rows with
// problems are still returned so the caller can count them, but must not be
// stored.
func parseOrgCSV(r io.Reader) ([]places.Organisation, []int, []RowError) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, []RowError{{Row: 1, Message: "The file is empty: the first row must name the columns, starting name,kind"}}
	}
	if err != nil {
		return nil, nil, []RowError{{Row: 1, Message: csvErrorMessage(err)}}
	}
	col := map[string]int{}
	var errs []RowError
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range orgCSVColumns {
			if c == h {
				known = true
			}
		}
		switch {
		case !known:
			errs = append(errs, RowError{Row: 1, Column: h, Message: "Column " + strconv.Quote(h) + " is not one of " + strings.Join(orgCSVColumns, ", ")})
		case col[h] != 0:
			errs = append(errs, RowError{Row: 1, Column: h, Message: "Column " + h + " appears more than once"})
		default:
			col[h] = i + 1 // 0 means absent
		}
	}
	for _, required := range []string{"name", "kind"} {
		if col[required] == 0 {
			errs = append(errs, RowError{Row: 1, Column: required, Message: "The header has no " + required + " column"})
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	get := func(rec []string, name string) string {
		i := col[name]
		if i == 0 || i > len(rec) {
			return ""
		}
		return rec[i-1]
	}
	var orgs []places.Organisation
	var lines []int
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
			errs = append(errs, RowError{Row: row, Message: csvErrorMessage(err)})
			break
		}
		row, _ := cr.FieldPos(0)
		last = row
		if len(orgs) >= maxImportRows {
			errs = append(errs, RowError{Row: row, Message: "A file can hold at most " + strconv.Itoa(maxImportRows) + " organisations; split it into smaller files"})
			break
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) > len(header) {
			errs = append(errs, RowError{Row: row, Message: "Row has " + strconv.Itoa(len(rec)) + " values but the header names " + strconv.Itoa(len(header)) + " columns"})
			continue
		}
		bad := false
		for i, v := range rec {
			if !utf8.ValidString(v) {
				errs = append(errs, RowError{Row: row, Column: strings.TrimSpace(header[i]), Message: "Text is not valid UTF-8: save the file as CSV UTF-8"})
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		o := places.Organisation{
			Name: get(rec, "name"), Kind: places.OrgKind(get(rec, "kind")),
			ODSCode: get(rec, "ods_code"), ONSCode: get(rec, "ons_code"),
			SchoolURN: get(rec, "school_urn"), CharityNumber: get(rec, "charity_number"),
			AreaCodes: splitCodes(get(rec, "area_codes")),
		}
		o.Normalize()
		if verr := o.Validate(); verr != nil {
			for _, fe := range verr.Fields {
				errs = append(errs, RowError{Row: row, Column: fe.Field, Message: fe.Message})
			}
		}
		orgs = append(orgs, o)
		lines = append(lines, row)
	}
	if len(orgs) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Row: 2, Message: "The file has a header but no organisations"})
	}
	return orgs, lines, errs
}

func csvErrorMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "The file is not valid CSV at line " + strconv.Itoa(pe.Line) + ": " + pe.Err.Error()
	}
	return "The file could not be read as CSV"
}
