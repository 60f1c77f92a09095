package store_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

// mergerReference: two real 2022 ICBs with real council codes; the
// populations are made up for the test. A and B (Cornwall, Isles of Scilly)
// are in X (Cornwall and the Isles of Scilly ICB), C (Plymouth) in Y (Devon
// ICB). The fixture file moves A and B to Y on 2026-04-01 (a fictional
// merger, labelled so in its source column).
func mergerReference() store.ReferenceData {
	whole := func(code string) places.AreaParent {
		return places.AreaParent{Type: places.AreaICB, Code: code, LSOAs: 1, OfLSOAs: 1}
	}
	areas := []places.Area{
		{Type: places.AreaICB, Code: "E54000036", Name: "NHS Cornwall and the Isles of Scilly Integrated Care Board", ValidFrom: "2022-07-01"},
		{Type: places.AreaICB, Code: "E54000037", Name: "NHS Devon Integrated Care Board", ValidFrom: "2022-07-01"},
		{Type: places.AreaLTLA, Code: "E06000052", Name: "Cornwall", Population: 500, Parents: []places.AreaParent{whole("E54000036")}},
		{Type: places.AreaLTLA, Code: "E06000053", Name: "Isles of Scilly", Population: 2, Parents: []places.AreaParent{whole("E54000036")}},
		{Type: places.AreaLTLA, Code: "E06000026", Name: "Plymouth", Population: 200, Parents: []places.AreaParent{whole("E54000037")}},
	}
	return store.ReferenceData{Version: "merger-test", Areas: areas}
}

func TestParentChangesMergerKeepsHistory(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadReference(ctx, mergerReference()); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open("../places/testdata/parent-changes-fixture.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		changes, err := places.ParseParentChanges(f)
		if err != nil {
			t.Fatal(err)
		}
		by := store.Actor{Name: "loader@example.test"}
		if err := s.LoadParentChanges(ctx, by, changes); err != nil {
			t.Fatal(err)
		}
		x := places.AreaRef{Type: places.AreaICB, Code: "E54000036"}
		y := places.AreaRef{Type: places.AreaICB, Code: "E54000037"}
		roll := func(ref places.AreaRef, day string) ([]string, int64) {
			areas, err := s.ChildrenAsAt(ctx, ref, places.AreaLTLA, day)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			var pop int64
			for _, a := range areas {
				codes = append(codes, a.Code)
				pop += int64(a.Population)
			}
			return codes, pop
		}
		tests := []struct {
			day    string
			x, y   []string
			xp, yp int64
		}{
			{"2026-03-31", []string{"E06000052", "E06000053"}, []string{"E06000026"}, 502, 200}, // the 2025/26 report
			{"2026-04-01", nil, []string{"E06000052", "E06000053", "E06000026"}, 0, 702},        // the 2026/27 roll-up
		}
		for _, tt := range tests {
			xc, xp := roll(x, tt.day)
			yc, yp := roll(y, tt.day)
			if !reflect.DeepEqual(xc, tt.x) || !reflect.DeepEqual(yc, tt.y) || xp != tt.xp || yp != tt.yp {
				t.Errorf("as at %s: X %v (%d), Y %v (%d); want X %v (%d), Y %v (%d)", tt.day, xc, xp, yc, yp, tt.x, tt.xp, tt.y, tt.yp)
			}
			if xp+yp != 702 {
				t.Errorf("as at %s: total population %d, want 702 unchanged", tt.day, xp+yp)
			}
		}
		// The reference links are untouched: the area still lists X.
		d, err := s.GetArea(ctx, places.AreaRef{Type: places.AreaLTLA, Code: "E06000052"})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Parents) != 1 || d.Parents[0].Code != "E54000036" {
			t.Errorf("reference parents rewritten: %+v", d.Parents)
		}
		got, err := s.ParentChanges(ctx, places.AreaRef{Type: places.AreaLTLA, Code: "E06000052"})
		if err != nil || len(got) != 1 || got[0].NewParent != "E54000037" {
			t.Errorf("ParentChanges = %+v, %v", got, err)
		}

		// A file repeating a loaded change, naming a code that is not in the
		// reference data, and one good change: refused whole, naming the
		// rows and columns; the good change is not added.
		bad := []places.ParentChange{
			changes[0],
			{Effective: "2026-05-01", ChildType: places.AreaLTLA, ChildCode: "E06000026", ParentType: places.AreaICB, OldParent: "E54000037", NewParent: "E54999999", Source: "typed from memory"},
			{Effective: "2026-05-01", ChildType: places.AreaLTLA, ChildCode: "E06000053", ParentType: places.AreaICB, OldParent: "E54000037", NewParent: "E54000036", Source: "List"},
		}
		err = s.LoadParentChanges(ctx, by, bad)
		var ve *validation.Errors
		if !errors.As(err, &ve) {
			t.Fatalf("LoadParentChanges(bad) = %v, want *validation.Errors", err)
		}
		var at []validation.FieldError
		for _, f := range ve.Fields {
			at = append(at, validation.FieldError{Row: f.Row, Field: f.Field})
		}
		want := []validation.FieldError{{Row: 2, Field: "effective_date"}, {Row: 3, Field: "new_parent_code"}}
		if !reflect.DeepEqual(at, want) {
			t.Errorf("errors at %v, want %v: %v", at, want, err)
		}
		if got, _ := s.ParentChanges(ctx, places.AreaRef{Type: places.AreaLTLA, Code: "E06000053"}); len(got) != 1 {
			t.Errorf("a refused file left changes behind: %+v", got)
		}
	})
}
