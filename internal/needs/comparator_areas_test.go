package needs

import (
	"context"
	"errors"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
)

// sideBySideWorld serves profiles from comparatorWorld's values.
type sideBySideWorld struct{ *comparatorWorld }

func (w sideBySideWorld) NeedsCatalogue(context.Context) (*Catalogue, error) {
	return comparatorCatalogue(), nil
}

func (w sideBySideWorld) AreaProfileInputs(_ context.Context, area, _, bench string) (ProfileData, error) {
	var latest, series []DataPoint
	for _, p := range w.values {
		if p.AreaCode == area || p.AreaCode == bench {
			latest = append(latest, p)
		}
		if p.AreaCode == area {
			series = append(series, p)
		}
	}
	return ProfileDataFromPoints(area, bench, latest, series), nil
}

func TestCompareAreasMatchesRowsBySeries(t *testing.T) {
	ctx := context.Background()
	w := sideBySideWorld{newComparatorWorld()}
	female := func(p DataPoint) {
		p.Sex = "Female"
		p.Count, p.Value = p.Count/2, Missing
		p.Lower95, p.Upper95, p.Lower998, p.Upper998 = Missing, Missing, Missing, Missing
		if err := Finish(&p, comparatorCatalogue().byID[indProp]); err != nil {
			t.Fatal(err)
		}
		w.values = append(w.values, p)
	}
	female(w.value(indProp, liverpool, 150, 1000, Missing))
	w.value(indProp, knowsley, 90, 500, Missing) // persons only
	female(w.value(indProp, EnglandCode, 200000, 1000000, Missing))
	w.value(indProp, northWest, 16000, 100000, Missing)

	c := AreaComparer{Store: w, AsAt: "2026-12-03"}
	got, err := c.CompareAreas(ctx, places.AreaRef{Type: places.AreaUTLA, Code: liverpool}, []string{knowsley}, ComparatorChoice{Kind: CompareWithRegion})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Areas) != 2 || len(got.Rows) != 2 || got.Comparators[1].Name != "North West" {
		t.Fatalf("%+v", got)
	}
	// Rows: persons first, then female; Knowsley has no female value.
	persons, fem := got.Rows[0], got.Rows[1]
	if persons.Sex != "Persons" || fem.Sex != "Female" || !persons.Cells[1].Present || fem.Cells[1].Present {
		t.Fatalf("rows %+v", got.Rows)
	}
	// Knowsley 18% (15.0–21.5) and Liverpool 15% both against the North West's 16%.
	for i, want := range []Outcome{Similar, Similar} {
		if o := persons.Cells[i].Compared.Comparison.Outcome; o != want || persons.Cells[i].Compared.Value.Value != 16 {
			t.Errorf("cell %d: %s against %v", i, o, persons.Cells[i].Compared.Value.Value)
		}
	}
	// Female Liverpool (75 of 1,000) against England's 10%: better.
	if o := fem.Cells[0].Row.Comparison.Outcome; o != Better {
		t.Errorf("female Liverpool against England: %s", o)
	}
	for _, with := range [][]string{{"E06999999"}, {"E06000001", "E06000002", "E06000003", "E06000004", "E06000005", "E06000006"}} {
		_, err := c.CompareAreas(ctx, places.AreaRef{Code: liverpool}, with, ComparatorChoice{Kind: CompareWithEngland})
		var ce *ComparatorError
		if !errors.As(err, &ce) || ce.Field != "with" {
			t.Errorf("with %v: %v", with, err)
		}
	}
}
