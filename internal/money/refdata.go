package money

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"sync"
)

//go:embed refdata/*.json
var refdataFS embed.FS

// YearData is the reference data of one or more financial years: the BCF
// scheme types, expenditure categories and metrics that the year's
// template allows. It is data, loaded from refdata/*.json, never code:
// the 2025-26 lists differ from 2023-25.
type YearData struct {
	Name                  string   `json:"name"`
	Years                 []string `json:"years"`
	Status                string   `json:"status"`
	FundingSources        []string `json:"funding_sources"`
	SchemeTypes           []string `json:"scheme_types"`
	ExpenditureCategories []string `json:"expenditure_categories"`
	Metrics               []string `json:"metrics"`
}

// HasSchemeType reports whether t is one of the year's scheme types.
func (y YearData) HasSchemeType(t string) bool { return slices.Contains(y.SchemeTypes, t) }

// HasCategory reports whether c is one of the year's expenditure categories.
func (y YearData) HasCategory(c string) bool { return slices.Contains(y.ExpenditureCategories, c) }

var (
	yearsOnce sync.Once
	yearsData map[string]YearData
	yearsErr  error
)

func loadYears() {
	yearsData = map[string]YearData{}
	entries, err := refdataFS.ReadDir("refdata")
	if err != nil {
		yearsErr = err
		return
	}
	for _, e := range entries {
		b, err := refdataFS.ReadFile(path.Join("refdata", e.Name()))
		if err != nil {
			yearsErr = err
			return
		}
		var y YearData
		if err := json.Unmarshal(b, &y); err != nil {
			yearsErr = fmt.Errorf("money reference data %s: %w", e.Name(), err)
			return
		}
		for _, fy := range y.Years {
			yearsData[fy] = y
		}
	}
}

// ErrUnknownYear: no reference data for the financial year.
var ErrUnknownYear = fmt.Errorf("no reference data for that financial year")

// Year returns the reference data for a financial year such as "2025-26".
func Year(fy string) (YearData, error) {
	yearsOnce.Do(loadYears)
	if yearsErr != nil {
		return YearData{}, yearsErr
	}
	y, ok := yearsData[fy]
	if !ok {
		return YearData{}, ErrUnknownYear
	}
	return y, nil
}

// Years lists the financial years that have reference data, oldest first.
func Years() []string {
	yearsOnce.Do(loadYears)
	out := make([]string, 0, len(yearsData))
	for k := range yearsData {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var fyPattern = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

// FinancialYearStart returns the year in which financial year fy
// ("2025-26") starts (April), or an error if fy is not of that form.
func FinancialYearStart(fy string) (int, error) {
	m := fyPattern.FindStringSubmatch(fy)
	if m == nil {
		return 0, fmt.Errorf("enter a financial year like 2025-26")
	}
	start, _ := strconv.Atoi(m[1])
	end, _ := strconv.Atoi(m[2])
	if (start+1)%100 != end {
		return 0, fmt.Errorf("enter a financial year like 2025-26")
	}
	return start, nil
}
