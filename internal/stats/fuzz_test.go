package stats

import (
	"encoding/binary"
	"math"
	"testing"
)

// floats decodes fuzz bytes into float64 values, mixing in the special
// values that matter (NA, NaN, ±Inf, 0, negatives).
func floats(b []byte, n int) []float64 {
	special := []float64{NA(), math.NaN(), math.Inf(1), math.Inf(-1), 0, -1, 1e-300, 9, 10}
	out := make([]float64, n)
	for i := range out {
		if len(b) >= 9 {
			if b[0]%4 == 0 {
				out[i] = special[int(b[1])%len(special)]
			} else {
				out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[1:9]))
				if b[0]%4 == 1 {
					out[i] = math.Abs(math.Round(math.Mod(out[i], 1e6)))
				}
			}
			b = b[9:]
		}
	}
	return out
}

// FuzzMethodInputs runs every method's validation and computation on
// arbitrary values: errors are fine, panics are not.
func FuzzMethodInputs(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(19), uint8(0))
	f.Add(make([]byte, 400), uint8(20), uint8(1))
	f.Add([]byte("\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x40\x42\x0f\x00\x00\x00\x00\x00"), uint8(5), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, size uint8, confSel uint8) {
		n := int(size%40) + 1
		x := floats(data, n)
		y := floats(append(data[min(len(data), 5):], data...), n)
		w := floats(append(data[min(len(data), 3):], data...), n)
		raw := [][]float64{{0.95}, {95}, {0.95, 0.998}, {x[0]}, {90, 99.9, 0.5}, nil}[int(confSel)%6]
		lv, err := ParseLevels(raw)
		if err != nil {
			lv = Levels{0.95}
		}
		la, err := ParseLevelsAny(raw)
		if err != nil {
			la = Levels{0.95}
		}
		_, _ = ParseProportionLevels(raw)
		mult := math.Abs(y[0])
		if CheckProportionInputs(x, y) == nil {
			ProportionsInto(&Batch{}, x, y, lv, mult)
		}
		if CheckRateInputs(x, y) == nil {
			RatesInto(&Batch{}, x, y, lv, mult)
		}
		_, _ = Proportions(x, y, lv, mult)
		_, _ = Rates(x, y, lv, mult)
		_, _ = DSR(x, y, w, lv, mult)
		if CheckDSRInputs(x, y, w) == nil {
			DSRGroups(x, y, w, []int{0, n / 2, n}, lv, mult)
		}
		rows := make([]DSRFreqRow, n)
		for i := range rows {
			rows[i] = DSRFreqRow{AgeBand: string(rune('a' + i%5)), EventFreq: w[i], X: x[i], N: y[i], StdPop: 1000}
		}
		_, _ = DSRNonIndependent(rows, lv, 100000)
		_, _ = ISRatio(x, y, w, x, lv, 1)
		_, _ = ISRate(x, y, w, x, lv, 100000)
		_, _ = ISRatioObserved(x[0], y, w, x, lv, 1)
		if CheckISRInputs(x, y) == nil {
			ISRGroups(x, y, w, x, []int{0, n}, lv, true, 1000)
		}
		Mean(x, lv)
		MeanGroups(x, []int{0, n / 3, n}, lv)
		bands := make([]LifeBand, n)
		for i := range bands {
			bands[i] = LifeBand{StartAge: DefaultAgeContents[i%20], Deaths: x[i], Population: y[i]}
		}
		LifeExpectancy(bands, la)
		LifeExpectancyGroups(bands, []int{0, n}, la)
		Quantiles(x, int(size%12)+1, size%2 == 0)
		_ = CheckInvertConsistent([]int{0, 0, 1}, []bool{true, size%2 == 0, false})
		_, _ = FunnelSignificanceProportion(x, y)
		_, _ = FunnelSignificanceRatio(x, y)
		_, _ = FunnelSignificanceRate(x, w, y, RateTypeCrude, mult)
		_, _ = FunnelSignificanceRate(x, w, nil, RateTypeDSR, mult)
		_, _, _ = FunnelPoints(x, w, y, RateTypeCrude, 3, 100000)
		q := make([]SIIQuantile, n)
		for i := range q {
			q[i] = SIIQuantile{Quantile: float64(i), Population: y[i], X: x[i], Value: x[i], LowerCL: NA(), UpperCL: NA(), SE: w[i]}
		}
		_, _ = SII(q, SIIOptions{ValueType: int(size % 3), Repetitions: 1000, Levels: la}, true)
		_ = NormalQuantile(x[0])
		_ = ChiSquareQuantile(math.Abs(x[0])/(1+math.Abs(x[0])), math.Abs(y[0]))
		_ = StudentTQuantile(math.Abs(x[0])/(1+math.Abs(x[0])), math.Abs(y[0]))
	})
}

// FuzzFunnelLimits is separate because the Poisson bisection is slow for
// huge counts: counts are kept to a realistic size.
func FuzzFunnelLimits(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, sel uint8) {
		n := 6
		x := floats(data, n)
		y := floats(append(data[min(len(data), 4):], data...), n)
		for i := range x {
			x[i] = math.Mod(math.Abs(x[i]), 500)
			y[i] = math.Mod(math.Abs(y[i]), 5000)
		}
		o := FunnelLimitsOptions{Statistic: []string{FunnelProportion, FunnelRatio, FunnelRate, "bad"}[sel%4], Multiplier: 100, RatioType: RatioTypeISR, RateType: RateTypeCrude, YearsOfData: 1}
		_, _ = FunnelLimits(x, y, y, o)
	})
}
