package needs

import (
	"reflect"
	"testing"
)

func TestGroupByTopic(t *testing.T) {
	row := func(name, topic string) SpineRow {
		return SpineRow{Indicator: Indicator{Name: name, Topic: topic}}
	}
	for _, tt := range []struct {
		name string
		rows []SpineRow
		want map[string][]string // topic → row names, in order
		keys []string            // topics in order
	}{
		{"no rows", nil, map[string][]string{}, nil},
		{"no topics: one group of other indicators", []SpineRow{row("B", ""), row("A", " ")},
			map[string][]string{OtherTopic: {"B", "A"}}, []string{OtherTopic}},
		{"topics alphabetical, rows keep their order, other last",
			[]SpineRow{row("Smoking", "Health improvement"), row("Unknown", ""), row("Poverty", "Wider determinants of health"), row("Obesity", "Health improvement"), row("Flu", "Health protection")},
			map[string][]string{"Health improvement": {"Smoking", "Obesity"}, "Health protection": {"Flu"}, "Wider determinants of health": {"Poverty"}, OtherTopic: {"Unknown"}},
			[]string{"Health improvement", "Health protection", "Wider determinants of health", OtherTopic}},
		{"a topic named after the other group sorts with it",
			[]SpineRow{row("X", OtherTopic), row("Y", ""), row("Z", "Zebra crossings")},
			map[string][]string{OtherTopic: {"X", "Y"}, "Zebra crossings": {"Z"}}, []string{"Zebra crossings", OtherTopic}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			groups := GroupByTopic(tt.rows, func(r SpineRow) string { return r.Indicator.Topic })
			var keys []string
			got := map[string][]string{}
			n := 0
			for _, g := range groups {
				keys = append(keys, g.Topic)
				for _, r := range g.Rows {
					got[g.Topic] = append(got[g.Topic], r.Indicator.Name)
					n++
				}
			}
			if !reflect.DeepEqual(keys, tt.keys) || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("topics %q rows %v, want %q %v", keys, got, tt.keys, tt.want)
			}
			if n != len(tt.rows) {
				t.Errorf("%d rows grouped, want %d", n, len(tt.rows))
			}
		})
	}
}
