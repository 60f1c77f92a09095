package budgeting

import (
	"sort"
)

// Turnout: who took part, counted by area, age band and channel, with
// small counts suppressed so nobody can be picked out (voice-money-plan
// §2.5: anonymised, small cells suppressed).

// SuppressBelow is the smallest count the turnout page shows: counts from
// 1 to SuppressBelow-1 are shown as "fewer than 10".
const SuppressBelow = 10

// TurnoutCell is the number of participants (submitted ballots, every
// channel) with one combination of area, age band and channel. Empty
// strings mean "not known" (a code voter gives no age band).
type TurnoutCell struct {
	Area    string
	AgeBand string
	Channel string
	Count   int64
}

// TurnoutRow is one line of a turnout table. When Suppressed, Count is 0
// and the page says "fewer than 10" (or "suppressed" for a count hidden
// only so that a small one cannot be worked out from the total).
type TurnoutRow struct {
	Label      string
	Count      int64
	Suppressed bool
	// Secondary marks a count of SuppressBelow or more hidden only to
	// protect a small one in the same table.
	Secondary bool
}

// TurnoutTable is one breakdown (by area, by age band or by channel).
type TurnoutTable struct {
	By   string // "area", "age band", "channel"
	Rows []TurnoutRow
}

// TurnoutReport is what the turnout page shows.
type TurnoutReport struct {
	Total           int64
	TotalSuppressed bool
	Tables          []TurnoutTable
}

// NotKnown labels participants whose area, age band or channel was not
// recorded.
const NotKnown = "Not known"

// Turnout adds up cells by area, age band and channel. Within each table
// counts under SuppressBelow are suppressed; when a table would then hide
// exactly one count (which the total minus the others would give away),
// the next smallest count is hidden too. Rows come in the order of the
// labels given in order (areas, age bands, channels, when listed), then
// alphabetically.
func Turnout(cells []TurnoutCell, order map[string][]string) TurnoutReport {
	var rep TurnoutReport
	by := []struct {
		name string
		key  func(TurnoutCell) string
	}{
		{"area", func(c TurnoutCell) string { return c.Area }},
		{"age band", func(c TurnoutCell) string { return c.AgeBand }},
		{"channel", func(c TurnoutCell) string { return c.Channel }},
	}
	for _, c := range cells {
		if c.Count > 0 {
			rep.Total += c.Count
		}
	}
	rep.TotalSuppressed = rep.Total > 0 && rep.Total < SuppressBelow
	for _, b := range by {
		sums := map[string]int64{}
		for _, c := range cells {
			if c.Count <= 0 {
				continue
			}
			k := b.key(c)
			if k == "" {
				k = NotKnown
			}
			sums[k] += c.Count
		}
		t := TurnoutTable{By: b.name}
		for _, l := range orderLabels(sums, order[b.name]) {
			t.Rows = append(t.Rows, TurnoutRow{Label: l, Count: sums[l]})
		}
		suppress(t.Rows, rep.TotalSuppressed)
		rep.Tables = append(rep.Tables, t)
	}
	if rep.TotalSuppressed {
		rep.Total = 0
	}
	return rep
}

// orderLabels lists the labels of sums: those named in order first, in
// that order, then the rest alphabetically with "Not known" last.
func orderLabels(sums map[string]int64, order []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range order {
		if _, ok := sums[l]; ok && !seen[l] {
			out = append(out, l)
			seen[l] = true
		}
	}
	var rest []string
	for l := range sums {
		if !seen[l] && l != NotKnown {
			rest = append(rest, l)
		}
	}
	sort.Strings(rest)
	out = append(out, rest...)
	if _, ok := sums[NotKnown]; ok && !seen[NotKnown] {
		out = append(out, NotKnown)
	}
	return out
}

// suppress hides the small counts of one table, and one more when a single
// hidden count could be recovered from the (shown) total. With the total
// hidden too, every row is hidden.
func suppress(rows []TurnoutRow, all bool) {
	hidden := 0
	for i := range rows {
		if all || rows[i].Count < SuppressBelow {
			rows[i].Suppressed = true
			hidden++
		}
	}
	if hidden == 1 && len(rows) > 1 {
		next := -1
		for i := range rows {
			if !rows[i].Suppressed && (next < 0 || rows[i].Count < rows[next].Count) {
				next = i
			}
		}
		rows[next].Suppressed, rows[next].Secondary = true, true
	}
	for i := range rows {
		if rows[i].Suppressed {
			rows[i].Count = 0
		}
	}
}
