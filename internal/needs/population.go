package needs

import "fmt"

// Population indicators placeboard computes itself from the ONS mid-2021
// estimates: shares of the population in an age group, with Wilson limits.
// Their IDs sit in a local range (910000+) that Fingertips does not use.
const populationIndicatorBase = 910000

// AgeShare defines one population indicator: the share of people in the
// bands from FirstBand to LastBand (refdata's 5-year bands, "0-4" … "90+").
type AgeShare struct {
	ID        int
	Name      string
	FirstBand string
	LastBand  string
	Polarity  Polarity
}

// PopulationShares are the demo's computed indicators.
var PopulationShares = []AgeShare{
	{populationIndicatorBase + 1, "Population aged 0 to 14 (mid-2021)", "0-4", "10-14", NoJudgement},
	{populationIndicatorBase + 2, "Population aged 65 and over (mid-2021)", "65-69", "90+", NoJudgement},
	{populationIndicatorBase + 3, "Population aged 75 and over (mid-2021)", "75-79", "90+", NoJudgement},
	{populationIndicatorBase + 4, "Population aged 85 and over (mid-2021)", "85-89", "90+", NoJudgement},
}

// BandCount is one sex × age band count for an area.
type BandCount struct {
	AgeBand string
	Count   float64
}

// Indicator is the catalogue entry of a population share.
func (a AgeShare) Indicator() Indicator {
	return Indicator{
		ID: a.ID, Name: a.Name, ValueType: ValueProportion, Multiplier: 100, Unit: "%",
		Definition: fmt.Sprintf("People aged in the bands %s to %s as a percentage of all residents, ONS mid-2021 population estimates.", a.FirstBand, a.LastBand),
		CIMethod:   "Wilson Score method", Polarity: a.Polarity, Benchmark: BenchmarkCI95, PeriodType: PeriodCalendar,
		Sex: "Persons", AgeGroup: "All ages", Sources: []string{"Office for National Statistics, mid-2021 population estimates"},
		MetadataOrigin: "computed by placeboard from ONS mid-2021 population estimates",
	}
}

// PopulationSharePoints computes one point per area for the share. bands
// lists each area's counts (both sexes) in refdata's band order; names
// gives display names. Points are finished (value and limits computed).
func (a AgeShare) PopulationSharePoints(order []string, bands map[string][]BandCount, names map[string]string, bandOrder []string) ([]DataPoint, error) {
	inRange := map[string]bool{}
	on := false
	for _, b := range bandOrder {
		if b == a.FirstBand {
			on = true
		}
		if on {
			inRange[b] = true
		}
		if b == a.LastBand {
			break
		}
	}
	ind := a.Indicator()
	period, _ := ParsePeriod("2021", PeriodCalendar)
	out := make([]DataPoint, 0, len(order))
	for _, code := range order {
		var num, den float64
		for _, c := range bands[code] {
			den += c.Count
			if inRange[c.AgeBand] {
				num += c.Count
			}
		}
		if den == 0 {
			continue
		}
		p := NewDataPoint()
		p.IndicatorID, p.AreaCode, p.AreaName, p.Period, p.Sex, p.Age = ind.ID, code, names[code], period, "Persons", "All ages"
		p.Count, p.Denominator = num, den
		if err := Finish(&p, ind); err != nil {
			return nil, fmt.Errorf("%s: %w", code, err)
		}
		out = append(out, p)
	}
	return out, nil
}
