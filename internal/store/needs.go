package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
	for rows.Next() {
		p := needs.NewDataPoint()
		var nums [7]sql.NullFloat64
		var ptype, origin string
		dest := []any{&p.IndicatorID, &p.AreaCode, &p.Period.Label, &p.Sex, &p.Age, &p.CategoryType, &p.Category,
			&p.Period.From, &p.Period.To, &ptype, &p.Period.Years, &p.AreaName,
			&nums[0], &nums[1], &nums[2], &nums[3], &nums[4], &nums[5], &nums[6],
			&p.Note, &p.Trend, &origin, &p.OriginDetail}
		if extra != nil {
			dest = append(dest, extra()...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		p.Period.Type, p.Origin = needs.PeriodType(ptype), needs.Origin(origin)
		dst := []*float64{&p.Value, &p.Lower95, &p.Upper95, &p.Lower998, &p.Upper998, &p.Count, &p.Denominator}
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
	stored, err := s.storedIndicators(ctx)
	if err != nil {
		return nil, err
	}
	for _, ind := range stored {
		cat.Put(ind)
	}
	return cat, nil
}

// AreaProfileData returns what an area profile needs: latest holds, for
// each indicator (and age group) the area has, the headline values of its
// latest period for the area and the benchmark (whole rows) and for every
// other area of peerType (code and value only); series holds the area's
// headline values over its latest five periods (what the recent trend uses).
func (s *Store) AreaProfileData(ctx context.Context, areaCode, peerType, benchmarkCode string) (latest, series []needs.DataPoint, err error) {
	latest, series, err = s.areaProfileData(ctx, areaCode, peerType, benchmarkCode)
	if err != nil {
		return nil, nil, fmt.Errorf("store: area profile data %s: %w", areaCode, err)
	}
	return latest, series, nil
}

func (s *Store) areaProfileData(ctx context.Context, areaCode, peerType, benchmarkCode string) (latest, series []needs.DataPoint, err error) {
	// Only the latest five periods of each series matter: the recent trend
	// uses five, the profile shows the last.
	rows, err := s.db.QueryContext(ctx, `SELECT * FROM (`+strings.Replace(selectValues, " FROM indicator_values v",
		`, ROW_NUMBER() OVER (PARTITION BY v.indicator_id, v.age ORDER BY v.period_to DESC, v.period_from DESC) AS recent FROM indicator_values v`, 1)+
		` WHERE v.area_code = $1 AND v.sex = 'Persons' AND v.category = '') AS s
		WHERE s.recent <= `+strconv.Itoa(needs.TrendPointsToUse)+` ORDER BY s.indicator_id, s.period_to, s.period_from`, areaCode)
	if err != nil {
		return nil, nil, err
	}
	series, err = scanValuesExtra(rows, func() []any { var recent int64; return []any{&recent} })
	if err != nil || len(series) == 0 {
		return nil, series, err
	}
	type key struct {
		id  int
		age string
	}
	last := map[key]needs.DataPoint{}
	var order []key
	for _, p := range series {
		k := key{p.IndicatorID, p.Age}
		if _, ok := last[k]; !ok {
			order = append(order, k)
		}
		last[k] = p // series is in period order: the last one wins
	}
	type pair struct {
		id     int
		period string
	}
	seen := map[pair]bool{}
	var pairs []pair
	for _, k := range order {
		pr := pair{k.id, last[k].Period.Label}
		if !seen[pr] {
			seen[pr] = true
			pairs = append(pairs, pr)
		}
	}
	// Peers need only their values (for quintiles and the range), the
	// benchmark its whole row. Both change only when an import commits, so
	// they are cached per indicator period, keyed by the latest import id
	// (which every server sharing the database sees).
	var gen int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM indicator_imports WHERE status = 'done'`).Scan(&gen); err != nil {
		return nil, nil, err
	}
	latest = make([]needs.DataPoint, 0, len(pairs)*160)
	var missing []pair
	for _, pr := range pairs {
		if e, ok := s.peers.get(gen, peerEntryKey{pr.id, pr.period, peerType, benchmarkCode}); ok {
			latest = appendPeers(latest, e, areaCode)
		} else {
			missing = append(missing, pr)
		}
	}
	if len(missing) > 0 {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return nil, nil, err
		}
		defer conn.Close()
		peerCodes := map[string]bool{}
		crow, err := conn.QueryContext(ctx, `SELECT code FROM areas WHERE type = $1`, peerType)
		if err != nil {
			return nil, nil, err
		}
		for crow.Next() {
			var c string
			if err := crow.Scan(&c); err != nil {
				crow.Close()
				return nil, nil, err
			}
			peerCodes[c] = true
		}
		crow.Close()
		if err := crow.Err(); err != nil {
			return nil, nil, err
		}
		peerStmt, err := conn.PrepareContext(ctx, `SELECT v.age, v.area_code, v.value FROM indicator_values v
			WHERE v.indicator_id = $1 AND v.period = $2 AND v.sex = 'Persons' AND v.category = ''`)
		if err != nil {
			return nil, nil, err
		}
		defer peerStmt.Close()
		benchStmt, err := conn.PrepareContext(ctx, selectValues+` WHERE v.indicator_id = $1 AND v.period = $2 AND v.area_code = $3 AND v.sex = 'Persons' AND v.category = ''`)
		if err != nil {
			return nil, nil, err
		}
		defer benchStmt.Close()
		for _, pr := range missing {
			e := &peerEntry{}
			rows, err := benchStmt.QueryContext(ctx, pr.id, pr.period, benchmarkCode)
			if err != nil {
				return nil, nil, err
			}
			if e.bench, err = scanValues(rows); err != nil {
				return nil, nil, err
			}
			rows, err = peerStmt.QueryContext(ctx, pr.id, pr.period)
			if err != nil {
				return nil, nil, err
			}
			for rows.Next() {
				var pv peerValue
				var v sql.NullFloat64
				if err := rows.Scan(&pv.age, &pv.code, &v); err != nil {
					rows.Close()
					return nil, nil, err
				}
				pv.value = needs.Missing
				if v.Valid {
					pv.value = v.Float64
				}
				if pv.code != benchmarkCode && peerCodes[pv.code] {
					e.peers = append(e.peers, pv)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, nil, err
			}
			e.id, e.period = pr.id, pr.period
			s.peers.put(gen, peerEntryKey{pr.id, pr.period, peerType, benchmarkCode}, e)
			latest = appendPeers(latest, e, areaCode)
		}
	}
	// The area's own rows come whole from its series, replacing the
	// value-only peer rows.
	kept := latest[:0]
	for _, p := range latest {
		if p.AreaCode != areaCode {
			kept = append(kept, p)
		}
	}
	latest = kept
	for _, k := range order {
		latest = append(latest, last[k])
	}
	return latest, series, nil
}

// peerCache keeps, per indicator period and peer type, the values of the
// peer areas and the benchmark row, for the latest import generation only.
type peerCache struct {
	mu  sync.Mutex
	gen int64
	m   map[peerEntryKey]*peerEntry
}

type peerEntryKey struct {
	indicator int
	period    string
	peerType  string
	benchmark string
}

type peerEntry struct {
	id     int
	period string
	bench  []needs.DataPoint
	peers  []peerValue
}

type peerValue struct {
	age, code string
	value     float64
}

func (c *peerCache) get(gen int64, k peerEntryKey) (*peerEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil, false
	}
	e, ok := c.m[k]
	return e, ok
}

func (c *peerCache) put(gen int64, k peerEntryKey, e *peerEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.m == nil {
		c.gen, c.m = gen, map[peerEntryKey]*peerEntry{}
	}
	c.m[k] = e
}

// appendPeers adds an entry's benchmark and peer rows (all but the area's
// own, which come whole from its series).
func appendPeers(dst []needs.DataPoint, e *peerEntry, areaCode string) []needs.DataPoint {
	dst = append(dst, e.bench...)
	p := needs.NewDataPoint()
	p.IndicatorID, p.Period.Label, p.Sex = e.id, e.period, "Persons"
	for _, pv := range e.peers {
		if pv.code == areaCode {
			continue
		}
		p.Age, p.AreaCode, p.Value = pv.age, pv.code, pv.value
		dst = append(dst, p)
	}
	return dst
}
