package needs

// SpineRow is one indicator of an area profile, as the spine chart
// (web/chart.SpineChart) draws it.
type SpineRow struct {
	Indicator  Indicator
	Period     string
	AreaValue  float64
	England    float64
	Min, Q1    float64 // England range among areas of the same type
	Q3, Max    float64
	Comparison Comparison
	Count      float64
}

// BenchmarkName names a benchmark in words: its area's name, "England",
// its code, or "the benchmark".
func BenchmarkName(b DataPoint) string { return benchName(b) }
