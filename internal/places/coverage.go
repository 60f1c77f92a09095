package places

import "context"

// CoverageStore answers which partnerships cover which areas; *store.Store
// satisfies it.
type CoverageStore interface {
	PartnershipsCovering(ctx context.Context, areaCode string) ([]int64, error)
	AreasCoveredBy(ctx context.Context, partnershipIDs []int64) (map[string]bool, error)
}

// PartnershipsCovering returns the partnerships that cover an area: those
// whose area is the area itself or contains it, at any depth. Permission
// checks for area actions (priorities, imports) are scoped by it.
func PartnershipsCovering(ctx context.Context, st CoverageStore, areaCode string) ([]int64, error) {
	return st.PartnershipsCovering(ctx, areaCode)
}

// AreasCoveredBy returns the codes of the partnerships' areas and every
// area inside them.
func AreasCoveredBy(ctx context.Context, st CoverageStore, partnershipIDs []int64) (map[string]bool, error) {
	return st.AreasCoveredBy(ctx, partnershipIDs)
}
