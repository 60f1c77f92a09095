package routetest

import "testing"

func init() { moduleBadCases = append(moduleBadCases, needsComparatorBadCases) }

// needsComparatorBadCases are malformed comparator choices on the profile
// and the indicator data (internal/api/needs_comparator.go).
func needsComparatorBadCases(*testing.T, *fixture) []badCase {
	const (
		indD = "GET /api/v1/indicators/{id}/data"
		prof = "GET /api/v1/areas/{code}/profile"
	)
	return []badCase{
		{prof, "unknown comparator", "/api/v1/areas/E06000001/profile?comparator=county", "", "", 422, "query.comparator"},
		{prof, "set without areas", "/api/v1/areas/E06000001/profile?comparator=set", "", "", 422, "query.set"},
		{prof, "set with a name, not a code", "/api/v1/areas/E06000001/profile?comparator=set&set=E06000002,Liverpool", "", "", 422, "query.set"},
		{prof, "set with an unknown area", "/api/v1/areas/E06000001/profile?comparator=set&set=E06999999", "", "", 422, "query.set"},
		{prof, "overlong set", "/api/v1/areas/E06000001/profile?comparator=set&set=" + long201 + long201, "", "", 422, "query.set"},
		{indD, "unknown comparator", "/api/v1/indicators/93701/data?comparator=ward", "", "", 422, "query.comparator"},
		{indD, "set of 21 areas", "/api/v1/indicators/93701/data?comparator=set&set=E06000001,E06000002,E06000003,E06000004,E06000005,E06000006,E06000007,E06000008,E06000009,E06000010,E06000011,E06000012,E06000013,E06000014,E06000015,E06000016,E06000017,E06000018,E06000019,E06000020,E06000021", "", "", 422, "query.set"},
		{indD, "set with an unknown area", "/api/v1/indicators/93701/data?comparator=set&set=E06999999", "", "", 422, "query.set"},
	}
}
