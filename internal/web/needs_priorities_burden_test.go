package web_test

import (
	"context"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places/refdata"
)

// TestLiverpoolOverweightBurdenUsesTheAdultPopulation (issue 12 item 5):
// the burden of Liverpool's adult overweight prevalence (Fingertips 93088,
// 18+ yrs, a survey of about 1,650 people) counts Liverpool's adults from
// the reference data, not the survey's sample: the people affected are the
// prevalence × Liverpool's adult population (ONS mid-2021, both sexes, 18
// and over: the bands from 20-24 and two fifths of 15-19), in people, not
// people a year; the excess over England's rate is the gap × the same
// population.
func TestLiverpoolOverweightBurdenUsesTheAdultPopulation(t *testing.T) {
	const liverpool, overweight = "E08000012", 93088
	srv := apptest.New(t)
	ctx := context.Background()
	if err := demo.SeedNeeds(ctx, srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	// Liverpool's adults, straight from the embedded reference data.
	ref, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	var adults float64
	for _, c := range ref.Population {
		if c.Type != refdata.UTLA || c.Code != liverpool {
			continue
		}
		switch c.AgeBand {
		case "0-4", "5-9", "10-14":
		case "15-19":
			adults += float64(c.Count) * 2 / 5
		default:
			adults += float64(c.Count)
		}
	}
	if adults < 300000 || adults > 450000 {
		t.Fatalf("Liverpool's adult population from the reference data is %v", adults)
	}

	prof, err := needs.Profiles{Store: srv.Store}.AreaProfile(ctx, needs.ProfileQuery{Code: liverpool})
	if err != nil {
		t.Fatal(err)
	}
	var row *needs.ProfileRow
	for i := range prof.Rows {
		if prof.Rows[i].Indicator.ID == overweight {
			row = &prof.Rows[i]
		}
	}
	if row == nil {
		t.Fatal("Liverpool's profile has no adult overweight prevalence (93088)")
	}
	if row.Area.Age != "18+ yrs" || !needs.Has(row.Area.Denominator) || row.Area.Denominator > 5000 {
		t.Fatalf("the demo's 93088 for Liverpool is not the survey row expected: age %q, denominator %v", row.Area.Age, row.Area.Denominator)
	}
	ranked, err := needs.AreaPriorities(ctx, srv.Store, prof, needs.DefaultPriorityWeights)
	if err != nil {
		t.Fatal(err)
	}
	var got *needs.Priority
	for i := range ranked {
		if ranked[i].IndicatorID == overweight {
			got = &ranked[i]
		}
	}
	if got == nil {
		t.Fatal("no priority for 93088")
	}
	if math.Abs(got.Population-adults) > 1e-6 {
		t.Errorf("population used %v, want Liverpool's adults %v (the survey sample is %v)", got.Population, adults, row.Area.Denominator)
	}
	wantAffected := row.Area.Value / 100 * adults
	if math.Abs(got.Affected-wantAffected) > 1e-6*wantAffected {
		t.Errorf("people affected %v, want prevalence %v%% × %v adults = %v", got.Affected, row.Area.Value, adults, wantAffected)
	}
	t.Logf("93088 Liverpool: %+v", *got)
	if got.BurdenUnit != "people" {
		t.Errorf("a prevalence's burden is counted in %q, want people", got.BurdenUnit)
	}
	// Liverpool is significantly worse than England on the demo data, so
	// the burden counts.
	if got.Standing != needs.StandingRanked || row.Comparison.Outcome != needs.Worse {
		t.Errorf("93088 in Liverpool: standing %s, comparison %s; want ranked, worse", got.Standing, row.Comparison.Outcome)
	} else {
		wantExcess := math.Abs(row.Area.Value-row.Benchmark.Value) / 100 * adults
		if math.Abs(got.ExcessPeople-wantExcess) > 1e-6*wantExcess || !strings.Contains(got.Explanation, "people aged 18 and over") || strings.Contains(got.Explanation, "a year") {
			t.Errorf("excess %v, want gap × adults = %v; explanation %q", got.ExcessPeople, wantExcess, got.Explanation)
		}
	}

	// The page says the same, in people.
	c := srv.Client(t)
	status, body, _ := needsGet(t, c, srv.URL+"/areas/"+liverpool+"/priorities")
	if status != http.StatusOK || !strings.Contains(body, `id="indicator-93088"`) || !strings.Contains(body, "people aged 18 and over") {
		t.Errorf("priorities page %d lacks Liverpool's adult population for 93088", status)
	}
}
