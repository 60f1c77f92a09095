package importer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/validation"
)

// Importer parses files against a catalogue, checks every row, fills in
// what can be computed from counts and hands finished points to Emit. Points
// reach Emit only while no row has failed: a bad row means the caller must
// discard everything (its transaction rolls back).
type Importer struct {
	Catalogue *needs.Catalogue
	// Mapping is required for FormatGeneric.
	Mapping *Mapping
	// Progress, if set, is called every ProgressEvery rows with the rows
	// read so far.
	Progress      func(rows int)
	ProgressEvery int
	// Coverage, when set, refuses rows for areas outside it (row by row,
	// see needs.AreaCoverage.CheckRow); nil imports every area.
	Coverage *needs.AreaCoverage
	// Context, if set, stops the parse when done (the web preview's time
	// limit); Import then returns its error.
	Context context.Context
	// XLSX bounds what a workbook may unzip to; zero fields take
	// DefaultXLSXLimits.
	XLSX XLSXLimits

	errs    needs.ImportError
	summary needs.Summary
	periods map[periodKey]periodResult
	newInds map[int]bool
	seen    map[int]map[string]bool
	dsr     needs.DSRHold
	// fieldCols maps DataPoint fields to the file's headers, for messages.
	fieldCols map[string]string
}

type periodKey struct {
	label string
	t     needs.PeriodType
}

type periodResult struct {
	p   needs.Period
	err error
}

// Import reads r in the given format.
func (im *Importer) Import(format needs.Format, name string, r io.Reader, emit needs.Emit) (needs.Summary, error) {
	im.errs = needs.ImportError{}
	im.summary = needs.Summary{Format: format, Periods: map[int][]string{}}
	im.periods = map[periodKey]periodResult{}
	im.newInds = map[int]bool{}
	im.seen = map[int]map[string]bool{}
	im.dsr = needs.DSRHold{}
	if im.Catalogue == nil {
		im.Catalogue = needs.NewCatalogue(nil)
	}
	var err error
	switch format {
	case needs.FormatFingertips:
		err = im.parseFingertips(r, emit)
	case needs.FormatFingertipsNext:
		err = im.parseNext(r, emit)
	case needs.FormatGeneric:
		if im.Mapping == nil {
			return im.summary, &needs.ImportError{Errors: []needs.RowError{{Message: "the generic format needs.needs a column mapping (--mapping FILE)"}}}
		}
		if isXLSX(name) {
			err = im.parseGenericXLSX(r, emit)
		} else {
			err = im.parseGenericCSV(r, emit)
		}
	default:
		return im.summary, fmt.Errorf("unknown format %q", format)
	}
	if err != nil {
		return im.summary, err
	}
	if im.errs.Empty() {
		if err := im.flushDSR(emit); err != nil {
			return im.summary, err
		}
	}
	if !im.errs.Empty() {
		e := im.errs
		return im.summary, &e
	}
	if im.summary.Rows == 0 {
		return im.summary, &needs.ImportError{Errors: []needs.RowError{{Line: 1, Message: "the file has a header but no data rows"}}}
	}
	for id := range im.summary.Periods {
		im.summary.Indicators = append(im.summary.Indicators, id)
		sort.Strings(im.summary.Periods[id])
	}
	sort.Ints(im.summary.Indicators)
	return im.summary, nil
}

func (im *Importer) rowErr(line int, column, format string, args ...any) {
	im.errs.Add(needs.RowError{Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
}

// period parses a period label once per label and type.
func (im *Importer) period(label string, t needs.PeriodType) (needs.Period, error) {
	k := periodKey{label, t}
	if r, ok := im.periods[k]; ok {
		return r.p, r.err
	}
	p, err := needs.ParsePeriod(label, t)
	im.periods[k] = periodResult{p, err}
	return p, err
}

// deliver finishes a parsed point and emits it while the file is still
// clean. A directly standardised rate's rows are held to the end of the
// file, where age bands may add up to a rate.
func (im *Importer) deliver(line int, p needs.DataPoint, ind needs.Indicator, emit needs.Emit) error {
	im.summary.Rows++
	if !im.checkText(line, &p) {
		return nil
	}
	if im.Context != nil && im.summary.Rows%1024 == 0 {
		if err := im.Context.Err(); err != nil {
			return err
		}
	}
	if im.Coverage != nil {
		if re := im.Coverage.CheckRow(line, p.AreaCode); re != nil {
			im.rowErr(line, im.fieldCols["area_code"], "%s", re.Message)
			return nil
		}
	}
	if im.Progress != nil && im.ProgressEvery > 0 && im.summary.Rows%im.ProgressEvery == 0 {
		im.Progress(im.summary.Rows)
	}
	if err := needs.Finish(&p, ind); err != nil {
		var fe *needs.FinishError
		if errors.As(err, &fe) {
			im.rowErr(line, im.fieldCols[fe.Field], "%s", fe.Message)
			return nil
		}
		return err
	}
	if ind.ValueType == needs.ValueDSR {
		if needs.ESPBand(p.Age) >= 0 && !needs.Has(p.Value) {
			p.OriginDetail = "age band of a directly standardised rate"
		}
		im.dsr.Add(line, p, ind)
		return nil
	}
	return im.count(line, p, emit)
}

// flushDSR computes rates from held age bands and emits the held rows.
func (im *Importer) flushDSR(emit needs.Emit) error {
	held, err := im.dsr.Finish()
	if err != nil {
		var fe *needs.FinishError
		if errors.As(err, &fe) {
			im.rowErr(0, im.fieldCols[fe.Field], "%s", fe.Message)
			return nil
		}
		return err
	}
	added := len(held) - im.dsr.Len()
	im.summary.Rows += added
	im.dsr.Reset()
	for _, h := range held {
		if err := im.count(h.Line, h.Point, emit); err != nil {
			return err
		}
	}
	return nil
}

// count tallies a finished point and emits it while the file is clean.
func (im *Importer) count(line int, p needs.DataPoint, emit needs.Emit) error {
	switch p.Origin {
	case needs.OriginComputed:
		im.summary.Computed++
	case needs.OriginVerified:
		im.summary.Verified++
	default:
		im.summary.Precomputed++
	}
	ps := im.seen[p.IndicatorID]
	if ps == nil {
		ps = map[string]bool{}
		im.seen[p.IndicatorID] = ps
	}
	if !ps[p.Period.Label] {
		ps[p.Period.Label] = true
		im.summary.Periods[p.IndicatorID] = append(im.summary.Periods[p.IndicatorID], p.Period.Label)
	}
	if !im.errs.Empty() || emit == nil {
		return nil
	}
	return emit(line, p)
}

// indicatorFor finds an indicator, or registers a new one named by the file.
func (im *Importer) indicatorFor(id int, name string) (needs.Indicator, bool) {
	if ind, ok := im.Catalogue.Get(id); ok {
		return ind, true
	}
	if name == "" {
		return needs.Indicator{}, false
	}
	ind := needs.Indicator{
		ID: id, Name: name, ValueType: needs.ValueOther, Multiplier: 1, Benchmark: needs.BenchmarkCI95,
		PeriodType: needs.PeriodCalendar, Sex: "Persons",
		MetadataOrigin: "named by an imported file; value type, unit and polarity not known",
	}
	im.Catalogue.Put(ind)
	if !im.newInds[id] {
		im.newInds[id] = true
		im.summary.NewIndicators = append(im.summary.NewIndicators, ind)
	}
	return ind, true
}

// headerKey normalises a column header so that "Lower CI 95.0 limit",
// "lowerci95.0limit" and "lower_ci_95_0_limit" all match.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// newCSVReader strips a UTF-8 byte-order mark and sets up a lenient reader
// whose field-count check we do ourselves (to name the line).
// readHeader reads a file's header row. An empty or unreadable file is
// recorded as an import error and gives ok false.
func (im *Importer) readHeader(cr *csv.Reader) (header []string, ok bool) {
	header, err := cr.Read()
	if err == io.EOF {
		im.rowErr(1, "", "the file is empty")
		return nil, false
	}
	if err != nil {
		im.errs.Add(csvErr(err))
		return nil, false
	}
	return header, true
}

// requiredColumn names a column a format cannot do without; index is where
// the header has it, or -1.
type requiredColumn struct {
	index int
	name  string
}

// requireColumns records a header error for each required column missing,
// saying which kind of file was expected.
func (im *Importer) requireColumns(kind string, cols ...requiredColumn) {
	for _, c := range cols {
		if c.index < 0 {
			im.rowErr(1, c.name, "the header has no %q column; is this a %s?", c.name, kind)
		}
	}
}

func newCSVReader(r io.Reader) *csv.Reader {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.LazyQuotes = true
	return cr
}

// csvErr turns a csv parse error into a row error.
func csvErr(err error) needs.RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return needs.RowError{Line: pe.Line, Message: "the file is not valid CSV here: " + pe.Err.Error()}
	}
	return needs.RowError{Message: "the file could not be read: " + err.Error()}
}

// columns maps normalised header keys to their positions and original text.
type columns struct {
	pos    map[string]int
	header []string
}

func newColumns(header []string) columns {
	c := columns{pos: map[string]int{}, header: append([]string(nil), header...)}
	for i, h := range header {
		k := headerKey(h)
		if _, dup := c.pos[k]; !dup && k != "" {
			c.pos[k] = i
		}
	}
	return c
}

// find returns the first of the keys present.
func (c columns) find(keys ...string) int {
	for _, k := range keys {
		if i, ok := c.pos[k]; ok {
			return i
		}
	}
	return -1
}

func (c columns) name(i int) string {
	if i < 0 || i >= len(c.header) {
		return ""
	}
	return strings.TrimSpace(c.header[i])
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// unquote removes stray literal double quotes some Fingertips Next
// category cells carry.
func unquote(s string) string { return strings.TrimSpace(strings.Trim(s, `"`)) }

// numberCell reads an optional numeric cell, recording an error naming the
// column when it is not a number.
func (im *Importer) numberCell(line int, cols columns, rec []string, i int) float64 {
	if i < 0 {
		return needs.Missing
	}
	v, ok := needs.ParseNumber(cell(rec, i))
	if !ok {
		im.rowErr(line, cols.name(i), "%q is not a number", clip(cell(rec, i)))
		return needs.Missing
	}
	return v
}

func (im *Importer) intCell(line int, cols columns, rec []string, i int, what string) (int, bool) {
	s := cell(rec, i)
	if s == "" {
		im.rowErr(line, cols.name(i), "%s is missing", what)
		return 0, false
	}
	// Some exports write ids as 108.0.
	s = strings.TrimSuffix(s, ".0")
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		im.rowErr(line, cols.name(i), "%s %q is not a whole number", what, clip(s))
		return 0, false
	}
	return v, true
}

// clip shortens user text quoted in messages.
func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// checkAreaCode accepts ONS GSS codes (E06000001), ODS codes (A82003) and
// the like: letters and digits, 3 to 12 characters.
func checkAreaCode(s string) bool {
	if len(s) < 3 || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// maxImportText bounds each text cell an import stores (an area name, an
// age band, a note). Real ones are far shorter; the bound keeps a 30 MB
// "name" out of the database.
const maxImportText = 1000

// checkText refuses a row whose text cells are not valid UTF-8 (a Latin-1
// file, say), hold control characters, or run past maxImportText, naming
// the row and the file's column. It reports whether the row is fine.
func (im *Importer) checkText(line int, p *needs.DataPoint) bool {
	for _, f := range []struct {
		field, label, value string
		multiline           bool
	}{
		{"area_code", "area code", p.AreaCode, false}, {"area_name", "area name", p.AreaName, false},
		{"sex", "sex", p.Sex, false}, {"age", "age", p.Age, false},
		{"category_type", "category type", p.CategoryType, false}, {"category", "category", p.Category, false},
		{"note", "note", p.Note, true}, {"trend", "trend", p.Trend, false},
	} {
		if msg := validation.TextProblem(f.value, f.multiline); msg != "" {
			im.rowErr(line, im.fieldCols[f.field], "the %s %s", f.label, msg)
			return false
		}
		if n := utf8.RuneCountInString(f.value); n > maxImportText {
			im.rowErr(line, im.fieldCols[f.field], "the %s is %d characters long; at most %d are kept", f.label, n, maxImportText)
			return false
		}
	}
	return true
}
