// Package places holds the domain types of the foundation: areas of England,
// organisations, partnerships and their boards, meetings and decisions. It
// knows nothing of HTTP or databases; each input type validates itself and
// names its problems with the snake_case field names the web forms and the
// JSON API use.
package places

import (
	"strings"
	"time"
)

// AreaType is the kind of geography an Area is.
type AreaType string

// Area types. Footprints of 2017 (stp) and ICBs of 2022 (icb) live side by
// side, told apart by type and validity dates.
const (
	AreaCountry AreaType = "country"
	AreaRegion  AreaType = "region" // ONS region (E12)
	AreaNHSER   AreaType = "nhser"  // NHS England region (E40)
	AreaICB     AreaType = "icb"    // integrated care board, 2022 (E54)
	AreaSTP     AreaType = "stp"    // sustainability and transformation partnership footprint, 2017 (E54)
	AreaUTLA    AreaType = "utla"   // upper-tier local authority: a health and wellbeing board area
	AreaLTLA    AreaType = "ltla"   // lower-tier local authority (district)
	AreaLSOA    AreaType = "lsoa"   // lower layer super output area
)

// AreaTypes lists every area type, largest first.
var AreaTypes = []AreaType{AreaCountry, AreaRegion, AreaNHSER, AreaICB, AreaSTP, AreaUTLA, AreaLTLA, AreaLSOA}

// Valid reports whether t is a known area type.
func (t AreaType) Valid() bool {
	for _, k := range AreaTypes {
		if k == t {
			return true
		}
	}
	return false
}

// AreaRef identifies an area: its type AND code. Codes alone are
// ambiguous: a unitary council is both a utla and an ltla with one code, and
// 29 E54 codes are both a 2017 footprint (stp) and a 2022 ICB.
type AreaRef struct {
	Type AreaType `json:"type"`
	Code string   `json:"code"`
}

// AreaParent links an area to a parent. When the area lies only partly in
// the parent (a council split between two footprints) LSOAs/OfLSOAs is the
// share of its 2011 LSOAs inside the parent; for whole containment the two
// are equal.
type AreaParent struct {
	Type    AreaType `json:"type"`
	Code    string   `json:"code"`
	Name    string   `json:"name,omitempty"`
	LSOAs   int      `json:"lsoas"`
	OfLSOAs int      `json:"of_lsoas"`
}

// Whole reports whether the child lies entirely inside the parent.
func (p AreaParent) Whole() bool { return p.LSOAs == p.OfLSOAs }

// Area is one piece of reference geography, identified by Type and Code.
type Area struct {
	Code string   `json:"code"`
	Name string   `json:"name"`
	Type AreaType `json:"type"`
	// ODSCode is the NHS code where the area is also an NHS body (ICBs,
	// NHS regions).
	ODSCode string `json:"ods_code,omitempty"`
	// ParentCodes are the codes of the areas this one sits in (e.g. an LTLA's
	// UTLA and region, a UTLA's footprint); Parents says their types and
	// shares.
	ParentCodes []string     `json:"parent_codes"`
	Parents     []AreaParent `json:"parents,omitempty"`
	// ValidFrom and ValidTo bound when the area existed; "" means open.
	ValidFrom string `json:"valid_from,omitempty"` // 2006-01-02
	ValidTo   string `json:"valid_to,omitempty"`   // 2006-01-02
	// Population is the mid-2021 total, 0 where it is not known exactly
	// (ICBs, footprints and LSOAs cut across councils).
	Population int64 `json:"population"`
}

// Ref returns the area's identity.
func (a Area) Ref() AreaRef { return AreaRef{a.Type, a.Code} }

// Sex as used by the ONS population estimates.
type Sex string

// Sexes in ONS mid-year estimates.
const (
	Female Sex = "female"
	Male   Sex = "male"
)

// AgeBands are the 5-year bands of the mid-2021 estimates, 0-4 to 90+.
var AgeBands = []string{
	"0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
	"45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+",
}

// PopulationCount is the number of people of one sex in one age band.
type PopulationCount struct {
	Sex     Sex    `json:"sex"`
	AgeBand string `json:"age_band"`
	Count   int64  `json:"count"`
}

// DateLayout is how dates are written in forms, JSON and the database.
// Dates are carried as strings in this layout so every edge (form, JSON,
// SQL) sees the same text.
const DateLayout = "2006-01-02"

// ParseDate reads a 2006-01-02 date.
func ParseDate(s string) (time.Time, error) {
	return time.Parse(DateLayout, strings.TrimSpace(s))
}

// ListingDate is the day on which a list of areas of type t is taken when the
// caller names no date: the date the reference data describes that geography.
// Councils and LSOAs are listed as at mid-2021 (the population estimates), the
// footprints as at their 2017 list and the ICBs from their 2022 start, so a
// list never mixes a council with the council that replaced it. It returns ""
// for types whose areas have not changed in the data.
func ListingDate(t AreaType) string {
	switch t {
	case AreaUTLA, AreaLTLA, AreaLSOA:
		return "2021-06-30"
	case AreaSTP:
		return "2017-04-01"
	case AreaICB:
		return "2022-07-01"
	}
	return ""
}
