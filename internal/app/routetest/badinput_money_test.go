package routetest

import (
	"fmt"
	"testing"
)

func init() { moduleBadCases = append(moduleBadCases, moneyBadCases) }

// moneyBadCases are the malformed money requests (internal/api/money_*.go),
// sent by a global administrator.
func moneyBadCases(t *testing.T, f *fixture) []badCase {
	m := moneyWorld(t, f)
	fund := fmt.Sprintf("/api/v1/money/funds/%d", m.fund.ID)
	const none = "/api/v1/money/funds/999999"
	p := fmt.Sprintf("/api/v1/partnerships/%d/money/funds", f.p.ID)
	validFund := fmt.Sprintf(`"host_org_id":%d,"manager_name":"Pat Pooled"`, f.org.ID)
	parties := fmt.Sprintf(`[{"org_id":%d,"fixed_share_bp":0},{"org_id":%d,"fixed_share_bp":0}]`, f.org.ID, m.icb.ID)
	scheme := func(ref, typ, ends string) string {
		return fmt.Sprintf(`{"ref":%q,"name":"Bad scheme","scheme_type":%q,"expenditure_category":"Adult social care","commissioner_org_id":%d,"provider_org_id":%d,"starts_on":"2025-04-01","ends_on":%q,"priority":3}`,
			ref, typ, f.org.ID, m.provider.ID, ends)
	}
	withdraw := func(amount, notice string) string {
		return fmt.Sprintf(`{"partner_org_id":%d,"amount_pence":%s,"notice_on":%q,"notice_days":14}`, m.icb.ID, amount, notice)
	}
	const (
		list     = "GET /api/v1/partnerships/{id}/money/funds"
		create   = "POST /api/v1/partnerships/{id}/money/funds"
		get      = "GET /api/v1/money/funds/{fund_id}"
		update   = "PUT /api/v1/money/funds/{fund_id}"
		getAg    = "GET /api/v1/money/funds/{fund_id}/agreement"
		saveAg   = "PUT /api/v1/money/funds/{fund_id}/agreement"
		vary     = "POST /api/v1/money/funds/{fund_id}/agreement/variations"
		contribs = "GET /api/v1/money/funds/{fund_id}/contributions"
		addC     = "POST /api/v1/money/funds/{fund_id}/contributions"
		schemes  = "GET /api/v1/money/funds/{fund_id}/schemes"
		addS     = "POST /api/v1/money/funds/{fund_id}/schemes"
		putS     = "PUT /api/v1/money/funds/{fund_id}/schemes/{scheme_id}"
		ref      = "GET /api/v1/money/reference/{year}"
		ledger   = "GET /api/v1/money/funds/{fund_id}/ledger"
		post     = "POST /api/v1/money/funds/{fund_id}/postings"
		reverse  = "POST /api/v1/money/funds/{fund_id}/postings/{posting_id}/reversal"
		periods  = "GET /api/v1/money/funds/{fund_id}/periods"
		closeP   = "POST /api/v1/money/funds/{fund_id}/periods"
		actuals  = "POST /api/v1/money/funds/{fund_id}/actuals"
		upload   = "GET /api/v1/money/funds/{fund_id}/actuals/{upload_id}"
		forecast = "GET /api/v1/money/funds/{fund_id}/forecast"
		waterf   = "GET /api/v1/money/funds/{fund_id}/waterfall"
		flows    = "GET /api/v1/money/funds/{fund_id}/flows"
		whatIf   = "POST /api/v1/money/funds/{fund_id}/what-if"
		scens    = "GET /api/v1/money/funds/{fund_id}/scenarios"
		saveScen = "POST /api/v1/money/funds/{fund_id}/scenarios"
		getScen  = "GET /api/v1/money/funds/{fund_id}/scenarios/{scenario_id}"
		plan     = "GET /api/v1/money/funds/{fund_id}/plan"
		sign     = "POST /api/v1/money/funds/{fund_id}/plan/signoffs"
	)
	s0 := m.schemes[0].ID
	return []badCase{
		{list, "page zero", p + "?page=0", "", "", 422, "query.page"},
		{create, "no name", p, "", `{"financial_year":"2025-26","name":"",` + validFund + `}`, 422, "body.name"},
		{create, "year not like 2025-26", p, "", `{"financial_year":"2025","name":"Bad year",` + validFund + `}`, 422, "body.financial_year"},
		{create, "unknown host", p, "", `{"financial_year":"2025-26","name":"Bad host","host_org_id":999999,"manager_name":"Pat"}`, 422, "body.host_org_id"},
		{create, "unknown kind", p, "", `{"financial_year":"2025-26","name":"Bad kind","kind":"piggy","host_org_id":1,"manager_name":"Pat"}`, 422, "body.kind"},
		{get, "unknown fund", none, "", "", 404, "path.fund_id"},
		{get, "fund ID not a number", "/api/v1/money/funds/abc", "", "", 422, "path.fund_id"},
		{update, "no manager", fund, "", fmt.Sprintf(`{"name":%q,"host_org_id":%d,"manager_name":""}`, m.fund.Name, f.org.ID), 422, "body.manager_name"},
		{getAg, "unknown fund", none + "/agreement", "", "", 404, "path.fund_id"},
		{saveAg, "one party", fund + "/agreement", "", fmt.Sprintf(`{"host_org_id":%d,"parties":[{"org_id":%d,"fixed_share_bp":0}]}`, f.org.ID, f.org.ID), 422, "body.parties"},
		{saveAg, "unknown risk share", fund + "/agreement", "", fmt.Sprintf(`{"host_org_id":%d,"parties":%s,"risk_share":"luck"}`, f.org.ID, parties), 422, "body.risk_share"},
		{vary, "not every partner agreed", fund + "/agreement/variations", "", fmt.Sprintf(`{"description":"Early exit","agreed_by":[%d]}`, m.icb.ID), 422, "body.agreed_by"},
		{contribs, "per_page zero", fund + "/contributions?per_page=0", "", "", 422, "query.per_page"},
		{addC, "unknown source", fund + "/contributions", "", fmt.Sprintf(`{"partner_org_id":%d,"source":"lottery","amount_pence":100}`, f.org.ID), 422, "body.source"},
		{addC, "zero amount", fund + "/contributions", "", fmt.Sprintf(`{"partner_org_id":%d,"source":"dfg","amount_pence":0}`, f.org.ID), 422, "body.amount_pence"},
		{schemes, "unknown fund", none + "/schemes", "", "", 404, "path.fund_id"},
		{addS, "a 2023-25 scheme type", fund + "/schemes", "", scheme("B1", "Carers Services", "2026-03-31"), 422, "body.scheme_type"},
		{addS, "ends before it starts", fund + "/schemes", "", scheme("B2", "Unpaid carers", "2025-03-31"), 422, "body.ends_on"},
		{putS, "unknown scheme", fund + "/schemes/999999", "", scheme("B3", "Unpaid carers", "2026-03-31"), 404, "path.scheme_id"},
		{ref, "no data for the year", "/api/v1/money/reference/2019-20", "", "", 404, "path.year"},
		{ledger, "unknown kind", fund + "/ledger?kind=gift", "", "", 422, "query.kind"},
		{post, "beyond the scheme's budget", fund + "/postings", "", fmt.Sprintf(`{"kind":"commitment","period":"2025-06","scheme_id":%d,"amount_pence":100000000000}`, s0), 409, "body.amount_pence"},
		{post, "month outside the year", fund + "/postings", "", fmt.Sprintf(`{"kind":"actual","period":"2030-01","scheme_id":%d,"amount_pence":100}`, s0), 422, "body.period"},
		{post, "unknown scheme", fund + "/postings", "", `{"kind":"actual","period":"2025-06","scheme_id":999999,"amount_pence":100}`, 422, "body.scheme_id"},
		{post, "unknown kind", fund + "/postings", "", fmt.Sprintf(`{"kind":"gift","period":"2025-06","scheme_id":%d,"amount_pence":100}`, s0), 422, "body.kind"},
		{reverse, "unknown posting", fund + "/postings/999999/reversal", "", `{}`, 404, "path.posting_id"},
		{periods, "unknown fund", none + "/periods", "", "", 404, "path.fund_id"},
		{closeP, "not a month of the year", fund + "/periods", "", `{"period":"2024-13"}`, 422, "body.period"},
		{actuals, "bad amount on row 3", fund + "/actuals", "text/csv", "period,scheme,amount\n2025-06,S01,1.00\n2025-06,S01,lots\n", 422, "body[3].amount"},
		{actuals, "unknown scheme on row 2", fund + "/actuals", "text/csv", "period,scheme,amount\n2025-06,S99,1.00\n", 422, "body[2].scheme"},
		{upload, "unknown upload", fund + "/actuals/999999", "", "", 404, "path.upload_id"},
		{upload, "not a number", fund + "/actuals/first", "", "", 422, "path.upload_id"},
		{forecast, "month outside the year", fund + "/forecast?as_of=2030-01", "", "", 422, "query.as_of"},
		{waterf, "as_of not a month", fund + "/waterfall?as_of=soon", "", "", 422, "query.as_of"},
		{flows, "unknown fund", none + "/flows", "", "", 404, "path.fund_id"},
		{whatIf, "more than the partner gives", fund + "/what-if", "", withdraw("100000000000", "2026-01-01"), 422, "body.amount_pence"},
		{whatIf, "notice date not a date", fund + "/what-if", "", withdraw("100", "1/1/26"), 422, "body.notice_on"},
		{scens, "unknown fund", none + "/scenarios", "", "", 404, "path.fund_id"},
		{saveScen, "no name", fund + "/scenarios", "", `{"name":"","withdrawal":` + withdraw("100", "2026-01-01") + `}`, 422, "body.name"},
		{saveScen, "withdrawal too large", fund + "/scenarios", "", `{"name":"Too much","withdrawal":` + withdraw("100000000000", "2026-01-01") + `}`, 422, "body.withdrawal.amount_pence"},
		{getScen, "unknown scenario", fund + "/scenarios/999999", "", "", 404, "path.scenario_id"},
		{plan, "unknown fund", none + "/plan", "", "", 404, "path.fund_id"},
		{sign, "not the current version", fund + "/plan/signoffs", "", fmt.Sprintf(`{"version":99,"org_id":%d,"role":"chief_executive","signer_name":"CE"}`, f.org.ID), 422, "body.version"},
		{sign, "the ICB has no s151 officer", fund + "/plan/signoffs", "", fmt.Sprintf(`{"version":%d,"org_id":%d,"role":"s151","signer_name":"CFO"}`, 1, m.icb.ID), 422, "body.role"},
	}
}
