package money

import "sort"

// SchemeOutturn is a scheme's year-end position.
type SchemeOutturn struct {
	SchemeID          int64  `json:"scheme_id"`
	Name              string `json:"name"`
	CommissionerOrgID int64  `json:"commissioner_org_id"`
	Budget            Pence  `json:"budget_pence"`
	Outturn           Pence  `json:"outturn_pence"` // actual or forecast spend
}

// Variance is the overspend (positive) or underspend (negative).
func (s SchemeOutturn) Variance() Pence { return s.Outturn - s.Budget }

// WaterfallInput is what the year-end waterfall needs.
type WaterfallInput struct {
	Agreement Agreement
	Schemes   []SchemeOutturn
	// Uncommitted is allocation not yet committed that may be cut.
	Uncommitted Pence
	// Contributions is each partner's total contribution, for pro rata.
	Contributions map[int64]Pence
}

// Cover is part of a step: how much one scheme or partner gives.
type Cover struct {
	SchemeID int64 `json:"scheme_id,omitempty"`
	OrgID    int64 `json:"org_id,omitempty"`
	Amount   Pence `json:"amount_pence"`
}

// StepResult reports one step of the waterfall.
type StepResult struct {
	Step   WaterfallStep `json:"step"`
	Amount Pence         `json:"amount_pence"`
	From   []Cover       `json:"from"`
	Left   Pence         `json:"left_pence"` // overspend still uncovered after this step
}

// WaterfallResult is the year-end settlement of over- and underspends.
type WaterfallResult struct {
	Overspend      Pence        `json:"overspend_pence"`
	Underspend     Pence        `json:"underspend_pence"`
	Steps          []StepResult `json:"steps"`
	RiskPoolLeft   Pence        `json:"risk_pool_left_pence"`
	UnderspendLeft Pence        `json:"underspend_left_pence"` // stays in the pool, spent non-recurrently
	FromPartners   Pence        `json:"from_partners_pence"`
}

// Waterfall settles the year's overspends in the agreement's order: first
// underspends elsewhere in the pool (largest first), then the risk pool,
// then uncommitted allocations, then the partners under the risk share.
// Every step is reported, with zero amounts, so the order is visible.
func Waterfall(in WaterfallInput) WaterfallResult {
	var res WaterfallResult
	type under struct {
		id  int64
		amt Pence
	}
	var unders []under
	var overs []SchemeOutturn
	for _, s := range in.Schemes {
		v := s.Variance()
		switch {
		case v > 0:
			res.Overspend += v
			overs = append(overs, s)
		case v < 0:
			res.Underspend += -v
			unders = append(unders, under{s.SchemeID, -v})
		}
	}
	sort.SliceStable(unders, func(i, j int) bool {
		if unders[i].amt != unders[j].amt {
			return unders[i].amt > unders[j].amt
		}
		return unders[i].id < unders[j].id
	})
	steps := in.Agreement.Waterfall
	if len(steps) == 0 {
		steps = DefaultWaterfall
	}
	left := res.Overspend
	pool := in.Agreement.RiskPool
	res.RiskPoolLeft = pool
	res.UnderspendLeft = res.Underspend
	for _, st := range steps {
		r := StepResult{Step: st, From: []Cover{}}
		switch st {
		case StepUnderspends:
			for _, u := range unders {
				if left-r.Amount == 0 {
					break
				}
				take := min(u.amt, left-r.Amount)
				r.From = append(r.From, Cover{SchemeID: u.id, Amount: take})
				r.Amount += take
			}
			res.UnderspendLeft -= r.Amount
		case StepRiskPool:
			r.Amount = min(left, pool)
			res.RiskPoolLeft = pool - r.Amount
		case StepUncommitted:
			r.Amount = min(left, max(in.Uncommitted, 0))
		case StepPartners:
			r.Amount = left
			r.From = partnerShares(in, overs, left)
			res.FromPartners = left
		}
		left -= r.Amount
		r.Left = left
		res.Steps = append(res.Steps, r)
	}
	return res
}

// partnerShares splits amount between the partners under the risk share.
func partnerShares(in WaterfallInput, overs []SchemeOutturn, amount Pence) []Cover {
	if amount == 0 {
		return []Cover{}
	}
	a := in.Agreement
	var ids []int64
	var w []int64
	switch a.RiskShare {
	case RiskOwn:
		byOrg := map[int64]int64{}
		for _, s := range overs {
			if _, ok := byOrg[s.CommissionerOrgID]; !ok {
				ids = append(ids, s.CommissionerOrgID)
			}
			byOrg[s.CommissionerOrgID] += int64(s.Variance())
		}
		for _, id := range ids {
			w = append(w, byOrg[id])
		}
	case RiskFixed:
		for _, p := range a.Parties {
			ids, w = append(ids, p.OrgID), append(w, p.FixedShareBP)
		}
	default: // pro rata, and a risk pool once the pool is spent
		for _, p := range a.Parties {
			ids, w = append(ids, p.OrgID), append(w, int64(in.Contributions[p.OrgID]))
		}
	}
	parts, err := Split(amount, w)
	if err != nil {
		// No basis to share on (no contributions recorded): equal shares.
		w = make([]int64, len(ids))
		for i := range w {
			w[i] = 1
		}
		if parts, err = Split(amount, w); err != nil {
			return []Cover{}
		}
	}
	out := make([]Cover, len(ids))
	for i, id := range ids {
		out[i] = Cover{OrgID: id, Amount: parts[i]}
	}
	return out
}
