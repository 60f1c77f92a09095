package needs

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
)

// The burden of a priority is counted in people from the area's reference
// population (ONS mid-2021 estimates, by sex and five-year age band),
// matched to the indicator's sex and age: never from the value's
// denominator, which for a survey indicator is the sample (Liverpool's
// adult overweight prevalence has a denominator of 1,649 people asked, not
// the 390,000 adults who live there).

// AgeRange is an age range in whole years, both ends included; Hi is -1
// when it is open ("65+").
type AgeRange struct {
	Lo, Hi int
}

// maxAge bounds the ages a label may name.
const maxAge = 120

var (
	reAgeSpan  = regexp.MustCompile(`^(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})$`)
	reAgePlus  = regexp.MustCompile(`^(\d{1,3})\s*(?:\+|and over|and older|or over|or older)$`)
	reAgeUnder = regexp.MustCompile(`^(?:<|under|less than)\s*(\d{1,3})$`)
	reAgeOne   = regexp.MustCompile(`^(\d{1,3})$`)
)

// ParseAgeRange reads the age labels of Fingertips and Fingertips Next
// ("All ages", "18+ yrs", "<75 yrs", "15-44 yrs", "2 yrs", "under 75",
// "65 and over", "aged 16 to 64"). ok is false for a label it does not
// read.
func ParseAgeRange(label string) (AgeRange, bool) {
	s := strings.ToLower(strings.TrimSpace(label))
	s = strings.TrimPrefix(s, "aged ")
	for _, suffix := range []string{" years", " yrs", " year", " yr", "yrs", "years"} {
		s = strings.TrimSuffix(s, suffix)
	}
	s = strings.TrimSpace(s)
	atoi := func(t string) (int, bool) {
		n, err := strconv.Atoi(t)
		return n, err == nil && n >= 0 && n <= maxAge
	}
	switch {
	case s == "all ages" || s == "all":
		return AgeRange{0, -1}, true
	case reAgeSpan.MatchString(s):
		m := reAgeSpan.FindStringSubmatch(s)
		lo, ok1 := atoi(m[1])
		hi, ok2 := atoi(m[2])
		if !ok1 || !ok2 || hi < lo {
			return AgeRange{}, false
		}
		return AgeRange{lo, hi}, true
	case reAgePlus.MatchString(s):
		lo, ok := atoi(reAgePlus.FindStringSubmatch(s)[1])
		return AgeRange{lo, -1}, ok
	case reAgeUnder.MatchString(s):
		n, ok := atoi(reAgeUnder.FindStringSubmatch(s)[1])
		if !ok || n == 0 {
			return AgeRange{}, false
		}
		return AgeRange{0, n - 1}, true
	case reAgeOne.MatchString(s):
		n, ok := atoi(s)
		return AgeRange{n, n}, ok
	}
	return AgeRange{}, false
}

// String writes the range as a page shows it ("aged 18 and over").
func (r AgeRange) String() string {
	switch {
	case r.Lo == 0 && r.Hi < 0:
		return "of all ages"
	case r.Hi < 0:
		return fmt.Sprintf("aged %d and over", r.Lo)
	case r.Lo == 0:
		return fmt.Sprintf("aged under %d", r.Hi+1)
	case r.Lo == r.Hi:
		return fmt.Sprintf("aged %d", r.Lo)
	}
	return fmt.Sprintf("aged %d to %d", r.Lo, r.Hi)
}

// bandRange reads a reference population band ("0-4", "90+"); the open top
// band is taken as ten years wide (90 to 99) when only part of it is asked
// for.
func bandRange(b string) (lo, hi int, ok bool) {
	if strings.HasSuffix(b, "+") {
		n, err := strconv.Atoi(strings.TrimSuffix(b, "+"))
		return n, n + 9, err == nil
	}
	a, c, found := strings.Cut(b, "-")
	if !found {
		return 0, 0, false
	}
	l, err1 := strconv.Atoi(a)
	h, err2 := strconv.Atoi(c)
	return l, h, err1 == nil && err2 == nil && h >= l
}

// MatchedPopulation is the part of an area's reference population that an
// indicator's value is about.
type MatchedPopulation struct {
	People float64 `json:"people"`
	// Label says whom it counts ("males aged 65 and over, ONS mid-2021"),
	// and whether part of a five-year band was taken.
	Label string `json:"label"`
}

// MatchPopulation counts the people of the given sex ("Persons", "Male",
// "Female") and age label in an area's five-year bands. Where the age
// range starts or ends inside a band, that band's people are taken in
// proportion to the years asked for (18+ takes two fifths of 15-19), and the
// label says so. ok is false when the sex or age is not read or the area
// has no reference population.
func MatchPopulation(pop []places.PopulationCount, sex, age string) (MatchedPopulation, bool) {
	if len(pop) == 0 {
		return MatchedPopulation{}, false
	}
	var want []places.Sex
	var who string
	switch strings.ToLower(strings.TrimSpace(sex)) {
	case "persons", "person", "all", "":
		want, who = []places.Sex{places.Female, places.Male}, "people"
	case "male", "males":
		want, who = []places.Sex{places.Male}, "males"
	case "female", "females":
		want, who = []places.Sex{places.Female}, "females"
	default:
		return MatchedPopulation{}, false
	}
	r, ok := ParseAgeRange(age)
	if strings.TrimSpace(age) == "" {
		r, ok = AgeRange{0, -1}, true
	}
	if !ok {
		return MatchedPopulation{}, false
	}
	hi := r.Hi
	if hi < 0 {
		hi = 1 << 20
	}
	var n float64
	partial := false
	for _, c := range pop {
		if !containsSex(want, c.Sex) {
			continue
		}
		lo, bhi, ok := bandRange(c.AgeBand)
		if !ok {
			continue
		}
		from, to := max(lo, r.Lo), min(bhi, hi)
		if to < from {
			continue
		}
		share := float64(to-from+1) / float64(bhi-lo+1)
		if share < 1 {
			partial = true
		}
		n += float64(c.Count) * share
	}
	label := who + " " + r.String() + ", ONS mid-2021 estimates"
	if partial {
		label += " (part of a five-year band taken in proportion)"
	}
	return MatchedPopulation{People: n, Label: label}, true
}

func containsSex(s []places.Sex, x places.Sex) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// PopulationStore gives an area's reference population by sex and
// five-year age band (empty when the reference data has none for it).
type PopulationStore interface {
	AreaPopulation(ctx context.Context, ref places.AreaRef) ([]places.PopulationCount, error)
}

// AreaPriorities ranks the profile's indicators for its area, each burden
// counted from the area's reference population (ps).
func AreaPriorities(ctx context.Context, ps PopulationStore, prof AreaProfile, w PriorityWeights) ([]Priority, error) {
	pop, err := ps.AreaPopulation(ctx, prof.Area.Ref())
	if err != nil {
		return nil, fmt.Errorf("needs: priorities of %s: %w", prof.Area.Code, err)
	}
	return RankPriorities(PriorityInputs(prof.Rows, pop), w), nil
}
