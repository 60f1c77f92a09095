package api

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
)

// IndicatorItem is one catalogue entry.
type IndicatorItem struct {
	ID              int      `json:"id" example:"93701" doc:"Fingertips indicator ID, or a local ID given by an import mapping."`
	Name            string   `json:"name"`
	Definition      string   `json:"definition,omitempty"`
	Unit            string   `json:"unit" example:"%"`
	ValueType       string   `json:"value_type" enum:"proportion,crude_rate,directly_standardised_rate,indirectly_standardised_ratio,indirectly_standardised_proportion,mean,life_expectancy,count,score,other"`
	Method          string   `json:"method" doc:"The statistical method placeboard uses to compute values and limits from counts (wilson, byar, dsr_dobson, ...)."`
	Multiplier      float64  `json:"multiplier" example:"100"`
	CIMethod        string   `json:"ci_method,omitempty" doc:"The confidence-interval method the source names."`
	Polarity        string   `json:"polarity" enum:"high_is_good,low_is_good,no_judgement," doc:"Empty when the source does not say; treated as no judgement."`
	BenchmarkMethod string   `json:"benchmark_method" enum:"ci_overlap_95,ci_overlap_99_8,quintiles,none"`
	PeriodType      string   `json:"period_type" enum:"calendar,financial,academic,other"`
	Sources         []string `json:"sources"`
	Caveats         string   `json:"caveats,omitempty"`
	MetadataOrigin  string   `json:"metadata_origin" doc:"Where the catalogue entry came from."`
	HasData         bool     `json:"has_data" doc:"Whether values have been imported."`
	Periods         []string `json:"periods" doc:"Periods held, oldest first."`
}

func indicatorItem(ind needs.Indicator) IndicatorItem {
	src := ind.Sources
	if src == nil {
		src = []string{}
	}
	return IndicatorItem{ID: ind.ID, Name: ind.Name, Definition: ind.Definition, Unit: ind.Unit, ValueType: string(ind.ValueType),
		Method: string(ind.Method()), Multiplier: ind.Multiplier, CIMethod: ind.CIMethod, Polarity: string(ind.Polarity),
		BenchmarkMethod: string(ind.Benchmark), PeriodType: string(ind.PeriodType), Sources: src, Caveats: ind.Caveats,
		MetadataOrigin: ind.MetadataOrigin, Periods: []string{}}
}

// PeriodItem is a time period as published, with the dates it covers.
type PeriodItem struct {
	Label string `json:"label" example:"2021/22"`
	Type  string `json:"type" enum:"calendar,financial,academic,other"`
	From  string `json:"from" format:"date"`
	To    string `json:"to" format:"date"`
}

// ComparisonItem is a value set against its benchmark.
type ComparisonItem struct {
	Outcome        string   `json:"outcome" enum:"better,similar,worse,higher,lower,not_compared"`
	Method         string   `json:"method" enum:"ci_overlap_95,ci_overlap_99_8,quintiles,none"`
	BenchmarkCode  string   `json:"benchmark_area_code,omitempty"`
	BenchmarkValue *float64 `json:"benchmark_value"`
	Quintile       int      `json:"quintile,omitempty" doc:"1 (lowest values) to 5, for quintile comparisons."`
	Reason         string   `json:"reason" doc:"The comparison in words."`
}

func comparisonItem(c needs.Comparison) ComparisonItem {
	return ComparisonItem{Outcome: string(c.Outcome), Method: string(c.Method), BenchmarkCode: c.BenchmarkCode,
		BenchmarkValue: num(c.BenchmarkValue), Quintile: c.Quintile, Reason: c.Reason}
}

// ValueItem is one value of an indicator.
type ValueItem struct {
	IndicatorID  int             `json:"indicator_id"`
	AreaCode     string          `json:"area_code"`
	AreaName     string          `json:"area_name,omitempty"`
	Period       PeriodItem      `json:"period"`
	Sex          string          `json:"sex"`
	Age          string          `json:"age"`
	CategoryType string          `json:"category_type,omitempty"`
	Category     string          `json:"category,omitempty"`
	Value        *float64        `json:"value" doc:"null when suppressed or not published; see note."`
	Lower95      *float64        `json:"lower_ci_95"`
	Upper95      *float64        `json:"upper_ci_95"`
	Lower998     *float64        `json:"lower_ci_99_8"`
	Upper998     *float64        `json:"upper_ci_99_8"`
	Count        *float64        `json:"count"`
	Denominator  *float64        `json:"denominator"`
	Note         string          `json:"note,omitempty"`
	Origin       string          `json:"origin" enum:"computed,verified,precomputed" doc:"computed: by placeboard from count and denominator; verified: as published, and reproduced from count and denominator; precomputed: as published, not recomputable."`
	OriginDetail string          `json:"origin_detail,omitempty"`
	Comparison   *ComparisonItem `json:"comparison,omitempty" doc:"Against England for the same period, by the indicator's benchmarking method."`
}

func num(v float64) *float64 {
	if !needs.Has(v) {
		return nil
	}
	return &v
}

func valueItem(p needs.DataPoint) ValueItem {
	return ValueItem{IndicatorID: p.IndicatorID, AreaCode: p.AreaCode, AreaName: p.AreaName,
		Period: PeriodItem{Label: p.Period.Label, Type: string(p.Period.Type), From: p.Period.From, To: p.Period.To},
		Sex:    p.Sex, Age: p.Age, CategoryType: p.CategoryType, Category: p.Category,
		Value: num(p.Value), Lower95: num(p.Lower95), Upper95: num(p.Upper95), Lower998: num(p.Lower998), Upper998: num(p.Upper998),
		Count: num(p.Count), Denominator: num(p.Denominator), Note: p.Note, Origin: string(p.Origin), OriginDetail: p.OriginDetail}
}

type listIndicatorsInput struct {
	Q       string `query:"q" maxLength:"100" doc:"Part of the name, or the ID."`
	HasData string `query:"has_data" enum:"true,false" doc:"true: only indicators with imported values; false: only those without. Default: all."`
	PageParams
}

type indicatorDataInput struct {
	ID       int    `path:"id" minimum:"1" example:"93701" doc:"Indicator ID."`
	AreaType string `query:"area_type" enum:"country,region,nhser,icb,stp,utla,ltla" doc:"Only areas of this type."`
	Parent   string `query:"parent" maxLength:"9" doc:"With area_type, only areas of that type inside this area (e.g. utla in region E12000007)."`
	Period   string `query:"period" maxLength:"40" example:"2021/22" doc:"Only this period, as published."`
	Sex      string `query:"sex" enum:"Persons,Male,Female" default:"Persons"`
	PageParams
}

func (a *API) registerIndicators() {
	huma.Register(a.huma, huma.Operation{
		OperationID: "list-indicators", Method: http.MethodGet, Path: "/indicators",
		Summary: "List the indicator catalogue", Tags: []string{"needs"},
		Description: "The catalogue seeded from Fingertips Next metadata and the Fingertips API catalogue, plus indicators defined by imports. Each entry carries its value type, statistical method, polarity and benchmarking method.",
	}, func(ctx context.Context, in *listIndicatorsInput) (*ListOutput[IndicatorItem], error) {
		p := in.PageParams.normalised()
		cat, err := a.deps.Store.NeedsCatalogue(ctx)
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		stored, err := a.deps.Store.ListIndicators(ctx)
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		periods := map[int][]string{}
		for _, s := range stored {
			periods[s.ID] = s.Periods
		}
		q := strings.ToLower(strings.TrimSpace(in.Q))
		var items []IndicatorItem
		for _, ind := range cat.All() {
			ps, has := periods[ind.ID]
			if (in.HasData == "true" && !has) || (in.HasData == "false" && has) {
				continue
			}
			if q != "" && !strings.Contains(strings.ToLower(ind.Name), q) && !strings.HasPrefix(itoaInt(ind.ID), q) {
				continue
			}
			it := indicatorItem(ind)
			it.HasData = has
			if ps != nil {
				it.Periods = ps
			}
			items = append(items, it)
		}
		sort.SliceStable(items, func(i, j int) bool {
			if items[i].HasData != items[j].HasData {
				return items[i].HasData
			}
			return items[i].ID < items[j].ID
		})
		return newList(ctx, p, pageOf(items, p), len(items)), nil
	})

	huma.Register(a.huma, huma.Operation{
		OperationID: "get-indicator-data", Method: http.MethodGet, Path: "/indicators/{id}/data",
		Summary: "Get an indicator's values, compared with England", Tags: []string{"needs"},
		Description: "Headline values (no inequality breakdowns) of one sex, ordered by period then area, each compared with England for its period by the indicator's benchmarking method.",
	}, func(ctx context.Context, in *indicatorDataInput) (*ListOutput[ValueItem], error) {
		p := in.PageParams.normalised()
		cat, err := a.deps.Store.NeedsCatalogue(ctx)
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		ind, ok := cat.Get(in.ID)
		if !ok {
			return nil, huma.Error404NotFound("no indicator has the ID "+itoaInt(in.ID), &huma.ErrorDetail{Location: "path.id", Message: "not in the catalogue", Value: in.ID})
		}
		if in.Parent != "" && in.AreaType == "" {
			return nil, huma.Error422UnprocessableEntity("give area_type with parent", &huma.ErrorDetail{Location: "query.area_type", Message: "required when parent is given"})
		}
		q := store.ValueQuery{IndicatorID: ind.ID, AreaType: in.AreaType, Period: in.Period, Sex: in.Sex}
		if in.Parent != "" {
			parent, _, err := a.resolveArea(ctx, in.Parent, "")
			if err != nil {
				return nil, a.notFoundAs(ctx, err, "query.parent", "no area has the code "+in.Parent)
			}
			q.ParentCode = parent.Code
		}
		pts, err := a.deps.Store.IndicatorValues(ctx, q)
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		england, err := a.deps.Store.IndicatorValues(ctx, store.ValueQuery{IndicatorID: ind.ID, AreaCodes: []string{needs.EnglandCode}, Period: in.Period, Sex: in.Sex})
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		items := comparedItems(ind, pts, england)
		return newList(ctx, p, pageOf(items, p), len(items)), nil
	})
}

// comparedItems compares each period's values with England's
// (needs.CompareByPeriod, the one rule for every door).
func comparedItems(ind needs.Indicator, pts, england []needs.DataPoint) []ValueItem {
	comps := needs.CompareByPeriod(pts, england, needs.EnglandCode, ind)
	items := make([]ValueItem, len(pts))
	for i, p := range pts {
		items[i] = valueItem(p)
		c := comparisonItem(comps[i])
		items[i].Comparison = &c
	}
	return items
}

func itoaInt(n int) string { return strconv.Itoa(n) }
