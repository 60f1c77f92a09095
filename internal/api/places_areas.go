package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// AreaItem is one area in a list.
type AreaItem struct {
	Code string `json:"code" example:"E06000001" doc:"ONS (GSS) code."`
	Name string `json:"name" example:"Hartlepool"`
	Type string `json:"type" enum:"country,region,nhser,icb,stp,utla,ltla,lsoa"`
	// Population is a pointer so "unknown" is null rather than 0.
	Population  *int64   `json:"population" doc:"Mid-2021 population, the ONS estimate, for councils (utla, ltla) and areas made of whole councils. null where it is not known exactly: ICBs and 2017 footprints (stp) cut across councils and are not summed, and LSOAs are not held."`
	ParentCodes []string `json:"parent_codes" doc:"Codes of the areas this one sits in."`
	ValidFrom   string   `json:"valid_from,omitempty" format:"date"`
	ValidTo     string   `json:"valid_to,omitempty" format:"date"`
}

func areaItem(a places.Area) AreaItem {
	item := AreaItem{Code: a.Code, Name: a.Name, Type: string(a.Type), ParentCodes: a.ParentCodes,
		ValidFrom: a.ValidFrom, ValidTo: a.ValidTo}
	if item.ParentCodes == nil {
		item.ParentCodes = []string{}
	}
	if a.Population > 0 {
		pop := a.Population
		item.Population = &pop
	}
	return item
}

func areaItems(as []places.Area) []AreaItem {
	out := make([]AreaItem, len(as))
	for i, a := range as {
		out[i] = areaItem(a)
	}
	return out
}

// PopulationBand is the number of people of one sex in one 5-year age band.
type PopulationBand struct {
	Sex     string `json:"sex" enum:"female,male"`
	AgeBand string `json:"age_band" example:"0-4"`
	Count   int64  `json:"count"`
}

// AreaParent is an area that contains this one, wholly or in part.
type AreaParent struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Type    string `json:"type" enum:"country,region,nhser,icb,stp,utla,ltla,lsoa"`
	Whole   bool   `json:"whole" doc:"Whether this area lies entirely inside the parent."`
	LSOAs   int    `json:"lsoas" doc:"This area's 2011 LSOAs inside the parent; with of_lsoas, the share of a council split between two footprints."`
	OfLSOAs int    `json:"of_lsoas" doc:"This area's 2011 LSOAs in all."`
}

// AreaDetail is one area with its place in the hierarchy.
type AreaDetail struct {
	AreaItem
	Parents    []AreaParent     `json:"parents"`
	Children   []AreaItem       `json:"children" doc:"Areas directly inside this one (LSOAs are counted in child_count, not listed)."`
	ChildCount map[string]int   `json:"child_count" doc:"Number of child areas by type."`
	Population []PopulationBand `json:"population_by_age" doc:"Mid-2021 population by sex and 5-year age band; empty where not held."`
	OtherTypes []string         `json:"other_types" doc:"Other types that share this code (ask again with ?type=)."`
	// Effective-dated parents (issue 12): the reference links stay as they
	// are; changes loaded since (mergers) are listed, and applied when the
	// caller asks for a day.
	ParentChanges []places.ParentChange `json:"parent_changes" doc:"Changes of parent loaded since the reference data (mergers), oldest first; the reference parents above are never rewritten."`
	AsAt          string                `json:"as_at,omitempty" doc:"The day asked for with ?as_at=."`
	ParentsAsAt   []AreaParent          `json:"parents_as_at,omitempty" doc:"The parents on the day asked for with ?as_at=: the reference parents with every change effective by then applied."`
}

// AreaQuery is the optional type that picks one area when a code is shared
// (a unitary council is both utla and ltla; 29 E54 codes are both a 2017
// footprint and a 2022 ICB).
type AreaQuery struct {
	Type string `query:"type" enum:"country,region,nhser,icb,stp,utla,ltla,lsoa" doc:"The area's type, for codes shared by two types. Without it the larger or current area is chosen (places.SharedCodeOrder): country, region, nhser, icb, stp, utla, ltla, lsoa in that order; in practice icb before stp and utla before ltla."`
}

type listAreasInput struct {
	Type string `query:"type" enum:"country,region,nhser,icb,stp,utla,ltla,lsoa" doc:"Only areas of this type. icb: the 42 ICBs of 2022; stp: the 44 footprints of 2017; utla: upper-tier councils (health and wellbeing board areas)."`
	Q    string `query:"q" maxLength:"100" doc:"Part of the name, or the start of the code, any case."`
	// Parent narrows to areas directly inside one area.
	Parent   string `query:"parent" maxLength:"9" doc:"Only areas directly inside the area with this code."`
	ValidOn  string `query:"valid_on" format:"date" example:"2021-06-30" doc:"Only areas in force on this day (YYYY-MM-DD). Without it, a list of one type is taken on the date its data describes (councils and LSOAs 2021-06-30, footprints 2017-04-01, ICBs 2022-07-01): type=utla gives the 152 councils of 2021. Add historic=true for every area ever held, e.g. the five councils abolished since the 2017 footprint list."`
	Historic bool   `query:"historic" doc:"List areas whatever their dates, including abolished ones (ignored when valid_on is given)."`
	PageParams
}

type areaPath struct {
	Code string `path:"code" maxLength:"9" example:"E06000001" doc:"The area's ONS code."`
	AreaQuery
}

type areaDetailInput struct {
	Code string `path:"code" maxLength:"9" example:"E06000001" doc:"The area's ONS code."`
	AreaQuery
	AsAt string `query:"as_at" format:"date" example:"2026-04-01" doc:"Also give the parents in force on this day (YYYY-MM-DD), with the loaded changes (mergers) applied."`
}

type areaOutput struct{ Body AreaDetail }

type boundaryOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

func (a *API) registerAreas() {
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-areas", Method: http.MethodGet, Path: "/areas",
		Summary: "List areas", Tags: []string{"areas"},
		Description: "Reference geography of England: regions, NHS regions, ICBs (2022), STP footprints (2017), upper- and lower-tier councils and LSOAs.",
	}, a.listAreas)
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-area", Method: http.MethodGet, Path: "/areas/{code}",
		Summary: "Get an area with parents, children and population by sex and age", Tags: []string{"areas"},
	}, a.getArea)
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-area-boundary", Method: http.MethodGet, Path: "/areas/{code}/boundary",
		Summary: "Get an area's boundary as a GeoJSON Feature", Tags: []string{"areas"},
		Responses: map[string]*huma.Response{"200": {
			Description: "A GeoJSON Feature (RFC 7946) with the area's code and name as properties.",
			Content:     map[string]*huma.MediaType{"application/geo+json": {Schema: &huma.Schema{Type: "object"}}},
		}},
	}, a.getAreaBoundary)
}

func (a *API) listAreas(ctx context.Context, in *listAreasInput) (*ListOutput[AreaItem], error) {
	p := in.PageParams.normalised()
	f := store.AreaFilter{Type: places.AreaType(in.Type), Query: strings.TrimSpace(in.Q),
		Page: store.Page{Limit: p.PerPage, Offset: p.offset()}}
	if in.Parent != "" {
		parent, _, err := a.resolveArea(ctx, in.Parent, "")
		if err != nil {
			return nil, a.unknownAs(ctx, err, "query.parent", "No area has the code "+in.Parent)
		}
		f.Parent = parent.Ref()
	}
	f.ValidOn = strings.TrimSpace(in.ValidOn)
	if f.ValidOn == "" && !in.Historic {
		f.ValidOn = places.ListingDate(f.Type)
	}
	areas, total, err := a.deps.Store.ListAreas(ctx, f)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return newList(ctx, p, areaItems(areas), total), nil
}

func (a *API) getArea(ctx context.Context, in *areaDetailInput) (*areaOutput, error) {
	area, others, err := a.resolveArea(ctx, in.Code, in.Type)
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.code", noArea(in.Code, in.Type))
	}
	d, err := a.deps.Store.GetArea(ctx, area.Ref())
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.code", noArea(in.Code, in.Type))
	}
	out := AreaDetail{AreaItem: areaItem(d.Area), Parents: make([]AreaParent, len(d.Parents)),
		Children: areaItems(d.Children), ChildCount: map[string]int{},
		Population: make([]PopulationBand, len(d.Population)), OtherTypes: make([]string, len(others))}
	for i, t := range others {
		out.OtherTypes[i] = string(t)
	}
	for i, p := range d.Parents {
		out.Parents[i] = AreaParent{Code: p.Code, Name: p.Name, Type: string(p.Type), Whole: p.Whole(),
			LSOAs: p.LSOAs, OfLSOAs: p.OfLSOAs}
	}
	for t, n := range d.ChildCount {
		out.ChildCount[string(t)] = n
	}
	for i, c := range d.Population {
		out.Population[i] = PopulationBand{Sex: string(c.Sex), AgeBand: c.AgeBand, Count: c.Count}
	}
	if out.ParentChanges, err = a.deps.Store.ParentChanges(ctx, area.Ref()); err != nil {
		return nil, err
	}
	if in.AsAt != "" {
		out.AsAt = in.AsAt
		names := map[string]string{}
		for _, p := range d.Parents {
			names[p.Code] = p.Name
		}
		asAt := places.ParentsAsAt(d.Parents, out.ParentChanges, in.AsAt)
		out.ParentsAsAt = make([]AreaParent, len(asAt))
		for i, p := range asAt {
			name := names[p.Code]
			if name == "" {
				if got, err := a.deps.Store.GetArea(ctx, places.AreaRef{Type: p.Type, Code: p.Code}); err == nil {
					name = got.Name
				}
			}
			out.ParentsAsAt[i] = AreaParent{Code: p.Code, Name: name, Type: string(p.Type), Whole: p.Whole(), LSOAs: p.LSOAs, OfLSOAs: p.OfLSOAs}
		}
	}
	return &areaOutput{Body: out}, nil
}

func (a *API) getAreaBoundary(ctx context.Context, in *areaPath) (*boundaryOutput, error) {
	area, _, err := a.resolveArea(ctx, in.Code, in.Type)
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.code", noArea(in.Code, in.Type))
	}
	geo, err := a.boundary(area.Ref())
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.code", "no boundary is held for "+string(area.Type)+" "+area.Code)
	}
	return &boundaryOutput{ContentType: "application/geo+json", Body: geo}, nil
}

// notFoundAs maps a not-found error to a 404 naming the input that held
// the unknown value; other errors map as usual.
func (a *API) notFoundAs(ctx context.Context, err error, location, message string) error {
	if a.errs.notFound(err) || errors.Is(err, places.ErrNoArea) {
		return problem(http.StatusNotFound, message, &huma.ErrorDetail{Location: location, Message: message})
	}
	return a.errs.mapError(ctx, err)
}

func noArea(code, typ string) string {
	if typ != "" {
		return "no " + typ + " area has the code " + code
	}
	return "no area has the code " + code
}

// resolveArea finds the area with code (and type, when given) by the one
// rule every door uses (places.FindArea), with the other types sharing the
// code.
func (a *API) resolveArea(ctx context.Context, code, typ string) (places.Area, []places.AreaType, error) {
	return places.FindArea(ctx, a.deps.Store, code, places.AreaType(typ))
}

// unknownAs maps a not-found error for a value given in a query or body to
// a 422 naming where the value was; other errors map as usual.
func (a *API) unknownAs(ctx context.Context, err error, location, message string) error {
	if a.errs.notFound(err) || errors.Is(err, places.ErrNoArea) {
		return problem(http.StatusUnprocessableEntity, message, &huma.ErrorDetail{Location: location, Message: message})
	}
	return a.errs.mapError(ctx, err)
}

// knownArea checks a code given as a filter names some area, so a typo is
// reported rather than answered with an empty list.
func (a *API) knownArea(ctx context.Context, code, location string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return "", nil
	}
	found, err := a.deps.Store.AreasByCode(ctx, []string{code})
	if err != nil {
		return "", a.errs.mapError(ctx, err)
	}
	if len(found) == 0 {
		return "", a.unknownAs(ctx, places.ErrNoArea, location, "No area has the code "+code)
	}
	return code, nil
}
