package needs

import "testing"

func TestBreakdowns(t *testing.T) {
	mk := func(area, sex, age, cat string, v float64) DataPoint {
		p := NewDataPoint()
		p.AreaCode, p.Sex, p.Age, p.Category, p.Value = area, sex, age, cat, v
		if cat != "" {
			p.CategoryType = "Deprivation decile"
		}
		return p
	}
	band := mk("A", "Persons", "0-4", "", Missing)
	band.Count, band.Denominator = 3, 100
	pts := []DataPoint{
		mk("A", "Male", "All ages", "", 1), mk("B", "Male", "All ages", "", 1),
		mk("A", "Persons", "All ages", "Most deprived decile", 2),
		mk("A", "Persons", "<75 yrs", "", 3), mk("B", "Persons", "<75 yrs", "", 3),
		mk("A", "Persons", "All ages", "", 4),
		band,
	}
	ind := Indicator{AgeGroup: "<75 yrs"}
	keys := Breakdowns(pts, ind)
	want := []string{"Persons, <75 yrs", "Persons, All ages", "Male, All ages", "Persons, All ages, Most deprived decile"}
	if len(keys) != len(want) {
		t.Fatalf("keys %v", keys)
	}
	for i, k := range keys {
		if k.Label() != want[i] {
			t.Errorf("key %d: %q, want %q", i, k.Label(), want[i])
		}
	}
	if got := FilterBreakdown(pts, keys[0]); len(got) != 2 {
		t.Errorf("filter: %d points", len(got))
	}
	for _, tc := range []struct {
		sex, age, cat string
		want          string
		ok            bool
	}{
		{"", "", "", "Persons, <75 yrs", true},
		{"male", "", "", "Male, All ages", true},
		{"", "All ages", "", "Persons, All ages", true},
		{"", "", "Most deprived decile", "Persons, All ages, Most deprived decile", true},
		{"Female", "", "", "", false},
		{"", "0-4", "", "", false}, // a DSR's band is an input, not a series
	} {
		k, ok := ChooseBreakdown(keys, tc.sex, tc.age, tc.cat)
		if ok != tc.ok || (ok && k.Label() != tc.want) {
			t.Errorf("choose %q %q %q: %q %v", tc.sex, tc.age, tc.cat, k.Label(), ok)
		}
	}
	if !band.IsBandInput() || pts[0].IsBandInput() {
		t.Error("IsBandInput")
	}
}
