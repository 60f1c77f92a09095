package chart

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
)

// Heatmap is Fingertips' overview as an HTML table: a row per indicator, a
// column per area, each cell coloured by its comparison AND carrying its
// value and the comparison in words, so colour is never the only cue. It
// is drawn as table cells (not SVG) so screen readers read it as a table
// and it scrolls inside its own box on a phone.
type Heatmap struct {
	Caption string
	Areas   []HeatmapArea
	// ParentColumn names the parent area's column ("" when the parent is
	// England, whose column is always shown).
	ParentColumn string
	Rows         []HeatmapRow
	Key          []HeatmapKeyItem
}

// HeatmapArea is one column.
type HeatmapArea struct{ Code, Name string }

// HeatmapRow is one indicator.
type HeatmapRow struct {
	IndicatorID int
	Indicator   string
	Unit        string
	Period      string
	Breakdown   string
	England     string
	Parent      string
	Cells       []HeatmapCell
	// CellsHTML is Cells as table cells, written once here: England's
	// overview has 30,000 cells, and five template actions each cost more
	// than the rest of the page.
	CellsHTML template.HTML
}

// HeatmapCell is one area's value.
type HeatmapCell struct {
	Value string
	// Word is the comparison in one or two words ("Worse", "Q5 Worst").
	Word string
	// Class colours the cell (app.css: .app-heat--better …).
	Class   string
	Outcome needs.Outcome
	// Title is the comparison in full, for a tooltip and the CSV.
	Title string
}

// HeatmapKeyItem explains one colour.
type HeatmapKeyItem struct {
	Class, Word, Meaning string
}

// heatClasses are the cells' CSS classes; each pairs a background from the
// outcome palette with a text colour of at least 4.5:1 contrast.
var heatClasses = map[needs.Outcome]string{
	needs.Better:      "app-heat--better",
	needs.Similar:     "app-heat--similar",
	needs.Worse:       "app-heat--worse",
	needs.Higher:      "app-heat--higher",
	needs.Lower:       "app-heat--lower",
	needs.NotCompared: "app-heat--none",
}

// HeatClass is the CSS class of a cell with this outcome.
func HeatClass(o needs.Outcome) string {
	if c, ok := heatClasses[o]; ok {
		return c
	}
	return heatClasses[needs.NotCompared]
}

// OverviewHeatmap lays out an overview as a heatmap.
func OverviewHeatmap(ov needs.Overview) Heatmap {
	h := Heatmap{Caption: fmt.Sprintf("Latest value of each indicator for the %d areas of %s, compared with %s", len(ov.Areas), ov.Parent.Name, ov.Comparator)}
	if ov.Parent.Code != needs.EnglandCode {
		h.ParentColumn = ov.Parent.Name
	}
	for _, a := range ov.Areas {
		h.Areas = append(h.Areas, HeatmapArea{Code: a.Code, Name: a.Name})
	}
	seen := map[needs.Outcome]bool{}
	for _, r := range ov.Rows {
		row := HeatmapRow{IndicatorID: r.Indicator.ID, Indicator: r.Indicator.Name, Unit: r.Indicator.Unit, Period: r.Period, Breakdown: r.Breakdown(),
			England: needs.FormatValue(r.England.Value), Parent: needs.FormatValue(r.Parent.Value)}
		for _, c := range r.Cells {
			cell := HeatmapCell{Value: "–", Word: "No value", Class: HeatClass(needs.NotCompared), Outcome: needs.NotCompared, Title: "no value for " + r.Period}
			if c.Present && needs.Has(c.Point.Value) {
				cmp := c.Compared.Comparison
				cell = HeatmapCell{Value: needs.FormatValue(c.Point.Value), Word: needs.OutcomeWord(cmp.Outcome), Class: HeatClass(cmp.Outcome), Outcome: cmp.Outcome, Title: cmp.Reason}
				if cmp.Quintile > 0 {
					cell.Word = "Q" + strconv.Itoa(cmp.Quintile) + " " + cmp.QuintileLabel
				}
				seen[cmp.Outcome] = true
			}
			row.Cells = append(row.Cells, cell)
		}
		row.CellsHTML = cellsHTML(row.Cells)
		h.Rows = append(h.Rows, row)
	}
	for _, k := range []struct {
		o       needs.Outcome
		meaning string
	}{
		{needs.Better, "significantly better than the comparator (or in the best quintile)"},
		{needs.Similar, "not significantly different (or in a middle quintile)"},
		{needs.Worse, "significantly worse (or in the worst quintile)"},
		{needs.Higher, "significantly higher, for an indicator where higher is neither better nor worse"},
		{needs.Lower, "significantly lower, for an indicator where lower is neither better nor worse"},
		{needs.NotCompared, "not compared (no value, no interval, or the indicator is not compared), or no value"},
	} {
		if seen[k.o] || k.o == needs.NotCompared {
			h.Key = append(h.Key, HeatmapKeyItem{Class: HeatClass(k.o), Word: needs.OutcomeWord(k.o), Meaning: k.meaning})
		}
	}
	return h
}

// OverviewTable is the heatmap's cells as text, one row per area and
// indicator, for the CSV.
func OverviewTable(ov needs.Overview) Table {
	t := Table{Header: []string{"Indicator ID", "Indicator", "Period", "Sex", "Age", "Area code", "Area", "Value", "Lower 95% limit", "Upper 95% limit", "Count", "Denominator",
		"England", "Compared with", "Comparator value", "Comparison", "Quintile"}}
	for _, r := range ov.Rows {
		for i, c := range r.Cells {
			a := ov.Areas[i]
			quintile := ""
			if c.Compared.Comparison.Quintile > 0 {
				quintile = strconv.Itoa(c.Compared.Comparison.Quintile)
			}
			outcome := ""
			if c.Present {
				outcome = string(c.Compared.Comparison.Outcome)
			}
			t.Rows = append(t.Rows, []string{strconv.Itoa(r.Indicator.ID), r.Indicator.Name, r.Period, r.Sex, r.Age, a.Code, a.Name,
				num(c.Point.Value), num(c.Point.Lower95), num(c.Point.Upper95), num(c.Point.Count), num(c.Point.Denominator),
				num(r.England.Value), comparedName(c.Compared, ov.Comparator), num(c.Compared.Value.Value), outcome, quintile})
		}
	}
	return t
}

// cellsHTML writes cells as the heatmap's <td> elements, every text
// escaped.
func cellsHTML(cells []HeatmapCell) template.HTML {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString(`<td class="govuk-table__cell govuk-table__cell--numeric app-heat__cell `)
		b.WriteString(html.EscapeString(c.Class))
		b.WriteString(`" data-outcome="`)
		b.WriteString(html.EscapeString(string(c.Outcome)))
		b.WriteString(`" title="`)
		b.WriteString(html.EscapeString(c.Title))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(c.Value))
		b.WriteString(`<span class="app-heat__word">`)
		b.WriteString(html.EscapeString(c.Word))
		b.WriteString(`</span></td>`)
	}
	return template.HTML(b.String()) //nolint:gosec // every text is escaped above
}

func comparedName(c needs.Compared, fallback string) string {
	if c.Value.AreaName != "" {
		return c.Value.AreaName
	}
	return fallback
}

// num writes a number in full for the CSV; missing is empty.
func num(v float64) string {
	if !needs.Has(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
