// Package export writes a pooled fund's plan and quarterly return in the
// shape of the Better Care Fund templates, as CSV and XLSX.
//
// The shapes (sheets, columns, which columns hold money) are data: one JSON
// file per template and financial year under templates/, never code. A
// template that is made up, because the real one sits behind the Better Care
// Exchange login, says so (Illustrative) and carries a note that every
// export repeats.
//
// Amounts are integer pence. The CSV writes them as plain pounds and pence
// ("1234.56"); the XLSX writes the same decimal text into number cells, so
// no amount passes through floating point here.
package export

import (
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/spreadsheet"
)

//go:embed templates/*.json
var templateFS embed.FS

// Kinds of template.
const (
	KindPlan            = "plan"
	KindQuarterlyReturn = "quarterly-return"
)

// Template is the shape of one BCF workbook for one financial year.
type Template struct {
	ID           string  `json:"id"`
	Kind         string  `json:"kind"` // KindPlan or KindQuarterlyReturn
	Year         string  `json:"year"` // "2025-26"
	Title        string  `json:"title"`
	Illustrative bool    `json:"illustrative"`
	Note         string  `json:"note"`
	Sheets       []Sheet `json:"sheets"`
}

// Sheet is one tab: its columns in order, and whether a total row follows
// the rows.
type Sheet struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Total   bool     `json:"total"`
	Columns []Column `json:"columns"`
}

// Column is one column; Money columns hold pence.
type Column struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Money bool   `json:"money"`
}

// Sheet returns the sheet with key, or nil.
func (t *Template) Sheet(key string) *Sheet {
	for i := range t.Sheets {
		if t.Sheets[i].Key == key {
			return &t.Sheets[i]
		}
	}
	return nil
}

// ErrNoTemplate is returned when no template fits the kind and year.
var ErrNoTemplate = errors.New("no template for that kind and year")

// Templates lists every embedded template, by ID.
func Templates() ([]*Template, error) {
	files, err := fs.Glob(templateFS, "templates/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	out := make([]*Template, 0, len(files))
	for _, f := range files {
		b, err := templateFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		t, err := ParseTemplate(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(f), err)
		}
		out = append(out, t)
	}
	return out, nil
}

// ForYear returns the template of kind for the financial year ("2025-26").
func ForYear(kind, year string) (*Template, error) {
	ts, err := Templates()
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Kind == kind && t.Year == year {
			return t, nil
		}
	}
	return nil, fmt.Errorf("%w: %s %s", ErrNoTemplate, kind, year)
}

// ParseTemplate reads and checks a template's JSON: known kind, a year,
// at least one sheet, unique sheet keys and sheet names that Excel accepts,
// and unique column keys within each sheet.
func ParseTemplate(b []byte) (*Template, error) {
	var t Template
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	if dec.More() {
		return nil, errors.New("template: text after the JSON object")
	}
	switch {
	case t.ID == "":
		return nil, errors.New("template: id is empty")
	case t.Kind != KindPlan && t.Kind != KindQuarterlyReturn:
		return nil, fmt.Errorf("template %s: kind %q is not %q or %q", t.ID, t.Kind, KindPlan, KindQuarterlyReturn)
	case t.Year == "":
		return nil, fmt.Errorf("template %s: year is empty", t.ID)
	case len(t.Sheets) == 0:
		return nil, fmt.Errorf("template %s: no sheets", t.ID)
	case t.Illustrative && t.Note == "":
		return nil, fmt.Errorf("template %s: an illustrative template needs a note saying why", t.ID)
	}
	sheetKeys, sheetNames := map[string]bool{}, map[string]bool{strings.ToLower(coverSheet): true}
	for i, s := range t.Sheets {
		if s.Key == "" || s.Key == "cover" || sheetKeys[s.Key] {
			return nil, fmt.Errorf("template %s: sheet %d: key %q is empty, reserved or repeated", t.ID, i+1, s.Key)
		}
		sheetKeys[s.Key] = true
		if !sheetNameOK(s.Name) || sheetNames[strings.ToLower(s.Name)] {
			return nil, fmt.Errorf("template %s: sheet %q: name %q is not a usable sheet name", t.ID, s.Key, s.Name)
		}
		sheetNames[strings.ToLower(s.Name)] = true
		if len(s.Columns) == 0 {
			return nil, fmt.Errorf("template %s: sheet %q has no columns", t.ID, s.Key)
		}
		cols := map[string]bool{}
		for j, c := range s.Columns {
			if c.Key == "" || c.Title == "" || cols[c.Key] {
				return nil, fmt.Errorf("template %s: sheet %q: column %d: key %q or its title is empty, or the key is repeated", t.ID, s.Key, j+1, c.Key)
			}
			cols[c.Key] = true
		}
	}
	return &t, nil
}

// sheetNameOK applies Excel's rules for a sheet name: 1 to 31 characters,
// none of : \ / ? * [ ], and no apostrophe at either end.
func sheetNameOK(name string) bool {
	n := utf8.RuneCountInString(name)
	if n == 0 || n > 31 || !utf8.ValidString(name) || strings.ContainsAny(name, ":\\/?*[]") ||
		strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") || strings.TrimSpace(name) == "" {
		return false
	}
	return true
}

// coverSheet is the first sheet of every XLSX: the fund, the template and,
// for a made-up template, the word "Illustrative" and why.
const coverSheet = "Cover"

// Row is one row of a sheet: text by column key and pence by column key.
type Row struct {
	Text  map[string]string
	Pence map[string]int64
}

// CoverLine is one label and value on the cover.
type CoverLine struct {
	Label, Value string
}

// Workbook is a template filled with one fund's figures.
type Workbook struct {
	Template *Template
	Cover    []CoverLine
	rows     map[string][]Row
}

// New starts a workbook for t with the given cover lines. The template's
// title, year and, when illustrative, its note are added to the cover.
func New(t *Template, cover ...CoverLine) *Workbook {
	c := []CoverLine{{"Template", t.Title}, {"Financial year", t.Year}}
	if t.Illustrative {
		c = append(c, CoverLine{"Illustrative", t.Note})
	}
	return &Workbook{Template: t, Cover: append(c, cover...), rows: map[string][]Row{}}
}

// Add appends rows to sheet. A sheet or column the template does not have,
// or pence in a text column, is an error naming it: the caller's mapping is
// wrong.
func (wb *Workbook) Add(sheet string, rows ...Row) error {
	s := wb.Template.Sheet(sheet)
	if s == nil {
		return fmt.Errorf("export: template %s has no sheet %q", wb.Template.ID, sheet)
	}
	money := map[string]bool{}
	text := map[string]bool{}
	for _, c := range s.Columns {
		if c.Money {
			money[c.Key] = true
		} else {
			text[c.Key] = true
		}
	}
	for i, r := range rows {
		for k := range r.Text {
			if !text[k] {
				return fmt.Errorf("export: sheet %q row %d: %q is not a text column", sheet, len(wb.rows[sheet])+i+1, k)
			}
		}
		for k := range r.Pence {
			if !money[k] {
				return fmt.Errorf("export: sheet %q row %d: %q is not a money column", sheet, len(wb.rows[sheet])+i+1, k)
			}
		}
	}
	wb.rows[sheet] = append(wb.rows[sheet], rows...)
	return nil
}

// Rows returns sheet's rows.
func (wb *Workbook) Rows(sheet string) []Row { return wb.rows[sheet] }

// Total sums column over sheet's rows, in pence.
func (wb *Workbook) Total(sheet, column string) int64 {
	var t int64
	for _, r := range wb.rows[sheet] {
		t += r.Pence[column]
	}
	return t
}

// FileName is the download's name: template, "illustrative" when it is,
// the sheet for a CSV, and the extension.
func (wb *Workbook) FileName(fund, sheet, ext string) string {
	parts := []string{slug(fund), wb.Template.ID}
	if wb.Template.Illustrative {
		parts = append(parts, "illustrative")
	}
	if sheet != "" {
		parts = append(parts, slug(sheet))
	}
	return strings.Join(parts, "-") + "." + ext
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// PlainPounds writes pence as the decimal pounds a CSV or a number cell
// holds: 123456 → "1234.56", -5 → "-0.05" (money.Pence's plain format).
func PlainPounds(p int64) string { return money.Pence(p).Plain() }

// cells lays out one row of sheet s as strings; money as PlainPounds.
func cells(s *Sheet, r Row) []string {
	out := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		if c.Money {
			if v, ok := r.Pence[c.Key]; ok {
				out[i] = PlainPounds(v)
			}
		} else {
			out[i] = r.Text[c.Key]
		}
	}
	return out
}

// totalRow is the sheet's total row: "Total" in the first text column and
// the sum of every money column.
func (wb *Workbook) totalRow(s *Sheet) Row {
	r := Row{Text: map[string]string{}, Pence: map[string]int64{}}
	labelled := false
	for _, c := range s.Columns {
		if c.Money {
			r.Pence[c.Key] = wb.Total(s.Key, c.Key)
		} else if !labelled {
			r.Text[c.Key] = "Total"
			labelled = true
		}
	}
	return r
}

// WriteCSV writes sheet as CSV: the header, the rows, then the total row
// when the template has one. Text that a spreadsheet would take for a
// formula is prefixed with an apostrophe.
func (wb *Workbook) WriteCSV(w io.Writer, sheet string) error {
	s := wb.Template.Sheet(sheet)
	if s == nil {
		return fmt.Errorf("export: template %s has no sheet %q", wb.Template.ID, sheet)
	}
	cw := csv.NewWriter(w)
	head := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		head[i] = c.Title
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	write := func(r Row) error {
		rec := cells(s, r)
		for i, c := range s.Columns {
			if !c.Money {
				rec[i] = spreadsheet.SafeCell(rec[i])
			}
		}
		return cw.Write(rec)
	}
	for _, r := range wb.rows[sheet] {
		if err := write(r); err != nil {
			return err
		}
	}
	if s.Total {
		if err := write(wb.totalRow(s)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the cover and every sheet, each with its header, rows
// and total row. Money cells are numbers formatted #,##0.00.
func (wb *Workbook) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", coverSheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	moneyFmt := "#,##0.00"
	moneyStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})
	if err != nil {
		return err
	}
	totalMoneyStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, c := range wb.Cover {
		a, _ := excelize.CoordinatesToCellName(1, i+1)
		b, _ := excelize.CoordinatesToCellName(2, i+1)
		if err := f.SetCellStr(coverSheet, a, c.Label); err != nil {
			return err
		}
		if err := f.SetCellStr(coverSheet, b, c.Value); err != nil {
			return err
		}
		if err := f.SetCellStyle(coverSheet, a, a, bold); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(coverSheet, "A", "A", 24)
	_ = f.SetColWidth(coverSheet, "B", "B", 80)
	for si := range wb.Template.Sheets {
		s := &wb.Template.Sheets[si]
		if _, err := f.NewSheet(s.Name); err != nil {
			return err
		}
		for j, c := range s.Columns {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			if err := f.SetCellStr(s.Name, cell, c.Title); err != nil {
				return err
			}
			if err := f.SetCellStyle(s.Name, cell, cell, bold); err != nil {
				return err
			}
		}
		rows := wb.rows[s.Key]
		if s.Total {
			rows = append(append([]Row(nil), rows...), wb.totalRow(s))
		}
		for i, r := range rows {
			isTotal := s.Total && i == len(rows)-1
			vals := cells(s, r)
			for j, c := range s.Columns {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
				if c.Money {
					if vals[j] == "" {
						continue
					}
					// The decimal text goes straight into a number cell.
					if err := f.SetCellDefault(s.Name, cell, vals[j]); err != nil {
						return err
					}
					st := moneyStyle
					if isTotal {
						st = totalMoneyStyle
					}
					if err := f.SetCellStyle(s.Name, cell, cell, st); err != nil {
						return err
					}
				} else if vals[j] != "" {
					if err := f.SetCellStr(s.Name, cell, vals[j]); err != nil {
						return err
					}
					if isTotal {
						_ = f.SetCellStyle(s.Name, cell, cell, bold)
					}
				}
			}
		}
		last, _ := excelize.ColumnNumberToName(len(s.Columns))
		_ = f.SetColWidth(s.Name, "A", last, 22)
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}
