package api

import (
	"encoding/json"
	"fmt"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
)

// boundaryIndex splits the reference data's per-type FeatureCollections into
// one Feature per area, built once on first use.
type boundaryIndex struct {
	features map[places.AreaRef]json.RawMessage
	err      error
}

func buildBoundaryIndex(ref *refdata.Set) boundaryIndex {
	idx := boundaryIndex{features: map[places.AreaRef]json.RawMessage{}}
	if ref == nil {
		loaded, err := refdata.Load()
		if err != nil {
			idx.err = fmt.Errorf("load reference data: %w", err)
			return idx
		}
		ref = loaded
	}
	for _, t := range places.AreaTypes {
		raw := ref.Boundaries(refdata.AreaType(t))
		if raw == nil {
			continue
		}
		var fc struct {
			Features []json.RawMessage `json:"features"`
		}
		if err := json.Unmarshal(raw, &fc); err != nil {
			idx.err = fmt.Errorf("boundaries of %s: %w", t, err)
			return idx
		}
		for _, f := range fc.Features {
			var head struct {
				Properties struct {
					Code string `json:"code"`
				} `json:"properties"`
			}
			if err := json.Unmarshal(f, &head); err != nil {
				idx.err = fmt.Errorf("boundaries of %s: %w", t, err)
				return idx
			}
			idx.features[places.AreaRef{Type: t, Code: head.Properties.Code}] = f
		}
	}
	return idx
}

// boundary returns the GeoJSON Feature for an area, or store.ErrNotFound
// when none is held (boundaries exist for ICBs, upper- and lower-tier
// councils).
func (a *API) boundary(ref places.AreaRef) ([]byte, error) {
	a.boundariesOnce.Do(func() { a.boundaries = buildBoundaryIndex(a.deps.Reference) })
	if a.boundaries.err != nil {
		return nil, a.boundaries.err
	}
	f, ok := a.boundaries.features[ref]
	if !ok {
		return nil, store.ErrNotFound
	}
	return f, nil
}
