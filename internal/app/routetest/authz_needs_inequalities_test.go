package routetest

import (
	"strings"
	"testing"
)

// Needs inequalities (issue 12, views-map): published figures by
// deprivation decile and sex are public on the page and in the API.
var needsInequalitiesRows = map[string]string{
	"GET /areas/{code}/inequalities/{indicatorID}":          "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/areas/{code}/indicators/{id}/inequalities": "Y Y Y Y Y Y Y Y Y Y",
}

func init() { addModuleTable(needsInequalitiesRows, needsInequalitiesRequest) }

func needsInequalitiesRequest(_ *testing.T, _ *fixture, method, pattern string) probe {
	path := strings.NewReplacer("{code}", "E06000001", "{indicatorID}", "93701", "{id}", "93701").Replace(pattern)
	return probe{method: method, path: path}
}
