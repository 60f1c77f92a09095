package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/needs"
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
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/areas/E06000001/profile", 200, []string{"Spine chart: Hartlepool compared with England", `role="img"`, "Population aged 65 and over", "Data table", "Download the data as CSV",
			"How quintiles are worked out", "every area of the type “Upper-tier"}},
		{"/areas/E06000001/priorities", 200, []string{"priorities-table", "Significance"}},
		{"/areas/E09000002/profile", 200, []string{"Children in absolute low income families"}},
		{"/indicators", 200, []string{"Population aged 85 and over (mid-2021)", "/indicators/910004"}},
		{"/indicators/910002", 200, []string{"bar-figure", "map-figure", "funnel-figure", "trend-figure", "Wilson"}},
		{"/indicators/93701?area_type=utla", 200, []string{"bar-figure"}},
		{"/indicators/910002?period=1999", 400, []string{"Period (period)"}},
		{"/indicators/910002?area_type=lsoa", 400, []string{"Area type (area_type)"}},
		{"/areas/E06000001/compare?with=E06000002,E06000003", 200, []string{"compare-table", "Middlesbrough", "Redcar"}},
		{"/areas/E06000001/compare?with=E99999999", 400, []string{"is not an area"}},
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

func multipartBody(t *testing.T, fields map[string]string, fileName, file string) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte(file))
	}
	mw.Close()
	return mw.FormDataContentType(), &b
}

func TestNeedsWebImport(t *testing.T) {
	srv := apptest.New(t)
	c, _ := srv.As(t, "", 0, true)
	anon := srv.Client(t)
	if status, _, _ := needsGet(t, anon, srv.URL+"/needs/import"); status == http.StatusOK {
		t.Error("anonymous visitor sees the import form")
	}
	if status, body, _ := needsGet(t, c, srv.URL+"/needs/import"); status != 200 || !strings.Contains(body, "Import indicator data") {
		t.Fatalf("form %d", status)
	}
	r, err := needs.OpenExtract("fingertips_london_utla_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(r)
	good := string(raw)
	bad := strings.Replace(good, "Barnet,E09000003,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,36.74", "Barnet,E09000003,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,thirty", 1)
	post := func(fields map[string]string, name, file string) (int, string, string) {
		ct, body := multipartBody(t, fields, name, file)
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/needs/import", body)
		req.Header.Set("Content-Type", ct)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Request.URL.Path
	}
	// No format, no file: the error summary names both.
	status, body, _ := post(map[string]string{}, "", "")
	if status != 422 || !strings.Contains(body, "Select the file") || !strings.Contains(body, "Select a file to upload") {
		t.Errorf("empty form %d", status)
	}
	// A bad row: listed by row and column, nothing stored.
	status, body, _ = post(map[string]string{"format": "fingertips"}, "london.csv", bad)
	if status != 422 || !strings.Contains(body, "row-errors") || !strings.Contains(body, ">4<") || !strings.Contains(body, "value") {
		t.Errorf("bad row %d: %.300s", status, body)
	}
	if n, _ := srv.Store.CountIndicatorValues(context.Background()); n != 0 {
		t.Errorf("%d values stored after a bad file", n)
	}
	// The corrected file: a preview, then the import.
	status, body, _ = post(map[string]string{"format": "fingertips"}, "london.csv", good)
	if status != 200 || !strings.Contains(body, "Check the import") || !strings.Contains(body, "preview-table") {
		t.Fatalf("preview %d: %.300s", status, body)
	}
	if n, _ := srv.Store.CountIndicatorValues(context.Background()); n != 0 {
		t.Errorf("%d values stored by the preview", n)
	}
	i := strings.Index(body, `action="/needs/import/`)
	token := body[i+len(`action="/needs/import/`) : i+len(`action="/needs/import/`)+32]
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/needs/import/"+token, nil)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/needs/import/"+token {
		t.Fatalf("confirm: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Wait for the background import, generously: a slow machine makes
	// this test slow, never wrong.
	deadline := time.Now().Add(5 * time.Minute)
	for {
		_, body, _ = needsGet(t, c, srv.URL+"/needs/import/"+token)
		if strings.Contains(body, "Import finished") || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(body, "231 rows imported") {
		t.Errorf("status page: %.500s", body)
	}
	if n, _ := srv.Store.CountIndicatorValues(context.Background()); n != 231 {
		t.Errorf("%d values stored", n)
	}
	// Another user cannot see someone else's import.
	other, _ := srv.As(t, "", 0, true)
	if status, _, _ := needsGet(t, other, srv.URL+"/needs/import/"+token); status != http.StatusGone {
		t.Errorf("another user's import: %d", status)
	}
}

func TestNeedsPrioritiesPinPublishAndJSNA(t *testing.T) {
	srv := apptest.New(t)
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c, _ := srv.As(t, "", 0, true)
	postForm := func(c *http.Client, path string, form url.Values) (int, string, string) {
		res, err := c.PostForm(srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Location"), string(b)
	}
	id := strconv.Itoa(needs.PopulationShares[1].ID)
	status, loc, _ := postForm(c, "/areas/E06000001/priorities/"+id, url.Values{"pinned": {"yes"}, "note": {"Older population: plan for care"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/areas/E06000001/priorities") {
		t.Fatalf("pin: %d %s", status, loc)
	}
	_, body, _ := needsGet(t, c, srv.URL+"/areas/E06000001/priorities?saved=note")
	if !strings.Contains(body, "Pinned priorities") || !strings.Contains(body, "Older population: plan for care") || !strings.Contains(body, "Pin and note saved") {
		t.Errorf("priorities page after pinning lacks the pin or note")
	}
	status, _, body = postForm(c, "/areas/E06000001/priorities/publish", url.Values{"title": {""}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "govuk-error-summary") {
		t.Errorf("publish without a title: %d", status)
	}
	status, loc, _ = postForm(c, "/areas/E06000001/priorities/"+id, url.Values{"note": {strings.Repeat("x", 2001)}})
	if status != http.StatusUnprocessableEntity {
		t.Errorf("overlong note: %d %s", status, loc)
	}
	status, loc, _ = postForm(c, "/areas/E06000001/priorities/publish", url.Values{"title": {"Hartlepool JSNA 2026"}})
	if status != http.StatusSeeOther || loc != "/areas/E06000001/jsna" {
		t.Fatalf("publish: %d %s", status, loc)
	}
	// The published summary is public.
	anon := srv.Client(t)
	_, body, _ = needsGet(t, anon, srv.URL+"/areas/E06000001/jsna")
	if !strings.Contains(body, "Hartlepool JSNA 2026") || !strings.Contains(body, "Older population: plan for care") || !strings.Contains(body, "jsna-profile") {
		t.Errorf("JSNA summary lacks the publication")
	}
	if status, loc, _ := postForm(anon, "/areas/E06000001/priorities/"+id, url.Values{"pinned": {"yes"}}); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/sign-in") {
		t.Errorf("anonymous pin: %d %s", status, loc)
	}
}
