package routetest

import (
	"strings"
	"testing"
)

// The overview heatmap (branch views-compare) reads published figures: it
// is public, like the profile.
var needsOverviewRows = map[string]string{
	"GET /areas/{code}/overview":     "Y Y Y Y Y Y Y Y Y Y",
	"GET /areas/{code}/overview.csv": "Y Y Y Y Y Y Y Y Y Y",
}

func init() { addModuleTable(needsOverviewRows, needsOverviewRequest) }

// needsOverviewRequest asks for the North East's overview, compared with
// each area's region.
func needsOverviewRequest(_ *testing.T, _ *fixture, method, pattern string) probe {
	return probe{method: method, path: strings.ReplaceAll(pattern, "{code}", "E12000001") + "?comparator=region"}
}
