package places

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

const changeHeader = "effective_date,child_type,child_code,parent_type,old_parent_code,new_parent_code,source\n"

func TestParseParentChanges(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		n    int
		errs []validation.FieldError // Row and Field only
	}{
		{"fixture", "", 2, nil},
		{"bom and any case", "\ufeff" + strings.ToUpper(changeHeader) + "2026-04-01,LTLA,e06000052,ICB,E54000036,E54000037,List\n", 1, nil},
		{"empty", "", 0, []validation.FieldError{{Row: 1, Field: "file"}}},
		{"header only", changeHeader, 0, []validation.FieldError{{Row: 2, Field: "file"}}},
		{"missing column", "effective_date,child_type\n", 0, []validation.FieldError{
			{Row: 1, Field: "child_code"}, {Row: 1, Field: "parent_type"}, {Row: 1, Field: "old_parent_code"}, {Row: 1, Field: "new_parent_code"}, {Row: 1, Field: "source"}}},
		{"bad cells", changeHeader + "1 April 2026,county,E0600005,icb,E54000036,E54000036,\n", 0, []validation.FieldError{
			{Row: 2, Field: "effective_date"}, {Row: 2, Field: "child_type"}, {Row: 2, Field: "child_code"}, {Row: 2, Field: "new_parent_code"}, {Row: 2, Field: "source"}}},
		{"control character in source", changeHeader + "2026-04-01,ltla,E06000052,icb,E54000036,E54000037,a\x01b\n", 0, []validation.FieldError{{Row: 2, Field: "source"}}},
		{"second row bad", changeHeader + "2026-04-01,ltla,E06000052,icb,E54000036,E54000037,List\n2026-04-01,ltla,E06000053,icb,E54000036,X,List\n", 0,
			[]validation.FieldError{{Row: 3, Field: "new_parent_code"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.csv
			if tt.name == "fixture" {
				b, err := os.ReadFile("testdata/parent-changes-fixture.csv")
				if err != nil {
					t.Fatal(err)
				}
				in = string(b)
			}
			got, err := ParseParentChanges(strings.NewReader(in))
			if tt.errs == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(got) != tt.n {
					t.Fatalf("%d changes, want %d", len(got), tt.n)
				}
				return
			}
			var ve *validation.Errors
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not *validation.Errors", err)
			}
			var rowsFields []validation.FieldError
			for _, f := range ve.Fields {
				rowsFields = append(rowsFields, validation.FieldError{Row: f.Row, Field: f.Field})
			}
			if !reflect.DeepEqual(rowsFields, tt.errs) {
				t.Errorf("errors at %v, want %v (%v)", rowsFields, tt.errs, err)
			}
		})
	}
}

func TestParentsAsAt(t *testing.T) {
	base := []AreaParent{{Type: AreaICB, Code: "E54000036", LSOAs: 10, OfLSOAs: 10}, {Type: AreaRegion, Code: "E12000009", LSOAs: 10, OfLSOAs: 10}}
	changes := []ParentChange{
		{Effective: "2027-04-01", ChildType: AreaLTLA, ChildCode: "E06000052", ParentType: AreaICB, OldParent: "E54000037", NewParent: "E54000038"},
		{Effective: "2026-04-01", ChildType: AreaLTLA, ChildCode: "E06000052", ParentType: AreaICB, OldParent: "E54000036", NewParent: "E54000037"},
	}
	tests := []struct {
		asAt string
		icb  string
	}{
		{"2025-06-30", "E54000036"},
		{"2026-03-31", "E54000036"},
		{"2026-04-01", "E54000037"},
		{"2027-03-31", "E54000037"},
		{"2027-04-01", "E54000038"},
	}
	for _, tt := range tests {
		got := ParentsAsAt(base, changes, tt.asAt)
		if got[0].Code != tt.icb || got[1].Code != "E12000009" || got[0].LSOAs != 10 {
			t.Errorf("as at %s: parents %+v, want ICB %s and the region unchanged", tt.asAt, got, tt.icb)
		}
	}
	if base[0].Code != "E54000036" {
		t.Errorf("ParentsAsAt changed the reference links: %+v", base)
	}
}

func FuzzParseParentChanges(f *testing.F) {
	f.Add(changeHeader + "2026-04-01,ltla,E06000052,icb,E54000036,E54000037,List\n")
	f.Add("")
	f.Add(changeHeader + "\"unterminated\n")
	f.Add("a,b\n1,2,3\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ParseParentChanges(strings.NewReader(in))
		if err != nil {
			var ve *validation.Errors
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("error %v is not a non-empty *validation.Errors", err)
			}
			for _, fe := range ve.Fields {
				if fe.Row < 1 || fe.Field == "" || fe.Message == "" {
					t.Fatalf("error without row, field or message: %+v", fe)
				}
			}
			return
		}
		for _, c := range got {
			if !c.ChildType.Valid() || !c.ParentType.Valid() || !isGSSCode(c.ChildCode) || c.Source == "" {
				t.Fatalf("accepted a bad change %+v", c)
			}
		}
	})
}
