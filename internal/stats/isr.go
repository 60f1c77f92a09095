package stats

// ISRResult is one group's indirectly standardised ratio or rate.
type ISRResult struct {
	Observed float64
	Expected float64
	RefRate  float64 // ISRate only (NaN for ISRatio)
	Result
	Statistic string
}

// ISRatioStatistic labels an ISRatio: "indirectly standardised ratio x 100".
func ISRatioStatistic(refvalue float64) string {
	return "indirectly standardised ratio x " + FormatR(refvalue)
}

// ISRateStatistic labels an ISRate: "indirectly standardised rate per 100000".
func ISRateStatistic(multiplier float64) string {
	return "indirectly standardised rate per " + FormatR(multiplier)
}

// CheckISRInputs applies the ISR checks: x ≥ 0 then n ≥ 0 (missing skipped).
func CheckISRInputs(x, n []float64) error {
	for i, v := range x {
		if v < 0 {
			return inputErr(i, "x", "numerators must all be greater than or equal to zero")
		}
	}
	for i, v := range n {
		if v < 0 {
			return inputErr(i, "n", "denominators must all be greater than or equal to zero")
		}
	}
	return nil
}

// isrSums returns observed Σx (NA removed), expected Σ xref/nref·n (NA xref
// and n as 0) and the reference rate Σxref/Σnref (unscaled).
func isrSums(x, n, xref, nref []float64) (obs, exp, refRate float64) {
	var sxr, snr float64
	for i := range n {
		if x != nil && !isMissing(x[i]) {
			obs += x[i]
		}
		xr := xref[i]
		if isMissing(xr) {
			xr = 0
		} else {
			sxr += xr
		}
		ni := n[i]
		if isMissing(ni) {
			ni = 0
		}
		exp += xr / nref[i] * ni
		snr += nref[i]
	}
	return obs, exp, sxr / snr
}

// ISRatio is calculate_ISRatio for one group: observed x, population n and
// reference counts/populations xref, nref by stratum (the package's
// refpoptype = "field"; for "vector" pass the same reference slices for
// every group). value = O/E·refvalue, O = Σx with NA removed,
// E = Σ xref/nref·n with NA xref and n taken as 0.
func ISRatio(x, n, xref, nref []float64, levels Levels, refvalue float64) (ISRResult, error) {
	if err := CheckISRInputs(x, n); err != nil {
		return ISRResult{}, err
	}
	obs, exp, _ := isrSums(x, n, xref, nref)
	return isrResult(obs, exp, NA(), refvalue, ISRatioStatistic(refvalue), levels), nil
}

// ISRatioObserved is ISRatio with the observed total given directly (the
// package's observed_totals argument); it may be NA.
func ISRatioObserved(observed float64, n, xref, nref []float64, levels Levels, refvalue float64) (ISRResult, error) {
	if err := CheckISRInputs([]float64{observed}, n); err != nil {
		return ISRResult{}, err
	}
	_, exp, _ := isrSums(nil, n, xref, nref)
	return isrResult(observed, exp, NA(), refvalue, ISRatioStatistic(refvalue), levels), nil
}

// ISRate is calculate_ISRate for one group: as ISRatio, scaled by the
// reference rate Σxref/Σnref·multiplier (returned as RefRate).
func ISRate(x, n, xref, nref []float64, levels Levels, multiplier float64) (ISRResult, error) {
	if err := CheckISRInputs(x, n); err != nil {
		return ISRResult{}, err
	}
	obs, exp, rr := isrSums(x, n, xref, nref)
	rr *= multiplier
	return isrResult(obs, exp, rr, rr, ISRateStatistic(multiplier), levels), nil
}

// ISRateObserved is ISRate with the observed total given directly.
func ISRateObserved(observed float64, n, xref, nref []float64, levels Levels, multiplier float64) (ISRResult, error) {
	if err := CheckISRInputs([]float64{observed}, n); err != nil {
		return ISRResult{}, err
	}
	_, exp, rr := isrSums(nil, n, xref, nref)
	rr *= multiplier
	return isrResult(observed, exp, rr, rr, ISRateStatistic(multiplier), levels), nil
}

func isrResult(obs, exp, refRate, scale float64, statistic string, levels Levels) ISRResult {
	r := ISRResult{Observed: obs, Expected: exp, RefRate: refRate, Statistic: statistic}
	r.Result = isrLimits(obs, exp, scale, levels, newPoissonLimitsCache(levels))
	return r
}

func isrLimits(obs, exp, scale float64, levels Levels, cache *poissonLimitsCache) Result {
	r := Result{Lower: make([]float64, len(levels)), Upper: make([]float64, len(levels))}
	isrLimitsInto(obs, exp, scale, cache, &r.Value, r.Lower, r.Upper, &r.Method)
	return r
}

func isrLimitsInto(obs, exp, scale float64, cache *poissonLimitsCache, value *float64, lower, upper []float64, method *string) {
	if isMissing(obs) {
		*value = NA()
		for l := range lower {
			lower[l], upper[l] = NA(), NA()
		}
		*method = ""
		return
	}
	*value = obs / exp * scale
	if obs < 10 {
		*method = MethodExact
	} else {
		*method = MethodByars
	}
	for l := range lower {
		lo, hi := cache.limits(obs, l)
		if IsNA(lo) {
			lower[l] = NA()
		} else {
			lower[l] = lo / exp * scale
		}
		upper[l] = hi / exp * scale
	}
}
