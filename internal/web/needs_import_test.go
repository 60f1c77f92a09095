package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs"
)

// The progress page reads the upload from the database and refreshes
// itself (no JavaScript) until the import ends; then it stops refreshing.
func TestIndicatorImportStatusRefreshesUntilDone(t *testing.T) {
	srv := apptest.New(t)
	c, u := srv.As(t, "", 0, true)
	ctx := context.Background()
	up := needs.Upload{Token: "0123456789abcdef0123456789abcdef", UserID: u.ID, UserName: u.Email, FileName: "waiting.csv", Format: needs.FormatFingertips,
		Summary: needs.Summary{Rows: 10}}
	if err := srv.Store.CreateIndicatorUpload(ctx, up, []byte("x"), needs.DefaultUploadLimits); err != nil {
		t.Fatal(err)
	}
	if ok, err := srv.Store.QueueIndicatorUpload(ctx, up.Token, u.ID); err != nil || !ok {
		t.Fatal(ok, err)
	}
	status, body, header := needsGet(t, c, srv.URL+"/needs/import/"+up.Token)
	if status != http.StatusOK || header.Get("Refresh") != "2" || !strings.Contains(body, "Waiting for a worker") ||
		!strings.Contains(body, "?refresh=off\">Stop updating this page") {
		t.Fatalf("queued upload page %d, Refresh %q: %.600s", status, header.Get("Refresh"), body)
	}
	// The person can stop the refreshing (WCAG 2.2.1) and still check.
	status, body, header = needsGet(t, c, srv.URL+"/needs/import/"+up.Token+"?refresh=off")
	if status != http.StatusOK || header.Get("Refresh") != "" || !strings.Contains(body, "Check progress now") {
		t.Fatalf("upload page with refresh off %d, Refresh %q: %.600s", status, header.Get("Refresh"), body)
	}
	if err := srv.Store.FinishIndicatorUpload(ctx, up.Token, nil, "The file has problems and nothing was stored: line 3: bad"); err != nil {
		t.Fatal(err)
	}
	_, body, header = needsGet(t, c, srv.URL+"/needs/import/"+up.Token)
	if header.Get("Refresh") != "" || !strings.Contains(body, "Import failed") || !strings.Contains(body, "nothing was stored") {
		t.Errorf("finished upload page: %.600s", body)
	}
}

// Uploads waiting per person are limited, and the refusal names the limit.
func TestIndicatorUploadLimitPerUser(t *testing.T) {
	srv := apptest.New(t)
	c, _ := srv.As(t, "", 0, true)
	r, err := needs.OpenExtract("fingertips_london_utla_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(r)
	post := func() (int, string) {
		ct, body := multipartBody(t, map[string]string{"format": "fingertips"}, "london.csv", string(raw))
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/needs/import", body)
		req.Header.Set("Content-Type", ct)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for i := 0; i < needs.DefaultUploadLimits.PendingPerUser; i++ {
		if status, _ := post(); status != http.StatusOK {
			t.Fatalf("preview %d: %d", i+1, status)
		}
	}
	status, body := post()
	if status != http.StatusTooManyRequests || !strings.Contains(body, "You already have 3 uploads waiting (the limit is 3)") {
		t.Errorf("upload over the limit: %d %.400s", status, body)
	}
}
