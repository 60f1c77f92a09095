package places

import (
	"strings"
	"testing"
)

// TestOrganisationNameText: a name that is not UTF-8 (a Latin-1 CSV), holds
// a control character or runs past MaxNameLen is refused on the name field,
// whichever door it came through (form, API or CSV import all validate here).
func TestOrganisationNameText(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"Latin-1", "Soci\xe9t\xe9 de Hartlepool", "not valid UTF-8"},
		{"control character", "Hartlepool\x00Trust", "control character"},
		{"too long", strings.Repeat("H", MaxNameLen+1), "Name"},
		{"fine", "Ysbyty Gwynedd – Môn", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := Organisation{Name: tc.value, Kind: OrgKinds[0]}
			errs := o.Validate()
			if tc.want == "" {
				if errs != nil {
					t.Fatalf("refused: %v", errs)
				}
				return
			}
			if errs == nil || !errs.Has("name") || !strings.Contains(errs.Error(), tc.want) {
				t.Errorf("got %v, want a name problem containing %q", errs, tc.want)
			}
		})
	}
}
