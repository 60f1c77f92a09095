package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

// DecileItem is one deprivation decile's value.
type DecileItem struct {
	Decile     int            `json:"decile" minimum:"1" maximum:"10" doc:"1 is the most deprived tenth, 10 the least (the Index of Multiple Deprivation's convention)."`
	Value      ValueItem      `json:"value"`
	Comparison ComparisonItem `json:"comparison" doc:"Compared with the area's overall value (persons, the deciles' age, no category) by the 95% confidence interval."`
	Share      *float64       `json:"share" doc:"The decile's weight in the SII, a share of 1; null when left out of it."`
	Rank       *float64       `json:"rank" doc:"The middle of the decile's place on the scale from 0 (most deprived) to 1 (least), as phe_sii's regression uses it; null when left out."`
}

// SIIItem is the slope index of inequality with its simulated limits.
type SIIItem struct {
	Value       float64 `json:"value" doc:"The gap between the least and the most deprived ends of the line fitted through the deciles, in the indicator's unit: positive when values rise towards the least deprived (phe_sii's sign)."`
	Lower       float64 `json:"lower_ci"`
	Upper       float64 `json:"upper_ci"`
	Level       float64 `json:"confidence" example:"0.95"`
	Intercept   float64 `json:"intercept" doc:"The fitted value at the most deprived end."`
	ValueType   int     `json:"value_type" enum:"0,1,2" doc:"phe_sii's value_type: 0 other, 1 rate, 2 proportion (values divided by the multiplier)."`
	Multiplier  float64 `json:"multiplier"`
	Repetitions int     `json:"repetitions" doc:"Simulation repetitions (phe_sii's default, 100,000)."`
	Seed        int32   `json:"seed" doc:"set.seed(seed) in R before phe_sii gives the same limits."`
	Weights     string  `json:"weights" enum:"denominator,equal" doc:"denominator: each decile weighed by its denominator (rates); equal: each a tenth (proportions and other values, whose denominators may be survey samples)."`
	Sentence    string  `json:"sentence" doc:"The SII in words, as the web page states it."`
}

// SexItem is one sex's value.
type SexItem struct {
	Value      ValueItem      `json:"value"`
	Comparison ComparisonItem `json:"comparison" doc:"Compared with persons by the 95% confidence interval; persons is not compared."`
}

// AreaInequalities is one area's values of an indicator by deprivation
// decile and by sex.
type AreaInequalities struct {
	AreaCode    string        `json:"area_code"`
	AreaName    string        `json:"area_name"`
	Indicator   IndicatorItem `json:"indicator"`
	Period      string        `json:"period" doc:"Empty when the area has no values."`
	Periods     []string      `json:"periods"`
	DecileType  string        `json:"decile_type,omitempty" doc:"The category type of the deciles, as published."`
	DecileTypes []string      `json:"decile_types"`
	Sex         string        `json:"sex,omitempty" doc:"Whom the deciles are about."`
	Age         string        `json:"age,omitempty"`
	Overall     *ValueItem    `json:"overall" doc:"The area's value for the whole population: the reference of the comparisons."`
	Deciles     []DecileItem  `json:"deciles" doc:"Most deprived first; empty when the indicator has no values by deprivation decile for the area."`
	SII         *SIIItem      `json:"sii" doc:"null without at least 5 deciles with values and 95% limits; sii_note says why."`
	SIINote     string        `json:"sii_note,omitempty"`
	BySex       []SexItem     `json:"by_sex" doc:"Persons, female, male, for the period and the deciles' age."`
	SexNote     string        `json:"sex_note,omitempty" doc:"Male and female compared by their 95% intervals, in words."`
}

type inequalitiesInput struct {
	Code    string `path:"code" maxLength:"9" example:"E92000001" doc:"The area's ONS code."`
	ID      int    `path:"id" minimum:"1" example:"93088" doc:"Indicator ID."`
	Period  string `query:"period" maxLength:"40" example:"2022" doc:"The period, as published. Default: the latest with deciles."`
	Deciles string `query:"deciles" maxLength:"200" doc:"The deciles' category type, as published, when the area has several. Default: the one with the latest period."`
}

type inequalitiesOutput struct{ Body AreaInequalities }

func (a *API) registerNeedsInequalities() {
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-area-inequalities", Method: http.MethodGet, Path: "/areas/{code}/indicators/{id}/inequalities",
		Summary: "Get an area's values of an indicator by deprivation decile and by sex, with the slope index of inequality", Tags: []string{"needs", "areas"},
		Description: "The deciles are ordered most to least deprived, each compared with the area's overall value; the slope index of inequality is PHEindicatormethods' phe_sii (internal/stats) with its simulated 95% limits. " +
			"The web page /areas/{code}/inequalities/{id} shows the same answer.",
	}, a.getAreaInequalities)
}

// getAreaInequalities serves needs.AreaInequalities, the use-case the web
// page shares.
func (a *API) getAreaInequalities(ctx context.Context, in *inequalitiesInput) (*inequalitiesOutput, error) {
	v, err := needs.AreaInequalities(ctx, a.deps.Store, needs.InequalityQuery{AreaCode: in.Code, IndicatorID: in.ID, Period: in.Period, DecileType: in.Deciles})
	var qe *needs.InequalityQueryError
	switch {
	case errors.Is(err, places.ErrNoArea):
		return nil, a.notFoundAs(ctx, err, "path.code", noArea(in.Code, ""))
	case errors.Is(err, needs.ErrNoIndicator):
		return nil, huma.Error404NotFound("no indicator has the ID "+itoaInt(in.ID), &huma.ErrorDetail{Location: "path.id", Message: "not in the catalogue", Value: in.ID})
	case errors.As(err, &qe):
		value := in.Period
		if qe.Field == "deciles" {
			value = in.Deciles
		}
		return nil, huma.Error422UnprocessableEntity(qe.Field+" "+qe.Message, &huma.ErrorDetail{Location: "query." + qe.Field, Message: qe.Message, Value: value})
	case err != nil:
		return nil, a.errs.mapError(ctx, err)
	}
	out := AreaInequalities{AreaCode: v.Area.Code, AreaName: v.Area.Name, Indicator: indicatorItem(v.Indicator), Period: v.Period, Periods: v.Periods,
		DecileType: v.DecileType, DecileTypes: v.DecileTypes, Sex: v.Sex, Age: v.Age, SIINote: v.SIINote, SexNote: v.SexNote,
		Deciles: []DecileItem{}, BySex: []SexItem{}}
	if out.Periods == nil {
		out.Periods = []string{}
	}
	if out.DecileTypes == nil {
		out.DecileTypes = []string{}
	}
	out.Indicator.HasData = len(v.Periods) > 0
	if needs.Has(v.Overall.Value) {
		o := valueItem(v.Overall)
		out.Overall = &o
	}
	for _, d := range v.Deciles {
		item := DecileItem{Decile: d.Decile, Value: valueItem(d.Point), Comparison: comparisonItem(d.Comparison)}
		if d.Share > 0 {
			item.Share, item.Rank = num(d.Share), num(d.Rank)
		}
		out.Deciles = append(out.Deciles, item)
	}
	if s := v.SII; s != nil {
		out.SII = &SIIItem{Value: s.Value, Lower: s.Lower, Upper: s.Upper, Level: s.Level, Intercept: s.Intercept, ValueType: s.ValueType,
			Multiplier: s.Multiplier, Repetitions: s.Repetitions, Seed: s.Seed, Weights: string(s.Weights), Sentence: s.Sentence(v.Indicator.Unit)}
	}
	for _, s := range v.BySex {
		out.BySex = append(out.BySex, SexItem{Value: valueItem(s.Point), Comparison: comparisonItem(s.Comparison)})
	}
	return &inequalitiesOutput{Body: out}, nil
}
