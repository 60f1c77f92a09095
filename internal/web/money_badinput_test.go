package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

// TestMoneyBadInput sends malformed values to every Money form: missing
// fields, amounts that are not pounds and pence, unknown IDs, months
// outside the year, money beyond what is available. Each gets a 4xx page
// whose error summary links to each field at fault, with the field's own
// message; never a 500, and nothing is stored.
func TestMoneyBadInput(t *testing.T) {
	srv, w := moneyServer(t)
	officer, _ := srv.As(t, auth.RoleOfficer, w.Partnership.ID, false)
	ctx := context.Background()
	fund := "/money/funds/" + strconv.FormatInt(w.Fund.ID, 10)
	pid := strconv.FormatInt(w.Partnership.ID, 10)
	council := strconv.FormatInt(w.Council.ID, 10)
	icb := strconv.FormatInt(w.ICB.ID, 10)
	s1 := strconv.FormatInt(w.Schemes[0].ID, 10)
	s3 := strconv.FormatInt(w.Schemes[2].ID, 10)
	if err := srv.Store.CloseMoneyPeriod(ctx, store.System, w.Fund.ID, "2025-04"); err != nil {
		t.Fatal(err)
	}
	before, err := srv.Store.MoneyLedger(ctx, w.Fund.ID, store.MoneyLedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 201)
	type form = map[string]string
	scheme := func(over form) form {
		f := form{"ref": "S09", "name": "Falls service", "scheme_type": "Prevention and early intervention", "expenditure_category": "Adult social care",
			"commissioner_org_id": council, "provider_org_id": council, "starts_on-day": "1", "starts_on-month": "4", "starts_on-year": "2025",
			"ends_on-day": "31", "ends_on-month": "3", "ends_on-year": "2026", "priority": "4"}
		for k, v := range over {
			f[k] = v
		}
		return f
	}
	tests := []struct {
		name   string
		path   string
		values form
		fields []string // "field" or "field=the id the summary links to"
	}{
		{"fund missing", "/money/funds/new", form{}, []string{"partnership_id", "name", "financial_year", "host_org_id", "manager_name"}},
		{"fund wrong year and kind", "/money/funds/new", form{"partnership_id": pid, "name": "F", "financial_year": "2025/26", "kind": "lottery", "host_org_id": council, "manager_name": "M"},
			[]string{"financial_year", "kind"}},
		{"fund overlong name", "/money/funds/new", form{"partnership_id": pid, "name": long, "financial_year": "2025-26", "kind": "bcf", "host_org_id": council, "manager_name": "M"}, []string{"name"}},
		{"fund unknown host", "/money/funds/new", form{"partnership_id": pid, "name": "F", "financial_year": "2025-26", "kind": "bcf", "host_org_id": "999999", "manager_name": "M"}, []string{"host_org_id"}},
		{"fund host not a number", "/money/funds/new", form{"partnership_id": pid, "name": "F", "financial_year": "2025-26", "kind": "bcf", "host_org_id": "council", "manager_name": "M"}, []string{"host_org_id"}},

		{"contribution missing", fund + "/contributions", form{}, []string{"partner_org_id", "source", "basis", "schedule", "amount"}},
		{"contribution amount not pounds", fund + "/contributions", form{"partner_org_id": icb, "source": "nhs_minimum", "basis": "condition", "schedule": "monthly", "amount": "12.345"}, []string{"amount"}},
		{"contribution amount words", fund + "/contributions", form{"partner_org_id": icb, "source": "nhs_minimum", "basis": "condition", "schedule": "monthly", "amount": "three million"}, []string{"amount"}},
		{"contribution negative", fund + "/contributions", form{"partner_org_id": icb, "source": "nhs_minimum", "basis": "condition", "schedule": "monthly", "amount": "-5"}, []string{"amount"}},
		{"contribution unknown codes", fund + "/contributions", form{"partner_org_id": icb, "source": "lottery", "basis": "whim", "schedule": "yearly", "amount": "5"}, []string{"source", "basis", "schedule"}},
		{"contribution unknown partner", fund + "/contributions", form{"partner_org_id": "999999", "source": "dfg", "basis": "condition", "schedule": "monthly", "amount": "5"}, []string{"partner_org_id"}},

		{"scheme missing", fund + "/schemes", form{}, []string{"ref", "name", "scheme_type", "expenditure_category", "commissioner_org_id", "provider_org_id", "starts_on=starts_on-day", "ends_on=ends_on-day", "priority"}},
		{"scheme type from another year", fund + "/schemes", scheme(form{"scheme_type": "Carers Services", "expenditure_category": "Spaceships"}), []string{"scheme_type", "expenditure_category"}},
		{"scheme ends before it starts", fund + "/schemes", scheme(form{"ends_on-year": "2024"}), []string{"ends_on=ends_on-day"}},
		{"scheme impossible date", fund + "/schemes", scheme(form{"starts_on-day": "31", "starts_on-month": "2"}), []string{"starts_on=starts_on-day"}},
		{"scheme priority not a number", fund + "/schemes", scheme(form{"priority": "first"}), []string{"priority"}},
		{"scheme unknown provider", fund + "/schemes", scheme(form{"provider_org_id": "999999"}), []string{"provider_org_id"}},
		{"scheme duplicate ref", fund + "/schemes", scheme(form{"ref": "S01"}), []string{"ref"}},

		{"posting missing", fund + "/ledger", form{}, []string{"kind", "scheme_id", "period", "amount"}},
		{"posting a contribution", fund + "/ledger", form{"kind": "contribution", "scheme_id": s1, "period": "2025-05", "amount": "10"}, []string{"kind"}},
		{"posting outside the year", fund + "/ledger", form{"kind": "actual", "scheme_id": s1, "period": "2024-05", "amount": "10"}, []string{"period"}},
		{"posting in a closed month", fund + "/ledger", form{"kind": "actual", "scheme_id": s1, "period": "2025-04", "amount": "10"}, []string{"period"}},
		{"posting unknown scheme", fund + "/ledger", form{"kind": "actual", "scheme_id": "999999", "period": "2025-05", "amount": "10"}, []string{"scheme_id"}},
		{"commitment beyond the budget", fund + "/ledger", form{"kind": "commitment", "scheme_id": s3, "period": "2025-05", "amount": "2500000.01"}, []string{"amount"}},
		{"budget beyond the fund", fund + "/ledger", form{"kind": "budget", "scheme_id": s3, "period": "2025-05", "amount": "2500000.01"}, []string{"amount"}},
		{"posting overlong reference", fund + "/ledger", form{"kind": "actual", "scheme_id": s1, "period": "2025-05", "amount": "10", "reference": long}, []string{"reference"}},

		{"close missing", fund + "/periods/close", form{}, []string{"close_period"}},
		{"close outside the year", fund + "/periods/close", form{"close_period": "2030-01"}, []string{"close_period"}},
		{"close twice", fund + "/periods/close", form{"close_period": "2025-04"}, []string{"close_period"}},

		{"agreement missing", fund + "/agreement", form{}, []string{"host_org_id", "parties", "risk_share"}},
		{"agreement bad terms", fund + "/agreement", form{"host_org_id": council, "parties": council, "risk_share": "hope", "risk_pool": "lots", "termination_notice_months": "0", "scheme_notice_months": "x"},
			[]string{"parties", "risk_share", "risk_pool", "termination_notice_months", "scheme_notice_months"}},

		{"variation missing", fund + "/agreement/variations", form{}, []string{"description", "agreed_by"}},
		{"variation not every partner", fund + "/agreement/variations", form{"description": "ICB may leave early", "agreed_by": icb}, []string{"agreed_by"}},
		{"variation bad date", fund + "/agreement/variations", form{"description": "D", "agreed_by": icb, "effective_on-day": "40", "effective_on-month": "1", "effective_on-year": "2026"}, []string{"effective_on=effective_on-day"}},

		{"sign-off missing", fund + "/sign-off", form{}, []string{"signature", "signer_name", "version"}},
		{"sign-off not needed", fund + "/sign-off", form{"signature": strconv.FormatInt(w.Trust.ID, 10) + ":chief_executive", "signer_name": "A", "version": "1"}, []string{"signature"}},
		{"sign-off stale version", fund + "/sign-off", form{"signature": icb + ":chief_executive", "signer_name": "A", "version": "99"}, []string{"version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{}
			for k, val := range tt.values {
				v.Set(k, val)
			}
			resp, err := officer.PostForm(srv.URL+tt.path, v)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			checkMoneyNamed(t, resp.StatusCode, body, tt.fields)
		})
	}
	icbPartner := "partner_org_id=" + icb
	for _, tt := range []struct {
		query  string
		fields []string
	}{
		{"partner_org_id=", []string{"partner_org_id", "amount", "notice_on=notice_on-day", "notice_days"}},
		{icbPartner + "&amount=3m&notice_on-day=1&notice_on-month=13&notice_on-year=2026&notice_days=-1", []string{"amount", "notice_on=notice_on-day", "notice_days"}},
		{"partner_org_id=" + strconv.FormatInt(w.Trust.ID, 10) + "&amount=10&notice_on-day=1&notice_on-month=1&notice_on-year=2026&notice_days=14", []string{"partner_org_id"}},
		{icbPartner + "&amount=99000000&notice_on-day=1&notice_on-month=1&notice_on-year=2026&notice_days=14", []string{"amount"}},
		{icbPartner + "&amount=10&notice_on-day=1&notice_on-month=1&notice_on-year=2026&notice_days=14&variation_id=999999", []string{"variation_id"}},
	} {
		t.Run("what if "+tt.query, func(t *testing.T) {
			resp, err := officer.Get(srv.URL + fund + "/what-if?" + tt.query)
			if err != nil {
				t.Fatal(err)
			}
			checkMoneyNamed(t, resp.StatusCode, readBody(t, resp), tt.fields)
		})
	}
	t.Run("scenario without a name", func(t *testing.T) {
		resp, err := officer.PostForm(srv.URL+fund+"/scenarios", url.Values{"partner_org_id": {icb}, "amount": {"10"}, "notice_on-day": {"1"},
			"notice_on-month": {"1"}, "notice_on-year": {"2026"}, "notice_days": {"14"}, "name": {"  "}})
		if err != nil {
			t.Fatal(err)
		}
		checkMoneyNamed(t, resp.StatusCode, readBody(t, resp), []string{"name"})
	})
	t.Run("scenario missing everything", func(t *testing.T) {
		resp, err := officer.PostForm(srv.URL+fund+"/scenarios", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		checkMoneyNamed(t, resp.StatusCode, readBody(t, resp), []string{"partner_org_id", "amount", "notice_on=notice_on-day", "notice_days", "name"})
	})
	t.Run("actuals without a file", func(t *testing.T) {
		r := postFile(t, officer, srv.URL+fund+"/actuals", "", "")
		checkMoneyNamed(t, r.status, r.body, []string{"file"})
	})
	t.Run("actuals not a form", func(t *testing.T) {
		resp, err := officer.PostForm(srv.URL+fund+"/actuals", url.Values{"file": {"x"}})
		if err != nil {
			t.Fatal(err)
		}
		checkMoneyNamed(t, resp.StatusCode, readBody(t, resp), []string{"file"})
	})
	t.Run("actuals that do not parse", func(t *testing.T) {
		r := postFile(t, officer, srv.URL+fund+"/actuals", "actuals.csv",
			"period,scheme,amount\n2025-05,S01,100.00\n2025-13,S01,ten\n")
		checkMoneyNamed(t, r.status, r.body, []string{"file"})
		for _, want := range []string{`id="row-errors"`, ">3<", "period", "amount"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("row report lacks %q\n%s", want, errorSummary(r.body))
			}
		}
	})
	t.Run("actuals the fund refuses", func(t *testing.T) {
		r := postFile(t, officer, srv.URL+fund+"/actuals", "actuals.csv",
			"period,scheme,amount\n2025-05,S01,100.00\n2025-05,S99,100.00\n2025-04,S01,5.00\n")
		checkMoneyNamed(t, r.status, r.body, []string{"file"})
		for _, want := range []string{`id="row-errors"`, ">3<", "S99", ">4<", "closed"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("row report lacks %q\n%s", want, errorSummary(r.body))
			}
		}
	})
	t.Run("actuals with only a header", func(t *testing.T) {
		r := postFile(t, officer, srv.URL+fund+"/actuals", "actuals.csv", "period,scheme,amount\n")
		checkMoneyNamed(t, r.status, r.body, []string{"file"})
	})
	t.Run("a reversal of an unknown posting", func(t *testing.T) {
		resp, err := officer.PostForm(srv.URL+fund+"/ledger/999999/reverse", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		if resp.StatusCode != 404 {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
	t.Run("a reversal in a month that is not one", func(t *testing.T) {
		resp, err := officer.PostForm(srv.URL+fund+"/ledger/"+strconv.FormatInt(before[len(before)-1].ID, 10)+"/reverse", url.Values{"period": {"April"}})
		if err != nil {
			t.Fatal(err)
		}
		checkMoneyNamed(t, resp.StatusCode, readBody(t, resp), []string{"period"})
	})
	after, err := srv.Store.MoneyLedger(ctx, w.Fund.ID, store.MoneyLedgerFilter{})
	if err != nil || len(after) != len(before) {
		t.Errorf("bad input changed the ledger: %d postings before, %d after (%v)", len(before), len(after), err)
	}
	funds, err := srv.Store.MoneyFunds(ctx, w.Partnership.ID)
	if err != nil || len(funds) != 1 {
		t.Errorf("bad input made a fund: %v %v", funds, err)
	}
}

// checkMoneyNamed asserts a 4xx page whose error summary links to each
// field ("field", or "field=id" when the link goes to another element,
// such as a date's day box) and shows the field's own message.
func checkMoneyNamed(t *testing.T, status int, body string, fields []string) {
	t.Helper()
	if status < 400 || status >= 500 {
		t.Fatalf("status %d, want 4xx\n%s", status, errorSummary(body))
	}
	if !strings.Contains(body, "govuk-error-summary") {
		t.Fatalf("no error summary\n%s", snippet(body))
	}
	for _, f := range fields {
		field, link, ok := strings.Cut(f, "=")
		if !ok {
			link = field
		}
		if !strings.Contains(body, `href="#`+link+`"`) {
			t.Errorf("error summary does not link to #%s\n%s", link, errorSummary(body))
		}
		if field != "version" && !strings.Contains(body, `id="`+field+`-error"`) {
			t.Errorf("field %s shows no error message", field)
		}
	}
}
