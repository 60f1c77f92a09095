// Package refdata holds England's reference geography for health and care
// partnerships, embedded in the binary: areas (country, ONS regions, NHS
// regions, 2022 ICBs, 2017 STP footprints, upper- and lower-tier councils,
// 2011 LSOAs) with parents, shares and validity dates; mid-2021 population by
// sex and five-year age band; GeoJSON boundaries and HexJSON layouts.
//
// The embedded files under data/ are generated from ../shared/anchors/uk by
// `go run ./internal/places/refdata/gen -shared /work/shared`; see
// docs/reference-data.md for sources, licences and the choices made.
//
// Load is pure: it reads only the embedded files and returns plain Go values.
// It imports no database or HTTP package.
//
// Identity: an area is identified by Type AND Code, not by Code alone. Two
// real overlaps make this necessary:
//   - a unitary authority, metropolitan borough or London borough (E06, E08,
//     E09) is both an upper-tier (utla) and a lower-tier (ltla) area with the
//     same ONS code, for example Hartlepool E06000001;
//   - ONS reused E54 codes: where a 2022 ICB kept its 2017 STP footprint's
//     boundary it kept the code, so E54000008 is both the STP footprint
//     "Cheshire and Merseyside" (2017) and the ICB (2022).
//
// NOTE(core): in this data 128 codes are both utla and ltla, and 29 E54 codes
// are both stp and icb, so a table keyed by code alone keeps only one of each
// pair (and `type=stp` would no longer list 44). Key areas by (type, code), or
// parents by (type, code), as Key and Parent do here.
package refdata

import (
	"fmt"
	"time"
)

// AreaType names a kind of area. The values are the strings used in the API
// (`?type=icb`) and the database.
type AreaType string

const (
	Country   AreaType = "country" // England, E92
	Region    AreaType = "region"  // ONS region, E12
	NHSRegion AreaType = "nhser"   // NHS England region, E40
	ICB       AreaType = "icb"     // integrated care board (July 2022), E54
	STP       AreaType = "stp"     // sustainability and transformation partnership footprint (April 2017), E54
	UTLA      AreaType = "utla"    // upper-tier local authority = health and wellbeing board area
	LTLA      AreaType = "ltla"    // lower-tier local authority (district, unitary, borough)
	LSOA      AreaType = "lsoa"    // lower layer super output area (2011)
)

// AreaTypes lists every type, broadest first.
var AreaTypes = []AreaType{Country, Region, NHSRegion, ICB, STP, UTLA, LTLA, LSOA}

// Valid reports whether t is one of the known area types.
func (t AreaType) Valid() bool {
	for _, k := range AreaTypes {
		if t == k {
			return true
		}
	}
	return false
}

// Key identifies an area: its type and ONS code.
type Key struct {
	Type AreaType
	Code string
}

func (k Key) String() string { return string(k.Type) + ":" + k.Code }

// Parent links a child area to one parent. When the child lies partly in the
// parent (a council split between two footprints, a district split between two
// ICBs) the share is LSOAs/OfLSOAs: the number of the child's 2011 LSOAs that
// lie in the parent over the child's total. For a whole containment
// LSOAs == OfLSOAs; where LSOA counts do not apply (region→country) both are 1.
// Shares are integer counts so they add up exactly.
type Parent struct {
	Type    AreaType
	Code    string
	LSOAs   int
	OfLSOAs int
}

// Key returns the parent's identity.
func (p Parent) Key() Key { return Key{p.Type, p.Code} }

// Whole reports whether the child lies entirely inside the parent.
func (p Parent) Whole() bool { return p.LSOAs == p.OfLSOAs }

// Share is the share of the child lying in the parent, 0 < share ≤ 1, for
// display only; use LSOAs and OfLSOAs for arithmetic.
func (p Parent) Share() float64 {
	if p.OfLSOAs == 0 {
		return 0
	}
	return float64(p.LSOAs) / float64(p.OfLSOAs)
}

// Area is one area of the reference geography.
type Area struct {
	Type AreaType
	Code string // ONS GSS code, e.g. E06000001, E54000050
	Name string
	// ODSCode is the NHS organisation code where the area is also an NHS
	// body: ICBs (e.g. QHM), NHS regions (e.g. Y63). Empty otherwise.
	ODSCode string
	Parents []Parent
	// ValidFrom and ValidTo bound the area's life (inclusive dates, UTC
	// midnight). A zero ValidFrom means "before the data begins"; a zero
	// ValidTo means "still in force as far as this data knows".
	ValidFrom time.Time
	ValidTo   time.Time
	// Population is the ONS mid-2021 estimate, all ages and sexes, where it
	// can be computed exactly from whole districts (utla, ltla, region,
	// country); 0 for ICBs, STPs, NHS regions and LSOAs, which some
	// districts straddle, and for councils not in force in mid-2021.
	Population int
	// Note explains a non-obvious choice (e.g. how an old council code maps
	// to the 2021 councils). Empty for most areas.
	Note string
}

// Key returns the area's identity.
func (a Area) Key() Key { return Key{a.Type, a.Code} }

// ParentCodes returns the codes of the area's parents, in order.
func (a Area) ParentCodes() []string {
	codes := make([]string, len(a.Parents))
	for i, p := range a.Parents {
		codes[i] = p.Code
	}
	return codes
}

// ParentsOfType returns the parents of the given type.
func (a Area) ParentsOfType(t AreaType) []Parent {
	var out []Parent
	for _, p := range a.Parents {
		if p.Type == t {
			out = append(out, p)
		}
	}
	return out
}

// ValidOn reports whether the area was in force on day d.
func (a Area) ValidOn(d time.Time) bool {
	if !a.ValidFrom.IsZero() && d.Before(a.ValidFrom) {
		return false
	}
	if !a.ValidTo.IsZero() && d.After(a.ValidTo) {
		return false
	}
	return true
}

// Sex of a population count.
type Sex string

const (
	Female Sex = "female" // written F in population.csv
	Male   Sex = "male"   // written M in population.csv
)

// AgeBands are the 19 five-year bands of the population figures, youngest
// first: 0-4, 5-9, … 85-89, 90+.
var AgeBands = []string{
	"0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
	"45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+",
}

// PopulationCount is one cell of the mid-2021 estimates: an area, a sex and an
// age band.
type PopulationCount struct {
	Type    AreaType // utla or ltla
	Code    string
	Sex     Sex
	AgeBand string // one of AgeBands
	Count   int
}

// Set is the whole reference geography.
type Set struct {
	// Areas holds every area except LSOAs, sorted by type (AreaTypes order)
	// then code.
	Areas []Area
	// LSOAs holds the 32,844 LSOAs (2011), sorted by code. Each has two
	// parents: its 2021 lower-tier council (ltla) and its 2022 ICB.
	LSOAs []Area
	// Population holds the mid-2021 estimates by sex and five-year band for
	// every utla and ltla valid in 2021 (152 × 38 and 309 × 38 rows).
	Population []PopulationCount
	// PopulationDate is the reference date of Population (2021-06-30).
	PopulationDate time.Time

	boundaries map[AreaType][]byte
	hexes      map[AreaType][]byte
	// index maps a key to its position: i ≥ 0 in Areas, or -(i+1) in LSOAs.
	index      map[Key]int
	children   map[Key][]Key
	population map[Key][]PopulationCount
}

// Area returns the area of the given type and code (LSOAs included).
func (s *Set) Area(t AreaType, code string) (Area, bool) {
	i, ok := s.index[Key{t, code}]
	if !ok {
		return Area{}, false
	}
	if i < 0 {
		return s.LSOAs[-i-1], true
	}
	return s.Areas[i], true
}

// AreasOfType returns the areas of one type (LSOAs included when t is LSOA),
// historic ones too. Use Area.ValidOn to choose those in force on a date.
func (s *Set) AreasOfType(t AreaType) []Area {
	if t == LSOA {
		return s.LSOAs
	}
	var out []Area
	for _, a := range s.Areas {
		if a.Type == t {
			out = append(out, a)
		}
	}
	return out
}

// InForce returns the areas of one type valid on day d. On the reference
// dates: 44 stp on 2017-04-01; 42 icb on 2022-07-01; 152 utla and 309 ltla
// on 2021-06-30 (PopulationDate).
//
// NOTE(api): listing utla with no date gives 157, the 152 of 2021 plus the
// five abolished councils of the 2017 footprint list (which carry no
// population). Offer a date filter, or list utla in force on PopulationDate.
func (s *Set) InForce(t AreaType, d time.Time) []Area {
	var out []Area
	for _, a := range s.AreasOfType(t) {
		if a.ValidOn(d) {
			out = append(out, a)
		}
	}
	return out
}

// Children returns the keys of the areas that name k as a parent, sorted by
// type then code. LSOAs are included for ltla and icb parents.
func (s *Set) Children(k Key) []Key { return s.children[k] }

// Boundaries returns a GeoJSON FeatureCollection (WGS84, 4 decimal places,
// ONS ultra-generalised) for icb, utla or ltla, whose features carry the
// properties "code" and "name"; nil for other types.
func (s *Set) Boundaries(t AreaType) []byte { return s.boundaries[t] }

// Hex returns a HexJSON layout (odd-r, rows growing northwards) for icb, utla
// or stp keyed by ONS code, each hex carrying "n" (name) plus "q" and "r"
// (ICB hexes also "ods" and "nhser"); nil for other types. See
// docs/reference-data.md for the changes made to the source layouts.
func (s *Set) Hex(t AreaType) []byte { return s.hexes[t] }

// PopulationOf returns the 38 mid-2021 counts for one utla or ltla: male
// first, then female, each youngest band first (AgeBands order); nil when
// there are none.
func (s *Set) PopulationOf(t AreaType, code string) []PopulationCount {
	return s.population[Key{t, code}]
}

// Load parses the embedded reference data. It is safe to call more than once;
// each call returns a fresh Set.
func Load() (*Set, error) {
	s, err := load()
	if err != nil {
		return nil, fmt.Errorf("refdata: %w", err)
	}
	return s, nil
}
