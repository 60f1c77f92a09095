package web_test

import (
	"context"
	"encoding/csv"
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

// TestOverviewOfAnICBOnTheDemoData: the shipped extracts hold upper-tier
// values only, so NHS Kent and Medway ICB's overview lists its upper-tier
// councils (Kent and Medway), each with values, not its districts (Kent's
// twelve hold none); the footprint with the same code lists its councils.
func TestOverviewOfAnICBOnTheDemoData(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	status, body, _ := needsGet(t, c, srv.URL+"/areas/E54000032/overview")
	if status != 200 {
		t.Fatalf("ICB overview: %d", status)
	}
	for _, want := range []string{`data-child-type="utla"`, "Every upper-tier council area in NHS Kent and Medway", `href="/areas/E10000016/profile">Kent</a>`, `href="/areas/E06000035/profile">Medway</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("ICB overview lacks %q", want)
		}
	}
	if strings.Contains(body, "Tunbridge Wells") {
		t.Error("ICB overview lists Kent's districts, which hold no values")
	}
	_, data, _ := needsGet(t, c, srv.URL+"/areas/E54000032/overview.csv")
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("CSV %d rows %v", len(rows), err)
	}
	valued := map[string]int{}
	for _, r := range rows[1:] {
		if r[7] != "" {
			valued[r[5]]++
		}
	}
	if len(valued) != 2 || valued["E10000016"] == 0 || valued["E06000035"] == 0 {
		t.Errorf("areas with values in the CSV: %v", valued)
	}
}
