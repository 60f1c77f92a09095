package store

import (
	"context"

	"github.com/placeboard/placeboard/internal/places"
)

// Footprints returns every 2017 footprint (stp) with its footprint
// partnership (the first, if several), lead organisation and sector, its
// upper-tier councils, and how many of those councils have a member on the
// partnership's board. A council counts when a board member belongs to an
// upper-tier council organisation whose ONS code, or one of whose served
// areas, is the council's code.
func (s *Store) Footprints(ctx context.Context) ([]FootprintSummary, error) {
	stps, _, err := s.ListAreas(ctx, AreaFilter{Type: places.AreaSTP, Page: Page{Limit: MaxLimit}})
	if err != nil {
		return nil, err
	}
	out := make([]FootprintSummary, 0, len(stps))
	for _, a := range stps {
		fs := FootprintSummary{Area: a, Councils: []places.Area{}}
		councils, _, err := s.ListAreas(ctx, AreaFilter{Type: places.AreaUTLA, Parent: a.Ref(), Page: Page{Limit: MaxLimit}})
		if err != nil {
			return nil, err
		}
		// A footprint's councils are those in force when it began (2017):
		// the reference data also links councils created since (North and
		// West Northamptonshire, say) with later validity dates.
		councils = inForceOn(councils, a.ValidFrom)
		fs.Councils = councils
		ps, _, err := s.ListPartnerships(ctx, PartnershipFilter{Kind: places.PartnershipFootprint, AreaCode: a.Code, Page: Page{Limit: MaxLimit}})
		if err != nil {
			return nil, err
		}
		var p *places.Partnership
		for i := range ps {
			if ps[i].AreaType == places.AreaSTP {
				p = &ps[i]
				break
			}
		}
		if p != nil {
			fs.Partnership = p
			if p.LeadOrgID != 0 {
				o, err := s.GetOrganisation(ctx, p.LeadOrgID)
				if err != nil {
					return nil, err
				}
				fs.LeadOrg = &o
				fs.LeadSector = places.SectorOf(o.Kind)
			}
			rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT o.ons_code, COALESCE(oa.area_code, '') FROM members m
				JOIN organisations o ON o.id = m.org_id
				LEFT JOIN organisation_areas oa ON oa.org_id = o.id
				WHERE m.partnership_id = $1 AND o.kind = 'council_upper'`, p.ID)
			if err != nil {
				return nil, err
			}
			onBoard := map[string]bool{}
			for rows.Next() {
				var ons, area string
				if err := rows.Scan(&ons, &area); err != nil {
					rows.Close()
					return nil, err
				}
				onBoard[ons], onBoard[area] = true, true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
			for _, c := range councils {
				if onBoard[c.Code] {
					fs.CouncilsOnBoard++
				}
			}
		}
		out = append(out, fs)
	}
	return out, nil
}

// inForceOn keeps the areas valid on day (YYYY-MM-DD); all of them when day
// is "".
func inForceOn(areas []places.Area, day string) []places.Area {
	if day == "" {
		return areas
	}
	out := areas[:0:0]
	for _, a := range areas {
		if (a.ValidFrom == "" || a.ValidFrom <= day) && (a.ValidTo == "" || a.ValidTo >= day) {
			out = append(out, a)
		}
	}
	return out
}
