package stats

import (
	"strconv"
	"strings"
)

// Levels are confidence levels as fractions (0.95, 0.998), in the order the
// caller gave them. Build them with ParseLevels or ParseLevelsAny so the
// package's rules on allowed levels are applied.
type Levels []float64

const (
	msgConfRange      = "confidence level must be between 90 and 100 or between 0.9 and 1"
	msgConfRangeProp  = "confidence level, if specified, must be between 90 and 100 or between 0.9 and 1"
	msgConfRangeAll   = "all confidence levels must be between 90 and 100 or between 0.9 and 1"
	msgConfTwo        = "two confidence levels can only be produced if they are specified as 0.95 and 0.998"
	msgConfMax        = "a maximum of two confidence levels can be provided"
	msgTypeInvalid    = "type must be one of value, lower, upper, standard or full"
	confidenceField   = "confidence"
	defaultConfidence = 0.95
	secondConfidence  = 0.998
)

func confOutOfRange(c float64) bool {
	return c < 0.9 || (c > 1 && c < 90) || c > 100 || c != c
}

// ParseLevels applies the rules shared by proportion, rate, DSR, ISR and
// mean: one level in [0.9, 1] or [90, 100] (percentages are divided by 100),
// or exactly the pair 0.95, 0.998. An empty input means the default 0.95.
func ParseLevels(raw []float64) (Levels, error) {
	return parseLevels(raw, msgConfRange)
}

// ParseProportionLevels is ParseLevels with phe_proportion's wording of the
// range error. A single NA level (no confidence limits) is allowed and gives
// an empty Levels.
func ParseProportionLevels(raw []float64) (Levels, error) {
	if len(raw) == 1 && isMissing(raw[0]) {
		return Levels{}, nil
	}
	return parseLevels(raw, msgConfRangeProp)
}

func parseLevels(raw []float64, rangeMsg string) (Levels, error) {
	switch {
	case len(raw) == 0:
		return Levels{defaultConfidence}, nil
	case len(raw) > 2:
		return nil, inputErr(-1, confidenceField, msgConfMax)
	case len(raw) == 2:
		if raw[0] != defaultConfidence || raw[1] != secondConfidence {
			return nil, inputErr(-1, confidenceField, msgConfTwo)
		}
		return Levels{raw[0], raw[1]}, nil
	}
	c := raw[0]
	if confOutOfRange(c) {
		return nil, inputErr(-1, confidenceField, rangeMsg)
	}
	if c >= 90 {
		c /= 100
	}
	return Levels{c}, nil
}

// ParseLevelsAny applies the life-expectancy and SII rules: any number of
// levels, each in [0.9, 1] or [90, 100].
func ParseLevelsAny(raw []float64) (Levels, error) {
	if len(raw) == 0 {
		return Levels{defaultConfidence}, nil
	}
	out := make(Levels, len(raw))
	anyLow, anyHigh, anyOver1, anyUnder90 := false, false, false, false
	for i, c := range raw {
		if c != c {
			return nil, inputErr(-1, confidenceField, msgConfRangeAll)
		}
		anyLow = anyLow || c < 0.9
		anyHigh = anyHigh || c > 100
		anyOver1 = anyOver1 || c > 1
		anyUnder90 = anyUnder90 || c < 90
		if c >= 90 {
			c /= 100
		}
		out[i] = c
	}
	if anyLow || (anyOver1 && anyUnder90) || anyHigh {
		return nil, inputErr(-1, confidenceField, msgConfRangeAll)
	}
	return out, nil
}

// Z returns the two-sided normal quantile for each level, computed exactly
// as the R package does: qnorm(conf + (1 - conf)/2).
func (l Levels) Z() []float64 {
	z := make([]float64, len(l))
	for i, c := range l {
		z[i] = NormalQuantile(c + (1-c)/2)
	}
	return z
}

// Label is the package's "confidence" column text: "95%" or "95%, 99.8%".
func (l Levels) Label() string {
	parts := make([]string, len(l))
	for i, c := range l {
		parts[i] = AsCharacterR(c*100) + "%"
	}
	return strings.Join(parts, ", ")
}

// ColumnNames returns the names of the lower and upper limit columns:
// lowercl/uppercl for one level, lower95_0cl/upper95_0cl... for several.
func (l Levels) ColumnNames() (lower, upper []string) {
	if len(l) == 1 {
		return []string{"lowercl"}, []string{"uppercl"}
	}
	for _, c := range l {
		tag := strings.ReplaceAll(strconv.FormatFloat(c*100, 'f', 1, 64), ".", "_")
		lower = append(lower, "lower"+tag+"cl")
		upper = append(upper, "upper"+tag+"cl")
	}
	return lower, upper
}
