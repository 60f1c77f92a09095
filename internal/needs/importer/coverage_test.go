package importer

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
)

// The importer refuses rows outside its Coverage, by line, and stores
// nothing from such a file.
func TestImporterCoverage(t *testing.T) {
	file := "areaname,areacode,indicatorname,indicatorid,age,timeperiod,year_end,value,lowerci95.0limit,upperci95.0limit,count,denominator,valuenote\n" +
		"Hartlepool,E06000001,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,97.98,77.2,122.7,75,79049,\n" +
		"Middlesbrough,E06000002,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,36.74,27,48.9,45,128455,\n"
	im := &Importer{Catalogue: seed(t), Coverage: &needs.AreaCoverage{Codes: map[string]bool{"E06000001": true}}}
	_, points, err := collect(t, im, needs.FormatFingertips, "rows.csv", strings.NewReader(file))
	ie, ok := needs.AsImportError(err)
	if !ok || len(ie.Errors) != 1 || ie.Errors[0].Line != 3 || !strings.Contains(ie.Errors[0].Message, "area E06000002 is outside your partnerships' areas") {
		t.Fatalf("import with a row outside coverage: %v", err)
	}
	if len(points) != 0 {
		t.Errorf("%d points emitted from a refused file", len(points))
	}
	im = &Importer{Catalogue: seed(t), Coverage: &needs.AreaCoverage{Every: true}}
	if _, points, err := collect(t, im, needs.FormatFingertips, "rows.csv", strings.NewReader(file)); err != nil || len(points) != 2 {
		t.Errorf("national coverage: %d points, %v", len(points), err)
	}
}
