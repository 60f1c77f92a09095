package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
)

const areaCols = "type, code, name, ods_code, valid_from, valid_to, population"

func scanAreas(rows *sql.Rows) ([]places.Area, error) {
	defer rows.Close()
	var out []places.Area
	for rows.Next() {
		var a places.Area
		if err := rows.Scan(&a.Type, &a.Code, &a.Name, &a.ODSCode, &a.ValidFrom, &a.ValidTo, &a.Population); err != nil {
			return nil, err
		}
		a.ParentCodes = []string{}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ListAreas returns areas matching f, ordered by name, and the total number
// matching (for pagination).
func (s *Store) ListAreas(ctx context.Context, f AreaFilter) (_ []places.Area, _ int, err error) {
	defer wrapOp(&err, "list areas")
	f.Page = f.Page.norm()
	from := "areas a"
	where, args := []string{"1=1"}, []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Type != "" {
		where = append(where, "a.type = "+arg(string(f.Type)))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, fmt.Sprintf(`(a.name_lower LIKE %s ESCAPE '\' OR a.code LIKE %s ESCAPE '\')`,
			arg(like(q)), arg(prefix(strings.ToUpper(q)))))
	}
	if f.ValidOn != "" {
		d := arg(strings.TrimSpace(f.ValidOn))
		where = append(where, "(a.valid_from = '' OR a.valid_from <= "+d+")", "(a.valid_to = '' OR a.valid_to >= "+d+")")
	}
	if f.Parent.Code != "" {
		from += " JOIN area_parents p ON p.child_type = a.type AND p.child_code = a.code"
		where = append(where, "p.parent_type = "+arg(string(f.Parent.Type)), "p.parent_code = "+arg(f.Parent.Code))
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+from+" WHERE "+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit, offset := arg(f.Limit), arg(f.Offset)
	rows, err := s.db.QueryContext(ctx, "SELECT a."+strings.ReplaceAll(areaCols, ", ", ", a.")+" FROM "+from+" WHERE "+w+
		" ORDER BY a.name, a.type, a.code LIMIT "+limit+" OFFSET "+offset, args...)
	if err != nil {
		return nil, 0, err
	}
	areas, err := scanAreas(rows)
	if err != nil {
		return nil, 0, err
	}
	if err := s.fillParents(ctx, s.db, areas); err != nil {
		return nil, 0, err
	}
	return areas, total, nil
}

// prefix makes a LIKE pattern matching text starting with q.
func prefix(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(strings.TrimSpace(q)) + "%"
}

// fillParents sets Parents and ParentCodes on each area, in one query per
// area type present.
func (s *Store) fillParents(ctx context.Context, q querier, areas []places.Area) error {
	if len(areas) == 0 {
		return nil
	}
	byType := map[places.AreaType][]int{}
	for i, a := range areas {
		byType[a.Type] = append(byType[a.Type], i)
	}
	for t, idx := range byType {
		args := []any{string(t)}
		ph := make([]string, len(idx))
		pos := map[string][]int{} // one code may appear twice in a list
		for j, i := range idx {
			args = append(args, areas[i].Code)
			ph[j] = fmt.Sprintf("$%d", j+2)
			pos[areas[i].Code] = append(pos[areas[i].Code], i)
		}
		rows, err := q.QueryContext(ctx, `SELECT p.child_code, p.parent_type, p.parent_code, COALESCE(a.name, ''), p.lsoas, p.of_lsoas
			FROM area_parents p LEFT JOIN areas a ON a.type = p.parent_type AND a.code = p.parent_code
			WHERE p.child_type = $1 AND p.child_code IN (`+strings.Join(ph, ", ")+`)
			ORDER BY p.child_code, p.parent_type, p.parent_code`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var child string
			var p places.AreaParent
			if err := rows.Scan(&child, &p.Type, &p.Code, &p.Name, &p.LSOAs, &p.OfLSOAs); err != nil {
				rows.Close()
				return err
			}
			for _, i := range pos[child] {
				areas[i].Parents = append(areas[i].Parents, p)
				areas[i].ParentCodes = append(areas[i].ParentCodes, p.Code)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	rank := map[places.AreaType]int{}
	for i, t := range places.AreaTypes {
		rank[t] = i
	}
	for i := range areas {
		ps := areas[i].Parents
		sort.SliceStable(ps, func(x, y int) bool { return rank[ps[x].Type] > rank[ps[y].Type] }) // nearest first
		for j := range ps {
			areas[i].ParentCodes[j] = ps[j].Code
		}
	}
	return nil
}

// GetArea returns one area with parents, children and population; it
// returns ErrNotFound for an unknown type and code.
func (s *Store) GetArea(ctx context.Context, ref places.AreaRef) (_ AreaDetail, err error) {
	defer wrapOp(&err, "get area")
	rows, err := s.db.QueryContext(ctx, "SELECT "+areaCols+" FROM areas WHERE type = $1 AND code = $2", string(ref.Type), ref.Code)
	if err != nil {
		return AreaDetail{}, err
	}
	found, err := scanAreas(rows)
	if err != nil {
		return AreaDetail{}, err
	}
	if len(found) == 0 {
		return AreaDetail{}, ErrNotFound
	}
	if err := s.fillParents(ctx, s.db, found); err != nil {
		return AreaDetail{}, err
	}
	d := AreaDetail{Area: found[0], Children: []places.Area{}, ChildCount: map[places.AreaType]int{}, Population: []places.PopulationCount{}}
	rows, err = s.db.QueryContext(ctx, `SELECT a.type, count(*) FROM area_parents p
		JOIN areas a ON a.type = p.child_type AND a.code = p.child_code
		WHERE p.parent_type = $1 AND p.parent_code = $2 GROUP BY a.type`, string(ref.Type), ref.Code)
	if err != nil {
		return AreaDetail{}, err
	}
	for rows.Next() {
		var t places.AreaType
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			rows.Close()
			return AreaDetail{}, err
		}
		d.ChildCount[t] = n
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT a.type, a.code, a.name, a.ods_code, a.valid_from, a.valid_to, a.population
		FROM area_parents p JOIN areas a ON a.type = p.child_type AND a.code = p.child_code
		WHERE p.parent_type = $1 AND p.parent_code = $2 AND a.type <> 'lsoa'
		ORDER BY a.type, a.name`, string(ref.Type), ref.Code)
	if err != nil {
		return AreaDetail{}, err
	}
	children, err := scanAreas(rows)
	if err != nil {
		return AreaDetail{}, err
	}
	if children != nil {
		d.Children = children
	}
	rows, err = s.db.QueryContext(ctx, `SELECT sex, age_band, count FROM area_population
		WHERE area_type = $1 AND area_code = $2`, string(ref.Type), ref.Code)
	if err != nil {
		return AreaDetail{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var p places.PopulationCount
		if err := rows.Scan(&p.Sex, &p.AgeBand, &p.Count); err != nil {
			return AreaDetail{}, err
		}
		d.Population = append(d.Population, p)
	}
	if err := rows.Err(); err != nil {
		return AreaDetail{}, err
	}
	sortPopulation(d.Population)
	return d, nil
}

// sortPopulation orders counts female then male, youngest band first.
func sortPopulation(p []places.PopulationCount) {
	band := map[string]int{}
	for i, b := range places.AgeBands {
		band[b] = i
	}
	sort.Slice(p, func(i, j int) bool {
		if p[i].Sex != p[j].Sex {
			return p[i].Sex < p[j].Sex
		}
		return band[p[i].AgeBand] < band[p[j].AgeBand]
	})
}

// AreasByCode returns the areas with the given codes, of any type (a
// unitary council's code gives both its utla and its ltla); unknown codes
// are left out.
func (s *Store) AreasByCode(ctx context.Context, codes []string) (_ []places.Area, err error) {
	defer wrapOp(&err, "areas by code")
	return s.areasByCode(ctx, s.db, codes)
}

func (s *Store) areasByCode(ctx context.Context, q querier, codes []string) ([]places.Area, error) {
	if len(codes) == 0 {
		return []places.Area{}, nil
	}
	var out []places.Area
	for start := 0; start < len(codes); start += 500 {
		end := min(start+500, len(codes))
		args := make([]any, 0, end-start)
		ph := make([]string, 0, end-start)
		for _, c := range codes[start:end] {
			args = append(args, c)
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		rows, err := q.QueryContext(ctx, "SELECT "+areaCols+" FROM areas WHERE code IN ("+strings.Join(ph, ", ")+") ORDER BY code, type", args...)
		if err != nil {
			return nil, err
		}
		got, err := scanAreas(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	if out == nil {
		out = []places.Area{}
	}
	return out, nil
}

// unknownCodes returns the codes with no area of any type.
func (s *Store) unknownCodes(ctx context.Context, q querier, codes []string) ([]string, error) {
	found, err := s.areasByCode(ctx, q, codes)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, a := range found {
		have[a.Code] = true
	}
	var missing []string
	for _, c := range codes {
		if !have[c] {
			missing = append(missing, c)
		}
	}
	return missing, nil
}

// areaExists reports whether an area of the type and code exists.
func areaExists(ctx context.Context, q querier, t places.AreaType, code string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, "SELECT 1 FROM areas WHERE type = $1 AND code = $2", string(t), code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
