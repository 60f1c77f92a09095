package api

import (
	"strconv"

	"github.com/placeboard/placeboard/internal/needs"
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
	// Compared is the value against the comparator chosen with ?comparator= (needs_comparator.go).
	Compared *ComparedItem `json:"compared,omitempty" doc:"With ?comparator=: against the chosen comparator (each area's own region or ICB, or the set) for the same period."`
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
	Q       string `query:"q" maxLength:"100" doc:"Words in the name or definition (every word must appear), or the start of the ID."`
	HasData string `query:"has_data" enum:"true,false" doc:"true: only indicators with imported values; false: only those without. Default: all."`
	PageParams
}

type indicatorDataInput struct {
	ID       int    `path:"id" minimum:"1" example:"93701" doc:"Indicator ID."`
	AreaType string `query:"area_type" enum:"country,region,nhser,icb,stp,utla,ltla" doc:"Only areas of this type."`
	Parent   string `query:"parent" maxLength:"9" doc:"With area_type, only areas of that type inside this area (e.g. utla in region E12000007)."`
	Period   string `query:"period" maxLength:"40" example:"2021/22" doc:"Only this period, as published."`
	Sex      string `query:"sex" enum:"Persons,Male,Female" default:"Persons"`
	Age      string `query:"age" maxLength:"40" example:"18+ yrs" doc:"Only this age group, as published. Default: every age group; the age bands that are a directly standardised rate's inputs are never listed."`
	Category string `query:"category" maxLength:"200" example:"Most deprived decile (IMD2019)" doc:"Only this category of an inequality breakdown (for example a deprivation decile), as published. Default: the headline values, with no category."`
	ComparatorParams
	PageParams
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
