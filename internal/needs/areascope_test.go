package needs

import (
	"testing"
)

func TestAreaCoverageCheckRow(t *testing.T) {
	mine := AreaCoverage{Codes: map[string]bool{"E06000001": true}}
	if re := mine.CheckRow(3, "E06000001"); re != nil {
		t.Errorf("covered row refused: %v", re)
	}
	re := mine.CheckRow(4, "E06000002")
	if re == nil || re.Line != 4 || re.Message != "area E06000002 is outside your partnerships' areas" {
		t.Errorf("uncovered row: %+v", re)
	}
	if re := (AreaCoverage{Every: true}).CheckRow(5, "E06000002"); re != nil {
		t.Errorf("national coverage refused a row: %v", re)
	}
	if re := (AreaCoverage{}).CheckRow(6, "E06000001"); re == nil {
		t.Error("empty coverage let a row in")
	}
}
