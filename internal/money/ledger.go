package money

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/validation"
)

// Kind is what a ledger posting records.
type Kind string

// Posting kinds. Commitments, actuals and budgets are kept apart.
const (
	KindContribution Kind = "contribution" // a partner pays into the pool
	KindBudget       Kind = "budget"       // the pool allocates a budget to a scheme
	KindCommitment   Kind = "commitment"   // a contract with a provider, with a spend profile
	KindActual       Kind = "actual"       // money spent
)

// Account is one side of a double entry.
type Account string

// Accounts. A posting of each kind debits one and credits another, so the
// ledger balances by construction; the balances mean:
//
//	pool              contributions received less budgets allocated (unallocated money)
//	partner           what partners have paid in (a credit balance)
//	scheme_budget     budget allocated and not yet committed
//	scheme_committed  commitments not yet spent
//	scheme_spent      actual spend
const (
	AccountPool            Account = "pool"
	AccountPartner         Account = "partner"
	AccountSchemeBudget    Account = "scheme_budget"
	AccountSchemeCommitted Account = "scheme_committed"
	AccountSchemeSpent     Account = "scheme_spent"
)

// Accounts returns the debit and credit accounts of a posting kind.
func (k Kind) Accounts() (debit, credit Account, ok bool) {
	switch k {
	case KindContribution:
		return AccountPool, AccountPartner, true
	case KindBudget:
		return AccountSchemeBudget, AccountPool, true
	case KindCommitment:
		return AccountSchemeCommitted, AccountSchemeBudget, true
	case KindActual:
		return AccountSchemeSpent, AccountSchemeCommitted, true
	}
	return "", "", false
}

// ProfileLine is one month of a commitment's spend profile.
type ProfileLine struct {
	Period string `json:"period"` // "2025-04"
	Amount Pence  `json:"amount_pence"`
}

// Posting is one double entry in a fund's ledger. Postings are never
// edited or deleted (the database refuses): a mistake is corrected by a
// reversal, a posting with the same amount and the accounts swapped.
type Posting struct {
	ID            int64         `json:"id"`
	FundID        int64         `json:"fund_id"`
	Period        string        `json:"period"` // "2025-04"
	Kind          Kind          `json:"kind"`
	Debit         Account       `json:"debit"`
	Credit        Account       `json:"credit"`
	Amount        Pence         `json:"amount_pence"` // always above zero
	SchemeID      int64         `json:"scheme_id,omitempty"`
	PartnerOrgID  int64         `json:"partner_org_id,omitempty"`
	ProviderOrgID int64         `json:"provider_org_id,omitempty"`
	Source        Source        `json:"source,omitempty"`
	ReversesID    int64         `json:"reverses_id,omitempty"`
	ImportID      int64         `json:"import_id,omitempty"`
	Reference     string        `json:"reference"` // invoice or contract number
	Memo          string        `json:"memo"`
	Profile       []ProfileLine `json:"profile,omitempty"` // commitments only
	PostedBy      int64         `json:"posted_by"`
	PostedAt      string        `json:"posted_at"`
}

// Sign is +1 for a posting and -1 for a reversal, as seen from its kind.
func (p Posting) Sign() int64 {
	if p.ReversesID != 0 {
		return -1
	}
	return 1
}

var periodPattern = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// ValidPeriod reports whether s is a month like "2025-04".
func ValidPeriod(s string) bool { return periodPattern.MatchString(s) }

// PeriodOf returns the month of a date.
func PeriodOf(d time.Time) string { return d.Format("2006-01") }

// Periods lists the twelve months of financial year fy, April first.
func Periods(fy string) []string {
	y, err := FinancialYearStart(fy)
	if err != nil {
		return nil
	}
	out := make([]string, 12)
	for i := range out {
		out[i] = PeriodOf(time.Date(y, time.April+time.Month(i), 1, 0, 0, 0, 0, time.UTC))
	}
	return out
}

// InYear reports whether period falls in financial year fy.
func InYear(period, fy string) bool {
	for _, p := range Periods(fy) {
		if p == period {
			return true
		}
	}
	return false
}

// Normalize trims text and fills the accounts from the kind.
func (p *Posting) Normalize() {
	p.Reference = strings.TrimSpace(p.Reference)
	p.Memo = strings.TrimSpace(p.Memo)
	p.Period = strings.TrimSpace(p.Period)
	if d, c, ok := p.Kind.Accounts(); ok && p.Debit == "" && p.Credit == "" {
		p.Debit, p.Credit = d, c
	}
}

// Validate checks a new posting (not a reversal) in a fund's year.
func (p Posting) Validate(fy string) error {
	var errs validation.Errors
	if _, _, ok := p.Kind.Accounts(); !ok {
		errs.Add("kind", "Choose contribution, budget, commitment or actual")
	}
	if !ValidPeriod(p.Period) {
		errs.Add("period", "Enter the month like 2025-04")
	} else if !InYear(p.Period, fy) {
		errs.Add("period", "The month must fall in the fund's financial year "+fy)
	}
	if p.Amount <= 0 {
		errs.Add("amount_pence", "Enter an amount above zero")
	} else if p.Amount > Pounds(maxPounds) {
		errs.Add("amount_pence", "Enter a smaller amount")
	}
	switch p.Kind {
	case KindContribution:
		if p.PartnerOrgID <= 0 {
			errs.Add("partner_org_id", "Choose the partner paying in")
		}
	case KindBudget, KindCommitment, KindActual:
		if p.SchemeID <= 0 {
			errs.Add("scheme_id", "Choose the scheme")
		}
	}
	if p.Kind == KindCommitment {
		var sum Pence
		for i, l := range p.Profile {
			if !ValidPeriod(l.Period) {
				errs.Add(fmt.Sprintf("profile[%d].period", i), "Enter the month like 2025-04")
			}
			if l.Amount < 0 {
				errs.Add(fmt.Sprintf("profile[%d].amount_pence", i), "Enter an amount of zero or more")
			}
			sum += l.Amount
		}
		if len(p.Profile) > 0 && sum != p.Amount {
			errs.Add("profile", fmt.Sprintf("The spend profile adds up to %s, not the commitment's %s", sum, p.Amount))
		}
	} else if len(p.Profile) > 0 {
		errs.Add("profile", "Only a commitment has a spend profile")
	}
	return errs.Err()
}

// Reversal returns the posting that reverses p in period: the same amount,
// the accounts swapped.
func (p Posting) Reversal(period, memo string) Posting {
	return Posting{
		FundID: p.FundID, Period: period, Kind: p.Kind, Debit: p.Credit, Credit: p.Debit, Amount: p.Amount,
		SchemeID: p.SchemeID, PartnerOrgID: p.PartnerOrgID, ProviderOrgID: p.ProviderOrgID, Source: p.Source,
		ReversesID: p.ID, Reference: p.Reference, Memo: memo,
	}
}

// EvenProfile spreads amount over the given months by largest remainder.
func EvenProfile(amount Pence, periods []string) []ProfileLine {
	if len(periods) == 0 {
		return nil
	}
	w := make([]int64, len(periods))
	for i := range w {
		w[i] = 1
	}
	parts, _ := Split(amount, w)
	out := make([]ProfileLine, len(periods))
	for i, p := range periods {
		out[i] = ProfileLine{Period: p, Amount: parts[i]}
	}
	return out
}

// AccountKey names an account of one scheme or partner.
type AccountKey struct {
	Account  Account `json:"account"`
	SchemeID int64   `json:"scheme_id,omitempty"`
	OrgID    int64   `json:"org_id,omitempty"`
}

// Balance is an account's debits less its credits.
type Balance struct {
	AccountKey
	Debit  Pence `json:"debit_pence"`
	Credit Pence `json:"credit_pence"`
	Net    Pence `json:"net_pence"` // debit - credit
}

func keyOf(a Account, p Posting) AccountKey {
	switch a {
	case AccountPartner:
		return AccountKey{Account: a, OrgID: p.PartnerOrgID}
	case AccountPool:
		return AccountKey{Account: a}
	}
	return AccountKey{Account: a, SchemeID: p.SchemeID}
}

// TrialBalance sums postings by account. The nets of a balanced ledger add
// up to zero (Balanced checks it).
func TrialBalance(ps []Posting) []Balance {
	m := map[AccountKey]*Balance{}
	get := func(k AccountKey) *Balance {
		b := m[k]
		if b == nil {
			b = &Balance{AccountKey: k}
			m[k] = b
		}
		return b
	}
	for _, p := range ps {
		d := get(keyOf(p.Debit, p))
		d.Debit += p.Amount
		c := get(keyOf(p.Credit, p))
		c.Credit += p.Amount
	}
	out := make([]Balance, 0, len(m))
	for _, b := range m {
		b.Net = b.Debit - b.Credit
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.SchemeID != b.SchemeID {
			return a.SchemeID < b.SchemeID
		}
		return a.OrgID < b.OrgID
	})
	return out
}

// Balanced reports whether the balances' debits equal their credits.
func Balanced(bs []Balance) bool {
	var d, c, n Pence
	for _, b := range bs {
		d += b.Debit
		c += b.Credit
		n += b.Net
	}
	return d == c && n == 0
}

// SchemePosition is where a scheme stands in the ledger.
type SchemePosition struct {
	SchemeID    int64 `json:"scheme_id"`
	Budget      Pence `json:"budget_pence"`      // allocated
	Committed   Pence `json:"committed_pence"`   // commitments, net of reversals
	Spent       Pence `json:"spent_pence"`       // actuals, net of reversals
	Uncommitted Pence `json:"uncommitted_pence"` // budget - committed
}

// FundPosition is where a fund stands in the ledger.
type FundPosition struct {
	Contributions Pence            `json:"contributions_pence"`
	Allocated     Pence            `json:"allocated_pence"`
	Unallocated   Pence            `json:"unallocated_pence"` // funds available to allocate
	Committed     Pence            `json:"committed_pence"`
	Spent         Pence            `json:"spent_pence"`
	Schemes       []SchemePosition `json:"schemes"`
}

// Position sums a fund's postings by kind, net of reversals.
func Position(ps []Posting) FundPosition {
	var f FundPosition
	sch := map[int64]*SchemePosition{}
	get := func(id int64) *SchemePosition {
		s := sch[id]
		if s == nil {
			s = &SchemePosition{SchemeID: id}
			sch[id] = s
		}
		return s
	}
	for _, p := range ps {
		v := p.Amount * Pence(p.Sign())
		switch p.Kind {
		case KindContribution:
			f.Contributions += v
		case KindBudget:
			f.Allocated += v
			get(p.SchemeID).Budget += v
		case KindCommitment:
			f.Committed += v
			get(p.SchemeID).Committed += v
		case KindActual:
			f.Spent += v
			get(p.SchemeID).Spent += v
		}
	}
	f.Unallocated = f.Contributions - f.Allocated
	f.Schemes = make([]SchemePosition, 0, len(sch))
	for _, s := range sch {
		s.Uncommitted = s.Budget - s.Committed
		f.Schemes = append(f.Schemes, *s)
	}
	sort.Slice(f.Schemes, func(i, j int) bool { return f.Schemes[i].SchemeID < f.Schemes[j].SchemeID })
	return f
}

// Overcommitment errors name what would be exceeded.
type OvercommitError struct {
	What      string // "fund" or "scheme"
	Available Pence
	Asked     Pence
}

func (e *OvercommitError) Error() string {
	if e.What == "fund" {
		return fmt.Sprintf("only %s of the fund is unallocated; %s cannot be allocated", e.Available, e.Asked)
	}
	return fmt.Sprintf("only %s of the scheme's budget is uncommitted; %s cannot be committed", e.Available, e.Asked)
}

// CheckFunds refuses a budget beyond the fund's unallocated money, or a
// commitment beyond the scheme's uncommitted budget: nothing is committed
// beyond the funds available. pos is the fund's position before p.
func CheckFunds(pos FundPosition, p Posting) error {
	if p.ReversesID != 0 {
		return nil
	}
	switch p.Kind {
	case KindBudget:
		if p.Amount > pos.Unallocated {
			return &OvercommitError{What: "fund", Available: pos.Unallocated, Asked: p.Amount}
		}
	case KindCommitment:
		var avail Pence
		for _, s := range pos.Schemes {
			if s.SchemeID == p.SchemeID {
				avail = s.Uncommitted
			}
		}
		if p.Amount > avail {
			return &OvercommitError{What: "scheme", Available: avail, Asked: p.Amount}
		}
	}
	return nil
}

// CheckReversal refuses a reversal that would leave money committed beyond
// the funds available: reversing a contribution or budget already
// allocated or committed onwards.
func CheckReversal(pos FundPosition, orig Posting) error {
	switch orig.Kind {
	case KindContribution:
		if orig.Amount > pos.Unallocated {
			return &OvercommitError{What: "fund", Available: pos.Unallocated, Asked: orig.Amount}
		}
	case KindBudget:
		for _, s := range pos.Schemes {
			if s.SchemeID == orig.SchemeID && orig.Amount > s.Uncommitted {
				return &OvercommitError{What: "scheme", Available: s.Uncommitted, Asked: orig.Amount}
			}
		}
	}
	return nil
}
