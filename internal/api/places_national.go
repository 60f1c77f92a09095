package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/places"
)

// Footprint is one row of the national view.
type Footprint struct {
	Code            string        `json:"code" example:"E54000008"`
	Name            string        `json:"name"`
	Population      *int64        `json:"population" doc:"Mid-2021; see AreaItem.population."`
	PartnershipID   int64         `json:"partnership_id,omitempty" doc:"The footprint partnership, when one is recorded (the first by name when there are several)."`
	LeadOrg         *Organisation `json:"lead_org,omitempty"`
	LeadSector      string        `json:"lead_sector,omitempty" enum:"nhs,local_government,other" doc:"The lead organisation's sector; absent when no lead is recorded."`
	Councils        []AreaItem    `json:"councils" doc:"Upper-tier councils in the footprint (some only in part)."`
	CouncilsTotal   int           `json:"councils_total" doc:"M in \"N of M councils on the leadership board\"."`
	CouncilsOnBoard int           `json:"councils_on_board" doc:"N: councils represented on the footprint partnership's board by an upper-tier council organisation whose ONS code, or a served area, is the council's code."`
	OnBoardCodes    []string      `json:"councils_on_board_codes" doc:"The codes of those N councils."`
}

// NationalSummary adds up the footprints: the figures behind "N of M
// councils involved" and "N of 44 footprints led by local government".
// The web page and /national.csv show the same figures, from the same
// computation.
type NationalSummary struct {
	Footprints                 int `json:"footprints"`
	LedByLocalGovernment       int `json:"led_by_local_government"`
	LedByNHS                   int `json:"led_by_nhs"`
	LedByOther                 int `json:"led_by_other" doc:"Led by an organisation of another sector (voluntary, police, ...)."`
	NoLead                     int `json:"no_lead" doc:"Footprints with no partnership or no lead organisation recorded."`
	Councils                   int `json:"councils" doc:"Distinct upper-tier councils in any footprint: a council split between two footprints counts once."`
	CouncilsOnBoard            int `json:"councils_on_board" doc:"Distinct councils on the leadership board of at least one footprint they are in: the headline \"N of M councils take part\"."`
	CouncilFootprintPlaces     int `json:"council_footprint_places" doc:"Sum over footprints of their councils (a council spanning two footprints counts in each)."`
	CouncilFootprintPlacesHeld int `json:"council_footprint_places_on_board" doc:"Sum over footprints of councils on the leadership board."`
}

func nationalSummaryOut(t places.NationalTotals) NationalSummary {
	return NationalSummary{Footprints: t.Footprints, LedByLocalGovernment: t.LedByLocalGovernment, LedByNHS: t.LedByNHS,
		LedByOther: t.LedByOther, NoLead: t.NoLead, Councils: t.Councils, CouncilsOnBoard: t.CouncilsOnBoard,
		CouncilFootprintPlaces: t.CouncilPlaces, CouncilFootprintPlacesHeld: t.CouncilPlacesOnBoard}
}

func footprintOut(f places.Footprint) Footprint {
	row := Footprint{Code: f.Area.Code, Name: f.Area.Name, Population: areaItem(f.Area).Population, Councils: areaItems(f.Councils),
		CouncilsTotal: len(f.Councils), CouncilsOnBoard: f.CouncilsOnBoard, OnBoardCodes: f.OnBoard, LeadSector: string(f.LeadSector)}
	if f.Partnership != nil {
		row.PartnershipID = f.Partnership.ID
	}
	if f.LeadOrg != nil {
		lead := organisationOut(*f.LeadOrg)
		row.LeadOrg = &lead
	}
	return row
}

// FootprintList is the national view: every footprint plus totals.
type FootprintList struct {
	List[Footprint]
	Summary NationalSummary `json:"summary"`
}

type footprintsInput struct {
	PageParams
}

type footprintsOutput struct {
	Link string `header:"Link"`
	Body FootprintList
}

func (a *API) registerNational() {
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-footprints", Method: http.MethodGet, Path: "/national/footprints",
		Summary:     "The national view: every 2017 footprint with its lead sector, councils and N of M on the board",
		Tags:        []string{"national"},
		Description: "The CSV download of the same figures is on the web at /national.csv.",
	}, a.listFootprints)
}

// listFootprints pages through the national summary; the summary's totals
// always cover every footprint.
func (a *API) listFootprints(ctx context.Context, in *footprintsInput) (*footprintsOutput, error) {
	sum, err := a.deps.National.Summary(ctx)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	all := make([]Footprint, len(sum.Footprints))
	for i, f := range sum.Footprints {
		all[i] = footprintOut(f)
	}
	p := in.PageParams.normalised()
	list := newList(ctx, p, pageOf(all, p), len(all))
	return &footprintsOutput{Link: list.Link, Body: FootprintList{List: list.Body, Summary: nationalSummaryOut(sum.Totals)}}, nil
}
