package needs

import (
	"context"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/places"
)

// ErrBadPeerType is returned when a profile is asked for with a peer type
// that cannot be a comparison group.
var ErrBadPeerType = errors.New("peer type must be region, nhser, icb, stp, utla or ltla")

// PeerType is the area type an area is compared with for an area profile's
// range and quintiles: areas of its own kind. A region is compared with the
// other regions, an NHS region with NHS regions, an ICB with ICBs, a 2017
// footprint with footprints, and a council with the councils of its own
// tier (an upper-tier council with upper-tier councils, a district with
// districts; a unitary council is read as upper-tier unless asked for as
// ltla). England, the only country, has no peers of its own kind: its
// range is across the regions, and its comparison says that it is the
// benchmark.
func PeerType(t places.AreaType) places.AreaType {
	if t == places.AreaCountry {
		return places.AreaRegion
	}
	return t
}

// peerTypes are the types a caller may ask to compare with instead.
var peerTypes = []places.AreaType{places.AreaRegion, places.AreaNHSER, places.AreaICB, places.AreaSTP, places.AreaUTLA, places.AreaLTLA}

// ValidPeerType reports whether t can be a comparison group.
func ValidPeerType(t places.AreaType) bool {
	for _, p := range peerTypes {
		if p == t {
			return true
		}
	}
	return false
}

// ProfileStore is what area profiles need of the store.
type ProfileStore interface {
	places.AreaFinder
	// NeedsCatalogue is the indicator catalogue (seed plus stored entries).
	NeedsCatalogue(ctx context.Context) (*Catalogue, error)
	// AreaProfileInputs returns the area's latest rows and recent series,
	// and for each indicator period of its latest rows the benchmark's rows
	// and the values of every area of peerType.
	AreaProfileInputs(ctx context.Context, areaCode, peerType, benchmarkCode string) (ProfileData, error)
}

// Profiles builds area profiles: the one use-case behind the web profile
// page, its CSV, the priorities and JSNA pages and the API's
// /areas/{code}/profile, so they all show the same comparisons.
type Profiles struct {
	Store ProfileStore
}

// ProfileQuery asks for one area's profile.
type ProfileQuery struct {
	Code string
	// Type picks one of the types sharing Code; "" chooses by
	// places.SharedCodeOrder.
	Type places.AreaType
	// PeerType overrides the comparison group; "" applies PeerType.
	PeerType places.AreaType
}

// BenchmarkArea is the area every value is compared with.
type BenchmarkArea struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// England is the benchmark of every profile.
var England = BenchmarkArea{Code: EnglandCode, Name: "England"}

// AreaProfile is an area's indicators compared with the benchmark, with the
// peer group that gives the range and quintiles.
type AreaProfile struct {
	Area       places.Area
	OtherTypes []places.AreaType // other types sharing the area's code
	PeerType   places.AreaType
	Benchmark  BenchmarkArea
	Rows       []ProfileRow
}

// AreaProfile finds the area and builds its profile. An unknown area gives
// places.ErrNoArea, a peer type that cannot be a group ErrBadPeerType (both
// wrapped).
func (p Profiles) AreaProfile(ctx context.Context, q ProfileQuery) (AreaProfile, error) {
	area, others, err := places.FindArea(ctx, p.Store, q.Code, q.Type)
	if err != nil {
		return AreaProfile{}, fmt.Errorf("needs: area profile: %w", err)
	}
	peer := PeerType(area.Type)
	if q.PeerType != "" {
		if !ValidPeerType(q.PeerType) {
			return AreaProfile{}, fmt.Errorf("needs: area profile %s: peer type %q: %w", area.Code, q.PeerType, ErrBadPeerType)
		}
		peer = q.PeerType
	}
	cat, err := p.Store.NeedsCatalogue(ctx)
	if err != nil {
		return AreaProfile{}, fmt.Errorf("needs: area profile %s: %w", area.Code, err)
	}
	data, err := p.Store.AreaProfileInputs(ctx, area.Code, string(peer), England.Code)
	if err != nil {
		return AreaProfile{}, fmt.Errorf("needs: area profile %s: %w", area.Code, err)
	}
	return AreaProfile{Area: area, OtherTypes: others, PeerType: peer, Benchmark: England,
		Rows: BuildProfileData(cat, area.Code, England.Code, data)}, nil
}
