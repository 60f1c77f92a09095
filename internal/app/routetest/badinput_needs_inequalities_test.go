package routetest

import "testing"

func init() { moduleBadCases = append(moduleBadCases, needsInequalitiesBadCases) }

// needsInequalitiesBadCases are the malformed requests for an area's
// inequalities (internal/api/needs_inequalities.go). The fixture holds no
// values, so any period or decile type is refused, naming its field.
func needsInequalitiesBadCases(*testing.T, *fixture) []badCase {
	const ineq = "GET /api/v1/areas/{code}/indicators/{id}/inequalities"
	return []badCase{
		{ineq, "id not a number", "/api/v1/areas/E06000001/indicators/abc/inequalities", "", "", 422, "path.id"},
		{ineq, "id zero", "/api/v1/areas/E06000001/indicators/0/inequalities", "", "", 422, "path.id"},
		{ineq, "unknown indicator", "/api/v1/areas/E06000001/indicators/999999999/inequalities", "", "", 404, "path.id"},
		{ineq, "unknown area", "/api/v1/areas/E06999999/indicators/93701/inequalities", "", "", 404, "path.code"},
		{ineq, "overlong code", "/api/v1/areas/E0600000123/indicators/93701/inequalities", "", "", 422, "path.code"},
		{ineq, "period without values", "/api/v1/areas/E06000001/indicators/93701/inequalities?period=1999", "", "", 422, "query.period"},
		{ineq, "overlong period", "/api/v1/areas/E06000001/indicators/93701/inequalities?period=" + long201[:41], "", "", 422, "query.period"},
		{ineq, "deciles without values", "/api/v1/areas/E06000001/indicators/93701/inequalities?deciles=Deprivation+decile", "", "", 422, "query.deciles"},
		{ineq, "overlong deciles", "/api/v1/areas/E06000001/indicators/93701/inequalities?deciles=" + long201, "", "", 422, "query.deciles"},
	}
}
