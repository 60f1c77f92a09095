// Package needs is the Joint Strategic Needs Assessment domain: the indicator
// catalogue, importers for Fingertips and generic files, comparisons with
// benchmarks, trends and priority scoring. (Its charts are drawn in
// internal/web/chart.)
//
// It is pure: no HTTP, no database. Callers stream parsed rows into a store
// and hand values back here to compare and rank.
package needs

import (
	"fmt"
	"strings"
)

// ValueType is what an indicator's value measures; it decides the statistical
// method used to compute values and confidence intervals from counts.
type ValueType string

// Value types, named after Fingertips' own list.
const (
	ValueProportion     ValueType = "proportion"
	ValueCrudeRate      ValueType = "crude_rate"
	ValueDSR            ValueType = "directly_standardised_rate"
	ValueISR            ValueType = "indirectly_standardised_ratio"
	ValueISP            ValueType = "indirectly_standardised_proportion"
	ValueMean           ValueType = "mean"
	ValueLifeExpectancy ValueType = "life_expectancy"
	ValueCount          ValueType = "count"
	ValueScore          ValueType = "score"
	ValueOther          ValueType = "other"
)

// Method is the statistical method internal/stats applies for a value type.
type Method string

// Methods.
const (
	MethodWilson         Method = "wilson"          // proportion, Wilson score interval
	MethodByar           Method = "byar"            // crude rate, Byar's Poisson approximation
	MethodDSRDobson      Method = "dsr_dobson"      // directly standardised rate, Dobson
	MethodISRByar        Method = "isr_byar"        // observed/expected with Byar limits
	MethodMean           Method = "mean_t"          // mean with Student t interval
	MethodLifeExpectancy Method = "life_expectancy" // Chiang II abridged life table
	MethodCount          Method = "count"           // counts have no interval
	MethodNone           Method = "none"            // scores and other values are kept as given
)

// Method returns the stats method for the value type.
func (v ValueType) Method() Method {
	switch v {
	case ValueProportion:
		return MethodWilson
	case ValueCrudeRate:
		return MethodByar
	case ValueDSR:
		return MethodDSRDobson
	case ValueISR, ValueISP:
		return MethodISRByar
	case ValueMean:
		return MethodMean
	case ValueLifeExpectancy:
		return MethodLifeExpectancy
	case ValueCount:
		return MethodCount
	}
	return MethodNone
}

// Valid reports whether v is a known value type.
func (v ValueType) Valid() bool {
	for _, k := range ValueTypes() {
		if v == k {
			return true
		}
	}
	return false
}

// ValueTypes lists every value type, for forms and validation messages.
func ValueTypes() []ValueType {
	return []ValueType{ValueProportion, ValueCrudeRate, ValueDSR, ValueISR, ValueISP, ValueMean, ValueLifeExpectancy, ValueCount, ValueScore, ValueOther}
}

// ParseValueType reads a Fingertips value-type label ("Directly standardised
// rate") or one of our own names ("crude_rate").
func ParseValueType(s string) (ValueType, bool) {
	k := normaliseLabel(s)
	switch k {
	case "proportion", "percentage":
		return ValueProportion, true
	case "crude rate", "crude_rate", "rate":
		return ValueCrudeRate, true
	case "directly standardised rate", "directly_standardised_rate", "dsr":
		return ValueDSR, true
	case "indirectly standardised ratio", "indirectly_standardised_ratio", "isr", "standardised ratio":
		return ValueISR, true
	case "indirectly standardised proportion", "indirectly_standardised_proportion", "isp":
		return ValueISP, true
	case "mean", "median":
		return ValueMean, true
	case "life expectancy", "life_expectancy":
		return ValueLifeExpectancy, true
	case "count":
		return ValueCount, true
	case "score":
		return ValueScore, true
	case "other", "ratio", "excess risk", "gap", "slope index of inequality", "percentage point":
		return ValueOther, true
	}
	return "", false
}

// Polarity says which direction of an indicator is good.
type Polarity string

// Polarities. An empty polarity means the source did not say; it is treated
// as no judgement until an analyst sets it.
const (
	HighIsGood   Polarity = "high_is_good"
	LowIsGood    Polarity = "low_is_good"
	NoJudgement  Polarity = "no_judgement"
	PolarityNone Polarity = ""
)

// ParsePolarity reads "High is good", "low_is_good", "RAG - Low is good" and
// the like.
func ParsePolarity(s string) (Polarity, bool) {
	k := normaliseLabel(s)
	switch {
	case k == "":
		return PolarityNone, true
	case strings.Contains(k, "high is good") || k == "high_is_good":
		return HighIsGood, true
	case strings.Contains(k, "low is good") || k == "low_is_good":
		return LowIsGood, true
	case strings.Contains(k, "no judgement") || k == "no_judgement" || strings.Contains(k, "not applicable"):
		return NoJudgement, true
	}
	return "", false
}

// BenchmarkMethod is how an area's value is compared with its benchmark.
type BenchmarkMethod string

// Benchmark methods.
const (
	BenchmarkCI95      BenchmarkMethod = "ci_overlap_95"
	BenchmarkCI998     BenchmarkMethod = "ci_overlap_99_8"
	BenchmarkQuintiles BenchmarkMethod = "quintiles"
	BenchmarkNone      BenchmarkMethod = "none"
)

// ParseBenchmarkMethod reads Fingertips' "Confidence intervals overlapping
// reference value (95.0)", "Quintiles", "No comparison" or our own names.
func ParseBenchmarkMethod(s string) (BenchmarkMethod, bool) {
	k := normaliseLabel(s)
	switch {
	case k == "" || k == "none" || strings.Contains(k, "no comparison"):
		return BenchmarkNone, true
	case k == string(BenchmarkCI95) || (strings.Contains(k, "confidence") && strings.Contains(k, "95")):
		return BenchmarkCI95, true
	case k == string(BenchmarkCI998) || (strings.Contains(k, "confidence") && strings.Contains(k, "99.8")):
		return BenchmarkCI998, true
	case strings.Contains(k, "quintile"):
		return BenchmarkQuintiles, true
	}
	return "", false
}

// PeriodType is the kind of year an indicator's periods use.
type PeriodType string

// Period types.
const (
	PeriodCalendar  PeriodType = "calendar"  // January–December
	PeriodFinancial PeriodType = "financial" // April–March
	PeriodAcademic  PeriodType = "academic"  // September–August
	PeriodOther     PeriodType = "other"
)

// ParsePeriodType reads Fingertips year types ("Financial", "Academic",
// "Financial year end point", "August-July"...).
func ParsePeriodType(s string) PeriodType {
	k := normaliseLabel(s)
	switch {
	case k == "" || strings.HasPrefix(k, "calendar"):
		return PeriodCalendar
	case strings.HasPrefix(k, "financial"):
		return PeriodFinancial
	case strings.HasPrefix(k, "academic") || k == "august-july" || k == "september-august":
		return PeriodAcademic
	}
	return PeriodOther
}

// Indicator is one entry of the catalogue. Every figure placeboard shows
// carries the indicator's method and sources.
type Indicator struct {
	ID             int             `json:"id"`
	Name           string          `json:"name"`
	Definition     string          `json:"definition,omitempty"`
	Rationale      string          `json:"rationale,omitempty"`
	Unit           string          `json:"unit,omitempty"` // "%", "per 100,000"
	ValueType      ValueType       `json:"value_type"`
	Multiplier     float64         `json:"multiplier"` // 100 for %, 100000 for per 100,000
	CIMethod       string          `json:"ci_method,omitempty"`
	Polarity       Polarity        `json:"polarity"`
	Benchmark      BenchmarkMethod `json:"benchmark_method"`
	Sex            string          `json:"sex,omitempty"`
	AgeGroup       string          `json:"age_group,omitempty"`
	PeriodType     PeriodType      `json:"period_type"`
	Frequency      string          `json:"frequency,omitempty"`
	StandardPop    string          `json:"standard_population,omitempty"`
	Sources        []string        `json:"sources,omitempty"`
	Caveats        string          `json:"caveats,omitempty"`
	MetadataOrigin string          `json:"metadata_origin"` // where the catalogue entry came from
	// Topic groups the indicator on profiles and spine charts (a
	// Fingertips domain such as "Wider determinants of health"); "" when
	// the catalogue does not know it.
	Topic string `json:"topic,omitempty"`
}

// Method is the stats method for the indicator's value type.
func (ind Indicator) Method() Method { return ind.ValueType.Method() }

// Describe says in words how the indicator's values are made, for pages and
// reports ("Proportion (%), Wilson score 95% limits; low is good").
func (ind Indicator) Describe() string {
	var b strings.Builder
	b.WriteString(ValueTypeLabel(ind.ValueType))
	if ind.Unit != "" {
		fmt.Fprintf(&b, " (%s)", ind.Unit)
	}
	if ind.CIMethod != "" {
		fmt.Fprintf(&b, ", %s", ind.CIMethod)
	}
	fmt.Fprintf(&b, "; %s; compared by %s", PolarityLabel(ind.Polarity), BenchmarkLabel(ind.Benchmark))
	return b.String()
}

// ValueTypeLabel is the human name of a value type.
func ValueTypeLabel(v ValueType) string {
	switch v {
	case ValueProportion:
		return "Proportion"
	case ValueCrudeRate:
		return "Crude rate"
	case ValueDSR:
		return "Directly standardised rate"
	case ValueISR:
		return "Indirectly standardised ratio"
	case ValueISP:
		return "Indirectly standardised proportion"
	case ValueMean:
		return "Mean"
	case ValueLifeExpectancy:
		return "Life expectancy"
	case ValueCount:
		return "Count"
	case ValueScore:
		return "Score"
	}
	return "Other"
}

// PolarityLabel is the human name of a polarity.
func PolarityLabel(p Polarity) string {
	switch p {
	case HighIsGood:
		return "high is good"
	case LowIsGood:
		return "low is good"
	case NoJudgement:
		return "no judgement"
	}
	return "polarity not set"
}

// BenchmarkLabel is the human name of a benchmark method.
func BenchmarkLabel(m BenchmarkMethod) string {
	switch m {
	case BenchmarkCI95:
		return "95% confidence interval overlap"
	case BenchmarkCI998:
		return "99.8% confidence interval overlap"
	case BenchmarkQuintiles:
		return "quintiles"
	}
	return "no comparison"
}

func normaliseLabel(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
