package demo

// This file loads the needs data of `serve --demo`: the real Fingertips
// extracts shipped in internal/needs/extracts, and population indicators
// computed from the ONS mid-2021 estimates for every upper-tier council and
// England. It runs once per database.

import (
	"context"
	"fmt"
	"time"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
)

const populationFile = "demo: ONS mid-2021 population shares"

// SeedNeeds imports the demo needs data unless a demo import is already
// there. The imports are recorded as Actor.
func SeedNeeds(ctx context.Context, st *store.Store, ref *refdata.Set) error {
	return st.Exclusive(ctx, "needs-demo", func(ctx context.Context) error {
		done, err := st.ListIndicatorImports(ctx, 500)
		if err != nil {
			return err
		}
		for _, im := range done {
			if im.FileName == populationFile {
				return nil
			}
		}
		for _, ex := range needs.Extracts() {
			if err := importExtract(ctx, st, ex); err != nil {
				return fmt.Errorf("%s: %w", ex.Name, err)
			}
		}
		return importPopulation(ctx, st, ref)
	})
}

func importExtract(ctx context.Context, st *store.Store, ex needs.Extract) error {
	cat, err := st.NeedsCatalogue(ctx)
	if err != nil {
		return err
	}
	r, err := needs.OpenExtract(ex.Name)
	if err != nil {
		return err
	}
	im := &importer.Importer{Catalogue: cat}
	name := "demo: " + ex.Name
	_, err = st.ImportIndicators(ctx, Actor, store.IndicatorImportFile{Format: ex.Format, FileName: name}, cat,
		func(emit needs.Emit) (needs.Summary, error) { return im.Import(ex.Format, name, r, emit) })
	return err
}

func importPopulation(ctx context.Context, st *store.Store, ref *refdata.Set) error {
	if ref == nil {
		var err error
		if ref, err = refdata.Load(); err != nil {
			return err
		}
	}
	day := time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC)
	bands := map[string][]needs.BandCount{}
	names := map[string]string{needs.EnglandCode: "England"}
	order := []string{needs.EnglandCode}
	england := map[string]float64{}
	for _, a := range ref.InForce(refdata.UTLA, day) {
		cells := ref.PopulationOf(a.Type, a.Code)
		if len(cells) == 0 {
			continue
		}
		order = append(order, a.Code)
		names[a.Code] = a.Name
		for _, c := range cells {
			bands[a.Code] = append(bands[a.Code], needs.BandCount{AgeBand: c.AgeBand, Count: float64(c.Count)})
			england[c.AgeBand] += float64(c.Count)
		}
	}
	for _, b := range refdata.AgeBands {
		bands[needs.EnglandCode] = append(bands[needs.EnglandCode], needs.BandCount{AgeBand: b, Count: england[b]})
	}
	cat, err := st.NeedsCatalogue(ctx)
	if err != nil {
		return err
	}
	var all []needs.DataPoint
	sum := needs.Summary{Format: needs.FormatGeneric, Periods: map[int][]string{}}
	for _, share := range needs.PopulationShares {
		ind := share.Indicator()
		cat.Put(ind)
		pts, err := share.PopulationSharePoints(order, bands, names, refdata.AgeBands)
		if err != nil {
			return err
		}
		all = append(all, pts...)
		sum.Indicators = append(sum.Indicators, ind.ID)
		sum.Periods[ind.ID] = []string{"2021"}
	}
	_, err = st.ImportIndicators(ctx, Actor, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: populationFile}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			for i, p := range all {
				if err := emit(i+2, p); err != nil {
					return sum, err
				}
				sum.Rows++
				sum.Computed++
			}
			return sum, nil
		})
	return err
}
