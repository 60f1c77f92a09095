package budgeting

import (
	"reflect"
	"testing"
)

func TestTurnout(t *testing.T) {
	order := map[string][]string{"age band": {"16-24", "25-44", "45-64", "65+"}, "channel": {"online", "paper", "assisted"}}
	for _, tc := range []struct {
		name      string
		cells     []TurnoutCell
		total     int64
		totalHid  bool
		wantTable map[string][]TurnoutRow
	}{
		{
			name:  "nothing",
			total: 0,
			wantTable: map[string][]TurnoutRow{
				"area": nil, "age band": nil, "channel": nil,
			},
		},
		{
			name: "small counts hidden, and one more so the total does not give the small one away",
			cells: []TurnoutCell{
				{Area: "Burn Valley", AgeBand: "25-44", Channel: "online", Count: 40},
				{Area: "Burn Valley", AgeBand: "65+", Channel: "paper", Count: 12},
				{Area: "Headland and Harbour", AgeBand: "25-44", Channel: "online", Count: 25},
				{Area: "Headland and Harbour", AgeBand: "16-24", Channel: "assisted", Count: 3},
				{Area: "Seaton", AgeBand: "", Channel: "online", Count: 9},
			},
			total: 89,
			wantTable: map[string][]TurnoutRow{
				// Seaton (9) is hidden, so the next smallest (Headland 28) is too.
				"area": {{Label: "Burn Valley", Count: 52}, {Label: "Headland and Harbour", Suppressed: true, Secondary: true}, {Label: "Seaton", Suppressed: true}},
				// 16-24 (3) and not known (9): two hidden, nothing more needed.
				"age band": {{Label: "16-24", Suppressed: true}, {Label: "25-44", Count: 65}, {Label: "65+", Count: 12}, {Label: NotKnown, Suppressed: true}},
				// assisted (3) alone is small: paper (12) is hidden too.
				"channel": {{Label: "online", Count: 74}, {Label: "paper", Suppressed: true, Secondary: true}, {Label: "assisted", Suppressed: true}},
			},
		},
		{
			name:     "a total under 10 hides everything",
			cells:    []TurnoutCell{{Area: "Seaton", AgeBand: "65+", Channel: "paper", Count: 4}, {Area: "Fens", AgeBand: "65+", Channel: "online", Count: 2}},
			total:    0,
			totalHid: true,
			wantTable: map[string][]TurnoutRow{
				"area":     {{Label: "Fens", Suppressed: true}, {Label: "Seaton", Suppressed: true}},
				"age band": {{Label: "65+", Suppressed: true}},
				"channel":  {{Label: "online", Suppressed: true}, {Label: "paper", Suppressed: true}},
			},
		},
		{
			name:  "exactly 10 is shown; zero and negative cells are ignored",
			cells: []TurnoutCell{{Area: "Fens", AgeBand: "45-64", Channel: "online", Count: 10}, {Area: "Rural West", Count: 0}, {Area: "Bad", Count: -5}},
			total: 10,
			wantTable: map[string][]TurnoutRow{
				"area": {{Label: "Fens", Count: 10}}, "age band": {{Label: "45-64", Count: 10}}, "channel": {{Label: "online", Count: 10}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Turnout(tc.cells, order)
			if rep.Total != tc.total || rep.TotalSuppressed != tc.totalHid {
				t.Errorf("total %d (hidden %v), want %d (%v)", rep.Total, rep.TotalSuppressed, tc.total, tc.totalHid)
			}
			if len(rep.Tables) != 3 {
				t.Fatalf("%d tables", len(rep.Tables))
			}
			for _, tab := range rep.Tables {
				if want := tc.wantTable[tab.By]; !reflect.DeepEqual(tab.Rows, want) {
					t.Errorf("by %s: %+v, want %+v", tab.By, tab.Rows, want)
				}
				for _, r := range tab.Rows {
					if r.Count > 0 && r.Count < SuppressBelow {
						t.Errorf("by %s: %s shows a count of %d", tab.By, r.Label, r.Count)
					}
				}
			}
		})
	}
}
