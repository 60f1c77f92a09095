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
	// HasInequalities says the area has values of the indicator by
	// deprivation decile or by sex (InequalityIndicators), so the area's
	// inequalities view has something to show.
	HasInequalities bool `json:"has_inequalities"`
}

// PeerValue is one comparison-group area's latest value of an indicator
// period: all a profile needs of the areas it is compared with.
type PeerValue struct {
	AreaCode     string
	Sex, Age     string
	CategoryType string
	Category     string
	Value        float64
}

// PeerGroup is one indicator period's benchmark rows and the values of the
// comparison group. A store may share one PeerGroup between requests (it
// changes only with an import), so profiles never modify it.
type PeerGroup struct {
	IndicatorID int
	Period      string
	Benchmark   []DataPoint
	Peers       []PeerValue
}

// IndicatorPeriod names one period of one indicator.
type IndicatorPeriod struct {
	IndicatorID int
	Period      string
}

// ProfileData is what a profile is built from: the area's latest rows
// (whole), its recent series (for trends), and the peer group of each
// indicator period the latest rows are in.
type ProfileData struct {
	Latest []DataPoint
	Series []DataPoint
	Groups []*PeerGroup
	// Other lists the area's series with a value, of any current period,
	// other than its persons headline (each once): what says which rows
	// have inequalities to show (InequalityIndicators).
	Other []OtherSeries
}

// ProfileDataFromPoints sorts loose values into ProfileData: the area's
// rows, the benchmark's, and every other area's as a peer value. Band
// inputs of a DSR are left out, as the profile leaves them out.
func ProfileDataFromPoints(areaCode, benchmarkCode string, latest, series []DataPoint) ProfileData {
	type pair struct {
		id     int
		period string
	}
	groups := map[pair]*PeerGroup{}
	d := ProfileData{Series: series}
	group := func(p DataPoint) *PeerGroup {
		k := pair{p.IndicatorID, p.Period.Label}
		g, ok := groups[k]
		if !ok {
			g = &PeerGroup{IndicatorID: k.id, Period: k.period}
			groups[k] = g
			d.Groups = append(d.Groups, g)
		}
		return g
	}
	seen := map[OtherSeries]bool{}
	other := func(p DataPoint) {
		if p.AreaCode != areaCode || !Has(p.Value) || strings.EqualFold(p.Sex, "Persons") && p.Category == "" {
			return
		}
		if s := (OtherSeries{p.IndicatorID, p.Sex, p.CategoryType, p.Category}); !seen[s] {
			seen[s] = true
			d.Other = append(d.Other, s)
		}
	}
	for _, p := range series {
		other(p)
	}
	for _, p := range latest {
		if p.IsBandInput() {
			continue
		}
		other(p)
		g := group(p)
		switch p.AreaCode {
		case benchmarkCode:
			g.Benchmark = append(g.Benchmark, p)
			if areaCode == benchmarkCode {
				d.Latest = append(d.Latest, p)
			}
		case areaCode:
			d.Latest = append(d.Latest, p)
		default:
			g.Peers = append(g.Peers, PeerValue{AreaCode: p.AreaCode, Sex: p.Sex, Age: p.Age, CategoryType: p.CategoryType, Category: p.Category, Value: p.Value})
		}
	}
	return d
}

// BuildProfile turns stored values into an area profile. latest holds, for
// each indicator, the values of its latest period for the area, its peer
// areas and the benchmark; series holds the area's own values over time
// (for trends). Indicators missing from cat are skipped.
func BuildProfile(cat *Catalogue, areaCode, benchmarkCode string, latest, series []DataPoint) []ProfileRow {
	return BuildProfileData(cat, areaCode, benchmarkCode, ProfileDataFromPoints(areaCode, benchmarkCode, latest, series))
}

// BuildProfileData builds an area profile from its latest rows, each
// compared with its peer group and the benchmark. Its cost grows with the
// area's rows and the size of each group, never with the rows of the other
// areas copied per request.
func BuildProfileData(cat *Catalogue, areaCode, benchmarkCode string, d ProfileData) []ProfileRow {
	type key struct {
		id                          int
		sex, age, catType, category string
	}
	type pair struct {
		id     int
		period string
	}
	groups := make(map[pair]*PeerGroup, len(d.Groups))
	for _, g := range d.Groups {
		groups[pair{g.IndicatorID, g.Period}] = g
	}
	// Each series' points by their places in d.Series, gathered for its
	// row's trend only.
	bySeries := map[key][]int32{}
	for i, p := range d.Series {
		if p.AreaCode == areaCode && !p.IsBandInput() {
			k := key{p.IndicatorID, p.Sex, p.Age, p.CategoryType, p.Category}
			bySeries[k] = append(bySeries[k], int32(i))
		}
	}
	var trendPoints []DataPoint
	// One row per series of the area; the last of its latest rows wins, as
	// with several rows of one series and period.
	type rowKey struct {
		key
		period string
	}
	at := map[rowKey]int{}
	var areaRows []DataPoint
	for _, p := range d.Latest {
		if p.AreaCode != areaCode || p.IsBandInput() {
			continue
		}
		k := rowKey{key{p.IndicatorID, p.Sex, p.Age, p.CategoryType, p.Category}, p.Period.Label}
		if i, ok := at[k]; ok {
			areaRows[i] = p
			continue
		}
		at[k] = len(areaRows)
		areaRows = append(areaRows, p)
	}
	rows := make([]ProfileRow, 0, len(areaRows))
	vals := make([]float64, 0, 200)
	inequalities := InequalityIndicators(d.Other)
	for _, area := range areaRows {
		ind, ok := cat.Get(area.IndicatorID)
		if !ok {
			continue
		}
		bench := NewDataPoint()
		bench.AreaCode = benchmarkCode
		vals = vals[:0]
		idx := -1
		g := groups[pair{area.IndicatorID, area.Period.Label}]
		if g != nil {
			for _, b := range g.Benchmark {
				if b.Sex == area.Sex && b.Age == area.Age && b.CategoryType == area.CategoryType && b.Category == area.Category && !b.IsBandInput() {
					bench = b
				}
			}
			for _, pv := range g.Peers {
				if pv.AreaCode != areaCode && pv.AreaCode != benchmarkCode && pv.Age == area.Age && pv.Sex == area.Sex &&
					pv.CategoryType == area.CategoryType && pv.Category == area.Category {
					vals = append(vals, pv.Value)
				}
			}
		}
		if areaCode == benchmarkCode {
			// England's own profile: it is its benchmark, and not one of
			// its peers.
			bench = area
		} else {
			idx = len(vals)
			vals = append(vals, area.Value)
		}
		if bench.AreaName == "" && benchmarkCode == EnglandCode {
			bench.AreaName = "England"
		}
		row := ProfileRow{Indicator: ind, Period: area.Period.Label, Sex: area.Sex, Age: area.Age, CategoryType: area.CategoryType, Category: area.Category, Area: area, Benchmark: bench}
		row.HasInequalities = inequalities[area.IndicatorID]
		row.Comparison = compareOne(area, vals, idx, bench, ind)
		row.Min, row.Q1, row.Median, row.Q3, row.Max, row.Areas = spread(vals)
		trendPoints = trendPoints[:0]
		for _, i := range bySeries[key{area.IndicatorID, area.Sex, area.Age, area.CategoryType, area.Category}] {
			trendPoints = append(trendPoints, d.Series[i])
		}
		row.Trend = RecentTrend(trendPoints, ind)
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

// OtherTopic heads the indicators whose topic the catalogue does not know.
const OtherTopic = "Other indicators"

// TopicGroup is one topic's rows, in their order.
type TopicGroup[T any] struct {
	Topic string
	Rows  []T
}

// GroupByTopic groups rows by their indicator's topic, as Fingertips groups
// a spine chart by domain: topics in alphabetical order, then the rows with
// no topic under OtherTopic; each group keeps the rows' order.
func GroupByTopic[T any](rows []T, topic func(T) string) []TopicGroup[T] {
	at := map[string]int{}
	var groups []TopicGroup[T]
	for _, r := range rows {
		t := strings.TrimSpace(topic(r))
		if t == "" {
			t = OtherTopic
		}
		i, ok := at[t]
		if !ok {
			i = len(groups)
			at[t] = i
			groups = append(groups, TopicGroup[T]{Topic: t})
		}
		groups[i].Rows = append(groups[i].Rows, r)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i].Topic, groups[j].Topic
		if (a == OtherTopic) != (b == OtherTopic) {
			return b == OtherTopic
		}
		return a < b
	})
	return groups
}

// ProfileTopics groups a profile's rows by topic.
func ProfileTopics(rows []ProfileRow) []TopicGroup[ProfileRow] {
	return GroupByTopic(rows, func(r ProfileRow) string { return r.Indicator.Topic })
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
	// Only the area's own comparison: the group's quintiles, one label.
	return quintileComparison(quintileOf(vals, idx), countPresent(vals), bench, ind)
}
