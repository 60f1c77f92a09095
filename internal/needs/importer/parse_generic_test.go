package importer

import (
	"bytes"
	"github.com/placeboard/placeboard/internal/needs"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const smokingMapping = `{
  "columns": {"area_code": "LA code", "area_name": "LA", "period": "Year", "count": "Smokers", "denominator": "Maternities"},
  "indicator": {"id": 900001, "name": "Smoking at delivery (local)", "value_type": "proportion",
                "polarity": "low_is_good", "benchmark_method": "ci_overlap_95", "period_type": "financial"}
}`

func mustMapping(t testing.TB, s string) *Mapping {
	t.Helper()
	m, err := ParseMapping(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestGenericCSVComputesFromCounts(t *testing.T) {
	file := "LA code,LA,Year,Smokers,Maternities\nE06000001,Hartlepool,2022/23,120,1000\nE06000002,Middlesbrough,2022/23,0,1500\n"
	im := &Importer{Catalogue: seed(t), Mapping: mustMapping(t, smokingMapping)}
	sum, pts, err := collect(t, im, needs.FormatGeneric, "local.csv", strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.NewIndicators) != 1 || sum.NewIndicators[0].Multiplier != 100 || sum.NewIndicators[0].Polarity != needs.LowIsGood {
		t.Errorf("new indicators %+v", sum.NewIndicators)
	}
	if len(pts) != 2 || pts[0].Value != 12 || pts[0].Origin != needs.OriginComputed || pts[0].Period.Type != needs.PeriodFinancial {
		t.Fatalf("points %+v", pts)
	}
	// Zero events: Wilson gives a lower limit of exactly 0 and a positive upper.
	if pts[1].Value != 0 || pts[1].Lower95 != 0 || !(pts[1].Upper95 > 0) {
		t.Errorf("zero-count point %+v", pts[1])
	}
}

func TestGenericXLSX(t *testing.T) {
	f := excelize.NewFile()
	sheet := "Data"
	f.SetSheetName("Sheet1", sheet)
	rows := [][]any{
		{"LA code", "LA", "Year", "Smokers", "Maternities"},
		{"E06000001", "Hartlepool", "2022/23", 120, 1000},
		{"E06000002", "Middlesbrough", "2022/23", 90, 1500},
	}
	for i, r := range rows {
		cellName, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cellName, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	m := mustMapping(t, strings.Replace(smokingMapping, `"columns"`, `"sheet": "Data", "columns"`, 1))
	im := &Importer{Catalogue: seed(t), Mapping: m}
	_, pts, err := collect(t, im, needs.FormatGeneric, "local.xlsx", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 || math.Abs(pts[1].Value-6) > 1e-12 {
		t.Fatalf("points %+v", pts)
	}
	m.Sheet = "Nope"
	_, _, err = collect(t, &Importer{Catalogue: seed(t), Mapping: m}, needs.FormatGeneric, "local.xlsx", bytes.NewReader(buf.Bytes()))
	if ie, ok := needs.AsImportError(err); !ok || ie.Errors[0].Column != "sheet" || !strings.Contains(ie.Errors[0].Message, "Data") {
		t.Errorf("missing sheet err = %v", err)
	}
}

func TestMappingErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name, mapping, field string
	}{
		{"not json", `{`, "mapping"},
		{"unknown top-level", `{"colums": {}}`, "mapping"},
		{"unknown column field", `{"columns": {"area_code": "a", "period": "p", "value": "v", "colour": "c"}, "indicator": {"id": 1}}`, "columns.colour"},
		{"no area", `{"columns": {"period": "p", "value": "v"}, "indicator": {"id": 1}}`, "columns.area_code"},
		{"no value", `{"columns": {"area_code": "a", "period": "p"}, "indicator": {"id": 1}}`, "columns.value"},
		{"no indicator", `{"columns": {"area_code": "a", "period": "p", "value": "v"}}`, "indicator.id"},
		{"bad polarity", `{"columns": {"area_code": "a", "period": "p", "value": "v"}, "indicator": {"id": 1, "polarity": "sideways"}}`, "indicator.polarity"},
		{"bad value type", `{"columns": {"area_code": "a", "period": "p", "value": "v"}, "indicator": {"id": 1, "value_type": "vibes"}}`, "indicator.value_type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseMapping(strings.NewReader(tc.mapping))
			ie, ok := needs.AsImportError(err)
			if !ok {
				t.Fatalf("err = %v", err)
			}
			found := false
			for _, e := range ie.Errors {
				if e.Column == tc.field {
					found = true
				}
			}
			if !found {
				t.Errorf("errors %+v do not name %s", ie.Errors, tc.field)
			}
		})
	}
}

func TestGenericMissingColumnIsReported(t *testing.T) {
	im := &Importer{Catalogue: seed(t), Mapping: mustMapping(t, smokingMapping)}
	_, _, err := collect(t, im, needs.FormatGeneric, "x.csv", strings.NewReader("LA code,Year,Smokers,Maternities\nE06000001,2022/23,1,2\n"))
	ie, ok := needs.AsImportError(err)
	if !ok || ie.Errors[0].Line != 1 || ie.Errors[0].Column != "LA" {
		t.Errorf("err = %v", err)
	}
}

func FuzzImportGeneric(f *testing.F) {
	f.Add("LA code,LA,Year,Smokers,Maternities\nE06000001,Hartlepool,2022/23,120,1000\n")
	f.Add("LA code,LA,Year,Smokers,Maternities\nE06000001,\"Hart\"\"pool\",2022/23,1e3,1e2\n,,,,\n")
	f.Fuzz(func(t *testing.T, s string) {
		im := &Importer{Catalogue: needs.NewCatalogue(nil), Mapping: mustMapping(t, smokingMapping)}
		_, _ = im.Import(needs.FormatGeneric, "f.csv", strings.NewReader(s), func(int, needs.DataPoint) error { return nil })
	})
}

func FuzzParseMapping(f *testing.F) {
	f.Add(smokingMapping)
	f.Add(`{"columns": {"area_code": "a"}}`)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMapping(strings.NewReader(s))
		if err == nil && m == nil {
			t.Fatal("nil mapping without error")
		}
	})
}
