package store

import (
	"context"
	"fmt"

	"github.com/placeboard/placeboard/internal/places"
)

// AreaPopulation is an area's reference population by sex and five-year
// age band (female then male, youngest first); empty when the reference
// data has none for it (the ONS estimates are loaded for councils). An
// ICB, footprint or region sums the lower-tier councils wholly inside it. It satisfies
// needs.PopulationStore.
func (s *Store) AreaPopulation(ctx context.Context, ref places.AreaRef) ([]places.PopulationCount, error) {
	q := `SELECT sex, age_band, count FROM area_population WHERE area_type = $1 AND area_code = $2`
	args := []any{string(ref.Type), ref.Code}
	switch ref.Type {
	case places.AreaICB, places.AreaSTP, places.AreaRegion, places.AreaNHSER, places.AreaCountry:
		q = `SELECT pop.sex, pop.age_band, CAST(SUM(pop.count) AS BIGINT) FROM area_parents p
			JOIN area_population pop ON pop.area_type = p.child_type AND pop.area_code = p.child_code
			WHERE p.parent_type = $1 AND p.parent_code = $2 AND p.child_type = 'ltla' AND p.lsoas = p.of_lsoas
			GROUP BY pop.sex, pop.age_band`
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: area population %s %s: %w", ref.Type, ref.Code, err)
	}
	defer rows.Close()
	out := []places.PopulationCount{}
	for rows.Next() {
		var p places.PopulationCount
		if err := rows.Scan(&p.Sex, &p.AgeBand, &p.Count); err != nil {
			return nil, fmt.Errorf("store: area population %s %s: %w", ref.Type, ref.Code, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: area population %s %s: %w", ref.Type, ref.Code, err)
	}
	sortPopulation(out)
	return out, nil
}
