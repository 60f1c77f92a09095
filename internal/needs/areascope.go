package needs

import "fmt"

// AreaCoverage is the set of areas someone may import indicator data for.
// Every covers all areas (global administrators, national analysts);
// otherwise Codes holds the covered area codes (places.AreasCoveredBy of
// the person's partnerships).
type AreaCoverage struct {
	Every bool
	Codes map[string]bool
}

// CheckRow refuses a row whose area is not covered, as a row error that
// names the line and the area; it returns nil for a covered row. The
// importer calls it for each data row before storing anything.
func (c AreaCoverage) CheckRow(line int, areaCode string) *RowError {
	if c.Every || c.Codes[areaCode] {
		return nil
	}
	return &RowError{Line: line, Column: "area", Message: fmt.Sprintf("area %s is outside your partnerships' areas", areaCode)}
}
