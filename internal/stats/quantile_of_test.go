package stats

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestQuantileOfIsQuantiles holds QuantileOf to Quantiles for every value
// of groups with ties, missing values, signed zeros and infinities, both
// ways round.
func TestQuantileOfIsQuantiles(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pick := rapid.SampledFrom([]float64{math.NaN(), NA(), 0, math.Copysign(0, -1), 1, 2, 2.5, -3, math.Inf(1), math.Inf(-1)})
		values := rapid.SliceOfN(rapid.OneOf(pick, rapid.Float64Range(-10, 10)), 0, 40).Draw(t, "values")
		n := rapid.IntRange(2, 10).Draw(t, "nquantiles")
		invert := rapid.Bool().Draw(t, "invert")
		want, _ := Quantiles(values, n, invert)
		for i := range values {
			got := QuantileOf(values, i, n, invert)
			if got != want[i] && !(isMissing(got) && isMissing(want[i])) {
				t.Fatalf("value %d (%v) of %v, %d quantiles, invert %v: QuantileOf %v, Quantiles %v", i, values[i], values, n, invert, got, want[i])
			}
		}
	})
}
