package store

import (
	"context"
	"fmt"

	"github.com/placeboard/placeboard/internal/places"
)

// NationalGeneration returns the national view's cache generation: a
// counter that moves in the same transaction as any write to
// organisations, organisation_areas, partnerships or members (triggers,
// migration 09100) and with every reference data load and parent changes
// load (bumpNationalGeneration), so every server sharing the database sees
// a write as a new generation.
func (s *Store) NationalGeneration(ctx context.Context) (int64, error) {
	var gen int64
	if err := s.db.QueryRowContext(ctx, `SELECT generation FROM cache_generations WHERE name = 'national'`).Scan(&gen); err != nil {
		return 0, fmt.Errorf("store: national generation: %w", err)
	}
	return gen, nil
}

// bumpNationalGeneration moves the national generation inside tx, for the
// reference data and parent changes loads: areas, area_parents and
// area_parent_changes carry no trigger, because
// row triggers on their 100,000 rows slowed SQLite's first start.
func bumpNationalGeneration(ctx context.Context, tx querier) error {
	if _, err := tx.ExecContext(ctx, `UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national'`); err != nil {
		return fmt.Errorf("store: bump national generation: %w", err)
	}
	return nil
}

// NationalFacts returns what the national view is built from (see
// places.NationalFacts): every 2017 footprint with its upper-tier councils,
// the footprint partnerships tied to footprints, and the lead and board
// organisations of those partnerships with their served areas. It counts
// nothing: places.SummariseNational does.
//
// It reads everything in a handful of queries, whatever the number of
// footprints.
func (s *Store) NationalFacts(ctx context.Context) (places.NationalFacts, error) {
	f, err := s.nationalFacts(ctx)
	if err != nil {
		return places.NationalFacts{}, fmt.Errorf("store: national facts: %w", err)
	}
	return f, nil
}

func (s *Store) nationalFacts(ctx context.Context) (places.NationalFacts, error) {
	var f places.NationalFacts
	rows, err := s.db.QueryContext(ctx, "SELECT "+areaCols+" FROM areas WHERE type = 'stp' ORDER BY name, code")
	if err != nil {
		return f, err
	}
	stps, err := scanAreas(rows)
	if err != nil {
		return f, err
	}
	if err := s.fillParents(ctx, s.db, stps); err != nil {
		return f, err
	}

	// Councils of each footprint.
	rows, err = s.db.QueryContext(ctx, `SELECT p.parent_code, a.type, a.code, a.name, a.ods_code, a.valid_from, a.valid_to, a.population
		FROM area_parents p JOIN areas a ON a.type = p.child_type AND a.code = p.child_code
		WHERE p.parent_type = 'stp' AND p.child_type = 'utla' ORDER BY a.name, a.code`)
	if err != nil {
		return f, err
	}
	var councils []places.Area
	var councilOf []string // footprint code for councils[i]
	for rows.Next() {
		var fp string
		var a places.Area
		if err := rows.Scan(&fp, &a.Type, &a.Code, &a.Name, &a.ODSCode, &a.ValidFrom, &a.ValidTo, &a.Population); err != nil {
			rows.Close()
			return f, err
		}
		a.ParentCodes = []string{}
		councils = append(councils, a)
		councilOf = append(councilOf, fp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}
	if err := s.fillParents(ctx, s.db, councils); err != nil {
		return f, err
	}
	byCode := map[string]int{}
	f.Footprints = make([]places.FootprintFacts, len(stps))
	for i, a := range stps {
		f.Footprints[i] = places.FootprintFacts{Area: a, Councils: []places.Area{}}
		byCode[a.Code] = i
	}
	for i, c := range councils {
		fp := &f.Footprints[byCode[councilOf[i]]]
		fp.Councils = append(fp.Councils, c)
	}

	// Footprint partnerships tied to 2017 footprints.
	rows, err = s.db.QueryContext(ctx, "SELECT "+partnershipCols+" FROM partnerships WHERE kind = 'footprint' AND area_type = 'stp' ORDER BY name, id")
	if err != nil {
		return f, err
	}
	if f.Partnerships, err = scanPartnerships(rows); err != nil {
		return f, err
	}

	// Their boards: which organisations have a member on each.
	rows, err = s.db.QueryContext(ctx, `SELECT DISTINCT m.partnership_id, m.org_id
		FROM members m JOIN partnerships p ON p.id = m.partnership_id
		WHERE p.kind = 'footprint' AND p.area_type = 'stp' ORDER BY m.partnership_id, m.org_id`)
	if err != nil {
		return f, err
	}
	f.BoardOrgs = map[int64][]int64{}
	wanted := map[int64]bool{}
	for rows.Next() {
		var pid, oid int64
		if err := rows.Scan(&pid, &oid); err != nil {
			rows.Close()
			return f, err
		}
		f.BoardOrgs[pid] = append(f.BoardOrgs[pid], oid)
		wanted[oid] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}
	for _, p := range f.Partnerships {
		if p.LeadOrgID != 0 {
			wanted[p.LeadOrgID] = true
		}
	}

	// The lead and board organisations, with the areas they serve.
	ids := make([]int64, 0, len(wanted))
	for id := range wanted {
		ids = append(ids, id)
	}
	f.Organisations = map[int64]places.Organisation{}
	for start := 0; start < len(ids); start += 500 {
		end := min(start+500, len(ids))
		args := make([]any, 0, end-start)
		ph := ""
		for i, id := range ids[start:end] {
			if i > 0 {
				ph += ", "
			}
			args = append(args, id)
			ph += "$" + idText(int64(len(args)))
		}
		rows, err := s.db.QueryContext(ctx, "SELECT "+orgCols+" FROM organisations WHERE id IN ("+ph+")", args...)
		if err != nil {
			return f, err
		}
		orgs, err := scanOrgs(rows)
		if err != nil {
			return f, err
		}
		if err := fillOrgAreas(ctx, s.db, orgs); err != nil {
			return f, err
		}
		for _, o := range orgs {
			f.Organisations[o.ID] = o
		}
	}
	return f, nil
}
