package routetest

import (
	"context"
	"html"
	"io"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

// TestInequalitiesSameFromPageAndAPI: the API's inequalities and the web
// page give the same deciles and the same SII with its limits (both call
// needs.AreaInequalities), for England's adult overweight prevalence in the
// demo data.
func TestInequalitiesSameFromPageAndAPI(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	var got struct {
		AreaName string `json:"area_name"`
		Period   string `json:"period"`
		Deciles  []struct {
			Decile int `json:"decile"`
			Value  struct {
				Category string   `json:"category"`
				Value    *float64 `json:"value"`
			} `json:"value"`
			Comparison struct {
				Outcome string `json:"outcome"`
			} `json:"comparison"`
		} `json:"deciles"`
		SII *struct {
			Value       float64 `json:"value"`
			Lower       float64 `json:"lower_ci"`
			Upper       float64 `json:"upper_ci"`
			Repetitions int     `json:"repetitions"`
			Seed        int     `json:"seed"`
			Weights     string  `json:"weights"`
			Sentence    string  `json:"sentence"`
		} `json:"sii"`
		BySex []struct {
			Value struct {
				Sex string `json:"sex"`
			} `json:"value"`
		} `json:"by_sex"`
	}
	getJSON(t, c, srv.URL+"/api/v1/areas/E92000001/indicators/93088/inequalities", &got)
	if got.AreaName != "England" || got.Period != "2022" || len(got.Deciles) != 10 || got.Deciles[0].Value.Category != "Most deprived decile" ||
		got.Deciles[0].Comparison.Outcome != "worse" || len(got.BySex) != 3 {
		t.Fatalf("API answer %+v", got)
	}
	if got.SII == nil || got.SII.Repetitions != 100000 || got.SII.Seed != 1 || got.SII.Weights != "equal" || !(got.SII.Lower < got.SII.Value && got.SII.Value < got.SII.Upper) {
		t.Fatalf("SII %+v", got.SII)
	}
	res, err := c.Get(srv.URL + "/areas/E92000001/inequalities/93088")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	if !strings.Contains(html.UnescapeString(string(page)), got.SII.Sentence) {
		t.Errorf("the page does not state the API's SII: %q", got.SII.Sentence)
	}
}
