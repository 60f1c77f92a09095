package pb

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// loadTestdata reads testdata/NAME.pb.gz.
func loadTestdata(t testing.TB, name string) *Election {
	t.Helper()
	e, err := Read(bytes.NewReader(readTestdataBytes(t, name)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return e
}

type expectedFile struct {
	File     string `json:"file"`
	Outcomes []struct {
		Rule       string   `json:"rule"`
		Utility    *string  `json:"utility"`
		Completion string   `json:"completion"`
		Winners    []string `json:"winners"`
		TotalCost  string   `json:"total_cost"`
	} `json:"outcomes"`
}

// TestExpectedOutcomes checks every outcome pabutools 1.2.3 computed for the
// shared elections (testdata/expected, copied from pabulib-expected).
func TestExpectedOutcomes(t *testing.T) {
	checkOutcomeFiles(t, "testdata/expected/*.json")
}

// checkOutcomeFiles runs every outcome listed in the JSON files matching glob
// (pabulib-expected format) through Allocate and compares winners and total cost.
func checkOutcomeFiles(t *testing.T, glob string) {
	t.Helper()
	paths, err := filepath.Glob(glob)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no expected outcomes in %s: %v", glob, err)
	}
	only := os.Getenv("PB_ONLY")
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var exp expectedFile
		if err := json.Unmarshal(raw, &exp); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		name := strings.TrimSuffix(exp.File, ".pb")
		if only != "" && !strings.Contains(name, only) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			e := loadTestdata(t, name)
			pr, err := e.Profile()
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range exp.Outcomes {
				util := ""
				if o.Utility != nil {
					util = *o.Utility
				}
				label := o.Rule + "/" + util + "/" + o.Completion
				if testing.Short() && o.Completion != CompletionNone && len(pr.Ballots) > 3000 {
					t.Logf("%s: skipped in -short mode (add1 on %d voters)", label, len(pr.Ballots))
					continue
				}
				start := time.Now()
				res, err := Allocate(pr, Options{Rule: o.Rule, Utility: util, Completion: o.Completion})
				t.Logf("%s: %v", label, time.Since(start))
				if err != nil {
					t.Errorf("%s: %v", label, err)
					continue
				}
				got := pr.IDsOf(res.Winners)
				sort.Strings(got)
				want := append([]string(nil), o.Winners...)
				sort.Strings(want)
				if strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("%s: winners\n got  %v\n want %v", label, got, want)
				}
				if FormatRat(res.TotalCost) != o.TotalCost {
					t.Errorf("%s: total cost %s, want %s", label, FormatRat(res.TotalCost), o.TotalCost)
				}
			}
		})
	}
}
