package money

import (
	"os"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

func TestParseActualsCSV(t *testing.T) {
	f, err := os.Open("testdata/actuals-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ParseActualsCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Amount != 1_250_000 || rows[2].Amount != 1_250_050 || rows[2].Row != 4 || rows[1].SchemeRef != "S02" || rows[0].Reference != "INV-1001" {
		t.Errorf("rows %+v", rows)
	}
	tests := []struct {
		name  string
		in    string
		row   int
		field string
	}{
		{"no scheme column", "period,amount\n2025-04,1\n", 1, "scheme"},
		{"no period or date", "scheme,amount\nS01,1\n", 1, "period"},
		{"bad amount", "period,scheme,amount\n2025-04,S01,1\n2025-04,S01,12.345\n", 3, "amount"},
		{"negative amount", "period,scheme,amount\n2025-04,S01,-5\n", 2, "amount"},
		{"bad month", "period,scheme,amount\n2025-13,S01,5\n", 2, "period"},
		{"bad date", "date,scheme,amount\n31/02/2025,S01,5\n", 2, "date"},
		{"blank scheme", "period,scheme,amount\n2025-04,,5\n", 2, "scheme"},
		{"no rows", "period,scheme,amount\n", 2, "file"},
		{"empty file", "", 1, "file"},
		{"broken quoting", "period,scheme,amount\n2025-04,\"S01,5\n", 2, "file"},
		// Rows as a spreadsheet numbers them: a blank line is a row, a
		// cell over two lines is one.
		{"after a blank line", "period,scheme,amount\n\n2025-04,S01,-5\n", 3, "amount"},
		{"after blank lines, CRLF", "period,scheme,amount\r\n2025-04,S01,5\r\n\r\n\r\n2025-04,S01,-5\r\n", 5, "amount"},
		{"after a cell over two lines", "period,scheme,amount,description\n2025-04,S01,5,\"two\nlines\"\n\n2025-04,S01,-5,x\n", 4, "amount"},
		{"broken quoting after a blank line", "period,scheme,amount\n2025-04,\"S01\nx\",5\n\n2025-04,\"S01,5\n", 4, "file"},
		// A scheme reference is short: a huge cell is refused, not echoed
		// back in the message that the fund has no such scheme.
		{"huge scheme cell", "period,scheme,amount\n2025-04," + strings.Repeat("x", 1<<20) + ",5\n", 2, "scheme"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := ParseActualsCSV(strings.NewReader(tc.in))
			ve, ok := validation.As(err)
			if !ok || rows != nil {
				t.Fatalf("want a validation error and no rows, got %v, %d rows", err, len(rows))
			}
			if ve.Fields[0].Row != tc.row || ve.Fields[0].Field != tc.field {
				t.Errorf("got row %d column %s (%v), want row %d column %s", ve.Fields[0].Row, ve.Fields[0].Field, err, tc.row, tc.field)
			}
		})
	}
	// Excel's UTF-8 byte order mark before a quoted header, line ends CRLF.
	rows, err = ParseActualsCSV(strings.NewReader("\ufeff\"period\",\"scheme\",\"amount\"\r\n\"2025-04\",\"S01\",\"1,234.56\"\r\n"))
	if err != nil || len(rows) != 1 || rows[0].Period != "2025-04" || rows[0].SchemeRef != "S01" || rows[0].Amount != 123456 || rows[0].Row != 2 {
		t.Errorf("BOM and quoted header: %+v %v", rows, err)
	}
	// Dates become months; header names are matched loosely.
	rows, err = ParseActualsCSV(strings.NewReader("Posting Date,Scheme_Ref,Amount GBP\n15/04/2025,S01,10\n"))
	if err != nil || rows[0].Period != "2025-04" || rows[0].Amount != 1000 {
		t.Errorf("date file: %+v %v", rows, err)
	}
}

func FuzzParseActualsCSV(f *testing.F) {
	b, err := os.ReadFile("testdata/actuals-sample.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add("date,scheme,amount\n15/04/2025,S01,10\n")
	f.Add("period,scheme,amount\n2025-04,\"S01,5\n")
	f.Add("\ufeffperiod,scheme,amount,amount\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ParseActualsCSV(strings.NewReader(s))
		if err != nil {
			ve, ok := validation.As(err)
			if !ok || len(ve.Fields) == 0 || rows != nil {
				t.Fatalf("error %v is not a field error with no rows", err)
			}
			for _, fe := range ve.Fields {
				if fe.Row < 1 || fe.Field == "" {
					t.Fatalf("problem without a row or column: %+v", fe)
				}
			}
			return
		}
		for _, r := range rows {
			if r.Amount <= 0 || !ValidPeriod(r.Period) || r.SchemeRef == "" || r.Row < 2 {
				t.Fatalf("accepted a bad row %+v", r)
			}
		}
	})
}

func TestForecastFund(t *testing.T) {
	fy := "2025-26"
	schemes := []Scheme{{ID: 1, Ref: "S01"}, {ID: 2, Ref: "S02"}}
	ps := []Posting{
		{ID: 1, Kind: KindContribution, Amount: 10_000},
		{ID: 2, Kind: KindBudget, SchemeID: 1, Amount: 1_200},
		{ID: 3, Kind: KindBudget, SchemeID: 2, Amount: 1_000},
		{ID: 4, Kind: KindCommitment, SchemeID: 1, Period: "2025-04", Amount: 1_200, Profile: EvenProfile(1_200, Periods(fy))},
		{ID: 5, Kind: KindCommitment, SchemeID: 2, Period: "2025-10", Amount: 600}, // no profile: Oct-Mar, 100 a month
		{ID: 6, Kind: KindActual, SchemeID: 1, Period: "2025-04", Amount: 500},
		{ID: 7, Kind: KindActual, SchemeID: 1, Period: "2025-05", Amount: 100},
		{ID: 8, Kind: KindActual, SchemeID: 1, Period: "2025-05", Amount: 100, ReversesID: 7},
		{ID: 9, Kind: KindActual, SchemeID: 1, Period: "2025-07", Amount: 999}, // after the as-of month
	}
	f := ForecastFund(fy, "2025-05", schemes, ps)
	s1, s2 := f.Schemes[0], f.Schemes[1]
	// S01: actual 500 to date + 10 months × 100 profiled = 1,500 against 1,200.
	if s1.Actual != 500 || s1.Remaining != 1_000 || s1.Forecast != 1_500 || s1.Variance != -300 || !s1.Overspend {
		t.Errorf("S01 %+v", s1)
	}
	if s2.Remaining != 600 || s2.Forecast != 600 || s2.Variance != 400 || s2.Overspend {
		t.Errorf("S02 %+v", s2)
	}
	if len(f.Alerts) != 1 || f.Alerts[0].SchemeID != 1 || f.Available != 10_000 {
		t.Errorf("alerts %+v available %s", f.Alerts, f.Available)
	}
	if len(f.Months) != 12 || f.Months[0].Planned != 100 || f.Months[0].Actual != 500 || f.Months[6].Planned != 200 {
		t.Errorf("months %+v", f.Months)
	}
}
