package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/placeboard/placeboard/internal/places"
)

// postcodeBatch is how many postcodes go to the database at a time while
// loading: big enough that a 2.7 million-row lookup takes few statements,
// small enough to keep memory flat.
const postcodeBatch = 5000

// PostcodeLoad is what LoadPostcodes did.
type PostcodeLoad struct {
	Rows      int // rows read from the file
	Postcodes int // postcodes now in the lookup (a repeated postcode keeps its first row)
}

// LoadPostcodes replaces the postcode lookup with what read emits, in one
// transaction: when read (or anything else) fails, the lookup loaded
// before stays as it was and nothing of the new file is kept. The load is
// audited. read is typically places.ReadPostcodeLookup over the file.
func (s *Store) LoadPostcodes(ctx context.Context, by Actor, source string, read func(emit func(places.PostcodeArea) error) (int, error)) (_ PostcodeLoad, err error) {
	defer wrapOp(&err, "load postcodes")
	var out PostcodeLoad
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM postcodes"); err != nil {
			return err
		}
		cols := []string{"postcode", "lsoa_code", "ward_code", "district_code"}
		batch := make([][]any, 0, postcodeBatch)
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			err := s.insertMany(ctx, tx, "postcodes", cols, "ON CONFLICT (postcode) DO NOTHING", batch)
			batch = batch[:0]
			return err
		}
		rows, err := read(func(a places.PostcodeArea) error {
			batch = append(batch, []any{a.Postcode, a.LSOA, a.Ward, a.District})
			if len(batch) == postcodeBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		out.Rows = rows
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM postcodes").Scan(&out.Postcodes); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "load-postcodes", Entity: "postcodes",
			Detail: map[string]string{"source": source, "rows": strconv.Itoa(rows), "postcodes": strconv.Itoa(out.Postcodes)}})
	})
	return out, err
}

// errPostcodeNotFound matches both ErrNotFound and the domain's
// places.ErrPostcodeNotFound.
var errPostcodeNotFound = fmt.Errorf("%w: %w", ErrNotFound, places.ErrPostcodeNotFound)

// LookupPostcode returns where the postcode lookup places postcode (in any
// spacing or case), or an error matching ErrNotFound (and
// places.ErrPostcodeNotFound) when the lookup does not have it or it is not
// a postcode at all.
func (s *Store) LookupPostcode(ctx context.Context, postcode string) (_ places.PostcodeArea, err error) {
	defer wrapOp(&err, "look up postcode")
	pc, perr := places.NormalisePostcode(postcode)
	if perr != nil {
		return places.PostcodeArea{}, errPostcodeNotFound
	}
	a := places.PostcodeArea{Postcode: pc}
	err = s.db.QueryRowContext(ctx, "SELECT lsoa_code, ward_code, district_code FROM postcodes WHERE postcode = $1", pc).Scan(&a.LSOA, &a.Ward, &a.District)
	if errors.Is(err, sql.ErrNoRows) {
		return places.PostcodeArea{}, errPostcodeNotFound
	}
	return a, err
}

// PostcodesLoaded reports whether a postcode lookup has been loaded. Without
// one, residents choose their district by name.
func (s *Store) PostcodesLoaded(ctx context.Context) (_ bool, err error) {
	defer wrapOp(&err, "postcodes loaded")
	var one int
	err = s.db.QueryRowContext(ctx, "SELECT 1 FROM postcodes LIMIT 1").Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Districts lists the current local authority districts (lower-tier local
// authorities, unitary authorities included) by name, for people to choose
// theirs when the postcode lookup cannot place them.
func (s *Store) Districts(ctx context.Context) (_ []places.Area, err error) {
	defer wrapOp(&err, "districts")
	rows, err := s.db.QueryContext(ctx, "SELECT "+areaCols+" FROM areas WHERE type = 'ltla' AND valid_to = '' ORDER BY name, code")
	if err != nil {
		return nil, err
	}
	return scanAreas(rows)
}

// IsDistrict reports whether code is a current district (see Districts).
func (s *Store) IsDistrict(ctx context.Context, code string) (_ bool, err error) {
	defer wrapOp(&err, "is district")
	var one int
	err = s.db.QueryRowContext(ctx, "SELECT 1 FROM areas WHERE type = 'ltla' AND valid_to = '' AND code = $1", code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// The store is the domain's profile lookup.
var _ places.ProfileLookup = (*Store)(nil)
