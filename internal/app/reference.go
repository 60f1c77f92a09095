package app

import (
	"context"

	"github.com/placeboard/placeboard/internal/store"
)

// LoadReference loads the embedded reference geography into st unless it is
// already there. It reports whether it loaded anything.
func LoadReference(ctx context.Context, st *store.Store) (bool, error) {
	// TODO(core): convert refdata.Load() into store.ReferenceData.
	return false, nil
}
