package places

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// MaxPostcodeErrors is how many bad rows ReadPostcodeLookup reports before
// it stops reading: enough to see a pattern, not a million lines.
const MaxPostcodeErrors = 20

// postcodeColumn is one thing the loader needs from the file, with the
// header names it goes by in the NSPL and ONSPD releases, preferred first.
type postcodeColumn struct {
	field string // how errors name it
	names []string
	// pattern matches further names, such as lad24cd or wd24cd, whose
	// year changes with each release.
	pattern *regexp.Regexp
}

var postcodeColumns = []postcodeColumn{
	{field: "postcode", names: []string{"pcds", "pcd", "pcd7", "pcd8", "postcode"}},
	{field: "lsoa", names: []string{"lsoa21cd", "lsoa21", "lsoa11cd", "lsoa11"}},
	{field: "ward", names: []string{"osward", "ward"}, pattern: regexp.MustCompile(`^wd[0-9]{2}cd$`)},
	{field: "district", names: []string{"oslaua", "laua", "ladcd"}, pattern: regexp.MustCompile(`^lad[0-9]{2}cd$`)},
}

// postcodeHeader is where each needed column sits: for every field, the
// indexes of its columns, preferred first (the first one with a value in a
// row wins, so a Scottish row without a 2021 LSOA falls back to 2011).
type postcodeHeader struct {
	cols  [4][]int
	names [4][]string
}

func readPostcodeHeader(rec []string) (postcodeHeader, error) {
	var h postcodeHeader
	lower := make([]string, len(rec))
	for i, name := range rec {
		lower[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
	}
	var errs validation.Errors
	for f, c := range postcodeColumns {
		for _, want := range c.names {
			for i, got := range lower {
				if got == want {
					h.cols[f], h.names[f] = append(h.cols[f], i), append(h.names[f], rec[i])
				}
			}
		}
		if c.pattern != nil {
			for i, got := range lower {
				// Newest year first would need sorting; a file carries one.
				if c.pattern.MatchString(got) {
					h.cols[f], h.names[f] = append(h.cols[f], i), append(h.names[f], rec[i])
				}
			}
		}
		if len(h.cols[f]) == 0 {
			want := strings.Join(c.names, ", ")
			if c.pattern != nil {
				want += " or " + strings.TrimSuffix(strings.TrimPrefix(c.pattern.String(), "^"), "$")
			}
			errs.AddRow(1, c.field, fmt.Sprintf("the header has no %s column (looked for %s): is this the ONS NSPL or ONSPD CSV?", c.field, want))
		}
	}
	return h, errs.Err()
}

// ReadPostcodeLookup reads the ONS National Statistics Postcode Lookup
// (NSPL) or ONS Postcode Directory (ONSPD) CSV, finding its columns by
// header (pcds or pcd; lsoa21cd, lsoa21, lsoa11cd or lsoa11; osward, ward
// or wdNNcd; oslaua, laua or ladNNcd), and calls fn with each postcode's
// area. A bad row is a *validation.Errors naming the row (the header is
// row 1) and the column; reading stops after MaxPostcodeErrors of them,
// and fn is not called again once one is found, so nothing half-read is
// kept by a caller that rolls back on error. It returns the rows read.
func ReadPostcodeLookup(r io.Reader, fn func(PostcodeArea) error) (int, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return 0, &validation.Errors{Fields: []validation.FieldError{{Field: "file", Message: "the file is empty: it has no header row", Row: 1}}}
	}
	if err != nil {
		return 0, csvProblem(err)
	}
	h, err := readPostcodeHeader(head)
	if err != nil {
		return 0, err
	}
	var errs validation.Errors
	rows := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs.AddRow(pe.Line, "file", "the row is not well-formed CSV: "+pe.Err.Error())
				// encoding/csv cannot resume reliably after a quoting error.
				return rows, errs.Err()
			}
			return rows, err
		}
		rows++
		line, _ := cr.FieldPos(0)
		area, ok := postcodeRow(rec, h, line, &errs)
		if !ok {
			if len(errs.Fields) >= MaxPostcodeErrors {
				return rows, errs.Err()
			}
			continue
		}
		if len(errs.Fields) > 0 {
			continue // keep checking, but hand nothing more on
		}
		if err := fn(area); err != nil {
			return rows, err
		}
	}
	if rows == 0 {
		errs.AddRow(2, "file", "the file has a header but no postcodes")
	}
	return rows, errs.Err()
}

// postcodeRow reads one row, recording its problems in errs.
func postcodeRow(rec []string, h postcodeHeader, line int, errs *validation.Errors) (PostcodeArea, bool) {
	value := func(f int) (string, string) {
		name := h.names[f][0]
		for k, i := range h.cols[f] {
			if i < len(rec) && strings.TrimSpace(rec[i]) != "" {
				return rec[i], h.names[f][k]
			}
		}
		return "", name
	}
	before := len(errs.Fields)
	var a PostcodeArea
	pc, col := value(0)
	if p, err := NormalisePostcode(pc); err != nil {
		errs.AddRow(line, col, fmt.Sprintf("%q is not a UK postcode", clipText(pc, 40)))
	} else {
		a.Postcode = p
	}
	for f, dst := range []*string{&a.LSOA, &a.Ward, &a.District} {
		v, col := value(f + 1)
		code, ok := normaliseAreaCode(v)
		if !ok {
			errs.AddRow(line, col, fmt.Sprintf("%q is not a GSS area code (a letter and eight digits, like E06000001)", clipText(v, 40)))
			continue
		}
		*dst = code
	}
	return a, len(errs.Fields) == before
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func csvProblem(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &validation.Errors{Fields: []validation.FieldError{{Field: "file", Message: "the row is not well-formed CSV: " + pe.Err.Error(), Row: pe.Line}}}
	}
	return err
}
