package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
)

// oneConsultation is a Voice consultation as Money sees it, open until
// closed is set.
type oneConsultation struct{ closed atomic.Bool }

func (c *oneConsultation) MoneyConsultationStatus(_ context.Context, id int64) (money.ConsultationStatus, error) {
	return money.ConsultationStatus{ID: id, Title: "Carers' breaks in Hartlepool", Closed: c.closed.Load()}, nil
}

// TestMoneyConsultBeforeAllocatingPage: with the fund's rule on, the
// ledger form refuses a commitment to a scheme whose consultation is still
// open, naming the consultation on the scheme field; once it has closed the
// same form commits the money.
func TestMoneyConsultBeforeAllocatingPage(t *testing.T) {
	srv, w := moneyServer(t)
	ctx := context.Background()
	consult := &oneConsultation{}
	f := w.Fund
	f.ConsultBeforeAllocating = true
	if _, err := srv.Store.UpdateMoneyFund(ctx, store.System, f); err != nil {
		t.Fatal(err)
	}
	s := w.Schemes[2]
	s.ConsultationID = 42
	if _, err := srv.Store.UpdateMoneyScheme(ctx, store.System, s); err != nil {
		t.Fatal(err)
	}
	officer, _ := srv.As(t, auth.RoleOfficer, w.Partnership.ID, false)
	ledger := srv.URL + "/money/funds/" + strconv.FormatInt(f.ID, 10) + "/ledger"
	commit := url.Values{"kind": {"commitment"}, "scheme_id": {strconv.FormatInt(s.ID, 10)}, "period": {"2025-05"}, "amount": {"1000.00"}}
	// Before Voice is wired in, nothing can say the consultation closed:
	// refused, on the scheme field, not a server error.
	resp, err := officer.PostForm(ledger, commit)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	checkMoneyNamed(t, resp.StatusCode, body, []string{"scheme_id"})

	srv.Store.SetMoneyConsultations(consult)
	resp, err = officer.PostForm(ledger, commit)
	if err != nil {
		t.Fatal(err)
	}
	body = readBody(t, resp)
	checkMoneyNamed(t, resp.StatusCode, body, []string{"scheme_id"})
	if !strings.Contains(body, "Carers&#39; breaks in Hartlepool") || !strings.Contains(body, "still open") {
		t.Errorf("the refusal does not name the open consultation:\n%s", errorSummary(body))
	}

	consult.closed.Store(true)
	client := *officer
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = client.PostForm(ledger, commit)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("after the consultation closed: status %d, want 303", resp.StatusCode)
	}
	pos, err := srv.Store.MoneyPosition(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range pos.Schemes {
		if sp.SchemeID == s.ID && sp.Committed != money.Pounds(1000) {
			t.Errorf("committed to the scheme: %s, want £1,000.00", sp.Committed)
		}
	}
}
