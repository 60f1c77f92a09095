package demo_test

import (
	"context"
	"math"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func TestSeedPopulatesTheDemoProfile(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	ref, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadReference(ctx, app.ReferenceFromSet(ref)); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedNeeds(ctx, st, ref); err != nil {
		t.Fatal(err)
	}
	n1, _ := st.CountIndicatorValues(ctx)
	// Seeding again changes nothing.
	if err := demo.SeedNeeds(ctx, st, ref); err != nil {
		t.Fatal(err)
	}
	n2, _ := st.CountIndicatorValues(ctx)
	imports, _ := st.ListIndicatorImports(ctx, 100)
	total := 0
	for _, im := range imports {
		total += im.Rows - im.Replaced
	}
	// Four extracts and the population shares; 4 shares × (152 UTLAs + England).
	// The deciles extract brings England's 55 headline values of 93088
	// again, replacing the North West extract's identical ones.
	if n1 != n2 || len(imports) != 5 || n1 != total || imports[0].Rows != 4*153 || imports[1].Replaced != 55 {
		t.Errorf("values %d then %d; imports %+v", n1, n2, imports)
	}
	// England's share aged 65+ from the summed UTLA estimates.
	pts, err := st.IndicatorValues(ctx, store.ValueQuery{IndicatorID: needs.PopulationShares[1].ID, AreaCodes: []string{needs.EnglandCode}})
	if err != nil || len(pts) != 1 {
		t.Fatalf("%v %v", pts, err)
	}
	eng := pts[0]
	if eng.Denominator != 56536419 || eng.Origin != needs.OriginComputed || math.Abs(eng.Value-eng.Count/eng.Denominator*100) > 1e-9 {
		t.Errorf("England 65+ = %+v", eng)
	}
	cat, _ := st.NeedsCatalogue(ctx)
	latest, series, err := st.AreaProfileData(ctx, "E06000001", "utla", needs.EnglandCode)
	if err != nil {
		t.Fatal(err)
	}
	rows := needs.BuildProfile(cat, "E06000001", needs.EnglandCode, latest, series)
	if len(rows) < 6 {
		t.Errorf("Hartlepool profile has %d rows", len(rows))
	}
	for _, r := range rows {
		if r.Indicator.ID == needs.PopulationShares[1].ID && (r.Areas < 150 || r.Comparison.Outcome == needs.NotCompared) {
			t.Errorf("65+ row %+v", r)
		}
	}
}
