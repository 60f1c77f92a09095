package routetest

import (
	"encoding/csv"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// comparatorCell is one row's comparison with the chosen comparator as a
// door shows it.
type comparatorCell struct{ Indicator, Value, Outcome string }

var pageComparatorRow = regexp.MustCompile(`(?s)<tr class="govuk-table__row" data-indicator="([^"]*)".*?data-comparator-value="([^"]*)".*?data-comparator-outcome="([^"]*)"`)

// TestComparatorSameFromEveryDoor: with each comparator, the profile page,
// its CSV and the API give the same comparator value and outcome for every
// row, and with region the value is the council's region's stored value.
func TestComparatorSameFromEveryDoor(t *testing.T) {
	checkComparatorDoors(t, apptest.New(t))
}

func TestComparatorSameFromEveryDoorOnPostgres(t *testing.T) {
	checkComparatorDoors(t, postgresServer(t))
}

func checkComparatorDoors(t *testing.T, srv *apptest.Server) {
	areas := importComparisonData(t, srv)
	c := srv.Client(t)
	council := areas.councils[0] // Blackburn with Darwen, in the North West (11 on both indicators)
	if council != "E06000008" {
		t.Fatalf("first council %s", council)
	}
	for _, q := range []string{"comparator=england", "comparator=region", "comparator=icb", "comparator=set&set=" + areas.councils[1] + "," + areas.councils[2]} {
		t.Run(q, func(t *testing.T) {
			var api struct {
				Comparator struct {
					Kind, Code, Name string
				} `json:"comparator"`
				Items []struct {
					Indicator struct {
						ID int `json:"id"`
					} `json:"indicator"`
					Compared struct {
						Value      *float64 `json:"value"`
						Comparison struct {
							Outcome string `json:"outcome"`
						} `json:"comparison"`
					} `json:"compared"`
				} `json:"items"`
			}
			getJSON(t, c, srv.URL+"/api/v1/areas/"+council+"/profile?"+q, &api)
			var fromAPI []comparatorCell
			for _, it := range api.Items {
				v := ""
				if it.Compared.Value != nil {
					v = strconv.FormatFloat(*it.Compared.Value, 'g', -1, 64)
				}
				fromAPI = append(fromAPI, comparatorCell{strconv.Itoa(it.Indicator.ID), v, it.Compared.Comparison.Outcome})
			}
			recs, err := csv.NewReader(strings.NewReader(fetch(t, c, srv.URL+"/areas/"+council+"/profile.csv?"+q))).ReadAll()
			must(t, err)
			col := map[string]int{}
			for i, h := range recs[0] {
				col[h] = i
			}
			var fromCSV []comparatorCell
			for _, r := range recs[1:] {
				fromCSV = append(fromCSV, comparatorCell{r[col["indicator_id"]], canonNum(t, r[col["comparator_value"]]), r[col["comparator_comparison"]]})
			}
			if len(fromAPI) != 2 || len(fromCSV) != 2 {
				t.Fatalf("API %+v, CSV %+v", fromAPI, fromCSV)
			}
			for i := range fromAPI {
				if fromAPI[i] != fromCSV[i] {
					t.Errorf("row %d: API %+v, CSV %+v", i, fromAPI[i], fromCSV[i])
				}
			}
			if strings.HasSuffix(q, "england") {
				return // the page's own England column says it
			}
			body := fetch(t, c, srv.URL+"/areas/"+council+"/profile?"+q)
			var fromPage []comparatorCell
			for _, m := range pageComparatorRow.FindAllStringSubmatch(body, -1) {
				fromPage = append(fromPage, comparatorCell{m[1], canonNum(t, html.UnescapeString(m[2])), m[3]})
			}
			if len(fromPage) != 2 {
				t.Fatalf("page rows %+v", fromPage)
			}
			for i := range fromAPI {
				if fromAPI[i] != fromPage[i] {
					t.Errorf("row %d: API %+v, page %+v", i, fromAPI[i], fromPage[i])
				}
			}
			if strings.HasSuffix(q, "region") {
				// 93701 is judged by 95% intervals: Blackburn's 20 (19.2–20.8)
				// is above the North West's 11, and low is good.
				if api.Comparator.Code != "E12000002" || fromAPI[0] != (comparatorCell{"93701", "11", "worse"}) || fromAPI[1] != (comparatorCell{"352", "11", "not_compared"}) {
					t.Errorf("region comparator %+v, rows %+v", api.Comparator, fromAPI)
				}
			}
		})
	}
	// The indicator data: each council compared with its own region.
	var data struct {
		Items []struct {
			AreaCode string `json:"area_code"`
			Value    *float64
			Compared struct {
				Code  string   `json:"comparator_area_code"`
				Value *float64 `json:"value"`
			} `json:"compared"`
		} `json:"items"`
	}
	getJSON(t, c, srv.URL+"/api/v1/indicators/93701/data?area_type=utla&comparator=region&per_page=100", &data)
	regionValue := map[string]float64{}
	for i, code := range areas.regions {
		regionValue[code] = []float64{15, 11, 12, 13, 14, 16, 17, 18, 19}[i]
	}
	if len(data.Items) != 8 {
		t.Fatalf("%d items", len(data.Items))
	}
	for _, it := range data.Items {
		if it.Compared.Value == nil || !strings.HasPrefix(it.Compared.Code, "E12") || *it.Compared.Value != regionValue[it.Compared.Code] {
			t.Errorf("%s compared with %+v", it.AreaCode, it.Compared)
		}
	}
}
