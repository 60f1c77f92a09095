package routetest

import (
	"context"
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

var profileInequalitiesLink = regexp.MustCompile(`href="/areas/[^/"]+/inequalities/(\d+)"`)

// TestProfileHasInequalitiesFromEveryDoor: the API's profile says
// has_inequalities true for the indicators the area has values of by
// deprivation decile (England's adult overweight prevalence) or by sex
// (Liverpool's alcohol-related mortality) and false otherwise (Liverpool's
// overweight prevalence, persons only; Hartlepool's hypertension); the
// web profile links exactly those indicators to the inequalities view; and
// that view, through the API, has deciles or values for female or male
// for each of them and for none of the others. The OpenAPI document
// describes the field.
func TestProfileHasInequalitiesFromEveryDoor(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	type profile struct {
		Items []struct {
			Indicator struct {
				ID int `json:"id"`
			} `json:"indicator"`
			HasInequalities *bool `json:"has_inequalities"`
		} `json:"items"`
	}
	type inequalities struct {
		Deciles []json.RawMessage `json:"deciles"`
		BySex   []struct {
			Value struct {
				Sex string `json:"sex"`
			} `json:"value"`
		} `json:"by_sex"`
	}
	for _, tc := range []struct {
		area        string
		true, false []int
	}{
		{"E92000001", []int{93088}, []int{93701, 910002}},
		{"E08000012", []int{93763}, []int{93088, 93701}},
		{"E06000001", []int{108, 40401}, []int{219, 910002}},
	} {
		var p profile
		getJSON(t, c, srv.URL+"/api/v1/areas/"+tc.area+"/profile", &p)
		api := map[int]bool{}
		for _, it := range p.Items {
			if it.HasInequalities == nil {
				t.Fatalf("%s: item of %d has no has_inequalities", tc.area, it.Indicator.ID)
			}
			if v, ok := api[it.Indicator.ID]; ok && v != *it.HasInequalities {
				t.Errorf("%s: rows of %d disagree", tc.area, it.Indicator.ID)
			}
			api[it.Indicator.ID] = *it.HasInequalities
		}
		for want, ids := range map[bool][]int{true: tc.true, false: tc.false} {
			for _, id := range ids {
				if got, ok := api[id]; !ok || got != want {
					t.Errorf("%s: indicator %d has_inequalities %v (on the profile: %v), want %v", tc.area, id, got, ok, want)
				}
			}
		}
		// The page links the same indicators.
		res, err := c.Get(srv.URL + "/areas/" + tc.area + "/profile")
		must(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := map[int]bool{}
		for _, m := range profileInequalitiesLink.FindAllStringSubmatch(string(body), -1) {
			id, _ := strconv.Atoi(m[1])
			page[id] = true
		}
		// And the view has something to show for exactly those.
		for id, has := range api {
			if page[id] != has {
				t.Errorf("%s: indicator %d: page links %v, API says %v", tc.area, id, page[id], has)
			}
			var v inequalities
			getJSON(t, c, srv.URL+"/api/v1/areas/"+tc.area+"/indicators/"+strconv.Itoa(id)+"/inequalities", &v)
			shows := len(v.Deciles) > 0 || slices.ContainsFunc(v.BySex, func(s struct {
				Value struct {
					Sex string `json:"sex"`
				} `json:"value"`
			}) bool {
				return strings.EqualFold(s.Value.Sex, "Female") || strings.EqualFold(s.Value.Sex, "Male")
			})
			if shows != has {
				t.Errorf("%s: indicator %d: has_inequalities %v, but the view has deciles or values by sex: %v", tc.area, id, has, shows)
			}
		}
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Type        json.RawMessage `json:"type"`
					Description string          `json:"description"`
				} `json:"properties"`
				Required []string `json:"required"`
			} `json:"schemas"`
		} `json:"components"`
	}
	getJSON(t, c, srv.URL+"/api/v1/openapi.json", &doc)
	item := doc.Components.Schemas["ProfileItem"]
	if f := item.Properties["has_inequalities"]; string(f.Type) != `"boolean"` || !strings.Contains(f.Description, "deprivation decile or by sex") || !slices.Contains(item.Required, "has_inequalities") {
		t.Errorf("OpenAPI ProfileItem.has_inequalities: type %s, %q, required %v", f.Type, f.Description, item.Required)
	}
}
