package importer

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
)

// TestImportRefusesBadText: a Latin-1 file (it once imported on SQLite and
// failed with a raw error on PostgreSQL), a control character and an
// over-long area name (a 30 MB one once imported) are refused by row and
// column, and nothing is emitted.
func TestImportRefusesBadText(t *testing.T) {
	header := "areaname,areacode,indicatorname,indicatorid,age,timeperiod,year_end,value,lowerci95.0limit,upperci95.0limit,count,denominator,valuenote\n"
	row := func(name string) string {
		return name + ",E06000001,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,97.98,77.2,122.7,75,79049,\n"
	}
	tests := []struct {
		name, file, want string
	}{
		{"Latin-1 area name", header + row("Hartlepool") + row("Stockton-on-Tees \xe9"), "line 3"},
		{"control character", header + row("Hart\x07lepool"), "control character"},
		{"over-long area name", header + row(strings.Repeat("H", 5000)), "5000 characters long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, points, err := collect(t, &Importer{Catalogue: seed(t)}, needs.FormatFingertips, "rows.csv", strings.NewReader(tc.file))
			ie, ok := needs.AsImportError(err)
			if !ok {
				t.Fatalf("bad text imported: %v", err)
			}
			msg := ie.Error()
			if !strings.Contains(msg, tc.want) || !strings.Contains(strings.ToLower(msg), "area name") {
				t.Errorf("message %q should name the row, the column and the problem (%q)", msg, tc.want)
			}
			if len(points) != 0 {
				t.Errorf("%d points emitted from a refused file", len(points))
			}
		})
	}
	// Good text with accents still imports.
	if _, points, err := collect(t, &Importer{Catalogue: seed(t)}, needs.FormatFingertips, "rows.csv", strings.NewReader(header+row("Ynys Môn"))); err != nil || len(points) != 1 {
		t.Errorf("an accented UTF-8 name: %d points, %v", len(points), err)
	}
}
