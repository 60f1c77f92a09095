package web

import (
	"html/template"
	"strings"
)

// Long tables (a profile's 200 rows, its chart's 200-row data table) are
// written here rather than by {{range}} in a template: html/template calls
// its escaper through reflection for every action, about twenty per row,
// which was a third of the profile page's time. The markup is the
// template's, escaped exactly as html/template escapes text and quoted
// attribute values (rowhtml_test.go holds the two together).

// htmlEscapes are html/template's replacements in text and quoted
// attribute values.
var htmlEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// writeEscaped writes s to b as html/template writes a string in text or
// in a quoted attribute value.
func writeEscaped(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(htmlEscapes) || htmlEscapes[c] == "" {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(htmlEscapes[c])
		last = i + 1
	}
	b.WriteString(s[last:])
}

// tableRowsHTML is the body rows of a table of text cells, as the
// needs-chart template's data table writes them.
func tableRowsHTML(rows [][]string) template.HTML {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(`<tr class="govuk-table__row">`)
		for _, c := range r {
			b.WriteString(`<td class="govuk-table__cell">`)
			writeEscaped(&b, c)
			b.WriteString(`</td>`)
		}
		b.WriteString(`</tr>`)
	}
	return template.HTML(b.String()) //nolint:gosec // every cell escaped by writeEscaped
}
