package store

import (
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
)

// Actor is whoever makes a change; it is written into the audit entry. The
// type is audit's, so auth can convert a principal without importing store.
type Actor = audit.Actor

// System is the actor for changes the program makes on its own (reference
// data, the demo partnership, the first administrator from the CLI).
var System = Actor{Name: "system"}

// Page selects a window of a list. Limit 0 means DefaultLimit; Limit is
// capped at MaxLimit.
type Page struct {
	Limit  int
	Offset int
}

// Page limits.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

func (p Page) norm() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultLimit
	}
	if p.Limit > MaxLimit {
		p.Limit = MaxLimit
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

// AreaFilter narrows ListAreas. Empty fields do not filter.
type AreaFilter struct {
	Type   places.AreaType
	Query  string         // part of the name, or the start of the code, any case
	Parent places.AreaRef // only areas directly inside this one
	// ValidOn (2006-01-02) keeps only areas in force that day.
	ValidOn string
	Page
}

// AreaDetail is an area with its neighbours in the hierarchy and its
// population by sex and age band.
type AreaDetail struct {
	places.Area                          // its Parents carry their names
	Children    []places.Area            `json:"children"` // LSOAs are not listed as children (too many); count them with ChildCount
	ChildCount  map[places.AreaType]int  `json:"child_count"`
	Population  []places.PopulationCount `json:"population_by_age"`
}

// OrgFilter narrows ListOrganisations.
type OrgFilter struct {
	Kind     places.OrgKind
	AreaCode string // organisations serving this area
	Query    string // part of the name, or an exact code (ODS, ONS, URN, charity)
	Page
}

// PartnershipFilter narrows ListPartnerships.
type PartnershipFilter struct {
	Kind     places.PartnershipKind
	AreaCode string
	Page
}

// User is an account. PasswordHash is an argon2id PHC string and never
// leaves the server.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Admin bool   `json:"admin"` // global administrator
	// NationalAnalyst may import indicators and annotate priorities for
	// every area.
	NationalAnalyst bool `json:"national_analyst"`
	// Disabled accounts cannot sign in and have no sessions.
	Disabled     bool      `json:"disabled"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	// EmailConfirmedAt is when the person proved the address is theirs;
	// nil for a self-registered account not yet confirmed. Accounts made
	// by an administrator or by single sign-on are confirmed when made.
	EmailConfirmedAt *time.Time `json:"email_confirmed_at,omitempty"`
	// The resident profile (Voice): the postcode as given, normalised, and
	// the LSOA, ward and district it falls in (from the ONS postcode
	// lookup, or the district chosen by name); the optional age band.
	Postcode     string `json:"-"`
	LSOACode     string `json:"-"`
	WardCode     string `json:"-"`
	DistrictCode string `json:"-"`
	AgeBand      string `json:"-"`
}

// NewUser is what CreateUser needs.
type NewUser struct {
	Email        string
	Name         string
	PasswordHash string
	Admin        bool
}

// RoleGrant gives a user a role in one partnership. Role is one of auth's
// role names (administrator, officer, analyst, board_member, resident).
type RoleGrant struct {
	UserID        int64  `json:"user_id"`
	PartnershipID int64  `json:"partnership_id"`
	Role          string `json:"role"`
}

// RoleHolder is one person's role in a partnership, for the partnership's
// people and roles page.
type RoleHolder struct {
	UserID   int64  `json:"user_id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Disabled bool   `json:"disabled"`
}

// ReferenceData is the geography loaded on first start. The app fills it
// from refdata.Load().
type ReferenceData struct {
	// Version identifies the data; loading is skipped when the database
	// already holds this version.
	Version string
	// Areas with their Parents (types and shares) filled in; LSOAs too.
	Areas      []places.Area
	Population map[places.AreaRef][]places.PopulationCount
}
