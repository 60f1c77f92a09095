package needs

import (
	"math"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
)

func TestParseAgeRange(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want AgeRange
		ok   bool
	}{
		{"All ages", AgeRange{0, -1}, true},
		{"18+ yrs", AgeRange{18, -1}, true},
		{"17+ yrs", AgeRange{17, -1}, true},
		{"<75 yrs", AgeRange{0, 74}, true},
		{"<18 yrs", AgeRange{0, 17}, true},
		{"15-44 yrs", AgeRange{15, 44}, true},
		{"2 yrs", AgeRange{2, 2}, true},
		{"4-5 yrs", AgeRange{4, 5}, true},
		{"Under 75", AgeRange{0, 74}, true},
		{"65 and over", AgeRange{65, -1}, true},
		{"aged 16 to 64", AgeRange{16, 64}, true},
		{"90+", AgeRange{90, -1}, true},
		{"0-4", AgeRange{0, 4}, true},
		{"", AgeRange{}, false},
		{"<0 yrs", AgeRange{}, false},
		{"44-15 yrs", AgeRange{}, false},
		{"200+ yrs", AgeRange{}, false},
		{"School age", AgeRange{}, false},
	} {
		got, ok := ParseAgeRange(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ParseAgeRange(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseAgeRange(f *testing.F) {
	for _, s := range []string{"All ages", "18+ yrs", "<75 yrs", "15-44 yrs", "2 yrs", "under 75", "65 and over", "aged 16 to 64", "999-1", "-", "+", "<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := ParseAgeRange(s)
		if !ok {
			return
		}
		if r.Lo < 0 || r.Lo > maxAge || r.Hi > maxAge || (r.Hi >= 0 && r.Hi < r.Lo) || r.Hi < -1 {
			t.Fatalf("%q read as impossible range %+v", s, r)
		}
		if r.String() == "" {
			t.Fatalf("%q: empty label", s)
		}
	})
}

// testPopulation: 100 people of each sex in each five-year band, so the
// expected counts are easy to work out by hand.
func testPopulation() []places.PopulationCount {
	var out []places.PopulationCount
	for _, sex := range []places.Sex{places.Female, places.Male} {
		for _, b := range places.AgeBands {
			out = append(out, places.PopulationCount{Sex: sex, AgeBand: b, Count: 100})
		}
	}
	return out
}

func TestMatchPopulation(t *testing.T) {
	pop := testPopulation()
	for _, tc := range []struct {
		sex, age string
		want     float64
		label    string
		ok       bool
	}{
		{"Persons", "All ages", 3800, "people of all ages", true},
		{"Persons", "", 3800, "people of all ages", true},
		{"Male", "65+ yrs", 600, "males aged 65 and over", true},
		{"Female", "<75 yrs", 1500, "females aged under 75", true},
		// 18+: two fifths of 15-19 (40 of each sex) and every band from 20.
		{"Persons", "18+ yrs", 2 * (40 + 1500), "people aged 18 and over, ONS mid-2021 estimates (part of a five-year band", true},
		{"Persons", "2 yrs", 2 * 20, "people aged 2", true},
		// The open band 90+ is taken as ten years wide.
		{"Female", "95+ yrs", 50, "females aged 95 and over", true},
		{"Persons", "School age", 0, "", false},
		{"Unknown", "All ages", 0, "", false},
	} {
		got, ok := MatchPopulation(pop, tc.sex, tc.age)
		if ok != tc.ok {
			t.Errorf("%s %s: ok %v", tc.sex, tc.age, ok)
			continue
		}
		if !ok {
			continue
		}
		if math.Abs(got.People-tc.want) > 1e-9 || !strings.HasPrefix(got.Label, tc.label) {
			t.Errorf("%s %s: %v %q, want %v %q", tc.sex, tc.age, got.People, got.Label, tc.want, tc.label)
		}
	}
	if _, ok := MatchPopulation(nil, "Persons", "All ages"); ok {
		t.Error("an area without reference population matched")
	}
}

func TestWithNotesPinnedFirst(t *testing.T) {
	ranked := []Priority{
		{Rank: 1, Standing: StandingRanked, IndicatorID: 1},
		{Rank: 2, Standing: StandingRanked, IndicatorID: 2},
		{Standing: StandingNoDifference, IndicatorID: 3},
		{Standing: StandingNoData, IndicatorID: 4},
	}
	all, pinned := WithNotes(ranked, map[int]PriorityNote{2: {Pinned: true, Note: "b"}, 3: {Pinned: true}, 4: {Note: "no data yet"}})
	var order []int
	var ranks []int
	for _, it := range all {
		order, ranks = append(order, it.IndicatorID), append(ranks, it.Rank)
	}
	if want := []int{2, 3, 1, 4}; !equalInts(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if want := []int{1, 2, 3, 0}; !equalInts(ranks, want) {
		t.Errorf("ranks %v, want %v", ranks, want)
	}
	if len(pinned) != 2 || pinned[0].IndicatorID != 2 || pinned[1].Rank != 2 {
		t.Errorf("pinned %+v", pinned)
	}
	r, nd, none := SplitByStanding(all)
	if len(r) != 3 || len(nd) != 0 || len(none) != 1 || none[0].Note != "no data yet" {
		t.Errorf("split %d %d %d", len(r), len(nd), len(none))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
