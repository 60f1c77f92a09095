package routetest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
)

// Money (issue 14, docs/money.md): a partnership's administrators,
// officers, analysts and board members read its pooled funds and model
// withdrawals; administrators and officers write; board members (chief
// executives) also sign the plan. The year's reference data is public.
var moneyRows = map[string]string{
	"GET /api/v1/partnerships/{id}/money/funds":                         "N N Y Y Y Y N Y N N",
	"POST /api/v1/partnerships/{id}/money/funds":                        "N N N Y Y Y N N N N",
	"GET /api/v1/money/funds/{fund_id}":                                 "N N Y Y Y Y N Y N N",
	"PUT /api/v1/money/funds/{fund_id}":                                 "N N N Y Y Y N N N N",
	"GET /api/v1/money/funds/{fund_id}/agreement":                       "N N Y Y Y Y N Y N N",
	"PUT /api/v1/money/funds/{fund_id}/agreement":                       "N N N Y Y Y N N N N",
	"POST /api/v1/money/funds/{fund_id}/agreement/variations":           "N N N Y Y Y N N N N",
	"GET /api/v1/money/funds/{fund_id}/contributions":                   "N N Y Y Y Y N Y N N",
	"POST /api/v1/money/funds/{fund_id}/contributions":                  "N N N Y Y Y N N N N",
	"GET /api/v1/money/funds/{fund_id}/schemes":                         "N N Y Y Y Y N Y N N",
	"POST /api/v1/money/funds/{fund_id}/schemes":                        "N N N Y Y Y N N N N",
	"PUT /api/v1/money/funds/{fund_id}/schemes/{scheme_id}":             "N N N Y Y Y N N N N",
	"GET /api/v1/money/reference/{year}":                                "Y Y Y Y Y Y Y Y Y Y",
	"GET /api/v1/money/funds/{fund_id}/ledger":                          "N N Y Y Y Y N Y N N",
	"POST /api/v1/money/funds/{fund_id}/postings":                       "N N N Y Y Y N N N N",
	"POST /api/v1/money/funds/{fund_id}/postings/{posting_id}/reversal": "N N N Y Y Y N N N N",
	"GET /api/v1/money/funds/{fund_id}/periods":                         "N N Y Y Y Y N Y N N",
	"POST /api/v1/money/funds/{fund_id}/periods":                        "N N N Y Y Y N N N N",
	"POST /api/v1/money/funds/{fund_id}/actuals":                        "N N N Y Y Y N N N N",
	"GET /api/v1/money/funds/{fund_id}/actuals/{upload_id}":             "N N N Y Y Y N N N N",
	"GET /api/v1/money/funds/{fund_id}/forecast":                        "N N Y Y Y Y N Y N N",
	"GET /api/v1/money/funds/{fund_id}/flows":                           "N N Y Y Y Y N Y N N",
	"GET /api/v1/money/funds/{fund_id}/waterfall":                       "N N Y Y Y Y N Y N N",
	"POST /api/v1/money/funds/{fund_id}/what-if":                        "N N Y Y Y Y N Y N N",
	"GET /api/v1/money/funds/{fund_id}/scenarios":                       "N N Y Y Y Y N Y N N",
	"POST /api/v1/money/funds/{fund_id}/scenarios":                      "N N N Y Y Y N N N N",
	"GET /api/v1/money/funds/{fund_id}/scenarios/{scenario_id}":         "N N Y Y Y Y N Y N N",
	"GET /api/v1/money/funds/{fund_id}/plan":                            "N N Y Y Y Y N Y N N",
	"POST /api/v1/money/funds/{fund_id}/plan/signoffs":                  "N N Y Y Y Y N N N N",
}

func init() { addModuleTable(moneyRows, moneyRequest) }

// moneyFix is a pooled fund of the fixture partnership: the council and an
// ICB under a section 75 agreement, £20m of contributions (£3m of it the
// ICB's voluntary money), two schemes and £10m budgeted to the first.
type moneyFix struct {
	icb, provider places.Organisation
	fund          money.Fund
	schemes       []money.Scheme
	scenario      money.Scenario
	upload        money.ActualsUpload // kept, never queued
}

var moneyFixtures sync.Map // *fixture → *moneyFix

func moneyWorld(t *testing.T, f *fixture) *moneyFix {
	t.Helper()
	if m, ok := moneyFixtures.Load(f); ok {
		return m.(*moneyFix)
	}
	ctx := context.Background()
	st := f.srv.Store
	m := &moneyFix{}
	var err error
	m.icb, err = st.CreateOrganisation(ctx, storeSystem, places.Organisation{Name: "Matrix ICB " + f.next(), Kind: places.OrgICB})
	must(t, err)
	m.provider, err = st.CreateOrganisation(ctx, storeSystem, places.Organisation{Name: "Matrix Home Care " + f.next(), Kind: places.OrgPrivate})
	must(t, err)
	m.fund = m.freshFund(t, f, true)
	for _, c := range []money.Contribution{
		{PartnerOrgID: m.icb.ID, Source: money.SourceNHSMinimum, Amount: money.Pounds(12_000_000)},
		{PartnerOrgID: m.icb.ID, Source: money.SourceAdditional, Amount: money.Pounds(3_000_000)},
		{PartnerOrgID: f.org.ID, Source: money.SourceLABCFGrant, Amount: money.Pounds(5_000_000)},
	} {
		c.FundID = m.fund.ID
		_, err := st.AddMoneyContribution(ctx, storeSystem, c)
		must(t, err)
	}
	for i, ref := range []string{"S01", "S02"} {
		s, err := st.CreateMoneyScheme(ctx, storeSystem, money.Scheme{FundID: m.fund.ID, Ref: ref, Name: "Scheme " + ref, SchemeType: "Home-based intermediate care",
			Category: "Adult social care", CommissionerOrgID: f.org.ID, ProviderOrgID: m.provider.ID, StartsOn: "2025-04-01", EndsOn: "2027-03-31", Priority: i + 1})
		must(t, err)
		m.schemes = append(m.schemes, s)
	}
	_, err = st.PostMoney(ctx, storeSystem, money.Posting{FundID: m.fund.ID, Kind: money.KindBudget, Period: "2025-04", SchemeID: m.schemes[0].ID, Amount: money.Pounds(10_000_000)})
	must(t, err)
	m.scenario, err = st.SaveMoneyScenario(ctx, storeSystem, money.Scenario{FundID: m.fund.ID, Name: "The ICB withdraws £3m at 14 days' notice",
		Withdrawal: money.Withdrawal{PartnerOrgID: m.icb.ID, Amount: money.Pounds(3_000_000), NoticeOn: "2026-01-01", NoticeDays: 14}})
	must(t, err)
	m.upload, err = st.CreateMoneyActualsUpload(ctx, storeSystem, m.fund.ID, "matrix.csv", []byte("period,scheme,amount\n2025-06,S01,1.00\n"), 1, 100)
	must(t, err)
	actual, _ := moneyFixtures.LoadOrStore(f, m)
	return actual.(*moneyFix)
}

// freshFund records a new fund of the fixture partnership, with the
// council and the ICB under an agreement when withAgreement.
func (m *moneyFix) freshFund(t *testing.T, f *fixture, withAgreement bool) money.Fund {
	t.Helper()
	ctx := context.Background()
	fund, err := f.srv.Store.CreateMoneyFund(ctx, storeSystem, money.Fund{PartnershipID: f.p.ID, FinancialYear: "2025-26", Name: "Matrix fund " + f.next(),
		HostOrgID: f.org.ID, ManagerName: "Pat Pooled"})
	must(t, err)
	if withAgreement {
		_, err = f.srv.Store.SaveMoneyAgreement(ctx, storeSystem, money.Agreement{FundID: fund.ID, HostOrgID: f.org.ID,
			Parties: []money.Party{{OrgID: f.org.ID}, {OrgID: m.icb.ID}}, RiskShare: money.RiskPool, RiskPool: money.Pounds(500_000)})
		must(t, err)
	}
	return fund
}

// actualsFund records a new fund with a scheme S01 to post actuals to.
func (m *moneyFix) actualsFund(t *testing.T, f *fixture) money.Fund {
	t.Helper()
	fund := m.freshFund(t, f, false)
	_, err := f.srv.Store.CreateMoneyScheme(context.Background(), storeSystem, money.Scheme{FundID: fund.ID, Ref: "S01", Name: "Scheme S01",
		SchemeType: "Home-based intermediate care", Category: "Adult social care", CommissionerOrgID: f.org.ID, ProviderOrgID: m.provider.ID,
		StartsOn: "2025-04-01", EndsOn: "2027-03-31", Priority: 1})
	must(t, err)
	return fund
}

func moneyRequest(t *testing.T, f *fixture, method, pattern string) probe {
	m := moneyWorld(t, f)
	fundID := m.fund.ID
	const js = "application/json"
	body := ""
	ctype := js
	switch method + " " + pattern {
	case "POST /api/v1/partnerships/{id}/money/funds":
		body = fmt.Sprintf(`{"financial_year":"2025-26","name":"Probe fund %s","host_org_id":%d,"manager_name":"Pat Pooled"}`, f.next(), f.org.ID)
	case "PUT /api/v1/money/funds/{fund_id}":
		body = fmt.Sprintf(`{"name":%q,"host_org_id":%d,"manager_name":"Pat Pooled"}`, m.fund.Name, f.org.ID)
	case "PUT /api/v1/money/funds/{fund_id}/agreement":
		body = fmt.Sprintf(`{"host_org_id":%d,"parties":[{"org_id":%d,"fixed_share_bp":0},{"org_id":%d,"fixed_share_bp":0}],"risk_share":"risk_pool","risk_pool_pence":50000000}`, f.org.ID, f.org.ID, m.icb.ID)
	case "POST /api/v1/money/funds/{fund_id}/agreement/variations":
		body = fmt.Sprintf(`{"description":"Probe variation %s","effective_on":"2026-01-15","agreed_by":[%d,%d]}`, f.next(), f.org.ID, m.icb.ID)
	case "POST /api/v1/money/funds/{fund_id}/contributions":
		body = fmt.Sprintf(`{"partner_org_id":%d,"source":"discharge","amount_pence":100}`, f.org.ID)
	case "POST /api/v1/money/funds/{fund_id}/schemes", "PUT /api/v1/money/funds/{fund_id}/schemes/{scheme_id}":
		ref := "P" + f.next()
		if method == http.MethodPut {
			ref = m.schemes[1].Ref
		}
		body = fmt.Sprintf(`{"ref":%q,"name":"Probe scheme","scheme_type":"Unpaid carers","expenditure_category":"Adult social care","commissioner_org_id":%d,"provider_org_id":%d,"starts_on":"2025-04-01","ends_on":"2026-03-31","priority":5}`,
			ref, f.org.ID, m.provider.ID)
	case "POST /api/v1/money/funds/{fund_id}/postings":
		body = fmt.Sprintf(`{"kind":"commitment","period":"2025-06","scheme_id":%d,"amount_pence":100,"reference":"C-probe"}`, m.schemes[0].ID)
	case "POST /api/v1/money/funds/{fund_id}/postings/{posting_id}/reversal":
		p, err := f.srv.Store.PostMoney(context.Background(), storeSystem, money.Posting{FundID: fundID, Kind: money.KindActual, Period: "2025-07", SchemeID: m.schemes[0].ID, Amount: 100})
		must(t, err)
		pattern = strings.ReplaceAll(pattern, "{posting_id}", itoa(p.ID))
		body = `{"memo":"keyed twice"}`
	case "POST /api/v1/money/funds/{fund_id}/periods":
		fundID = m.freshFund(t, f, false).ID
		body = `{"period":"2025-04"}`
	case "POST /api/v1/money/funds/{fund_id}/actuals":
		// A fund of its own for each probe: one fund keeps at most
		// money.MaxPendingUploads imports waiting, and the matrix's
		// fund already has one that never runs.
		fundID = m.actualsFund(t, f).ID
		ctype = "text/csv"
		body = "period,scheme,amount,reference\n2025-06,S01,1.00,INV-probe\n"
	case "POST /api/v1/money/funds/{fund_id}/what-if":
		body = fmt.Sprintf(`{"partner_org_id":%d,"amount_pence":100000000,"notice_on":"2026-01-01","notice_days":14}`, m.icb.ID)
	case "POST /api/v1/money/funds/{fund_id}/scenarios":
		body = fmt.Sprintf(`{"name":"Probe scenario","withdrawal":{"partner_org_id":%d,"amount_pence":100000000,"notice_on":"2026-01-01","notice_days":14}}`, m.icb.ID)
	case "POST /api/v1/money/funds/{fund_id}/plan/signoffs":
		fundID = m.freshFund(t, f, true).ID
		body = fmt.Sprintf(`{"version":1,"org_id":%d,"role":"chief_executive","signer_name":"Chief Executive"}`, f.org.ID)
	}
	path := strings.NewReplacer("{id}", itoa(f.p.ID), "{fund_id}", itoa(fundID), "{scheme_id}", itoa(m.schemes[1].ID),
		"{scenario_id}", itoa(m.scenario.ID), "{upload_id}", itoa(m.upload.ID), "{year}", "2025-26").Replace(pattern)
	p := probe{method: method, path: path}
	if method != http.MethodGet && method != http.MethodDelete {
		p.contentType, p.body = ctype, body
	}
	return p
}
