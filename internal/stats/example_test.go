package stats_test

import (
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/stats"
)

func ExampleProportion() {
	levels, _ := stats.ParseLevels([]float64{95})
	r, err := stats.Proportion(65, 100, levels, 100)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.1f%% (%.2f to %.2f) %s\n", r.Value, r.Lower[0], r.Upper[0], r.Method)
	// Output: 65.0% (55.25 to 73.64) Wilson
}

func ExampleRate() {
	levels, _ := stats.ParseLevels([]float64{0.95, 0.998})
	r, _ := stats.Rate(5, 100, levels, 100000)
	fmt.Printf("%.0f per 100,000; 95%%: %.1f–%.1f; 99.8%%: %.1f–%.1f (%s)\n", r.Value, r.Lower[0], r.Upper[0], r.Lower[1], r.Upper[1], r.Method)
	// Output: 5000 per 100,000; 95%: 1623.5–11668.3; 99.8%: 739.4–16454.7 (Exact)
}

func ExampleDSR() {
	// One area's 19 five-year age bands, standardised to ESP2013.
	deaths := []float64{2, 0, 1, 3, 2, 4, 5, 6, 8, 11, 15, 22, 30, 41, 55, 70, 82, 90, 95}
	pop := []float64{5000, 5200, 5400, 5600, 6000, 6100, 6300, 6800, 7000, 7100, 6900, 6400, 6000, 5200, 4800, 3900, 2600, 1500, 900}
	levels, _ := stats.ParseLevels(nil) // default 95%
	r, err := stats.DSR(deaths, pop, stats.ESP2013[:], levels, 100000)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %.1f (%.1f to %.1f), %v deaths\n", r.Statistic, r.Value, r.Lower[0], r.Upper[0], r.TotalCount)
	// Output: dsr per 100000: 556.5 (510.6 to 605.4), 542 deaths
}

func ExampleInputError() {
	_, err := stats.Proportion(12, 10, stats.Levels{0.95}, 1)
	var ie *stats.InputError
	if errors.As(err, &ie) {
		fmt.Println(ie.Field, "-", ie.Message)
	}
	// Output: x - numerators must be less than or equal to denominator for a proportion statistic
}
