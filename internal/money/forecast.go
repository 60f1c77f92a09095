package money

import (
	"fmt"
	"slices"
)

// SchemeForecast is one scheme's forecast for the year.
type SchemeForecast struct {
	SchemeID  int64  `json:"scheme_id"`
	Ref       string `json:"ref"`
	Name      string `json:"name"`
	Budget    Pence  `json:"budget_pence"`
	Committed Pence  `json:"committed_pence"`
	Actual    Pence  `json:"actual_pence"`    // spent to date
	Remaining Pence  `json:"remaining_pence"` // committed spend profiled after the as-of month
	Forecast  Pence  `json:"forecast_pence"`  // actual + remaining
	Variance  Pence  `json:"variance_pence"`  // budget - forecast; negative is an overspend
	Overspend bool   `json:"overspend"`
}

// MonthSpend is planned (profiled) against actual spend in one month.
type MonthSpend struct {
	Period  string `json:"period"`
	Planned Pence  `json:"planned_pence"`
	Actual  Pence  `json:"actual_pence"`
}

// Alert warns of a forecast overspend.
type Alert struct {
	SchemeID int64  `json:"scheme_id,omitempty"` // 0 for the whole fund
	Message  string `json:"message"`
}

// Forecast is a fund's forecast as at the end of a month.
type Forecast struct {
	AsOf      string           `json:"as_of"` // the last month of actuals counted
	Schemes   []SchemeForecast `json:"schemes"`
	Budget    Pence            `json:"budget_pence"`
	Actual    Pence            `json:"actual_pence"`
	Forecast  Pence            `json:"forecast_pence"`
	Variance  Pence            `json:"variance_pence"`
	Available Pence            `json:"available_pence"` // contributions
	Months    []MonthSpend     `json:"months"`
	Alerts    []Alert          `json:"alerts"`
}

// ForecastFund forecasts spend per scheme and for the fund from the
// actuals to date (months up to asOf) and the commitments' spend profiles
// after it. A commitment without a profile is spread evenly from its month
// to the year end. Reversals count against what they reverse.
func ForecastFund(fy, asOf string, schemes []Scheme, ps []Posting) Forecast {
	periods := Periods(fy)
	f := Forecast{AsOf: asOf, Schemes: []SchemeForecast{}, Alerts: []Alert{}}
	byID := map[int64]*SchemeForecast{}
	for _, s := range schemes {
		f.Schemes = append(f.Schemes, SchemeForecast{SchemeID: s.ID, Ref: s.Ref, Name: s.Name})
	}
	for i := range f.Schemes {
		byID[f.Schemes[i].SchemeID] = &f.Schemes[i]
	}
	get := func(id int64) *SchemeForecast {
		if s := byID[id]; s != nil {
			return s
		}
		f.Schemes = append(f.Schemes, SchemeForecast{SchemeID: id, Ref: fmt.Sprint(id)})
		// Re-point: append may have moved the slice.
		for i := range f.Schemes {
			byID[f.Schemes[i].SchemeID] = &f.Schemes[i]
		}
		return byID[id]
	}
	months := map[string]*MonthSpend{}
	for _, p := range periods {
		months[p] = &MonthSpend{Period: p}
	}
	for _, p := range ps {
		sign := Pence(p.Sign())
		switch p.Kind {
		case KindContribution:
			f.Available += sign * p.Amount
		case KindBudget:
			get(p.SchemeID).Budget += sign * p.Amount
		case KindActual:
			if p.Period <= asOf {
				get(p.SchemeID).Actual += sign * p.Amount
			}
			if m := months[p.Period]; m != nil {
				m.Actual += sign * p.Amount
			}
		case KindCommitment:
			s := get(p.SchemeID)
			s.Committed += sign * p.Amount
			profile := p.Profile
			if len(profile) == 0 {
				i := slices.Index(periods, p.Period)
				if i < 0 {
					i = 0
				}
				profile = EvenProfile(p.Amount, periods[i:])
			}
			for _, l := range profile {
				if l.Period > asOf {
					s.Remaining += sign * l.Amount
				}
				if m := months[l.Period]; m != nil {
					m.Planned += sign * l.Amount
				}
			}
		}
	}
	for i := range f.Schemes {
		s := &f.Schemes[i]
		s.Forecast = s.Actual + s.Remaining
		s.Variance = s.Budget - s.Forecast
		s.Overspend = s.Variance < 0
		f.Budget += s.Budget
		f.Actual += s.Actual
		f.Forecast += s.Forecast
		if s.Overspend {
			f.Alerts = append(f.Alerts, Alert{SchemeID: s.SchemeID, Message: fmt.Sprintf("Scheme %s is forecast to overspend by %s", s.Ref, -s.Variance)})
		}
	}
	f.Variance = f.Budget - f.Forecast
	if f.Forecast > f.Available {
		f.Alerts = append(f.Alerts, Alert{Message: fmt.Sprintf("The fund is forecast to spend %s more than its contributions", f.Forecast-f.Available)})
	}
	for _, p := range periods {
		f.Months = append(f.Months, *months[p])
	}
	return f
}

// Outturns turns a forecast into the waterfall's input, naming each
// scheme's commissioner.
func (f Forecast) Outturns(schemes []Scheme) []SchemeOutturn {
	comm := map[int64]int64{}
	for _, s := range schemes {
		comm[s.ID] = s.CommissionerOrgID
	}
	out := make([]SchemeOutturn, len(f.Schemes))
	for i, s := range f.Schemes {
		out[i] = SchemeOutturn{SchemeID: s.SchemeID, Name: s.Name, CommissionerOrgID: comm[s.SchemeID], Budget: s.Budget, Outturn: s.Forecast}
	}
	return out
}
