package money

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/validation"
)

// RiskShare is how an agreement shares an overspend that the pool cannot
// absorb.
type RiskShare string

// Risk-share methods.
const (
	RiskOwn     RiskShare = "own_risk"    // each partner bears the overspend of the schemes it commissions
	RiskProRata RiskShare = "pro_rata"    // in proportion to contributions
	RiskFixed   RiskShare = "fixed_split" // by shares fixed in the agreement
	RiskPool    RiskShare = "risk_pool"   // a risk pool of £N first, then pro rata
)

// WaterfallStep is one source of cover for an overspend.
type WaterfallStep string

// Waterfall steps, in the default order.
const (
	StepUnderspends WaterfallStep = "underspends" // underspends elsewhere in the pool
	StepRiskPool    WaterfallStep = "risk_pool"   // the agreement's risk pool
	StepUncommitted WaterfallStep = "uncommitted" // allocations not yet committed
	StepPartners    WaterfallStep = "partners"    // money from outside the pool, under the risk share
)

// DefaultWaterfall is the order of the NHS England template agreement.
var DefaultWaterfall = []WaterfallStep{StepUnderspends, StepRiskPool, StepUncommitted, StepPartners}

// Defaults of a section 75 agreement.
const (
	DefaultTerminationNoticeMonths = 12
	DefaultSchemeNoticeMonths      = 6
)

// Party is a partner to an agreement.
type Party struct {
	OrgID int64 `json:"org_id"`
	// FixedShareBP is the partner's share in basis points (4750 = 47.5%)
	// under a fixed split; 0 otherwise.
	FixedShareBP int64 `json:"fixed_share_bp"`
}

// Agreement is a section 75 (or other) agreement governing a fund.
type Agreement struct {
	ID                      int64           `json:"id"`
	FundID                  int64           `json:"fund_id"`
	Kind                    string          `json:"kind"` // "s75" or "other"
	HostOrgID               int64           `json:"host_org_id"`
	Hosting                 string          `json:"hosting"` // how the host accounts for and audits the pool
	Parties                 []Party         `json:"parties"`
	RiskShare               RiskShare       `json:"risk_share"`
	RiskPool                Pence           `json:"risk_pool_pence"`
	Waterfall               []WaterfallStep `json:"waterfall"`
	TerminationNoticeMonths int             `json:"termination_notice_months"`
	SchemeNoticeMonths      int             `json:"scheme_notice_months"`
	CreatedAt               string          `json:"created_at"`
	UpdatedAt               string          `json:"updated_at"`
}

// Normalize fills the defaults: section 75, own risk, the default
// waterfall, 12 and 6 months' notice.
func (a *Agreement) Normalize() {
	a.Kind = strings.TrimSpace(a.Kind)
	a.Hosting = strings.TrimSpace(a.Hosting)
	if a.Kind == "" {
		a.Kind = "s75"
	}
	if a.RiskShare == "" {
		a.RiskShare = RiskOwn
	}
	if len(a.Waterfall) == 0 {
		a.Waterfall = slices.Clone(DefaultWaterfall)
	}
	if a.TerminationNoticeMonths == 0 {
		a.TerminationNoticeMonths = DefaultTerminationNoticeMonths
	}
	if a.SchemeNoticeMonths == 0 {
		a.SchemeNoticeMonths = DefaultSchemeNoticeMonths
	}
	if a.Parties == nil {
		a.Parties = []Party{}
	}
}

// Validate checks the agreement's terms.
func (a Agreement) Validate() error {
	var errs validation.Errors
	if a.Kind != "s75" && a.Kind != "other" {
		errs.Add("kind", "Choose s75 or other")
	}
	if a.HostOrgID <= 0 {
		errs.Add("host_org_id", "Choose the host partner")
	}
	if len(a.Parties) < 2 {
		errs.Add("parties", "An agreement needs at least two partners")
	}
	seen := map[int64]bool{}
	var bp int64
	hostIsParty := false
	for i, p := range a.Parties {
		if p.OrgID <= 0 {
			errs.Add(fmt.Sprintf("parties[%d].org_id", i), "Choose the partner")
		} else if seen[p.OrgID] {
			errs.Add(fmt.Sprintf("parties[%d].org_id", i), "This partner is listed twice")
		}
		seen[p.OrgID] = true
		if p.OrgID == a.HostOrgID {
			hostIsParty = true
		}
		if p.FixedShareBP < 0 || p.FixedShareBP > 10000 {
			errs.Add(fmt.Sprintf("parties[%d].fixed_share_bp", i), "Enter a share from 0 to 10000 basis points")
		}
		bp += p.FixedShareBP
	}
	if a.HostOrgID > 0 && len(a.Parties) > 0 && !hostIsParty {
		errs.Add("host_org_id", "The host must be one of the partners")
	}
	switch a.RiskShare {
	case RiskOwn, RiskProRata, RiskPool:
	case RiskFixed:
		if bp != 10000 {
			errs.Add("parties", "Under a fixed split the partners' shares must add up to 100%")
		}
	default:
		errs.Add("risk_share", "Choose own_risk, pro_rata, fixed_split or risk_pool")
	}
	if a.RiskPool < 0 {
		errs.Add("risk_pool_pence", "The risk pool cannot be negative")
	}
	if a.RiskShare == RiskPool && a.RiskPool <= 0 {
		errs.Add("risk_pool_pence", "Enter the size of the risk pool")
	}
	steps := map[WaterfallStep]bool{}
	for i, s := range a.Waterfall {
		if !slices.Contains(DefaultWaterfall, s) {
			errs.Add(fmt.Sprintf("waterfall[%d]", i), "Choose underspends, risk_pool, uncommitted or partners")
		} else if steps[s] {
			errs.Add(fmt.Sprintf("waterfall[%d]", i), "This step is listed twice")
		}
		steps[s] = true
	}
	if len(a.Waterfall) > 0 && !steps[StepPartners] {
		errs.Add("waterfall", "The waterfall must end with the partners, who cover what is left")
	}
	if a.TerminationNoticeMonths < 1 || a.TerminationNoticeMonths > 120 {
		errs.Add("termination_notice_months", "Enter the notice in months, from 1 to 120")
	}
	if a.SchemeNoticeMonths < 1 || a.SchemeNoticeMonths > 120 {
		errs.Add("scheme_notice_months", "Enter the notice in months, from 1 to 120")
	}
	return errs.Err()
}

// PartyIDs lists the partners' organisation IDs.
func (a Agreement) PartyIDs() []int64 {
	out := make([]int64, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = p.OrgID
	}
	return out
}

// Variation is a change to an agreement that every partner agreed.
type Variation struct {
	ID          int64   `json:"id"`
	AgreementID int64   `json:"agreement_id"`
	Description string  `json:"description"`
	EffectiveOn string  `json:"effective_on"` // date, "" when immediate
	AgreedBy    []int64 `json:"agreed_by"`    // organisation IDs; every partner
	RecordedAt  string  `json:"recorded_at"`
	RecordedBy  int64   `json:"recorded_by"`
}

// Validate checks a variation against its agreement: it is recorded only
// when every partner has agreed.
func (v Variation) Validate(a Agreement) error {
	var errs validation.Errors
	errs.Required("description", strings.TrimSpace(v.Description), "what the variation changes")
	if v.EffectiveOn != "" {
		if _, err := time.Parse(DateLayout, v.EffectiveOn); err != nil {
			errs.Add("effective_on", "Enter the date like 2026-01-15")
		}
	}
	var missing []string
	for _, p := range a.Parties {
		if !slices.Contains(v.AgreedBy, p.OrgID) {
			missing = append(missing, fmt.Sprint(p.OrgID))
		}
	}
	if len(missing) > 0 {
		errs.Add("agreed_by", "Every partner must agree a variation; not yet agreed by organisation "+strings.Join(missing, ", "))
	}
	for i, id := range v.AgreedBy {
		if !slices.Contains(a.PartyIDs(), id) {
			errs.Add(fmt.Sprintf("agreed_by[%d]", i), "This organisation is not a partner to the agreement")
		}
	}
	return errs.Err()
}

// AddMonths adds n calendar months to d, clamping to the month's last day
// (31 Jan + 1 month = 28 or 29 Feb).
func AddMonths(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := d.Day()
	if day > last {
		day = last
	}
	return time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC)
}

// TerminationDate is the earliest date a partner's notice given on
// noticeOn can end the agreement: the later of the notice period's end and
// the expiry of the last scheme (schemesEnd, zero when none).
func (a Agreement) TerminationDate(noticeOn, schemesEnd time.Time) time.Time {
	d := AddMonths(noticeOn, a.TerminationNoticeMonths)
	if schemesEnd.After(d) {
		return schemesEnd
	}
	return d
}

// SchemeExitDate is the earliest date a partner can leave one scheme
// after notice on noticeOn.
func (a Agreement) SchemeExitDate(noticeOn time.Time) time.Time {
	return AddMonths(noticeOn, a.SchemeNoticeMonths)
}
