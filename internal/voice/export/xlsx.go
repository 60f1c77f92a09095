// Package export writes Voice's tables as XLSX (excelize is imported only
// here, as needs/importer keeps it for the needs module).
package export

import (
	"io"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// sheetSafe removes control characters (other than line breaks and tabs),
// which XLSX cannot hold. Formulas are no risk: every cell is written as a
// string cell.
func sheetSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

// WriteXLSX writes header and rows as one sheet named sheet. Every cell is
// a string cell, so text from respondents is never a formula.
func WriteXLSX(out io.Writer, sheet string, header []string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	write := func(n int, cells []string) error {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = excelize.Cell{Value: sheetSafe(c)}
		}
		ref, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(ref, vals)
	}
	if err := write(1, header); err != nil {
		return err
	}
	for i, r := range rows {
		if err := write(i+2, r); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(out)
	return err
}
