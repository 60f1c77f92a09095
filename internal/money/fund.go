package money

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/validation"
)

// DateLayout is how dates are written: 2026-01-01.
const DateLayout = "2006-01-02"

// FundKind says what a pooled fund is.
type FundKind string

// Fund kinds.
const (
	FundBCF   FundKind = "bcf"   // the Better Care Fund of a health and wellbeing board
	FundOther FundKind = "other" // any other pooled fund
)

// Fund is a pooled fund of one partnership for one financial year.
type Fund struct {
	ID            int64    `json:"id"`
	PartnershipID int64    `json:"partnership_id"`
	FinancialYear string   `json:"financial_year"` // "2025-26"
	Name          string   `json:"name"`
	Kind          FundKind `json:"kind"`
	HostOrgID     int64    `json:"host_org_id"`  // the partner that hosts, accounts for and audits the pool
	ManagerName   string   `json:"manager_name"` // the pooled fund manager, an officer of the host
	// ConsultBeforeAllocating, when on, refuses commitments to a scheme
	// whose consultation (Voice) is still open.
	ConsultBeforeAllocating bool   `json:"consult_before_allocating"`
	Illustrative            bool   `json:"illustrative"` // demo data, labelled as such
	CreatedAt               string `json:"created_at"`
	UpdatedAt               string `json:"updated_at"`
}

// Normalize trims text fields.
func (f *Fund) Normalize() {
	f.Name = strings.TrimSpace(f.Name)
	f.ManagerName = strings.TrimSpace(f.ManagerName)
	f.FinancialYear = strings.TrimSpace(f.FinancialYear)
	if f.Kind == "" {
		f.Kind = FundBCF
	}
}

// Validate checks the fund's own fields (the store checks that the
// partnership and host exist).
func (f Fund) Validate() error {
	var errs validation.Errors
	errs.Required("name", f.Name, "the fund's name")
	if _, err := FinancialYearStart(f.FinancialYear); err != nil {
		errs.Add("financial_year", "Enter a financial year like 2025-26")
	} else if f.Kind == FundBCF {
		if _, err := Year(f.FinancialYear); err != nil {
			errs.Add("financial_year", "There is no Better Care Fund reference data for "+f.FinancialYear)
		}
	}
	if f.Kind != FundBCF && f.Kind != FundOther {
		errs.Add("kind", "Choose bcf or other")
	}
	if f.PartnershipID <= 0 {
		errs.Add("partnership_id", "Choose a partnership")
	}
	if f.HostOrgID <= 0 {
		errs.Add("host_org_id", "Choose the host partner")
	}
	errs.Required("manager_name", f.ManagerName, "the pooled fund manager")
	return errs.Err()
}

// YearBounds returns the first and last day of the fund's financial year.
func (f Fund) YearBounds() (time.Time, time.Time) {
	y, _ := FinancialYearStart(f.FinancialYear)
	return time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, time.March, 31, 0, 0, 0, 0, time.UTC)
}

// Source is a contribution's funding source.
type Source string

// Funding sources. The Local Authority Better Care Fund grant was the
// improved BCF (iBCF); "ibcf" is accepted as an alias.
const (
	SourceNHSMinimum Source = "nhs_minimum"
	SourceLABCFGrant Source = "la_bcf_grant"
	SourceDFG        Source = "dfg"
	SourceDischarge  Source = "discharge"
	SourceAdditional Source = "additional"
)

// Sources lists the funding sources in the order the template shows them.
var Sources = []Source{SourceNHSMinimum, SourceLABCFGrant, SourceDFG, SourceDischarge, SourceAdditional}

// ParseSource reads a funding source, accepting "ibcf" for la_bcf_grant.
func ParseSource(s string) (Source, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "ibcf" || s == "improved_bcf" {
		return SourceLABCFGrant, true
	}
	for _, x := range Sources {
		if string(x) == s {
			return x, true
		}
	}
	return "", false
}

// Label is the source's name as people write it.
func (s Source) Label() string {
	switch s {
	case SourceNHSMinimum:
		return "NHS minimum contribution"
	case SourceLABCFGrant:
		return "Local Authority Better Care Fund grant (formerly iBCF)"
	case SourceDFG:
		return "Disabled Facilities Grant"
	case SourceDischarge:
		return "Discharge funding"
	case SourceAdditional:
		return "Additional voluntary contribution"
	}
	return string(s)
}

// Basis says whether a contribution line can be withdrawn.
type Basis string

// Bases.
const (
	BasisStatutory Basis = "statutory" // required by law
	BasisCondition Basis = "condition" // a condition of the fund (NC3)
	BasisVoluntary Basis = "voluntary"
)

// Withdrawable reports whether a partner may withdraw a line of this basis.
func (b Basis) Withdrawable() bool { return b == BasisVoluntary }

// Schedule is how a contribution is paid.
type Schedule string

// Payment schedules.
const (
	ScheduleQuarterly Schedule = "quarterly" // 1 Apr, 1 Jul, 1 Oct, 1 Jan
	ScheduleMonthly   Schedule = "monthly"   // 1/12 each month
)

// Contribution is one partner's line into a fund.
type Contribution struct {
	ID           int64    `json:"id"`
	FundID       int64    `json:"fund_id"`
	PartnerOrgID int64    `json:"partner_org_id"`
	Source       Source   `json:"source"`
	Basis        Basis    `json:"basis"`
	Schedule     Schedule `json:"schedule"`
	Amount       Pence    `json:"amount_pence"`
	CreatedAt    string   `json:"created_at"`
}

// Normalize maps the iBCF alias and fills the default basis: the NHS
// minimum, the LA grant and the DFG are conditions of the fund.
func (c *Contribution) Normalize() {
	if s, ok := ParseSource(string(c.Source)); ok {
		c.Source = s
	}
	if c.Basis == "" {
		switch c.Source {
		case SourceNHSMinimum, SourceLABCFGrant, SourceDFG:
			c.Basis = BasisCondition
		default:
			c.Basis = BasisVoluntary
		}
	}
	if c.Schedule == "" {
		c.Schedule = ScheduleQuarterly
	}
}

// Validate checks a contribution line.
func (c Contribution) Validate() error {
	var errs validation.Errors
	if c.PartnerOrgID <= 0 {
		errs.Add("partner_org_id", "Choose the contributing partner")
	}
	if _, ok := ParseSource(string(c.Source)); !ok {
		errs.Add("source", "Choose a funding source: nhs_minimum, la_bcf_grant (or ibcf), dfg, discharge or additional")
	}
	switch c.Basis {
	case BasisStatutory, BasisCondition, BasisVoluntary:
	default:
		errs.Add("basis", "Choose statutory, condition or voluntary")
	}
	switch c.Schedule {
	case ScheduleQuarterly, ScheduleMonthly:
	default:
		errs.Add("schedule", "Choose quarterly or monthly")
	}
	if c.Amount <= 0 {
		errs.Add("amount_pence", "Enter an amount above zero")
	} else if c.Amount > Pounds(maxPounds) {
		errs.Add("amount_pence", "Enter a smaller amount")
	}
	return errs.Err()
}

// Payment is one instalment of a contribution.
type Payment struct {
	Due    string `json:"due"` // date
	Amount Pence  `json:"amount_pence"`
}

// Payments returns the instalments of c in financial year fy: four on 1
// April, 1 July, 1 October and 1 January, or twelve on the first of each
// month, split by largest remainder so they add up exactly.
func (c Contribution) Payments(fy string) []Payment {
	start, err := FinancialYearStart(fy)
	if err != nil {
		return nil
	}
	n, step := 4, 3
	if c.Schedule == ScheduleMonthly {
		n, step = 12, 1
	}
	w := make([]int64, n)
	for i := range w {
		w[i] = 1
	}
	parts, _ := Split(c.Amount, w)
	out := make([]Payment, n)
	for i := range out {
		d := time.Date(start, time.April+time.Month(i*step), 1, 0, 0, 0, 0, time.UTC)
		out[i] = Payment{Due: d.Format(DateLayout), Amount: parts[i]}
	}
	return out
}

// Outcome links a scheme to a needs indicator it should move.
type Outcome struct {
	IndicatorID int    `json:"indicator_id"`
	Metric      string `json:"metric"` // e.g. one of the year's BCF metrics
}

// Scheme is a service the fund pays for. Its commissioner and its provider
// are organisations from the register, in separate roles.
type Scheme struct {
	ID                int64     `json:"id"`
	FundID            int64     `json:"fund_id"`
	Ref               string    `json:"ref"` // the scheme ID in the BCF template, e.g. "S01"
	Name              string    `json:"name"`
	SchemeType        string    `json:"scheme_type"`
	Category          string    `json:"expenditure_category"`
	CommissionerOrgID int64     `json:"commissioner_org_id"`
	ProviderOrgID     int64     `json:"provider_org_id"`
	StartsOn          string    `json:"starts_on"`
	EndsOn            string    `json:"ends_on"`
	Priority          int       `json:"priority"`                  // the partnership's order: 1 is kept longest
	ConsultationID    int64     `json:"consultation_id,omitempty"` // a Voice consultation, 0 when none
	Outcomes          []Outcome `json:"outcomes"`
	CreatedAt         string    `json:"created_at"`
	UpdatedAt         string    `json:"updated_at"`
}

// Normalize trims text fields.
func (s *Scheme) Normalize() {
	s.Ref = strings.TrimSpace(s.Ref)
	s.Name = strings.TrimSpace(s.Name)
	s.SchemeType = strings.TrimSpace(s.SchemeType)
	s.Category = strings.TrimSpace(s.Category)
	if s.Outcomes == nil {
		s.Outcomes = []Outcome{}
	}
}

// Validate checks a scheme against its fund's year data (nil for a fund
// that is not a BCF, whose types are free text).
func (s Scheme) Validate(year *YearData) error {
	var errs validation.Errors
	errs.Required("ref", s.Ref, "the scheme's reference")
	errs.Required("name", s.Name, "the scheme's name")
	if errs.Required("scheme_type", s.SchemeType, "the scheme type") && year != nil && !year.HasSchemeType(s.SchemeType) {
		errs.Add("scheme_type", fmt.Sprintf("Choose a scheme type from the %s list", year.Name))
	}
	if errs.Required("expenditure_category", s.Category, "the expenditure category") && year != nil && !year.HasCategory(s.Category) {
		errs.Add("expenditure_category", fmt.Sprintf("Choose an expenditure category from the %s list", year.Name))
	}
	if s.CommissionerOrgID <= 0 {
		errs.Add("commissioner_org_id", "Choose the commissioner")
	}
	if s.ProviderOrgID <= 0 {
		errs.Add("provider_org_id", "Choose the provider")
	}
	start, err1 := time.Parse(DateLayout, s.StartsOn)
	if err1 != nil {
		errs.Add("starts_on", "Enter the start date like 2025-04-01")
	}
	end, err2 := time.Parse(DateLayout, s.EndsOn)
	if err2 != nil {
		errs.Add("ends_on", "Enter the end date like 2026-03-31")
	}
	if err1 == nil && err2 == nil && end.Before(start) {
		errs.Add("ends_on", "The end date must be on or after the start date")
	}
	if s.Priority < 1 {
		errs.Add("priority", "Enter the scheme's priority, 1 or more (1 is kept longest)")
	}
	for i, o := range s.Outcomes {
		if o.IndicatorID <= 0 {
			errs.Add(fmt.Sprintf("outcomes[%d].indicator_id", i), "Choose a needs indicator")
		}
	}
	return errs.Err()
}

// ConsultationStatus is what Money needs to know of a Voice consultation.
type ConsultationStatus struct {
	ID     int64
	Title  string
	Closed bool
}

// Consultations tells Money whether a consultation has closed. The Voice
// store implements it; it returns an error wrapping a not-found error for
// an unknown ID.
type Consultations interface {
	MoneyConsultationStatus(ctx context.Context, id int64) (ConsultationStatus, error)
}

// ErrNoConsultations: the rule is on but nothing can say whether the
// scheme's consultation has closed, so the commitment is refused.
var ErrNoConsultations = errors.New("consultations cannot be checked here, so money cannot be committed under the consult-before-allocating rule")

// ConsultationOpenError refuses a commitment to a scheme whose
// consultation is still open, naming the consultation.
type ConsultationOpenError struct {
	ID    int64
	Title string
}

func (e *ConsultationOpenError) Error() string {
	return fmt.Sprintf("consultation %q (number %d) is still open: money can be committed to this scheme once it has closed", e.Title, e.ID)
}

// CheckConsulted applies the fund's consult-before-allocating rule to a
// scheme: nil when the rule is off, the scheme names no consultation, or
// the consultation has closed; a *ConsultationOpenError otherwise.
func CheckConsulted(ctx context.Context, c Consultations, f Fund, s Scheme) error {
	if !f.ConsultBeforeAllocating || s.ConsultationID == 0 {
		return nil
	}
	if c == nil {
		return fmt.Errorf("%w: consultation %d", ErrNoConsultations, s.ConsultationID)
	}
	st, err := c.MoneyConsultationStatus(ctx, s.ConsultationID)
	if err != nil {
		return fmt.Errorf("money: consultation %d: %w", s.ConsultationID, err)
	}
	if !st.Closed {
		return &ConsultationOpenError{ID: st.ID, Title: st.Title}
	}
	return nil
}
