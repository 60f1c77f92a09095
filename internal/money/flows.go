package money

import "sort"

// Flow is money moving from one party to another, for the fund overview's
// flow chart (partner → fund → scheme → provider) and its table.
type Flow struct {
	Stage  string `json:"stage"`   // "contribution", "allocation" or "commitment"
	FromID int64  `json:"from_id"` // partner organisation, 0 for the fund, or scheme
	ToID   int64  `json:"to_id"`   // 0 for the fund, scheme, or provider organisation
	Amount Pence  `json:"amount_pence"`
}

// Flows lists a fund's money by stage: each partner's contributions into
// the fund, the fund's budget for each scheme, and each scheme's
// commitments to its providers, net of reversals, in a stable order.
func Flows(ps []Posting, schemes []Scheme) []Flow {
	provider := map[int64]int64{}
	for _, s := range schemes {
		provider[s.ID] = s.ProviderOrgID
	}
	type key struct {
		stage    string
		from, to int64
	}
	sum := map[key]Pence{}
	for _, p := range ps {
		v := p.Amount * Pence(p.Sign())
		switch p.Kind {
		case KindContribution:
			sum[key{"contribution", p.PartnerOrgID, 0}] += v
		case KindBudget:
			sum[key{"allocation", 0, p.SchemeID}] += v
		case KindCommitment:
			to := p.ProviderOrgID
			if to == 0 {
				to = provider[p.SchemeID]
			}
			sum[key{"commitment", p.SchemeID, to}] += v
		}
	}
	stageOrder := map[string]int{"contribution": 0, "allocation": 1, "commitment": 2}
	out := make([]Flow, 0, len(sum))
	for k, v := range sum {
		if v != 0 {
			out = append(out, Flow{Stage: k.stage, FromID: k.from, ToID: k.to, Amount: v})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Stage != b.Stage {
			return stageOrder[a.Stage] < stageOrder[b.Stage]
		}
		if a.FromID != b.FromID {
			return a.FromID < b.FromID
		}
		return a.ToID < b.ToID
	})
	return out
}
