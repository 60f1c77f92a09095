package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

// TestOverviewShowsANewImport: the overview is kept per needs generation,
// so the page and the CSV show an indicator imported after they were first
// served.
func TestOverviewShowsANewImport(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	if err := demo.SeedNeeds(ctx, srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	const name = "Overview freshness check"
	for _, path := range []string{"/areas/E12000001/overview", "/areas/E12000001/overview.csv"} {
		if status, body, _ := needsGet(t, c, srv.URL+path); status != 200 || strings.Contains(body, name) {
			t.Fatalf("%s before the import: %d, names it %v", path, status, strings.Contains(body, name))
		}
	}
	m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "count": "N", "denominator": "D"},
		"indicator": {"id": 990321, "name": "` + name + `", "value_type": "proportion", "polarity": "low_is_good"}}`))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("Code,Year,N,D\n")
	for i, code := range []string{"E92000001", "E06000001", "E06000002", "E06000047"} {
		fmt.Fprintf(&b, "%s,2024,%d,1000\n", code, 100+i*9)
	}
	cat, err := srv.Store.NeedsCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Catalogue: cat, Mapping: m}
	if _, err := srv.Store.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "fresh.csv"}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			return im.Import(needs.FormatGeneric, "fresh.csv", strings.NewReader(b.String()), emit)
		}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/areas/E12000001/overview", "/areas/E12000001/overview.csv"} {
		if status, body, _ := needsGet(t, c, srv.URL+path); status != 200 || !strings.Contains(body, name) {
			t.Errorf("%s after the import: %d, names it %v", path, status, strings.Contains(body, name))
		}
	}
}
