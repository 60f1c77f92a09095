package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/validation"
)

const orgCols = "id, name, kind, ods_code, ons_code, school_urn, charity_number"

// ListOrganisations returns organisations matching f ordered by name, and
// the total matching.
func (s *Store) ListOrganisations(ctx context.Context, f OrgFilter) (_ []places.Organisation, _ int, err error) {
	defer wrapOp(&err, "list organisations")
	f.Page = f.Page.norm()
	where, args := []string{"1=1"}, []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Kind != "" {
		where = append(where, "o.kind = "+arg(string(f.Kind)))
	}
	if f.AreaCode != "" {
		where = append(where, "EXISTS (SELECT 1 FROM organisation_areas oa WHERE oa.org_id = o.id AND oa.area_code = "+arg(strings.ToUpper(strings.TrimSpace(f.AreaCode)))+")")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		code := arg(strings.ToUpper(q))
		where = append(where, fmt.Sprintf(`(o.name_lower LIKE %s ESCAPE '\' OR o.ods_code = %s OR o.ons_code = %s OR o.school_urn = %s OR o.charity_number = %s)`,
			arg(like(q)), code, code, code, code))
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM organisations o WHERE "+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit, offset := arg(f.Limit), arg(f.Offset)
	rows, err := s.db.QueryContext(ctx, "SELECT o."+strings.ReplaceAll(orgCols, ", ", ", o.")+" FROM organisations o WHERE "+w+
		" ORDER BY o.name_lower, o.id LIMIT "+limit+" OFFSET "+offset, args...)
	if err != nil {
		return nil, 0, err
	}
	orgs, err := scanOrgs(rows)
	if err != nil {
		return nil, 0, err
	}
	if err := fillOrgAreas(ctx, s.db, orgs); err != nil {
		return nil, 0, err
	}
	return orgs, total, nil
}

func scanOrgs(rows *sql.Rows) ([]places.Organisation, error) {
	defer rows.Close()
	out := []places.Organisation{}
	for rows.Next() {
		var o places.Organisation
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.ODSCode, &o.ONSCode, &o.SchoolURN, &o.CharityNumber); err != nil {
			return nil, err
		}
		o.AreaCodes = []string{}
		out = append(out, o)
	}
	return out, rows.Err()
}

func fillOrgAreas(ctx context.Context, q querier, orgs []places.Organisation) error {
	if len(orgs) == 0 {
		return nil
	}
	pos := map[int64]int{}
	args := make([]any, len(orgs))
	ph := make([]string, len(orgs))
	for i, o := range orgs {
		pos[o.ID] = i
		args[i] = o.ID
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := q.QueryContext(ctx, "SELECT org_id, area_code FROM organisation_areas WHERE org_id IN ("+strings.Join(ph, ", ")+") ORDER BY org_id, area_code", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		orgs[pos[id]].AreaCodes = append(orgs[pos[id]].AreaCodes, code)
	}
	return rows.Err()
}

// GetOrganisation returns one organisation or ErrNotFound.
func (s *Store) GetOrganisation(ctx context.Context, id int64) (_ places.Organisation, err error) {
	defer wrapOp(&err, "get organisation")
	return getOrg(ctx, s.db, id)
}

func getOrg(ctx context.Context, q querier, id int64) (places.Organisation, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+orgCols+" FROM organisations WHERE id = $1", id)
	if err != nil {
		return places.Organisation{}, err
	}
	orgs, err := scanOrgs(rows)
	if err != nil {
		return places.Organisation{}, err
	}
	if len(orgs) == 0 {
		return places.Organisation{}, ErrNotFound
	}
	if err := fillOrgAreas(ctx, q, orgs); err != nil {
		return places.Organisation{}, err
	}
	return orgs[0], nil
}

// checkOrg validates o against the rules and the database: known area codes
// and a free ODS code. field prefixes the field names (for import rows).
func (s *Store) checkOrg(ctx context.Context, q querier, o *places.Organisation) error {
	o.Normalize()
	if errs := o.Validate(); errs != nil {
		return errs
	}
	var errs validation.Errors
	missing, err := s.unknownCodes(ctx, q, o.AreaCodes)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		errs.Add("area_codes", "Area code "+strconv.Quote(missing[0])+" is not a known area")
	}
	if o.ODSCode != "" {
		var other int64
		err := q.QueryRowContext(ctx, "SELECT id FROM organisations WHERE ods_code = $1 AND id <> $2", o.ODSCode, o.ID).Scan(&other)
		if err == nil {
			errs.Add("ods_code", "Another organisation already has ODS code "+o.ODSCode)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return errs.Err()
}

// CreateOrganisation validates o (including that its area codes exist),
// stores it and returns it with its ID. A duplicate ODS code is a
// *validation.Errors on ods_code.
func (s *Store) CreateOrganisation(ctx context.Context, by Actor, o places.Organisation) (_ places.Organisation, err error) {
	defer wrapOp(&err, "create organisation")
	var out places.Organisation
	err = s.tx(ctx, func(tx *sql.Tx) error {
		o.ID = 0
		if err := s.checkOrg(ctx, tx, &o); err != nil {
			return err
		}
		id, err := s.insertOrg(ctx, tx, by, o)
		if err != nil {
			return err
		}
		out, err = getOrg(ctx, tx, id)
		return err
	})
	return out, err
}

func (s *Store) insertOrg(ctx context.Context, tx *sql.Tx, by Actor, o places.Organisation) (int64, error) {
	now := s.stamp()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO organisations (name, name_lower, kind, ods_code, ons_code, school_urn, charity_number, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		o.Name, strings.ToLower(o.Name), string(o.Kind), o.ODSCode, o.ONSCode, o.SchoolURN, o.CharityNumber, now).Scan(&id)
	if isUniqueViolation(err) {
		return 0, &validation.Errors{Fields: []validation.FieldError{{Field: "ods_code", Message: "Another organisation already has ODS code " + o.ODSCode}}}
	}
	if err != nil {
		return 0, err
	}
	if err := setOrgAreas(ctx, tx, id, o.AreaCodes); err != nil {
		return 0, err
	}
	return id, s.recordChange(ctx, tx, by, audit.ActionCreate, entOrganisation, idText(id), nil)
}

func setOrgAreas(ctx context.Context, tx *sql.Tx, id int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM organisation_areas WHERE org_id = $1", id); err != nil {
		return err
	}
	sorted := append([]string(nil), codes...)
	sort.Strings(sorted)
	for _, c := range sorted {
		if _, err := tx.ExecContext(ctx, "INSERT INTO organisation_areas (org_id, area_code) VALUES ($1, $2)", id, c); err != nil {
			return err
		}
	}
	return nil
}

// UpdateOrganisation replaces the organisation with ID o.ID.
func (s *Store) UpdateOrganisation(ctx context.Context, by Actor, o places.Organisation) (_ places.Organisation, err error) {
	defer wrapOp(&err, "update organisation")
	var out places.Organisation
	err = s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entOrganisation, idText(o.ID))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if err := s.checkOrg(ctx, tx, &o); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE organisations SET name = $1, name_lower = $2, kind = $3, ods_code = $4, ons_code = $5,
			school_urn = $6, charity_number = $7, updated_at = $8 WHERE id = $9`,
			o.Name, strings.ToLower(o.Name), string(o.Kind), o.ODSCode, o.ONSCode, o.SchoolURN, o.CharityNumber, s.stamp(), o.ID)
		if isUniqueViolation(err) {
			return &validation.Errors{Fields: []validation.FieldError{{Field: "ods_code", Message: "Another organisation already has ODS code " + o.ODSCode}}}
		}
		if err != nil {
			return err
		}
		if err := setOrgAreas(ctx, tx, o.ID, o.AreaCodes); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entOrganisation, idText(o.ID), before); err != nil {
			return err
		}
		out, err = getOrg(ctx, tx, o.ID)
		return err
	})
	return out, err
}

// DeleteOrganisation removes an organisation; ErrConflict when a partnership
// or board member still refers to it.
func (s *Store) DeleteOrganisation(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "delete organisation")
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entOrganisation, idText(id))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM partnerships WHERE lead_org_id = $1) + (SELECT count(*) FROM members WHERE org_id = $1)`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: the organisation leads a partnership or has board members", ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM organisation_areas WHERE org_id = $1", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM organisations WHERE id = $1", id); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionDelete, entOrganisation, idText(id), before)
	})
}

// ImportOrganisations stores rows read from an import file in one
// transaction: all or nothing. When any row is bad it returns
// *validation.Errors whose fields are column names and whose messages start
// "Row N: ", N being the row's line in the file.
func (s *Store) ImportOrganisations(ctx context.Context, by Actor, rows []places.OrgCSVRow) (_ int, err error) {
	defer wrapOp(&err, "import organisations")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var all validation.Errors
		seenODS := map[string]int{}
		for i := range rows {
			o := &rows[i].Organisation
			o.ID = 0
			rowNo := rows[i].Row
			if err := s.checkOrg(ctx, tx, o); err != nil {
				ve, ok := validation.As(err)
				if !ok {
					return err
				}
				for _, f := range ve.Fields {
					all.AddRow(rowNo, f.Field, f.Message)
				}
				continue
			}
			if o.ODSCode != "" {
				if first, dup := seenODS[o.ODSCode]; dup {
					all.AddRow(rowNo, "ods_code", fmt.Sprintf("ODS code %s is also on row %d", o.ODSCode, first))
					continue
				}
				seenODS[o.ODSCode] = rowNo
			}
		}
		if err := all.Err(); err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := s.insertOrg(ctx, tx, by, r.Organisation); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}
