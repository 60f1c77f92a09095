package store

import (
	"context"

	"github.com/placeboard/placeboard/internal/places"
)

// Footprints returns every 2017 footprint (stp) with its footprint
// partnership (the first by name, if several), lead organisation and
// sector, its upper-tier councils (each with its parents, so a council only
// partly inside shows its share), and how many of those councils have a
// member on the partnership's board. A council counts when a board member
// belongs to an upper-tier council organisation whose ONS code, or one of
// whose served areas, is the council's code.
//
// It reads everything in a handful of queries, whatever the number of
// footprints.
func (s *Store) Footprints(ctx context.Context) ([]FootprintSummary, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+areaCols+" FROM areas WHERE type = 'stp' ORDER BY name, code")
	if err != nil {
		return nil, err
	}
	stps, err := scanAreas(rows)
	if err != nil {
		return nil, err
	}
	if err := s.fillParents(ctx, s.db, stps); err != nil {
		return nil, err
	}

	// Councils of each footprint.
	rows, err = s.db.QueryContext(ctx, `SELECT p.parent_code, a.type, a.code, a.name, a.ods_code, a.valid_from, a.valid_to, a.population
		FROM area_parents p JOIN areas a ON a.type = p.child_type AND a.code = p.child_code
		WHERE p.parent_type = 'stp' AND p.child_type = 'utla' ORDER BY a.name, a.code`)
	if err != nil {
		return nil, err
	}
	var councils []places.Area
	var councilOf []string // footprint code for councils[i]
	for rows.Next() {
		var fp string
		var a places.Area
		if err := rows.Scan(&fp, &a.Type, &a.Code, &a.Name, &a.ODSCode, &a.ValidFrom, &a.ValidTo, &a.Population); err != nil {
			rows.Close()
			return nil, err
		}
		a.ParentCodes = []string{}
		councils = append(councils, a)
		councilOf = append(councilOf, fp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := s.fillParents(ctx, s.db, councils); err != nil {
		return nil, err
	}

	// Footprint partnerships tied to 2017 footprints, and their leads.
	rows, err = s.db.QueryContext(ctx, "SELECT "+partnershipCols+" FROM partnerships WHERE kind = 'footprint' AND area_type = 'stp' ORDER BY name, id")
	if err != nil {
		return nil, err
	}
	ps, err := scanPartnerships(rows)
	if err != nil {
		return nil, err
	}
	partnershipOf := map[string]*places.Partnership{}
	var leadIDs []int64
	for i := range ps {
		if _, taken := partnershipOf[ps[i].AreaCode]; !taken {
			partnershipOf[ps[i].AreaCode] = &ps[i]
			if ps[i].LeadOrgID != 0 {
				leadIDs = append(leadIDs, ps[i].LeadOrgID)
			}
		}
	}
	leads := map[int64]places.Organisation{}
	for start := 0; start < len(leadIDs); start += 500 {
		end := min(start+500, len(leadIDs))
		args := make([]any, 0, end-start)
		ph := ""
		for i, id := range leadIDs[start:end] {
			if i > 0 {
				ph += ", "
			}
			args = append(args, id)
			ph += "$" + idText(int64(len(args)))
		}
		rows, err := s.db.QueryContext(ctx, "SELECT "+orgCols+" FROM organisations WHERE id IN ("+ph+")", args...)
		if err != nil {
			return nil, err
		}
		orgs, err := scanOrgs(rows)
		if err != nil {
			return nil, err
		}
		if err := fillOrgAreas(ctx, s.db, orgs); err != nil {
			return nil, err
		}
		for _, o := range orgs {
			leads[o.ID] = o
		}
	}

	// Which council codes each footprint partnership's board represents.
	rows, err = s.db.QueryContext(ctx, `SELECT DISTINCT m.partnership_id, o.ons_code, COALESCE(oa.area_code, '')
		FROM members m JOIN partnerships p ON p.id = m.partnership_id
		JOIN organisations o ON o.id = m.org_id
		LEFT JOIN organisation_areas oa ON oa.org_id = o.id
		WHERE p.kind = 'footprint' AND o.kind = 'council_upper'`)
	if err != nil {
		return nil, err
	}
	onBoard := map[int64]map[string]bool{}
	for rows.Next() {
		var pid int64
		var ons, area string
		if err := rows.Scan(&pid, &ons, &area); err != nil {
			rows.Close()
			return nil, err
		}
		if onBoard[pid] == nil {
			onBoard[pid] = map[string]bool{}
		}
		onBoard[pid][ons], onBoard[pid][area] = true, true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	byCode := map[string]int{}
	out := make([]FootprintSummary, len(stps))
	for i, a := range stps {
		out[i] = FootprintSummary{Area: a, Councils: []places.Area{}}
		byCode[a.Code] = i
		if p := partnershipOf[a.Code]; p != nil {
			out[i].Partnership = p
			if o, ok := leads[p.LeadOrgID]; ok {
				out[i].LeadOrg = &o
				out[i].LeadSector = places.SectorOf(o.Kind)
			}
		}
	}
	for i, c := range councils {
		f := &out[byCode[councilOf[i]]]
		f.Councils = append(f.Councils, c)
		if f.Partnership != nil && onBoard[f.Partnership.ID][c.Code] {
			f.CouncilsOnBoard++
		}
	}
	return out, nil
}
