package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
)

var inequalitiesLink = regexp.MustCompile(`<a class="govuk-link govuk-body-s app-inequalities-link" href="(/areas/[^/"]+/inequalities/\d+)">Inequalities<span class="govuk-visually-hidden"> in ([^<]+) by deprivation and sex</span></a>`)

// TestProfileLinksToInequalities: a profile row links to the area's
// inequalities view when the area has values of the indicator by
// deprivation decile (England's adult overweight prevalence in the demo
// data) or by sex (Liverpool's alcohol-related mortality), the link named
// with the row's indicator for a screen reader; following it gives the
// view, with the SII where there are deciles. An indicator with neither
// (Liverpool's overweight prevalence has persons only) has no link.
func TestProfileLinksToInequalities(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	for _, tc := range []struct {
		area     string
		linked   string   // an indicator whose rows link
		see      []string // on its inequalities view
		unlinked []string // indicators on the profile without a link
	}{
		{"E92000001", "93088", []string{`id="sii"`, "The slope index of inequality is ", `id="deciles-figure"`}, []string{"93701", "910002"}},
		{"E08000012", "93763", []string{`id="no-deciles"`, `id="by-sex-figure"`, "Female", "Male"}, []string{"93088", "93701"}},
		{"E06000001", "108", []string{`id="by-sex-figure"`, "Female"}, []string{"219", "910002"}},
	} {
		status, body, _ := needsGet(t, c, srv.URL+"/areas/"+tc.area+"/profile")
		if status != 200 {
			t.Fatalf("%s profile: %d", tc.area, status)
		}
		links := inequalitiesLink.FindAllStringSubmatch(body, -1)
		if n := strings.Count(body, "app-inequalities-link"); n != len(links) || n == 0 {
			t.Errorf("%s: %d inequalities links, %d of them in the expected form", tc.area, n, len(links))
		}
		linked := map[string]bool{}
		for _, l := range links {
			id := l[1][strings.LastIndex(l[1], "/")+1:]
			linked[id] = true
			if !strings.HasPrefix(l[1], "/areas/"+tc.area+"/inequalities/") {
				t.Errorf("%s: link %s is not to this area's view", tc.area, l[1])
			}
			// The hidden name is the row's indicator: the link sits in
			// the cell that names it.
			row := body[:strings.Index(body, l[0])]
			row = row[strings.LastIndex(row, "<tr "):]
			if !strings.Contains(row, `data-indicator="`+id+`"`) || !strings.Contains(row, ">"+l[2]+"</a>") {
				t.Errorf("%s: link %s named %q, not its row's indicator", tc.area, l[1], l[2])
			}
		}
		for _, id := range tc.unlinked {
			if !strings.Contains(body, `data-indicator="`+id+`"`) {
				t.Errorf("%s: indicator %s is not on the profile", tc.area, id)
			}
			if linked[id] {
				t.Errorf("%s: indicator %s links to inequalities it does not have", tc.area, id)
			}
		}
		if !linked[tc.linked] {
			t.Errorf("%s: no link for indicator %s (links %v)", tc.area, tc.linked, linked)
			continue
		}
		href := "/areas/" + tc.area + "/inequalities/" + tc.linked
		status, page, _ := needsGet(t, c, srv.URL+href)
		if status != 200 {
			t.Errorf("%s: %d", href, status)
		}
		for _, want := range tc.see {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", href, want)
			}
		}
	}
}
