package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

// TrendItem is a recent trend.
type TrendItem struct {
	Marker    string `json:"marker" enum:"increasing,decreasing,no_significant_change,cannot_be_calculated"`
	Direction string `json:"direction,omitempty" enum:"better,worse,"`
	Label     string `json:"label" example:"Increasing and getting worse"`
	Points    int    `json:"points"`
	Method    string `json:"method,omitempty"`
}

// ProfileItem is one indicator of an area profile.
type ProfileItem struct {
	Indicator IndicatorItem `json:"indicator"`
	Period    string        `json:"period"`
	Sex       string        `json:"sex" doc:"Whom the value is about: Persons, Male or Female."`
	Age       string        `json:"age" example:"18+ yrs"`
	// CategoryType and Category name an inequality breakdown (for example a
	// deprivation decile); empty for the headline value.
	CategoryType string         `json:"category_type,omitempty"`
	Category     string         `json:"category,omitempty" example:"Most deprived decile (IMD2019)"`
	Value        ValueItem      `json:"value"`
	Benchmark    *float64       `json:"benchmark_value" doc:"The benchmark's (England's) value for the period."`
	Comparison   ComparisonItem `json:"comparison"`
	Trend        TrendItem      `json:"trend"`
	Areas        int            `json:"areas_compared" doc:"Areas of the peer type with values."`
	Min          *float64       `json:"min"`
	Q1           *float64       `json:"q1"`
	Median       *float64       `json:"median"`
	Q3           *float64       `json:"q3"`
	Max          *float64       `json:"max"`
	// HasInequalities is needs.ProfileRow.HasInequalities, the rule behind
	// the web profile's "Inequalities" links.
	HasInequalities bool `json:"has_inequalities" doc:"True when the area has values of this indicator by deprivation decile or by sex (female and male), of any period: GET /areas/{code}/indicators/{id}/inequalities then has deciles or values by sex to show. The same for every row of the indicator."`
	// Compared is the value against the chosen comparator (needs_comparator.go), with ?comparator= only.
	Compared *ComparedItem `json:"compared,omitempty"`
}

// AreaProfile is an area's indicators against England.
type AreaProfile struct {
	AreaCode      string        `json:"area_code"`
	AreaName      string        `json:"area_name"`
	AreaType      string        `json:"area_type"`
	PeerType      string        `json:"peer_type" doc:"The area type whose values give the range and quintiles: by default areas of the same kind (regions with regions, ICBs with ICBs, councils with councils of their tier; England with the regions)."`
	BenchmarkCode string        `json:"benchmark_area_code" example:"E92000001"`
	BenchmarkName string        `json:"benchmark_area_name" example:"England"`
	Items         []ProfileItem `json:"items"`
	// Comparator is the comparator chosen with ?comparator= (needs_comparator.go).
	Comparator *ComparatorItem `json:"comparator,omitempty"`
}

type areaProfileInput struct {
	Code     string `path:"code" maxLength:"9" example:"E06000001" doc:"The area's ONS code."`
	Type     string `query:"type" enum:"country,region,nhser,icb,stp,utla,ltla" doc:"The area's type, for codes shared by two types."`
	PeerType string `query:"peer_type" enum:"region,nhser,icb,stp,utla,ltla" doc:"Areas to compare with for the range and quintiles instead of the default peer group (areas of the same kind)."`
	ComparatorParams
}

type profileOutput struct{ Body AreaProfile }

func (a *API) registerNeedsProfile() {
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-area-profile", Method: http.MethodGet, Path: "/areas/{code}/profile",
		Summary: "Get an area's indicator profile against England", Tags: []string{"needs", "areas"},
		Description: "For every indicator with values for the area: its latest period, England's value, the comparison, the range across peer areas and the recent trend. " +
			"The web page /areas/{code}/profile and its CSV show the same comparisons.",
	}, a.getAreaProfile)
}

// getAreaProfile serves needs.Profiles.AreaProfile, the use-case the web
// profile page and its CSV share.
func (a *API) getAreaProfile(ctx context.Context, in *areaProfileInput) (*profileOutput, error) {
	choice, compare, err := in.choice()
	if err != nil {
		return nil, err
	}
	prof, err := needs.Profiles{Store: a.deps.Store}.AreaProfile(ctx, needs.ProfileQuery{
		Code: in.Code, Type: places.AreaType(in.Type), PeerType: places.AreaType(in.PeerType)})
	switch {
	case errors.Is(err, places.ErrNoArea):
		return nil, a.notFoundAs(ctx, err, "path.code", noArea(in.Code, in.Type))
	case errors.Is(err, needs.ErrBadPeerType):
		return nil, huma.Error422UnprocessableEntity(needs.ErrBadPeerType.Error(), &huma.ErrorDetail{Location: "query.peer_type", Message: needs.ErrBadPeerType.Error(), Value: in.PeerType})
	case err != nil:
		return nil, a.errs.mapError(ctx, err)
	}
	out := AreaProfile{AreaCode: prof.Area.Code, AreaName: prof.Area.Name, AreaType: string(prof.Area.Type), PeerType: string(prof.PeerType),
		BenchmarkCode: prof.Benchmark.Code, BenchmarkName: prof.Benchmark.Name, Items: make([]ProfileItem, len(prof.Rows))}
	for i, r := range prof.Rows {
		out.Items[i] = ProfileItem{Indicator: indicatorItem(r.Indicator), Period: r.Period, Sex: r.Sex, Age: r.Age, CategoryType: r.CategoryType, Category: r.Category, Value: valueItem(r.Area),
			Benchmark: num(r.Benchmark.Value), Comparison: comparisonItem(r.Comparison),
			Trend: TrendItem{Marker: string(r.Trend.Marker), Direction: string(r.Trend.Direction), Label: r.Trend.Label(), Points: r.Trend.Points, Method: r.Trend.Method},
			Areas: r.Areas, Min: num(r.Min), Q1: num(r.Q1), Median: num(r.Median), Q3: num(r.Q3), Max: num(r.Max), HasInequalities: r.HasInequalities}
		out.Items[i].Indicator.HasData = true
	}
	if compare {
		if err := a.compareProfile(ctx, prof, choice, &out); err != nil {
			return nil, err
		}
	}
	return &profileOutput{Body: out}, nil
}
