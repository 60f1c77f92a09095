package stats

import (
	"math"
	"testing"
)

// Regressions found by comparing with PHEindicatormethods on fresh random
// inputs (testdata/rcheck).

// isNaNNotNA reports a NaN that is not R's NA.
func isNaNNotNA(v float64) bool { return math.IsNaN(v) && !IsNA(v) }

// For one value R's sd is NA and qt(p, 0) is NaN, so phe_mean's limits are
// NaN (printed NaN), not NA.
func TestMeanOfOneValueHasNaNLimits(t *testing.T) {
	r := Mean([]float64{704.25}, Levels{0.95, 0.998})
	if r.Value != 704.25 || r.ValueCount != 1 || !IsNA(r.StDev) {
		t.Fatalf("value %v count %v sd %v; want 704.25, 1, NA", r.Value, r.ValueCount, r.StDev)
	}
	for l := range r.Lower {
		if !isNaNNotNA(r.Lower[l]) || !isNaNNotNA(r.Upper[l]) {
			t.Errorf("level %d limits %v %v; R gives NaN NaN", l, r.Lower[l], r.Upper[l])
		}
	}
	// At confidence 1, qt(0, 0) is -Inf and the limits are NA.
	r = Mean([]float64{704.25}, Levels{1})
	if !IsNA(r.Lower[0]) || !IsNA(r.Upper[0]) {
		t.Errorf("confidence 1: limits %v %v; R gives NA NA", r.Lower[0], r.Upper[0])
	}
	if q := StudentTQuantile(0, 0); !math.IsInf(q, -1) {
		t.Errorf("StudentTQuantile(0, 0) = %v; R's qt(0, 0) is -Inf", q)
	}
	// A missing value still makes everything NA.
	r = Mean([]float64{math.Float64frombits(naBits)}, Levels{0.95})
	if !IsNA(r.Value) || !IsNA(r.Lower[0]) || !IsNA(r.Upper[0]) {
		t.Errorf("NA input: value %v limits %v %v; want NA", r.Value, r.Lower[0], r.Upper[0])
	}
}

// A missing population with no deaths makes q = 1 in that band and the
// next band's variance term 0/0: R's limits are NaN for every age up to
// there, not NA. (Area l12 of rcheck's le_missing_values, values from R.)
func TestLifeExpectancyMissingPopulationGivesNaNLimits(t *testing.T) {
	deaths := []float64{2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 3, 1, 5, 4, 7, 11, 59, 10, 53}
	pops := []float64{233, 839, 1116, 948, 930, NA(), 658, 737, 1046, 1114, 509, 371, 446, 788, 314, 597, 437, 1055, 194, 336}
	bands := make([]LifeBand, 20)
	for i := range bands {
		bands[i] = LifeBand{StartAge: DefaultAgeContents[i], Deaths: deaths[i], Population: pops[i]}
	}
	res, warn := LifeExpectancy(bands, Levels{0.95})
	if warn != "" {
		t.Fatalf("warning %q; R gives none (an NA total population is not <= 5000)", warn)
	}
	wantValue := []float64{22.309199318568997, 21.5, 17.5, 12.5, 7.5, 2.5}
	for i, r := range res {
		want := 0.0
		if i < len(wantValue) {
			want = wantValue[i]
		}
		if math.Abs(r.Value-want) > 1e-9*math.Abs(want) {
			t.Errorf("age %v: value %v, R %v", r.StartAge, r.Value, want)
		}
		if !isNaNNotNA(r.Lower[0]) || !isNaNNotNA(r.Upper[0]) {
			t.Errorf("age %v: limits %v %v, R NaN NaN", r.StartAge, r.Lower[0], r.Upper[0])
		}
	}
}

// R's sum and cumsum add in long double, where NA wins over NaN in either
// order; plain double addition keeps the first operand's NaN.
func TestRSumAddNAWinsOverNaN(t *testing.T) {
	nan := math.NaN()
	for _, c := range [][2]float64{{nan, NA()}, {NA(), nan}, {1, NA()}, {NA(), 1}} {
		if got := rSumAdd(c[0], c[1]); !IsNA(got) {
			t.Errorf("rSumAdd(%v, %v) = %v, want NA", c[0], c[1], got)
		}
	}
	if got := rSumAdd(nan, 1); !isNaNNotNA(got) {
		t.Errorf("rSumAdd(NaN, 1) = %v, want NaN", got)
	}
}

// R's rnorm returns the mean without drawing when sigma is 0, so a zero
// standard error must not shift the stream for the quantiles after it.
func TestRNormZeroSigmaDoesNotDraw(t *testing.T) {
	a, b := NewRRandom(7), NewRRandom(7)
	if got := a.RNorm(5, 0); got != 5 {
		t.Fatalf("RNorm(5, 0) = %v, want 5", got)
	}
	if got, want := a.RNorm(0, 1), b.Normal(); got != want {
		t.Errorf("draw after a zero sigma %v, want the stream's first draw %v", got, want)
	}
	if got := a.RNorm(NA(), 1); !math.IsNaN(got) {
		t.Errorf("RNorm(NA, 1) = %v, want NaN", got)
	}
}

// set.seed(7); rnorm(3, c(1, 2, 3), c(0.5, 0, 2)) in R 4.2.2.
func TestRNormMatchesR(t *testing.T) {
	r := NewRRandom(7)
	want := []float64{2.1436235806702619, 2, 0.60645663555530094}
	mu, sd := []float64{1, 2, 3}, []float64{0.5, 0, 2}
	for i := range want {
		if got := r.RNorm(mu[i], sd[i]); math.Abs(got-want[i]) > 1e-15*math.Abs(want[i]) {
			t.Errorf("draw %d = %.17g, R %.17g", i, got, want[i])
		}
	}
}
