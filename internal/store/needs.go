package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/placeboard/placeboard/internal/needs"
)

// IndicatorSummary is a catalogue entry with what the database holds for it.
type IndicatorSummary struct {
	needs.Indicator
	Periods      []string `json:"periods"`
	LatestPeriod string   `json:"latest_period"`
	Areas        int      `json:"areas"`
}

// ListIndicators lists the indicators that have data, by name, with the
// periods held.
func (s *Store) ListIndicators(ctx context.Context) ([]IndicatorSummary, error) {
	inds, err := s.storedIndicators(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]IndicatorSummary, len(inds))
	for i, ind := range inds {
		out[i] = IndicatorSummary{Indicator: ind}
	}
	idx := map[int]int{}
	for i, ind := range out {
		idx[ind.ID] = i
	}
	prow, err := s.db.QueryContext(ctx, `SELECT indicator_id, period, MAX(period_to), COUNT(DISTINCT area_code) FROM indicator_values
		GROUP BY indicator_id, period ORDER BY indicator_id, MAX(period_to), period`)
	if err != nil {
		return nil, err
	}
	defer prow.Close()
	for prow.Next() {
		var id, areas int
		var period, to string
		if err := prow.Scan(&id, &period, &to, &areas); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].Periods = append(out[i].Periods, period)
			out[i].LatestPeriod = period
			out[i].Areas = max(out[i].Areas, areas)
		}
	}
	return out, prow.Err()
}

// storedIndicators reads the stored catalogue entries, by name.
func (s *Store) storedIndicators(ctx context.Context) ([]needs.Indicator, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT metadata FROM indicators ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []needs.Indicator
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var ind needs.Indicator
		if err := json.Unmarshal([]byte(raw), &ind); err != nil {
			return nil, err
		}
		out = append(out, ind)
	}
	return out, rows.Err()
}

// GetIndicator returns one stored catalogue entry.
func (s *Store) GetIndicator(ctx context.Context, id int) (needs.Indicator, error) {
	var raw string
	err := s.db.QueryRowContext(ctx, `SELECT metadata FROM indicators WHERE id = $1`, id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return needs.Indicator{}, ErrNotFound
	}
	if err != nil {
		return needs.Indicator{}, err
	}
	var ind needs.Indicator
	err = json.Unmarshal([]byte(raw), &ind)
	return ind, err
}

// ValueQuery selects indicator values. Zero fields do not filter, except
// that Sex, Age and Category default to the headline series ("Persons",
// any age, no category) unless AllSeries is set.
type ValueQuery struct {
	IndicatorID int
	AreaCodes   []string
	AreaType    string // areas of this type (places area types: utla, icb, ...)
	ParentCode  string // children of this area (with AreaType)
	Period      string
	Sex         string
	// Age, when set, keeps one age group; Category one category of an
	// inequality breakdown instead of the headline values (no category).
	Age       string
	Category  string
	AllSeries bool
}

const selectValues = `SELECT v.indicator_id, v.area_code, v.period, v.sex, v.age, v.category_type, v.category,
	v.period_from, v.period_to, v.period_type, v.period_years, v.area_name,
	v.value, v.lower_95, v.upper_95, v.lower_99_8, v.upper_99_8, v.count, v.denominator,
	v.note, v.trend, v.origin, v.origin_detail FROM indicator_values v`

// IndicatorValues returns values ordered by indicator, period end, area.
func (s *Store) IndicatorValues(ctx context.Context, q ValueQuery) ([]needs.DataPoint, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q.IndicatorID != 0 {
		where = append(where, "v.indicator_id = "+arg(q.IndicatorID))
	}
	if q.Period != "" {
		where = append(where, "v.period = "+arg(q.Period))
	}
	if len(q.AreaCodes) > 0 {
		ph := make([]string, len(q.AreaCodes))
		for i, c := range q.AreaCodes {
			ph[i] = arg(c)
		}
		where = append(where, "v.area_code IN ("+strings.Join(ph, ", ")+")")
	}
	if q.AreaType != "" {
		if q.ParentCode != "" {
			where = append(where, "v.area_code IN (SELECT child_code FROM area_parents WHERE child_type = "+arg(q.AreaType)+" AND parent_code = "+arg(q.ParentCode)+")")
		} else {
			where = append(where, "v.area_code IN (SELECT code FROM areas WHERE type = "+arg(q.AreaType)+")")
		}
	}
	if !q.AllSeries {
		sex := q.Sex
		if sex == "" {
			sex = "Persons"
		}
		where = append(where, "v.sex = "+arg(sex), "v.category = "+arg(q.Category))
		if q.Age != "" {
			where = append(where, "v.age = "+arg(q.Age))
		}
	}
	query := selectValues
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY v.indicator_id, v.period_to, v.period_from, v.area_code, v.age"
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanValues(rows)
}

func scanValues(rows *sql.Rows) ([]needs.DataPoint, error) { return scanValuesExtra(rows, nil) }

// scanValuesExtra scans value rows; extra, if set, gives destinations for
// columns after the value columns, called once per row.
func scanValuesExtra(rows *sql.Rows, extra func() []any) ([]needs.DataPoint, error) {
	defer rows.Close()
	var out []needs.DataPoint
	// One set of destinations for every row: a profile scans a thousand.
	p := needs.NewDataPoint()
	var nums [7]sql.NullFloat64
	var ptype, origin string
	dest := []any{&p.IndicatorID, &p.AreaCode, &p.Period.Label, &p.Sex, &p.Age, &p.CategoryType, &p.Category,
		&p.Period.From, &p.Period.To, &ptype, &p.Period.Years, &p.AreaName,
		&nums[0], &nums[1], &nums[2], &nums[3], &nums[4], &nums[5], &nums[6],
		&p.Note, &p.Trend, &origin, &p.OriginDetail}
	dst := [...]*float64{&p.Value, &p.Lower95, &p.Upper95, &p.Lower998, &p.Upper998, &p.Count, &p.Denominator}
	base := len(dest)
	for rows.Next() {
		p = needs.NewDataPoint()
		if extra != nil {
			dest = append(dest[:base], extra()...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		p.Period.Type, p.Origin = needs.PeriodType(ptype), needs.Origin(origin)
		for i, n := range nums {
			if n.Valid {
				*dst[i] = n.Float64
			}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// IndicatorValueVersions returns the earlier values of an indicator's
// period that re-imports replaced, newest replacement first, with the id of
// the import that replaced each.
func (s *Store) IndicatorValueVersions(ctx context.Context, indicatorID int, period string) ([]needs.DataPoint, []int64, error) {
	query := strings.Replace(selectValues, " FROM indicator_values v", ", v.replaced_by FROM indicator_value_versions v", 1) +
		` WHERE v.indicator_id = $1 AND v.period = $2 AND v.replaced_by IN (SELECT id FROM indicator_imports WHERE status = 'done')
		ORDER BY v.replaced_by DESC, v.area_code`
	rows, err := s.db.QueryContext(ctx, query, indicatorID, period)
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	pts, err := scanValuesExtra(rows, func() []any {
		ids = append(ids, 0)
		return []any{&ids[len(ids)-1]}
	})
	return pts, ids, err
}

// ListIndicatorImports lists imports, newest first.
func (s *Store) ListIndicatorImports(ctx context.Context, limit int) ([]IndicatorImport, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, format, file_name, rows, computed, verified, precomputed, replaced, summary, imported_by, imported_at
		FROM indicator_imports WHERE status = 'done' ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []IndicatorImport
	for rows.Next() {
		var im IndicatorImport
		var raw string
		if err := rows.Scan(&im.ID, &im.Format, &im.FileName, &im.Rows, &im.Computed, &im.Verified, &im.Precomputed, &im.Replaced, &raw, &im.ImportedBy, &im.ImportedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &im.Summary); err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, rows.Err()
}

// CountIndicatorValues counts current values (for tests and status pages).
func (s *Store) CountIndicatorValues(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_values`).Scan(&n)
	return n, err
}

// NeedsCatalogue is the seed catalogue with the stored entries over it, so
// indicators defined by earlier imports (generic mappings, files naming new
// indicators) are known to later ones.
func (s *Store) NeedsCatalogue(ctx context.Context) (*needs.Catalogue, error) {
	cat, err := needs.SeedCatalogue()
	if err != nil {
		return nil, err
	}
	stored, err := s.cachedStoredIndicators(ctx)
	if err != nil {
		return nil, err
	}
	for _, ind := range stored {
		cat.Put(ind)
	}
	return cat, nil
}

// cachedStoredIndicators is storedIndicators kept for the profile
// generation: catalogue entries are written only by an import's swap, in
// the transaction that marks it done, so the generation moves with them.
func (s *Store) cachedStoredIndicators(ctx context.Context) ([]needs.Indicator, error) {
	gen, err := s.profileGeneration(ctx)
	if err != nil {
		return nil, err
	}
	s.peers.mu.Lock()
	list, ok := s.peers.indicators, s.peers.gen == gen && s.peers.indicators != nil
	s.peers.mu.Unlock()
	if ok {
		return list, nil
	}
	list, err = s.storedIndicators(ctx)
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []needs.Indicator{}
	}
	s.peers.mu.Lock()
	s.peers.reset(gen)
	s.peers.indicators = list
	s.peers.mu.Unlock()
	return list, nil
}

// AreaProfileData returns what an area profile needs as loose values:
// latest holds the benchmark's and the area's rows and every other area of
// peerType's value (code and value only) for each indicator period of the
// area's latest rows; series holds the area's headline values over its
// latest five periods. AreaProfileInputs is the same without copying the
// peers into every request.
func (s *Store) AreaProfileData(ctx context.Context, areaCode, peerType, benchmarkCode string) (latest, series []needs.DataPoint, err error) {
	d, err := s.AreaProfileInputs(ctx, areaCode, peerType, benchmarkCode)
	if err != nil {
		return nil, nil, err
	}
	for _, g := range d.Groups {
		if areaCode != benchmarkCode {
			latest = append(latest, g.Benchmark...)
		}
		for _, pv := range g.Peers {
			if pv.AreaCode == areaCode {
				continue
			}
			p := needs.NewDataPoint()
			p.IndicatorID, p.Period.Label, p.AreaCode = g.IndicatorID, g.Period, pv.AreaCode
			p.Sex, p.Age, p.CategoryType, p.Category, p.Value = pv.Sex, pv.Age, pv.CategoryType, pv.Category, pv.Value
			latest = append(latest, p)
		}
	}
	return append(latest, d.Latest...), d.Series, nil
}

// AreaProfileInputs returns what an area profile is built from: the area's
// headline rows of its latest five periods per indicator and age (the
// recent trend uses five, the profile shows the last), and for each
// indicator period of its latest rows the benchmark's rows and the values
// of every area of peerType.
func (s *Store) AreaProfileInputs(ctx context.Context, areaCode, peerType, benchmarkCode string) (needs.ProfileData, error) {
	d, err := s.areaProfileInputs(ctx, areaCode, peerType, benchmarkCode)
	if err != nil {
		return needs.ProfileData{}, fmt.Errorf("store: area profile data %s: %w", areaCode, err)
	}
	return d, nil
}

// profileGeneration is what the profile caches are valid for: the latest
// finished indicator import (imports are the only writes to current values
// and catalogue entries, and a swap commits with its 'done') and the
// national generation (moved by every reference data load, which may change
// the areas of a peer type). Every server sharing the database reads both,
// so none keeps a stale cache after another imports.
type profileGeneration struct{ imports, national int64 }

// NeedsGeneration names the state of everything a needs view is built
// from: it changes whenever an indicator import finishes, the reference
// data is loaded or parent changes are loaded (both move the national
// generation), and it is read from the database, so servers sharing one
// database agree on it. Views keep derived answers (the overview) per
// generation.
type NeedsGeneration struct {
	Imports  int64 // the latest finished indicator import
	National int64 // the national generation (cache_generations)
}

// Before reports whether g is an earlier generation than h (both counters
// only grow).
func (g NeedsGeneration) Before(h NeedsGeneration) bool {
	return g != h && g.Imports <= h.Imports && g.National <= h.National
}

// NeedsGeneration returns the current generation.
func (s *Store) NeedsGeneration(ctx context.Context) (NeedsGeneration, error) {
	g, err := s.profileGeneration(ctx)
	if err != nil {
		return NeedsGeneration{}, fmt.Errorf("store: needs generation: %w", err)
	}
	return NeedsGeneration{Imports: g.imports, National: g.national}, nil
}

func (s *Store) profileGeneration(ctx context.Context) (profileGeneration, error) {
	var g profileGeneration
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) FROM indicator_imports WHERE status = 'done'),
		(SELECT COALESCE(MAX(generation), 0) FROM cache_generations WHERE name = 'national')`).Scan(&g.imports, &g.national)
	return g, err
}

// selectAreaSeries reads an area's headline rows, of every version, from
// the (area, series) index alone (migration 01020): the series key, the
// version and what a recent trend reads. The value table is ordered by
// indicator and period, so reading these 1,000 or 2,000 rows whole cost a
// primary-key search each, on a page of its own; joining each to
// indicator_current cost a search too, so the current versions are
// matched in memory (currentVersions).
const selectAreaSeries = `SELECT indicator_id, period, version, age, category_type, period_from, period_to,
	value, lower_95, upper_95, count, denominator FROM indicator_value_rows
	WHERE area_code = $1 AND sex = 'Persons' AND category = ''`

func (s *Store) areaProfileInputs(ctx context.Context, areaCode, peerType, benchmarkCode string) (needs.ProfileData, error) {
	gen, err := s.profileGeneration(ctx)
	if err != nil {
		return needs.ProfileData{}, err
	}
	current, err := s.currentVersions(ctx, gen)
	if err != nil {
		return needs.ProfileData{}, err
	}
	all, err := s.areaSeries(ctx, areaCode, current)
	if err != nil || len(all) == 0 {
		return needs.ProfileData{}, err
	}
	series := recentSeries(areaCode, all)
	type idAge struct {
		id  int
		age string
	}
	last := map[idAge]int{}
	var order []idAge
	for i, p := range series {
		k := idAge{p.IndicatorID, p.Age}
		if _, ok := last[k]; !ok {
			order = append(order, k)
		}
		last[k] = i // series is in period order: the last one wins
	}
	// The latest rows are shown and compared whole; so are the rows whose
	// value is missing (needs.DataPoint.IsBandInput reads their origin).
	whole := make([]int, 0, len(order))
	for _, k := range order {
		whole = append(whole, last[k])
	}
	for i, p := range series {
		if !needs.Has(p.Value) && last[idAge{p.IndicatorID, p.Age}] != i {
			whole = append(whole, i)
		}
	}
	if err := s.readWholeRows(ctx, areaCode, series, whole, current); err != nil {
		return needs.ProfileData{}, err
	}
	d := needs.ProfileData{Series: series, Latest: make([]needs.DataPoint, 0, len(order))}
	if d.Other, err = s.areaOtherSeries(ctx, areaCode, current); err != nil {
		return needs.ProfileData{}, err
	}
	seen := map[periodKey]bool{}
	var missing []periodKey
	for _, k := range order {
		p := series[last[k]]
		d.Latest = append(d.Latest, p)
		pk := periodKey{p.IndicatorID, p.Period.Label}
		if seen[pk] {
			continue
		}
		seen[pk] = true
		if g, ok := s.peers.get(gen, peerEntryKey{pk.indicator, pk.period, peerType, benchmarkCode}); ok {
			d.Groups = append(d.Groups, g)
		} else {
			missing = append(missing, pk)
		}
	}
	if len(missing) > 0 {
		groups, err := s.readPeerGroups(ctx, gen, missing, peerType, benchmarkCode)
		if err != nil {
			return needs.ProfileData{}, err
		}
		d.Groups = append(d.Groups, groups...)
	}
	return d, nil
}

// selectAreaOtherSeries lists the area's series other than its persons
// headline (a sex or a category) with a value, per period and version,
// from the (area, series) index alone, as selectAreaSeries reads: the
// index holds every column it names.
const selectAreaOtherSeries = `SELECT DISTINCT indicator_id, period, version, sex, category_type, category FROM indicator_value_rows
	WHERE area_code = $1 AND (sex <> 'Persons' OR category <> '') AND value IS NOT NULL`

// areaOtherSeries reads the area's current series other than its headline,
// each once: what needs.InequalityIndicators decides the profile's
// inequalities links from. One query a profile, not one a row.
func (s *Store) areaOtherSeries(ctx context.Context, areaCode string, current map[periodKey]int64) ([]needs.OtherSeries, error) {
	rows, err := s.db.QueryContext(ctx, selectAreaOtherSeries, areaCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []needs.OtherSeries
	seen := map[needs.OtherSeries]bool{}
	var k periodKey
	var version int64
	var text [3]sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&k.indicator, &k.period, &version, &text[0], &text[1], &text[2]); err != nil {
			return nil, err
		}
		if v, ok := current[k]; !ok || v != version {
			continue
		}
		o := needs.OtherSeries{IndicatorID: k.indicator, Sex: string(text[0]), CategoryType: string(text[1]), Category: string(text[2])}
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out, rows.Err()
}

// indexRow is one of an area's headline rows as the (area, series) index
// holds it.
type indexRow struct {
	id                                int
	period, age, catType, from, to    string
	value, lower, upper, count, denom float64 // needs.Missing when NULL
}

// currentVersions is indicator_current, read once per profile generation:
// only an import's swap changes it, in the transaction that marks the
// import done.
func (s *Store) currentVersions(ctx context.Context, gen profileGeneration) (map[periodKey]int64, error) {
	s.peers.mu.Lock()
	m, ok := s.peers.current, s.peers.gen == gen && s.peers.current != nil
	s.peers.mu.Unlock()
	if ok {
		return m, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT indicator_id, period, version FROM indicator_current`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m = map[periodKey]int64{}
	for rows.Next() {
		var k periodKey
		var v int64
		if err := rows.Scan(&k.indicator, &k.period, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.peers.mu.Lock()
	s.peers.reset(gen)
	s.peers.current = m
	s.peers.mu.Unlock()
	return m, nil
}

// areaSeries reads the area's current headline rows from the (area,
// series) index: rows of other versions (an import staging, or replaced
// and waiting to be deleted) are skipped. The few distinct period labels,
// dates and ages are shared between rows rather than copied for each.
func (s *Store) areaSeries(ctx context.Context, areaCode string, current map[periodKey]int64) ([]indexRow, error) {
	rows, err := s.db.QueryContext(ctx, selectAreaSeries, areaCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	strs := map[string]string{}
	intern := func(b []byte) string {
		if v, ok := strs[string(b)]; ok {
			return v
		}
		v := string(b)
		strs[v] = v
		return v
	}
	var out []indexRow
	var id int
	var version int64
	var text [5]sql.RawBytes
	var nums [5]sql.NullFloat64
	dest := []any{&id, &text[0], &version, &text[1], &text[2], &text[3], &text[4], &nums[0], &nums[1], &nums[2], &nums[3], &nums[4]}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		period := intern(text[0])
		if v, ok := current[periodKey{id, period}]; !ok || v != version {
			continue
		}
		r := indexRow{id: id, period: period, age: intern(text[1]), catType: intern(text[2]), from: intern(text[3]), to: intern(text[4])}
		for i, f := range [...]*float64{&r.value, &r.lower, &r.upper, &r.count, &r.denom} {
			*f = needs.Missing
			if nums[i].Valid {
				*f = nums[i].Float64
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// recentSeries keeps, for each indicator and age, the rows of the latest
// five periods (by the period's end, then its start: the recent trend uses
// five, the profile shows the last), as points in the order of indicator,
// period, age and category type.
func recentSeries(areaCode string, rows []indexRow) []needs.DataPoint {
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	// Newest first within each indicator and age.
	sort.SliceStable(order, func(i, j int) bool {
		a, b := &rows[order[i]], &rows[order[j]]
		if a.id != b.id {
			return a.id < b.id
		}
		if a.age != b.age {
			return a.age < b.age
		}
		if a.to != b.to {
			return a.to > b.to
		}
		return a.from > b.from
	})
	kept := order[:0]
	for i, run := 0, 0; i < len(order); i++ {
		r := &rows[order[i]]
		if i == 0 || r.id != rows[order[i-1]].id || r.age != rows[order[i-1]].age {
			run = 0
		}
		if run++; run <= needs.TrendPointsToUse {
			kept = append(kept, order[i])
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := &rows[kept[i]], &rows[kept[j]]
		if a.id != b.id {
			return a.id < b.id
		}
		if a.to != b.to {
			return a.to < b.to
		}
		if a.from != b.from {
			return a.from < b.from
		}
		if a.age != b.age {
			return a.age < b.age
		}
		return a.catType < b.catType
	})
	series := make([]needs.DataPoint, len(kept))
	for i, k := range kept {
		r := &rows[k]
		p := &series[i]
		*p = needs.NewDataPoint()
		p.IndicatorID, p.AreaCode, p.Sex, p.Age, p.CategoryType = r.id, areaCode, "Persons", r.age, r.catType
		p.Period.Label, p.Period.From, p.Period.To = r.period, r.from, r.to
		p.Value, p.Lower95, p.Upper95, p.Count, p.Denominator = r.value, r.lower, r.upper, r.count, r.denom
	}
	return series
}

// readWholeRows replaces series[i], for each i in at, by the area's whole
// row of that indicator, period (its current version), age and category
// type: a primary-key search each. A row that an import has removed since
// areaSeries read it keeps what the index held.
func (s *Store) readWholeRows(ctx context.Context, areaCode string, series []needs.DataPoint, at []int, current map[periodKey]int64) error {
	if s.engine == SQLite {
		return s.readWholeRowsEach(ctx, areaCode, series, at, current)
	}
	return s.readWholeRowsAtOnce(ctx, areaCode, series, at, current)
}

// readWholeRowsEach searches for the rows one by one with one prepared
// statement: on SQLite, in the process, that took a third of the time of
// one query naming every key in a VALUES list.
func (s *Store) readWholeRowsEach(ctx context.Context, areaCode string, series []needs.DataPoint, at []int, current map[periodKey]int64) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	stmt, err := conn.PrepareContext(ctx, strings.Replace(selectValues, " FROM indicator_values v", " FROM indicator_value_rows v", 1)+
		` WHERE v.indicator_id = $1 AND v.period = $2 AND v.version = $3 AND v.area_code = $4 AND v.sex = 'Persons'
		AND v.age = $5 AND v.category_type = $6 AND v.category = ''`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, i := range at {
		p := &series[i]
		rows, err := stmt.QueryContext(ctx, p.IndicatorID, p.Period.Label, current[periodKey{p.IndicatorID, p.Period.Label}], areaCode, p.Age, p.CategoryType)
		if err != nil {
			return err
		}
		whole, err := scanValues(rows)
		if err != nil {
			return err
		}
		if len(whole) == 1 {
			*p = whole[0]
		}
	}
	return nil
}

// wholeRowsPerQuery bounds the keys one readWholeRowsAtOnce query binds
// (five values each).
const wholeRowsPerQuery = 500

// readWholeRowsAtOnce reads the rows with one query naming every key: on
// PostgreSQL a query a row would cost a round trip each.
func (s *Store) readWholeRowsAtOnce(ctx context.Context, areaCode string, series []needs.DataPoint, at []int, current map[periodKey]int64) error {
	type rowKey struct {
		id                   int
		period, age, catType string
	}
	where := make(map[rowKey]int, len(at))
	for len(at) > 0 {
		chunk := at[:min(len(at), wholeRowsPerQuery)]
		at = at[len(chunk):]
		args := make([]any, 0, 1+5*len(chunk))
		param := func(v any) string {
			args = append(args, v)
			return "$" + strconv.Itoa(len(args))
		}
		var b strings.Builder
		b.WriteString(`WITH k (indicator_id, period, version, age, category_type) AS (VALUES `)
		for j, i := range chunk {
			p := series[i]
			where[rowKey{p.IndicatorID, p.Period.Label, p.Age, p.CategoryType}] = i
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(CAST(" + param(p.IndicatorID) + " AS INTEGER), " + param(p.Period.Label) + ", CAST(" +
				param(current[periodKey{p.IndicatorID, p.Period.Label}]) + " AS BIGINT), " + param(p.Age) + ", " + param(p.CategoryType) + ")")
		}
		b.WriteString(") ")
		b.WriteString(strings.Replace(selectValues, " FROM indicator_values v", ` FROM k
			JOIN indicator_value_rows v ON v.indicator_id = k.indicator_id AND v.period = k.period AND v.version = k.version
			AND v.area_code = `+param(areaCode)+` AND v.sex = 'Persons' AND v.age = k.age AND v.category_type = k.category_type AND v.category = ''`, 1))
		rows, err := s.db.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return err
		}
		whole, err := scanValues(rows)
		if err != nil {
			return err
		}
		for _, p := range whole {
			if i, ok := where[rowKey{p.IndicatorID, p.Period.Label, p.Age, p.CategoryType}]; ok {
				series[i] = p
			}
		}
	}
	return nil
}

// readPeerGroups reads the benchmark rows and the peers' values of
// indicator periods (only their values: quintiles and the range need no
// more) and caches them for the generation.
func (s *Store) readPeerGroups(ctx context.Context, gen profileGeneration, pks []periodKey, peerType, benchmarkCode string) ([]*needs.PeerGroup, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	peerCodes := map[string]bool{}
	crow, err := conn.QueryContext(ctx, `SELECT code FROM areas WHERE type = $1`, peerType)
	if err != nil {
		return nil, err
	}
	for crow.Next() {
		var c string
		if err := crow.Scan(&c); err != nil {
			crow.Close()
			return nil, err
		}
		peerCodes[c] = true
	}
	crow.Close()
	if err := crow.Err(); err != nil {
		return nil, err
	}
	peerStmt, err := conn.PrepareContext(ctx, `SELECT v.age, v.area_code, v.value FROM indicator_values v
		WHERE v.indicator_id = $1 AND v.period = $2 AND v.sex = 'Persons' AND v.category = ''`)
	if err != nil {
		return nil, err
	}
	defer peerStmt.Close()
	benchStmt, err := conn.PrepareContext(ctx, selectValues+` WHERE v.indicator_id = $1 AND v.period = $2 AND v.area_code = $3 AND v.sex = 'Persons' AND v.category = ''`)
	if err != nil {
		return nil, err
	}
	defer benchStmt.Close()
	out := make([]*needs.PeerGroup, 0, len(pks))
	for _, pk := range pks {
		g := &needs.PeerGroup{IndicatorID: pk.indicator, Period: pk.period}
		rows, err := benchStmt.QueryContext(ctx, pk.indicator, pk.period, benchmarkCode)
		if err != nil {
			return nil, err
		}
		if g.Benchmark, err = scanValues(rows); err != nil {
			return nil, err
		}
		rows, err = peerStmt.QueryContext(ctx, pk.indicator, pk.period)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			pv := needs.PeerValue{Sex: "Persons"}
			var v sql.NullFloat64
			if err := rows.Scan(&pv.Age, &pv.AreaCode, &v); err != nil {
				rows.Close()
				return nil, err
			}
			pv.Value = needs.Missing
			if v.Valid {
				pv.Value = v.Float64
			}
			if pv.AreaCode != benchmarkCode && peerCodes[pv.AreaCode] {
				g.Peers = append(g.Peers, pv)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		s.peers.put(gen, peerEntryKey{pk.indicator, pk.period, peerType, benchmarkCode}, g)
		out = append(out, g)
	}
	return out, nil
}

// peerCache keeps, for the latest profile generation only, each indicator
// period's peer group per peer type and benchmark, the current version and
// dates of each indicator period, and the stored catalogue entries.
type peerCache struct {
	current map[periodKey]int64
	mu      sync.Mutex
	gen     profileGeneration
	m       map[peerEntryKey]*needs.PeerGroup
	// indicators are the stored catalogue entries, read-only once here.
	indicators []needs.Indicator
	// currentDates are the dates of every current indicator period, newest
	// first per indicator (currentPeriods), read-only once here.
	currentDates map[int][]needs.Period
}

type peerEntryKey struct {
	indicator int
	period    string
	peerType  string
	benchmark string
}

// reset empties the cache when the generation has moved.
func (c *peerCache) reset(gen profileGeneration) {
	if c.gen != gen || c.m == nil {
		c.gen, c.m, c.indicators, c.current, c.currentDates = gen, map[peerEntryKey]*needs.PeerGroup{}, nil, nil, nil
	}
}

func (c *peerCache) get(gen profileGeneration, k peerEntryKey) (*needs.PeerGroup, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil, false
	}
	e, ok := c.m[k]
	return e, ok
}

func (c *peerCache) put(gen profileGeneration, k peerEntryKey, e *needs.PeerGroup) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset(gen)
	c.m[k] = e
}
