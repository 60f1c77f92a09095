package needs

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// PriorityWeights are the scoring weights, shown on the priorities page so
// the ranking can be checked by hand.
type PriorityWeights struct {
	// Significance points for being worse than the benchmark at 99.8% and at
	// 95% only (quintile "worst" counts as 95%).
	Worse998, Worse95 float64
	// Better is added (negative) when the area is better than the benchmark.
	Better float64
	// Burden multiplies log10(1 + excess people), where excess people are the
	// gap to the benchmark times the population affected. It counts only
	// when the area is significantly worse: a gap within chance is no burden.
	Burden float64
	// TrendWorse and TrendBetter are added for a significant recent trend.
	TrendWorse, TrendBetter float64
}

// DefaultPriorityWeights: significance dominates, burden separates indicators
// of similar significance, trend breaks ties.
var DefaultPriorityWeights = PriorityWeights{Worse998: 40, Worse95: 25, Better: -10, Burden: 8, TrendWorse: 10, TrendBetter: -5}

// PriorityInput is one indicator's latest figure for the area.
type PriorityInput struct {
	Indicator  Indicator
	Point      DataPoint
	Benchmark  DataPoint // usually England
	Comparison Comparison
	Trend      Trend
	// Population is the area's reference population matched to the
	// value's sex and age (MatchPopulation); nil when unknown, and then no
	// burden is counted. The value's denominator is never used: for a
	// survey it is the sample.
	Population *MatchedPopulation
}

// Standing says where an indicator is listed: in the ranking (significantly
// different from the benchmark, better or worse), apart as showing no
// significant difference (or a difference that is not judged, for an
// indicator without polarity), or apart as having no data to compare.
type Standing string

// Standings.
const (
	StandingRanked       Standing = "ranked"
	StandingNoDifference Standing = "no_difference"
	StandingNoData       Standing = "no_data"
)

// Priority is one ranked indicator with its score broken down.
type Priority struct {
	// Rank is the place in the ranking, from 1; 0 for an indicator listed
	// apart (Standing).
	Rank        int      `json:"rank"`
	Standing    Standing `json:"standing"`
	IndicatorID int      `json:"indicator_id"`
	Name        string   `json:"name"`
	// Breakdown says whom the value is about (sex, age, category); Key
	// tells apart the rows of one indicator (the indicator ID when it has
	// one row, else ID-1, ID-2 …), for element ids.
	Breakdown    string  `json:"breakdown,omitempty"`
	Key          string  `json:"key"`
	Score        float64 `json:"score"`
	Significance float64 `json:"significance_points"`
	Burden       float64 `json:"burden_points"`
	TrendPoints  float64 `json:"trend_points"`
	Gap          float64 `json:"gap"` // value − benchmark, in the indicator's units
	// Population is the reference population the burden counts (0 if
	// unknown), PopulationLabel whom it counts.
	Population      float64 `json:"population"`
	PopulationLabel string  `json:"population_label,omitempty"`
	// ExcessPeople is gap × population ÷ multiplier when significantly
	// worse (0 otherwise), in BurdenUnit: "people" for a prevalence
	// (proportion), "people a year" for a rate.
	ExcessPeople float64 `json:"excess_people"`
	// Affected is value × population ÷ multiplier: the people the value
	// describes (a prevalence's people, a rate's people a year), whatever
	// the comparison; 0 when the population or the value is unknown.
	Affected    float64 `json:"affected"`
	BurdenUnit  string  `json:"burden_unit,omitempty"`
	Explanation string  `json:"explanation"`
}

// RankPriorities scores one area's indicators and orders them: the ranking
// (significantly better or worse; highest score first, ties by indicator
// id) numbered from 1, then those with no significant difference, then
// those with no data, unnumbered.
func RankPriorities(inputs []PriorityInput, w PriorityWeights) []Priority {
	out := make([]Priority, 0, len(inputs))
	for _, in := range inputs {
		out = append(out, score(in, w))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := standingOrder(out[i].Standing), standingOrder(out[j].Standing); a != b {
			return a < b
		}
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].IndicatorID < out[j].IndicatorID
	})
	n := 0
	rows, seen := map[int]int{}, map[int]int{}
	for _, p := range out {
		rows[p.IndicatorID]++
	}
	for i := range out {
		if out[i].Standing == StandingRanked {
			n++
			out[i].Rank = n
		}
		id := out[i].IndicatorID
		out[i].Key = strconv.Itoa(id)
		if rows[id] > 1 {
			seen[id]++
			out[i].Key += "-" + strconv.Itoa(seen[id])
		}
	}
	return out
}

func standingOrder(s Standing) int {
	switch s {
	case StandingRanked:
		return 0
	case StandingNoDifference:
		return 1
	}
	return 2
}

// BurdenUnit is what a burden of the value type counts: a prevalence
// (proportion) counts people, a rate people a year; "" when the value
// type has no burden in people (ratios, means, life expectancy, counts,
// scores).
func BurdenUnit(v ValueType) string {
	switch v {
	case ValueProportion, ValueISP:
		return "people"
	case ValueCrudeRate, ValueDSR:
		return "people a year"
	}
	return ""
}

func score(in PriorityInput, w PriorityWeights) Priority {
	ind, p, c := in.Indicator, in.Point, in.Comparison
	pr := Priority{IndicatorID: ind.ID, Name: ind.Name, Standing: StandingRanked, Breakdown: Breakdown(p.Sex, p.Age, p.Category)}
	var why []string

	switch c.Outcome {
	case Worse:
		// Is it worse at 99.8% as well?
		strict := c.Method == BenchmarkCI998
		if !strict && c.Method == BenchmarkCI95 {
			strict = CompareCI(p, in.Benchmark, ind.Polarity, BenchmarkCI998).Outcome == Worse
		}
		if strict {
			pr.Significance = w.Worse998
			why = append(why, fmt.Sprintf("worse than %s at 99.8%% confidence (+%g)", benchName(in.Benchmark), w.Worse998))
		} else {
			pr.Significance = w.Worse95
			why = append(why, fmt.Sprintf("worse than %s (%s) (+%g)", benchName(in.Benchmark), comparisonWords(c), w.Worse95))
		}
	case Better:
		pr.Significance = w.Better
		why = append(why, fmt.Sprintf("better than %s (%g)", benchName(in.Benchmark), w.Better))
	case Similar:
		pr.Standing = StandingNoDifference
		why = append(why, fmt.Sprintf("similar to %s (0)", benchName(in.Benchmark)))
	case Higher, Lower:
		pr.Standing = StandingNoDifference
		why = append(why, "no polarity, so higher or lower is not judged (0)")
	default:
		pr.Standing = StandingNoData
		why = append(why, "not compared: "+c.Reason+" (0)")
	}
	if !Has(p.Value) {
		pr.Standing = StandingNoData
	}
	if in.Population != nil {
		pr.Population, pr.PopulationLabel = in.Population.People, in.Population.Label
	}

	if Has(p.Value) && Has(in.Benchmark.Value) {
		pr.Gap = p.Value - in.Benchmark.Value
		bad := (ind.Polarity == LowIsGood && pr.Gap > 0) || (ind.Polarity == HighIsGood && pr.Gap < 0)
		mult := ind.Multiplier
		if mult <= 0 {
			mult = 1
		}
		unit := BurdenUnit(ind.ValueType)
		if unit != "" && pr.Population > 0 {
			pr.Affected, pr.BurdenUnit = p.Value*pr.Population/mult, unit
		}
		switch {
		case !bad || c.Outcome != Worse:
		case unit == "":
			why = append(why, "no burden in people for a "+strings.ToLower(ValueTypeLabel(ind.ValueType))+" (0)")
		case in.Population == nil || in.Population.People <= 0:
			why = append(why, fmt.Sprintf("no reference population for %s %s, so no burden (0)", strings.ToLower(orDefault(p.Sex, "persons")), orDefault(p.Age, "all ages")))
		default:
			// A gap in a rate per year over a population of one year gives
			// people a year, whatever years the period pools.
			pr.ExcessPeople = math.Abs(pr.Gap) * pr.Population / mult
			pr.BurdenUnit = unit
			pr.Burden = w.Burden * math.Log10(1+pr.ExcessPeople)
			why = append(why, fmt.Sprintf("gap %s %s × %s %s ≈ %s %s (+%.1f)", signed(pr.Gap), unitWord(ind), fmtNum(pr.Population), pr.PopulationLabel, fmtNum(pr.ExcessPeople), unit, pr.Burden))
		}
	}

	switch in.Trend.Direction {
	case Worse:
		pr.TrendPoints = w.TrendWorse
		why = append(why, fmt.Sprintf("%s (+%g)", strings.ToLower(in.Trend.Label()), w.TrendWorse))
	case Better:
		pr.TrendPoints = w.TrendBetter
		why = append(why, fmt.Sprintf("%s (%g)", strings.ToLower(in.Trend.Label()), w.TrendBetter))
	}
	pr.Score = math.Round((pr.Significance+pr.Burden+pr.TrendPoints)*10) / 10
	pr.Explanation = strings.Join(why, "; ")
	return pr
}

func orDefault(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return d
	}
	return s
}

func benchName(b DataPoint) string {
	if b.AreaName != "" {
		return b.AreaName
	}
	if b.AreaCode == "E92000001" {
		return "England"
	}
	if b.AreaCode != "" {
		return b.AreaCode
	}
	return "the benchmark"
}

func comparisonWords(c Comparison) string {
	if c.Method == BenchmarkQuintiles {
		return "worst quintile"
	}
	return levelLabel(c.Level) + " confidence"
}

func signed(v float64) string {
	if v > 0 {
		return "+" + fmtNum(v)
	}
	return fmtNum(v)
}

func unitWord(ind Indicator) string {
	if ind.Unit == "" {
		return ""
	}
	return ind.Unit
}

// PriorityNote is an analyst's pin and note on one indicator of an area's
// priorities.
type PriorityNote struct {
	ID          int64  `json:"id"`
	AreaCode    string `json:"area_code"`
	IndicatorID int    `json:"indicator_id"`
	Pinned      bool   `json:"pinned"`
	Note        string `json:"note"`
	UpdatedAt   string `json:"updated_at"`
}

// MaxPriorityNote bounds a note's length.
const MaxPriorityNote = 2000

// MaxPublicationTitle bounds a published ranking's title.
const MaxPublicationTitle = 200

// Normalize trims the note.
func (n *PriorityNote) Normalize() { n.Note = strings.TrimSpace(n.Note) }

// Validate checks a note (call Normalize first); the errors name the form
// and JSON fields.
func (n *PriorityNote) Validate() error {
	var errs validation.Errors
	errs.MaxLen("note", n.Note, "Note", MaxPriorityNote)
	if n.IndicatorID <= 0 {
		errs.Add("indicator_id", "Choose an indicator")
	}
	return errs.Err()
}

// PriorityPublication is a ranking as published, frozen.
type PriorityPublication struct {
	ID          int64  `json:"id"`
	AreaCode    string `json:"area_code"`
	Title       string `json:"title"`
	Ranking     string `json:"ranking"` // JSON of []PriorityItem, as published
	PublishedBy int64  `json:"published_by"`
	PublishedAt string `json:"published_at"`
}

// Normalize trims the title.
func (p *PriorityPublication) Normalize() { p.Title = strings.TrimSpace(p.Title) }

// Validate checks a publication (call Normalize first).
func (p *PriorityPublication) Validate() error {
	var errs validation.Errors
	if errs.Required("title", p.Title, "Title") {
		errs.MaxLen("title", p.Title, "Title", MaxPublicationTitle)
	}
	return errs.Err()
}

// PriorityItem is a ranked indicator with the analysts' pin and note; a
// publication freezes a list of them (as JSON).
type PriorityItem struct {
	Priority
	Pinned bool   `json:"pinned"`
	Note   string `json:"note,omitempty"`
}

// WithNotes joins a ranking with the analysts' pins and notes (by
// indicator). Pinned items come first (in the ranking's order, whatever
// their standing), then the rest of the ranking, then the indicators listed
// apart; the ranking is renumbered so the pinned items take the first
// places. It also returns the pinned items.
func WithNotes(ranked []Priority, notes map[int]PriorityNote) (all, pinned []PriorityItem) {
	var rest []PriorityItem
	for _, p := range ranked {
		it := PriorityItem{Priority: p}
		if n, ok := notes[p.IndicatorID]; ok {
			it.Pinned, it.Note = n.Pinned, n.Note
		}
		if it.Pinned {
			pinned = append(pinned, it)
		} else {
			rest = append(rest, it)
		}
	}
	all = append(append(all, pinned...), rest...)
	n := 0
	for i := range all {
		all[i].Rank = 0
		if all[i].Pinned || all[i].Standing == StandingRanked {
			n++
			all[i].Rank = n
		}
	}
	for i := range pinned {
		pinned[i].Rank = all[i].Rank
	}
	return all, pinned
}

// SplitByStanding parts a ranking (WithNotes) into what a page lists: the
// ranking (pinned items and significant differences) and, apart, those
// with no significant difference and those with no data.
func SplitByStanding(items []PriorityItem) (ranked, noDifference, noData []PriorityItem) {
	for _, it := range items {
		switch {
		case it.Pinned || it.Standing == StandingRanked || it.Standing == "":
			// A ranking published before standings were kept ranks all.
			ranked = append(ranked, it)
		case it.Standing == StandingNoDifference:
			noDifference = append(noDifference, it)
		default:
			noData = append(noData, it)
		}
	}
	return ranked, noDifference, noData
}
