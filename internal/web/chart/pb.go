package chart

import (
	"fmt"
	"strings"
)

// PBFundingRow is one project in the participatory budgeting results
// chart: a bar as long as its cost, filled with what paid for it.
type PBFundingRow struct {
	Name      string
	CostPence int64
	Funded    bool
	// Funded projects: SharedPence was paid in equal shares, AllInPence by
	// supporters who gave all they had left; the rest of the cost (a
	// project funded by a completion or an override) is drawn hatched.
	SharedPence int64
	AllInPence  int64
	// Projects not funded: what their supporters had left between them
	// (0 when the rule has no shares).
	HadPence int64
	// Note is the row's short text, shown at the end of the bar and in the
	// table ("3 voters paid £100 each").
	Note string
}

// PBFunding draws the results chart: each project's cost as a bar, winners
// filled with what their voters paid (equal shares dark, all-they-had
// lighter), projects not funded as outlines filled only as far as their
// supporters' money reached. money formats pence.
func PBFunding(id, title string, rows []PBFundingRow, money func(int64) string) Chart {
	const labelW, barW, rowH, top = 200, 360, 34, 10
	w, h := labelW+barW+20, top+rowH*len(rows)+44
	var maxCost int64 = 1
	funded := 0
	for _, r := range rows {
		if r.CostPence > maxCost {
			maxCost = r.CostPence
		}
		if r.Funded {
			funded++
		}
	}
	x := func(p int64) float64 {
		if p < 0 {
			p = 0
		}
		return float64(p) / float64(maxCost) * barW
	}
	summary := fmt.Sprintf("%d projects, %d funded. Each bar is a project's cost. A funded project's bar is filled with what its voters paid: dark blue for equal shares, light blue for voters who paid all they had left, hatched for a project funded another way (the completion, a rule without shares, or a staff decision). A project that was not funded is an outline, filled grey as far as its supporters' money reached.", len(rows), funded)
	var b strings.Builder
	svgOpen(&b, id, w, h, title, summary)
	b.WriteString(`<defs><pattern id="` + esc(id) + `-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1d70b8" stroke-width="3"/></pattern></defs>`)
	table := Table{Header: []string{"Project", "Cost", "Funded", "Paid in equal shares", "Paid by voters giving all they had left", "Supporters had left", "How"}}
	for i, r := range rows {
		y := top + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12">%s</text>`, labelW-6, y+14, esc(clipName(r.Name, 28)))
		full := x(r.CostPence)
		if r.Funded {
			shared, allIn := x(r.SharedPence), x(r.AllInPence)
			if rest := full - shared - allIn; rest > 0.5 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="16" fill="url(#%s-hatch)"/>`, labelW+shared+allIn, y+2, rest, esc(id))
			}
			if shared > 0 {
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="16" fill="#003078"/>`, labelW, y+2, shared)
			}
			if allIn > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="16" fill="#5694ca"/>`, labelW+shared, y+2, allIn)
			}
		} else if r.HadPence > 0 {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="16" fill="#b1b4b6"/>`, labelW, y+2, min(x(r.HadPence), full))
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="16" fill="none" stroke="#0b0c0c" stroke-width="1"/>`, labelW, y+2, full)
		status := "Not funded"
		if r.Funded {
			status = "Funded"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11">%s, %s: %s</text>`, 6, y+30, esc(status), esc(money(r.CostPence)), esc(clipName(r.Note, 70)))
		row := []string{r.Name, money(r.CostPence), map[bool]string{true: "Yes", false: "No"}[r.Funded], "", "", "", r.Note}
		if r.Funded {
			row[3], row[4] = money(r.SharedPence), money(r.AllInPence)
		} else if r.HadPence > 0 {
			row[5] = money(r.HadPence)
		}
		table.Rows = append(table.Rows, row)
	}
	ly := top + rowH*len(rows) + 12
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="#003078"/><text x="%d" y="%d" font-size="11">equal shares</text>`, 0, ly, 16, ly+10)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="#5694ca"/><text x="%d" y="%d" font-size="11">all they had left</text>`, 110, ly, 126, ly+10)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="url(#%s-hatch)" stroke="#1d70b8"/><text x="%d" y="%d" font-size="11">funded another way</text>`, 240, ly, esc(id), 256, ly+10)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="#b1b4b6" stroke="#0b0c0c"/><text x="%d" y="%d" font-size="11">not funded: supporters had</text>`, 400, ly, 416, ly+10)
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}
