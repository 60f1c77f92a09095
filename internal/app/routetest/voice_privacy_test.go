package routetest

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
)

// A respondent's personal data (the seeded names, e-mail addresses and
// postcodes) never appears on a public page, in the API for someone
// without the role to see respondents, or in the open-data export. The
// officer's view is checked too, so the sweep is known to be able to see
// the data where it is allowed.
func TestVoicePersonalDataSweep(t *testing.T) {
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	cl, op, pr := id(v.Closed.ID), id(v.Open.ID), id(v.Process.ID)
	public := []string{
		"/", "/voice", "/voice/processes/" + pr, "/voice/consultations/" + cl, "/voice/consultations/" + op,
		"/voice/consultations/" + cl + "/results", "/voice/consultations/" + cl + "/you-said-we-did",
		"/api/v1/voice/processes", "/api/v1/voice/processes/" + pr, "/api/v1/voice/consultations", "/api/v1/voice/consultations/" + cl,
		"/api/v1/voice/consultations/" + cl + "/questions", "/api/v1/voice/consultations/" + cl + "/themes",
		"/api/v1/voice/consultations/" + cl + "/you-said-we-did", "/api/v1/voice/consultations/" + cl + "/open-data",
	}
	staff := []string{
		"/api/v1/voice/consultations/" + cl + "/responses", "/voice/consultations/" + cl + "/responses.csv",
		"/voice/consultations/" + cl + "/analysis",
	}
	anonymous := srv.Client(t)
	resident, _ := srv.As(t, auth.RoleResident, v.Partnership.ID, false)
	analyst, _ := srv.As(t, auth.RoleAnalyst, v.Partnership.ID, false)
	board, _ := srv.As(t, auth.RoleBoardMember, v.Partnership.ID, false)
	officer, _ := srv.As(t, auth.RoleOfficer, v.Partnership.ID, false)

	fetch := func(c *http.Client, path string) (int, string) {
		t.Helper()
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	sweep := func(who string, c *http.Client, paths []string) {
		for _, p := range paths {
			status, body := fetch(c, p)
			if status != http.StatusOK {
				t.Errorf("%s GET %s = %d: %.300s", who, p, status, body)
				continue
			}
			for _, pd := range v.PersonalData {
				if strings.Contains(body, pd) {
					t.Errorf("%s GET %s shows personal data %q", who, p, pd)
				}
			}
		}
	}
	sweep("anonymous", anonymous, public)
	sweep("resident", resident, public)
	sweep("analyst", analyst, append(public, staff...))
	sweep("board member", board, append(public, staff...))

	// The open data holds counts only.
	_, od := fetch(anonymous, "/api/v1/voice/consultations/"+cl+"/open-data")
	if !strings.Contains(od, `"responses":3`) || strings.Contains(od, "An evening bus") {
		t.Errorf("open data: %s", od)
	}
	// An officer may see who responded: the data is there to be found.
	_, body := fetch(officer, "/api/v1/voice/consultations/"+cl+"/responses")
	for _, pd := range v.PersonalData {
		if !strings.Contains(body, pd) {
			t.Errorf("officer's responses lack %q", pd)
		}
	}
}
