package refdata

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"time"
)

//go:embed data/*.gz
var embedded embed.FS

const dateLayout = "2006-01-02"

// populationDate is the reference date of the ONS mid-year estimates used.
var populationDate = time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC)

func load() (*Set, error) {
	return loadFS(embedded)
}

// loadFS reads a Set from files laid out as in data/. Separate from load so
// tests and fuzzing can feed it broken files.
func loadFS(fsys fs.FS) (*Set, error) {
	s := &Set{
		PopulationDate: populationDate,
		boundaries:     map[AreaType][]byte{},
		hexes:          map[AreaType][]byte{},
		index:          map[Key]int{},
		children:       map[Key][]Key{},
		population:     map[Key][]PopulationCount{},
	}
	if err := s.readAreas(fsys); err != nil {
		return nil, err
	}
	if err := s.readLSOAs(fsys); err != nil {
		return nil, err
	}
	if err := s.readParents(fsys); err != nil {
		return nil, err
	}
	if err := s.readPopulation(fsys); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		t    AreaType
		name string
		into map[AreaType][]byte
	}{
		{ICB, "boundaries_icb.geojson.gz", s.boundaries},
		{UTLA, "boundaries_utla.geojson.gz", s.boundaries},
		{LTLA, "boundaries_ltla.geojson.gz", s.boundaries},
		{ICB, "hex_icb.hexjson.gz", s.hexes},
		{UTLA, "hex_utla.hexjson.gz", s.hexes},
		{STP, "hex_stp.hexjson.gz", s.hexes},
	} {
		b, err := readGzip(fsys, f.name)
		if err != nil {
			return nil, err
		}
		f.into[f.t] = b
	}
	for k := range s.children {
		sortKeys(s.children[k])
	}
	return s, nil
}

func sortKeys(keys []Key) {
	rank := map[AreaType]int{}
	for i, t := range AreaTypes {
		rank[t] = i
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Type != keys[j].Type {
			return rank[keys[i].Type] < rank[keys[j].Type]
		}
		return keys[i].Code < keys[j].Code
	})
}

func readGzip(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open("data/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// 64 MB is far above any file here; the cap only guards against a
	// corrupt file expanding without end.
	b, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

// table is a CSV file read into memory, with positions for error messages.
type table struct {
	name   string
	header []string
	rows   [][]string
}

func readTable(fsys fs.FS, name string, want []string) (*table, error) {
	b, err := readGzip(fsys, name)
	if err != nil {
		return nil, err
	}
	t, err := parseTable(name, b, want)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// parseTable parses CSV bytes whose header must be exactly want.
func parseTable(name string, b []byte, want []string) (*table, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(want)
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	for i, h := range want {
		if header[i] != h {
			return nil, fmt.Errorf("%s: column %d is %q, want %q", name, i+1, header[i], h)
		}
	}
	t := &table{name: name, header: header}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		t.rows = append(t.rows, rec)
	}
}

// errAt names the file, line (the header is line 1) and column of a bad value.
func (t *table) errAt(row, col int, format string, args ...any) error {
	return fmt.Errorf("%s line %d column %s: %s", t.name, row+2, t.header[col], fmt.Sprintf(format, args...))
}

func (t *table) int(row, col int) (int, error) {
	n, err := strconv.Atoi(t.rows[row][col])
	if err != nil || n < 0 {
		return 0, t.errAt(row, col, "%q is not a whole number", t.rows[row][col])
	}
	return n, nil
}

func (t *table) date(row, col int) (time.Time, error) {
	v := t.rows[row][col]
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(dateLayout, v)
	if err != nil {
		return time.Time{}, t.errAt(row, col, "%q is not a date (YYYY-MM-DD)", v)
	}
	return d, nil
}

func (t *table) areaType(row, col int) (AreaType, error) {
	at := AreaType(t.rows[row][col])
	if !at.Valid() {
		return "", t.errAt(row, col, "unknown area type %q", at)
	}
	return at, nil
}

func (s *Set) readAreas(fsys fs.FS) error {
	t, err := readTable(fsys, "areas.csv.gz", []string{"type", "code", "name", "ods_code", "valid_from", "valid_to", "population", "note"})
	if err != nil {
		return err
	}
	s.Areas = make([]Area, 0, len(t.rows))
	for i, rec := range t.rows {
		typ, err := t.areaType(i, 0)
		if err != nil {
			return err
		}
		if typ == LSOA {
			return t.errAt(i, 0, "LSOAs belong in lsoas.csv")
		}
		if rec[1] == "" {
			return t.errAt(i, 1, "empty code")
		}
		from, err := t.date(i, 4)
		if err != nil {
			return err
		}
		to, err := t.date(i, 5)
		if err != nil {
			return err
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			return t.errAt(i, 5, "valid_to %s is before valid_from %s", rec[5], rec[4])
		}
		pop, err := t.int(i, 6)
		if err != nil {
			return err
		}
		a := Area{Type: typ, Code: rec[1], Name: rec[2], ODSCode: rec[3], ValidFrom: from, ValidTo: to, Population: pop, Note: rec[7]}
		if _, dup := s.index[a.Key()]; dup {
			return t.errAt(i, 1, "duplicate area %s", a.Key())
		}
		s.index[a.Key()] = len(s.Areas)
		s.Areas = append(s.Areas, a)
	}
	return nil
}

// readLSOAs reads the LSOAs; their parents are implied by the ltla and icb
// columns, each a whole containment.
func (s *Set) readLSOAs(fsys fs.FS) error {
	t, err := readTable(fsys, "lsoas.csv.gz", []string{"code", "name", "ltla", "icb"})
	if err != nil {
		return err
	}
	s.LSOAs = make([]Area, 0, len(t.rows))
	for i, rec := range t.rows {
		if rec[0] == "" {
			return t.errAt(i, 0, "empty code")
		}
		a := Area{Type: LSOA, Code: rec[0], Name: rec[1]}
		if _, dup := s.index[a.Key()]; dup {
			return t.errAt(i, 0, "duplicate LSOA %s", rec[0])
		}
		for _, c := range []struct {
			col int
			typ AreaType
		}{{2, LTLA}, {3, ICB}} {
			if at, ok := s.index[Key{c.typ, rec[c.col]}]; !ok || at < 0 {
				return t.errAt(i, c.col, "unknown %s %q", c.typ, rec[c.col])
			}
		}
		a.Parents = []Parent{{Type: LTLA, Code: rec[2], LSOAs: 1, OfLSOAs: 1}, {Type: ICB, Code: rec[3], LSOAs: 1, OfLSOAs: 1}}
		s.index[a.Key()] = -len(s.LSOAs) - 1
		s.LSOAs = append(s.LSOAs, a)
		for _, p := range a.Parents {
			s.children[p.Key()] = append(s.children[p.Key()], a.Key())
		}
	}
	return nil
}

func (s *Set) readParents(fsys fs.FS) error {
	t, err := readTable(fsys, "parents.csv.gz", []string{"child_type", "child_code", "parent_type", "parent_code", "lsoas", "of_lsoas"})
	if err != nil {
		return err
	}
	for i, rec := range t.rows {
		ct, err := t.areaType(i, 0)
		if err != nil {
			return err
		}
		pt, err := t.areaType(i, 2)
		if err != nil {
			return err
		}
		child := Key{ct, rec[1]}
		ci, ok := s.index[child]
		if !ok || ci < 0 {
			return t.errAt(i, 1, "unknown area %s", child)
		}
		parentKey := Key{pt, rec[3]}
		if pi, ok := s.index[parentKey]; !ok || pi < 0 {
			return t.errAt(i, 3, "unknown area %s", parentKey)
		}
		n, err := t.int(i, 4)
		if err != nil {
			return err
		}
		of, err := t.int(i, 5)
		if err != nil {
			return err
		}
		if n == 0 || n > of {
			return t.errAt(i, 4, "share %d of %d is not between 0 and 1", n, of)
		}
		s.Areas[ci].Parents = append(s.Areas[ci].Parents, Parent{Type: pt, Code: rec[3], LSOAs: n, OfLSOAs: of})
		s.children[parentKey] = append(s.children[parentKey], child)
	}
	return nil
}

func (s *Set) readPopulation(fsys fs.FS) error {
	t, err := readTable(fsys, "population.csv.gz", []string{"type", "code", "sex", "age_band", "count"})
	if err != nil {
		return err
	}
	bands := map[string]bool{}
	for _, b := range AgeBands {
		bands[b] = true
	}
	s.Population = make([]PopulationCount, 0, len(t.rows))
	for i, rec := range t.rows {
		typ, err := t.areaType(i, 0)
		if err != nil {
			return err
		}
		if _, ok := s.index[Key{typ, rec[1]}]; !ok {
			return t.errAt(i, 1, "unknown area %s:%s", typ, rec[1])
		}
		sex, ok := map[string]Sex{"F": Female, "M": Male}[rec[2]]
		if !ok {
			return t.errAt(i, 2, "sex %q is not F or M", rec[2])
		}
		if !bands[rec[3]] {
			return t.errAt(i, 3, "unknown age band %q", rec[3])
		}
		n, err := t.int(i, 4)
		if err != nil {
			return err
		}
		s.Population = append(s.Population, PopulationCount{Type: typ, Code: rec[1], Sex: sex, AgeBand: rec[3], Count: n})
	}
	for _, p := range s.Population {
		k := Key{p.Type, p.Code}
		s.population[k] = append(s.population[k], p)
	}
	return nil
}
