package web_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

var elementID = regexp.MustCompile(`\sid="([^"]+)"`)

// TestNeedsPagesHaveUniqueIDs (issue 12 item 3): the needs pages of the
// demo data repeat no element id, even where an indicator has a row for
// each sex or age (the profile once repeated "Resident population" with
// one id).
func TestNeedsPagesHaveUniqueIDs(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	for _, path := range []string{
		"/needs", "/indicators",
		"/areas/E08000012/profile", "/areas/E08000012/priorities", "/areas/E08000012/jsna",
		"/areas/E06000001/profile", "/areas/E06000001/priorities", "/areas/E92000001/profile",
		"/indicators/93088?area=E08000012", "/indicators/910002",
	} {
		status, body, _ := needsGet(t, c, srv.URL+path)
		if status != http.StatusOK {
			t.Errorf("%s: %d", path, status)
			continue
		}
		seen := map[string]bool{}
		for _, m := range elementID.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("%s: id %q used twice", path, m[1])
			}
			seen[m[1]] = true
		}
	}
}
