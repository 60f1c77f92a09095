package web

import (
	"html/template"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/web/chart"
)

// awkward are texts that html/template escapes: markup, quotes, the '+'
// it writes as &#43;, a NUL, text outside ASCII and a broken UTF-8 byte.
var awkward = []string{"", "plain", `<b>"Tom" & 'Jerry'</b>`, "65+ yrs", "<75 yrs", "a\x00b", "Ynys Môn – 5%", "bad \xff byte", "+&+"}

// TestWriteEscapedIsHTMLTemplates holds writeEscaped to html/template's
// escaping of a string in text and in a quoted attribute value.
func TestWriteEscapedIsHTMLTemplates(t *testing.T) {
	ref := template.Must(template.New("t").Parse(`<p title="{{.}}" data-x="{{.}}">{{.}}</p>`))
	for _, s := range awkward {
		var want strings.Builder
		if err := ref.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		got.WriteString(`<p title="`)
		writeEscaped(&got, s)
		got.WriteString(`" data-x="`)
		writeEscaped(&got, s)
		got.WriteString(`">`)
		writeEscaped(&got, s)
		got.WriteString(`</p>`)
		if got.String() != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
	}
}

// TestTableRowsHTMLIsTheTemplates holds tableRowsHTML to the needs-chart
// template's {{range}} it replaced.
func TestTableRowsHTMLIsTheTemplates(t *testing.T) {
	ref := template.Must(template.New("t").Parse(`{{range .}}<tr class="govuk-table__row">{{range .}}<td class="govuk-table__cell">{{.}}</td>{{end}}</tr>{{end}}`))
	rows := [][]string{awkward, {"one"}, {}, awkward[2:5]}
	var want strings.Builder
	if err := ref.Execute(&want, rows); err != nil {
		t.Fatal(err)
	}
	if got := string(tableRowsHTML(rows)); got != want.String() {
		t.Errorf("got  %s\nwant %s", got, want.String())
	}
	if got := tableRowsHTML(nil); got != "" {
		t.Errorf("no rows: %q", got)
	}
}

// profileRowTemplate is the needs-profile template's table row and the
// comparator's cells as they were before tableRow wrote them, with the
// inequalities link added since.
const profileRowTemplate = `{{define "needs-profile-comparator-cell"}}{{if .Show}}
      <td class="govuk-table__cell govuk-table__cell--numeric" data-comparator-value="{{exactNum .Compared.Value.Value}}">{{needsValue .Compared.Value.Value}}{{if .Compared.Pooled}} <span class="govuk-body-s">(pooled)</span>{{end}}</td>
      <td class="govuk-table__cell" data-comparator-outcome="{{.Compared.Comparison.Outcome}}"><svg width="12" height="12" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="11" height="11" fill="{{needsColour .Compared.Comparison.Outcome}}" stroke="#0b0c0c"/></svg> {{needsOutcomeWord .Compared.Comparison.Outcome}}{{if eq (print .Compared.Comparison.Outcome) "not_compared"}}<br><span class="govuk-body-s">{{.Compared.Comparison.Reason}}</span>{{end}}</td>{{end}}{{end}}
{{- define "row"}}{{with .Row}}
    <tr class="govuk-table__row" data-indicator="{{.Indicator.ID}}" data-age="{{.Age}}" data-period="{{.Period}}" data-value="{{.ExactValue}}" data-benchmark="{{.ExactBenchmark}}" data-outcome="{{.Comparison.Outcome}}" data-method="{{.Comparison.Method}}" data-quintile="{{.Comparison.Quintile}}" data-areas="{{.Areas}}" data-sex="{{.Sex}}" data-category="{{.Category}}">
      <td class="govuk-table__cell"><a class="govuk-link" href="{{.Href}}">{{.Indicator.Name}}</a>{{if .Indicator.Unit}} <span class="govuk-body-s">({{.Indicator.Unit}})</span>{{end}}<br><span class="govuk-body-s app-breakdown">{{.Breakdown}}</span>{{if .InequalitiesHref}}<br><a class="govuk-link govuk-body-s app-inequalities-link" href="{{.InequalitiesHref}}">Inequalities<span class="govuk-visually-hidden"> in {{.Indicator.Name}} by deprivation and sex</span></a>{{end}}</td>
      <td class="govuk-table__cell">{{.Period}}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{.Value}}{{if .AsPublished}} <span class="govuk-body-s">(as published)</span>{{end}}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{.BenchmarkValue}}</td>
      <td class="govuk-table__cell"><svg width="12" height="12" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="11" height="11" fill="{{.Colour}}" stroke="#0b0c0c"/></svg> {{.OutcomeLabel}}{{if .Comparison.QuintileLabel}} ({{.Comparison.QuintileLabel}} quintile){{end}}</td>
      {{template "needs-profile-comparator-cell" $.Cell}}
      <td class="govuk-table__cell">{{.TrendLabel}}</td>
    </tr>
    {{end}}{{end}}`

// TestProfileTableRowIsTheTemplates holds tableRow to the template markup
// it replaced, for rows with awkward texts, with and without a comparator.
func TestProfileTableRowIsTheTemplates(t *testing.T) {
	ref := template.Must(template.New("t").Funcs(template.FuncMap{
		"needsValue": needs.FormatValue, "needsColour": chart.OutcomeColour, "needsOutcomeWord": needs.OutcomeWord, "exactNum": csvNum,
	}).Parse(profileRowTemplate))
	v := &profileView{}
	v.Area.Code = "E06000001"
	for i, s := range awkward {
		pr := needs.ProfileRow{Indicator: needs.Indicator{ID: 90000 + i, Name: "Indicator " + s, Unit: s}, Period: "2022/23 " + s,
			Sex: "Persons " + s, Age: s, Category: s, Areas: 150 + i,
			Comparison: needs.Comparison{Outcome: needs.Worse, Method: needs.BenchmarkCI95, Quintile: i % 6, QuintileLabel: s}, HasInequalities: i%3 != 1}
		pr.Area, pr.Benchmark = needs.NewDataPoint(), needs.NewDataPoint()
		pr.Area.Value, pr.Benchmark.Value = 12.3456+float64(i), 10
		if i%2 == 0 {
			pr.Area.Origin = needs.OriginPrecomputed
		}
		row := newProfileRowView(v, pr)
		for _, cell := range []comparatorCell{
			{},
			{Show: true, Compared: needs.Compared{Value: pr.Area, Pooled: s, Comparison: needs.Comparison{Outcome: needs.Better}}},
			{Show: true, Compared: needs.Compared{Value: needs.NewDataPoint(), Comparison: needs.Comparison{Outcome: needs.NotCompared, Reason: "no value " + s}}},
		} {
			var want strings.Builder
			if err := ref.ExecuteTemplate(&want, "row", map[string]any{"Row": row, "Cell": cell}); err != nil {
				t.Fatal(err)
			}
			if got := string(row.tableRow(cell)); got != want.String() {
				t.Errorf("row %q, comparator shown %v:\n got %s\nwant %s", s, cell.Show, got, want.String())
			}
		}
	}
}
