package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
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

// AreasWithValues returns those of codes that hold any current headline
// value (persons, no category): for each code, an index search that stops
// at its first current row.
func (s *Store) AreasWithValues(ctx context.Context, codes []string) (_ []string, err error) {
	defer wrapOp(&err, "areas with values")
	if len(codes) == 0 {
		return nil, nil
	}
	args := make([]any, len(codes))
	ph := make([]string, len(codes))
	for i, c := range codes {
		args[i] = c
		ph[i] = fmt.Sprintf("(CAST($%d AS TEXT))", i+1)
	}
	rows, err := s.db.QueryContext(ctx, `WITH asked(code) AS (VALUES `+strings.Join(ph, ", ")+`)
		SELECT a.code FROM asked a WHERE EXISTS (
			SELECT 1 FROM indicator_value_rows w CROSS JOIN indicator_current c
			WHERE w.area_code = a.code AND w.sex = 'Persons' AND w.category = ''
				AND c.indicator_id = w.indicator_id AND c.period = w.period AND c.version = w.version)
		ORDER BY a.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LatestValues returns the headline values (persons, no category) of
// every indicator at its latest period (by end date, then start) for which
// any of areas has a headline value: those of areas and of others, every
// age group of that period, in no particular order. Only what an overview
// shows and compares is read: the values, limits, count and denominator,
// not the notes, origins or area names.
//
// The dates of the current periods are kept per generation
// (currentPeriods). Each round reads the values of every open indicator's
// newest period not yet tried, by the value table's key; an indicator none
// of areas has a value for in that period tries its next period in the next
// round. One round is enough when the areas have every indicator's latest
// period. (Reading every value of the areas and choosing the periods
// after, as before, cost seconds of SQLite for England's 152 councils.)
func (s *Store) LatestValues(ctx context.Context, areas, others []string) (_ []needs.DataPoint, err error) {
	defer wrapOp(&err, "latest values")
	if len(areas) == 0 {
		return nil, nil
	}
	gen, err := s.profileGeneration(ctx)
	if err != nil {
		return nil, err
	}
	periods, err := s.currentPeriods(ctx, gen)
	if err != nil {
		return nil, err
	}
	kid := make(map[string]bool, len(areas))
	for _, c := range areas {
		kid[c] = true
	}
	codes := append(append(make([]string, 0, len(areas)+len(others)), areas...), others...)
	open := make([]int, 0, len(periods))
	for id := range periods {
		open = append(open, id)
	}
	sort.Ints(open)
	tried := make(map[int]int, len(open))
	var out []needs.DataPoint
	for len(open) > 0 {
		wanted := make([]periodKey, len(open))
		dates := make(map[periodKey]needs.Period, len(open))
		for i, id := range open {
			p := periods[id][tried[id]]
			wanted[i] = periodKey{id, p.Label}
			dates[wanted[i]] = p
		}
		pts, err := s.headlineValuesAt(ctx, wanted, codes)
		if err != nil {
			return nil, err
		}
		held := map[int]bool{}
		for _, p := range pts {
			if kid[p.AreaCode] {
				held[p.IndicatorID] = true
			}
		}
		for _, p := range pts {
			if held[p.IndicatorID] {
				d := dates[periodKey{p.IndicatorID, p.Period.Label}]
				p.Period.From, p.Period.To = d.From, d.To
				out = append(out, p)
			}
		}
		next := open[:0]
		for _, id := range open {
			if !held[id] && tried[id]+1 < len(periods[id]) {
				tried[id]++
				next = append(next, id)
			}
		}
		open = next
	}
	return out, nil
}

// headlineValuesAt reads the current headline values of the indicator
// periods for the areas, without their dates.
func (s *Store) headlineValuesAt(ctx context.Context, wanted []periodKey, codes []string) ([]needs.DataPoint, error) {
	args := make([]any, 0, 2*len(wanted)+len(codes))
	pairs := make([]string, len(wanted))
	for i, k := range wanted {
		args = append(args, k.indicator, k.period)
		pairs[i] = fmt.Sprintf("(CAST($%d AS INTEGER), CAST($%d AS TEXT))", len(args)-1, len(args))
	}
	in := make([]string, len(codes))
	for i, c := range codes {
		args = append(args, c)
		in[i] = fmt.Sprintf("$%d", len(args))
	}
	// CROSS JOIN fixes the join order for SQLite (the wanted periods, their
	// current version, then the value table by its key), whose planner
	// otherwise reads the value table by area or builds an automatic index
	// over all of it; PostgreSQL plans it as an inner join.
	rows, err := s.db.QueryContext(ctx, `WITH wanted(indicator_id, period) AS (VALUES `+strings.Join(pairs, ", ")+`)
		SELECT v.indicator_id, v.area_code, v.period, v.age, v.category_type,
			v.value, v.lower_95, v.upper_95, v.lower_99_8, v.upper_99_8, v.count, v.denominator, v.origin_detail
		FROM wanted x CROSS JOIN indicator_current c CROSS JOIN indicator_value_rows v
		WHERE c.indicator_id = x.indicator_id AND c.period = x.period
			AND v.indicator_id = c.indicator_id AND v.period = c.period AND v.version = c.version
			AND v.area_code IN (`+strings.Join(in, ", ")+`) AND v.sex = 'Persons' AND v.category = ''`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []needs.DataPoint
	var nums [7]sql.NullFloat64
	var id int
	var code, period, age, catType, detail string
	dest := []any{&id, &code, &period, &age, &catType, &nums[0], &nums[1], &nums[2], &nums[3], &nums[4], &nums[5], &nums[6], &detail}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		p := needs.NewDataPoint()
		p.IndicatorID, p.AreaCode, p.Period.Label, p.Sex, p.Age, p.CategoryType, p.OriginDetail = id, code, period, "Persons", age, catType, detail
		for i, f := range [...]*float64{&p.Value, &p.Lower95, &p.Upper95, &p.Lower998, &p.Upper998, &p.Count, &p.Denominator} {
			if nums[i].Valid {
				*f = nums[i].Float64
			}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PeerGroups returns each indicator period's peer group (the benchmark's
// headline rows and every area of peerType's headline value), as area
// profiles read them: from the generation's cache, the missing ones from
// the database (and then kept).
func (s *Store) PeerGroups(ctx context.Context, periods []needs.IndicatorPeriod, peerType places.AreaType, benchmarkCode string) (_ []*needs.PeerGroup, err error) {
	defer wrapOp(&err, "peer groups")
	gen, err := s.profileGeneration(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*needs.PeerGroup, 0, len(periods))
	var missing []periodKey
	for _, p := range periods {
		if g, ok := s.peers.get(gen, peerEntryKey{p.IndicatorID, p.Period, string(peerType), benchmarkCode}); ok {
			out = append(out, g)
		} else {
			missing = append(missing, periodKey{p.IndicatorID, p.Period})
		}
	}
	if len(missing) > 0 {
		read, err := s.readPeerGroups(ctx, gen, missing, string(peerType), benchmarkCode)
		if err != nil {
			return nil, err
		}
		out = append(out, read...)
	}
	return out, nil
}

// currentPeriods returns every current indicator period with its dates (its
// first row's), newest first per indicator: 2,000 rows for 200 indicators
// of 10 periods, read once per generation.
func (s *Store) currentPeriods(ctx context.Context, gen profileGeneration) (map[int][]needs.Period, error) {
	s.peers.mu.Lock()
	m, ok := s.peers.currentDates, s.peers.gen == gen && s.peers.currentDates != nil
	s.peers.mu.Unlock()
	if ok {
		return m, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.indicator_id, c.period,
		(SELECT w.period_from FROM indicator_value_rows w WHERE w.indicator_id = c.indicator_id AND w.period = c.period AND w.version = c.version LIMIT 1),
		(SELECT w.period_to FROM indicator_value_rows w WHERE w.indicator_id = c.indicator_id AND w.period = c.period AND w.version = c.version LIMIT 1)
		FROM indicator_current c`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m = map[int][]needs.Period{}
	for rows.Next() {
		var id int
		var label string
		var from, to sql.NullString
		if err := rows.Scan(&id, &label, &from, &to); err != nil {
			return nil, err
		}
		if from.Valid && to.Valid { // a period whose rows are all gone has none
			m[id] = append(m[id], needs.Period{Label: label, From: from.String, To: to.String})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, ps := range m {
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].To != ps[j].To || ps[i].From != ps[j].From {
				return ps[j].Less(ps[i])
			}
			return ps[i].Label < ps[j].Label
		})
	}
	s.peers.mu.Lock()
	s.peers.reset(gen)
	s.peers.currentDates = m
	s.peers.mu.Unlock()
	return m, nil
}

// The comparison and overview use-cases run on the store.
var (
	_ needs.ComparedProfilesStore = (*Store)(nil)
	_ needs.OverviewStore         = (*Store)(nil)
)
