package needs

import (
	"math"
	"testing"

	"github.com/placeboard/placeboard/internal/stats"
)

// TestFinishMatchesStatsBitForBit: Finish computes each row with a
// calculator at multiplier 1 and scales it (no allocation per row); the
// value and limits must be stats.Proportion's and stats.Rate's exactly.
func TestFinishMatchesStatsBitForBit(t *testing.T) {
	cases := []struct {
		name       string
		valueType  ValueType
		multiplier float64
		count, den float64
	}{
		{"proportion ×100", ValueProportion, 100, 1165, 18611},
		{"proportion ×1", ValueProportion, 1, 3, 7},
		{"proportion ×1000, none", ValueProportion, 1000, 0, 52},
		{"proportion ×100, all", ValueProportion, 100, 52, 52},
		{"proportion ×100000, tiny", ValueProportion, 100000, 1, 9999991},
		{"crude rate ×100000, exact Poisson", ValueCrudeRate, 100000, 7, 123457},
		{"crude rate ×100000, Byar", ValueCrudeRate, 100000, 4321, 987654},
		{"crude rate ×1000, none", ValueCrudeRate, 1000, 0, 3000},
		{"crude rate ×0.5", ValueCrudeRate, 0.5, 11, 13},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ind := Indicator{ID: 1, ValueType: c.valueType, Multiplier: c.multiplier}
			p := NewDataPoint()
			p.Count, p.Denominator = c.count, c.den
			if err := Finish(&p, ind); err != nil {
				t.Fatal(err)
			}
			var want stats.Result
			var err error
			if c.valueType == ValueProportion {
				want, err = stats.Proportion(c.count, c.den, bothLevels, c.multiplier)
			} else {
				want, err = stats.Rate(c.count, c.den, bothLevels, c.multiplier)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct {
				field     string
				got, want float64
			}{
				{"value", p.Value, want.Value},
				{"lower 95", p.Lower95, want.Lower[0]}, {"upper 95", p.Upper95, want.Upper[0]},
				{"lower 99.8", p.Lower998, want.Lower[1]}, {"upper 99.8", p.Upper998, want.Upper[1]},
			} {
				if math.Float64bits(f.got) != math.Float64bits(f.want) {
					t.Errorf("%s = %v (%#x), stats gives %v (%#x)", f.field, f.got, math.Float64bits(f.got), f.want, math.Float64bits(f.want))
				}
			}
			if p.Origin != OriginComputed || p.OriginDetail == "" {
				t.Errorf("origin %q, detail %q", p.Origin, p.OriginDetail)
			}
		})
	}
}

// TestFinishAllocatesNothing: a row computed from its count and
// denominator allocates nothing (an import finishes a million of them).
func TestFinishAllocatesNothing(t *testing.T) {
	for _, vt := range []ValueType{ValueProportion, ValueCrudeRate} {
		ind := Indicator{ID: 1, ValueType: vt, Multiplier: 100}
		allocs := testing.AllocsPerRun(100, func() {
			p := NewDataPoint()
			p.Count, p.Denominator = 1165, 18611
			if err := Finish(&p, ind); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations a row", vt, allocs)
		}
	}
}
