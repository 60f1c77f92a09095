package needs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Period is a time period as Fingertips publishes it ("2018/19 - 20/21"),
// with the dates it covers so periods of different shapes sort and chart.
type Period struct {
	Label string     `json:"label"`
	Type  PeriodType `json:"type"`
	From  string     `json:"from"` // ISO date, first day covered
	To    string     `json:"to"`   // ISO date, last day covered
	Years int        `json:"years"`
}

// EndYear is the year the period ends in; trends order periods by it.
func (p Period) EndYear() int {
	if len(p.To) < 4 {
		return 0
	}
	y, _ := strconv.Atoi(p.To[:4])
	return y
}

// Less orders periods by their end, then their start.
func (p Period) Less(q Period) bool {
	if p.To != q.To {
		return p.To < q.To
	}
	return p.From < q.From
}

var (
	reYear        = regexp.MustCompile(`^(\d{4})$`)
	reSplitYear   = regexp.MustCompile(`^(\d{4})/(\d{2})$`)
	reYearRange   = regexp.MustCompile(`^(\d{4})\s*-\s*(\d{2}|\d{4})$`)
	reSplitRange  = regexp.MustCompile(`^(\d{4})/(\d{2})\s*-\s*(\d{2}|\d{4})/(\d{2})$`)
	reSplitQuartr = regexp.MustCompile(`^(\d{4})/(\d{2})\s+Q([1-4])$`)
	reYearQuartr  = regexp.MustCompile(`^(\d{4})\s+Q([1-4])$`)
)

// ParsePeriod reads a Fingertips time-period label. A split year ("2021/22")
// is a financial year unless the indicator's period type says academic.
func ParsePeriod(label string, indicatorType PeriodType) (Period, error) {
	s := strings.Join(strings.Fields(label), " ")
	p := Period{Label: s}
	century := func(start int, yy string) int {
		if len(yy) == 4 {
			v, _ := strconv.Atoi(yy)
			return v
		}
		v, _ := strconv.Atoi(yy)
		c := start/100*100 + v
		if c < start {
			c += 100
		}
		return c
	}
	splitType := PeriodFinancial
	if indicatorType == PeriodAcademic {
		splitType = PeriodAcademic
	}
	splitDates := func(startYear, endYear int) (string, string) {
		if splitType == PeriodAcademic {
			return fmt.Sprintf("%04d-09-01", startYear), fmt.Sprintf("%04d-08-31", endYear)
		}
		return fmt.Sprintf("%04d-04-01", startYear), fmt.Sprintf("%04d-03-31", endYear)
	}
	switch {
	case s == "":
		return p, fmt.Errorf("time period is empty")
	case reYear.MatchString(s):
		y, _ := strconv.Atoi(s)
		p.Type, p.Years = PeriodCalendar, 1
		p.From, p.To = fmt.Sprintf("%04d-01-01", y), fmt.Sprintf("%04d-12-31", y)
	case reSplitYear.MatchString(s):
		m := reSplitYear.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		end := century(y, m[2])
		if end != y+1 {
			return p, fmt.Errorf("time period %q: the second year must follow the first", label)
		}
		p.Type, p.Years = splitType, 1
		p.From, p.To = splitDates(y, end)
	case reYearRange.MatchString(s):
		m := reYearRange.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		end := century(y, m[2])
		if end <= y || end-y > 20 {
			return p, fmt.Errorf("time period %q: the range must run forwards, at most 20 years", label)
		}
		p.Type, p.Years = PeriodCalendar, end-y+1
		p.From, p.To = fmt.Sprintf("%04d-01-01", y), fmt.Sprintf("%04d-12-31", end)
	case reSplitRange.MatchString(s):
		m := reSplitRange.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		if century(y, m[2]) != y+1 {
			return p, fmt.Errorf("time period %q: the second year must follow the first", label)
		}
		lastStart := century(y, m[3])
		lastEnd := century(lastStart, m[4])
		if lastEnd != lastStart+1 || lastStart < y || lastStart-y > 20 {
			return p, fmt.Errorf("time period %q: the range must run forwards, at most 20 years", label)
		}
		p.Type, p.Years = splitType, lastEnd-y
		p.From, p.To = splitDates(y, lastEnd)
	case reSplitQuartr.MatchString(s):
		m := reSplitQuartr.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		if century(y, m[2]) != y+1 {
			return p, fmt.Errorf("time period %q: the second year must follow the first", label)
		}
		q, _ := strconv.Atoi(m[3])
		// Financial quarters: Q1 April–June ... Q4 January–March.
		startMonth := 4 + (q-1)*3
		year := y
		if startMonth > 12 {
			startMonth -= 12
			year++
		}
		p.Type, p.Years = PeriodFinancial, 0
		p.From = fmt.Sprintf("%04d-%02d-01", year, startMonth)
		p.To = fmt.Sprintf("%04d-%02d-%02d", year, startMonth+2, daysIn(startMonth+2))
	case reYearQuartr.MatchString(s):
		m := reYearQuartr.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		startMonth := 1 + (q-1)*3
		p.Type, p.Years = PeriodCalendar, 0
		p.From = fmt.Sprintf("%04d-%02d-01", y, startMonth)
		p.To = fmt.Sprintf("%04d-%02d-%02d", y, startMonth+2, daysIn(startMonth+2))
	default:
		return p, fmt.Errorf("time period %q is not a form placeboard reads (2022, 2021/22, 2020 - 22, 2018/19 - 20/21, 2022/23 Q1)", label)
	}
	if p.From < "1900" || p.To > "2200" || len(p.To) != 10 {
		return Period{Label: s}, fmt.Errorf("time period %q is outside the years 1900 to 2200", label)
	}
	return p, nil
}

// daysIn is the last day of a quarter-ending month (3, 6, 9, 12).
func daysIn(month int) int {
	if month == 6 || month == 9 {
		return 30
	}
	return 31
}

// PeriodFromEndYear builds the period Fingertips Next means by a bare year
// column, which holds the year the period ends in.
func PeriodFromEndYear(endYear int, t PeriodType) Period {
	switch t {
	case PeriodFinancial, PeriodAcademic:
		label := fmt.Sprintf("%04d/%02d", endYear-1, endYear%100)
		p, _ := ParsePeriod(label, t)
		return p
	}
	p, _ := ParsePeriod(strconv.Itoa(endYear), PeriodCalendar)
	return p
}
