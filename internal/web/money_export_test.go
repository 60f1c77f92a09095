package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
)

var moneyAllPostings = store.MoneyLedgerFilter{}

// TestMoneyExportsBalance: the plan and the quarterly returns, downloaded
// as CSV and XLSX, total exactly what the ledger holds, in pence: income
// equals the contributions, the plan's expenditure the budgets allocated,
// and the year-end return's actuals the spend posted.
func TestMoneyExportsBalance(t *testing.T) {
	srv, w := moneyServer(t)
	officer, _ := srv.As(t, auth.RoleOfficer, w.Partnership.ID, false)
	pos, err := srv.Store.MoneyPosition(context.Background(), w.Fund.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pos.Contributions == 0 || pos.Allocated == 0 || pos.Spent == 0 {
		t.Fatalf("the fixture has nothing to export: %+v", pos)
	}
	fund := "/money/funds/" + strconv.FormatInt(w.Fund.ID, 10) + "/exports/"
	// The totals the year-end return must show for the year so far.
	var q1Actual money.Pence
	ledger, err := srv.Store.MoneyLedger(context.Background(), w.Fund.ID, moneyAllPostings)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ledger {
		if p.Kind == money.KindActual && p.Period <= "2025-06" {
			q1Actual += p.Amount * money.Pence(p.Sign())
		}
	}
	for _, tt := range []struct {
		name, csvPath, xlsxPath, sheet, column string
		want                                   money.Pence
	}{
		{"plan income", fund + "plan.csv?sheet=income", fund + "plan.xlsx", "Income", "Income (£)", pos.Contributions},
		{"plan expenditure", fund + "plan.csv?sheet=expenditure", fund + "plan.xlsx", "Expenditure", "Expenditure (£)", pos.Allocated},
		{"Q4 return plan", fund + "return.csv?quarter=4&sheet=expenditure", fund + "return.xlsx?quarter=4", "Income and expenditure", "Planned expenditure for the year (£)", pos.Allocated},
		{"Q4 return actuals", fund + "return.csv?quarter=4&sheet=expenditure", fund + "return.xlsx?quarter=4", "Income and expenditure", "Actual to the end of the quarter (£)", pos.Spent},
		{"Q1 return actuals", fund + "return.csv?quarter=1&sheet=expenditure", fund + "return.xlsx?quarter=1", "Income and expenditure", "Actual to the end of the quarter (£)", q1Actual},
		{"Q2 return income", fund + "return.csv?quarter=2&sheet=income", fund + "return.xlsx?quarter=2", "Income", "Planned income for the year (£)", pos.Contributions},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := get(t, officer, srv.URL, tt.csvPath)
			if status != 200 {
				t.Fatalf("CSV: status %d", status)
			}
			recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			rowsSum, total := columnTotals(t, recs, tt.column)
			if rowsSum != tt.want || total != tt.want {
				t.Errorf("CSV: rows sum to %s and the total row says %s; the ledger has %s", rowsSum, total, tt.want)
			}

			status, body = get(t, officer, srv.URL, tt.xlsxPath)
			if status != 200 {
				t.Fatalf("XLSX: status %d", status)
			}
			f, err := excelize.OpenReader(bytes.NewReader([]byte(body)), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			rowsSum, total = columnTotals(t, rows, tt.column)
			if rowsSum != tt.want || total != tt.want {
				t.Errorf("XLSX: rows sum to %s and the total row says %s; the ledger has %s", rowsSum, total, tt.want)
			}
			cover, _ := f.GetRows("Cover")
			if !strings.Contains(strings.Join(flatten(cover), "|"), "Illustrative") {
				t.Errorf("the workbook's cover does not say the template is illustrative: %v", cover)
			}
		})
	}
}

// columnTotals sums column (named in the header row) over the rows before
// the last, and reads the last (total) row.
func columnTotals(t *testing.T, rows [][]string, column string) (sum, total money.Pence) {
	t.Helper()
	if len(rows) < 3 {
		t.Fatalf("only %d rows", len(rows))
	}
	col := -1
	for i, h := range rows[0] {
		if h == column {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no column %q in %v", column, rows[0])
	}
	cell := func(r []string) money.Pence {
		if col >= len(r) || r[col] == "" {
			return 0
		}
		p, err := money.ParsePence(r[col])
		if err != nil {
			t.Fatalf("cell %q: %v", r[col], err)
		}
		return p
	}
	for _, r := range rows[1 : len(rows)-1] {
		sum += cell(r)
	}
	last := rows[len(rows)-1]
	if last[0] != "Total" {
		t.Fatalf("last row %v is not the total", last)
	}
	return sum, cell(last)
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
