package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

// TestNeedsFindable: the needs pages are reached by links, not typed
// addresses (issue 12 item 1): every page's navigation has Needs; the needs
// page finds an area and links to its profile, priorities and JSNA; an area
// page links to the same three; indicators are searched by words in their
// name and definition.
func TestNeedsFindable(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	tests := []struct {
		path    string
		status  int
		want    []string
		notWant []string
	}{
		{"/", 200, []string{`href="/needs"`, `href="/partnerships"`, `href="/national"`, ">Places<"}, nil},
		{"/needs", 200, []string{"Health needs", `action="/indicators"`, `href="/areas/E92000001/profile"`, `aria-current="true"`}, []string{`href="/needs/import"`}},
		{"/needs?area=Hartlepool", 200, []string{`href="/areas/E06000001/profile"`, `href="/areas/E06000001/priorities"`, `href="/areas/E06000001/jsna"`}, nil},
		{"/needs?area=Nowhere-at-all", 200, []string{"No council, integrated care board or region matches"}, nil},
		{"/needs?area=" + strings.Repeat("x", 101), 400, []string{"100 characters or fewer"}, nil},
		{"/areas/utla/E06000001", 200, []string{`id="needs-links"`, `href="/areas/E06000001/profile"`, `href="/areas/E06000001/priorities"`, `href="/areas/E06000001/jsna"`}, nil},
		{"/partnerships", 200, []string{`<a class="govuk-service-navigation__link" href="/partnerships" aria-current="true">`}, nil},
		// Words from the name: both must appear.
		{"/indicators?q=aged+85", 200, []string{"/indicators/910004", "Indicators matching"}, []string{"/indicators/910002\""}},
		{"/indicators?q=zzzzunknown", 200, []string{"No indicator's name or definition holds every word"}, []string{`id="indicator-table"`}},
		{"/indicators?q=" + strings.Repeat("x", 101), 400, []string{"100 characters or fewer"}, nil},
	}
	for _, tc := range tests {
		status, body, _ := needsGet(t, c, srv.URL+tc.path)
		if status != tc.status {
			t.Errorf("%s: status %d", tc.path, status)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q", tc.path, w)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(body, w) {
				t.Errorf("%s: page has %q", tc.path, w)
			}
		}
	}
}
