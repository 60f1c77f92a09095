package pb

import (
	"os"
	"testing"
)

// benchFile is the election the MES benchmarks run on; PB_BENCH_FILE names
// another testdata file (without .pb.gz).
func benchFile() string {
	if f := os.Getenv("PB_BENCH_FILE"); f != "" {
		return f
	}
	return "Poland_Warszawa_2026"
}

func benchProfile(b *testing.B) *Profile {
	e := loadTestdata(b, benchFile())
	pr, err := e.Profile()
	if err != nil {
		b.Fatal(err)
	}
	return pr
}

func BenchmarkMESCost(b *testing.B) {
	pr := benchProfile(b)
	for b.Loop() {
		MES(pr, UtilityCost, nil)
	}
}

func BenchmarkMESAdd1Cost(b *testing.B) {
	pr := benchProfile(b)
	for b.Loop() {
		r := MESAdd1(pr, UtilityCost)
		b.ReportMetric(float64(r.runs), "runs")
		b.ReportMetric(float64(r.quickRuns), "quick-runs")
	}
}

func BenchmarkGreedyCost(b *testing.B) {
	pr := benchProfile(b)
	for b.Loop() {
		Greedy(pr, UtilityCost, nil)
	}
}

func BenchmarkPhragmen(b *testing.B) {
	pr := benchProfile(b)
	for b.Loop() {
		Phragmen(pr)
	}
}

func BenchmarkMESParamRun(b *testing.B) {
	pr := benchProfile(b)
	en := newMESEngine(pr, UtilityCost)
	b0 := en.startBudget()
	for b.Loop() {
		en.run(b0, 0, true)
	}
}

func BenchmarkMaxWelfareCost(b *testing.B) {
	pr := benchProfile(b)
	for b.Loop() {
		if _, err := MaxWelfare(pr, UtilityCost); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMESPlainRun150(b *testing.B) {
	pr := benchProfile(b)
	en := newMESEngine(pr, UtilityCost)
	b0 := en.startBudget()
	for b.Loop() {
		en.run(b0, 150, false)
	}
}

func BenchmarkMESParamRun150(b *testing.B) {
	pr := benchProfile(b)
	en := newMESEngine(pr, UtilityCost)
	b0 := en.startBudget()
	for b.Loop() {
		en.run(b0, 150, true)
	}
}

// BenchmarkMESQuickRun150 is BenchmarkMESPlainRun150 on machine-integer
// intervals (mesquick.go), the run add1 makes at most increments.
func BenchmarkMESQuickRun150(b *testing.B) {
	q := newQuickMES(newMESEngine(benchProfile(b), UtilityCost))
	for b.Loop() {
		if q.runRounds(150, nil) == nil {
			b.Fatal("unsettled")
		}
	}
}
