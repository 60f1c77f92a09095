package routetest

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// TestAreaParentsAsAt: after a merger file is loaded, the API still gives
// an area's reference parents, lists the change, and with ?as_at= gives
// the parents in force that day.
func TestAreaParentsAsAt(t *testing.T) {
	srv := apptest.New(t)
	f, err := os.Open("testdata/parent-changes-fixture.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	changes, err := places.ParseParentChanges(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.LoadParentChanges(context.Background(), store.System, changes); err != nil {
		t.Fatal(err)
	}
	type parent struct{ Type, Code, Name string }
	var got struct {
		Parents       []parent `json:"parents"`
		ParentChanges []struct {
			Effective string `json:"effective"`
			NewParent string `json:"new_parent_code"`
		} `json:"parent_changes"`
		ParentsAsAt []parent `json:"parents_as_at"`
	}
	icbOf := func(ps []parent) parent {
		for _, p := range ps {
			if p.Type == "icb" {
				return p
			}
		}
		return parent{}
	}
	c := srv.Client(t)
	for _, tt := range []struct{ asAt, icb string }{{"2026-03-31", "E54000036"}, {"2026-04-01", "E54000037"}} {
		getJSON(t, c, srv.URL+"/api/v1/areas/E06000052?type=ltla&as_at="+tt.asAt, &got)
		if p := icbOf(got.Parents); p.Code != "E54000036" {
			t.Errorf("as_at=%s: reference ICB %+v, want E54000036 unchanged", tt.asAt, p)
		}
		if len(got.ParentChanges) != 1 || got.ParentChanges[0].Effective != "2026-04-01" || got.ParentChanges[0].NewParent != "E54000037" {
			t.Errorf("parent_changes = %+v", got.ParentChanges)
		}
		if p := icbOf(got.ParentsAsAt); p.Code != tt.icb || !strings.Contains(p.Name, "Integrated Care Board") {
			t.Errorf("as_at=%s: ICB %+v, want %s with its name", tt.asAt, p, tt.icb)
		}
	}
	res, err := c.Get(srv.URL + "/api/v1/areas/E06000052?type=ltla&as_at=1%20April")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "as_at") {
		t.Errorf("bad as_at: %d %s, want 422 naming as_at", res.StatusCode, body)
	}
}
