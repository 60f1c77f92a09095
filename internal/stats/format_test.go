package stats

import "testing"

func TestAsCharacterR(t *testing.T) {
	cases := map[float64]string{
		1: "1", 100: "100", 1000: "1000", 100000: "1e+05", 123456: "123456", 0.0001: "1e-04",
		0.001: "0.001", 0.5: "0.5", 1e15: "1e+15", 1234.5: "1234.5", -100000: "-1e+05", 1.0 / 3: "0.333333333333333",
	}
	for v, want := range cases {
		if got := AsCharacterR(v); got != want {
			t.Errorf("%v: %q want %q", v, got, want)
		}
	}
	// format(x, scientific = FALSE) never uses an exponent.
	// Its default digits = 7 rounds labels (values printed by R 4.2.2).
	for v, want := range map[float64]string{100000: "100000", 1e6: "1000000", 0.5: "0.5",
		1234567.5: "1234568", 123456789.5: "123456790", 0.00012345678: "0.0001234568", 0.001: "0.001",
		2.5e-8: "0.000000025", 99.99999999: "100", 1e15: "1000000000000000", 1e5 + 0.1: "100000.1", -2.5: "-2.5"} {
		if got := FormatR(v); got != want {
			t.Errorf("FormatR(%v) = %q want %q", v, got, want)
		}
	}
	if got := ProportionStatistic(100000); got != "proportion of 1e+05" {
		t.Errorf("got %q", got)
	}
}
