package routetest

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// The Money pages (internal/web/money_*.go). A partnership's funds are
// seen by everyone with a role in it except residents (ViewMoney), and
// changed by its officers and administrators (ManageMoney, SignOffMoney).
// The fund list is for anyone signed in (it shows the funds they may see);
// setting up a fund is for whoever manages money somewhere.
var moneyWebRows = map[string]string{
	"GET /money":                                        "N Y Y Y Y Y Y Y Y N",
	"GET /money/funds/new":                              "N N N Y Y Y Y N N N",
	"POST /money/funds/new":                             "N N N Y Y Y Y N N N",
	"GET /money/funds/{id}":                             "N N Y Y Y Y N Y N N",
	"GET /money/funds/{id}/agreement":                   "N N Y Y Y Y N Y N N",
	"POST /money/funds/{id}/agreement":                  "N N N Y Y Y N N N N",
	"POST /money/funds/{id}/agreement/variations":       "N N N Y Y Y N N N N",
	"GET /money/funds/{id}/contributions":               "N N Y Y Y Y N Y N N",
	"POST /money/funds/{id}/contributions":              "N N N Y Y Y N N N N",
	"GET /money/funds/{id}/schemes":                     "N N Y Y Y Y N Y N N",
	"POST /money/funds/{id}/schemes":                    "N N N Y Y Y N N N N",
	"GET /money/funds/{id}/ledger":                      "N N Y Y Y Y N Y N N",
	"POST /money/funds/{id}/ledger":                     "N N N Y Y Y N N N N",
	"POST /money/funds/{id}/ledger/{postingID}/reverse": "N N N Y Y Y N N N N",
	"POST /money/funds/{id}/periods/close":              "N N N Y Y Y N N N N",
	"GET /money/funds/{id}/actuals":                     "N N N Y Y Y N N N N",
	"POST /money/funds/{id}/actuals":                    "N N N Y Y Y N N N N",
	"GET /money/funds/{id}/actuals/{uploadID}":          "N N N Y Y Y N N N N",
	"GET /money/funds/{id}/forecast":                    "N N Y Y Y Y N Y N N",
	"GET /money/funds/{id}/what-if":                     "N N Y Y Y Y N Y N N",
	"POST /money/funds/{id}/scenarios":                  "N N N Y Y Y N N N N",
	"GET /money/funds/{id}/scenarios/{scenarioID}":      "N N Y Y Y Y N Y N N",
	"GET /money/funds/{id}/sign-off":                    "N N Y Y Y Y N Y N N",
	"POST /money/funds/{id}/sign-off":                   "N N Y Y Y Y N N N N",
	"GET /money/funds/{id}/exports":                     "N N Y Y Y Y N Y N N",
	"GET /money/funds/{id}/exports/{file}":              "N N Y Y Y Y N Y N N",
}

func init() { addModuleTable(moneyWebRows, moneyWebRequest) }

// moneyWebWorld is the fixture partnership's fund, made once per fixture.
type moneyWebWorld struct {
	fund     money.Fund
	scheme   money.Scheme
	scenario money.Scenario
	upload   money.ActualsUpload // kept, never queued: its page shows it waiting
}

var (
	moneyWebMu     sync.Mutex
	moneyWebWorlds = map[*fixture]*moneyWebWorld{}
)

// moneyWeb gives the fixture partnership a fund with £1m contributed and
// one scheme, once.
func moneyWeb(t *testing.T, f *fixture) *moneyWebWorld {
	t.Helper()
	moneyWebMu.Lock()
	defer moneyWebMu.Unlock()
	if w, ok := moneyWebWorlds[f]; ok {
		return w
	}
	ctx := context.Background()
	st := f.srv.Store
	w := &moneyWebWorld{}
	var err error
	w.fund, err = st.CreateMoneyFund(ctx, store.System, money.Fund{PartnershipID: f.p.ID, FinancialYear: "2025-26", Name: "Matrix Better Care Fund",
		Kind: money.FundBCF, HostOrgID: f.org.ID, ManagerName: "Pat Pooled"})
	must(t, err)
	_, err = st.AddMoneyContribution(ctx, store.System, money.Contribution{FundID: w.fund.ID, PartnerOrgID: f.org.ID, Source: money.SourceLABCFGrant, Amount: money.Pounds(1_000_000)})
	must(t, err)
	other, err := st.CreateOrganisation(ctx, store.System, places.Organisation{Name: "Matrix ICB", Kind: places.OrgICB})
	must(t, err)
	w.scheme, err = st.CreateMoneyScheme(ctx, store.System, money.Scheme{FundID: w.fund.ID, Ref: "S01", Name: "Reablement", SchemeType: "Home-based intermediate care",
		Category: "Adult social care", CommissionerOrgID: f.org.ID, ProviderOrgID: f.org.ID, StartsOn: "2025-04-01", EndsOn: "2026-03-31", Priority: 1})
	must(t, err)
	_, err = st.SaveMoneyAgreement(ctx, store.System, money.Agreement{FundID: w.fund.ID, HostOrgID: f.org.ID, Parties: []money.Party{{OrgID: f.org.ID}, {OrgID: other.ID}}})
	must(t, err)
	wd := money.Withdrawal{PartnerOrgID: f.org.ID, Amount: money.Pounds(100_000), NoticeOn: "2026-01-01", NoticeDays: 14}
	res, err := money.FundWhatIf(ctx, st, w.fund.ID, wd)
	must(t, err)
	w.scenario, err = st.SaveMoneyScenario(ctx, store.System, money.Scenario{FundID: w.fund.ID, Name: "Matrix scenario", Withdrawal: wd, Result: res})
	must(t, err)
	w.upload, err = st.CreateMoneyActualsUpload(ctx, store.System, w.fund.ID, "matrix.csv", []byte("period,scheme,amount\n2025-06,S01,1.00\n"), 1, 100)
	must(t, err)
	moneyWebWorlds[f] = w // kept for the fixture's life (one test)
	return w
}

func moneyWebRequest(t *testing.T, f *fixture, method, pattern string) probe {
	w := moneyWeb(t, f)
	path := strings.ReplaceAll(pattern, "{id}", itoa(w.fund.ID))
	if strings.Contains(path, "{postingID}") {
		// A fresh budget posting for each probe: an allowed caller
		// reverses it.
		p, err := f.srv.Store.PostMoney(context.Background(), store.System, money.Posting{FundID: w.fund.ID, Kind: money.KindBudget, Period: "2025-04",
			SchemeID: w.scheme.ID, Amount: money.Pounds(10)})
		must(t, err)
		path = strings.ReplaceAll(path, "{postingID}", itoa(p.ID))
	}
	path = strings.ReplaceAll(path, "{scenarioID}", itoa(w.scenario.ID))
	path = strings.ReplaceAll(path, "{uploadID}", itoa(w.upload.ID))
	if strings.Contains(path, "{file}") {
		path = strings.ReplaceAll(path, "{file}", "plan.csv") + "?sheet=income"
	}
	if method == "POST" {
		// An empty form: allowed callers get it back with errors (422);
		// denied ones never see it.
		return probe{method: method, path: path, contentType: "application/x-www-form-urlencoded"}
	}
	return probe{method: method, path: path}
}
