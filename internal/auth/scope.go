package auth

import "slices"

// Area actions: allowed for an area to global administrators, national
// analysts, and administrators, officers and analysts of a partnership
// covering the area (its own area or one containing it). Ask them with
// CanInArea.
const (
	// ImportIndicators: import indicator data. Each row's area must be
	// covered (see CoversEveryArea and AreaPartnerships).
	ImportIndicators Action = "import_indicators"
	// AnnotatePriorities: pin and annotate an area's priorities.
	AnnotatePriorities Action = "annotate_priorities"
	// PublishPriorities: publish an area's ranking in its JSNA.
	PublishPriorities Action = "publish_priorities"
)

// areaActions are the actions a national analyst may do everywhere.
var areaActions = map[Action]bool{ImportIndicators: true, AnnotatePriorities: true, PublishPriorities: true}

// AreaScope is the area an action is about, with the partnerships that
// cover it (resolved by places.PartnershipsCovering, not by the caller).
// AnyArea asks whether p may do the action in at least one area (to offer
// the import page, whose rows are then checked one by one).
type AreaScope struct {
	AreaCode       string
	PartnershipIDs []int64
	AnyArea        bool
}

// CanInArea is Can for the area actions: it reports whether p may do
// action in the scope's area.
func CanInArea(p *Principal, action Action, scope AreaScope) bool {
	if p == nil {
		return false
	}
	if p.Admin {
		return true
	}
	if p.NationalAnalyst && areaActions[action] {
		return true
	}
	if scope.AnyArea {
		return len(p.AreaPartnerships(action)) > 0
	}
	for _, id := range scope.PartnershipIDs {
		if Can(p, action, id) {
			return true
		}
	}
	return false
}

// CoversEveryArea reports whether p's area actions reach every area
// (global administrators and national analysts).
func CoversEveryArea(p *Principal) bool {
	return p != nil && (p.Admin || p.NationalAnalyst)
}

// AreaPartnerships returns the partnerships in which p's role allows
// action, ascending: their areas are the ones p may act on.
func (p *Principal) AreaPartnerships(action Action) []int64 {
	if p == nil {
		return nil
	}
	var out []int64
	for id := range p.Roles {
		if Can(p, action, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
