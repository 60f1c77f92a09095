package routetest

import "testing"

func init() { moduleBadCases = append(moduleBadCases, registrationBadCases) }

// registrationBadCases are the malformed self-registrations and confirmations
// (internal/api/accounts_register.go).
func registrationBadCases(*testing.T, *fixture) []badCase {
	const (
		reg     = "POST /api/v1/registrations"
		confirm = "POST /api/v1/registrations/confirm"
	)
	valid := `"name":"Ann Resident","password":"a long enough passphrase"`
	return []badCase{
		{reg, "email not an address", "/api/v1/registrations", "", `{` + valid + `,"email":"ann at example"}`, 422, "body.email"},
		{reg, "email missing", "/api/v1/registrations", "", `{` + valid + `}`, 422, "body.email"},
		{reg, "unknown age band", "/api/v1/registrations", "", `{` + valid + `,"email":"ann@example.org","age_band":"ancient"}`, 422, "body.age_band"},
		{reg, "overlong name", "/api/v1/registrations", "", `{"name":"` + long201 + `","email":"ann@example.org","password":"a long enough passphrase"}`, 422, "body.name"},
		{confirm, "empty token", "/api/v1/registrations/confirm", "", `{"token":""}`, 422, "body.token"},
		{confirm, "unknown token", "/api/v1/registrations/confirm", "", `{"token":"no-such-token"}`, 404, "body.token"},
	}
}
