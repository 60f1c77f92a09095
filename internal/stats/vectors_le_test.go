package stats

import (
	"fmt"
	"math"
	"testing"
)

func TestLifeExpectancyPackageAnswers(t *testing.T) {
	keys, by := groupRows(readRecords(t, "le_package_tests.csv"), "case")
	for _, k := range keys {
		rows := by[k]
		var bands []LifeBand
		// feed the bands in reverse to check the sort by start age
		for i := len(rows) - 1; i >= 0; i-- {
			r := rows[i]
			bands = append(bands, LifeBand{StartAge: r.f("startage"), Deaths: r.f("deaths"), Population: r.f("pops")})
		}
		got, warn := LifeExpectancy(bands, Levels{0.95})
		switch k {
		case "widecis_area1":
			if warn != WarnLEDeathsOverPop {
				t.Errorf("%s: warning %q", k, warn)
			}
		case "widecis_area2":
			if warn != WarnLEWideCI {
				t.Errorf("%s: warning %q", k, warn)
			}
		default:
			if warn != "" {
				t.Errorf("%s: unexpected warning %q", k, warn)
			}
		}
		for i, r := range rows {
			name := fmt.Sprintf("%s age %s", k, r["startage"])
			checkDP(t, name+" value", got[i].Value, r.f("value"), 4)
			checkDP(t, name+" lowercl", got[i].Lower[0], r.f("lowercl"), 4)
			checkDP(t, name+" uppercl", got[i].Upper[0], r.f("uppercl"), 4)
			if r["pops_used"] != "" {
				check(t, name+" pops_used", got[i].PopsUsed, r.f("pops_used"))
				check(t, name+" dths_used", got[i].DthsUsed, r.f("dths_used"))
			}
		}
	}
}

// TestLifeExpectancyLevels checks that a second level reproduces the
// single-level limits (test7/test8 of the package tests) and that the
// suppression rules give NA groups.
func TestLifeExpectancyLevels(t *testing.T) {
	_, by := groupRows(readRecords(t, "le_package_tests.csv"), "case")
	var bands []LifeBand
	for _, r := range by["df1"] {
		bands = append(bands, LifeBand{StartAge: r.f("startage"), Deaths: r.f("deaths"), Population: r.f("pops")})
	}
	one, _ := LifeExpectancy(bands, Levels{0.998})
	two, _ := LifeExpectancy(bands, Levels{0.95, 0.998})
	for i := range one {
		if one[i].Lower[0] != two[i].Lower[1] || one[i].Upper[0] != two[i].Upper[1] {
			t.Errorf("band %d: 99.8%% limits differ between one and two levels", i)
		}
	}
	cases := []struct {
		name   string
		mutate func([]LifeBand) []LifeBand
		warn   string
	}{
		{"negative deaths", func(b []LifeBand) []LifeBand { b[3].Deaths = -5; return b }, WarnLENegativeDeaths},
		{"zero population", func(b []LifeBand) []LifeBand { b[5].Population = 0; return b }, WarnLEZeroPop},
		{"missing band", func(b []LifeBand) []LifeBand { return b[:19] }, WarnLEBandCount},
		{"deaths over population", func(b []LifeBand) []LifeBand { b[18].Population = 119; return b }, WarnLEDeathsOverPop},
		{"small population", func(b []LifeBand) []LifeBand {
			for i := range b {
				b[i].Population = 100
				b[i].Deaths = 50
			}
			return b
		}, WarnLESmallPop},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := c.mutate(append([]LifeBand(nil), bands...))
			got, warn := LifeExpectancy(b, Levels{0.95})
			if warn != c.warn {
				t.Errorf("warning %q want %q", warn, c.warn)
			}
			for _, g := range got {
				if !IsNA(g.Value) || !IsNA(g.Lower[0]) || !IsNA(g.Upper[0]) {
					t.Fatalf("age %v not suppressed: %+v", g.StartAge, g)
				}
			}
		})
	}
	// Zero deaths in the open band make every age infinite: value NA.
	b := append([]LifeBand(nil), bands...)
	b[19].Deaths = 0
	got, _ := LifeExpectancy(b, Levels{0.95})
	if !IsNA(got[0].Value) || !math.IsInf(got[0].Upper[0], 1) {
		t.Errorf("zero open-band deaths: %+v", got[0])
	}
}
