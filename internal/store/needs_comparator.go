package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

// ParentLinksAsAt returns, for every area of childType, its parents of
// parentType as at day asAt: the reference links with the loaded parent
// changes (migration 00025) applied by places.ParentsAsAt, with the
// parents' names. Two queries whatever the number of areas.
func (s *Store) ParentLinksAsAt(ctx context.Context, childType, parentType places.AreaType, asAt string) (_ map[string][]places.AreaParent, err error) {
	defer wrapOp(&err, "parent links as at")
	rows, err := s.db.QueryContext(ctx, `SELECT child_code, parent_code, lsoas, of_lsoas FROM area_parents
		WHERE child_type = $1 AND parent_type = $2 ORDER BY child_code, parent_code`, string(childType), string(parentType))
	if err != nil {
		return nil, err
	}
	base := map[string][]places.AreaParent{}
	for rows.Next() {
		var child string
		p := places.AreaParent{Type: parentType}
		if err := rows.Scan(&child, &p.Code, &p.LSOAs, &p.OfLSOAs); err != nil {
			rows.Close()
			return nil, err
		}
		base[child] = append(base[child], p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	crows, err := s.db.QueryContext(ctx, `SELECT effective_date, child_type, child_code, parent_type, old_parent_code, new_parent_code, source
		FROM area_parent_changes WHERE child_type = $1 AND parent_type = $2 ORDER BY effective_date`, string(childType), string(parentType))
	if err != nil {
		return nil, err
	}
	changes, err := scanParentChanges(crows)
	if err != nil {
		return nil, err
	}
	byChild := map[string][]places.ParentChange{}
	for _, c := range changes {
		byChild[c.ChildCode] = append(byChild[c.ChildCode], c)
	}
	out := make(map[string][]places.AreaParent, len(base))
	codes := map[string]bool{}
	for child, ps := range base {
		out[child] = places.ParentsAsAt(ps, byChild[child], asAt)
	}
	for child, cs := range byChild {
		if _, ok := out[child]; !ok {
			out[child] = places.ParentsAsAt(nil, cs, asAt)
		}
	}
	for _, ps := range out {
		for _, p := range ps {
			codes[p.Code] = true
		}
	}
	list := make([]string, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	areas, err := s.areasByCode(ctx, s.db, list)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, a := range areas {
		if a.Type == parentType {
			names[a.Code] = a.Name
		}
	}
	for child, ps := range out {
		for i := range ps {
			ps[i].Name = names[ps[i].Code]
		}
		out[child] = ps
	}
	return out, nil
}

// ComparatorValues returns every stored value of the indicators for the
// areas, ordered by indicator, period end and area.
func (s *Store) ComparatorValues(ctx context.Context, codes []string, indicatorIDs []int) (_ []needs.DataPoint, err error) {
	defer wrapOp(&err, "comparator values")
	if len(codes) == 0 || len(indicatorIDs) == 0 {
		return nil, nil
	}
	var args []any
	in := func(n int, v func(int) any) string {
		ph := make([]string, n)
		for i := range ph {
			args = append(args, v(i))
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		return strings.Join(ph, ", ")
	}
	where := " WHERE v.area_code IN (" + in(len(codes), func(i int) any { return codes[i] }) + ")" +
		" AND v.indicator_id IN (" + in(len(indicatorIDs), func(i int) any { return indicatorIDs[i] }) + ")"
	rows, err := s.db.QueryContext(ctx, selectValues+where+" ORDER BY v.indicator_id, v.period_to, v.area_code", args...)
	if err != nil {
		return nil, err
	}
	return scanValues(rows)
}

// AreasIn lists the areas of childType inside parent as at day asAt (with
// loaded parent changes); for England, every area of childType.
func (s *Store) AreasIn(ctx context.Context, parent places.AreaRef, childType places.AreaType, asAt string) (_ []places.Area, err error) {
	defer wrapOp(&err, "areas in")
	if parent.Type == places.AreaCountry {
		rows, err := s.db.QueryContext(ctx, "SELECT "+areaCols+" FROM areas WHERE type = $1 ORDER BY name, code", string(childType))
		if err != nil {
			return nil, err
		}
		return scanAreas(rows)
	}
	return s.ChildrenAsAt(ctx, parent, childType, asAt)
}

// LatestValues returns, in one query, the headline values (persons, no
// category) of every indicator and age group at the latest period (by end
// date) for which any of areas has a value: those of areas and of others.
func (s *Store) LatestValues(ctx context.Context, areas, others []string) (_ []needs.DataPoint, err error) {
	defer wrapOp(&err, "latest values")
	if len(areas) == 0 {
		return nil, nil
	}
	var args []any
	in := func(codes []string) string {
		ph := make([]string, len(codes))
		for i, c := range codes {
			args = append(args, c)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		return strings.Join(ph, ", ")
	}
	kids := in(areas)
	all := kids
	if len(others) > 0 {
		all += ", " + in(others)
	}
	// The latest period is chosen per indicator and age among the periods
	// the areas have (a few thousand distinct rows), then the values are
	// read by (indicator, period), the key the value table is ordered by:
	// joining back on the end date instead made SQLite scan every value
	// once per indicator.
	query := strings.Replace(selectValues, " FROM indicator_values v", ` FROM indicator_values v
		JOIN (SELECT indicator_id, age, period FROM (
			SELECT indicator_id, age, period, ROW_NUMBER() OVER (PARTITION BY indicator_id, age ORDER BY period_to DESC, period_from DESC, period) AS latest
			FROM (SELECT DISTINCT indicator_id, age, period, period_from, period_to FROM indicator_values
				WHERE area_code IN (`+kids+`) AND sex = 'Persons' AND category = '') AS kp) AS ranked
			WHERE latest = 1) AS l
		ON l.indicator_id = v.indicator_id AND l.period = v.period AND l.age = v.age`, 1) +
		` WHERE v.sex = 'Persons' AND v.category = '' AND v.area_code IN (` + all + `)
		ORDER BY v.indicator_id, v.age, v.area_code`
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanValues(rows)
}

// The comparison and overview use-cases run on the store.
var (
	_ needs.ComparedProfilesStore = (*Store)(nil)
	_ needs.OverviewStore         = (*Store)(nil)
)
