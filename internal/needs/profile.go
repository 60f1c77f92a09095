package needs

import (
	"sort"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
)

// EnglandCode is England's ONS code, the default benchmark.
const EnglandCode = "E92000001"

// ProfileRow is one indicator of an area profile: the area's latest value,
// the benchmark, the spread across areas of the same type, the comparison
// and the recent trend.
type ProfileRow struct {
	Indicator Indicator `json:"indicator"`
	Period    string    `json:"period"`
	// Sex, Age and the category (for example a deprivation decile) say
	// whom the row's values are about; an indicator published by sex or
	// decile has one row for each.
	Sex          string     `json:"sex"`
	Age          string     `json:"age"`
	CategoryType string     `json:"category_type,omitempty"`
	Category     string     `json:"category,omitempty"`
	Area         DataPoint  `json:"area"`
	Benchmark    DataPoint  `json:"benchmark"`
	Comparison   Comparison `json:"comparison"`
	Trend        Trend      `json:"trend"`
	Areas        int        `json:"areas_compared"`
	Min          float64    `json:"min"`
	Q1           float64    `json:"q1"`
	Median       float64    `json:"median"`
	Q3           float64    `json:"q3"`
	Max          float64    `json:"max"`
}

// BuildProfile turns stored values into an area profile. latest holds, for
// each indicator, the values of its latest period for the area, its peer
// areas and the benchmark; series holds the area's own values over time
// (for trends). Indicators missing from cat are skipped.
func BuildProfile(cat *Catalogue, areaCode, benchmarkCode string, latest, series []DataPoint) []ProfileRow {
	type key struct {
		id                          int
		period                      string
		sex, age, catType, category string
	}
	// Group by index: copying 30,000 points into per-group slices was the
	// profile's main cost.
	groups := map[key][]int32{}
	var order []key
	for i, p := range latest {
		if p.IsBandInput() {
			continue
		}
		k := key{p.IndicatorID, p.Period.Label, p.Sex, p.Age, p.CategoryType, p.Category}
		g, ok := groups[k]
		if !ok {
			order = append(order, k)
			g = make([]int32, 0, 160)
		}
		groups[k] = append(g, int32(i))
	}
	bySeries := map[key][]DataPoint{}
	for _, p := range series {
		if p.AreaCode == areaCode && !p.IsBandInput() {
			k := key{p.IndicatorID, "", p.Sex, p.Age, p.CategoryType, p.Category}
			bySeries[k] = append(bySeries[k], p)
		}
	}
	rows := make([]ProfileRow, 0, len(order))
	vals := make([]float64, 0, 200)
	for _, k := range order {
		ind, ok := cat.Get(k.id)
		if !ok {
			continue
		}
		area, bench := NewDataPoint(), NewDataPoint()
		area.AreaCode, bench.AreaCode = areaCode, benchmarkCode
		haveArea := false
		vals = vals[:0]
		idx := -1
		for _, i := range groups[k] {
			p := &latest[i]
			switch p.AreaCode {
			case benchmarkCode:
				bench = *p
				if areaCode == benchmarkCode {
					// England's own profile: it is its benchmark, and not
					// one of its peers.
					area, haveArea = *p, true
				}
				continue
			case areaCode:
				area, haveArea = *p, true
				idx = len(vals)
			}
			vals = append(vals, p.Value)
		}
		if !haveArea {
			continue
		}
		if bench.AreaName == "" && benchmarkCode == EnglandCode {
			bench.AreaName = "England"
		}
		row := ProfileRow{Indicator: ind, Period: k.period, Sex: k.sex, Age: k.age, CategoryType: k.catType, Category: k.category, Area: area, Benchmark: bench}
		row.Comparison = compareOne(area, vals, idx, bench, ind)
		row.Min, row.Q1, row.Median, row.Q3, row.Max, row.Areas = spread(vals)
		row.Trend = RecentTrend(bySeries[key{k.id, "", k.sex, k.age, k.catType, k.category}], ind)
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Indicator.Name != rows[j].Indicator.Name {
			return rows[i].Indicator.Name < rows[j].Indicator.Name
		}
		if rows[i].Sex != rows[j].Sex {
			return sexOrder(rows[i].Sex) < sexOrder(rows[j].Sex)
		}
		if rows[i].Age != rows[j].Age {
			return rows[i].Age < rows[j].Age
		}
		if rows[i].CategoryType != rows[j].CategoryType {
			return rows[i].CategoryType < rows[j].CategoryType
		}
		return rows[i].Category < rows[j].Category
	})
	return rows
}

// sexOrder lists persons first, then female, then male.
func sexOrder(s string) string {
	switch strings.ToLower(s) {
	case "persons", "":
		return "0"
	case "female":
		return "1"
	case "male":
		return "2"
	}
	return "3" + s
}

// Breakdown says whom a row is about ("Persons, 18+ yrs" or "Female, All
// ages, Most deprived decile (IMD2019)").
func (r ProfileRow) Breakdown() string { return Breakdown(r.Sex, r.Age, r.Category) }

// Breakdown joins a value's sex, age and category as pages and CSVs label
// it.
func Breakdown(sex, age, category string) string {
	parts := make([]string, 0, 3)
	for _, s := range []string{sex, age, category} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// spread is the minimum, quartiles and maximum of the present values
// (quartiles by linear interpolation, R's type 7).
func spread(vals []float64) (mn, q1, med, q3, mx float64, n int) {
	xs := make([]float64, 0, len(vals))
	for _, v := range vals {
		if Has(v) {
			xs = append(xs, v)
		}
	}
	if len(xs) == 0 {
		return Missing, Missing, Missing, Missing, Missing, 0
	}
	sort.Float64s(xs)
	q := func(p float64) float64 {
		h := p * float64(len(xs)-1)
		lo := int(h)
		if lo+1 >= len(xs) {
			return xs[len(xs)-1]
		}
		return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
	}
	return xs[0], q(0.25), q(0.5), q(0.75), xs[len(xs)-1], len(xs)
}

// SpineRows adapts profile rows for SpineChart.
func SpineRows(rows []ProfileRow) []SpineRow {
	out := make([]SpineRow, len(rows))
	for i, r := range rows {
		out[i] = SpineRow{Indicator: r.Indicator, Period: r.Period, AreaValue: r.Area.Value, England: r.Benchmark.Value,
			Min: r.Min, Q1: r.Q1, Q3: r.Q3, Max: r.Max, Comparison: r.Comparison, Count: r.Area.Count}
	}
	return out
}

// PriorityInputs turns profile rows into priority scoring inputs, each with
// the part of the area's reference population (pop, by sex and five-year
// band; empty when unknown) matching its value's sex and age.
func PriorityInputs(rows []ProfileRow, pop []places.PopulationCount) []PriorityInput {
	out := make([]PriorityInput, 0, len(rows))
	for _, r := range rows {
		in := PriorityInput{Indicator: r.Indicator, Point: r.Area, Benchmark: r.Benchmark, Comparison: r.Comparison, Trend: r.Trend}
		sex, age := r.Area.Sex, r.Area.Age
		if sex == "" {
			sex = r.Indicator.Sex
		}
		if age == "" {
			age = r.Indicator.AgeGroup
		}
		if m, ok := MatchPopulation(pop, sex, age); ok {
			in.Population = &m
		}
		out = append(out, in)
	}
	return out
}

// compareOne compares one area with the benchmark by the indicator's
// method; vals are the group's values (for quintiles), idx the area's place.
func compareOne(area DataPoint, vals []float64, idx int, bench DataPoint, ind Indicator) Comparison {
	if idx < 0 {
		return Comparison{Outcome: NotCompared, Method: ind.Benchmark, BenchmarkCode: bench.AreaCode, BenchmarkValue: bench.Value,
			Reason: "this area is the benchmark"}
	}
	if ind.Benchmark != BenchmarkQuintiles {
		pts := []DataPoint{area}
		return CompareGroup(pts, bench, ind)[0]
	}
	pts := make([]DataPoint, len(vals))
	for i, v := range vals {
		pts[i] = DataPoint{Value: v}
	}
	return CompareGroup(pts, bench, ind)[idx]
}
