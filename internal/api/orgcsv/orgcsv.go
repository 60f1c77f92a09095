// Package orgcsv reads the organisation register's CSV import format: a
// header row naming the columns (name and kind required; ods_code,
// ons_code, school_urn, charity_number and area_codes optional, area codes
// separated by spaces, semicolons or commas), then one organisation a row.
// Problems are *validation.Errors whose fields name row and column as the
// API reports them: body[3].ods_code (row 1 is the header). It is kept apart
// from the API so it can be fuzzed without building the database drivers.
package orgcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/validation"
)

// Columns are the CSV columns the import understands.
var Columns = []string{"name", "kind", "ods_code", "ons_code", "school_urn", "charity_number", "area_codes"}

const maxImportRows = 20000

// Parse reads an import file into organisations, checking
// every row and naming each bad cell as body[row].column (row 1 = header).
func Parse(data []byte) ([]places.Organisation, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 BOM
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var errs validation.Errors
	header, err := r.Read()
	if err == io.EOF {
		errs.Add("body", "The file is empty: it needs a header row and at least one organisation")
		return nil, errs.Err()
	}
	if err != nil {
		errs.Add("body", "Row 1 is not valid CSV: "+csvErrorText(err))
		return nil, errs.Err()
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range Columns {
			known = known || c == h
		}
		if !known {
			errs.Add(fmt.Sprintf("body[1][%d]", i+1), fmt.Sprintf("Unknown column %q: columns are %s", h, strings.Join(Columns, ", ")))
			continue
		}
		if _, dup := col[h]; dup {
			errs.Add(fmt.Sprintf("body[1][%d]", i+1), fmt.Sprintf("Column %q appears twice", h))
		}
		col[h] = i
	}
	for _, c := range []string{"name", "kind"} {
		if _, ok := col[c]; !ok {
			errs.Add("body[1]", "The header row must have a "+c+" column")
		}
	}
	if len(errs.Fields) > 0 {
		return nil, errs.Err()
	}
	cell := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var rows []places.Organisation
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs.Add(fmt.Sprintf("body[%d]", line), fmt.Sprintf("Row %d is not valid CSV: %s", line, csvErrorText(err)))
			return nil, errs.Err()
		}
		if len(rows) >= maxImportRows {
			errs.Add("body", fmt.Sprintf("The file has more than %d organisations; split it", maxImportRows))
			return nil, errs.Err()
		}
		o := places.Organisation{
			Name: cell(rec, "name"), Kind: places.OrgKind(cell(rec, "kind")), ODSCode: cell(rec, "ods_code"),
			ONSCode: cell(rec, "ons_code"), SchoolURN: cell(rec, "school_urn"), CharityNumber: cell(rec, "charity_number"),
			AreaCodes: strings.FieldsFunc(cell(rec, "area_codes"), func(r rune) bool { return r == ' ' || r == ';' || r == ',' }),
		}
		o.Normalize()
		for _, fe := range fieldsOf(o.Validate()) {
			errs.Add(fmt.Sprintf("body[%d].%s", line, fe.Field), fmt.Sprintf("Row %d: %s", line, fe.Message))
		}
		rows = append(rows, o)
	}
	if len(rows) == 0 && len(errs.Fields) == 0 {
		errs.Add("body", "The file has a header row but no organisations")
	}
	return rows, errs.Err()
}

func csvErrorText(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error() + " at column " + strconv.Itoa(pe.Column)
	}
	return err.Error()
}

// fieldsOf lists the problems in v, which may be nil (no problems).
func fieldsOf(v *validation.Errors) []validation.FieldError {
	if v == nil {
		return nil
	}
	return v.Fields
}
