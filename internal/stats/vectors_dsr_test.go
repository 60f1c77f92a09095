package stats

import (
	"fmt"
	"testing"
)

// groupRows splits records by a key column, keeping first-appearance order.
func groupRows(rows []record, key string) (keys []string, by map[string][]record) {
	by = map[string][]record{}
	for _, r := range rows {
		k := r[key]
		if _, ok := by[k]; !ok {
			keys = append(keys, k)
		}
		by[k] = append(by[k], r)
	}
	return keys, by
}

func cols(rows []record, name string) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = r.f(name)
	}
	return out
}

func checkDSR(t *testing.T, name string, got DSRResult, want record, dp int) {
	t.Helper()
	cmp := func(what string, g, w float64) {
		t.Helper()
		if dp > 0 {
			checkDP(t, name+" "+what, g, w, dp)
		} else {
			check(t, name+" "+what, g, w)
		}
	}
	cmp("total_count", got.TotalCount, want.f("total_count"))
	cmp("total_pop", got.TotalPop, want.f("total_pop"))
	cmp("value", got.Value, want.f("value"))
	cmp("lower95", got.Lower[0], want.f("lower95_0cl"))
	cmp("upper95", got.Upper[0], want.f("upper95_0cl"))
	if want["area"] != "testdata_1976" { // the source sheet's 99.8% limits for this row are wrong (README)
		cmp("lower99.8", got.Lower[1], want.f("lower99_8cl"))
		cmp("upper99.8", got.Upper[1], want.f("upper99_8cl"))
	}
	if got.Statistic != want["statistic"] {
		t.Errorf("%s statistic %q want %q", name, got.Statistic, want["statistic"])
	}
	if got.Method != want["method"] {
		t.Errorf("%s method %q want %q", name, got.Method, want["method"])
	}
}

func TestDSRVectors(t *testing.T) {
	expected := readRecords(t, "dsr_expected.csv")
	keys, by := groupRows(readRecords(t, "dsr_isr_input_multiarea.csv"), "area")
	esp := ESP2013[:]
	old := readRecords(t, "dsr_input_esp1976.csv")
	lv := mustLevels(t, 0.95, 0.998)
	for block, mult := range []float64{10000, 100000} {
		for k, area := range keys {
			rows := by[area]
			got, err := DSR(cols(rows, "count"), cols(rows, "pop"), esp, lv, mult)
			if err != nil {
				t.Fatal(err)
			}
			checkDSR(t, fmt.Sprintf("%s x%v", area, mult), got, expected[block*4+k], 0)
		}
		got, err := DSR(cols(old, "count"), cols(old, "pop"), cols(old, "esp1976"), lv, mult)
		if err != nil {
			t.Fatal(err)
		}
		checkDSR(t, fmt.Sprintf("1976 x%v", mult), got, expected[block*4+3], 0)
	}
}

func TestDSRNonIndependentVectors(t *testing.T) {
	expected := readRecords(t, "dsr_expected.csv")[8:]
	keys, by := groupRows(readRecords(t, "dsr_nonindependent_input_wide.csv"), "area")
	lv := mustLevels(t, 0.95, 0.998)
	for k, area := range keys {
		var long []DSRFreqRow
		maxF := 4
		if area != "testdata_nonind_big" {
			maxF = 3 // the package test drops f4 for these areas
		}
		for i, r := range by[area] {
			for f := 1; f <= maxF; f++ {
				long = append(long, DSRFreqRow{AgeBand: r["ageband"], EventFreq: float64(f), X: r.f(fmt.Sprintf("f%d", f)), N: r.f("pop"), StdPop: ESP2013[i]})
			}
		}
		got, err := DSRNonIndependent(long, lv, 100000)
		if err != nil {
			t.Fatal(err)
		}
		checkDSR(t, area, got, expected[k], 8)
	}
}

func TestDSRErrors(t *testing.T) {
	cases := []struct {
		file, stdpopCol, want string
	}{
		{"dsr_error_input_err1.csv", "stdpop", "numerators must all be greater than or equal to zero"},
		{"dsr_error_input_err2.csv", "", "denominators must all be greater than zero"},
		{"dsr_error_input_err3.csv", "stdpop", "denominators must all be greater than zero"},
		{"dsr_error_input_err4.csv", "stdpop", "stdpop must all be greater than or equal to zero"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			rows := readRecords(t, c.file)
			var w []float64
			if c.stdpopCol == "" {
				for i := range rows {
					w = append(w, ESP2013[i%19])
				}
			} else {
				w = cols(rows, c.stdpopCol)
			}
			err := CheckDSRInputs(cols(rows, "count"), cols(rows, "pop"), w)
			ie, ok := err.(*InputError)
			if !ok || ie.Message != c.want {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			if ie.Row < 0 {
				t.Errorf("error does not name a row: %+v", ie)
			}
		})
	}
}

func checkISR(t *testing.T, name string, got ISRResult, want record, levels int) {
	t.Helper()
	check(t, name+" observed", got.Observed, want.f("observed"))
	check(t, name+" expected", got.Expected, want.f("expected"))
	check(t, name+" value", got.Value, want.f("value"))
	check(t, name+" lower95", got.Lower[0], want.f("lower95_0cl"))
	check(t, name+" upper95", got.Upper[0], want.f("upper95_0cl"))
	if levels == 2 {
		check(t, name+" lower99.8", got.Lower[1], want.f("lower99_8cl"))
		check(t, name+" upper99.8", got.Upper[1], want.f("upper99_8cl"))
	}
	if want["ref_rate"] != "" {
		check(t, name+" ref_rate", got.RefRate, want.f("ref_rate"))
	}
	if got.Statistic != want["statistic"] || got.Method != want["method"] {
		t.Errorf("%s statistic/method %q/%q want %q/%q", name, got.Statistic, got.Method, want["statistic"], want["method"])
	}
}

func TestISRVectors(t *testing.T) {
	expected := readRecords(t, "isr_expected.csv")
	ref := readRecords(t, "isr_refdata.csv")
	xref, nref := cols(ref, "refcount"), cols(ref, "refpop")
	keys, by := groupRows(readRecords(t, "dsr_isr_input_multiarea.csv"), "area")
	lv := mustLevels(t, 0.95, 0.998)
	i := 0
	for _, mult := range []float64{100000, 1000} {
		for _, area := range keys {
			got, err := ISRate(cols(by[area], "count"), cols(by[area], "pop"), xref, nref, lv, mult)
			if err != nil {
				t.Fatal(err)
			}
			checkISR(t, fmt.Sprintf("ISRate %s x%v", area, mult), got, expected[i], 2)
			i++
		}
	}
	for _, rv := range []float64{1, 100} {
		for _, area := range keys {
			got, err := ISRatio(cols(by[area], "count"), cols(by[area], "pop"), xref, nref, lv, rv)
			if err != nil {
				t.Fatal(err)
			}
			checkISR(t, fmt.Sprintf("ISRatio %s x%v", area, rv), got, expected[i], 2)
			i++
		}
	}
	// Zero-population band (err2 input): rows 13–16, one level (95%).
	lv = mustLevels(t, 0.95)
	ekeys, eby := groupRows(readRecords(t, "dsr_error_input_err2.csv"), "area")
	for _, area := range ekeys {
		got, err := ISRate(cols(eby[area], "count"), cols(eby[area], "pop"), xref, nref, lv, 100000)
		if err != nil {
			t.Fatal(err)
		}
		checkISR(t, "ISRate zero-pop "+area, got, expected[i], 1)
		i++
	}
	for _, area := range ekeys {
		got, err := ISRatio(cols(eby[area], "count"), cols(eby[area], "pop"), xref, nref, lv, 100)
		if err != nil {
			t.Fatal(err)
		}
		checkISR(t, "ISRatio zero-pop "+area, got, expected[i], 1)
		i++
	}
}

func TestISROwnReferenceAndObservedTotals(t *testing.T) {
	expected := readRecords(t, "isr_expected.csv")
	keys, by := groupRows(readRecords(t, "isr_input_multiarea_ownref.csv"), "area")
	totals := map[string]float64{}
	for _, r := range readRecords(t, "isr_input_observed_totals.csv") {
		totals[r["area"]] = r.f("total_count")
	}
	lv := mustLevels(t, 0.95, 0.998)
	for k, area := range keys {
		rows := by[area]
		got, err := ISRatio(cols(rows, "count"), cols(rows, "pop"), cols(rows, "refcount"), cols(rows, "refpop"), lv, 1)
		if err != nil {
			t.Fatal(err)
		}
		checkISR(t, "field ref "+area, got, expected[6+k], 2)
		got, err = ISRatioObserved(totals[area], cols(rows, "pop"), cols(rows, "refcount"), cols(rows, "refpop"), lv, 1)
		if err != nil {
			t.Fatal(err)
		}
		checkISR(t, "observed totals "+area, got, expected[6+k], 2)
	}
}

func TestISRObservedTotalsPHStatsMethods(t *testing.T) {
	in := readRecords(t, "phsm_isr_obs_input.csv")
	key := func(r record) string { return r["indicatorid"] + "|" + r["year"] + "|" + r["sex"] }
	groups := map[string][]record{}
	for _, r := range in {
		groups[key(r)] = append(groups[key(r)], r)
	}
	obs := map[string]float64{}
	for _, r := range readRecords(t, "phsm_isr_obs_observed_totals.csv") {
		obs[key(r)] = r.f("observed")
	}
	lv := mustLevels(t, 0.95)
	n := 0
	for _, want := range readRecords(t, "phsm_isr_obs_expected.csv") {
		rows := groups[key(want)]
		got, err := ISRatioObserved(obs[key(want)], cols(rows, "pop"), cols(rows, "refcount"), cols(rows, "refpop"), lv, 1)
		if err != nil {
			t.Fatal(err)
		}
		name := key(want)
		check(t, name+" observed", got.Observed, want.f("observed"))
		check(t, name+" expected", got.Expected, want.f("expected"))
		check(t, name+" value", got.Value, want.f("Value"))
		check(t, name+" lower", got.Lower[0], want.f("lower_95_ci"))
		check(t, name+" upper", got.Upper[0], want.f("upper_95_ci"))
		n++
	}
	if n != 40 {
		t.Errorf("checked %d groups, want 40", n)
	}
}
