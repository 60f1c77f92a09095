package chart

import (
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

func TestOverviewHeatmapCellsSayTheirComparison(t *testing.T) {
	pt := func(v float64) needs.DataPoint {
		p := needs.NewDataPoint()
		p.Value = v
		return p
	}
	england := pt(20)
	ov := needs.Overview{
		Parent:     places.Area{Code: "E12000002", Name: "North West", Type: places.AreaRegion},
		Areas:      []places.Area{{Code: "A", Name: "Area A"}, {Code: "B", Name: "Area B"}, {Code: "C", Name: "Area C"}},
		Comparator: "England",
		Rows: []needs.OverviewRow{{
			Indicator: needs.Indicator{ID: 7, Name: "Smoking"}, Period: "2023", Sex: "Persons", Age: "18+ yrs", England: england, Parent: pt(18),
			Cells: []needs.OverviewCell{
				{Present: true, Point: pt(26), Compared: needs.Compared{Value: england, Comparison: needs.Comparison{Outcome: needs.Worse, Reason: "above"}}},
				{Present: true, Point: pt(12.5), Compared: needs.Compared{Value: england, Comparison: needs.Comparison{Outcome: needs.Better, Quintile: 1, QuintileLabel: "Best"}}},
				{Point: needs.NewDataPoint(), Compared: needs.Compared{Value: needs.NewDataPoint()}},
			},
		}},
	}
	h := OverviewHeatmap(ov)
	if h.ParentColumn != "North West" || len(h.Rows) != 1 || h.Rows[0].England != "20.00" || h.Rows[0].Parent != "18.00" || h.Rows[0].Breakdown != "Persons, 18+ yrs" {
		t.Fatalf("%+v", h)
	}
	for i, want := range []HeatmapCell{
		{Value: "26.00", Word: "Worse", Class: "app-heat--worse", Outcome: needs.Worse},
		{Value: "12.50", Word: "Q1 Best", Class: "app-heat--better", Outcome: needs.Better},
		{Value: "–", Word: "No value", Class: "app-heat--none", Outcome: needs.NotCompared},
	} {
		got := h.Rows[0].Cells[i]
		got.Title = ""
		if got != want {
			t.Errorf("cell %d: %+v, want %+v", i, got, want)
		}
	}
	var words []string
	for _, k := range h.Key {
		words = append(words, k.Word)
	}
	if len(words) != 3 || words[0] != "Better" || words[1] != "Worse" || words[2] != "Not compared" {
		t.Errorf("key %v", words)
	}
	if tab := OverviewTable(ov); len(tab.Rows) != 3 || tab.Rows[0][7] != "26" || tab.Rows[0][15] != "worse" || tab.Rows[1][16] != "1" || tab.Rows[2][15] != "" {
		t.Errorf("CSV rows %v", tab.Rows)
	}
}

// TestHeatmapCellsHTMLEscapes checks the cells written in Go: one <td> per
// cell with its class, outcome, title, value and word, every text escaped.
func TestHeatmapCellsHTMLEscapes(t *testing.T) {
	got := string(cellsHTML([]HeatmapCell{
		{Value: "26.00", Word: "Worse", Class: "app-heat--worse", Outcome: needs.Worse, Title: `higher than England's "20" <95%>`},
		{Value: "–", Word: "No value", Class: "app-heat--none", Outcome: needs.NotCompared, Title: "no value for 2023 & 2024"},
	}))
	want := `<td class="govuk-table__cell govuk-table__cell--numeric app-heat__cell app-heat--worse" data-outcome="worse" title="higher than England&#39;s &#34;20&#34; &lt;95%&gt;">26.00<span class="app-heat__word">Worse</span></td>` +
		`<td class="govuk-table__cell govuk-table__cell--numeric app-heat__cell app-heat--none" data-outcome="not_compared" title="no value for 2023 &amp; 2024">–<span class="app-heat__word">No value</span></td>`
	if got != want {
		t.Errorf("cells\n%s\nwant\n%s", got, want)
	}
}
