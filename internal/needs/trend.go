package needs

import (
	"math"
	"sort"

	"github.com/placeboard/placeboard/internal/stats"
)

// TrendMarker is Fingertips' recent-trend marker.
type TrendMarker string

// Trend markers.
const (
	TrendIncreasing   TrendMarker = "increasing"
	TrendDecreasing   TrendMarker = "decreasing"
	TrendNoChange     TrendMarker = "no_significant_change"
	TrendCannotCalc   TrendMarker = "cannot_be_calculated"
	TrendPointsToUse              = 5
	trendSignificance             = 0.998
)

// trendCritical is the chi-squared value a trend must pass (one degree of
// freedom, at trendSignificance).
var trendCritical = stats.ChiSquareQuantile(trendSignificance, 1)

// Trend is a recent trend with what it means given the polarity.
type Trend struct {
	Marker TrendMarker `json:"marker"`
	// Direction is better, worse or "" (no polarity or no change).
	Direction Outcome `json:"direction,omitempty"`
	ChiSquare float64 `json:"chi_square"`
	Points    int     `json:"points"`
	Method    string  `json:"method"`
	Message   string  `json:"message,omitempty"`
}

// Label is the trend in words, e.g. "Increasing and getting worse".
func (t Trend) Label() string {
	switch t.Marker {
	case TrendIncreasing, TrendDecreasing:
		s := "Increasing"
		if t.Marker == TrendDecreasing {
			s = "Decreasing"
		}
		switch t.Direction {
		case Better:
			return s + " and getting better"
		case Worse:
			return s + " and getting worse"
		}
		return s
	case TrendNoChange:
		return "No significant change"
	}
	return "Cannot be calculated"
}

// RecentTrend applies Fingertips' recent-trend test to a series (one area,
// sex, age and category over time): the five most recent periods, tested at
// the 99.8% level. Proportions with counts use the chi-squared test for
// trend in proportions; other values a weighted regression on the values
// with weights from their 95% limits. A trend counts only when dropping any
// one point leaves the slope's sign unchanged (Fingertips' outlier check).
func RecentTrend(series []DataPoint, ind Indicator) Trend {
	// The points in period order, sorted by their places: a profile tests
	// 200 series, and copying every point to sort it was most of the
	// test's allocations.
	order := make([]int, len(series))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return series[order[i]].Period.Less(series[order[j]].Period) })
	// The most recent unbroken run of usable points.
	usable := func(p *DataPoint) bool {
		if !Has(p.Value) {
			return false
		}
		if ind.ValueType == ValueProportion {
			return Has(p.Count) && Has(p.Denominator) && p.Count > 0 && p.Count < p.Denominator
		}
		return Has(p.Lower95) && Has(p.Upper95) && p.Upper95 > p.Lower95
	}
	n := 0
	for i := len(order) - 1; i >= 0 && n < TrendPointsToUse && usable(&series[order[i]]); i-- {
		n++
	}
	run := make([]DataPoint, n)
	for i := range run {
		run[i] = series[order[len(order)-n+i]]
	}
	critical := trendCritical
	t := Trend{Marker: TrendCannotCalc, Points: len(run)}
	if len(run) < TrendPointsToUse {
		t.Message = "a trend needs the five most recent periods to have values"
		if ind.ValueType == ValueProportion {
			t.Message += " with counts and denominators"
		} else {
			t.Message += " with 95% confidence intervals"
		}
		return t
	}
	var slope float64
	var consistent bool
	if ind.ValueType == ValueProportion {
		t.Method = "chi-squared test for trend in proportions, 99.8% level"
		t.ChiSquare, slope = chiSquareTrendProportions(run)
		consistent = signConsistent(run, func(sub []DataPoint, xs []float64) float64 { return logitSlope(sub, xs) })
	} else {
		t.Method = "weighted regression on values (weights from 95% limits), 99.8% level"
		t.ChiSquare, slope = weightedTrend(run, nil)
		consistent = signConsistent(run, func(sub []DataPoint, xs []float64) float64 { _, s := weightedTrend(sub, xs); return s })
	}
	if math.IsNaN(t.ChiSquare) {
		t.Message = "the test could not be computed from these values"
		return t
	}
	t.Marker = TrendNoChange
	if t.ChiSquare > critical && consistent {
		if slope > 0 {
			t.Marker = TrendIncreasing
			t.Direction = withPolarity(Higher, ind.Polarity)
		} else {
			t.Marker = TrendDecreasing
			t.Direction = withPolarity(Lower, ind.Polarity)
		}
		if t.Direction == Higher || t.Direction == Lower {
			t.Direction = ""
		}
	}
	return t
}

// chiSquareTrendProportions is the chi-squared statistic for a linear trend
// in proportions over time points 1..k, with the sign of the slope.
func chiSquareTrendProportions(run []DataPoint) (chi2, slope float64) {
	var sumN, sumX, sumNT, sumXT, sumNT2 float64
	for i, p := range run {
		ti := float64(i + 1)
		sumN += p.Denominator
		sumX += p.Count
		sumNT += p.Denominator * ti
		sumXT += p.Count * ti
		sumNT2 += p.Denominator * ti * ti
	}
	num := sumN * math.Pow(sumN*sumXT-sumX*sumNT, 2)
	den := sumX * (sumN - sumX) * (sumN*sumNT2 - sumNT*sumNT)
	return num / den, sumN*sumXT - sumX*sumNT
}

// logitSlope is the least-squares slope of log-odds against time.
func logitSlope(run []DataPoint, xs []float64) float64 {
	var sx, sy, sxy, sxx, n float64
	for i, p := range run {
		x := float64(i + 1)
		if xs != nil {
			x = xs[i]
		}
		y := math.Log(p.Count / (p.Denominator - p.Count))
		sx += x
		sy += y
		sxy += x * y
		sxx += x * x
		n++
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}

// weightedTrend fits value = a + b·t by weighted least squares with weights
// 1/se², se = (upper95 − lower95)/3.92, and returns (b/se(b))² and b.
func weightedTrend(run []DataPoint, xs []float64) (chi2, slope float64) {
	var s1, sx, sy, sxy, sxx float64
	for i, p := range run {
		x := float64(i + 1)
		if xs != nil {
			x = xs[i]
		}
		se := (p.Upper95 - p.Lower95) / 3.92
		w := 1 / (se * se)
		s1 += w
		sx += w * x
		sy += w * p.Value
		sxy += w * x * p.Value
		sxx += w * x * x
	}
	d := s1*sxx - sx*sx
	slope = (s1*sxy - sx*sy) / d
	seSlope := math.Sqrt(s1 / d)
	return math.Pow(slope/seSlope, 2), slope
}

// signConsistent refits the slope leaving out each point in turn (keeping
// the points' time positions) and reports whether every fit has the sign of
// the full fit.
func signConsistent(run []DataPoint, fit func([]DataPoint, []float64) float64) bool {
	xs := make([]float64, len(run))
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	full := fit(run, xs)
	sub := make([]DataPoint, 0, len(run))
	sx := make([]float64, 0, len(run))
	for skip := range run {
		sub, sx = sub[:0], sx[:0]
		for i, p := range run {
			if i != skip {
				sub = append(sub, p)
				sx = append(sx, xs[i])
			}
		}
		if s := fit(sub, sx); (s > 0) != (full > 0) {
			return false
		}
	}
	return true
}
