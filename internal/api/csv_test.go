package api

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"

	"github.com/placeboard/placeboard/internal/validation"
)

func TestCSVLocations(t *testing.T) {
	var in validation.Errors
	in.AddRow(3, "ods_code", "ODS code RVW is also on row 2")
	in.AddRow(12, "area_codes", "Area code E06999999 is not known")
	in.Add("body", "The file is empty")
	in.Add("name", "no row here")
	v, _ := validation.As(csvLocations(in.Err()))
	want := []string{"body[3].ods_code", "body[12].area_codes", "body", "body.name"}
	for i, w := range want {
		if v.Fields[i].Field != w {
			t.Errorf("field %d = %q, want %q", i, v.Fields[i].Field, w)
		}
	}
	// The row travels as a field, not inside the message.
	if v.Fields[0].Row != 3 || strings.Contains(v.Fields[0].Message, "Row 3") {
		t.Errorf("row 3 problem: %+v", v.Fields[0])
	}
}

func TestOrgCSVErrorLocations(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // locations of the errors, in order
	}{
		{"good", "name,kind,ods_code,area_codes\nNorth Tees Trust,nhs_trust,rvw,E06000001 E06000004\nCarers,voluntary,,\n", nil},
		{"empty", "", []string{"body"}},
		{"header only", "name,kind\n", []string{"body"}},
		{"no kind column", "name\nCarers\n", []string{"body[1]"}},
		{"unknown column", "name,kind,colour\nA,voluntary,red\n", []string{"body[1][3]"}},
		{"duplicate column", "name,kind,name\nA,voluntary,B\n", []string{"body[1][3]"}},
		{"bad cells", "name,kind,ods_code\n,voluntary,\nB,charity,R-1\n", []string{"body[2].name", "body[3].kind", "body[3].ods_code"}},
		{"rows are file lines", "name,kind\nA,voluntary\n\nB,spaceship\n", []string{"body[4].kind"}},
		{"too many cells", "name,kind\nA,voluntary,extra\n", []string{"body[2]"}},
		{"unterminated quote", "name,kind\n\"A,voluntary\n", []string{"body[2]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := places.ParseOrganisationCSV(strings.NewReader(tt.in))
			var got []string
			if len(problems) > 0 {
				v, ok := validation.As(orgCSVError(problems))
				if !ok {
					t.Fatalf("not field errors: %v", problems)
				}
				for _, f := range v.Fields {
					got = append(got, f.Field)
					if f.Message == "" {
						t.Errorf("%s has no message", f.Field)
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("locations = %q, want %q (%+v)", got, tt.want, problems)
			}
		})
	}
}
