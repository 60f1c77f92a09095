package needs

import (
	"math"
	"strconv"
	"strings"
)

// Missing marks an absent number in a DataPoint. Use Has to test.
var Missing = math.NaN()

// Has reports whether a DataPoint number is present.
func Has(v float64) bool { return !math.IsNaN(v) }

// Origin says where a value came from.
type Origin string

// Origins.
const (
	// OriginComputed: placeboard computed the value (and any missing limits)
	// from the count and denominator with internal/stats.
	OriginComputed Origin = "computed"
	// OriginVerified: the file gave the value, and placeboard's recomputation
	// from count and denominator agrees with it.
	OriginVerified Origin = "verified"
	// OriginPrecomputed: the file gave the value and placeboard could not
	// recompute it (no counts, or a standardised rate without its age
	// breakdown); it is kept exactly as given.
	OriginPrecomputed Origin = "precomputed"
)

// DataPoint is one value of one indicator for one area, period, sex, age
// group and category: the internal model every importer produces.
type DataPoint struct {
	IndicatorID  int     `json:"indicator_id"`
	AreaCode     string  `json:"area_code"`
	AreaName     string  `json:"area_name,omitempty"`
	Period       Period  `json:"period"`
	Sex          string  `json:"sex"`
	Age          string  `json:"age"`
	CategoryType string  `json:"category_type,omitempty"`
	Category     string  `json:"category,omitempty"`
	Value        float64 `json:"value"`
	Lower95      float64 `json:"lower_ci_95"`
	Upper95      float64 `json:"upper_ci_95"`
	Lower998     float64 `json:"lower_ci_99_8"`
	Upper998     float64 `json:"upper_ci_99_8"`
	Count        float64 `json:"count"`
	Denominator  float64 `json:"denominator"`
	Note         string  `json:"note,omitempty"`
	Trend        string  `json:"trend,omitempty"` // as published, if the file gave one
	Origin       Origin  `json:"origin"`
	// OriginDetail explains the origin in words, e.g. why a value could not
	// be recomputed.
	OriginDetail string `json:"origin_detail,omitempty"`
}

// NewDataPoint returns a point with every number missing.
func NewDataPoint() DataPoint {
	return DataPoint{Value: Missing, Lower95: Missing, Upper95: Missing, Lower998: Missing, Upper998: Missing, Count: Missing, Denominator: Missing}
}

// Key identifies the series a point belongs to, without its period.
type SeriesKey struct {
	IndicatorID  int
	AreaCode     string
	Sex          string
	Age          string
	CategoryType string
	Category     string
}

// Series returns the point's series key.
func (p DataPoint) Series() SeriesKey {
	return SeriesKey{p.IndicatorID, p.AreaCode, p.Sex, p.Age, p.CategoryType, p.Category}
}

// ParseNumber reads a number cell: empty, "NA" and similar mean missing.
// Thousands separators are accepted ("86,650").
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "na", "n/a", "null", "-", "..", "x", "*":
		return Missing, true
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ",", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}
