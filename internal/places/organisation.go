package places

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// OrgKind is the kind of organisation in the cross-sector register.
type OrgKind string

// Organisation kinds.
const (
	OrgICB          OrgKind = "icb"
	OrgCCG          OrgKind = "ccg"
	OrgNHSTrust     OrgKind = "nhs_trust"
	OrgGPPractice   OrgKind = "gp_practice"
	OrgCouncilUpper OrgKind = "council_upper"
	OrgCouncilLower OrgKind = "council_lower"
	OrgSchool       OrgKind = "school"
	OrgPolice       OrgKind = "police"
	OrgFireRescue   OrgKind = "fire_rescue"
	OrgVoluntary    OrgKind = "voluntary"
	OrgHousing      OrgKind = "housing"
	OrgPrivate      OrgKind = "private"
)

// OrgKinds lists every organisation kind in display order.
var OrgKinds = []OrgKind{
	OrgICB, OrgCCG, OrgNHSTrust, OrgGPPractice, OrgCouncilUpper, OrgCouncilLower,
	OrgSchool, OrgPolice, OrgFireRescue, OrgVoluntary, OrgHousing, OrgPrivate,
}

var orgKindLabels = map[OrgKind]string{
	OrgICB:          "Integrated care board",
	OrgCCG:          "Clinical commissioning group",
	OrgNHSTrust:     "NHS trust",
	OrgGPPractice:   "GP practice",
	OrgCouncilUpper: "Council (upper tier)",
	OrgCouncilLower: "Council (lower tier)",
	OrgSchool:       "School",
	OrgPolice:       "Police",
	OrgFireRescue:   "Fire and rescue",
	OrgVoluntary:    "Voluntary or community organisation",
	OrgHousing:      "Housing provider",
	OrgPrivate:      "Private provider",
}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool { _, ok := orgKindLabels[k]; return ok }

// Label is the human name of the kind, e.g. "NHS trust".
func (k OrgKind) Label() string { return orgKindLabels[k] }

// Sector groups organisation kinds for the national view.
type Sector string

// Sectors.
const (
	SectorNHS             Sector = "nhs"
	SectorLocalGovernment Sector = "local_government"
	SectorOther           Sector = "other"
)

// SectorOf says which sector an organisation kind belongs to: ICBs, CCGs,
// trusts and GP practices are NHS; councils are local government; the rest
// are other.
func SectorOf(k OrgKind) Sector {
	switch k {
	case OrgICB, OrgCCG, OrgNHSTrust, OrgGPPractice:
		return SectorNHS
	case OrgCouncilUpper, OrgCouncilLower:
		return SectorLocalGovernment
	default:
		return SectorOther
	}
}

// Organisation is one entry in the register.
type Organisation struct {
	ID            int64    `json:"id"`
	Name          string   `json:"name"`
	Kind          OrgKind  `json:"kind"`
	ODSCode       string   `json:"ods_code,omitempty"`
	ONSCode       string   `json:"ons_code,omitempty"`
	SchoolURN     string   `json:"school_urn,omitempty"`
	CharityNumber string   `json:"charity_number,omitempty"`
	AreaCodes     []string `json:"area_codes"` // areas the organisation serves
}

// Field length limits shared by forms, API and database.
const (
	MaxNameLen  = 200
	MaxTextLen  = 20000
	MaxTitleLen = 300
	MaxURLLen   = 2000
	MaxAreas    = 500
)

var (
	odsCodePattern  = regexp.MustCompile(`^[A-Z0-9]{3,10}$`)
	onsCodePattern  = regexp.MustCompile(`^[EWSNK][0-9]{8}$`)
	urnPattern      = regexp.MustCompile(`^[0-9]{6,7}$`)
	charityPattern  = regexp.MustCompile(`^[0-9]{6,8}(-[0-9]{1,2})?$`)
	areaCodePattern = onsCodePattern
)

// ValidAreaCode reports whether s looks like an ONS area code (E06000001).
// Whether the area exists is checked by the store.
func ValidAreaCode(s string) bool { return areaCodePattern.MatchString(s) }

// Normalize trims spaces and upper-cases codes, so "  e06000001 " and
// "E06000001" are the same. Call it before Validate.
func (o *Organisation) Normalize() {
	o.Name = strings.TrimSpace(o.Name)
	o.Kind = OrgKind(strings.TrimSpace(string(o.Kind)))
	o.ODSCode = strings.ToUpper(strings.TrimSpace(o.ODSCode))
	o.ONSCode = strings.ToUpper(strings.TrimSpace(o.ONSCode))
	o.SchoolURN = strings.TrimSpace(o.SchoolURN)
	o.CharityNumber = strings.TrimSpace(o.CharityNumber)
	codes := o.AreaCodes[:0:0]
	seen := map[string]bool{}
	for _, c := range o.AreaCodes {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		codes = append(codes, c)
	}
	o.AreaCodes = codes
}

// Validate checks the organisation's fields (not whether its area codes
// exist, which needs the store).
func (o *Organisation) Validate() *validation.Errors {
	var errs validation.Errors
	if errs.Required("name", o.Name, "the organisation's name") {
		errs.Line("name", o.Name, "Name", MaxNameLen)
	}
	if o.Kind == "" {
		errs.Add("kind", "Select the kind of organisation")
	} else if !o.Kind.Valid() {
		errs.Add("kind", "Kind must be one of "+joinKinds())
	}
	if o.ODSCode != "" && !odsCodePattern.MatchString(o.ODSCode) {
		errs.Add("ods_code", "ODS code must be 3 to 10 letters or digits, like RX1 or E83001")
	}
	if o.ONSCode != "" && !onsCodePattern.MatchString(o.ONSCode) {
		errs.Add("ons_code", "ONS code must be a letter and 8 digits, like E06000001")
	}
	if o.SchoolURN != "" && !urnPattern.MatchString(o.SchoolURN) {
		errs.Add("school_urn", "School URN must be 6 or 7 digits")
	}
	if o.CharityNumber != "" && !charityPattern.MatchString(o.CharityNumber) {
		errs.Add("charity_number", "Charity number must be 6 to 8 digits, like 1234567")
	}
	if len(o.AreaCodes) > MaxAreas {
		errs.Add("area_codes", "An organisation can serve at most "+strconv.Itoa(MaxAreas)+" areas")
	}
	for _, c := range o.AreaCodes {
		if !ValidAreaCode(c) {
			errs.Add("area_codes", "Area code "+strconv.Quote(c)+" is not an ONS code like E06000001")
			break
		}
	}
	return orNil(&errs)
}

func joinKinds() string {
	s := make([]string, len(OrgKinds))
	for i, k := range OrgKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// orNil returns nil when errs holds no problem, so callers may test
// `if errs := x.Validate(); errs != nil`.
func orNil(errs *validation.Errors) *validation.Errors {
	if len(errs.Fields) == 0 {
		return nil
	}
	return errs
}
