package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// Footprint is one row of the national view.
type Footprint struct {
	Code            string        `json:"code" example:"E54000008"`
	Name            string        `json:"name"`
	Population      *int64        `json:"population" doc:"Mid-2021; see AreaItem.population."`
	PartnershipID   int64         `json:"partnership_id,omitempty" doc:"The footprint partnership, when one is recorded."`
	LeadOrg         *Organisation `json:"lead_org,omitempty"`
	LeadSector      string        `json:"lead_sector,omitempty" enum:"nhs,local_government,other" doc:"The lead organisation's sector; absent when no lead is recorded."`
	Councils        []AreaItem    `json:"councils" doc:"Upper-tier councils in the footprint (some only in part)."`
	CouncilsTotal   int           `json:"councils_total" doc:"M in \"N of M councils on the leadership board\"."`
	CouncilsOnBoard int           `json:"councils_on_board" doc:"N: councils with a member on the footprint partnership's board."`
}

// NationalSummary adds up the footprints: the figures behind "N of M
// councils involved" and "N of 44 footprints led by local government".
type NationalSummary struct {
	Footprints                 int `json:"footprints"`
	LedByLocalGovernment       int `json:"led_by_local_government"`
	LedByNHS                   int `json:"led_by_nhs"`
	CouncilFootprintPlaces     int `json:"council_footprint_places" doc:"Sum over footprints of their councils (a council spanning two footprints counts in each)."`
	CouncilFootprintPlacesHeld int `json:"council_footprint_places_on_board" doc:"Sum over footprints of councils on the leadership board."`
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
	}, func(ctx context.Context, in *footprintsInput) (*footprintsOutput, error) {
		fs, err := a.deps.Store.Footprints(ctx)
		if err != nil {
			return nil, a.errs.mapError(ctx, err)
		}
		all := make([]Footprint, len(fs))
		var sum NationalSummary
		for i, f := range fs {
			row := Footprint{Code: f.Area.Code, Name: f.Area.Name, Councils: areaItems(f.Councils),
				CouncilsTotal: len(f.Councils), CouncilsOnBoard: f.CouncilsOnBoard, LeadSector: string(f.LeadSector)}
			row.Population = areaItem(f.Area).Population
			if f.Partnership != nil {
				row.PartnershipID = f.Partnership.ID
			}
			if f.LeadOrg != nil {
				lead := organisationOut(*f.LeadOrg)
				row.LeadOrg = &lead
			}
			all[i] = row
			sum.Footprints++
			switch row.LeadSector {
			case "local_government":
				sum.LedByLocalGovernment++
			case "nhs":
				sum.LedByNHS++
			}
			sum.CouncilFootprintPlaces += row.CouncilsTotal
			sum.CouncilFootprintPlacesHeld += row.CouncilsOnBoard
		}
		p := in.PageParams.normalised()
		list := newList(ctx, p, pageOf(all, p), len(all))
		return &footprintsOutput{Link: list.Link, Body: FootprintList{List: list.Body, Summary: sum}}, nil
	})
}
