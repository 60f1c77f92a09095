package needs

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/stats"
)

// Directly standardised rates from age bands. When a file gives a DSR
// indicator's counts and populations by five-year age band (0-4 … 85-89,
// 90+), placeboard standardises them to the 2013 European Standard
// Population with Dobson limits (internal/stats), for the range the bands
// cover. A published rate for that range in the same file is then checked
// against the recomputation; without one the computed rate is added.

var reBand = regexp.MustCompile(`^(\d{1,2})\s*(?:-\s*(\d{1,2})|\+)\s*(?:yrs|years)?$`)

// ESPBand returns the ESP2013 band index (0 for 0-4 … 18 for 90+) of an
// age label, or -1.
func ESPBand(label string) int {
	m := reBand.FindStringSubmatch(strings.TrimSpace(strings.ToLower(label)))
	if m == nil {
		return -1
	}
	lo, _ := strconv.Atoi(m[1])
	if lo%5 != 0 || lo > 90 {
		return -1
	}
	if m[2] == "" { // "90+"
		if lo != 90 {
			return -1
		}
		return 18
	}
	hi, _ := strconv.Atoi(m[2])
	if hi != lo+4 || lo >= 90 {
		return -1
	}
	return lo / 5
}

// IsBandInput reports whether the point is one age band of a directly
// standardised rate, kept as an input (its count and population) rather
// than a value: it has a five-year ESP band for its age and no value. Pages
// and the API's default view leave such rows out; the rate they make is its
// own row.
func (p DataPoint) IsBandInput() bool {
	if Has(p.Value) || ESPBand(p.Age) < 0 {
		return false
	}
	return strings.HasPrefix(p.OriginDetail, "age band of a directly standardised rate") || Has(p.Count) && Has(p.Denominator)
}

// bandRangeLabel names the range of bands first..last as Fingertips does.
func bandRangeLabel(first, last int) string {
	lo, hi := first*5, last*5+4
	switch {
	case first == 0 && last == 18:
		return "All ages"
	case first == 0:
		return fmt.Sprintf("<%d yrs", hi+1)
	case last == 18:
		return fmt.Sprintf("%d+ yrs", lo)
	}
	return fmt.Sprintf("%d-%d yrs", lo, hi)
}

type dsrKey struct {
	indicator                              int
	area, period, sex, categoryType, categ string
}

type HeldRow struct {
	Line  int
	Point DataPoint
	ind   Indicator
	band  int
}

// DSRHold keeps a DSR indicator's rows until the file ends.
type DSRHold struct {
	rows []HeldRow
}

func (h *DSRHold) Add(line int, p DataPoint, ind Indicator) {
	h.rows = append(h.rows, HeldRow{line, p, ind, ESPBand(p.Age)})
}

// finish computes the standardised rates and returns every held row, plus
// the computed ones, in file order.
func (h *DSRHold) Finish() ([]HeldRow, error) {
	groups := map[dsrKey][]int{}
	published := map[dsrKey]map[string]int{}
	for i, r := range h.rows {
		k := dsrKey{r.Point.IndicatorID, r.Point.AreaCode, r.Point.Period.Label, r.Point.Sex, r.Point.CategoryType, r.Point.Category}
		if r.band >= 0 && !Has(r.Point.Value) {
			groups[k] = append(groups[k], i)
			continue
		}
		if published[k] == nil {
			published[k] = map[string]int{}
		}
		published[k][r.Point.Age] = i
	}
	out := append([]HeldRow(nil), h.rows...)
	keys := make([]dsrKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return h.rows[groups[keys[i]][0]].Line < h.rows[groups[keys[j]][0]].Line })
	for _, k := range keys {
		idx := groups[k]
		sort.Slice(idx, func(i, j int) bool { return h.rows[idx[i]].band < h.rows[idx[j]].band })
		first, last := h.rows[idx[0]].band, h.rows[idx[len(idx)-1]].band
		var gap string
		for _, i := range idx {
			if !Has(h.rows[i].Point.Count) || !Has(h.rows[i].Point.Denominator) {
				gap = h.rows[i].Point.Age
				break
			}
		}
		if gap != "" {
			// A suppressed band is not a zero: no rate, said on the rows.
			for _, i := range idx {
				out[i].Point.OriginDetail = "age band of a directly standardised rate; band " + gap + " has no count or population, so no rate was computed"
			}
			continue
		}
		if last-first+1 != len(idx) {
			// Missing or repeated bands: no standardised rate, said on the rows.
			for _, i := range idx {
				out[i].Point.OriginDetail = "age band of a directly standardised rate; the bands do not form one unbroken range, so no rate was computed"
			}
			continue
		}
		x := make([]float64, len(idx))
		n := make([]float64, len(idx))
		std := make([]float64, len(idx))
		for j, i := range idx {
			x[j], n[j], std[j] = h.rows[i].Point.Count, h.rows[i].Point.Denominator, stats.ESP2013[h.rows[i].band]
		}
		ind := h.rows[idx[0]].ind
		mult := ind.Multiplier
		if mult <= 0 {
			mult = 100000
		}
		res, err := stats.DSR(x, n, std, bothLevels, mult)
		if err != nil {
			return nil, &FinishError{"count", err.Error()}
		}
		label := bandRangeLabel(first, last)
		detail := fmt.Sprintf("directly standardised rate from %d age bands (ESP 2013), Dobson limits", len(idx))
		if pi, ok := published[k][label]; ok {
			pub := &out[pi].Point
			switch {
			case !stats.IsNA(res.Value) && agrees(pub.Value, res.Value):
				fill(&pub.Lower95, res.Lower[0])
				fill(&pub.Upper95, res.Upper[0])
				fill(&pub.Lower998, res.Lower[1])
				fill(&pub.Upper998, res.Upper[1])
				pub.Origin = OriginVerified
				pub.OriginDetail = "published value reproduced: " + detail
			case stats.IsNA(res.Value):
				pub.OriginDetail = "kept as published: fewer than 10 events in the age bands, so no rate is computed"
			default:
				pub.OriginDetail = fmt.Sprintf("kept as published: the %s gives %.6g", detail, res.Value)
			}
			continue
		}
		p := NewDataPoint()
		base := h.rows[idx[0]].Point
		p.IndicatorID, p.AreaCode, p.AreaName, p.Period, p.Sex = base.IndicatorID, base.AreaCode, base.AreaName, base.Period, base.Sex
		p.CategoryType, p.Category, p.Age = base.CategoryType, base.Category, label
		p.Count, p.Denominator = res.TotalCount, res.TotalPop
		p.Origin = OriginComputed
		if stats.IsNA(res.Value) {
			p.Origin = OriginPrecomputed
			p.OriginDetail = "no rate: fewer than 10 events in the age bands"
		} else {
			p.Value, p.Lower95, p.Upper95, p.Lower998, p.Upper998 = res.Value, res.Lower[0], res.Upper[0], res.Lower[1], res.Upper[1]
			p.OriginDetail = detail
		}
		out = append(out, HeldRow{Line: h.rows[idx[len(idx)-1]].Line, Point: p, ind: ind, band: -1})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, nil
}

// Len is the number of rows held.
func (h *DSRHold) Len() int { return len(h.rows) }

// Reset drops the held rows.
func (h *DSRHold) Reset() { h.rows = nil }
