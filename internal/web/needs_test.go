package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs/needsdemo"
)

func needsGet(t *testing.T, c *http.Client, url string) (int, string, http.Header) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestNeedsPages(t *testing.T) {
	srv := apptest.New(t)
	if err := needsdemo.Seed(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/areas/E06000001/profile", 200, []string{"Spine chart: Hartlepool compared with England", `role="img"`, "Population aged 65 and over", "Data table", "Download the data as CSV"}},
		{"/areas/E06000001/priorities", 200, []string{"priorities-table", "Significance"}},
		{"/areas/E09000002/profile", 200, []string{"Children in absolute low income families"}},
		{"/indicators", 200, []string{"Population aged 85 and over (mid-2021)", "/indicators/910004"}},
		{"/indicators/910002", 200, []string{"bar-figure", "map-figure", "funnel-figure", "trend-figure", "Wilson"}},
		{"/indicators/93701?area_type=utla", 200, []string{"bar-figure"}},
		{"/indicators/910002?period=1999", 400, []string{"Period (period)"}},
		{"/indicators/910002?area_type=lsoa", 400, []string{"Area type (area_type)"}},
		{"/indicators/12345678", 404, nil},
		{"/indicators/abc", 404, nil},
		{"/areas/E99999999/profile", 404, nil},
	}
	for _, tc := range tests {
		status, body, _ := needsGet(t, c, srv.URL+tc.path)
		if status != tc.status {
			t.Errorf("%s: status %d", tc.path, status)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q", tc.path, w)
			}
		}
	}
	status, body, h := needsGet(t, c, srv.URL+"/areas/E06000001/profile.csv")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "indicator_id,indicator,period") || strings.Count(body, "\n") < 5 {
		t.Errorf("profile CSV %d %q", status, body)
	}
	status, body, _ = needsGet(t, c, srv.URL+"/indicators/910002/data.csv?period=2021&area_type=utla")
	if status != 200 || strings.Count(body, "\n") != 153 || !strings.Contains(body, "Hartlepool") {
		t.Errorf("indicator CSV %d, %d lines", status, strings.Count(body, "\n"))
	}
}
