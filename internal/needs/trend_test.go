package needs_test

import (
	"fmt"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"sort"
	"strings"
	"testing"
)

// TestRecentTrendMatchesPublishedMarkers recomputes every published trend
// marker in the North West extract from the series up to that period.
func TestRecentTrendMatchesPublishedMarkers(t *testing.T) {
	cat := seed(t)
	im := &importer.Importer{Catalogue: cat}
	_, pts, err := collect(t, im, needs.FormatFingertipsNext, "nw.csv", extract(t, "fingertipsnext_nw_upper_tier.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	series := map[needs.SeriesKey][]needs.DataPoint{}
	for _, p := range pts {
		series[p.Series()] = append(series[p.Series()], p)
	}
	agree, total, skipped := 0, 0, 0
	byInd := map[int][2]int{}
	var mismatches []string
	for _, p := range pts {
		if p.Trend == "" || p.Trend == "Cannot be calculated" {
			continue
		}
		ind, _ := cat.Get(p.IndicatorID)
		var upTo []needs.DataPoint
		for _, q := range series[p.Series()] {
			if !p.Period.Less(q.Period) {
				upTo = append(upTo, q)
			}
		}
		got := needs.RecentTrend(upTo, ind)
		if got.Marker == needs.TrendCannotCalc {
			// The extract starts in 2018; Fingertips had earlier years.
			skipped++
			continue
		}
		total++
		c := byInd[p.IndicatorID]
		c[1]++
		if got.Label() == p.Trend {
			agree++
			c[0]++
		} else {
			mismatches = append(mismatches, fmt.Sprintf("%d %s %s: published %q, placeboard %q (chi2 %.2f, %d points)", p.IndicatorID, p.AreaCode, p.Period.Label, p.Trend, got.Label(), got.ChiSquare, got.Points))
		}
		byInd[p.IndicatorID] = c
	}
	ids := make([]int, 0, len(byInd))
	for id := range byInd {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, " %d:%d/%d", id, byInd[id][0], byInd[id][1])
	}
	t.Logf("trend markers reproduced: %d of %d (%d skipped: fewer than five periods in the extract);%s", agree, total, skipped, b.String())
	for i, m := range mismatches {
		if i < 15 {
			t.Log(m)
		}
	}
	if total < 100 || float64(agree) < 0.9*float64(total) {
		t.Errorf("only %d of %d published trend markers reproduced", agree, total)
	}
}
