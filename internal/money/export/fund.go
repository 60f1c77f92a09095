package export

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/placeboard/placeboard/internal/money"
)

// Org is what an export says of an organisation: its name and the part of
// the mixed economy it belongs to (NHS, council in-house, voluntary,
// private).
type Org struct {
	Name string
	Kind string
}

// FundData is one fund's figures, as read from the store: the web pages and
// the API fill it the same way, so every door exports the same totals.
type FundData struct {
	Fund          money.Fund
	Partnership   string
	Contributions []money.Contribution
	Schemes       []money.Scheme
	// Ledger is every posting of the fund, reversals included.
	Ledger []money.Posting
	Orgs   func(id int64) Org
}

func (d FundData) org(id int64) Org {
	if d.Orgs == nil || id == 0 {
		return Org{}
	}
	return d.Orgs(id)
}

func (d FundData) cover() []CoverLine {
	c := []CoverLine{{"Fund", d.Fund.Name}, {"Partnership", d.Partnership}, {"Host partner", d.org(d.Fund.HostOrgID).Name},
		{"Pooled fund manager", d.Fund.ManagerName}}
	if d.Fund.Illustrative {
		c = append(c, CoverLine{"Demonstration data", "The figures are illustrative, not a real fund"})
	}
	return c
}

// Plan fills the year's plan template: income (each partner's contribution
// lines) and expenditure (each scheme's budget in the ledger, net of
// reversals).
func Plan(d FundData) (*Workbook, error) {
	t, err := ForYear(KindPlan, d.Fund.FinancialYear)
	if err != nil {
		return nil, err
	}
	wb := New(t, d.cover()...)
	for _, c := range d.Contributions {
		if err := wb.Add("income", Row{
			Text:  map[string]string{"partner": d.org(c.PartnerOrgID).Name, "source": c.Source.Label(), "basis": string(c.Basis), "schedule": string(c.Schedule)},
			Pence: map[string]int64{"amount": int64(c.Amount)},
		}); err != nil {
			return nil, err
		}
	}
	pos := money.Position(d.Ledger)
	budget := map[int64]money.Pence{}
	for _, s := range pos.Schemes {
		budget[s.SchemeID] = s.Budget
	}
	for _, s := range d.Schemes {
		prov := d.org(s.ProviderOrgID)
		if err := wb.Add("expenditure", Row{
			Text: map[string]string{"scheme_id": s.Ref, "scheme_name": s.Name, "scheme_type": s.SchemeType, "area_of_spend": s.Category,
				"commissioner": d.org(s.CommissionerOrgID).Name, "provider": prov.Name, "provider_type": prov.Kind, "source": "Pooled fund",
				"new_or_existing": newOrExisting(d.Fund, s)},
			Pence: map[string]int64{"amount": int64(budget[s.ID])},
		}); err != nil {
			return nil, err
		}
	}
	return wb, nil
}

// newOrExisting calls a scheme new when it starts in the fund's year.
func newOrExisting(f money.Fund, s money.Scheme) string {
	start, _ := f.YearBounds()
	if s.StartsOn >= start.Format(money.DateLayout) {
		return "New"
	}
	return "Existing"
}

// ErrQuarter is returned for a quarter other than 1 to 4.
var ErrQuarter = errors.New("the quarter must be 1, 2, 3 or 4")

// QuarterlyReturn fills the year's quarterly return for quarter q (1 is
// April to June): each scheme's plan for the year, its plan to the end of
// the quarter (the commitments' spend profiles), the actuals posted in the
// quarter's months or before, and the variance.
func QuarterlyReturn(d FundData, q int) (*Workbook, error) {
	if q < 1 || q > 4 {
		return nil, ErrQuarter
	}
	t, err := ForYear(KindQuarterlyReturn, d.Fund.FinancialYear)
	if err != nil {
		return nil, err
	}
	periods := money.Periods(d.Fund.FinancialYear)
	if len(periods) != 12 {
		return nil, fmt.Errorf("export: financial year %q", d.Fund.FinancialYear)
	}
	last := periods[q*3-1]
	wb := New(t, append(d.cover(), CoverLine{"Quarter", "Q" + strconv.Itoa(q) + " (to the end of " + last + ")"})...)
	for _, c := range d.Contributions {
		if err := wb.Add("income", Row{
			Text:  map[string]string{"partner": d.org(c.PartnerOrgID).Name, "source": c.Source.Label()},
			Pence: map[string]int64{"amount": int64(c.Amount)},
		}); err != nil {
			return nil, err
		}
	}
	type fig struct{ plan, toDate, actual money.Pence }
	by := map[int64]*fig{}
	get := func(id int64) *fig {
		if by[id] == nil {
			by[id] = &fig{}
		}
		return by[id]
	}
	for _, p := range d.Ledger {
		sign := money.Pence(p.Sign())
		switch p.Kind {
		case money.KindBudget:
			get(p.SchemeID).plan += p.Amount * sign
		case money.KindCommitment:
			profile := p.Profile
			if len(profile) == 0 {
				profile = money.EvenProfile(p.Amount, periods)
			}
			for _, l := range profile {
				if l.Period <= last {
					get(p.SchemeID).toDate += l.Amount * sign
				}
			}
		case money.KindActual:
			if p.Period <= last {
				get(p.SchemeID).actual += p.Amount * sign
			}
		}
	}
	for _, s := range d.Schemes {
		f := get(s.ID)
		if err := wb.Add("expenditure", Row{
			Text: map[string]string{"scheme_id": s.Ref, "scheme_name": s.Name, "provider": d.org(s.ProviderOrgID).Name},
			Pence: map[string]int64{"plan": int64(f.plan), "plan_to_date": int64(f.toDate), "actual": int64(f.actual),
				"variance": int64(f.actual - f.toDate)},
		}); err != nil {
			return nil, err
		}
	}
	return wb, nil
}
