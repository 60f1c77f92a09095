package chart

import (
	"fmt"

	"github.com/placeboard/placeboard/internal/money"
	"sort"
	"strconv"
	"strings"
)

// The money charts: where a pooled fund's money comes from and goes to
// (partner → fund → scheme → provider), spend against plan over time, and
// the shortfall by month of a what-if scenario. Amounts are integer pence;
// only the drawing uses floating point, for pixel positions.

// Pounds writes pence as pounds with thousands separators and pence:
// 123456789 → "£1,234,567.89", -5 → "-£0.05" (money.Pence's format).
func Pounds(p int64) string { return money.Pence(p).String() }

// shortPounds labels an axis or a bar briefly: £3.0m, £450k, £900.
func shortPounds(p int64) string {
	neg := p < 0
	if neg {
		p = -p
	}
	pounds := p / 100
	var s string
	switch {
	case pounds >= 1_000_000:
		tenths := (pounds + 50_000) / 100_000
		s = "£" + strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + "m"
	case pounds >= 1_000:
		s = "£" + strconv.FormatInt((pounds+500)/1000, 10) + "k"
	default:
		s = "£" + strconv.FormatInt(pounds, 10)
	}
	if neg {
		return "-" + s
	}
	return s
}

// FlowScheme is one scheme of a fund and the budget the fund allocates
// to it.
type FlowScheme struct {
	Name  string
	Pence int64
}

// FlowCommitment is money a scheme has committed to a provider.
type FlowCommitment struct {
	Scheme       int // index in MoneyFlow.Schemes
	Provider     string
	ProviderKind string // "NHS", "Council in-house", "Voluntary", "Private"
	Pence        int64
}

// FlowPartner is one partner's contribution to the fund.
type FlowPartner struct {
	Name  string
	Pence int64
}

// MoneyFlow is a fund's money from partners to providers: contributions,
// allocations to schemes and the schemes' commitments to providers.
type MoneyFlow struct {
	Fund        string
	Partners    []FlowPartner
	Schemes     []FlowScheme
	Commitments []FlowCommitment
}

type flowNode struct {
	label string
	pence int64
	y, h  float64
	// out and in are the next free offsets for links leaving and arriving.
	out, in float64
}

// FlowChart draws the fund's money as four columns (partners, the fund,
// schemes, providers) joined by bands as wide as the money they carry. The
// table lists every link with its amount; the summary gives the totals.
func FlowChart(id string, f MoneyFlow) Chart {
	title := "Where the money in " + f.Fund + " comes from and goes to"
	var contributed, allocated int64
	for _, p := range f.Partners {
		contributed += max(p.Pence, 0)
	}
	for _, sc := range f.Schemes {
		allocated += max(sc.Pence, 0)
	}
	var committed int64
	providers := map[string]*flowNode{}
	var providerOrder []string
	providerKind := map[string]string{}
	commitments := make([]FlowCommitment, 0, len(f.Commitments))
	for _, c := range f.Commitments {
		if c.Scheme < 0 || c.Scheme >= len(f.Schemes) {
			continue
		}
		commitments = append(commitments, c)
		committed += max(c.Pence, 0)
		if _, ok := providers[c.Provider]; !ok {
			providers[c.Provider] = &flowNode{label: c.Provider}
			providerOrder = append(providerOrder, c.Provider)
			providerKind[c.Provider] = c.ProviderKind
		}
		providers[c.Provider].pence += max(c.Pence, 0)
	}
	sort.SliceStable(providerOrder, func(i, j int) bool {
		return providers[providerOrder[i]].pence > providers[providerOrder[j]].pence
	})
	table := Table{Header: []string{"From", "To", "Amount"}}
	for _, p := range f.Partners {
		table.Rows = append(table.Rows, []string{p.Name, f.Fund, Pounds(p.Pence)})
	}
	for _, sc := range f.Schemes {
		table.Rows = append(table.Rows, []string{f.Fund, sc.Name, Pounds(sc.Pence)})
	}
	for _, c := range commitments {
		to := c.Provider
		if c.ProviderKind != "" {
			to += " (" + c.ProviderKind + ")"
		}
		table.Rows = append(table.Rows, []string{f.Schemes[c.Scheme].Name, to, Pounds(c.Pence)})
	}
	kinds := map[string]int64{}
	var kindOrder []string
	for _, name := range providerOrder {
		k := providerKind[name]
		if k == "" {
			k = "other"
		}
		if _, ok := kinds[k]; !ok {
			kindOrder = append(kindOrder, k)
		}
		kinds[k] += providers[name].pence
	}
	summary := fmt.Sprintf("%d partners contribute %s to %s. The fund allocates %s to %d schemes, which commit %s to %d providers",
		len(f.Partners), Pounds(contributed), f.Fund, Pounds(allocated), len(f.Schemes), Pounds(committed), len(providerOrder))
	if len(kindOrder) > 0 {
		parts := make([]string, len(kindOrder))
		for i, k := range kindOrder {
			parts[i] = k + " " + Pounds(kinds[k])
		}
		summary += " (" + strings.Join(parts, ", ") + ")"
	}
	summary += "."
	if contributed != allocated {
		if contributed > allocated {
			summary += " " + Pounds(contributed-allocated) + " is not yet allocated."
		} else {
			summary += " Allocations exceed contributions by " + Pounds(allocated-contributed) + "."
		}
	}
	if len(f.Partners) == 0 && len(f.Schemes) == 0 {
		return Chart{Title: title, Summary: "No contributions or schemes are recorded yet.", Table: table}
	}

	const (
		w, colW, top, gap = 760, 14, 20, 8
		plotH             = 360
	)
	colX := [4]float64{150, 290, 470, 610}
	total := max(contributed, allocated, 1)
	// Each column's nodes share plotH minus their gaps, in proportion to
	// their money.
	layout := func(nodes []*flowNode) {
		avail := float64(plotH - gap*max(len(nodes)-1, 0))
		y := float64(top)
		for _, n := range nodes {
			n.y = y
			n.h = max(avail*float64(n.pence)/float64(total), 1)
			y += n.h + gap
		}
	}
	partners := make([]*flowNode, len(f.Partners))
	for i, p := range f.Partners {
		partners[i] = &flowNode{label: p.Name, pence: max(p.Pence, 0)}
	}
	fund := &flowNode{label: f.Fund, pence: total}
	schemes := make([]*flowNode, len(f.Schemes))
	for i, s := range f.Schemes {
		schemes[i] = &flowNode{label: s.Name, pence: max(s.Pence, 0)}
	}
	provs := make([]*flowNode, len(providerOrder))
	for i, name := range providerOrder {
		provs[i] = providers[name]
	}
	layout(partners)
	layout([]*flowNode{fund})
	layout(schemes)
	layout(provs)
	h := top + plotH + 30
	for _, col := range [][]*flowNode{partners, schemes, provs} {
		for _, n := range col {
			h = max(h, int(n.y+n.h)+30)
		}
	}
	var b strings.Builder
	svgOpen(&b, id, w, h, title, summary)
	band := func(from, to *flowNode, x1, x2 float64, pence int64, colour string) {
		bw := float64(plotH) * float64(pence) / float64(total)
		if bw <= 0 {
			return
		}
		y1, y2 := from.y+from.out, to.y+to.in
		from.out += bw
		to.in += bw
		mx := (x1 + x2) / 2
		fmt.Fprintf(&b, `<path d="M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1fL%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1fZ" fill="%s" fill-opacity="0.35" stroke="none"/>`,
			x1, y1, mx, y1, mx, y2, x2, y2, x2, y2+bw, mx, y2+bw, mx, y1+bw, x1, y1+bw, colour)
	}
	for _, p := range partners {
		band(p, fund, colX[0]+colW, colX[1], p.pence, "#1d70b8")
	}
	for _, sn := range schemes {
		band(fund, sn, colX[1]+colW, colX[2], sn.pence, "#00703c")
	}
	for _, c := range commitments {
		band(schemes[c.Scheme], providers[c.Provider], colX[2]+colW, colX[3], max(c.Pence, 0), "#4c2c92")
	}
	node := func(n *flowNode, x float64, labelLeft bool) {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%d" height="%.1f" fill="#0b0c0c"/>`, x, n.y, colW, n.h)
		ty := n.y + n.h/2 + 4
		if labelLeft {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" font-size="12">%s %s</text>`, x-4, ty, esc(clipName(n.label, 18)), esc(shortPounds(n.pence)))
		} else {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12">%s %s</text>`, x+colW+4, ty, esc(clipName(n.label, 18)), esc(shortPounds(n.pence)))
		}
	}
	for _, n := range partners {
		node(n, colX[0], true)
	}
	fund.pence = contributed
	fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%d" height="%.1f" fill="#0b0c0c"/>`, colX[1], fund.y, colW, fund.h)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="12">%s</text>`, colX[1]+colW/2, h-8, esc(clipName(f.Fund, 28)))
	for _, n := range schemes {
		node(n, colX[2], true)
	}
	for _, n := range provs {
		node(n, colX[3], false)
	}
	for i, head := range []string{"Partners", "Fund", "Schemes", "Providers"} {
		fmt.Fprintf(&b, `<text x="%.1f" y="12" text-anchor="middle" font-size="12" font-weight="bold">%s</text>`, colX[i]+colW/2, head)
	}
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}

// MonthSpend is one month's planned and actual spend. Forecast marks a
// month whose "actual" is a forecast (no actuals yet).
type MonthSpend struct {
	Month    string // "Apr 2025"
	Plan     int64
	Actual   int64
	Forecast bool
}

// SpendChart draws cumulative spend against the cumulative plan, month by
// month: actuals solid, forecast dashed, plan as a grey line.
func SpendChart(id, subject string, months []MonthSpend) Chart {
	title := "Spend against plan over time: " + subject
	table := Table{Header: []string{"Month", "Planned", "Actual or forecast", "Planned to date", "Spent to date", "Variance to date"}}
	var cumPlan, cumAct int64
	plan := make([]int64, len(months))
	act := make([]int64, len(months))
	lastActual := -1
	for i, m := range months {
		cumPlan += m.Plan
		cumAct += m.Actual
		plan[i], act[i] = cumPlan, cumAct
		kind := "actual"
		if m.Forecast {
			kind = "forecast"
		} else {
			lastActual = i
		}
		table.Rows = append(table.Rows, []string{m.Month, Pounds(m.Plan), Pounds(m.Actual) + " (" + kind + ")", Pounds(cumPlan), Pounds(cumAct), Pounds(cumAct - cumPlan)})
	}
	if len(months) == 0 {
		return Chart{Title: title, Summary: "No plan or spend is recorded yet.", Table: table}
	}
	summary := fmt.Sprintf("Planned for the year: %s. Spent and forecast for the year: %s, a variance of %s.", Pounds(cumPlan), Pounds(cumAct), Pounds(cumAct-cumPlan))
	if lastActual >= 0 {
		summary += fmt.Sprintf(" Actual spend to the end of %s: %s against %s planned.", months[lastActual].Month, Pounds(act[lastActual]), Pounds(plan[lastActual]))
	}
	if cumAct > cumPlan {
		summary += " Overspend forecast."
	}
	const w, left, right, top, bottom = 760, 70, 20, 20, 50
	const h = 300
	maxV := max(cumPlan, cumAct, 1)
	for i := range months {
		maxV = max(maxV, plan[i], act[i])
	}
	step := float64(w-left-right) / float64(max(len(months)-1, 1))
	x := func(i int) float64 { return left + float64(i)*step }
	y := func(v int64) float64 { return top + float64(h-top-bottom)*(1-float64(max(v, 0))/float64(maxV)) }
	var b strings.Builder
	svgOpen(&b, id, w, h, title, summary)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#0b0c0c"/>`, left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#0b0c0c"/>`, left, top, left, h-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12">%s</text>`, left-4, top+4, esc(shortPounds(maxV)))
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12">£0</text>`, left-4, h-bottom+4)
	path := func(vals []int64, from, to int) string {
		var p strings.Builder
		for i := from; i <= to; i++ {
			cmd := "L"
			if i == from {
				cmd = "M"
			}
			fmt.Fprintf(&p, "%s%.1f %.1f", cmd, x(i), y(vals[i]))
		}
		return p.String()
	}
	fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#505a5f" stroke-width="3"/>`, path(plan, 0, len(months)-1))
	if lastActual >= 0 {
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#1d70b8" stroke-width="3"/>`, path(act, 0, lastActual))
	}
	if lastActual < len(months)-1 {
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#1d70b8" stroke-width="3" stroke-dasharray="6 4"/>`, path(act, max(lastActual, 0), len(months)-1))
	}
	for i, m := range months {
		if len(months) > 6 && i%2 == 1 && i != len(months)-1 {
			continue
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11">%s</text>`, x(i), h-bottom+16, esc(m.Month))
	}
	ly := h - 12
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#505a5f" stroke-width="3"/><text x="%d" y="%d" font-size="12">Plan</text>`, left, ly-4, left+24, ly-4, left+30, ly)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#1d70b8" stroke-width="3"/><text x="%d" y="%d" font-size="12">Actual</text>`, left+90, ly-4, left+114, ly-4, left+120, ly)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#1d70b8" stroke-width="3" stroke-dasharray="6 4"/><text x="%d" y="%d" font-size="12">Forecast</text>`, left+190, ly-4, left+214, ly-4, left+220, ly)
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}

// MonthAmount is one month's amount (a shortfall, say).
type MonthAmount struct {
	Month string
	Pence int64
}

// ShortfallChart draws a scenario's shortfall in each month as bars. Months
// with no shortfall show as zero, so the month it starts is visible.
func ShortfallChart(id, scenario string, months []MonthAmount) Chart {
	title := "Shortfall by month: " + scenario
	table := Table{Header: []string{"Month", "Shortfall"}}
	var total, peak int64
	first := ""
	for _, m := range months {
		table.Rows = append(table.Rows, []string{m.Month, Pounds(m.Pence)})
		total += m.Pence
		peak = max(peak, m.Pence)
		if first == "" && m.Pence > 0 {
			first = m.Month
		}
	}
	if len(months) == 0 {
		return Chart{Title: title, Summary: "The scenario has no months to show.", Table: table}
	}
	summary := "No shortfall in any month."
	if first != "" {
		summary = fmt.Sprintf("The shortfall starts in %s and totals %s over %d months; the largest in one month is %s.", first, Pounds(total), len(months), Pounds(peak))
	}
	const w, left, top, bottom, h = 760, 70, 20, 40, 260
	slot := float64(w-left-20) / float64(len(months))
	maxV := max(peak, 1)
	var b strings.Builder
	svgOpen(&b, id, w, h, title, summary)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#0b0c0c"/>`, left, h-bottom, w-20, h-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12">%s</text>`, left-4, top+4, esc(shortPounds(maxV)))
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12">£0</text>`, left-4, h-bottom+4)
	for i, m := range months {
		bh := float64(h-top-bottom) * float64(max(m.Pence, 0)) / float64(maxV)
		x := float64(left) + float64(i)*slot
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#d4351c"/>`, x+2, float64(h-bottom)-bh, max(slot-4, 1), bh)
		if len(months) <= 12 || i%2 == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11">%s</text>`, x+slot/2, h-bottom+16, esc(m.Month))
		}
	}
	b.WriteString(`</svg>`)
	return Chart{Title: title, SVG: b.String(), Summary: summary, Table: table}
}
