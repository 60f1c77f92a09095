package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// A good file of actuals is queued, not posted in the request: the form
// sends the officer to the import's status page, which follows the River
// job until every row is posted.
func TestMoneyActualsImportRunsInTheBackground(t *testing.T) {
	srv, w := moneyServer(t)
	officer, _ := srv.As(t, auth.RoleOfficer, w.Partnership.ID, false)
	ctx := context.Background()
	fund := "/money/funds/" + strconv.FormatInt(w.Fund.ID, 10)
	before, err := srv.Store.MoneyLedger(ctx, w.Fund.ID, store.MoneyLedgerFilter{Kind: money.KindActual})
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "august.csv")
	fw.Write([]byte("period,scheme,amount,reference\n2025-08,S01,700000.00,INV-801\n2025-08,S02,12.34,INV-802\n"))
	mw.Close()
	res, err := officer.Post(srv.URL+fund+"/actuals", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, fund+"/actuals/") {
		t.Fatalf("upload answered %d, Location %q", res.StatusCode, loc)
	}
	// The page refreshes itself until the job has posted the file (a hang
	// guard, not a speed bound).
	deadline := time.Now().Add(2 * time.Minute)
	var status int
	var page string
	var header http.Header
	for {
		status, page, header = needsGet(t, officer, srv.URL+loc)
		if status != http.StatusOK {
			t.Fatalf("status page %d: %.400s", status, page)
		}
		if header.Get("Refresh") == "" || time.Now().After(deadline) {
			break
		}
		if !strings.Contains(page, "Stop updating this page") {
			t.Fatalf("a refreshing page offers no way to stop it: %.600s", page)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(page, "2 actuals posted to the ledger") || !strings.Contains(page, "£700,012.34") {
		t.Fatalf("finished page (Refresh %q): %.800s", header.Get("Refresh"), page)
	}
	after, _ := srv.Store.MoneyLedger(ctx, w.Fund.ID, store.MoneyLedgerFilter{Kind: money.KindActual})
	if len(after) != len(before)+2 {
		t.Errorf("%d actuals after the import, want %d", len(after), len(before)+2)
	}
	// The form lists it among the latest imports.
	if _, form, _ := needsGet(t, officer, srv.URL+fund+"/actuals"); !strings.Contains(form, `href="`+loc+`"`) || !strings.Contains(form, "posted") {
		t.Errorf("the form does not link to the import: %.800s", form)
	}
}

// The status page while waiting refreshes and can be stopped; a failed
// import lists its rows and columns and stops refreshing; another fund's
// upload is not found.
func TestMoneyActualsStatusPage(t *testing.T) {
	srv, w := moneyServer(t)
	officer, _ := srv.As(t, auth.RoleOfficer, w.Partnership.ID, false)
	ctx := context.Background()
	fund := "/money/funds/" + strconv.FormatInt(w.Fund.ID, 10)
	// Kept but never queued: it waits for a worker for ever.
	up, err := srv.Store.CreateMoneyActualsUpload(ctx, store.System, w.Fund.ID, "waiting.csv", []byte("period,scheme,amount\n2025-08,S01,1.00\n"), 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	page := fund + "/actuals/" + strconv.FormatInt(up.ID, 10)
	status, body, header := needsGet(t, officer, srv.URL+page)
	if status != http.StatusOK || header.Get("Refresh") != "2" || !strings.Contains(body, "waiting for a worker") || !strings.Contains(body, "?refresh=off\">Stop updating this page") {
		t.Fatalf("queued upload page %d, Refresh %q: %.800s", status, header.Get("Refresh"), body)
	}
	status, body, header = needsGet(t, officer, srv.URL+page+"?refresh=off")
	if status != http.StatusOK || header.Get("Refresh") != "" || !strings.Contains(body, "Check progress now") {
		t.Fatalf("page with refresh off %d, Refresh %q: %.600s", status, header.Get("Refresh"), body)
	}
	if err := srv.Store.FailMoneyActualsUpload(ctx, up.ID, "The file has a problem at row 2, column period: The month 2025-08 is closed. Nothing was posted",
		[]validation.FieldError{{Row: 2, Field: "period", Message: "The month 2025-08 is closed"}}); err != nil {
		t.Fatal(err)
	}
	status, body, header = needsGet(t, officer, srv.URL+page)
	if status != http.StatusOK || header.Get("Refresh") != "" || !strings.Contains(body, "Import of actuals failed") || !strings.Contains(body, `id="row-errors"`) ||
		!strings.Contains(body, "The month 2025-08 is closed") {
		t.Errorf("failed upload page %d, Refresh %q: %.800s", status, header.Get("Refresh"), body)
	}
	// Under another fund's address, the upload does not exist.
	other, err := srv.Store.CreateMoneyFund(ctx, store.System, money.Fund{PartnershipID: w.Partnership.ID, FinancialYear: "2025-26", Name: "Another fund",
		Kind: money.FundBCF, HostOrgID: w.Council.ID, ManagerName: "Pat Pooled"})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/money/funds/" + strconv.FormatInt(other.ID, 10) + "/actuals/" + strconv.FormatInt(up.ID, 10), fund + "/actuals/999999", fund + "/actuals/x"} {
		if status, _, _ := needsGet(t, officer, srv.URL+path); status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, status)
		}
	}
}

// A fund whose imports of actuals already fill the queue keeps no more:
// the form says so on the file field, above the button, with 409, and
// nothing is kept or queued.
func TestMoneyActualsFormWhenTheFundHasEnoughWaiting(t *testing.T) {
	srv, w := moneyServer(t)
	officer, _ := srv.As(t, auth.RoleOfficer, w.Partnership.ID, false)
	ctx := context.Background()
	fund := "/money/funds/" + strconv.FormatInt(w.Fund.ID, 10)
	// Kept but never queued: they wait for ever.
	for range money.MaxPendingUploads {
		if _, err := srv.Store.CreateMoneyActualsUpload(ctx, store.System, w.Fund.ID, "waiting.csv", []byte("period,scheme,amount\n2025-08,S01,1.00\n"), 1, 100); err != nil {
			t.Fatal(err)
		}
	}
	r := postFile(t, officer, srv.URL+fund+"/actuals", "one-more.csv", "period,scheme,amount\n2025-08,S01,2.00\n")
	if r.status != http.StatusConflict {
		t.Fatalf("status %d, want 409\n%s", r.status, errorSummary(r.body))
	}
	checkMoneyNamed(t, r.status, r.body, []string{"file"})
	msg := "The CSV file of actuals was not uploaded: the fund already has " + strconv.Itoa(money.MaxPendingUploads) + " imports of actuals waiting"
	if !strings.Contains(errorSummary(r.body), msg) {
		t.Errorf("the error summary lacks %q\n%s", msg, errorSummary(r.body))
	}
	fieldErr, button := strings.Index(r.body, `id="file-error"`), strings.Index(r.body, ">Import actuals</button>")
	if fieldErr < 0 || button < 0 || fieldErr > button || !strings.Contains(r.body[fieldErr:button], msg) {
		t.Errorf("the message is not on the file field above the button\n%s", snippet(r.body))
	}
	ups, err := srv.Store.MoneyActualsUploads(ctx, w.Fund.ID, 10)
	if err != nil || len(ups) != money.MaxPendingUploads {
		t.Errorf("%d uploads kept, want %d (%v)", len(ups), money.MaxPendingUploads, err)
	}
}

// The name the browser gives the file is kept with the upload for good
// (the file itself is dropped when the upload ends): at most
// money.MaxUploadFileName bytes of it, as the API's file_name allows, cut
// on a character's boundary, and the name's last part only.
func TestMoneyActualsFileNameKeptShort(t *testing.T) {
	srv, w := moneyServer(t)
	officer, _ := srv.As(t, auth.RoleOfficer, w.Partnership.ID, false)
	fund := "/money/funds/" + strconv.FormatInt(w.Fund.ID, 10)
	for _, tc := range []struct{ sent, want string }{
		{strings.Repeat("é", 150) + ".csv", strings.Repeat("é", 100)},
		{"C:\\Users\\pat\\august.csv", "august.csv"},
		{"../../etc/august.csv", "august.csv"},
	} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", tc.sent)
		fw.Write([]byte("period,scheme,amount\n2025-08,S01,1.00\n"))
		mw.Close()
		res, err := officer.Post(srv.URL+fund+"/actuals", mw.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		id, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), fund+"/actuals/"), 10, 64)
		if res.StatusCode != http.StatusSeeOther || err != nil {
			t.Fatalf("%.40q: upload answered %d, Location %q", tc.sent, res.StatusCode, res.Header.Get("Location"))
		}
		up, err := srv.Store.MoneyActualsUpload(context.Background(), id)
		if err != nil || up.FileName != tc.want {
			t.Errorf("%.40q kept as %.60q (%d bytes), want %.60q (%v)", tc.sent, up.FileName, len(up.FileName), tc.want, err)
		}
		// Wait for the job so that the fund's 3 waiting uploads are not
		// reached (a hang guard, not a speed bound).
		for deadline := time.Now().Add(2 * time.Minute); !up.State.Finished() && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			up, _ = srv.Store.MoneyActualsUpload(context.Background(), id)
		}
	}
}
