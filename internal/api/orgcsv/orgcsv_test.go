package orgcsv

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantRows  int
		wantField []string // locations of the errors, in order
	}{
		{"good", "name,kind,ods_code,area_codes\nNorth Tees Trust,nhs_trust,rvw,E06000001 E06000004\nCarers,voluntary,,\n", 2, nil},
		{"BOM and any column order", "\ufeffkind,Name\nvoluntary,Carers\n", 1, nil},
		{"empty", "", 0, []string{"body"}},
		{"header only", "name,kind\n", 0, []string{"body"}},
		{"no kind column", "name\nCarers\n", 0, []string{"body[1]"}},
		{"unknown column", "name,kind,colour\nA,voluntary,red\n", 0, []string{"body[1][3]"}},
		{"duplicate column", "name,kind,name\nA,voluntary,B\n", 0, []string{"body[1][3]"}},
		{"bad cells", "name,kind,ods_code\n,voluntary,\nB,charity,R-1\n", 2, []string{"body[2].name", "body[3].kind", "body[3].ods_code"}},
		{"unterminated quote", "name,kind\n\"A,voluntary\n", 0, []string{"body[2]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := Parse([]byte(tt.in))
			var got []string
			if v, ok := validation.As(err); ok {
				for _, f := range v.Fields {
					got = append(got, f.Field)
				}
			} else if err != nil {
				t.Fatalf("error is not field errors: %v", err)
			}
			if strings.Join(got, " ") != strings.Join(tt.wantField, " ") {
				t.Errorf("error fields = %q, want %q (%v)", got, tt.wantField, err)
			}
			if err == nil && len(rows) != tt.wantRows {
				t.Errorf("rows = %d, want %d", len(rows), tt.wantRows)
			}
		})
	}
	rows, _ := Parse([]byte("name,kind,ods_code,area_codes\n  North Tees Trust ,nhs_trust, rvw ,e06000001;E06000004\n"))
	if o := rows[0]; o.Name != "North Tees Trust" || o.ODSCode != "RVW" || strings.Join(o.AreaCodes, ",") != "E06000001,E06000004" {
		t.Errorf("row not normalised: %+v", o)
	}
}

// FuzzParse: any bytes give rows or field errors located in
// the body, never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "name,kind\n", "name,kind\nA,voluntary\n", "\ufeffname,kind,ods_code,area_codes\nA,nhs_trust,RVW,E06000001\n",
		"name,kind\n\"A,voluntary\n", "name,kind,name\n", "a\x00b,kind\n", "name,kind\nA,voluntary,extra,cells\n",
		"name;kind\nA;voluntary\n", "\"\"\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Parse(data)
		if err == nil {
			if len(rows) == 0 {
				t.Fatal("no error and no rows")
			}
			for _, o := range rows {
				if v := o.Validate(); v.Err() != nil {
					t.Fatalf("row accepted but invalid: %v", v)
				}
			}
			return
		}
		v, ok := validation.As(err)
		if !ok || len(v.Fields) == 0 {
			t.Fatalf("error without fields: %v", err)
		}
		for _, fe := range v.Fields {
			if !strings.HasPrefix(fe.Field, "body") || fe.Message == "" {
				t.Fatalf("bad field error %+v", fe)
			}
		}
	})
}
