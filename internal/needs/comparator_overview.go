package needs

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/placeboard/placeboard/internal/places"
)

// ErrNoOverview is returned for an area that has no areas inside it to
// show (an LSOA, a district).
var ErrNoOverview = errors.New("this area has no areas inside it to show in an overview")

// OverviewChildTypes are the kinds of area an overview of parent may list,
// preferred first: England's and a region's upper-tier councils, a 2017
// footprint's upper-tier councils, an NHS region's ICBs, an upper-tier
// council's districts, and an ICB's districts or its upper-tier councils,
// whichever more of hold values (Overviews.Overview). Shipped extracts hold
// upper-tier values only, where an ICB's districts would show little.
func OverviewChildTypes(parent places.AreaType) []places.AreaType {
	switch parent {
	case places.AreaCountry, places.AreaRegion, places.AreaSTP:
		return []places.AreaType{places.AreaUTLA}
	case places.AreaNHSER:
		return []places.AreaType{places.AreaICB}
	case places.AreaICB:
		return []places.AreaType{places.AreaLTLA, places.AreaUTLA}
	case places.AreaUTLA:
		return []places.AreaType{places.AreaLTLA}
	}
	return nil
}

// OverviewStore is what the overview needs of the store.
type OverviewStore interface {
	ComparatorStore
	NeedsCatalogue(ctx context.Context) (*Catalogue, error)
	// AreasIn lists the areas of childType inside parent as at asAt (for
	// England, every area of the type), whether or not still in force, by
	// the reference data's direct links.
	AreasIn(ctx context.Context, parent places.AreaRef, childType places.AreaType, asAt string) ([]places.Area, error)
	// AreasWithValues returns those of codes that hold any current
	// headline value (persons, no category).
	AreasWithValues(ctx context.Context, codes []string) ([]string, error)
	// PeerGroups returns each indicator period's peer group: the
	// benchmark's headline rows and the headline value of every area of
	// peerType, the group a profile ranks quintiles in.
	PeerGroups(ctx context.Context, periods []IndicatorPeriod, peerType places.AreaType, benchmarkCode string) ([]*PeerGroup, error)
	// LatestValues returns, in one query, the headline values (persons, no
	// category) of each indicator at the latest period any of areas has a
	// headline value for (every age group of that period), for areas and
	// for others.
	LatestValues(ctx context.Context, areas, others []string) ([]DataPoint, error)
}

// OverviewQuery asks for the overview of one parent area.
type OverviewQuery struct {
	Code   string
	Type   places.AreaType
	Choice ComparatorChoice
}

// Overview is Fingertips' overview: every area inside a parent × the
// indicators, each value compared with the chosen comparator.
type Overview struct {
	Parent    places.Area
	ChildType places.AreaType
	Areas     []places.Area // by name
	Choice    ComparatorChoice
	// Comparator names what the cells are compared with ("England", "each
	// area's region", a set).
	Comparator string
	Rows       []OverviewRow
}

// OverviewRow is one indicator and age group at the indicator's latest
// period: an age group published only in earlier periods is not shown.
type OverviewRow struct {
	Indicator Indicator
	Period    string
	Sex       string
	Age       string
	England   DataPoint
	// Parent is the parent area's own stored value (missing when it has
	// none, or when the parent is England).
	Parent DataPoint
	Cells  []OverviewCell // in Areas order
}

// Breakdown says whom the row is about.
func (r OverviewRow) Breakdown() string { return Breakdown(r.Sex, r.Age, "") }

// OverviewCell is one area's value, compared; Present is false when the
// area has no value for the row's period.
type OverviewCell struct {
	Present  bool
	Point    DataPoint
	Compared Compared
}

// Overviews builds overviews.
type Overviews struct {
	Store OverviewStore
	AsAt  string
}

// Overview finds the parent area, lists its areas (those in force on the
// date the reference data lists their type), and compares each one's
// latest value of every indicator with the chosen comparator: England
// by the indicator's method (quintiles among every area of the kind in
// England, as on the profile), or each
// area's region or ICB, or a set, by confidence intervals.
func (o Overviews) Overview(ctx context.Context, q OverviewQuery) (Overview, error) {
	parent, _, err := places.FindArea(ctx, o.Store, q.Code, q.Type)
	if err != nil {
		return Overview{}, fmt.Errorf("needs: overview: %w", err)
	}
	types := OverviewChildTypes(parent.Type)
	if len(types) == 0 {
		return Overview{}, fmt.Errorf("needs: overview %s: %w", parent.Code, ErrNoOverview)
	}
	comparers := Comparators{Store: o.Store, AsAt: o.AsAt}
	childType, areas, err := o.childAreas(ctx, comparers, parent, types)
	if err != nil {
		return Overview{}, fmt.Errorf("needs: overview %s: %w", parent.Code, err)
	}
	sort.Slice(areas, func(i, j int) bool { return areas[i].Name < areas[j].Name })
	out := Overview{Parent: parent, ChildType: childType, Areas: areas, Choice: q.Choice}
	comps, err := comparers.Resolve(ctx, q.Choice, areas)
	if err != nil {
		return Overview{}, err
	}
	out.Comparator = overviewComparatorName(q.Choice, comps)
	codes := make([]string, len(areas))
	col := make(map[string]int, len(areas))
	for i, a := range areas {
		codes[i], col[a.Code] = a.Code, i
	}
	extra := map[string]bool{EnglandCode: true, parent.Code: true}
	for _, c := range comps {
		if c.Code != "" {
			extra[c.Code] = true
		}
		for _, m := range c.Members {
			extra[m.Code] = true
		}
	}
	others := make([]string, 0, len(extra))
	for c := range extra {
		if _, kid := col[c]; !kid {
			others = append(others, c)
		}
	}
	sort.Strings(others)
	if len(areas) == 0 {
		return out, nil
	}
	cat, err := o.Store.NeedsCatalogue(ctx)
	if err != nil {
		return Overview{}, fmt.Errorf("needs: overview %s: %w", parent.Code, err)
	}
	pts, err := o.Store.LatestValues(ctx, codes, others)
	if err != nil {
		return Overview{}, fmt.Errorf("needs: overview %s: %w", parent.Code, err)
	}
	peers, err := o.quintilePeers(ctx, cat, parent, childType, q.Choice, pts)
	if err != nil {
		return Overview{}, fmt.Errorf("needs: overview %s: %w", parent.Code, err)
	}
	out.Rows = buildOverviewRows(cat, parent, areas, col, comps, q.Choice, pts, peers)
	return out, nil
}

// childAreas chooses the kind of area to list among types (more than one
// for an ICB): the one more of whose areas hold values, the first on a
// tie; and lists those areas in force on the date the reference data lists
// their type.
func (o Overviews) childAreas(ctx context.Context, comparers Comparators, parent places.Area, types []places.AreaType) (places.AreaType, []places.Area, error) {
	best, bestHeld := types[0], -1
	var bestAreas []places.Area
	for _, t := range types {
		areas, err := o.areasIn(ctx, comparers, parent, t)
		if err != nil {
			return "", nil, err
		}
		if len(types) == 1 {
			return t, areas, nil
		}
		codes := make([]string, len(areas))
		for i, a := range areas {
			codes[i] = a.Code
		}
		held := 0
		if len(codes) > 0 {
			with, err := o.Store.AreasWithValues(ctx, codes)
			if err != nil {
				return "", nil, err
			}
			held = len(with)
		}
		if held > bestHeld {
			best, bestHeld, bestAreas = t, held, areas
		}
	}
	return best, bestAreas, nil
}

// areasIn lists the areas of childType in parent, in force on the date the
// reference data lists their type. An ICB's upper-tier councils are those
// whose ICB (as the ICB comparator finds it: the one ICB every district of
// the council lies wholly in) is the ICB; a county split between ICBs is
// in none.
func (o Overviews) areasIn(ctx context.Context, comparers Comparators, parent places.Area, childType places.AreaType) ([]places.Area, error) {
	if parent.Type != places.AreaICB || childType != places.AreaUTLA {
		kids, err := o.Store.AreasIn(ctx, parent.Ref(), childType, comparers.asAt())
		if err != nil {
			return nil, err
		}
		return listedAreas(kids, childType), nil
	}
	all, err := o.Store.AreasIn(ctx, places.AreaRef{Type: places.AreaCountry, Code: EnglandCode}, places.AreaUTLA, comparers.asAt())
	if err != nil {
		return nil, err
	}
	all = listedAreas(all, places.AreaUTLA)
	g, err := comparers.geography(ctx, CompareWithICB, all)
	if err != nil {
		return nil, err
	}
	var out []places.Area
	for _, a := range all {
		if c := g.comparator(CompareWithICB, a); c.Unavailable == "" && c.Code == parent.Code {
			out = append(out, a)
		}
	}
	return out, nil
}

// listedAreas keeps the areas in force on the date the reference data
// lists their type (places.ListingDate).
func listedAreas(all []places.Area, t places.AreaType) []places.Area {
	day := places.ListingDate(t)
	out := make([]places.Area, 0, len(all))
	for _, a := range all {
		if day == "" || ((a.ValidFrom == "" || a.ValidFrom <= day) && (a.ValidTo == "" || a.ValidTo >= day)) {
			out = append(out, a)
		}
	}
	return out
}

// quintilePeers: an indicator benchmarked by quintiles ranks an area among
// every area of its kind in England, as the profile does (the same peer
// groups), not among the parent's areas alone. For such indicators (only
// when comparing with England, and only when the parent is not England
// itself, whose areas are all of them) it returns the peer group of each
// indicator's period in pts, by indicator.
func (o Overviews) quintilePeers(ctx context.Context, cat *Catalogue, parent places.Area, childType places.AreaType, choice ComparatorChoice, pts []DataPoint) (map[int]*PeerGroup, error) {
	if choice.Kind != CompareWithEngland || parent.Type == places.AreaCountry {
		return nil, nil
	}
	seen := map[IndicatorPeriod]bool{}
	var periods []IndicatorPeriod
	for _, p := range pts {
		k := IndicatorPeriod{p.IndicatorID, p.Period.Label}
		if ind, ok := cat.Get(p.IndicatorID); ok && ind.Benchmark == BenchmarkQuintiles && !seen[k] {
			seen[k] = true
			periods = append(periods, k)
		}
	}
	if len(periods) == 0 {
		return nil, nil
	}
	groups, err := o.Store.PeerGroups(ctx, periods, childType, EnglandCode)
	if err != nil {
		return nil, err
	}
	out := make(map[int]*PeerGroup, len(groups))
	for _, g := range groups {
		out[g.IndicatorID] = g
	}
	return out, nil
}

func overviewComparatorName(choice ComparatorChoice, comps map[places.AreaRef]Comparator) string {
	switch choice.Kind {
	case CompareWithRegion:
		return "each area's region"
	case CompareWithICB:
		return "each area's ICB"
	case CompareWithSet:
		for _, c := range comps {
			return c.Name
		}
	}
	return "England"
}

func buildOverviewRows(cat *Catalogue, parent places.Area, areas []places.Area, col map[string]int, comps map[places.AreaRef]Comparator, choice ComparatorChoice, pts []DataPoint, peers map[int]*PeerGroup) []OverviewRow {
	type key struct {
		id  int
		age string
	}
	// One period per indicator and age: the latest (a tie on the end date
	// goes to the shorter period, which starts later).
	latest := map[key]DataPoint{}
	for _, p := range pts {
		if p.IsBandInput() {
			continue
		}
		k := key{p.IndicatorID, p.Age}
		l, ok := latest[k]
		if !ok || p.Period.To > l.Period.To || (p.Period.To == l.Period.To && p.Period.From > l.Period.From) {
			latest[k] = p
		}
	}
	// Compared with England, only England's and the parent's values are
	// looked up (a unitary council's one district has its code); other
	// comparators may pool or name the listed areas too.
	indexKids := choice.Kind != CompareWithEngland
	idx := map[valueKey]DataPoint{}
	byRow := map[key][]DataPoint{}
	for _, p := range pts {
		k := key{p.IndicatorID, p.Age}
		if l, ok := latest[k]; !ok || p.Period.Label != l.Period.Label || p.IsBandInput() {
			continue
		}
		_, kid := col[p.AreaCode]
		if !kid || indexKids || p.AreaCode == parent.Code {
			idx[keyOf(p.AreaCode, p)] = p
		}
		if kid {
			byRow[k] = append(byRow[k], p)
		}
	}
	rows := make([]OverviewRow, 0, len(byRow))
	for k, kidPts := range byRow {
		ind, ok := cat.Get(k.id)
		if !ok {
			continue
		}
		l := latest[k]
		row := OverviewRow{Indicator: ind, Period: l.Period.Label, Sex: l.Sex, Age: k.age, Cells: make([]OverviewCell, len(areas))}
		england, ok := idx[keyOf(EnglandCode, l)]
		if !ok {
			england = NewDataPoint()
			england.AreaCode = EnglandCode
		}
		england.AreaName = "England"
		row.England = england
		row.Parent = NewDataPoint()
		if pv, ok := idx[keyOf(parent.Code, l)]; ok && parent.Code != EnglandCode {
			row.Parent = pv
		}
		var compared []Compared
		switch {
		case choice.Kind == CompareWithEngland && ind.Benchmark == BenchmarkQuintiles && peers != nil:
			// Rank among every area of the kind, then read off the parent's.
			var group []DataPoint
			if g := peers[k.id]; g != nil && g.Period == l.Period.Label {
				for _, pv := range g.Peers {
					if pv.Age == k.age && pv.Sex == l.Sex && pv.Category == "" {
						p := NewDataPoint()
						p.AreaCode, p.Value = pv.AreaCode, pv.Value
						group = append(group, p)
					}
				}
			}
			byCode := map[string]Comparison{}
			for i, c := range CompareGroup(group, england, ind) {
				byCode[group[i].AreaCode] = c
			}
			for _, p := range kidPts {
				compared = append(compared, Compared{Value: england, Comparison: byCode[p.AreaCode]})
			}
		case choice.Kind == CompareWithEngland:
			for _, c := range CompareGroup(kidPts, england, ind) {
				compared = append(compared, Compared{Value: england, Comparison: c})
			}
		default:
			for _, p := range kidPts {
				compared = append(compared, compare(p, comps[areas[col[p.AreaCode]].Ref()], ind, idx))
			}
		}
		for i, p := range kidPts {
			row.Cells[col[p.AreaCode]] = OverviewCell{Present: true, Point: p, Compared: compared[i]}
		}
		for i := range row.Cells {
			if !row.Cells[i].Present {
				row.Cells[i].Point, row.Cells[i].Compared.Value = NewDataPoint(), NewDataPoint()
			}
		}
		rows = append(rows, row)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Indicator.Name != rows[j].Indicator.Name {
			return rows[i].Indicator.Name < rows[j].Indicator.Name
		}
		if rows[i].Indicator.ID != rows[j].Indicator.ID {
			return rows[i].Indicator.ID < rows[j].Indicator.ID
		}
		return rows[i].Age < rows[j].Age
	})
	return rows
}
