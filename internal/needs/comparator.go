package needs

// Comparators: what an area's values are compared with. England is the
// benchmark of every profile; a reader may instead compare with the area's
// region, its ICB, or a chosen set of areas (Fingertips' "compare with"
// choice). The choice is resolved and every comparison computed here, once,
// for the web pages, the API and the CSV downloads.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/stats"
)

// ComparatorKind names what values are compared with.
type ComparatorKind string

// Comparator kinds.
const (
	CompareWithEngland ComparatorKind = "england"
	CompareWithRegion  ComparatorKind = "region"
	CompareWithICB     ComparatorKind = "icb"
	CompareWithSet     ComparatorKind = "set"
)

// ComparatorKinds lists the kinds in the order forms offer them.
var ComparatorKinds = []ComparatorKind{CompareWithEngland, CompareWithRegion, CompareWithICB, CompareWithSet}

// Label is the kind in words, for forms.
func (k ComparatorKind) Label() string {
	switch k {
	case CompareWithRegion:
		return "The area's region"
	case CompareWithICB:
		return "The area's integrated care board (ICB)"
	case CompareWithSet:
		return "A set of areas you choose"
	}
	return "England"
}

// MaxComparatorSet bounds a chosen set: Fingertips' nearest-neighbour
// groups have 15 or 16 members.
const MaxComparatorSet = 20

// ComparatorError is a comparator choice that cannot be used; Field names
// the query parameter (comparator or set) so every door can say which.
type ComparatorError struct {
	Field   string
	Value   string
	Message string
}

func (e *ComparatorError) Error() string { return e.Field + ": " + e.Message }

// ComparatorChoice is what a reader asked to compare with.
type ComparatorChoice struct {
	Kind ComparatorKind
	// Set holds the chosen areas' codes, for CompareWithSet.
	Set []string
}

// SetParam is the set written back as a query parameter.
func (c ComparatorChoice) SetParam() string { return strings.Join(c.Set, ",") }

// ParseComparator reads the comparator and set parameters. An empty kind
// is England; the set is read only for the kind set (a form sends its text
// box whatever the choice).
func ParseComparator(kind, set string) (ComparatorChoice, error) {
	k := ComparatorKind(strings.ToLower(strings.TrimSpace(kind)))
	if k == "" {
		k = CompareWithEngland
	}
	valid := false
	for _, v := range ComparatorKinds {
		valid = valid || v == k
	}
	if !valid {
		return ComparatorChoice{}, &ComparatorError{Field: "comparator", Value: kind, Message: "Comparator (comparator) must be england, region, icb or set"}
	}
	c := ComparatorChoice{Kind: k}
	if k != CompareWithSet {
		return c, nil
	}
	codes, err := ParseAreaCodes("set", "Areas to compare with", set, MaxComparatorSet)
	if err != nil {
		return ComparatorChoice{}, err
	}
	c.Set = codes
	return c, nil
}

// ParseAreaCodes reads a list of ONS codes separated by commas or spaces
// (duplicates dropped), at least one and at most max; problems are a
// *ComparatorError naming field.
func ParseAreaCodes(field, label, s string, max int) ([]string, error) {
	seen := map[string]bool{}
	var codes []string
	for _, code := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' || r == '\t' }) {
		code = places.NormaliseCode(code)
		if !isAreaCode(code) {
			return nil, &ComparatorError{Field: field, Value: s, Message: label + " (" + field + ") must be ONS codes separated by commas, like E06000001,E06000002; " + code + " is not one"}
		}
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	switch {
	case len(codes) == 0:
		return nil, &ComparatorError{Field: field, Value: s, Message: "Enter the " + strings.ToLower(label) + " (" + field + "): ONS codes separated by commas"}
	case len(codes) > max:
		return nil, &ComparatorError{Field: field, Value: s, Message: fmt.Sprintf("%s (%s) can be at most %d areas", label, field, max)}
	}
	return codes, nil
}

// isAreaCode: one capital letter and eight digits (E06000001).
func isAreaCode(s string) bool {
	if len(s) != 9 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < 9; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Comparator is a choice resolved for one area: the area compared with, or
// the set's members, or why the choice has no comparator for this area.
type Comparator struct {
	Kind ComparatorKind  `json:"kind"`
	Code string          `json:"code,omitempty"` // "" for a set
	Type places.AreaType `json:"type,omitempty"`
	Name string          `json:"name"`
	// Members are a set's areas.
	Members []places.Area `json:"members,omitempty"`
	// PoolFrom are the areas (of the compared area's type) that make up a
	// region: when the region has no stored value its value is pooled from
	// theirs, if every one has a count and denominator.
	PoolFrom []string `json:"-"`
	// Unavailable says why there is nothing to compare with (an ICB has no
	// ONS region; a county split between two ICBs has no one ICB).
	Unavailable string `json:"unavailable,omitempty"`
}

// MemberComparison is a value compared with one member of a set whose
// values cannot be pooled.
type MemberComparison struct {
	AreaCode   string     `json:"area_code"`
	AreaName   string     `json:"area_name"`
	Value      float64    `json:"value"`
	Comparison Comparison `json:"comparison"`
}

// Compared is one value set against the chosen comparator.
type Compared struct {
	// Value is the comparator's value for the same indicator, period,
	// sex, age and category: stored, or pooled from counts.
	Value DataPoint `json:"value"`
	// Pooled says how Value was pooled ("" when it is stored).
	Pooled     string     `json:"pooled,omitempty"`
	Comparison Comparison `json:"comparison"`
	// Members compares with each member of a set whose values cannot be
	// pooled (a standardised rate, a mean, a value without counts).
	Members []MemberComparison `json:"members,omitempty"`
}

// ComparatorStore is what comparisons need of the store.
type ComparatorStore interface {
	places.AreaFinder
	// ParentLinksAsAt returns, for every area of childType, its parents
	// of parentType as at day asAt (the reference links with the loaded
	// parent changes applied), keyed by the child's code, with names.
	ParentLinksAsAt(ctx context.Context, childType, parentType places.AreaType, asAt string) (map[string][]places.AreaParent, error)
	// ComparatorValues returns every stored value of the indicators for
	// the areas (all periods, sexes, ages and categories).
	ComparatorValues(ctx context.Context, codes []string, indicatorIDs []int) ([]DataPoint, error)
}

// Comparators resolves comparator choices and compares values with them.
type Comparators struct {
	Store ComparatorStore
	// AsAt is the day whose geography gives an area's region and ICB
	// (YYYY-MM-DD); "" is today, so loaded ICB mergers apply from their
	// effective day.
	AsAt string
}

func (c Comparators) asAt() string {
	if c.AsAt != "" {
		return c.AsAt
	}
	return time.Now().UTC().Format(time.DateOnly)
}

// Resolve turns a choice into a comparator for each area (keyed by the
// area's type and code). Unknown codes in a set are a *ComparatorError.
func (c Comparators) Resolve(ctx context.Context, choice ComparatorChoice, areas []places.Area) (map[places.AreaRef]Comparator, error) {
	out := make(map[places.AreaRef]Comparator, len(areas))
	switch choice.Kind {
	case CompareWithSet:
		found, err := c.Store.AreasByCode(ctx, choice.Set)
		if err != nil {
			return nil, fmt.Errorf("needs: comparator set: %w", err)
		}
		members := make([]places.Area, 0, len(choice.Set))
		for _, code := range choice.Set {
			a, _, ok := places.ChooseArea(found, code, "")
			if !ok {
				return nil, &ComparatorError{Field: "set", Value: choice.SetParam(), Message: "Areas to compare with (set): " + code + " is not an area"}
			}
			members = append(members, a)
		}
		cmp := Comparator{Kind: CompareWithSet, Name: setName(members), Members: members}
		for _, a := range areas {
			out[a.Ref()] = cmp
		}
		return out, nil
	case CompareWithRegion, CompareWithICB:
		g, err := c.geography(ctx, choice.Kind, areas)
		if err != nil {
			return nil, err
		}
		for _, a := range areas {
			out[a.Ref()] = g.comparator(choice.Kind, a)
		}
		return out, nil
	}
	for _, a := range areas {
		out[a.Ref()] = Comparator{Kind: CompareWithEngland, Code: EnglandCode, Type: places.AreaCountry, Name: "England"}
	}
	return out, nil
}

func setName(members []places.Area) string {
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.Name
	}
	if len(names) <= 3 {
		return "the set " + strings.Join(names, ", ")
	}
	return fmt.Sprintf("the set of %d areas (%s and others)", len(names), strings.Join(names[:2], ", "))
}

// geography holds the parent links a resolution needs, each loaded once.
type geography struct {
	links map[[2]places.AreaType]map[string][]places.AreaParent
}

func (c Comparators) geography(ctx context.Context, kind ComparatorKind, areas []places.Area) (geography, error) {
	g := geography{links: map[[2]places.AreaType]map[string][]places.AreaParent{}}
	need := map[[2]places.AreaType]bool{}
	for _, a := range areas {
		for _, pair := range linksFor(kind, a.Type) {
			need[pair] = true
		}
	}
	pairs := make([][2]places.AreaType, 0, len(need))
	for p := range need {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0]+pairs[i][1] < pairs[j][0]+pairs[j][1] })
	for _, p := range pairs {
		l, err := c.Store.ParentLinksAsAt(ctx, p[0], p[1], c.asAt())
		if err != nil {
			return g, fmt.Errorf("needs: comparator %s: %w", kind, err)
		}
		g.links[p] = l
	}
	return g, nil
}

// linksFor names the parent links (child type, parent type) that give an
// area of type t its region or ICB.
func linksFor(kind ComparatorKind, t places.AreaType) [][2]places.AreaType {
	switch {
	case kind == CompareWithRegion && t == places.AreaUTLA:
		return [][2]places.AreaType{{places.AreaUTLA, places.AreaRegion}}
	case kind == CompareWithRegion && t == places.AreaLTLA:
		return [][2]places.AreaType{{places.AreaLTLA, places.AreaUTLA}, {places.AreaUTLA, places.AreaRegion}}
	case kind == CompareWithRegion && t == places.AreaICB:
		return [][2]places.AreaType{{places.AreaICB, places.AreaNHSER}}
	case kind == CompareWithICB && t == places.AreaLTLA:
		return [][2]places.AreaType{{places.AreaLTLA, places.AreaICB}}
	case kind == CompareWithICB && t == places.AreaUTLA:
		return [][2]places.AreaType{{places.AreaLTLA, places.AreaUTLA}, {places.AreaLTLA, places.AreaICB}}
	}
	return nil
}

// wholeParent is the one parent the child lies wholly in.
func wholeParent(ps []places.AreaParent) (places.AreaParent, bool) {
	for _, p := range ps {
		if p.Whole() {
			return p, true
		}
	}
	return places.AreaParent{}, false
}

// comparator resolves one area. A region is an upper-tier council's ONS
// region (a district's through its county; an ICB's is its NHS England
// region); an ICB is the one ICB a district, or every district of an
// upper-tier council, lies wholly in.
func (g geography) comparator(kind ComparatorKind, a places.Area) Comparator {
	none := func(why string) Comparator {
		return Comparator{Kind: kind, Name: kind.Label(), Unavailable: why}
	}
	of := func(child, parent places.AreaType) map[string][]places.AreaParent {
		return g.links[[2]places.AreaType{child, parent}]
	}
	from := func(p places.AreaParent) Comparator {
		return Comparator{Kind: kind, Code: p.Code, Type: p.Type, Name: p.Name}
	}
	switch {
	case kind == CompareWithRegion && (a.Type == places.AreaUTLA || a.Type == places.AreaLTLA):
		utla := a.Code
		if a.Type == places.AreaLTLA {
			u, ok := wholeParent(of(places.AreaLTLA, places.AreaUTLA)[a.Code])
			if !ok {
				return none(a.Name + " has no upper-tier council in the reference data, so no region")
			}
			utla = u.Code
		}
		r, ok := wholeParent(of(places.AreaUTLA, places.AreaRegion)[utla])
		if !ok {
			return none(a.Name + " has no region in the reference data")
		}
		cmp := from(r)
		// The region's areas of the compared type, to pool when the region
		// has no stored value.
		if a.Type == places.AreaUTLA {
			for code, ps := range of(places.AreaUTLA, places.AreaRegion) {
				if p, ok := wholeParent(ps); ok && p.Code == r.Code {
					cmp.PoolFrom = append(cmp.PoolFrom, code)
				}
			}
			sort.Strings(cmp.PoolFrom)
		}
		return cmp
	case kind == CompareWithRegion && a.Type == places.AreaICB:
		r, ok := wholeParent(of(places.AreaICB, places.AreaNHSER)[a.Code])
		if !ok {
			return none(a.Name + " has no NHS England region in the reference data")
		}
		return from(r)
	case kind == CompareWithRegion:
		return none("a " + string(a.Type) + " has no region to compare with: choose England or a set of areas")
	case kind == CompareWithICB && a.Type == places.AreaLTLA:
		ps := of(places.AreaLTLA, places.AreaICB)[a.Code]
		p, ok := wholeParent(ps)
		if !ok && len(ps) == 0 {
			return none(a.Name + " has no ICB in the reference data")
		}
		if !ok {
			return none(a.Name + " lies in more than one ICB")
		}
		return from(p)
	case kind == CompareWithICB && a.Type == places.AreaUTLA:
		var icb places.AreaParent
		districts := 0
		for code, ps := range of(places.AreaLTLA, places.AreaUTLA) {
			if u, ok := wholeParent(ps); !ok || u.Code != a.Code {
				continue
			}
			districts++
			ps := of(places.AreaLTLA, places.AreaICB)[code]
			if len(ps) == 0 {
				continue
			}
			p, ok := wholeParent(ps)
			if !ok || (icb.Code != "" && p.Code != icb.Code) {
				return none(a.Name + " lies in more than one ICB")
			}
			icb = p
		}
		if districts == 0 || icb.Code == "" {
			return none(a.Name + " has no ICB in the reference data")
		}
		return from(icb)
	}
	return none("a " + string(a.Type) + " has no ICB to compare with: choose England, the region or a set of areas")
}

// valueKey identifies one value of a series in one period.
type valueKey struct {
	code, period, sex, age, category string
	id                               int
}

func keyOf(code string, p DataPoint) valueKey {
	return valueKey{code: code, period: p.Period.Label, sex: p.Sex, age: p.Age, category: p.Category, id: p.IndicatorID}
}

// comparatorValues indexes the stored values the comparators need.
func (c Comparators) comparatorValues(ctx context.Context, comps map[places.AreaRef]Comparator, ids []int) (map[valueKey]DataPoint, error) {
	seen := map[string]bool{}
	var codes []string
	add := func(code string) {
		if code != "" && !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	for _, cmp := range comps {
		add(cmp.Code)
		for _, m := range cmp.Members {
			add(m.Code)
		}
		for _, code := range cmp.PoolFrom {
			add(code)
		}
	}
	sort.Strings(codes)
	idx := map[valueKey]DataPoint{}
	if len(codes) == 0 || len(ids) == 0 {
		return idx, nil
	}
	pts, err := c.Store.ComparatorValues(ctx, codes, ids)
	if err != nil {
		return nil, fmt.Errorf("needs: comparator values: %w", err)
	}
	for _, p := range pts {
		if !p.IsBandInput() {
			idx[keyOf(p.AreaCode, p)] = p
		}
	}
	return idx, nil
}

// Pool computes one value from the members' counts and denominators with
// internal/stats (Wilson for a proportion, Byar for a crude rate), as the
// value of the areas taken together. ok is false, with the reason, when
// the indicator's value type cannot be pooled or a member has no count or
// denominator.
func Pool(ind Indicator, members []DataPoint) (DataPoint, string, bool) {
	p := NewDataPoint()
	if len(members) == 0 {
		return p, "no values to pool", false
	}
	method := ind.Method()
	if method != MethodWilson && method != MethodByar {
		return p, "a " + strings.ToLower(ValueTypeLabel(ind.ValueType)) + " cannot be pooled from counts and denominators", false
	}
	var count, denom float64
	for _, m := range members {
		if !Has(m.Count) || !Has(m.Denominator) {
			name := m.AreaName
			if name == "" {
				name = m.AreaCode
			}
			return p, name + " has no count and denominator for " + m.Period.Label, false
		}
		count += m.Count
		denom += m.Denominator
	}
	mult := ind.Multiplier
	if mult <= 0 {
		mult = 1
	}
	var r stats.Result
	var err error
	name := "Wilson score"
	if method == MethodWilson {
		r, err = stats.Proportion(count, denom, bothLevels, mult)
	} else {
		r, err = stats.Rate(count, denom, bothLevels, mult)
		name = "Byar's method"
	}
	if err != nil {
		return p, err.Error(), false
	}
	first := members[0]
	p.IndicatorID, p.Period, p.Sex, p.Age, p.CategoryType, p.Category = first.IndicatorID, first.Period, first.Sex, first.Age, first.CategoryType, first.Category
	p.Value, p.Count, p.Denominator = r.Value, count, denom
	p.Lower95, p.Upper95, p.Lower998, p.Upper998 = r.Lower[0], r.Upper[0], r.Lower[1], r.Upper[1]
	p.Origin = OriginComputed
	p.OriginDetail = fmt.Sprintf("pooled from the counts and denominators of %d areas (%s)", len(members), name)
	return p, p.OriginDetail, true
}

// compareWith compares p with the comparator's value by the indicator's
// method. Indicators benchmarked by quintiles are ranked among areas, not
// set against one value, so only England (whose comparison is the
// profile's own) compares them.
func compareWith(p, ref DataPoint, ind Indicator) Comparison {
	switch ind.Benchmark {
	case BenchmarkNone:
		return Comparison{Outcome: NotCompared, Method: BenchmarkNone, BenchmarkCode: ref.AreaCode, BenchmarkValue: ref.Value, Reason: "this indicator is not compared"}
	case BenchmarkQuintiles:
		return Comparison{Outcome: NotCompared, Method: BenchmarkQuintiles, BenchmarkCode: ref.AreaCode, BenchmarkValue: ref.Value,
			Reason: "this indicator is ranked by quintiles among all areas of its kind, not compared with one value"}
	}
	return CompareCI(p, ref, ind.Polarity, ind.Benchmark)
}

// compare sets p against its area's comparator.
func compare(p DataPoint, cmp Comparator, ind Indicator, idx map[valueKey]DataPoint) Compared {
	missing := func(why string) Compared {
		v := NewDataPoint()
		v.AreaCode, v.AreaName = cmp.Code, cmp.Name
		return Compared{Value: v, Comparison: Comparison{Outcome: NotCompared, Method: ind.Benchmark, BenchmarkCode: cmp.Code, BenchmarkValue: Missing, Reason: why}}
	}
	if cmp.Unavailable != "" {
		return missing(cmp.Unavailable)
	}
	if cmp.Kind != CompareWithSet {
		if v, ok := idx[keyOf(cmp.Code, p)]; ok && Has(v.Value) {
			if v.AreaName == "" {
				v.AreaName = cmp.Name
			}
			return Compared{Value: v, Comparison: compareWith(p, v, ind)}
		}
		if len(cmp.PoolFrom) == 0 {
			return missing(cmp.Name + " has no value for " + p.Period.Label)
		}
		members := make([]DataPoint, 0, len(cmp.PoolFrom))
		for _, code := range cmp.PoolFrom {
			v, ok := idx[keyOf(code, p)]
			if !ok {
				return missing(cmp.Name + " has no value for " + p.Period.Label + ", and not every one of its areas has one to pool")
			}
			members = append(members, v)
		}
		v, why, ok := Pool(ind, members)
		if !ok {
			return missing(cmp.Name + " has no value for " + p.Period.Label + ", and its areas' values cannot be pooled: " + why)
		}
		v.AreaCode, v.AreaName = cmp.Code, cmp.Name
		return Compared{Value: v, Pooled: v.OriginDetail, Comparison: compareWith(p, v, ind)}
	}
	members := make([]DataPoint, 0, len(cmp.Members))
	for _, m := range cmp.Members {
		v, ok := idx[keyOf(m.Code, p)]
		if !ok {
			v = NewDataPoint()
			v.IndicatorID, v.Period = p.IndicatorID, p.Period
		}
		v.AreaCode, v.AreaName = m.Code, m.Name
		members = append(members, v)
	}
	if v, _, ok := Pool(ind, members); ok {
		v.AreaName = cmp.Name
		c := compareWith(p, v, ind)
		c.BenchmarkCode = ""
		return Compared{Value: v, Pooled: v.OriginDetail, Comparison: c}
	}
	// Not poolable: compare with each member in turn.
	_, why, _ := Pool(ind, members)
	out := missing("")
	out.Value.AreaName = cmp.Name
	var parts []string
	for _, m := range members {
		if m.AreaCode == p.AreaCode {
			continue
		}
		c := compareWith(p, m, ind)
		out.Members = append(out.Members, MemberComparison{AreaCode: m.AreaCode, AreaName: m.AreaName, Value: m.Value, Comparison: c})
		parts = append(parts, strings.ToLower(OutcomeWord(c.Outcome))+" "+m.AreaName)
	}
	out.Comparison.Reason = why + "; compared with each member: " + strings.Join(parts, "; ")
	return out
}

// OutcomeWord is an outcome in one or two words, for narrow cells.
func OutcomeWord(o Outcome) string {
	switch o {
	case Better:
		return "Better"
	case Similar:
		return "Similar"
	case Worse:
		return "Worse"
	case Higher:
		return "Higher"
	case Lower:
		return "Lower"
	}
	return "Not compared"
}

// ComparePoints compares each point with its area's comparator. The
// points' areas are read as areaType ("" picks by places.SharedCodeOrder);
// a point whose area is not in the reference data is not compared.
// England compares as CompareByPeriod does, so the API's England
// comparison and this one agree, quintiles included.
func (c Comparators) ComparePoints(ctx context.Context, choice ComparatorChoice, ind Indicator, pts []DataPoint, areaType places.AreaType) ([]Compared, error) {
	seen := map[string]bool{}
	var codes []string
	for _, p := range pts {
		if !seen[p.AreaCode] {
			seen[p.AreaCode] = true
			codes = append(codes, p.AreaCode)
		}
	}
	found, err := c.Store.AreasByCode(ctx, codes)
	if err != nil {
		return nil, fmt.Errorf("needs: compare points: %w", err)
	}
	areas := map[string]places.Area{}
	list := make([]places.Area, 0, len(codes))
	for _, code := range codes {
		if a, _, ok := places.ChooseArea(found, code, areaType); ok {
			areas[code] = a
			list = append(list, a)
		} else if a, _, ok := places.ChooseArea(found, code, ""); ok {
			areas[code] = a
			list = append(list, a)
		}
	}
	comps, err := c.Resolve(ctx, choice, list)
	if err != nil {
		return nil, err
	}
	idx, err := c.comparatorValues(ctx, comps, []int{ind.ID})
	if err != nil {
		return nil, err
	}
	out := make([]Compared, len(pts))
	if choice.Kind == CompareWithEngland {
		var england []DataPoint
		for k, v := range idx {
			if k.code == EnglandCode {
				england = append(england, v)
			}
		}
		sort.Slice(england, func(i, j int) bool { return england[i].Period.To < england[j].Period.To })
		// CompareByPeriod groups by period and age; keep each group to one
		// sex and category as the points are.
		for i, c := range compareByPeriodSeries(pts, england, ind) {
			v, ok := idx[keyOf(EnglandCode, pts[i])]
			if !ok {
				v = NewDataPoint()
				v.AreaCode, v.AreaName = EnglandCode, "England"
			}
			out[i] = Compared{Value: v, Comparison: c}
		}
		return out, nil
	}
	for i, p := range pts {
		a, ok := areas[p.AreaCode]
		if !ok {
			out[i] = compare(p, Comparator{Kind: choice.Kind, Name: choice.Kind.Label(), Unavailable: p.AreaCode + " is not in the reference data"}, ind, idx)
			continue
		}
		out[i] = compare(p, comps[a.Ref()], ind, idx)
	}
	return out, nil
}

// compareByPeriodSeries applies CompareByPeriod within each sex and
// category, so a male value is never set against England's persons value.
func compareByPeriodSeries(pts, england []DataPoint, ind Indicator) []Comparison {
	type series struct{ sex, category string }
	groups := map[series][]int{}
	var order []series
	for i, p := range pts {
		k := series{p.Sex, p.Category}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	out := make([]Comparison, len(pts))
	for _, k := range order {
		var sub, bench []DataPoint
		for _, i := range groups[k] {
			sub = append(sub, pts[i])
		}
		for _, e := range england {
			if e.Sex == k.sex && e.Category == k.category {
				bench = append(bench, e)
			}
		}
		for j, c := range CompareByPeriod(sub, bench, EnglandCode, ind) {
			out[groups[k][j]] = c
		}
	}
	return out
}

// ProfileComparison is an area profile's rows compared with the chosen
// comparator: Rows[i] belongs to the profile's Rows[i].
type ProfileComparison struct {
	Choice     ComparatorChoice
	Comparator Comparator
	Rows       []Compared
}

// CompareProfile compares each row of an area's profile with the chosen
// comparator. With England it is the profile's own comparison, unchanged.
func (c Comparators) CompareProfile(ctx context.Context, area places.Area, rows []ProfileRow, choice ComparatorChoice) (ProfileComparison, error) {
	out := ProfileComparison{Choice: choice, Rows: make([]Compared, len(rows))}
	if choice.Kind == CompareWithEngland {
		out.Comparator = Comparator{Kind: CompareWithEngland, Code: EnglandCode, Type: places.AreaCountry, Name: "England"}
		for i, r := range rows {
			out.Rows[i] = Compared{Value: r.Benchmark, Comparison: r.Comparison}
		}
		return out, nil
	}
	comps, err := c.Resolve(ctx, choice, []places.Area{area})
	if err != nil {
		return out, err
	}
	out.Comparator = comps[area.Ref()]
	ids := make([]int, 0, len(rows))
	seen := map[int]bool{}
	for _, r := range rows {
		if !seen[r.Indicator.ID] {
			seen[r.Indicator.ID] = true
			ids = append(ids, r.Indicator.ID)
		}
	}
	idx, err := c.comparatorValues(ctx, comps, ids)
	if err != nil {
		return out, err
	}
	for i, r := range rows {
		out.Rows[i] = compare(r.Area, out.Comparator, r.Indicator, idx)
	}
	return out, nil
}
