package api

// The comparator choice (England, the area's region or ICB, or a chosen
// set) on the profile and the indicator data. Every comparison is
// needs.Comparators'; this file only reads the parameters and writes the
// answers.

import (
	"context"
	"errors"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

// ComparatorParams are the query parameters choosing a comparator.
type ComparatorParams struct {
	Comparator string `query:"comparator" enum:"england,region,icb,set" doc:"Also compare each value with: England; the area's region (an upper-tier council's ONS region, a district's through its county, an ICB's NHS England region); the ICB it lies wholly in; or set, the areas named in set taken together (proportions and crude rates pooled from their counts and denominators with Wilson and Byar limits; other values compared with each member). Region and ICB follow the parent links as at today, loaded mergers included."`
	Set        string `query:"set" maxLength:"400" example:"E08000011,E08000013" doc:"With comparator=set: up to 20 ONS area codes separated by commas."`
}

// choice reads the parameters; a bad set is a 422 naming query.set.
func (p ComparatorParams) choice() (needs.ComparatorChoice, bool, error) {
	if p.Comparator == "" {
		return needs.ComparatorChoice{}, false, nil
	}
	c, err := needs.ParseComparator(p.Comparator, p.Set)
	if err != nil {
		return c, false, comparatorProblem(err)
	}
	return c, true, nil
}

// comparatorProblem turns a *needs.ComparatorError into a 422 naming its
// parameter; other errors are returned as they are.
func comparatorProblem(err error) error {
	var ce *needs.ComparatorError
	if !errors.As(err, &ce) {
		return err
	}
	return huma.Error422UnprocessableEntity(ce.Message, &huma.ErrorDetail{Location: "query." + ce.Field, Message: ce.Message, Value: ce.Value})
}

// ComparatorItem is the comparator resolved for an area.
type ComparatorItem struct {
	Kind        string   `json:"kind" enum:"england,region,icb,set"`
	Code        string   `json:"code,omitempty" doc:"The comparator area's code; empty for a set."`
	Name        string   `json:"name" example:"North West"`
	Members     []string `json:"members,omitempty" doc:"A set's area codes."`
	Unavailable string   `json:"unavailable,omitempty" doc:"Why the area has nothing to compare with (for example a region has no region)."`
}

func comparatorItem(c needs.Comparator) ComparatorItem {
	out := ComparatorItem{Kind: string(c.Kind), Code: c.Code, Name: c.Name, Unavailable: c.Unavailable}
	for _, m := range c.Members {
		out.Members = append(out.Members, m.Code)
	}
	return out
}

// MemberComparisonItem is a value compared with one member of a set whose
// values cannot be pooled.
type MemberComparisonItem struct {
	AreaCode   string         `json:"area_code"`
	AreaName   string         `json:"area_name"`
	Value      *float64       `json:"value"`
	Comparison ComparisonItem `json:"comparison"`
}

// ComparedItem is a value set against the chosen comparator.
type ComparedItem struct {
	ComparatorCode string                 `json:"comparator_area_code,omitempty"`
	ComparatorName string                 `json:"comparator_name"`
	Value          *float64               `json:"value" doc:"The comparator's value for the same period, sex, age and category: stored, or pooled (see pooled)."`
	Lower95        *float64               `json:"lower_ci_95"`
	Upper95        *float64               `json:"upper_ci_95"`
	Count          *float64               `json:"count"`
	Denominator    *float64               `json:"denominator"`
	Pooled         string                 `json:"pooled,omitempty" doc:"How the value was pooled from counts and denominators; empty when stored."`
	Comparison     ComparisonItem         `json:"comparison"`
	Members        []MemberComparisonItem `json:"members,omitempty"`
}

func comparedItem(c needs.Compared) *ComparedItem {
	out := &ComparedItem{ComparatorCode: c.Value.AreaCode, ComparatorName: c.Value.AreaName, Value: num(c.Value.Value), Lower95: num(c.Value.Lower95), Upper95: num(c.Value.Upper95),
		Count: num(c.Value.Count), Denominator: num(c.Value.Denominator), Pooled: c.Pooled, Comparison: comparisonItem(c.Comparison)}
	for _, m := range c.Members {
		out.Members = append(out.Members, MemberComparisonItem{AreaCode: m.AreaCode, AreaName: m.AreaName, Value: num(m.Value), Comparison: comparisonItem(m.Comparison)})
	}
	return out
}

// compareProfile adds the comparator and each item's comparison with it.
func (a *API) compareProfile(ctx context.Context, prof needs.AreaProfile, choice needs.ComparatorChoice, out *AreaProfile) error {
	pc, err := needs.Comparators{Store: a.deps.Store}.CompareProfile(ctx, prof.Area, prof.Rows, choice)
	if err != nil {
		if p := comparatorProblem(err); p != err {
			return p
		}
		return a.errs.mapError(ctx, err)
	}
	ci := comparatorItem(pc.Comparator)
	out.Comparator = &ci
	for i := range out.Items {
		out.Items[i].Compared = comparedItem(pc.Rows[i])
	}
	return nil
}

// compareValues adds each value's comparison with the chosen comparator.
func (a *API) compareValues(ctx context.Context, ind needs.Indicator, pts []needs.DataPoint, items []ValueItem, choice needs.ComparatorChoice, areaType string) error {
	cs, err := needs.Comparators{Store: a.deps.Store}.ComparePoints(ctx, choice, ind, pts, places.AreaType(areaType))
	if err != nil {
		if p := comparatorProblem(err); p != err {
			return p
		}
		return a.errs.mapError(ctx, err)
	}
	for i := range items {
		items[i].Compared = comparedItem(cs[i])
	}
	return nil
}
