package needs

import (
	"sort"
	"strings"
)

// BreakdownKey is whom a series of values is about: its sex, age and
// category (for example a deprivation decile). An indicator published by
// sex, age or decile has one series for each.
type BreakdownKey struct {
	Sex          string `json:"sex"`
	Age          string `json:"age"`
	CategoryType string `json:"category_type,omitempty"`
	Category     string `json:"category,omitempty"`
}

// Label says whom the series is about ("Persons, 18+ yrs").
func (k BreakdownKey) Label() string { return Breakdown(k.Sex, k.Age, k.Category) }

// PointBreakdown is the series a point belongs to, without its area.
func PointBreakdown(p DataPoint) BreakdownKey {
	return BreakdownKey{Sex: p.Sex, Age: p.Age, CategoryType: p.CategoryType, Category: p.Category}
}

// Breakdowns lists the series the points hold, the headline first: no
// category, persons, the indicator's own age group, then the series with
// most values. The age bands of a directly standardised rate are inputs,
// not series (IsBandInput), and are left out.
func Breakdowns(pts []DataPoint, ind Indicator) []BreakdownKey {
	n := map[BreakdownKey]int{}
	var keys []BreakdownKey
	for _, p := range pts {
		if p.IsBandInput() {
			continue
		}
		k := PointBreakdown(p)
		if n[k] == 0 {
			keys = append(keys, k)
		}
		n[k]++
	}
	score := func(k BreakdownKey) int {
		s := 0
		if k.Category == "" {
			s += 4
		}
		if strings.EqualFold(k.Sex, "Persons") {
			s += 2
		}
		if ind.AgeGroup != "" && strings.EqualFold(k.Age, ind.AgeGroup) {
			s++
		}
		return s
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if a, b := score(keys[i]), score(keys[j]); a != b {
			return a > b
		}
		if n[keys[i]] != n[keys[j]] {
			return n[keys[i]] > n[keys[j]]
		}
		return keys[i].Label() < keys[j].Label()
	})
	return keys
}

// FilterBreakdown keeps the points of one series.
func FilterBreakdown(pts []DataPoint, k BreakdownKey) []DataPoint {
	out := make([]DataPoint, 0, len(pts))
	for _, p := range pts {
		if PointBreakdown(p) == k && !p.IsBandInput() {
			out = append(out, p)
		}
	}
	return out
}

// ChooseBreakdown picks the first of keys (Breakdowns order) matching
// every non-empty one of sex, age and category; with none given, the
// headline. ok is false when nothing matches.
func ChooseBreakdown(keys []BreakdownKey, sex, age, category string) (BreakdownKey, bool) {
	for _, k := range keys {
		if (sex == "" || strings.EqualFold(k.Sex, sex)) && (age == "" || strings.EqualFold(k.Age, age)) && (category == "" || strings.EqualFold(k.Category, category)) {
			return k, true
		}
	}
	return BreakdownKey{}, false
}
