package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestEmbeddedTemplates(t *testing.T) {
	ts, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) < 2 {
		t.Fatalf("%d templates", len(ts))
	}
	for _, c := range []struct{ kind, year, id string }{
		{KindPlan, "2025-26", "bcf-plan-2025-26"},
		{KindQuarterlyReturn, "2025-26", "bcf-quarterly-return-2025-26"},
	} {
		tp, err := ForYear(c.kind, c.year)
		if err != nil {
			t.Fatal(err)
		}
		if tp.ID != c.id || !tp.Illustrative || !strings.Contains(tp.Note, "Illustrative") {
			t.Errorf("%s %s: got %s illustrative=%v note %q", c.kind, c.year, tp.ID, tp.Illustrative, tp.Note)
		}
		if tp.Sheet("expenditure") == nil || tp.Sheet("income") == nil {
			t.Errorf("%s lacks the income or expenditure sheet", tp.ID)
		}
	}
	if _, err := ForYear(KindPlan, "2019-20"); !errors.Is(err, ErrNoTemplate) {
		t.Errorf("2019-20: %v, want ErrNoTemplate", err)
	}
}

func TestParseTemplateRejects(t *testing.T) {
	ok := `{"id":"x","kind":"plan","year":"2025-26","title":"T","sheets":[{"key":"a","name":"A","columns":[{"key":"c","title":"C"}]}]}`
	if _, err := ParseTemplate([]byte(ok)); err != nil {
		t.Fatalf("valid template: %v", err)
	}
	for name, js := range map[string]string{
		"not json":          `{`,
		"unknown field":     `{"id":"x","kind":"plan","year":"y","title":"T","bogus":1,"sheets":[{"key":"a","name":"A","columns":[{"key":"c","title":"C"}]}]}`,
		"trailing":          ok + `{}`,
		"no id":             strings.Replace(ok, `"id":"x"`, `"id":""`, 1),
		"bad kind":          strings.Replace(ok, `"plan"`, `"budget"`, 1),
		"no year":           strings.Replace(ok, `"2025-26"`, `""`, 1),
		"no sheets":         `{"id":"x","kind":"plan","year":"y","title":"T","sheets":[]}`,
		"illustrative bare": strings.Replace(ok, `"title":"T"`, `"title":"T","illustrative":true`, 1),
		"cover key":         strings.Replace(ok, `"key":"a"`, `"key":"cover"`, 1),
		"cover name":        strings.Replace(ok, `"name":"A"`, `"name":"cover"`, 1),
		"bad sheet name":    strings.Replace(ok, `"name":"A"`, `"name":"A/B"`, 1),
		"no columns":        `{"id":"x","kind":"plan","year":"y","title":"T","sheets":[{"key":"a","name":"A","columns":[]}]}`,
		"repeated column":   strings.Replace(ok, `{"key":"c","title":"C"}`, `{"key":"c","title":"C"},{"key":"c","title":"D"}`, 1),
		"untitled column":   strings.Replace(ok, `"title":"C"`, `"title":""`, 1),
	} {
		if _, err := ParseTemplate([]byte(js)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseTemplate(f *testing.F) {
	for _, name := range []string{"templates/bcf-plan-2025-26.json", "templates/bcf-quarterly-return-2025-26.json"} {
		b, err := templateFS.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"x","kind":"plan","year":"y","title":"T","sheets":[{"key":"a","name":"A","columns":[{"key":"c","title":"C","money":true}]}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tp, err := ParseTemplate(b)
		if err != nil {
			return
		}
		// Whatever parses can be filled and written.
		wb := New(tp)
		for _, s := range tp.Sheets {
			r := Row{Text: map[string]string{}, Pence: map[string]int64{}}
			for _, c := range s.Columns {
				if c.Money {
					r.Pence[c.Key] = 12345
				} else {
					r.Text[c.Key] = "=x"
				}
			}
			if err := wb.Add(s.Key, r); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := wb.WriteCSV(&buf, s.Key); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := wb.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPlainPounds(t *testing.T) {
	for _, c := range []struct {
		in   int64
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {-5, "-0.05"}, {123456, "1234.56"}, {100000001, "1000000.01"},
		{math.MinInt64, "-92233720368547758.08"}, {math.MaxInt64, "92233720368547758.07"},
	} {
		if got := PlainPounds(c.in); got != c.want {
			t.Errorf("PlainPounds(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

// parsePence reads "1234.56" back to pence without floating point.
func parsePence(t *testing.T, s string) int64 {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	frac = (frac + "00")[:2]
	w, err1 := strconv.ParseInt(whole, 10, 64)
	p, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("not an amount: %q", s)
	}
	if neg {
		return -(w*100 + p)
	}
	return w*100 + p
}

func samplePlan(t *testing.T) *Workbook {
	t.Helper()
	tp, err := ForYear(KindPlan, "2025-26")
	if err != nil {
		t.Fatal(err)
	}
	wb := New(tp, CoverLine{"Health and wellbeing board", "Hartlepool"})
	// 1,000,000.01 split three ways, and an awkward odd penny.
	income := []Row{
		{Text: map[string]string{"partner": "ICB", "source": "NHS minimum contribution"}, Pence: map[string]int64{"amount": 47_500_001}},
		{Text: map[string]string{"partner": "Council", "source": "Local Authority BCF grant"}, Pence: map[string]int64{"amount": 32_500_000}},
		{Text: map[string]string{"partner": "=cmd|' /C calc'!A0", "source": "DFG"}, Pence: map[string]int64{"amount": 20_000_000}},
	}
	if err := wb.Add("income", income...); err != nil {
		t.Fatal(err)
	}
	exp := []Row{
		{Text: map[string]string{"scheme_id": "S1", "scheme_name": "Reablement"}, Pence: map[string]int64{"amount": 60_000_001}},
		{Text: map[string]string{"scheme_id": "S2", "scheme_name": "Carers"}, Pence: map[string]int64{"amount": 39_999_999}},
		{Text: map[string]string{"scheme_id": "S3", "scheme_name": "Refund"}, Pence: map[string]int64{"amount": -1}},
	}
	if err := wb.Add("expenditure", exp...); err != nil {
		t.Fatal(err)
	}
	return wb
}

func TestCSVAndXLSXTotals(t *testing.T) {
	wb := samplePlan(t)
	if got := wb.Total("income", "amount"); got != 100_000_001 {
		t.Fatalf("income total %d", got)
	}
	for _, c := range []struct {
		sheet, col string
		colIdx     int
		want       int64
	}{
		{"income", "amount", 4, 100_000_001},
		{"expenditure", "amount", 8, 99_999_999},
	} {
		var buf bytes.Buffer
		if err := wb.WriteCSV(&buf, c.sheet); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		last := recs[len(recs)-1]
		if last[0] != "Total" {
			t.Errorf("%s: last row %v is not the total", c.sheet, last)
		}
		var sum int64
		for _, r := range recs[1 : len(recs)-1] {
			sum += parsePence(t, r[c.colIdx])
		}
		if total := parsePence(t, last[c.colIdx]); total != c.want || sum != c.want {
			t.Errorf("%s CSV: rows sum to %d, total row %d, want %d", c.sheet, sum, total, c.want)
		}
	}
	var buf bytes.Buffer
	if err := wb.WriteCSV(&buf, "income"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "'=cmd") {
		t.Error("formula in a text cell was not neutralised")
	}
	if err := wb.WriteCSV(&buf, "metrics"); err == nil {
		t.Error("unknown sheet written")
	}

	var xb bytes.Buffer
	if err := wb.WriteXLSX(&xb); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xb, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, "|") != "Cover|Income|Expenditure" {
		t.Errorf("sheets %v", got)
	}
	cover, _ := f.GetRows("Cover")
	var illustrative bool
	for _, r := range cover {
		if len(r) > 1 && r[0] == "Illustrative" && strings.Contains(r[1], "not seen") {
			illustrative = true
		}
	}
	if !illustrative {
		t.Errorf("cover does not say the template is illustrative: %v", cover)
	}
	rows, _ := f.GetRows("Expenditure")
	last := rows[len(rows)-1]
	if last[0] != "Total" || parsePence(t, last[8]) != 99_999_999 {
		t.Errorf("XLSX expenditure total row %v", last)
	}
	typ, _ := f.GetCellType("Expenditure", "I2")
	if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("money cell type %v, want a number", typ)
	}
	if v, _ := f.GetCellValue("Expenditure", "I4"); v != "-0.01" {
		t.Errorf("negative penny written as %q", v)
	}
}

func TestAddRejectsUnknownColumns(t *testing.T) {
	wb := samplePlan(t)
	for name, r := range map[string]Row{
		"money in text": {Pence: map[string]int64{"partner": 1}},
		"text in money": {Text: map[string]string{"amount": "1"}},
		"unknown":       {Text: map[string]string{"colour": "red"}},
	} {
		if err := wb.Add("income", r); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := wb.Add("nope", Row{}); err == nil {
		t.Error("unknown sheet accepted")
	}
}

func TestFileName(t *testing.T) {
	wb := samplePlan(t)
	if got := wb.FileName("Hartlepool BCF 2025-26", "expenditure", "csv"); got != "hartlepool-bcf-2025-26-bcf-plan-2025-26-illustrative-expenditure.csv" {
		t.Errorf("file name %q", got)
	}
	if got := wb.FileName("X", "", "xlsx"); got != "x-bcf-plan-2025-26-illustrative.xlsx" {
		t.Errorf("file name %q", got)
	}
}
