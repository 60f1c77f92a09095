package stats

import "math"

// MeanResult is one group's phe_mean output.
type MeanResult struct {
	ValueSum   float64
	ValueCount float64 // rows in the group, missing values included (as R's length())
	StDev      float64 // sample standard deviation; NA for one value
	Result
}

// MeanStatistic is phe_mean's "statistic" label.
const MeanStatistic = "mean"

// Mean is phe_mean for one group of values: the mean with Student's t
// limits value ∓ |t_{(1-conf)/2}(count-1)|·sd/√count. A missing value makes
// every output except ValueCount NA, as R's sum and sd do.
func Mean(values []float64, levels Levels) MeanResult {
	var m meanCalc
	m.init(levels)
	r := MeanResult{Result: Result{Lower: make([]float64, len(levels)), Upper: make([]float64, len(levels)), Method: MethodStudentT}}
	m.group(values, &r.ValueSum, &r.ValueCount, &r.StDev, &r.Value, r.Lower, r.Upper)
	return r
}

// meanCalc caches t quantiles by degrees of freedom: grouped inputs almost
// always repeat the same group size.
type meanCalc struct {
	levels Levels
	p      []float64
	tcache map[float64][]float64
	lastDF float64
	lastT  []float64
}

func (m *meanCalc) init(levels Levels) {
	m.levels = levels
	m.p = make([]float64, len(levels))
	for i, c := range levels {
		m.p[i] = (1 - c) / 2
	}
	m.tcache = map[float64][]float64{}
}

func (m *meanCalc) t(df float64) []float64 {
	if m.lastT != nil && df == m.lastDF {
		return m.lastT
	}
	if t, ok := m.tcache[df]; ok {
		m.lastDF, m.lastT = df, t
		return t
	}
	t := make([]float64, len(m.p))
	for i, p := range m.p {
		t[i] = math.Abs(StudentTQuantile(p, df))
	}
	m.tcache[df] = t
	m.lastDF, m.lastT = df, t
	return t
}

func (m *meanCalc) group(values []float64, sum, count, sd, value *float64, lower, upper []float64) {
	n := float64(len(values))
	*count = n
	missing := false
	for _, v := range values {
		if isMissing(v) {
			missing = true
		}
	}
	s := accurateSum(values)
	if missing || n == 0 {
		na := NA()
		if n == 0 {
			// R: sum of nothing is 0, the mean 0/0 is NaN and sd is NA.
			*sum, *value, *sd = 0, math.NaN(), na
		} else {
			*sum, *value, *sd = na, na, na
		}
		for l := range lower {
			lower[l], upper[l] = na, na
		}
		return
	}
	*sum = s
	mean := s / n
	*value = mean
	if n < 2 {
		// R computes value ∓ |qt(p, 0)|·sd/√1 with sd NA: qt(p, 0) is NaN,
		// and NaN·NA is NaN in R's arithmetic, so the limits are NaN; at
		// confidence 1, qt(0, 0) is -Inf and Inf·NA is NA.
		*sd = NA()
		ts := m.t(0)
		for l := range lower {
			lim := NA()
			if math.IsNaN(ts[l]) {
				lim = math.NaN()
			}
			lower[l], upper[l] = lim, lim
		}
		return
	}
	// R's var(): two-pass with the mean computed in long double then refined;
	// a two-pass sum of squares agrees to ~1e-15.
	mu := rMean(values)
	var ss float64
	for _, v := range values {
		d := v - mu
		ss += d * d
	}
	sdev := math.Sqrt(ss / (n - 1))
	*sd = sdev
	ts := m.t(n - 1)
	for l := range lower {
		lower[l] = mean - ts[l]*sdev/math.Sqrt(n)
		upper[l] = mean + ts[l]*sdev/math.Sqrt(n)
	}
}

// rMean is R's mean() as var() computes it: the sum divided by n, then
// corrected by the mean residual. R accumulates in long double; compensated
// sums give the same results (e.g. exactly v for identical values, so sd 0).
func rMean(v []float64) float64 {
	n := float64(len(v))
	s := accurateSum(v) / n
	var t, c float64
	for _, x := range v {
		t, c = twoSumAdd(t, c, x-s)
	}
	return s + (t+c)/n
}

// accurateSum is a Neumaier-compensated sum, standing in for R's long
// double accumulation in sum().
func accurateSum(v []float64) float64 {
	var s, c float64
	for _, x := range v {
		s, c = twoSumAdd(s, c, x)
	}
	return s + c
}

func twoSumAdd(s, c, x float64) (float64, float64) {
	t := s + x
	if math.Abs(s) >= math.Abs(x) {
		c += (s - t) + x
	} else {
		c += (x - t) + s
	}
	return t, c
}
