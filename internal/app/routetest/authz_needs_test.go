package routetest

import "testing"

// Needs (issue 12): the needs landing page is public, like every needs
// page that reads.
var needsNavRows = map[string]string{
	"GET /needs": "Y Y Y Y Y Y Y Y Y Y",
}

func init() { addModuleTable(needsNavRows, needsNavRequest) }

func needsNavRequest(_ *testing.T, _ *fixture, method, pattern string) probe {
	return probe{method: method, path: pattern + "?area=Hartlepool"}
}
