package needs

import "testing"

// TestShowsInequality: the series the inequalities view shows beside the
// headline are deprivation deciles (of any sex) and female or male with no
// category; persons, other categories and quintiles are not.
func TestShowsInequality(t *testing.T) {
	for _, tt := range []struct {
		sex, catType, category string
		want                   bool
	}{
		{"Persons", "County & UA deprivation deciles in England (IMD2019, 4/23 geog.)", "Most deprived decile (IMD2019)", true},
		{"Female", "LSOA11 deprivation deciles within area (IMD2019)", "Decile 3", true},
		{"Female", "", "", true},
		{"male", "", "", true},
		{"Persons", "", "", false},
		{"Persons", "Ethnic groups", "Asian", false},
		{"Female", "Ethnic groups", "Asian", false},
		{"Persons", "Deprivation quintile (IMD2019)", "Most deprived quintile", false},
	} {
		if got := ShowsInequality(tt.sex, tt.catType, tt.category); got != tt.want {
			t.Errorf("ShowsInequality(%q, %q, %q) = %v, want %v", tt.sex, tt.catType, tt.category, got, tt.want)
		}
	}
}

// TestProfileRowsHaveInequalities: a profile row says whether the area has
// values of its indicator by decile or by sex, in any period the profile
// reads, and only the area's own values count: a peer's deciles, a value
// by ethnic group or a suppressed value by sex do not.
func TestProfileRowsHaveInequalities(t *testing.T) {
	const area, peer = "E06000001", "E06000002"
	cat := NewCatalogue([]Indicator{
		{ID: 1, Name: "Deciles in an earlier period", Benchmark: BenchmarkCI95},
		{ID: 2, Name: "By sex", Benchmark: BenchmarkCI95},
		{ID: 3, Name: "Deciles of a peer only", Benchmark: BenchmarkCI95},
		{ID: 4, Name: "By ethnic group", Benchmark: BenchmarkCI95},
		{ID: 5, Name: "Suppressed by sex", Benchmark: BenchmarkCI95},
		{ID: 6, Name: "Headline only", Benchmark: BenchmarkCI95},
	})
	point := func(id int, code, period, sex, catType, category string, v float64) DataPoint {
		p := NewDataPoint()
		p.IndicatorID, p.AreaCode, p.Period.Label, p.Sex, p.Age, p.CategoryType, p.Category, p.Value = id, code, period, sex, "All ages", catType, category, v
		return p
	}
	var latest, series []DataPoint
	for id := 1; id <= 6; id++ {
		latest = append(latest, point(id, area, "2024", "Persons", "", "", 10), point(id, peer, "2024", "Persons", "", "", 11))
		series = append(series, point(id, area, "2024", "Persons", "", "", 10))
	}
	const deciles = "County & UA deprivation deciles in England (IMD2019, 4/23 geog.)"
	series = append(series, point(1, area, "2023", "Persons", deciles, "Most deprived decile (IMD2019)", 12))
	latest = append(latest, point(2, area, "2024", "Female", "", "", 9),
		point(3, peer, "2024", "Persons", deciles, "Least deprived decile (IMD2019)", 8),
		point(4, area, "2024", "Persons", "Ethnic groups", "Asian", 7),
		point(5, area, "2024", "Male", "", "", Missing))
	rows := BuildProfile(cat, area, EnglandCode, latest, series)
	want := map[int]bool{1: true, 2: true}
	seen := map[int]bool{}
	for _, r := range rows {
		seen[r.Indicator.ID] = true
		if r.HasInequalities != want[r.Indicator.ID] {
			t.Errorf("%s (%s): HasInequalities = %v, want %v", r.Indicator.Name, r.Breakdown(), r.HasInequalities, want[r.Indicator.ID])
		}
	}
	if len(seen) != 6 {
		t.Fatalf("rows of %d indicators, want 6", len(seen))
	}
}
