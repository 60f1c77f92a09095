// Package demo seeds the data that `placeboard serve --demo` shows a
// newcomer:
//
//   - one realistic health and wellbeing board, Hartlepool (E06000001), with
//     the area's real kinds of organisation (the council, the ICB, the
//     hospital trust, police, fire, Healthwatch, the voluntary development
//     agency, a GP practice and a school), fictional people in real roles,
//     two meetings with attendance and minutes, and decisions with votes and
//     linked papers;
//   - a partnership for each of the 44 footprints of 2017 with a lead
//     organisation and one council on its board, so the national view has
//     figures to show. These are ILLUSTRATIVE: no public list of who led each
//     footprint was available, so which three are led by local government
//     (the published count is 3 of 44) and which councils sit on each board
//     are made up. Every footprint partnership's name says so.
//
// The organisations named for Hartlepool, the ICBs (with their ODS codes)
// and the councils are real bodies; the GP practice and the school are
// fictional, as are all the people, meetings, minutes and decisions.
//
// Seed is idempotent: it looks each item up by a natural key (code, name,
// date or text) before creating it, so a second start, or a start after an
// interrupted one, adds only what is missing.
package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
)

// Store is the part of *store.Store that Seed uses.
type Store interface {
	ListOrganisations(ctx context.Context, f store.OrgFilter) ([]places.Organisation, int, error)
	CreateOrganisation(ctx context.Context, by store.Actor, o places.Organisation) (places.Organisation, error)
	ListPartnerships(ctx context.Context, f store.PartnershipFilter) ([]places.Partnership, int, error)
	CreatePartnership(ctx context.Context, by store.Actor, p places.Partnership) (places.Partnership, error)
	ListMembers(ctx context.Context, partnershipID int64) ([]places.Member, error)
	AddMember(ctx context.Context, by store.Actor, m places.Member) (places.Member, error)
	ListMeetings(ctx context.Context, partnershipID int64) ([]places.Meeting, error)
	CreateMeeting(ctx context.Context, by store.Actor, m places.Meeting) (places.Meeting, error)
	ListDecisions(ctx context.Context, partnershipID int64) ([]places.Decision, error)
	CreateDecision(ctx context.Context, by store.Actor, d places.Decision) (places.Decision, error)
	// Exclusive runs fn holding a lock that other servers sharing the
	// database respect, so two servers started with --demo at once do not
	// both create the board.
	Exclusive(ctx context.Context, name string, fn func(ctx context.Context) error) error
}

// Actor is who the demo data's audit entries name.
var Actor = store.Actor{Name: "demo"}

// HartlepoolCode is the area of the demo health and wellbeing board.
const HartlepoolCode = "E06000001"

// IllustrativeSuffix ends the name of every footprint partnership the demo
// creates, so no page shows made-up leadership as fact. The national view
// explains the marker above its table.
const IllustrativeSuffix = " (illustrative demo data)"

// Seed creates the demo partnerships in st, using ref for the areas. It
// returns an error naming the step that failed.
func Seed(ctx context.Context, st Store, ref *refdata.Set) error {
	return st.Exclusive(ctx, "demo-seed", func(ctx context.Context) error {
		s := &seeder{st: st, ref: ref, orgs: map[string]places.Organisation{}}
		if err := s.hartlepool(ctx); err != nil {
			return fmt.Errorf("demo: Hartlepool board: %w", err)
		}
		if err := s.footprints(ctx); err != nil {
			return fmt.Errorf("demo: footprints: %w", err)
		}
		if vs, ok := st.(VoiceStore); ok { // voice.go
			if err := seedVoice(ctx, vs); err != nil {
				return fmt.Errorf("demo: voice: %w", err)
			}
		}
		if err := s.seedPB(ctx); err != nil {
			return fmt.Errorf("demo: participatory budgeting: %w", err)
		}
		if err := s.seedMoney(ctx); err != nil {
			return fmt.Errorf("demo: money: %w", err)
		}
		return nil
	})
}

type seeder struct {
	st   Store
	ref  *refdata.Set
	orgs map[string]places.Organisation // by orgKey
}

// orgKey is an organisation's natural key: its ODS code, else its ONS code
// and kind, else its name.
func orgKey(o places.Organisation) string {
	switch {
	case o.ODSCode != "":
		return "ods:" + o.ODSCode
	case o.ONSCode != "":
		return "ons:" + string(o.Kind) + ":" + o.ONSCode
	default:
		return "name:" + strings.ToLower(o.Name)
	}
}

// ensureOrg returns the organisation with o's natural key, creating it if
// there is none.
func (s *seeder) ensureOrg(ctx context.Context, o places.Organisation) (places.Organisation, error) {
	k := orgKey(o)
	if got, ok := s.orgs[k]; ok {
		return got, nil
	}
	found, err := s.findOrg(ctx, o)
	if err != nil {
		return places.Organisation{}, err
	}
	if found.ID == 0 {
		var createErr error
		found, createErr = s.st.CreateOrganisation(ctx, Actor, o)
		if createErr != nil {
			// Someone may have added it meanwhile (a duplicate ODS code is
			// reported as a validation error on ods_code): use theirs.
			if again, err := s.findOrg(ctx, o); err == nil && again.ID != 0 {
				found, createErr = again, nil
			}
		}
		if createErr != nil {
			return places.Organisation{}, fmt.Errorf("organisation %q: %w", o.Name, createErr)
		}
	}
	s.orgs[k] = found
	return found, nil
}

func (s *seeder) findOrg(ctx context.Context, o places.Organisation) (places.Organisation, error) {
	q := o.Name
	switch {
	case o.ODSCode != "":
		q = o.ODSCode
	case o.ONSCode != "":
		q = o.ONSCode
	}
	list, _, err := s.st.ListOrganisations(ctx, store.OrgFilter{Query: q, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return places.Organisation{}, fmt.Errorf("looking up organisation %q: %w", o.Name, err)
	}
	for _, c := range list {
		if orgKey(c) == orgKey(o) && c.Kind == o.Kind {
			return c, nil
		}
	}
	return places.Organisation{}, nil
}

// ensurePartnership returns the partnership of p's kind on p's area (whatever
// its name, so renaming the demo board does not make a second one), creating
// it if there is none. A place has one health and wellbeing board, and the
// demo one partnership per footprint.
func (s *seeder) ensurePartnership(ctx context.Context, p places.Partnership) (places.Partnership, error) {
	list, _, err := s.st.ListPartnerships(ctx, store.PartnershipFilter{Kind: p.Kind, AreaCode: p.AreaCode, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return places.Partnership{}, fmt.Errorf("looking up partnership %q: %w", p.Name, err)
	}
	for _, c := range list {
		if c.AreaType == p.AreaType {
			return c, nil
		}
	}
	created, err := s.st.CreatePartnership(ctx, Actor, p)
	if err != nil {
		return places.Partnership{}, fmt.Errorf("partnership %q: %w", p.Name, err)
	}
	return created, nil
}

// seat is a board member to be: a person from one of the seeded
// organisations.
type seat struct {
	person    string
	orgKey    string
	role      places.MemberRole
	statutory bool
}

// ensureMembers adds the seats missing from partnership pid and returns the
// member IDs by person name.
func (s *seeder) ensureMembers(ctx context.Context, pid int64, seats []seat) (map[string]int64, error) {
	existing, err := s.st.ListMembers(ctx, pid)
	if err != nil {
		return nil, fmt.Errorf("listing members: %w", err)
	}
	ids := map[string]int64{}
	for _, m := range existing {
		ids[m.PersonName] = m.ID
	}
	for _, st := range seats {
		if _, ok := ids[st.person]; ok {
			continue
		}
		org, ok := s.orgs[st.orgKey]
		if !ok {
			return nil, fmt.Errorf("member %s: organisation %s was not seeded", st.person, st.orgKey)
		}
		m, err := s.st.AddMember(ctx, Actor, places.Member{
			PartnershipID: pid, PersonName: st.person, OrgID: org.ID, Role: st.role, Statutory: st.statutory,
		})
		if err != nil {
			return nil, fmt.Errorf("member %s: %w", st.person, err)
		}
		ids[st.person] = m.ID
	}
	return ids, nil
}

// footprints seeds one illustrative partnership per 2017 footprint.
func (s *seeder) footprints(ctx context.Context) error {
	stps := s.ref.AreasOfType(refdata.STP)
	for i, stp := range stps {
		lead, err := s.footprintLead(ctx, stp)
		if err != nil {
			return fmt.Errorf("footprint %s: %w", stp.Code, err)
		}
		p, err := s.ensurePartnership(ctx, places.Partnership{
			Kind: places.PartnershipFootprint, AreaType: places.AreaSTP, AreaCode: stp.Code,
			Name: stp.Name + " footprint partnership" + IllustrativeSuffix, LeadOrgID: lead.ID,
		})
		if err != nil {
			return err
		}
		seats := []seat{{person: personName(i, 0), orgKey: orgKey(lead), role: places.RoleChair, statutory: false}}
		// Illustrative: the footprint's largest councils take one, two or
		// three seats in turn, so boards differ in how many councils they
		// involve.
		want := 1 + i%3
		for n, council := range s.largestCouncils(stp) {
			if n >= want {
				break
			}
			if council.Code == lead.ONSCode {
				continue
			}
			org, err := s.ensureOrg(ctx, councilOrg(council))
			if err != nil {
				return fmt.Errorf("footprint %s: %w", stp.Code, err)
			}
			seats = append(seats, seat{person: personName(i, n+1), orgKey: orgKey(org), role: places.RoleMember})
		}
		if _, err := s.ensureMembers(ctx, p.ID, seats); err != nil {
			return fmt.Errorf("footprint %s: %w", stp.Code, err)
		}
	}
	return nil
}

// localGovernmentLed are the footprints the demo shows as led by a council,
// matching the published count of 3 of 44. Which three is ILLUSTRATIVE, not
// a record.
var localGovernmentLed = map[string]string{
	"E54000007": "E08000003", // Greater Manchester: Manchester
	"E54000014": "E10000024", // Nottinghamshire: Nottinghamshire County Council
	"E54000017": "E08000025", // Birmingham and Solihull: Birmingham
}

// footprintLead returns the illustrative lead organisation of a footprint: a
// council for three of them, otherwise the ICB that now covers most of it.
func (s *seeder) footprintLead(ctx context.Context, stp refdata.Area) (places.Organisation, error) {
	if code, ok := localGovernmentLed[stp.Code]; ok {
		council, ok := s.ref.Area(refdata.UTLA, code)
		if !ok {
			return places.Organisation{}, fmt.Errorf("council %s missing from reference data", code)
		}
		return s.ensureOrg(ctx, councilOrg(council))
	}
	icb, ok := s.successorICB(stp)
	if !ok {
		return places.Organisation{}, fmt.Errorf("no ICB overlaps footprint %s", stp.Code)
	}
	return s.ensureOrg(ctx, icbOrg(icb))
}

// successorICB is the 2022 ICB with the same code as the footprint, or else
// the one holding most of the footprint's LSOAs, estimated council by
// council from the council→footprint and district→ICB shares.
func (s *seeder) successorICB(stp refdata.Area) (refdata.Area, bool) {
	if icb, ok := s.ref.Area(refdata.ICB, stp.Code); ok {
		return icb, true
	}
	weight := map[string]float64{}
	for _, k := range s.ref.Children(stp.Key()) {
		if k.Type != refdata.UTLA {
			continue
		}
		council, _ := s.ref.Area(k.Type, k.Code)
		if !council.ValidOn(s.ref.PopulationDate) {
			continue
		}
		var inSTP float64
		for _, p := range council.ParentsOfType(refdata.STP) {
			if p.Code == stp.Code {
				inSTP = float64(p.LSOAs)
			}
		}
		// Spread the council's LSOAs in the footprint over ICBs in
		// proportion to the council's LSOAs in each ICB.
		byICB := map[string]int{}
		total := 0
		for _, dk := range s.ref.Children(council.Key()) {
			district, _ := s.ref.Area(dk.Type, dk.Code)
			for _, p := range district.ParentsOfType(refdata.ICB) {
				byICB[p.Code] += p.LSOAs
				total += p.LSOAs
			}
		}
		for code, n := range byICB {
			weight[code] += inSTP * float64(n) / float64(total)
		}
	}
	best, bestW := "", 0.0
	for code, w := range weight {
		if w > bestW || (w == bestW && code < best) {
			best, bestW = code, w
		}
	}
	if best == "" {
		return refdata.Area{}, false
	}
	return s.ref.Area(refdata.ICB, best)
}

// largestCouncils lists the upper-tier councils of 2017 in the footprint,
// those with most of their LSOAs in it first.
func (s *seeder) largestCouncils(stp refdata.Area) []refdata.Area {
	type sized struct {
		area  refdata.Area
		lsoas int
	}
	var cs []sized
	for _, k := range s.ref.Children(stp.Key()) {
		if k.Type != refdata.UTLA {
			continue
		}
		c, _ := s.ref.Area(k.Type, k.Code)
		if !c.ValidOn(stp.ValidFrom) {
			continue
		}
		for _, p := range c.ParentsOfType(refdata.STP) {
			if p.Code == stp.Code {
				cs = append(cs, sized{c, p.LSOAs})
			}
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].lsoas != cs[j].lsoas {
			return cs[i].lsoas > cs[j].lsoas
		}
		return cs[i].area.Code < cs[j].area.Code
	})
	out := make([]refdata.Area, len(cs))
	for i, c := range cs {
		out[i] = c.area
	}
	return out
}

func icbOrg(icb refdata.Area) places.Organisation {
	return places.Organisation{
		Name: icb.Name, Kind: places.OrgICB, ODSCode: icb.ODSCode, ONSCode: icb.Code,
		AreaCodes: []string{icb.Code},
	}
}

// councilOrg is the council governing an upper-tier area, under the name it
// commonly uses.
func councilOrg(a refdata.Area) places.Organisation {
	return places.Organisation{
		Name: CouncilName(a), Kind: places.OrgCouncilUpper, ONSCode: a.Code, AreaCodes: []string{a.Code},
	}
}

// councilNames holds names that the rules in CouncilName get wrong.
var councilNames = map[string]string{
	"E06000001": "Hartlepool Borough Council",
	"E06000014": "City of York Council",
	"E06000010": "Hull City Council",
	"E06000023": "Bristol City Council",
	"E06000019": "Herefordshire Council",
	"E06000047": "Durham County Council",
	"E06000018": "Nottingham City Council",
	"E06000015": "Derby City Council",
	"E06000016": "Leicester City Council",
	"E06000021": "Stoke-on-Trent City Council",
	"E06000026": "Plymouth City Council",
	"E06000031": "Peterborough City Council",
	"E06000044": "Portsmouth City Council",
	"E06000045": "Southampton City Council",
	"E06000053": "Council of the Isles of Scilly",
	"E06000057": "Northumberland County Council",
	"E06000028": "Bournemouth Borough Council",
	"E06000029": "Borough of Poole",
	"E06000055": "Bedford Borough Council",
	"E06000038": "Reading Borough Council",
	"E06000030": "Swindon Borough Council",
	"E06000006": "Halton Borough Council",
	"E06000007": "Warrington Borough Council",
	"E06000005": "Darlington Borough Council",
	"E06000004": "Stockton-on-Tees Borough Council",
	"E06000003": "Redcar and Cleveland Borough Council",
	"E06000032": "Luton Borough Council",
	"E08000003": "Manchester City Council",
	"E08000012": "Liverpool City Council",
	"E08000019": "Sheffield City Council",
	"E08000021": "Newcastle City Council",
	"E08000025": "Birmingham City Council",
	"E08000026": "Coventry City Council",
	"E08000031": "City of Wolverhampton Council",
	"E08000032": "City of Bradford Metropolitan District Council",
	"E08000035": "Leeds City Council",
	"E09000001": "City of London Corporation",
	"E09000033": "Westminster City Council",
	"E09000020": "Royal Borough of Kensington and Chelsea",
	"E09000021": "Royal Borough of Kingston upon Thames",
	"E09000011": "Royal Borough of Greenwich",
}

// CouncilName is the common name of the council governing an upper-tier
// area: "X County Council" for a two-tier county, "London Borough of X" for a
// London borough, otherwise "X Council", with the exceptions listed in
// councilNames.
func CouncilName(a refdata.Area) string {
	if n, ok := councilNames[a.Code]; ok {
		return n
	}
	switch {
	case strings.HasPrefix(a.Code, "E10"):
		return a.Name + " County Council"
	case strings.HasPrefix(a.Code, "E09"):
		return "London Borough of " + a.Name
	default:
		return a.Name + " Council"
	}
}

// Fictional people: first and last names combined deterministically.
var (
	firstNames = []string{"Aisha", "Ben", "Chloe", "Daniel", "Ellen", "Farid", "Grace", "Harry", "Imogen", "Jamal", "Katie", "Liam", "Megan", "Nadia", "Owen", "Priya", "Rhys", "Sophie", "Tom", "Uma", "Victor", "Wendy", "Yusuf", "Zoe"}
	lastNames  = []string{"Ashworth", "Bell", "Carr", "Dixon", "Ellwood", "Fenwick", "Gill", "Hodgson", "Iqbal", "Jobson", "Kirby", "Lowther", "Milburn", "Nixon", "Oliver", "Pattison", "Quinn", "Robson", "Storey", "Thornton", "Usher", "Varley", "Wardle", "Young"}
)

// personName returns the n-th fictional person of footprint i.
func personName(i, n int) string {
	k := i*4 + n
	return firstNames[k%len(firstNames)] + " " + lastNames[(k/len(firstNames)+k*5+3)%len(lastNames)]
}

// sortedKeys returns m's keys in order (for deterministic seeding).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
