package app_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/places"
)

// On the real geography the national view lists the 44 footprints of 2017,
// and a council split between two footprints appears in both with its
// share in each.
func TestFootprintsOnRealGeography(t *testing.T) {
	srv := apptest.New(t)
	sum, err := places.NewNational(srv.Store).Summary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	all := sum.Footprints
	if len(all) != 44 {
		t.Fatalf("%d footprints, want 44", len(all))
	}
	seen := map[string]int{}
	split := 0
	for _, f := range all {
		if len(f.Councils) == 0 {
			t.Errorf("footprint %s has no councils", f.Area.Name)
		}
		for _, c := range f.Councils {
			seen[c.Code]++
			for _, p := range c.Parents {
				if p.Type == places.AreaSTP && p.Code == f.Area.Code && !p.Whole() {
					split++
				}
			}
			if len(c.Parents) == 0 {
				t.Errorf("council %s in %s has no parents filled", c.Name, f.Area.Name)
			}
		}
	}
	twice := 0
	for _, n := range seen {
		if n > 1 {
			twice++
		}
	}
	if twice > 0 && split == 0 {
		t.Errorf("%d councils in two footprints but no partial shares shown", twice)
	}
	t.Logf("%d councils across 44 footprints; %d in more than one; %d partial memberships", len(seen), twice, split)
}
