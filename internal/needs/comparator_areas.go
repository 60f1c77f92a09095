package needs

import (
	"context"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/places"
)

// MaxAreasAlongside is how many areas the compare page sets beside the
// first.
const MaxAreasAlongside = 5

// AreaComparison sets areas side by side: for each indicator (and sex,
// age and category) of the first area, each area's latest value, compared
// with England and with the chosen comparator.
type AreaComparison struct {
	Areas  []places.Area
	Choice ComparatorChoice
	// Comparators are each area's resolved comparator, in Areas order.
	Comparators []Comparator
	Rows        []AreaComparisonRow
}

// AreaComparisonRow is one series of the first area with every area's
// value of the same series.
type AreaComparisonRow struct {
	Indicator    Indicator
	Period       string
	Sex          string
	Age          string
	CategoryType string
	Category     string
	England      float64
	Cells        []AreaComparisonCell // in Areas order
}

// Breakdown says whom the row is about.
func (r AreaComparisonRow) Breakdown() string { return Breakdown(r.Sex, r.Age, r.Category) }

// AreaComparisonCell is one area's value of a row's series; Present is
// false when the area has none.
type AreaComparisonCell struct {
	Present  bool
	Row      ProfileRow
	Compared Compared
}

// ComparedProfilesStore is what comparing areas needs of the store.
type ComparedProfilesStore interface {
	ProfileStore
	ComparatorStore
}

// AreaComparer builds the compare page's table.
type AreaComparer struct {
	Store ComparedProfilesStore
	AsAt  string
}

// CompareAreas builds the profiles of the first area and of the others
// (codes, at most MaxAreasAlongside), matches their rows by indicator, sex,
// age and category, and compares each value with the chosen comparator
// (each area's own region or ICB, or one set). A code that is no area is a
// *ComparatorError for the field "with".
func (c AreaComparer) CompareAreas(ctx context.Context, first places.AreaRef, with []string, choice ComparatorChoice) (AreaComparison, error) {
	if len(with) > MaxAreasAlongside {
		return AreaComparison{}, &ComparatorError{Field: "with", Message: fmt.Sprintf("Areas to compare (with) can be at most %d", MaxAreasAlongside)}
	}
	profiles := Profiles{Store: c.Store}
	p, err := profiles.AreaProfile(ctx, ProfileQuery{Code: first.Code, Type: first.Type})
	if err != nil {
		return AreaComparison{}, err
	}
	all := []AreaProfile{p}
	for _, code := range with {
		o, err := profiles.AreaProfile(ctx, ProfileQuery{Code: code})
		if errors.Is(err, places.ErrNoArea) {
			return AreaComparison{}, &ComparatorError{Field: "with", Value: code, Message: "Areas to compare (with) must be ONS codes separated by commas; " + code + " is not an area"}
		}
		if err != nil {
			return AreaComparison{}, err
		}
		all = append(all, o)
	}
	out := AreaComparison{Choice: choice}
	comparers := Comparators{Store: c.Store, AsAt: c.AsAt}
	compared := make([]ProfileComparison, len(all))
	for i, ap := range all {
		out.Areas = append(out.Areas, ap.Area)
		if compared[i], err = comparers.CompareProfile(ctx, ap.Area, ap.Rows, choice); err != nil {
			return AreaComparison{}, err
		}
		out.Comparators = append(out.Comparators, compared[i].Comparator)
	}
	type key struct {
		id                          int
		sex, age, catType, category string
	}
	// index[i] finds area i's row of a series.
	index := make([]map[key]int, len(all))
	for i, ap := range all {
		index[i] = make(map[key]int, len(ap.Rows))
		for j, r := range ap.Rows {
			index[i][key{r.Indicator.ID, r.Sex, r.Age, r.CategoryType, r.Category}] = j
		}
	}
	for _, r := range all[0].Rows {
		k := key{r.Indicator.ID, r.Sex, r.Age, r.CategoryType, r.Category}
		row := AreaComparisonRow{Indicator: r.Indicator, Period: r.Period, Sex: r.Sex, Age: r.Age, CategoryType: r.CategoryType, Category: r.Category, England: r.Benchmark.Value}
		for i, ap := range all {
			j, ok := index[i][k]
			if !ok {
				row.Cells = append(row.Cells, AreaComparisonCell{Row: ProfileRow{Area: NewDataPoint()}, Compared: Compared{Value: NewDataPoint()}})
				continue
			}
			row.Cells = append(row.Cells, AreaComparisonCell{Present: true, Row: ap.Rows[j], Compared: compared[i].Rows[j]})
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}
