package web

import (
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/web/chart"
)

// The chart types as area.go and national.go name them. They are drawn in
// internal/web/chart; these names let those pages build unchanged until
// they say chart.Pyramid, chart.NewPyramid, chart.HexLayout and
// chart.HexStyle themselves (then this file goes).
type (
	Pyramid   = chart.Pyramid
	HexLayout = chart.HexLayout
	HexStyle  = chart.HexStyle
)

func newPyramid(counts []places.PopulationCount) Pyramid { return chart.NewPyramid(counts) }
