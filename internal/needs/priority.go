package needs

import (
	"fmt"
	"math"
	"sort"
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
	// Population affected when the point has no denominator (e.g. the
	// area's population in the indicator's age group); 0 if unknown.
	Population float64
}

// Priority is one ranked indicator with its score broken down.
type Priority struct {
	Rank         int     `json:"rank"`
	IndicatorID  int     `json:"indicator_id"`
	Name         string  `json:"name"`
	Score        float64 `json:"score"`
	Significance float64 `json:"significance_points"`
	Burden       float64 `json:"burden_points"`
	TrendPoints  float64 `json:"trend_points"`
	Gap          float64 `json:"gap"`           // value − benchmark, in the indicator's units
	ExcessPeople float64 `json:"excess_people"` // gap × population affected ÷ multiplier, 0 if not worse
	Explanation  string  `json:"explanation"`
}

// RankPriorities scores and ranks one area's indicators: highest score
// first; ties by indicator id.
func RankPriorities(inputs []PriorityInput, w PriorityWeights) []Priority {
	out := make([]Priority, 0, len(inputs))
	for _, in := range inputs {
		out = append(out, score(in, w))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].IndicatorID < out[j].IndicatorID
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

func score(in PriorityInput, w PriorityWeights) Priority {
	ind, p, c := in.Indicator, in.Point, in.Comparison
	pr := Priority{IndicatorID: ind.ID, Name: ind.Name}
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
		why = append(why, fmt.Sprintf("similar to %s (0)", benchName(in.Benchmark)))
	case Higher, Lower:
		why = append(why, "no polarity, so higher or lower is not judged (0)")
	default:
		why = append(why, "not compared: "+c.Reason+" (0)")
	}

	if Has(p.Value) && Has(in.Benchmark.Value) {
		pr.Gap = p.Value - in.Benchmark.Value
		bad := (ind.Polarity == LowIsGood && pr.Gap > 0) || (ind.Polarity == HighIsGood && pr.Gap < 0)
		pop := p.Denominator
		popWord := "the denominator"
		if !Has(pop) || pop <= 0 {
			pop, popWord = in.Population, "the population"
		}
		mult := ind.Multiplier
		if mult <= 0 {
			mult = 1
		}
		if bad && c.Outcome == Worse && pop > 0 && ind.ValueType != ValueScore && ind.ValueType != ValueOther {
			// A standardised rate or ratio gap still reads as "excess per
			// population": an approximation, said so in the explanation.
			pr.ExcessPeople = math.Abs(pr.Gap) * pop / mult
			if p.Period.Years > 1 {
				pr.ExcessPeople /= float64(p.Period.Years)
			}
			pr.Burden = w.Burden * math.Log10(1+pr.ExcessPeople)
			why = append(why, fmt.Sprintf("gap %s %s × %s %s ≈ %s people a year (+%.1f)", signed(pr.Gap), unitWord(ind), popWord, fmtNum(pop), fmtNum(pr.ExcessPeople), pr.Burden))
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
// indicator), keeping the ranking's order. It also returns the pinned items.
func WithNotes(ranked []Priority, notes map[int]PriorityNote) (all, pinned []PriorityItem) {
	for _, p := range ranked {
		it := PriorityItem{Priority: p}
		if n, ok := notes[p.IndicatorID]; ok {
			it.Pinned, it.Note = n.Pinned, n.Note
		}
		all = append(all, it)
		if it.Pinned {
			pinned = append(pinned, it)
		}
	}
	return all, pinned
}
