package importer

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/placeboard/placeboard/internal/needs"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Mapping tells the generic importer which column holds what. It is read
// from a small JSON file:
//
//	{
//	  "sheet": "Data",                       // XLSX only; default the first sheet
//	  "columns": {"area_code": "LA code", "period": "Year", "count": "Cases",
//	              "denominator": "Population"},
//	  "indicator": {"id": 900001, "name": "Smoking in pregnancy",
//	                "value_type": "proportion", "multiplier": 100, "unit": "%",
//	                "polarity": "low_is_good", "benchmark_method": "ci_overlap_95",
//	                "period_type": "financial"},
//	  "defaults": {"sex": "Persons", "age": "All ages"}
//	}
//
// "indicator" describes a new indicator (or names an existing one by id)
// when the file has no indicator column.
type Mapping struct {
	Sheet     string            `json:"sheet,omitempty"`
	Columns   map[string]string `json:"columns"`
	Indicator *MappedIndicator  `json:"indicator,omitempty"`
	Defaults  map[string]string `json:"defaults,omitempty"`
}

// MappedIndicator is the indicator a generic file's rows belong to.
type MappedIndicator struct {
	ID              int     `json:"id"`
	Name            string  `json:"name,omitempty"`
	Definition      string  `json:"definition,omitempty"`
	ValueType       string  `json:"value_type,omitempty"`
	Multiplier      float64 `json:"multiplier,omitempty"`
	Unit            string  `json:"unit,omitempty"`
	Polarity        string  `json:"polarity,omitempty"`
	BenchmarkMethod string  `json:"benchmark_method,omitempty"`
	PeriodType      string  `json:"period_type,omitempty"`
	Source          string  `json:"source,omitempty"`
	Topic           string  `json:"topic,omitempty"` // groups it on profiles
}

// Mapping fields (the keys of "columns").
var mappingFields = []string{
	"indicator_id", "indicator_name", "area_code", "area_name", "period", "sex", "age",
	"category_type", "category", "value", "lower_ci_95", "upper_ci_95", "lower_ci_99_8",
	"upper_ci_99_8", "count", "denominator", "note",
}

// ParseMapping reads and checks a mapping file. Problems come back as an
// *ImportError whose Column names the mapping field ("columns.area_code").
func ParseMapping(r io.Reader) (*Mapping, error) {
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	var m Mapping
	if err := dec.Decode(&m); err != nil {
		return nil, &needs.ImportError{Errors: []needs.RowError{{Column: "mapping", Message: "the mapping file is not valid JSON of the expected shape: " + err.Error()}}}
	}
	var errs needs.ImportError
	known := map[string]bool{}
	for _, f := range mappingFields {
		known[f] = true
	}
	keys := make([]string, 0, len(m.Columns))
	for k := range m.Columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !known[k] {
			errs.Add(needs.RowError{Column: "columns." + k, Message: "unknown field; use one of " + strings.Join(mappingFields, ", ")})
		} else if strings.TrimSpace(m.Columns[k]) == "" {
			errs.Add(needs.RowError{Column: "columns." + k, Message: "give the file's column header"})
		}
	}
	for _, req := range []string{"area_code", "period"} {
		if m.Columns[req] == "" {
			errs.Add(needs.RowError{Column: "columns." + req, Message: "is required"})
		}
	}
	if m.Columns["value"] == "" && (m.Columns["count"] == "" || m.Columns["denominator"] == "") {
		errs.Add(needs.RowError{Column: "columns.value", Message: "map a value column, or both count and denominator so placeboard can compute the value"})
	}
	if m.Columns["indicator_id"] == "" {
		if m.Indicator == nil || m.Indicator.ID <= 0 {
			errs.Add(needs.RowError{Column: "indicator.id", Message: "map an indicator_id column or give indicator.id"})
		}
	}
	if mi := m.Indicator; mi != nil {
		if mi.ValueType != "" {
			if _, ok := needs.ParseValueType(mi.ValueType); !ok {
				errs.Add(needs.RowError{Column: "indicator.value_type", Message: fmt.Sprintf("%q is not a value type", clip(mi.ValueType))})
			}
		}
		if _, ok := needs.ParsePolarity(mi.Polarity); !ok {
			errs.Add(needs.RowError{Column: "indicator.polarity", Message: fmt.Sprintf("%q is not high_is_good, low_is_good or no_judgement", clip(mi.Polarity))})
		}
		if _, ok := needs.ParseBenchmarkMethod(mi.BenchmarkMethod); !ok {
			errs.Add(needs.RowError{Column: "indicator.benchmark_method", Message: fmt.Sprintf("%q is not ci_overlap_95, ci_overlap_99_8, quintiles or none", clip(mi.BenchmarkMethod))})
		}
		if mi.Multiplier < 0 {
			errs.Add(needs.RowError{Column: "indicator.multiplier", Message: "must be positive"})
		}
		if len(mi.Name) > 300 {
			errs.Add(needs.RowError{Column: "indicator.name", Message: "must be 300 characters or fewer"})
		}
	}
	if !errs.Empty() {
		return nil, &errs
	}
	return &m, nil
}

// indicator turns the mapping's indicator into a catalogue entry, merged
// over an existing one with the same id.
func (mi *MappedIndicator) indicator(existing needs.Indicator, found bool) needs.Indicator {
	ind := existing
	if !found {
		ind = needs.Indicator{ID: mi.ID, ValueType: needs.ValueOther, Multiplier: 1, Benchmark: needs.BenchmarkCI95,
			PeriodType: needs.PeriodCalendar, Sex: "Persons", MetadataOrigin: "defined by an import mapping"}
	}
	if mi.Name != "" {
		ind.Name = mi.Name
	}
	if ind.Name == "" {
		ind.Name = fmt.Sprintf("Indicator %d", mi.ID)
	}
	if mi.Definition != "" {
		ind.Definition = mi.Definition
	}
	if vt, ok := needs.ParseValueType(mi.ValueType); ok && mi.ValueType != "" {
		ind.ValueType = vt
	}
	if mi.Multiplier > 0 {
		ind.Multiplier = mi.Multiplier
	} else if !found {
		switch ind.ValueType {
		case needs.ValueProportion:
			ind.Multiplier = 100
		case needs.ValueCrudeRate, needs.ValueDSR:
			ind.Multiplier = 100000
		}
	}
	if mi.Unit != "" {
		ind.Unit = mi.Unit
	}
	if p, ok := needs.ParsePolarity(mi.Polarity); ok && mi.Polarity != "" {
		ind.Polarity = p
	}
	if b, ok := needs.ParseBenchmarkMethod(mi.BenchmarkMethod); ok && mi.BenchmarkMethod != "" {
		ind.Benchmark = b
	}
	if mi.PeriodType != "" {
		ind.PeriodType = needs.ParsePeriodType(mi.PeriodType)
	}
	if mi.Source != "" {
		ind.Sources = []string{mi.Source}
	}
	if mi.Topic != "" {
		ind.Topic = mi.Topic
	}
	return ind
}

func isXLSX(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".xlsx" || ext == ".xlsm"
}

// rowSource yields the rows of a CSV or a spreadsheet sheet.
type rowSource interface {
	next() ([]string, error) // io.EOF at the end
}

type csvRows struct {
	r interface{ Read() ([]string, error) }
}

func (c csvRows) next() ([]string, error) { return c.r.Read() }

type xlsxRows struct{ rows *excelize.Rows }

func (x xlsxRows) next() ([]string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	return x.rows.Columns()
}

func (im *Importer) parseGenericCSV(r io.Reader, emit needs.Emit) error {
	return im.parseGeneric(csvRows{newCSVReader(r)}, emit)
}

// XLSXLimits bound what a workbook may unzip to, so that a small file
// inflating to gigabytes (a zip bomb) is refused before it is inflated.
type XLSXLimits struct {
	// UnzipSize caps the whole workbook's unzipped size (excelize's
	// UnzipSizeLimit, checked first here against the zip's directory).
	UnzipSize int64
	// UnzipXML caps one sheet's XML held in memory; a bigger sheet is
	// unzipped to a temporary file (excelize's UnzipXMLSizeLimit).
	UnzipXML int64
	// Ratio caps unzipped size over zipped size: spreadsheets compress
	// about 10:1, bombs about 1000:1.
	Ratio int64
}

// DefaultXLSXLimits: 512 MB unzipped, 16 MB of sheet XML in memory, 100:1.
var DefaultXLSXLimits = XLSXLimits{UnzipSize: 512 << 20, UnzipXML: 16 << 20, Ratio: 100}

// checkXLSX reads a workbook's zip directory (without inflating anything)
// and names the limit it would exceed, or returns "".
func checkXLSX(data []byte, lim XLSXLimits) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "the file is not a readable XLSX workbook: " + err.Error()
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	mb := func(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	if lim.UnzipSize > 0 && total > uint64(lim.UnzipSize) {
		return fmt.Sprintf("the workbook unzips to %s, over the %s limit for an upload; split it into smaller files or save it as CSV", mb(total), mb(uint64(lim.UnzipSize)))
	}
	if lim.Ratio > 0 && len(data) > 0 && total/uint64(len(data)) > uint64(lim.Ratio) {
		return fmt.Sprintf("the workbook unzips to %s from %s, more than %d times its size: it looks like a zip bomb, not a spreadsheet", mb(total), mb(uint64(len(data))), lim.Ratio)
	}
	return ""
}

func (im *Importer) parseGenericXLSX(r io.Reader, emit needs.Emit) error {
	lim := im.XLSX
	if lim.UnzipSize <= 0 {
		lim.UnzipSize = DefaultXLSXLimits.UnzipSize
	}
	if lim.UnzipXML <= 0 {
		lim.UnzipXML = min(DefaultXLSXLimits.UnzipXML, lim.UnzipSize)
	}
	if lim.Ratio <= 0 {
		lim.Ratio = DefaultXLSXLimits.Ratio
	}
	// Read the file whole (uploads are bounded, and excelize reads it whole
	// too) so its zip directory can be checked before anything inflates.
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if msg := checkXLSX(data, lim); msg != "" {
		im.rowErr(0, "", "%s", msg)
		return nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.UnzipSize, UnzipXMLSizeLimit: lim.UnzipXML})
	if err != nil {
		im.rowErr(0, "", "the file is not a readable XLSX workbook: %v", err)
		return nil
	}
	defer f.Close()
	sheet := im.Mapping.Sheet
	if sheet == "" {
		sheet = f.GetSheetName(0)
	}
	if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		im.errs.Add(needs.RowError{Column: "sheet", Message: fmt.Sprintf("the workbook has no sheet %q (it has %s)", clip(sheet), strings.Join(f.GetSheetList(), ", "))})
		return nil
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		im.rowErr(0, "", "sheet %q could not be read: %v", sheet, err)
		return nil
	}
	defer rows.Close()
	return im.parseGeneric(xlsxRows{rows}, emit)
}

func (im *Importer) parseGeneric(src rowSource, emit needs.Emit) error {
	m := im.Mapping
	header, err := src.next()
	if err == io.EOF {
		im.rowErr(1, "", "the file is empty")
		return nil
	}
	if err != nil {
		im.errs.Add(csvErr(err))
		return nil
	}
	header = append([]string(nil), header...)
	pos := map[string]int{}
	for i, h := range header {
		pos[strings.TrimSpace(h)] = i
	}
	// Exact header match first, then the loose match.
	loose := newColumns(header)
	col := map[string]int{}
	for _, f := range mappingFields {
		want, ok := m.Columns[f]
		if !ok {
			col[f] = -1
			continue
		}
		if i, ok := pos[strings.TrimSpace(want)]; ok {
			col[f] = i
		} else if i := loose.find(headerKey(want)); i >= 0 {
			col[f] = i
		} else {
			im.rowErr(1, want, "the mapping names column %q for %s but the header has no such column", want, f)
		}
	}
	if !im.errs.Empty() {
		return nil
	}
	cols := columns{header: header}
	im.fieldCols = m.Columns
	var fixed needs.Indicator
	fixedOK := false
	if col["indicator_id"] < 0 {
		existing, found := im.Catalogue.Get(m.Indicator.ID)
		fixed = m.Indicator.indicator(existing, found)
		im.Catalogue.Put(fixed)
		if !found {
			im.summary.NewIndicators = append(im.summary.NewIndicators, fixed)
		}
		fixedOK = true
	} else if m.Indicator != nil && m.Indicator.ID > 0 {
		existing, found := im.Catalogue.Get(m.Indicator.ID)
		ind := m.Indicator.indicator(existing, found)
		im.Catalogue.Put(ind)
		if !found {
			im.summary.NewIndicators = append(im.summary.NewIndicators, ind)
		}
	}
	defSex := orDefault(m.Defaults["sex"], "Persons")
	defAge := orDefault(m.Defaults["age"], "All ages")
	line := 1
	width := len(header)
	for {
		rec, err := src.next()
		if err == io.EOF {
			return nil
		}
		line++
		if err != nil {
			im.errs.Add(csvErr(err))
			return nil
		}
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		if len(rec) > width {
			im.rowErr(line, "", "the row has %d columns but the header has %d", len(rec), width)
			continue
		}
		before := len(im.errs.Errors) + im.errs.More
		ind := fixed
		ok := fixedOK
		var id int
		if !fixedOK {
			id, ok = im.intCell(line, cols, rec, col["indicator_id"], "indicator id")
			if ok {
				ind, ok = im.indicatorFor(id, cell(rec, col["indicator_name"]))
				if !ok {
					im.rowErr(line, cols.name(col["indicator_id"]), "indicator %d is not in the catalogue; name it in an indicator_name column or the mapping", id)
				}
			}
		}
		p := needs.NewDataPoint()
		p.IndicatorID = ind.ID
		p.AreaCode = cell(rec, col["area_code"])
		if !checkAreaCode(p.AreaCode) {
			im.rowErr(line, cols.name(col["area_code"]), "%q is not an area code (letters and digits, like E06000001)", clip(p.AreaCode))
		}
		p.AreaName = cell(rec, col["area_name"])
		period, perr := im.period(cell(rec, col["period"]), ind.PeriodType)
		if perr != nil {
			im.rowErr(line, cols.name(col["period"]), "%s", perr.Error())
		}
		p.Period = period
		p.Sex = orDefault(cell(rec, col["sex"]), defSex)
		p.Age = orDefault(cell(rec, col["age"]), defAge)
		p.CategoryType = cell(rec, col["category_type"])
		p.Category = cell(rec, col["category"])
		if p.Category != "" && p.CategoryType == "" {
			p.CategoryType = "Category"
		}
		p.Value = im.numberCell(line, cols, rec, col["value"])
		p.Lower95 = im.numberCell(line, cols, rec, col["lower_ci_95"])
		p.Upper95 = im.numberCell(line, cols, rec, col["upper_ci_95"])
		p.Lower998 = im.numberCell(line, cols, rec, col["lower_ci_99_8"])
		p.Upper998 = im.numberCell(line, cols, rec, col["upper_ci_99_8"])
		p.Count = im.numberCell(line, cols, rec, col["count"])
		p.Denominator = im.numberCell(line, cols, rec, col["denominator"])
		p.Note = cell(rec, col["note"])
		if len(im.errs.Errors)+im.errs.More > before {
			continue
		}
		if err := im.deliver(line, p, ind, emit); err != nil {
			return err
		}
	}
}
