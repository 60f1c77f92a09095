package stats

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// TestQuantileFunctionsAgainstHighPrecision compares the normal, chi-square
// and t quantiles with 40-digit mpmath values (testdata/gen_quantiles.py).
func TestQuantileFunctionsAgainstHighPrecision(t *testing.T) {
	f, err := os.Open("testdata/quantile_reference.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	worst := map[string]float64{}
	for _, r := range rows[1:] {
		p, _ := strconv.ParseFloat(r[1], 64)
		want, _ := strconv.ParseFloat(r[3], 64)
		var got float64
		switch r[0] {
		case "qnorm":
			got = NormalQuantile(p)
		case "qchisq":
			df, _ := strconv.ParseFloat(r[2], 64)
			got = ChiSquareQuantile(p, df)
		case "qt":
			df, _ := strconv.ParseFloat(r[2], 64)
			got = StudentTQuantile(p, df)
		}
		rel := math.Abs(got-want) / math.Max(math.Abs(want), 1)
		tol := 1e-13
		if r[0] == "qt" {
			// the incomplete beta loses a little accuracy for large df
			// (x^a with x near 1); still 1000× inside the 1e-9 target
			tol = 2e-12
		}
		if p < 1e-6 || p > 1-1e-6 {
			tol = 1e-8 // far tails, beyond any confidence level in use
		}
		if rel > worst[r[0]] {
			worst[r[0]] = rel
		}
		if rel > tol {
			t.Errorf("%s(p=%s, df=%s) = %.17g, want %s (rel %.3g)", r[0], r[1], r[2], got, r[3], rel)
		}
	}
	t.Logf("worst relative errors: %v", worst)
}

func TestChiSquareQuantileEdges(t *testing.T) {
	cases := []struct {
		name  string
		p, df float64
		want  float64
	}{
		{"df 0 gives 0", 0.025, 0, 0},
		{"p 0 gives 0", 0, 4, 0},
		{"p 1 gives Inf", 1, 4, math.Inf(1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ChiSquareQuantile(c.p, c.df); got != c.want {
				t.Errorf("got %v want %v", got, c.want)
			}
		})
	}
}
