package web_test

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// TestSearchCurrentGeographyByDefault: a search finds the councils in force
// and offers the ones that ended, labelled with the day they ended
// (regression: "Buckinghamshire" listed both the 2020 unitary council and
// the county it replaced).
func TestSearchCurrentGeographyByDefault(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t)
	tests := []struct {
		path          string
		want, wantNot []string
	}{
		{"/search?q=Buckinghamshire",
			[]string{`href="/areas/utla/E06000060"`, `history=include`, "that no longer exist"},
			[]string{`href="/areas/utla/E10000002"`}},
		{"/search?q=Buckinghamshire&history=include",
			[]string{`href="/areas/utla/E06000060"`, `href="/areas/utla/E10000002"`, "E10000002, ended 2020-03-31", "Show only places that exist today"},
			nil},
		{"/search?q=Hartlepool", []string{`href="/areas/utla/E06000001"`}, []string{"that no longer exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := get(t, c, srv.URL, tt.path)
			if status != 200 {
				t.Fatalf("GET %s = %d", tt.path, status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: body lacks %q", tt.path, w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("GET %s: body has %q", tt.path, w)
				}
			}
			if n := strings.Count(body, ">Buckinghamshire</a>"); strings.Contains(tt.path, "Buckinghamshire") && !strings.Contains(tt.path, "history") && n != 1 {
				t.Errorf("GET %s: Buckinghamshire listed %d times, want once", tt.path, n)
			}
		})
	}
}
