package money

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/validation"
)

// ActualRow is one line of a finance system's actuals export.
type ActualRow struct {
	Row       int    `json:"row"` // the file's row, 1 being the header
	Period    string `json:"period"`
	SchemeRef string `json:"scheme"`
	Amount    Pence  `json:"amount_pence"`
	Reference string `json:"reference"`
	Memo      string `json:"description"`
}

// Actuals CSV columns. period (or date), scheme and amount are required;
// reference and description are optional. Header names are matched without
// regard to case, spaces or underscores.
var actualsColumns = map[string]string{
	"period": "period", "month": "period", "date": "date", "postingdate": "date",
	"scheme": "scheme", "schemeref": "scheme", "schemeid": "scheme",
	"amount": "amount", "amountgbp": "amount", "value": "amount",
	"reference": "reference", "invoice": "reference", "ref": "reference",
	"description": "description", "memo": "description", "narrative": "description",
}

// maxSchemeRefBytes bounds a scheme reference in a file of actuals: the
// template's are like "S01", and a longer cell is not one of the fund's.
const maxSchemeRefBytes = 200

// MaxActualsErrors caps the problems one file reports.
const MaxActualsErrors = 50

// ErrNoActuals: the file has a header and no rows.
var ErrNoActuals = errors.New("the file has no rows of actuals")

// ParseActualsCSV reads a finance CSV of actuals. Every problem is reported
// with the row (as a spreadsheet numbers it, the header being row 1) and
// the column; a file with any problem gives no rows, so nothing is posted.
// Amounts are pounds and pence ("1234.56", "1,234.56", "£12"); months are
// "2025-04" or dates "2025-04-15" or "15/04/2025".
func ParseActualsCSV(r io.Reader) ([]ActualRow, error) {
	// Excel's "CSV UTF-8" starts with a byte order mark: dropped before
	// the CSV reader sees it, so that a quoted first header ("period")
	// is not a bare quote after it.
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var errs validation.Errors
	head, err := cr.Read()
	if err != nil {
		errs.AddRow(1, "file", "The file must be CSV with a header row: period, scheme, amount, reference, description")
		return nil, &errs
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.TrimPrefix(h, "\ufeff")
		k := strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(h)))
		if name, ok := actualsColumns[k]; ok {
			if _, dup := col[name]; dup {
				errs.AddRow(1, name, "The column "+name+" appears twice")
			}
			col[name] = i
		}
	}
	_, hasPeriod := col["period"]
	_, hasDate := col["date"]
	if !hasPeriod && !hasDate {
		errs.AddRow(1, "period", "Add a period column (like 2025-04) or a date column")
	}
	for _, c := range []string{"scheme", "amount"} {
		if _, ok := col[c]; !ok {
			errs.AddRow(1, c, "Add a "+c+" column")
		}
	}
	if len(errs.Fields) > 0 {
		return nil, &errs
	}
	cell := func(rec []string, name string) (string, bool) {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return "", ok
		}
		return strings.TrimSpace(rec[i]), true
	}
	// Rows are numbered as a spreadsheet numbers them: the CSV reader
	// skips blank lines, which are rows there, and a quoted cell over
	// several lines is one row, so a row is the last one's number, plus
	// one, plus the blank lines between their lines.
	endLine := func(rec []string) int {
		line, _ := cr.FieldPos(len(rec) - 1)
		return line + strings.Count(rec[len(rec)-1], "\n")
	}
	var out []ActualRow
	row, prevEnd := 1, endLine(head)
	next := func(startLine int) int { return row + 1 + max(0, startLine-prevEnd-1) }
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				row = next(pe.StartLine)
			} else {
				row++
			}
			errs.AddRow(row, "file", "This row is not valid CSV")
			break
		}
		start, _ := cr.FieldPos(0)
		row, prevEnd = next(start), endLine(rec)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		a := ActualRow{Row: row}
		if v, ok := cell(rec, "period"); ok && hasPeriod {
			if !ValidPeriod(v) {
				errs.AddRow(row, "period", "Enter the month like 2025-04")
			}
			a.Period = v
		} else {
			v, _ := cell(rec, "date")
			d, err := parseDate(v)
			if err != nil {
				errs.AddRow(row, "date", "Enter the date like 2025-04-15 or 15/04/2025")
			}
			a.Period = PeriodOf(d)
		}
		a.SchemeRef, _ = cell(rec, "scheme")
		switch {
		case a.SchemeRef == "":
			errs.AddRow(row, "scheme", "Enter the scheme's reference")
		case len(a.SchemeRef) > maxSchemeRefBytes:
			// Not one of the fund's, and not to be quoted back whole.
			errs.AddRow(row, "scheme", fmt.Sprintf("Keep the scheme's reference to %d characters", maxSchemeRefBytes))
			a.SchemeRef = ""
		}
		v, _ := cell(rec, "amount")
		amt, err := ParsePence(v)
		switch {
		case err != nil:
			errs.AddRow(row, "amount", "Enter the amount in pounds and pence, like 1234.56")
		case amt <= 0:
			errs.AddRow(row, "amount", "Enter an amount above zero: correct an earlier posting with a reversal")
		}
		a.Amount = amt
		a.Reference, _ = cell(rec, "reference")
		a.Memo, _ = cell(rec, "description")
		if len(a.Reference) > 200 {
			errs.AddRow(row, "reference", "Keep the reference to 200 characters")
		}
		if len(a.Memo) > 1000 {
			errs.AddRow(row, "description", "Keep the description to 1,000 characters")
		}
		if len(errs.Fields) >= MaxActualsErrors {
			errs.AddRow(row, "file", fmt.Sprintf("Stopped after %d problems", MaxActualsErrors))
			break
		}
		out = append(out, a)
	}
	if len(errs.Fields) > 0 {
		return nil, &errs
	}
	if len(out) == 0 {
		errs.AddRow(2, "file", ErrNoActuals.Error())
		return nil, &errs
	}
	return out, nil
}

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{DateLayout, "02/01/2006", "2/1/2006"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, nil
		}
	}
	return time.Time{}, errors.New("bad date")
}

// ImportResult reports an actuals import.
type ImportResult struct {
	ImportID int64 `json:"import_id"`
	Rows     int   `json:"rows"`
	Total    Pence `json:"total_pence"`
}
