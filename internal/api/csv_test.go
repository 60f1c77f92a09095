package api

import (
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

func TestCSVLocations(t *testing.T) {
	var in validation.Errors
	in.Add("ods_code", "Row 3: ODS code RVW is also on row 2")
	in.Add("area_codes", "Row 12: Area code E06999999 is not known")
	in.Add("body", "The file is empty")
	in.Add("name", "no row here")
	v, _ := validation.As(csvLocations(in.Err()))
	want := []string{"body[3].ods_code", "body[12].area_codes", "body", "body.name"}
	for i, w := range want {
		if v.Fields[i].Field != w {
			t.Errorf("field %d = %q, want %q", i, v.Fields[i].Field, w)
		}
	}
}
