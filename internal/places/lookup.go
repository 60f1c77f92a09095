package places

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrNoArea is returned when no area has the code (and type) asked for.
// The doors answer it with 404, or 422 when the code came in a filter.
var ErrNoArea = errors.New("no such area")

// SharedCodeOrder is the order in which the types sharing one code are
// tried when a code is given without a type: the larger and more current
// area first. Only two kinds of code are shared in the reference data: a
// unitary council's code is both a utla and an ltla (utla wins: it is the
// health and wellbeing board area), and 29 E54 codes are both a 2022 ICB and
// a 2017 footprint (icb wins: it is the body that exists today). The other
// types never share a code, so their place in the order only documents it.
var SharedCodeOrder = []AreaType{AreaCountry, AreaRegion, AreaNHSER, AreaICB, AreaSTP, AreaUTLA, AreaLTLA, AreaLSOA}

// ChooseArea picks, among the areas found for one code, the one with type
// want, or by SharedCodeOrder when want is "". It also returns the other
// types that share the code (for a "see also"). ok is false when none fits.
func ChooseArea(found []Area, code string, want AreaType) (chosen Area, others []AreaType, ok bool) {
	for _, t := range SharedCodeOrder {
		if want != "" && t != want {
			continue
		}
		for _, a := range found {
			if a.Code == code && a.Type == t {
				chosen, ok = a, true
				break
			}
		}
		if ok {
			break
		}
	}
	if !ok {
		return Area{}, nil, false
	}
	others = []AreaType{}
	for _, t := range SharedCodeOrder {
		for _, a := range found {
			if a.Code == code && a.Type == t && t != chosen.Type {
				others = append(others, t)
			}
		}
	}
	return chosen, others, true
}

// NormaliseCode trims and upper-cases an area code as typed by hand.
func NormaliseCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// AreaFinder is what FindArea needs of the store.
type AreaFinder interface {
	// AreasByCode returns the areas with the given codes, of any type.
	AreasByCode(ctx context.Context, codes []string) ([]Area, error)
}

// FindArea finds the area with code, of type want or, when want is "",
// of the first type in SharedCodeOrder that has the code. Every door (web
// pages, API, CSV downloads) looks areas up through it, so a code gives
// the same area everywhere. It returns ErrNoArea (wrapped) when nothing
// matches.
func FindArea(ctx context.Context, s AreaFinder, code string, want AreaType) (Area, []AreaType, error) {
	code = NormaliseCode(code)
	if want != "" && !want.Valid() {
		return Area{}, nil, fmt.Errorf("places: find area %s: unknown type %q: %w", code, want, ErrNoArea)
	}
	found, err := s.AreasByCode(ctx, []string{code})
	if err != nil {
		return Area{}, nil, fmt.Errorf("places: find area %s: %w", code, err)
	}
	a, others, ok := ChooseArea(found, code, want)
	if !ok {
		return Area{}, nil, fmt.Errorf("places: find area %s: %w", code, ErrNoArea)
	}
	return a, others, nil
}
