package routetest

import (
	"context"
	"net/http"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

// importLondon loads the real London Fingertips extract into srv.
func importLondon(t *testing.T, srv *apptest.Server) {
	t.Helper()
	ctx := context.Background()
	cat, err := srv.Store.NeedsCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := needs.OpenExtract("fingertips_london_utla_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Catalogue: cat}
	if _, err := srv.Store.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatFingertips, FileName: "london.csv"}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			return im.Import(needs.FormatFingertips, "london.csv", r, emit)
		}); err != nil {
		t.Fatal(err)
	}
}

func TestNeedsAPI(t *testing.T) {
	srv := apptest.New(t)
	importLondon(t, srv)
	c := srv.Client(t)

	var list struct {
		Items []struct {
			ID        int      `json:"id"`
			Name      string   `json:"name"`
			ValueType string   `json:"value_type"`
			Method    string   `json:"method"`
			Polarity  string   `json:"polarity"`
			HasData   bool     `json:"has_data"`
			Periods   []string `json:"periods"`
		} `json:"items"`
		Total int `json:"total"`
	}
	getJSON(t, c, srv.URL+"/api/v1/indicators?has_data=true", &list)
	if list.Total != 7 || len(list.Items) != 7 || !list.Items[0].HasData {
		t.Fatalf("indicators with data: %+v", list)
	}
	getJSON(t, c, srv.URL+"/api/v1/indicators?q=93701", &list)
	if list.Total != 1 || list.Items[0].ValueType != "proportion" || list.Items[0].Method != "wilson" || list.Items[0].Polarity != "low_is_good" || list.Items[0].Periods[0] != "2021/22" {
		t.Errorf("93701: %+v", list)
	}
	getJSON(t, c, srv.URL+"/api/v1/indicators?per_page=10", &list)
	if list.Total < 1500 {
		t.Errorf("whole catalogue total %d", list.Total)
	}

	var data struct {
		Items []struct {
			AreaCode   string   `json:"area_code"`
			Value      *float64 `json:"value"`
			Lower95    *float64 `json:"lower_ci_95"`
			Note       string   `json:"note"`
			Origin     string   `json:"origin"`
			Comparison *struct {
				Outcome string `json:"outcome"`
				Reason  string `json:"reason"`
			} `json:"comparison"`
		} `json:"items"`
		Total int `json:"total"`
	}
	getJSON(t, c, srv.URL+"/api/v1/indicators/93701/data?area_type=utla&parent=E12000007&per_page=100", &data)
	if data.Total != 33 {
		t.Fatalf("London UTLAs for 93701: %d", data.Total)
	}
	first := data.Items[0]
	if first.AreaCode != "E09000001" || first.Value != nil || first.Note == "" || first.Comparison == nil || first.Comparison.Outcome != "not_compared" {
		t.Errorf("City of London %+v", first)
	}
	// The extract has no England row, so nothing is compared, and says why.
	if data.Items[1].Value == nil || *data.Items[1].Value != 19.10248742 || data.Items[1].Origin != "verified" || data.Items[1].Comparison.Reason == "" {
		t.Errorf("Barking and Dagenham %+v", data.Items[1])
	}

	var prof struct {
		AreaCode string `json:"area_code"`
		AreaName string `json:"area_name"`
		PeerType string `json:"peer_type"`
		Items    []struct {
			Indicator struct {
				ID int `json:"id"`
			} `json:"indicator"`
			Period string `json:"period"`
			Areas  int    `json:"areas_compared"`
			Min    *float64
			Trend  struct {
				Marker string `json:"marker"`
			} `json:"trend"`
		} `json:"items"`
	}
	getJSON(t, c, srv.URL+"/api/v1/areas/E09000002/profile", &prof)
	if prof.AreaName != "Barking and Dagenham" || prof.PeerType != "utla" || len(prof.Items) != 7 {
		t.Fatalf("profile %+v", prof)
	}
	for _, it := range prof.Items {
		if it.Areas < 30 || it.Trend.Marker != "cannot_be_calculated" {
			t.Errorf("profile item %+v", it)
		}
	}
	res, err := c.Get(srv.URL + "/api/v1/areas/E06000001/profile")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("profile of an area without data: %d", res.StatusCode)
	}
}
