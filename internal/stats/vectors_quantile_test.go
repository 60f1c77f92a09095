package stats

import "testing"

// TestQuantileVectors follows testQuantiles.R: within-region deciles
// (IndSexRef × ParentCode, invert from Polarity), septiles by IndSexRef and
// ungrouped quartiles (invert = TRUE).
func TestQuantileVectors(t *testing.T) {
	all := readRecords(t, "quantile_expected.csv")
	sets := []struct {
		groupSet string
		key      func(record) string
		nq       int
		invert   func(record) bool
	}{
		{"IndSexReg", func(r record) string { return r["IndSexRef"] + "|" + r["ParentCode"] }, 10, polarityInvert},
		{"IndSex", func(r record) string { return r["IndSexRef"] }, 7, polarityInvert},
		{"None", func(record) string { return "" }, 4, func(record) bool { return true }},
	}
	for _, s := range sets {
		var keys []string
		groups := map[string][]record{}
		for _, r := range all {
			if r["GroupSet"] != s.groupSet || (r["Test"] != "Gooddata" && r["Test"] != "GooddataDups") {
				continue
			}
			k := s.key(r)
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], r)
		}
		checked := 0
		for _, k := range keys {
			rows := groups[k]
			q, _ := Quantiles(cols(rows, "Value"), s.nq, s.invert(rows[0]))
			for i, r := range rows {
				want := r.f("QuantileInGrp")
				if !agree(q[i], want, 0) {
					t.Errorf("%s group %q row %s (%s): quantile %v want %v", s.groupSet, k, r["AreaCode"], r["Value"], q[i], want)
				}
				checked++
			}
		}
		if checked == 0 {
			t.Errorf("%s: nothing checked", s.groupSet)
		}
	}
}

func polarityInvert(r record) bool {
	return r["Polarity"] == "RAG - Low is good" || r["Polarity"] == "TRUE"
}

func TestQuantileInvertConsistency(t *testing.T) {
	var groups []int
	var inv []bool
	keys := map[string]int{}
	for _, r := range readRecords(t, "quantile_expected.csv") {
		if r["Test"] != "BadPolarity" {
			continue
		}
		k := r["IndSexRef"]
		if _, ok := keys[k]; !ok {
			keys[k] = len(keys)
		}
		groups = append(groups, keys[k])
		inv = append(inv, polarityInvert(r))
	}
	err := CheckInvertConsistent(groups, inv)
	ie, ok := err.(*InputError)
	if !ok || ie.Message != "invert field values must take the same logical value for each data grouping set" {
		t.Fatalf("got %v", err)
	}
}
