package money

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/validation"
)

// Withdrawal is "partner X withdraws £N with D days' notice from date T".
type Withdrawal struct {
	PartnerOrgID int64  `json:"partner_org_id"`
	Amount       Pence  `json:"amount_pence"`
	NoticeOn     string `json:"notice_on"`   // T, a date
	NoticeDays   int    `json:"notice_days"` // D
	// ContributionIDs, when given, are the lines withdrawn from, in order;
	// otherwise the partner's voluntary lines go first, then the rest.
	ContributionIDs []int64 `json:"contribution_ids,omitempty"`
	// VariationID names a recorded variation (agreed by every partner)
	// that lets the withdrawal take effect when asked; 0 for none.
	VariationID int64 `json:"variation_id,omitempty"`
}

// Validate checks the withdrawal's own fields.
func (w Withdrawal) Validate() error {
	var errs validation.Errors
	if w.PartnerOrgID <= 0 {
		errs.Add("partner_org_id", "Choose the partner withdrawing")
	}
	if w.Amount <= 0 {
		errs.Add("amount_pence", "Enter the amount withdrawn, above zero")
	}
	if _, err := time.Parse(DateLayout, w.NoticeOn); err != nil {
		errs.Add("notice_on", "Enter the date notice is given, like 2026-01-01")
	}
	if w.NoticeDays < 0 || w.NoticeDays > 3660 {
		errs.Add("notice_days", "Enter the days of notice, from 0 to 3660")
	}
	return errs.Err()
}

// SchemeCost is a scheme with its yearly cost to the fund.
type SchemeCost struct {
	Scheme
	Annual Pence `json:"annual_pence"` // budget allocated for the year
}

// WhatIfInput is what a withdrawal scenario needs.
type WhatIfInput struct {
	Fund          Fund
	Agreement     Agreement
	Contributions []Contribution
	Schemes       []SchemeCost
	Variations    []Variation
	Withdrawal    Withdrawal
}

// Breach is a non-withdrawable line that the withdrawal would take.
type Breach struct {
	ContributionID int64  `json:"contribution_id"`
	Source         Source `json:"source"`
	Basis          Basis  `json:"basis"`
	Amount         Pence  `json:"amount_pence"`
	Message        string `json:"message"`
}

// MonthShortfall is the money lost in one month.
type MonthShortfall struct {
	Period     string `json:"period"`
	Amount     Pence  `json:"amount_pence"`
	Cumulative Pence  `json:"cumulative_pence"`
}

// FallingScheme is a scheme cut to meet the shortfall.
type FallingScheme struct {
	SchemeID int64  `json:"scheme_id"`
	Ref      string `json:"ref"`
	Name     string `json:"name"`
	Priority int    `json:"priority"`
	Annual   Pence  `json:"annual_pence"`
	Cut      Pence  `json:"cut_pence"`
	Whole    bool   `json:"whole"` // the whole scheme falls
	FallsOn  string `json:"falls_on"`
}

// Exposure is a partner's share of the shortfall under the risk share.
type Exposure struct {
	OrgID  int64 `json:"org_id"`
	Amount Pence `json:"amount_pence"`
}

// WhatIfResult answers a withdrawal scenario.
type WhatIfResult struct {
	RequestedOn  string           `json:"requested_on"`   // T + D days
	NoticeEndsOn string           `json:"notice_ends_on"` // T + the agreement's termination notice
	SchemesEndOn string           `json:"schemes_end_on"` // the last scheme's expiry
	EffectiveOn  string           `json:"effective_on"`
	Reason       string           `json:"reason"`
	VariationID  int64            `json:"variation_id,omitempty"`
	Requested    Pence            `json:"requested_pence"`
	Modelled     Pence            `json:"modelled_pence"` // withdrawable, and modelled
	Breaches     []Breach         `json:"breaches"`       // flagged and not modelled
	Months       []MonthShortfall `json:"months"`         // twelve months from the effective date
	Falling      []FallingScheme  `json:"falling"`        // in the partnership's priority order, least kept first
	Uncovered    Pence            `json:"uncovered_pence"`
	RiskPoolUsed Pence            `json:"risk_pool_used_pence"`
	Exposures    []Exposure       `json:"exposures"`
}

// BreachMessage is what a breach says.
const BreachMessage = "breach of NC3 / grant conditions: a statutory or condition line cannot be withdrawn"

// WhatIf models a withdrawal. The agreement decides the effective date:
// the later of the requested date, the end of the termination notice and
// the schemes' expiry, unless a variation agreed by every partner is
// named, when the requested date stands. Statutory and condition lines are
// flagged as breaches and not modelled. The yearly shortfall is spread
// monthly from the effective date (the first month pro rata to its days),
// schemes fall from the lowest priority up, and the shortfall is shared
// between the remaining partners under the risk share.
func WhatIf(in WhatIfInput) (WhatIfResult, error) {
	w := in.Withdrawal
	if err := w.Validate(); err != nil {
		return WhatIfResult{}, err
	}
	a := in.Agreement
	if a.TerminationNoticeMonths == 0 {
		a.TerminationNoticeMonths = DefaultTerminationNoticeMonths
	}
	var errs validation.Errors
	if !slices.Contains(a.PartyIDs(), w.PartnerOrgID) {
		errs.Add("partner_org_id", "This organisation is not a partner to the agreement")
	}
	var variation *Variation
	if w.VariationID != 0 {
		for i := range in.Variations {
			if in.Variations[i].ID == w.VariationID {
				variation = &in.Variations[i]
			}
		}
		if variation == nil {
			errs.Add("variation_id", fmt.Sprintf("There is no recorded variation %d of this agreement", w.VariationID))
		}
	}
	if err := errs.Err(); err != nil {
		return WhatIfResult{}, err
	}
	notice, _ := time.Parse(DateLayout, w.NoticeOn)
	requested := notice.AddDate(0, 0, w.NoticeDays)
	var schemesEnd time.Time
	for _, s := range in.Schemes {
		if e, err := time.Parse(DateLayout, s.EndsOn); err == nil && e.After(schemesEnd) {
			schemesEnd = e
		}
	}
	noticeEnd := AddMonths(notice, a.TerminationNoticeMonths)
	res := WhatIfResult{RequestedOn: requested.Format(DateLayout), NoticeEndsOn: noticeEnd.Format(DateLayout), Requested: w.Amount,
		Breaches: []Breach{}, Falling: []FallingScheme{}, Exposures: []Exposure{}}
	if !schemesEnd.IsZero() {
		res.SchemesEndOn = schemesEnd.Format(DateLayout)
	}
	effective := requested
	switch {
	case variation != nil:
		res.VariationID = variation.ID
		if variation.EffectiveOn != "" {
			effective, _ = time.Parse(DateLayout, variation.EffectiveOn)
		}
		res.Reason = fmt.Sprintf("every partner agreed variation %d: %s", variation.ID, variation.Description)
	default:
		effective = a.TerminationDate(notice, schemesEnd)
		if requested.After(effective) {
			effective = requested
		}
		switch {
		case effective.Equal(requested):
			res.Reason = "the notice given is longer than the agreement requires"
		case !schemesEnd.IsZero() && effective.Equal(schemesEnd) && schemesEnd.After(noticeEnd):
			res.Reason = fmt.Sprintf("the agreement cannot end before its schemes expire (%d months' notice ends %s)", a.TerminationNoticeMonths, res.NoticeEndsOn)
		default:
			res.Reason = fmt.Sprintf("the agreement requires %d months' notice", a.TerminationNoticeMonths)
		}
	}
	res.EffectiveOn = effective.Format(DateLayout)

	// Which lines the money comes from.
	var lines []Contribution
	if len(w.ContributionIDs) > 0 {
		for i, id := range w.ContributionIDs {
			found := false
			for _, c := range in.Contributions {
				if c.ID == id && c.PartnerOrgID == w.PartnerOrgID {
					lines, found = append(lines, c), true
				}
			}
			if !found {
				errs.Add(fmt.Sprintf("contribution_ids[%d]", i), fmt.Sprintf("Contribution %d is not a line of this partner", id))
			}
		}
	} else {
		for _, c := range in.Contributions {
			if c.PartnerOrgID == w.PartnerOrgID {
				lines = append(lines, c)
			}
		}
		sort.SliceStable(lines, func(i, j int) bool {
			return lines[i].Basis.Withdrawable() && !lines[j].Basis.Withdrawable()
		})
	}
	var total Pence
	for _, c := range lines {
		total += c.Amount
	}
	if w.Amount > total {
		errs.Add("amount_pence", fmt.Sprintf("The partner contributes %s from these lines; it cannot withdraw %s", total, w.Amount))
	}
	if err := errs.Err(); err != nil {
		return WhatIfResult{}, err
	}
	left := w.Amount
	for _, c := range lines {
		if left == 0 {
			break
		}
		take := min(left, c.Amount)
		left -= take
		if c.Basis.Withdrawable() {
			res.Modelled += take
		} else {
			res.Breaches = append(res.Breaches, Breach{ContributionID: c.ID, Source: c.Source, Basis: c.Basis, Amount: take, Message: BreachMessage})
		}
	}

	res.Months = monthlyShortfall(res.Modelled, effective)
	res.Falling, res.Uncovered = fallingSchemes(in.Schemes, res.Modelled, res.EffectiveOn)
	res.Exposures, res.RiskPoolUsed = exposures(in, res)
	return res, nil
}

// monthlyShortfall spreads a yearly loss over the twelve months from the
// effective date: a twelfth a month by largest remainder, the first month
// in proportion to the days left in it, the rest in a thirteenth month.
func monthlyShortfall(yearly Pence, effective time.Time) []MonthShortfall {
	if yearly == 0 {
		return []MonthShortfall{}
	}
	ones := make([]int64, 12)
	for i := range ones {
		ones[i] = 1
	}
	monthly, _ := Split(yearly, ones)
	first := time.Date(effective.Year(), effective.Month(), 1, 0, 0, 0, 0, time.UTC)
	days := int64(first.AddDate(0, 1, -1).Day())
	rem := days - int64(effective.Day()) + 1
	head, _ := Split(monthly[0], []int64{rem, days - rem})
	amounts := append([]Pence{head[0]}, monthly[1:]...)
	if head[1] > 0 {
		amounts = append(amounts, head[1])
	}
	out := make([]MonthShortfall, len(amounts))
	var cum Pence
	for i, a := range amounts {
		cum += a
		out[i] = MonthShortfall{Period: PeriodOf(first.AddDate(0, i, 0)), Amount: a, Cumulative: cum}
	}
	return out
}

// fallingSchemes cuts schemes from the lowest priority (largest number)
// up until the shortfall is met; ties go to the larger scheme first.
func fallingSchemes(schemes []SchemeCost, shortfall Pence, on string) ([]FallingScheme, Pence) {
	order := slices.Clone(schemes)
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].Priority != order[j].Priority {
			return order[i].Priority > order[j].Priority
		}
		if order[i].Annual != order[j].Annual {
			return order[i].Annual > order[j].Annual
		}
		return strings.Compare(order[i].Ref, order[j].Ref) < 0
	})
	out := []FallingScheme{}
	left := shortfall
	for _, s := range order {
		if left <= 0 {
			break
		}
		if s.Annual <= 0 {
			continue
		}
		cut := min(left, s.Annual)
		left -= cut
		out = append(out, FallingScheme{SchemeID: s.ID, Ref: s.Ref, Name: s.Name, Priority: s.Priority, Annual: s.Annual, Cut: cut, Whole: cut == s.Annual, FallsOn: on})
	}
	return out, left
}

// exposures shares the shortfall between the partners who stay, under the
// agreement's risk share (a risk pool is drawn first).
func exposures(in WhatIfInput, res WhatIfResult) ([]Exposure, Pence) {
	a := in.Agreement
	short := res.Modelled
	var poolUsed Pence
	if a.RiskShare == RiskPool {
		poolUsed = min(short, a.RiskPool)
		short -= poolUsed
	}
	var ids, w []int64
	switch a.RiskShare {
	case RiskOwn:
		by := map[int64]int64{}
		for _, f := range res.Falling {
			for _, s := range in.Schemes {
				if s.ID == f.SchemeID {
					if _, ok := by[s.CommissionerOrgID]; !ok {
						ids = append(ids, s.CommissionerOrgID)
					}
					by[s.CommissionerOrgID] += int64(f.Cut)
				}
			}
		}
		for _, id := range ids {
			w = append(w, by[id])
		}
	case RiskFixed:
		for _, p := range a.Parties {
			if p.OrgID != in.Withdrawal.PartnerOrgID {
				ids, w = append(ids, p.OrgID), append(w, p.FixedShareBP)
			}
		}
	default:
		contrib := map[int64]int64{}
		for _, c := range in.Contributions {
			contrib[c.PartnerOrgID] += int64(c.Amount)
		}
		for _, p := range a.Parties {
			if p.OrgID != in.Withdrawal.PartnerOrgID {
				ids, w = append(ids, p.OrgID), append(w, contrib[p.OrgID])
			}
		}
	}
	out := []Exposure{}
	if len(ids) == 0 || short == 0 {
		for _, id := range ids {
			out = append(out, Exposure{OrgID: id})
		}
		return out, poolUsed
	}
	parts, err := Split(short, w)
	if err != nil {
		for i := range w {
			w[i] = 1
		}
		parts, _ = Split(short, w)
	}
	for i, id := range ids {
		out = append(out, Exposure{OrgID: id, Amount: parts[i]})
	}
	return out, poolUsed
}
