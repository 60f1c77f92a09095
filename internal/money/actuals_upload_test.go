package money

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

// CheckActuals is the one rule for whether a file's rows fit a fund: the
// door applies it before queuing, the job again inside its transaction.
func TestCheckActuals(t *testing.T) {
	f := Fund{FinancialYear: "2025-26"}
	schemes := []Scheme{{Ref: "S01"}, {Ref: "S02"}}
	closed := []string{"2025-04"}
	row := func(n int, period, scheme string, amount Pence) ActualRow {
		return ActualRow{Row: n, Period: period, SchemeRef: scheme, Amount: amount}
	}
	tests := []struct {
		name  string
		rows  []ActualRow
		want  []validation.FieldError // nil: accepted
		total Pence
	}{
		{"fits", []ActualRow{row(2, "2025-05", "S01", 100), row(3, "2026-03", "S02", 250)}, nil, 350},
		{"unknown scheme", []ActualRow{row(2, "2025-05", "S01", 100), row(3, "2025-05", "S09", 1)}, []validation.FieldError{{Row: 3, Field: "scheme"}}, 0},
		{"month of another year", []ActualRow{row(2, "2026-04", "S01", 100)}, []validation.FieldError{{Row: 2, Field: "period"}}, 0},
		{"closed month", []ActualRow{row(2, "2025-04", "S01", 100)}, []validation.FieldError{{Row: 2, Field: "period"}}, 0},
		{"nothing to post", []ActualRow{row(2, "2025-05", "S01", 0)}, []validation.FieldError{{Row: 2, Field: "amount"}}, 0},
		{"two problems on one row", []ActualRow{row(4, "2024-05", "S07", 5)}, []validation.FieldError{{Row: 4, Field: "scheme"}, {Row: 4, Field: "period"}}, 0},
		{"no rows", nil, []validation.FieldError{{Row: 2, Field: "file"}}, 0},
		// Each amount is at most £1 trillion; a file adding up to more is
		// refused at the row that passes it, or its total (and the fund's
		// sums) would overflow int64.
		{"the file's total past £1 trillion", []ActualRow{row(2, "2025-05", "S01", Pounds(maxPounds)), row(3, "2025-05", "S02", 1), row(4, "2025-05", "S02", Pounds(maxPounds))},
			[]validation.FieldError{{Row: 3, Field: "amount"}}, 0},
		{"£1 trillion in all", []ActualRow{row(2, "2025-05", "S01", Pounds(maxPounds)-1), row(3, "2025-05", "S02", 1)}, nil, Pounds(maxPounds)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			total, err := CheckActuals(f, schemes, closed, tc.rows)
			if tc.want == nil {
				if err != nil || total != tc.total {
					t.Fatalf("got %s, %v; want %s accepted", total, err, tc.total)
				}
				return
			}
			ve, ok := validation.As(err)
			if !ok || len(ve.Fields) != len(tc.want) {
				t.Fatalf("got %v, want problems %v", err, tc.want)
			}
			for i, w := range tc.want {
				if ve.Fields[i].Row != w.Row || ve.Fields[i].Field != w.Field || ve.Fields[i].Message == "" {
					t.Errorf("problem %d: %+v, want row %d column %s with a message", i, ve.Fields[i], w.Row, w.Field)
				}
			}
		})
	}
	// A file full of problems stops at MaxActualsErrors.
	var many []ActualRow
	for i := 0; i < 3*MaxActualsErrors; i++ {
		many = append(many, row(i+2, "2025-05", "S99", 1))
	}
	if _, err := CheckActuals(f, schemes, closed, many); err == nil {
		t.Fatal("accepted")
	} else if ve, _ := validation.As(err); len(ve.Fields) != MaxActualsErrors {
		t.Errorf("%d problems reported, want %d", len(ve.Fields), MaxActualsErrors)
	}
}

func TestActualsUploadPercent(t *testing.T) {
	tests := []struct {
		up   ActualsUpload
		want int
	}{
		{ActualsUpload{State: UploadQueued, RowsTotal: 10}, 0},
		{ActualsUpload{State: UploadRunning, RowsTotal: 200, RowsDone: 50}, 25},
		{ActualsUpload{State: UploadRunning, RowsTotal: 0}, 0},
		{ActualsUpload{State: UploadDone, RowsTotal: 10, RowsDone: 3}, 100},
	}
	for _, tc := range tests {
		if got := tc.up.Percent(); got != tc.want {
			t.Errorf("%+v: %d%%, want %d%%", tc.up, got, tc.want)
		}
	}
}

// A fund keeps at most MaxPendingUploads uploads waiting or running: the
// one that would go past the cap is refused, and one ending frees a place.
func TestCheckPendingUploads(t *testing.T) {
	tests := []struct {
		pending int
		refused bool
	}{
		{0, false},
		{MaxPendingUploads - 1, false},
		{MaxPendingUploads, true},
		{MaxPendingUploads + 5, true},
	}
	for _, tc := range tests {
		err := CheckPendingUploads(tc.pending)
		if got := errors.Is(err, ErrTooManyUploads); got != tc.refused {
			t.Errorf("%d pending: %v, want refused %v", tc.pending, err, tc.refused)
		}
	}
	if !strings.Contains(ErrTooManyUploads.Error(), strconv.Itoa(MaxPendingUploads)) {
		t.Errorf("the message does not say the cap: %v", ErrTooManyUploads)
	}
}

func TestUploadFileName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"august.csv", "august.csv"},
		{`C:\Users\pat\august.csv`, "august.csv"},
		{"a/b/august.csv", "august.csv"},
		{strings.Repeat("é", 150), strings.Repeat("é", 100)},
		{"x" + strings.Repeat("é", 150), "x" + strings.Repeat("é", 99)},
		{"bad\xffname.csv", "badname.csv"},
		{"", ""},
	} {
		if got := UploadFileName(tc.in); got != tc.want || len(got) > MaxUploadFileName {
			t.Errorf("UploadFileName(%.30q) = %.30q (%d bytes), want %.30q", tc.in, got, len(got), tc.want)
		}
	}
}
