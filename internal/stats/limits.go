package stats

import "math"

// Method names written in the package's "method" column.
const (
	MethodWilson = "Wilson"
	MethodExact  = "Exact"
	MethodByars  = "Byars"
	MethodDobson = "Dobson"
	// MethodDobsonNonIndependent is the DSR method for non-independent events.
	MethodDobsonNonIndependent = "Dobson, with confidence adjusted for non-independent events"
	MethodStudentT             = "Student's t-distribution"
	MethodChiang               = "Chiang, using Silcocks et al for confidence limits"
)

// zFor is the two-sided normal quantile for a fractional confidence level.
func zFor(conf float64) float64 { return NormalQuantile(conf + (1-conf)/2) }

// WilsonLower is the lower Wilson score limit for x successes out of n at
// confidence level conf (a fraction). conf = 1 gives 0.
func WilsonLower(x, n, conf float64) float64 {
	if conf == 1 {
		return 0
	}
	return wilsonLowerZ(x, n, zFor(conf))
}

// WilsonUpper is the upper Wilson score limit. conf = 1 gives 1.
func WilsonUpper(x, n, conf float64) float64 {
	if conf == 1 {
		return 1
	}
	return wilsonUpperZ(x, n, zFor(conf))
}

// The operation order follows the R code so results agree to the last bit
// where possible.
func wilsonLowerZ(x, n, z float64) float64 {
	z2 := z * z
	return (2*x + z2 - z*math.Sqrt(z2+4*x*(1-(x/n)))) / 2 / (n + z2)
}

func wilsonUpperZ(x, n, z float64) float64 {
	z2 := z * z
	return (2*x + z2 + z*math.Sqrt(z2+4*x*(1-(x/n)))) / 2 / (n + z2)
}

// Wilson returns both Wilson limits, checking the inputs as the package's
// internal helper does.
func Wilson(x, n, conf float64) (lower, upper float64, err error) {
	switch {
	case x < 0:
		return 0, 0, inputErr(-1, "x", "observed events must all be greater than or equal to zero")
	case n < 0:
		return 0, 0, inputErr(-1, "n", "sample sizes must all be greater than zero")
	case x > n:
		return 0, 0, inputErr(-1, "x", "numerators must be less than or equal to denominator for a Wilson score to be calculated")
	case confOutOfRange(conf):
		return 0, 0, inputErr(-1, confidenceField, msgConfRange)
	}
	if conf >= 90 {
		conf /= 100
	}
	return WilsonLower(x, n, conf), WilsonUpper(x, n, conf), nil
}

// ByarsLower is Byar's lower limit for an observed count o. A negative
// result (tiny counts at high confidence) is NA, as in the package.
func ByarsLower(o, conf float64) float64 { return byarsLowerZ(o, zFor(conf)) }

// ByarsUpper is Byar's upper limit for an observed count o.
func ByarsUpper(o, conf float64) float64 { return byarsUpperZ(o, zFor(conf)) }

func byarsLowerZ(o, z float64) float64 {
	if IsNA(o) {
		return NA()
	}
	a := 1 - 1/(9*o) - z/(3*math.Sqrt(o))
	v := o * (a * a * a)
	if v < 0 {
		return NA()
	}
	return v
}

func byarsUpperZ(o, z float64) float64 {
	if IsNA(o) {
		return NA()
	}
	o1 := o + 1
	a := 1 - 1/(9*o1) + z/(3*math.Sqrt(o1))
	return o1 * (a * a * a)
}

// ExactPoissonLower is the exact (chi-square) lower limit for a count o:
// qchisq((1-conf)/2, 2o)/2, which is 0 for o = 0.
func ExactPoissonLower(o, conf float64) float64 {
	if isMissing(o) {
		return o
	}
	return ChiSquareQuantile((1-conf)/2, 2*o) / 2
}

// ExactPoissonUpper is qchisq(conf + (1-conf)/2, 2o+2)/2.
func ExactPoissonUpper(o, conf float64) float64 {
	if isMissing(o) {
		return o
	}
	return ChiSquareQuantile(conf+(1-conf)/2, 2*o+2) / 2
}

// PoissonLimits gives the limits for a count as rates and ISRs use them:
// exact when o < 10, Byar's otherwise. method is "Exact" or "Byars" ("" for
// a missing count).
func PoissonLimits(o, conf float64) (lower, upper float64, method string) {
	switch {
	case isMissing(o):
		return NA(), NA(), ""
	case o < 10:
		return ExactPoissonLower(o, conf), ExactPoissonUpper(o, conf), MethodExact
	default:
		return ByarsLower(o, conf), ByarsUpper(o, conf), MethodByars
	}
}

// poissonLimitsCache memoises exact limits for the integer counts below 10,
// which dominate rate and ISR workloads.
type poissonLimitsCache struct {
	levels Levels
	z      []float64
	lower  [][10]float64 // [level][count]
	upper  [][10]float64
}

func newPoissonLimitsCache(levels Levels) *poissonLimitsCache {
	c := &poissonLimitsCache{levels: levels, z: levels.Z()}
	c.lower = make([][10]float64, len(levels))
	c.upper = make([][10]float64, len(levels))
	for i, conf := range levels {
		for o := 0; o < 10; o++ {
			c.lower[i][o] = ExactPoissonLower(float64(o), conf)
			c.upper[i][o] = ExactPoissonUpper(float64(o), conf)
		}
	}
	return c
}

// limits returns the count limits at level i.
func (c *poissonLimitsCache) limits(o float64, i int) (lo, hi float64) {
	if isMissing(o) {
		return NA(), NA()
	}
	if o < 10 {
		if k := int(o); float64(k) == o && k >= 0 {
			return c.lower[i][k], c.upper[i][k]
		}
		return ExactPoissonLower(o, c.levels[i]), ExactPoissonUpper(o, c.levels[i])
	}
	return byarsLowerZ(o, c.z[i]), byarsUpperZ(o, c.z[i])
}
