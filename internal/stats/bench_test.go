package stats

import (
	"math/rand/v2"
	"testing"
)

// Library benchmarks, reported per input row (ns/op is per row: b.N rows).
// docs/benchmarks.md records the figures.

func benchCounts(rows int, maxN int) (x, n []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	x = make([]float64, rows)
	n = make([]float64, rows)
	for i := range x {
		n[i] = float64(1 + rng.IntN(maxN))
		x[i] = float64(rng.IntN(int(n[i]) + 1))
	}
	return x, n
}

func groupOffsets(groups, size int) []int {
	off := make([]int, groups+1)
	for g := range off {
		off[g] = g * size
	}
	return off
}

const benchRows = 1 << 20

func BenchmarkProportion(b *testing.B) {
	x, n := benchCounts(benchRows, 20000)
	var out Batch
	b.ResetTimer()
	for done := 0; done < b.N; done += benchRows {
		m := min(benchRows, b.N-done)
		ProportionsInto(&out, x[:m], n[:m], Levels{0.95}, 1)
	}
}

func BenchmarkRate(b *testing.B) {
	x, n := benchCounts(benchRows, 2000)
	var out Batch
	b.ResetTimer()
	for done := 0; done < b.N; done += benchRows {
		m := min(benchRows, b.N-done)
		RatesInto(&out, x[:m], n[:m], Levels{0.95}, 100000)
	}
}

func BenchmarkDSR(b *testing.B) {
	const groups = 1 << 15
	x, n := benchCounts(groups*19, 5000)
	w := make([]float64, len(x))
	for i := range w {
		w[i] = ESP2013[i%19]
	}
	off := groupOffsets(groups, 19)
	b.ResetTimer()
	for done := 0; done < b.N; done += len(x) {
		DSRGroups(x, n, w, off, Levels{0.95}, 100000)
	}
}

func BenchmarkISRatio(b *testing.B) {
	const groups = 1 << 15
	x, n := benchCounts(groups*19, 5000)
	xr, nr := benchCounts(groups*19, 50000)
	off := groupOffsets(groups, 19)
	b.ResetTimer()
	for done := 0; done < b.N; done += len(x) {
		ISRGroups(x, n, xr, nr, off, Levels{0.95}, false, 1)
	}
}

func BenchmarkMean(b *testing.B) {
	const groups = 1 << 16
	rng := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, groups*10)
	for i := range v {
		v[i] = 50 + rng.NormFloat64()*12
	}
	off := groupOffsets(groups, 10)
	b.ResetTimer()
	for done := 0; done < b.N; done += len(v) {
		MeanGroups(v, off, Levels{0.95})
	}
}

func BenchmarkLifeExpectancy(b *testing.B) {
	const groups = 1 << 13
	rng := rand.New(rand.NewPCG(5, 6))
	bands := make([]LifeBand, groups*20)
	for i := range bands {
		k := i % 20
		pop := float64(300 + rng.IntN(5000))
		bands[i] = LifeBand{StartAge: DefaultAgeContents[k], Population: pop, Deaths: float64(int(0.0005*float64(1+k*k)/10*pop) + 1 + rng.IntN(5))}
	}
	off := groupOffsets(groups, 20)
	b.ResetTimer()
	for done := 0; done < b.N; done += len(bands) {
		LifeExpectancyGroups(bands, off, Levels{0.95})
	}
}
