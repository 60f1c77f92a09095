package needs

// The shapes an import hands over, shared by the file formats
// (internal/needs/importer), the store that keeps the rows and the doors
// that report problems.

import (
	"errors"
	"fmt"
	"strings"
)

// Format names an import file format.
type Format string

// Formats placeboard imports.
const (
	FormatFingertips     Format = "fingertips"      // Fingertips CSV export (all_data/csv), any column spelling
	FormatFingertipsNext Format = "fingertips-next" // Fingertips Next health-data CSV
	FormatGeneric        Format = "generic"         // any CSV or XLSX with a column mapping
)

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, bool) {
	switch Format(strings.ToLower(strings.TrimSpace(s))) {
	case FormatFingertips:
		return FormatFingertips, true
	case FormatFingertipsNext, "fingertipsnext", "next":
		return FormatFingertipsNext, true
	case FormatGeneric:
		return FormatGeneric, true
	}
	return "", false
}

// RowError is one problem in an import file. Line is the 1-based line (or
// spreadsheet row) number, Column the header of the offending column as the
// file spells it ("" when the whole row is wrong).
type RowError struct {
	Line    int    `json:"line"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d, column %q: %s", e.Line, e.Column, e.Message)
}

// MaxReportedErrors caps how many row errors one import reports; the rest
// are counted.
const MaxReportedErrors = 100

// ImportError lists the problems that stopped an import. Nothing of the file
// is imported when it is returned.
type ImportError struct {
	Errors []RowError `json:"errors"`
	// More counts errors beyond MaxReportedErrors.
	More int `json:"more,omitempty"`
}

func (e *ImportError) Error() string {
	var b strings.Builder
	n := len(e.Errors) + e.More
	fmt.Fprintf(&b, "%d problem", n)
	if n != 1 {
		b.WriteString("s")
	}
	b.WriteString(" in the file; nothing was imported")
	for _, re := range e.Errors {
		b.WriteString("\n  ")
		b.WriteString(re.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", e.More)
	}
	return b.String()
}

// Add records a problem, counting it past MaxReportedErrors.
func (e *ImportError) Add(re RowError) {
	if len(e.Errors) < MaxReportedErrors {
		e.Errors = append(e.Errors, re)
	} else {
		e.More++
	}
}

// Empty reports whether no problem was recorded.
func (e *ImportError) Empty() bool { return len(e.Errors) == 0 && e.More == 0 }

// AsImportError unwraps an *ImportError.
func AsImportError(err error) (*ImportError, bool) {
	var ie *ImportError
	ok := errors.As(err, &ie)
	return ie, ok
}

// Emit receives each checked, finished data point with its line number. An
// error from Emit stops the import and is returned as is.
type Emit func(line int, p DataPoint) error

// Summary describes a parsed file.
type Summary struct {
	Format Format `json:"format"`
	Rows   int    `json:"rows"`
	// ParentComparisonColumn is the Fingertips export's "Compared to
	// <parent> value or percentiles" header exactly as the file has it.
	ParentComparisonColumn string `json:"parent_comparison_column,omitempty"`
	ParentName             string `json:"parent_name,omitempty"`
	// NewIndicators are indicators the file named that the catalogue lacked;
	// they are added with the metadata the file gives.
	NewIndicators []Indicator `json:"new_indicators,omitempty"`
	// Indicators are the ids the file holds, ascending.
	Indicators []int `json:"indicators"`
	// Periods holds each indicator's period labels.
	Periods                         map[int][]string `json:"periods"`
	Computed, Verified, Precomputed int
}
