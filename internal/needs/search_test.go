package needs

import (
	"slices"
	"testing"
)

func TestSearchWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  Smoking  ", []string{"smoking"}},
		{"Under-75 mortality", []string{"under", "75", "mortality"}},
		{"children's teeth", []string{"children", "s", "teeth"}},
	} {
		if got := SearchWords(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("SearchWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIndicatorMatchesWords(t *testing.T) {
	ind := Indicator{ID: 1, Name: "Smoking status at time of delivery",
		Definition: "Number of mothers known to be smokers at the time of delivery as a percentage of all maternities"}
	for _, tc := range []struct {
		query string
		want  bool
	}{
		{"", true},
		{"smoking", true},
		{"SMOK", true},             // part of a word, any case
		{"mothers delivery", true}, // one word from the definition, one from the name
		{"maternities", true},      // definition only
		{"smoking obesity", false}, // every word must appear
		{"alcohol", false},
	} {
		if got := ind.MatchesWords(SearchWords(tc.query)); got != tc.want {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
}
