package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/validation"
)

// ActionParentChangesLoaded is the audit event of a parent-change load.
const ActionParentChangesLoaded = "parent_changes_loaded"

// LoadParentChanges adds effective-dated parent changes (a merger file) in
// one transaction: every code must be in the reference data, and each
// child's parent of that type, as at the day before the change, must be
// the old parent the row names (earlier changes in the database and in the
// same file count). Any problem is a *validation.Errors naming the row
// (the file's header is row 1) and column, and nothing is loaded.
func (s *Store) LoadParentChanges(ctx context.Context, by Actor, changes []places.ParentChange) (err error) {
	defer wrapOp(&err, "load parent changes")
	return s.tx(ctx, func(tx *sql.Tx) error {
		var errs validation.Errors
		// pending holds the changes accepted so far, by child and parent type.
		pending := map[string][]places.ParentChange{}
		for i, c := range changes {
			row := i + 2
			ok := true
			for _, a := range []struct {
				col string
				t   places.AreaType
				c   string
			}{{"child_code", c.ChildType, c.ChildCode}, {"old_parent_code", c.ParentType, c.OldParent}, {"new_parent_code", c.ParentType, c.NewParent}} {
				exists, err := areaExists(ctx, tx, a.t, a.c)
				if err != nil {
					return err
				}
				if !exists {
					errs.AddRow(row, a.col, fmt.Sprintf("No %s %s is in the reference data: load codes only from an official list", a.t, a.c))
					ok = false
				}
			}
			if !ok {
				continue
			}
			key := string(c.ChildType) + "/" + c.ChildCode + "/" + string(c.ParentType)
			if _, seen := pending[key]; !seen {
				stored, err := parentChangesFor(ctx, tx, c.ChildType, c.ChildCode)
				if err != nil {
					return err
				}
				for _, sc := range stored {
					if sc.ParentType == c.ParentType {
						pending[key] = append(pending[key], sc)
					}
				}
			}
			base, err := baseParents(ctx, tx, c.ChildType, c.ChildCode, c.ParentType)
			if err != nil {
				return err
			}
			eff, _ := time.Parse(time.DateOnly, c.Effective)
			before := places.ParentsAsAt(base, pending[key], eff.AddDate(0, 0, -1).Format(time.DateOnly))
			found := false
			for _, p := range before {
				found = found || p.Code == c.OldParent
			}
			if !found {
				errs.AddRow(row, "old_parent_code", fmt.Sprintf("%s %s is not in %s %s on the day before %s", c.ChildType, c.ChildCode, c.ParentType, c.OldParent, c.Effective))
				continue
			}
			for _, p := range pending[key] {
				if p.Effective == c.Effective {
					errs.AddRow(row, "effective_date", fmt.Sprintf("%s %s already changes %s parent on %s", c.ChildType, c.ChildCode, c.ParentType, c.Effective))
					ok = false
				}
			}
			if ok {
				pending[key] = append(pending[key], c)
			}
			if len(errs.Fields) >= 100 {
				break
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		now := s.stamp()
		for _, c := range changes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO area_parent_changes
				(effective_date, child_type, child_code, parent_type, old_parent_code, new_parent_code, source, loaded_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				c.Effective, string(c.ChildType), c.ChildCode, string(c.ParentType), c.OldParent, c.NewParent, c.Source, now); err != nil {
				return err
			}
		}
		// Which areas a parent holds has changed: views kept per generation
		// (the needs overview) are rebuilt.
		if err := bumpNationalGeneration(ctx, tx); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: ActionParentChangesLoaded, Entity: "area_parent_changes",
			Detail: map[string]string{"changes": strconv.Itoa(len(changes))}})
	})
}

// ParentChanges returns the changes loaded for one child area, oldest first.
func (s *Store) ParentChanges(ctx context.Context, ref places.AreaRef) (_ []places.ParentChange, err error) {
	defer wrapOp(&err, "parent changes")
	return parentChangesFor(ctx, s.db, ref.Type, ref.Code)
}

func parentChangesFor(ctx context.Context, q querier, t places.AreaType, code string) ([]places.ParentChange, error) {
	rows, err := q.QueryContext(ctx, `SELECT effective_date, child_type, child_code, parent_type, old_parent_code, new_parent_code, source
		FROM area_parent_changes WHERE child_type = $1 AND child_code = $2 ORDER BY effective_date, parent_type`, string(t), code)
	if err != nil {
		return nil, err
	}
	return scanParentChanges(rows)
}

func scanParentChanges(rows *sql.Rows) ([]places.ParentChange, error) {
	defer rows.Close()
	out := []places.ParentChange{}
	for rows.Next() {
		var c places.ParentChange
		if err := rows.Scan(&c.Effective, &c.ChildType, &c.ChildCode, &c.ParentType, &c.OldParent, &c.NewParent, &c.Source); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// baseParents is a child's reference links to parents of one type.
func baseParents(ctx context.Context, q querier, child places.AreaType, code string, parent places.AreaType) ([]places.AreaParent, error) {
	rows, err := q.QueryContext(ctx, `SELECT parent_type, parent_code, lsoas, of_lsoas FROM area_parents
		WHERE child_type = $1 AND child_code = $2 AND parent_type = $3 ORDER BY parent_code`, string(child), code, string(parent))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []places.AreaParent
	for rows.Next() {
		var p places.AreaParent
		if err := rows.Scan(&p.Type, &p.Code, &p.LSOAs, &p.OfLSOAs); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ChildrenAsAt lists the areas of childType inside parent as at day asAt
// (YYYY-MM-DD): the reference children, less those a change has moved out
// by then, plus those moved in. A report for a day before a merger gets
// the old geography; one for a later day the new, with the same children.
func (s *Store) ChildrenAsAt(ctx context.Context, parent places.AreaRef, childType places.AreaType, asAt string) (_ []places.Area, err error) {
	defer wrapOp(&err, "children as at")
	rows, err := s.db.QueryContext(ctx, `SELECT child_code FROM area_parents WHERE parent_type = $1 AND parent_code = $2 AND child_type = $3
		UNION SELECT child_code FROM area_parent_changes WHERE parent_type = $1 AND (new_parent_code = $2 OR old_parent_code = $2) AND child_type = $3`,
		string(parent.Type), parent.Code, string(childType))
	if err != nil {
		return nil, err
	}
	var candidates []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, err
		}
		candidates = append(candidates, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var keep []string
	for _, code := range candidates {
		base, err := baseParents(ctx, s.db, childType, code, parent.Type)
		if err != nil {
			return nil, err
		}
		changes, err := parentChangesFor(ctx, s.db, childType, code)
		if err != nil {
			return nil, err
		}
		for _, p := range places.ParentsAsAt(base, changes, asAt) {
			if p.Type == parent.Type && p.Code == parent.Code {
				keep = append(keep, code)
				break
			}
		}
	}
	if len(keep) == 0 {
		return []places.Area{}, nil
	}
	areas, err := s.areasByCode(ctx, s.db, keep)
	if err != nil {
		return nil, err
	}
	out := areas[:0]
	for _, a := range areas {
		if a.Type == childType {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
