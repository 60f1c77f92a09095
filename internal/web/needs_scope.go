package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

// importCoverage is the set of areas p may import indicator rows for.
func (w *Web) importCoverage(r *http.Request, p *auth.Principal) (*needs.AreaCoverage, error) {
	if auth.CoversEveryArea(p) {
		return &needs.AreaCoverage{Every: true}, nil
	}
	codes, err := places.AreasCoveredBy(r.Context(), w.store, p.AreaPartnerships(auth.ImportIndicators))
	if err != nil {
		return nil, err
	}
	return &needs.AreaCoverage{Codes: codes}, nil
}
