package routetest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
)

// Regression test: a consultation's results, themes and "you said, we did"
// are published when it closes, through both doors alike; before that
// only its analysts see them. The API once listed theme counts, and the
// web showed "you said, we did", while the consultation was still open.
func TestVoiceResultsPublishedWhenTheConsultationCloses(t *testing.T) {
	srv := apptest.New(t)
	v := srv.SeedVoice(t)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	anonymous := srv.Client(t)
	resident, _ := srv.As(t, auth.RoleResident, v.Partnership.ID, false)
	analyst, _ := srv.As(t, auth.RoleAnalyst, v.Partnership.ID, false)
	paths := func(c int64) []string {
		return []string{
			"/voice/consultations/" + id(c) + "/results", "/voice/consultations/" + id(c) + "/you-said-we-did",
			"/api/v1/voice/consultations/" + id(c) + "/themes", "/api/v1/voice/consultations/" + id(c) + "/you-said-we-did",
		}
	}
	fetch := func(c *http.Client, path string) (int, string) { return getPage(t, c, srv.URL+path) }
	for _, p := range paths(v.Open.ID) {
		for who, c := range map[string]*http.Client{"anonymous": anonymous, "resident": resident} {
			status, body := fetch(c, p)
			switch {
			case strings.HasPrefix(p, "/api/"):
				var prob problemBody
				if err := json.Unmarshal([]byte(body), &prob); err != nil || status != http.StatusConflict || prob.Status != http.StatusConflict ||
					len(prob.Errors) != 1 || prob.Errors[0].Location != "path.consultation_id" || !strings.Contains(prob.Errors[0].Message, v.Open.Closes) {
					t.Errorf("%s GET %s (open) = %d %.300s; want 409 naming path.consultation_id and the closing date", who, p, status, body)
				}
			default:
				if status != http.StatusNotFound || !strings.Contains(body, "not published yet") {
					t.Errorf("%s GET %s (open) = %d; want 404 saying the results are not published yet", who, p, status)
				}
			}
		}
		if status, body := fetch(analyst, p); status != http.StatusOK {
			t.Errorf("analyst GET %s (open) = %d, want 200: %.300s", p, status, body)
		}
	}
	for _, p := range paths(v.Closed.ID) {
		if status, body := fetch(anonymous, p); status != http.StatusOK {
			t.Errorf("anonymous GET %s (closed) = %d, want 200: %.300s", p, status, body)
		}
	}
}
