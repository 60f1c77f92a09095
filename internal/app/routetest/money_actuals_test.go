package routetest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
)

// Actuals go through a River job from both doors: the API answers 202 with
// the upload and its Location, the page redirects to its status page, and
// each door reports the other's upload the same way once the job is done.
func TestActualsImportThroughBothDoors(t *testing.T) {
	checkActualsDoors(t, newFixture(t))
}

func TestActualsImportThroughBothDoorsOnPostgres(t *testing.T) {
	checkActualsDoors(t, newFixtureOn(t, postgresServer(t)))
}

func checkActualsDoors(t *testing.T, f *fixture) {
	m := moneyWorld(t, f)
	officer, _ := f.srv.As(t, auth.RoleOfficer, f.p.ID, false)
	base := f.srv.URL
	fund := "/money/funds/" + itoa(m.fund.ID)

	// The API: 202, the upload queued, its Location to follow.
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1"+fund+"/actuals?file_name=api.csv", strings.NewReader("period,scheme,amount\n2025-09,S01,10.00\n2025-09,S02,0.05\n"))
	req.Header.Set("Content-Type", "text/csv")
	res, err := officer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var queued money.ActualsUpload
	body := readAll(res)
	if res.StatusCode != http.StatusAccepted || json.Unmarshal([]byte(body), &queued) != nil || queued.RowsTotal != 2 || queued.Total != 1005 ||
		res.Header.Get("Location") != "/api/v1"+fund+"/actuals/"+itoa(queued.ID) {
		t.Fatalf("API import %d, Location %q: %s", res.StatusCode, res.Header.Get("Location"), body)
	}
	apiDone := apiUpload(t, officer, base+res.Header.Get("Location"))
	if apiDone.State != money.UploadDone || apiDone.Result == nil || apiDone.Result.Rows != 2 || apiDone.Result.ImportID == 0 {
		t.Fatalf("API upload ended %+v", apiDone)
	}

	// The page: 303 to the status page of the upload it queued.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "web.csv")
	io.WriteString(fw, "period,scheme,amount\n2025-09,S01,20.00\n")
	mw.Close()
	res, err = officer.Post(base+fund+"/actuals", mw.FormDataContentType(), &form)
	if err != nil {
		t.Fatal(err)
	}
	readAll(res)
	page := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(page, fund+"/actuals/") {
		t.Fatalf("web import %d, Location %q", res.StatusCode, page)
	}
	webDone := apiUpload(t, officer, base+"/api/v1"+page)
	if webDone.State != money.UploadDone || webDone.FileName != "web.csv" || webDone.Result.Rows != 1 {
		t.Fatalf("the web's upload through the API: %+v", webDone)
	}
	// The page of the API's upload says what the API says.
	res, err = officer.Get(base + fund + "/actuals/" + itoa(apiDone.ID))
	if err != nil {
		t.Fatal(err)
	}
	html := readAll(res)
	if res.StatusCode != http.StatusOK || !strings.Contains(html, "2 actuals posted to the ledger") || !strings.Contains(html, "£10.05") ||
		!strings.Contains(html, "import "+itoa(apiDone.Result.ImportID)) {
		t.Errorf("page of the API's upload %d: %.600s", res.StatusCode, html)
	}
	// A bad file queues nothing, from either door.
	req, _ = http.NewRequest(http.MethodPost, base+"/api/v1"+fund+"/actuals", strings.NewReader("period,scheme,amount\n2025-09,S09,1.00\n"))
	req.Header.Set("Content-Type", "text/csv")
	res, err = officer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "body[2].scheme") {
		t.Errorf("bad file through the API %d: %s", res.StatusCode, body)
	}
	ups, err := f.srv.Store.MoneyActualsUploads(t.Context(), m.fund.ID, 10)
	must(t, err)
	if len(ups) != 3 { // the matrix's kept upload and the two above
		t.Errorf("%d uploads kept, want 3", len(ups))
	}
}

// apiUpload reads an upload through the API until it has ended (the
// deadline is a hang guard, not a speed bound).
func apiUpload(t *testing.T, c *http.Client, url string) money.ActualsUpload {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(res)
		var up money.ActualsUpload
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &up) != nil {
			t.Fatalf("GET %s: %d %s", url, res.StatusCode, body)
		}
		if up.State.Finished() || time.Now().After(deadline) {
			return up
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A fund whose imports already fill the queue refuses another from both
// doors with the same sentence: the API with a 409 problem whose location
// is the body (the file), the page with 409 on its file field. Nothing is
// kept; an import ending frees a place.
func TestActualsCapThroughBothDoors(t *testing.T) {
	checkActualsCap(t, newFixture(t))
}

func TestActualsCapThroughBothDoorsOnPostgres(t *testing.T) {
	checkActualsCap(t, newFixtureOn(t, postgresServer(t)))
}

func checkActualsCap(t *testing.T, f *fixture) {
	m := moneyWorld(t, f)
	fnd := m.actualsFund(t, f)
	officer, _ := f.srv.As(t, auth.RoleOfficer, f.p.ID, false)
	fund := "/money/funds/" + itoa(fnd.ID)
	var waiting []money.ActualsUpload
	for range money.MaxPendingUploads { // kept, never queued: they wait
		up, err := f.srv.Store.CreateMoneyActualsUpload(t.Context(), storeSystem, fnd.ID, "waiting.csv", []byte("period,scheme,amount\n2025-06,S01,1.00\n"), 1, 100)
		must(t, err)
		waiting = append(waiting, up)
	}
	csv := "period,scheme,amount\n2025-09,S01,10.00\n"
	post := func() (int, string, string) {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/api/v1"+fund+"/actuals?file_name=more.csv", strings.NewReader(csv))
		req.Header.Set("Content-Type", "text/csv")
		res, err := officer.Do(req)
		must(t, err)
		return res.StatusCode, res.Header.Get("Content-Type"), readAll(res)
	}
	status, ctype, body := post()
	var p problemBody
	if status != http.StatusConflict || ctype != "application/problem+json" || json.Unmarshal([]byte(body), &p) != nil || len(p.Errors) != 1 ||
		p.Errors[0].Location != "body" || p.Errors[0].Message != money.ErrTooManyUploads.Error() || strings.Contains(body, "store:") {
		t.Fatalf("API upload to a full fund: %d %s %s", status, ctype, body)
	}

	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "more.csv")
	io.WriteString(fw, csv)
	mw.Close()
	res, err := officer.Post(f.srv.URL+fund+"/actuals", mw.FormDataContentType(), &form)
	must(t, err)
	html := readAll(res)
	if res.StatusCode != http.StatusConflict || !strings.Contains(html, `id="file-error"`) || !strings.Contains(html, money.ErrTooManyUploads.Error()) {
		t.Fatalf("web upload to a full fund %d: %.600s", res.StatusCode, html)
	}
	ups, err := f.srv.Store.MoneyActualsUploads(t.Context(), fnd.ID, 10)
	must(t, err)
	if len(ups) != money.MaxPendingUploads {
		t.Errorf("%d uploads kept, want %d", len(ups), money.MaxPendingUploads)
	}
	// One ends: the next is taken.
	must(t, f.srv.Store.FailMoneyActualsUpload(t.Context(), waiting[0].ID, "stopped", nil))
	if status, _, body := post(); status != http.StatusAccepted {
		t.Errorf("API upload after one ended: %d %s", status, body)
	}
}
