package places

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// The national view: every 2017 footprint (stp), who leads it, and how many
// of its councils sit on its leadership board. The store gives plain facts
// (NationalFacts); the rules that turn them into figures live here, once,
// and the web page, its CSV and the API all show the one NationalSummary.

// NationalFacts is what the store holds that the national view is built
// from. It carries no counts: counting is the domain's rule.
type NationalFacts struct {
	// Footprints are the 2017 footprints with their upper-tier councils (the
	// councils in force on the footprint's start date; each with its Parents,
	// so a council only partly inside carries its share).
	Footprints []FootprintFacts
	// Partnerships are the footprint partnerships tied to a 2017 footprint
	// (kind footprint, area type stp).
	Partnerships []Partnership
	// Organisations holds the lead organisations and the board members'
	// organisations of those partnerships, by ID, with their served areas.
	Organisations map[int64]Organisation
	// BoardOrgs lists, per partnership ID, the IDs of the organisations
	// with at least one member on its board.
	BoardOrgs map[int64][]int64
}

// FootprintFacts is one footprint and its councils.
type FootprintFacts struct {
	Area     Area
	Councils []Area
}

// Footprint is one row of the national view.
type Footprint struct {
	Area Area `json:"area"`
	// Partnership is the footprint's partnership (see FootprintPartnership),
	// nil when none is recorded.
	Partnership *Partnership  `json:"partnership,omitempty"`
	LeadOrg     *Organisation `json:"lead_org,omitempty"`
	// LeadSector is the lead organisation's sector, "" when there is none.
	LeadSector Sector `json:"lead_sector,omitempty"`
	// Councils are the upper-tier councils in the footprint.
	Councils []Area `json:"councils"`
	// OnBoard holds the codes of the councils (of Councils) represented on
	// the partnership's board, in the order of Councils.
	OnBoard []string `json:"councils_on_board_codes"`
	// CouncilsOnBoard is len(OnBoard): N in "N of M councils on the
	// leadership board", M being len(Councils).
	CouncilsOnBoard int `json:"councils_on_board"`
}

// NationalTotals adds up a set of footprints.
type NationalTotals struct {
	Footprints           int `json:"footprints"`
	LedByLocalGovernment int `json:"led_by_local_government"`
	LedByNHS             int `json:"led_by_nhs"`
	LedByOther           int `json:"led_by_other"`
	NoLead               int `json:"no_lead"`
	// Councils counts each council once, however many footprints it is
	// split between; CouncilsOnBoard counts those on the leadership board
	// of at least one footprint they are in. This is the headline "N of M
	// councils take part in footprint leadership".
	Councils        int `json:"councils"`
	CouncilsOnBoard int `json:"councils_on_board"`
	// CouncilPlaces and CouncilPlacesOnBoard sum the per-footprint figures
	// (a council in two footprints counts in each): the totals of the
	// table's "N of M" columns.
	CouncilPlaces        int `json:"council_places"`
	CouncilPlacesOnBoard int `json:"council_places_on_board"`
}

// NationalSummary is the whole national view. It is shared by every
// request of a generation: treat it as read-only.
type NationalSummary struct {
	// Generation is the store's national generation it was built from.
	Generation int64
	Footprints []Footprint // by name, then code
	Totals     NationalTotals
}

// FootprintPartnership chooses the partnership that speaks for a footprint
// when several are recorded for it: the first by name, then by ID, so the
// choice does not depend on the order the store lists them in.
func FootprintPartnership(ps []Partnership) *Partnership {
	if len(ps) == 0 {
		return nil
	}
	best := 0
	for i := 1; i < len(ps); i++ {
		if ps[i].Name < ps[best].Name || (ps[i].Name == ps[best].Name && ps[i].ID < ps[best].ID) {
			best = i
		}
	}
	p := ps[best]
	return &p
}

// RepresentsCouncil reports whether a board member's organisation speaks for
// the upper-tier council with the code: it is an upper-tier council whose
// ONS code, or one of whose served areas, is that code. A district council,
// an NHS body or a voluntary group on the board does not make the county a
// member.
func RepresentsCouncil(o Organisation, councilCode string) bool {
	if o.Kind != OrgCouncilUpper {
		return false
	}
	if o.ONSCode == councilCode {
		return true
	}
	for _, a := range o.AreaCodes {
		if a == councilCode {
			return true
		}
	}
	return false
}

// SummariseNational applies the national view's rules to the facts.
func SummariseNational(f NationalFacts) NationalSummary {
	byArea := map[string][]Partnership{}
	for _, p := range f.Partnerships {
		byArea[p.AreaCode] = append(byArea[p.AreaCode], p)
	}
	out := make([]Footprint, len(f.Footprints))
	for i, fp := range f.Footprints {
		row := Footprint{Area: fp.Area, Councils: fp.Councils, OnBoard: []string{}}
		if row.Councils == nil {
			row.Councils = []Area{}
		}
		row.Partnership = FootprintPartnership(byArea[fp.Area.Code])
		if p := row.Partnership; p != nil {
			if o, ok := f.Organisations[p.LeadOrgID]; ok && p.LeadOrgID != 0 {
				row.LeadOrg = &o
				row.LeadSector = SectorOf(o.Kind)
			}
			for _, c := range row.Councils {
				for _, id := range f.BoardOrgs[p.ID] {
					if RepresentsCouncil(f.Organisations[id], c.Code) {
						row.OnBoard = append(row.OnBoard, c.Code)
						break
					}
				}
			}
		}
		row.CouncilsOnBoard = len(row.OnBoard)
		out[i] = row
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Area.Name != out[j].Area.Name {
			return out[i].Area.Name < out[j].Area.Name
		}
		return out[i].Area.Code < out[j].Area.Code
	})
	return NationalSummary{Footprints: out, Totals: TotalFootprints(out)}
}

// TotalFootprints adds up footprints (all of them, or those a filter
// keeps) by the national view's counting rule; see NationalTotals.
func TotalFootprints(fs []Footprint) NationalTotals {
	t := NationalTotals{Footprints: len(fs)}
	councils, onBoard := map[string]bool{}, map[string]bool{}
	for _, f := range fs {
		switch {
		case f.LeadOrg == nil:
			t.NoLead++
		case f.LeadSector == SectorLocalGovernment:
			t.LedByLocalGovernment++
		case f.LeadSector == SectorNHS:
			t.LedByNHS++
		default:
			t.LedByOther++
		}
		for _, c := range f.Councils {
			councils[c.Code] = true
		}
		for _, code := range f.OnBoard {
			onBoard[code] = true
		}
		t.CouncilPlaces += len(f.Councils)
		t.CouncilPlacesOnBoard += len(f.OnBoard)
	}
	t.Councils, t.CouncilsOnBoard = len(councils), len(onBoard)
	return t
}

// NationalStore is what the national view needs of the store.
type NationalStore interface {
	// NationalGeneration changes (in the same transaction) with every write
	// that can change NationalFacts: areas, organisations and their served
	// areas, partnerships and members. Every server sharing the database
	// sees the same value.
	NationalGeneration(ctx context.Context) (int64, error)
	NationalFacts(ctx context.Context) (NationalFacts, error)
}

// National serves the national summary, computed once per generation of
// the data and shared by every door. One National per server; it is safe
// for concurrent use.
type National struct {
	store NationalStore

	mu     sync.Mutex // held while a summary is built, so it is built once
	cached *NationalSummary
}

// NewNational returns a National reading from s.
func NewNational(s NationalStore) *National { return &National{store: s} }

// Summary returns the national summary for the data as it is now. It asks
// the store for the generation on every call (one small query), and builds
// the summary again only when the generation has moved, so a write made
// through any server shows on every server's next request.
func (n *National) Summary(ctx context.Context) (*NationalSummary, error) {
	// The generation is read before the facts: a write landing in between
	// leaves the summary under the older generation, so it is rebuilt on
	// the next call rather than kept stale.
	gen, err := n.store.NationalGeneration(ctx)
	if err != nil {
		return nil, fmt.Errorf("places: national summary: %w", err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	// A summary built meanwhile from a later generation is newer still.
	if n.cached != nil && n.cached.Generation >= gen {
		return n.cached, nil
	}
	facts, err := n.store.NationalFacts(ctx)
	if err != nil {
		return nil, fmt.Errorf("places: national summary: %w", err)
	}
	s := SummariseNational(facts)
	s.Generation = gen
	n.cached = &s
	return n.cached, nil
}
