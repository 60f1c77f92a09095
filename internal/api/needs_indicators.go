package api

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
)

// registerIndicatorCatalogue lists the operations on the indicator
// catalogue and its values. (The area profile is registered with the
// other profile operations.)
func (a *API) registerIndicatorCatalogue() {
	huma.Register(a.huma, huma.Operation{
		OperationID: "list-indicators", Method: http.MethodGet, Path: "/indicators",
		Summary: "List the indicator catalogue", Tags: []string{"needs"},
		Description: "The catalogue seeded from Fingertips Next metadata and the Fingertips API catalogue, plus indicators defined by imports. Each entry carries its value type, statistical method, polarity and benchmarking method.",
	}, a.listIndicators)
	huma.Register(a.huma, huma.Operation{
		OperationID: "get-indicator-data", Method: http.MethodGet, Path: "/indicators/{id}/data",
		Summary: "Get an indicator's values, compared with England", Tags: []string{"needs"},
		Description: "Values of one sex (and, if asked, one age group or one inequality category; by default the headline values, with no category), ordered by period then area, each compared with England for its period by the indicator's benchmarking method. The age bands that feed a directly standardised rate are inputs and are not listed.",
	}, a.getIndicatorData)
}

func (a *API) listIndicators(ctx context.Context, in *listIndicatorsInput) (*ListOutput[IndicatorItem], error) {
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
	words := needs.SearchWords(q)
	var items []IndicatorItem
	for _, ind := range cat.All() {
		ps, has := periods[ind.ID]
		if (in.HasData == "true" && !has) || (in.HasData == "false" && has) {
			continue
		}
		if q != "" && !ind.MatchesWords(words) && !strings.HasPrefix(itoaInt(ind.ID), q) {
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
}

func (a *API) getIndicatorData(ctx context.Context, in *indicatorDataInput) (*ListOutput[ValueItem], error) {
	p := in.PageParams.normalised()
	choice, compare, err := in.choice()
	if err != nil {
		return nil, err
	}
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
	q := store.ValueQuery{IndicatorID: ind.ID, AreaType: in.AreaType, Period: in.Period, Sex: in.Sex, Age: in.Age, Category: in.Category}
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
	england, err := a.deps.Store.IndicatorValues(ctx, store.ValueQuery{IndicatorID: ind.ID, AreaCodes: []string{needs.EnglandCode}, Period: in.Period, Sex: in.Sex, Age: in.Age, Category: in.Category})
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	// A DSR's age bands are its inputs, not values to list.
	pts = slices.DeleteFunc(pts, needs.DataPoint.IsBandInput)
	england = slices.DeleteFunc(england, needs.DataPoint.IsBandInput)
	items := comparedItems(ind, pts, england)
	if compare {
		if err := a.compareValues(ctx, ind, pts, items, choice, in.AreaType); err != nil {
			return nil, err
		}
	}
	return newList(ctx, p, pageOf(items, p), len(items)), nil
}
