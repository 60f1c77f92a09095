package voice

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/placeboard/placeboard/internal/validation"
)

// PhaseKind names one phase of an engagement process, in the order a
// process runs through them (Decidim's process steps, CONSUL's budget
// phases).
type PhaseKind string

// The seven phases of an engagement process.
const (
	PhaseInformation  PhaseKind = "information"
	PhaseConsultation PhaseKind = "consultation"
	PhaseProposals    PhaseKind = "proposals"
	PhaseReview       PhaseKind = "review"
	PhaseVoting       PhaseKind = "voting"
	PhaseResults      PhaseKind = "results"
	PhaseDelivery     PhaseKind = "delivery"
)

// PhaseKinds lists the phases in the order a process runs.
var PhaseKinds = []PhaseKind{PhaseInformation, PhaseConsultation, PhaseProposals, PhaseReview, PhaseVoting, PhaseResults, PhaseDelivery}

// Label is the phase's name for people.
func (k PhaseKind) Label() string {
	switch k {
	case PhaseInformation:
		return "Information"
	case PhaseConsultation:
		return "Consultation"
	case PhaseProposals:
		return "Proposals"
	case PhaseReview:
		return "Review"
	case PhaseVoting:
		return "Voting"
	case PhaseResults:
		return "Results"
	case PhaseDelivery:
		return "Delivery"
	}
	return string(k)
}

// Valid reports whether k is one of PhaseKinds.
func (k PhaseKind) Valid() bool { return k.order() >= 0 }

func (k PhaseKind) order() int {
	for i, x := range PhaseKinds {
		if x == k {
			return i
		}
	}
	return -1
}

// DateLayout is how Voice writes calendar dates: 2026-12-03.
const DateLayout = "2006-01-02"

// Phase is one dated phase of a process. Starts and Ends are calendar
// dates (DateLayout), both inclusive.
type Phase struct {
	ID          int64     `json:"id"`
	ProcessID   int64     `json:"process_id"`
	Kind        PhaseKind `json:"kind"`
	Starts      string    `json:"starts"`
	Ends        string    `json:"ends"`
	Description string    `json:"description"`
}

// Process is an engagement process: a partnership asks the people of an
// area, in phases, before it decides and spends.
type Process struct {
	ID            int64   `json:"id"`
	PartnershipID int64   `json:"partnership_id"`
	AreaType      string  `json:"area_type"`
	AreaCode      string  `json:"area_code"`
	Title         string  `json:"title"`
	Summary       string  `json:"summary"`
	Phases        []Phase `json:"phases"` // in PhaseKinds order
	CreatedAt     string  `json:"created_at"`
	UpdatedAt     string  `json:"updated_at"`
}

// ProcessReader reads one process with its phases (ErrNotFound when there
// is none: the store's ErrNotFound). *store.Store satisfies it; the proposals and voting code of
// Voice take it rather than the store.
type ProcessReader interface {
	Process(ctx context.Context, id int64) (Process, error)
}

// Limits on process text.
const (
	MaxTitle   = 200
	MaxSummary = 5000
)

// Normalize trims the text fields (the store keeps phases in PhaseKinds
// order: SortPhases).
func (p *Process) Normalize() {
	p.Title = strings.TrimSpace(p.Title)
	p.Summary = strings.TrimSpace(p.Summary)
	p.AreaType = strings.TrimSpace(p.AreaType)
	p.AreaCode = strings.ToUpper(strings.TrimSpace(p.AreaCode))
	for i := range p.Phases {
		ph := &p.Phases[i]
		ph.Kind = PhaseKind(strings.ToLower(strings.TrimSpace(string(ph.Kind))))
		ph.Starts = strings.TrimSpace(ph.Starts)
		ph.Ends = strings.TrimSpace(ph.Ends)
		ph.Description = strings.TrimSpace(ph.Description)
	}
}

// SortPhases puts phases in PhaseKinds order (stable; unknown kinds first).
func SortPhases(ph []Phase) {
	slices.SortStableFunc(ph, func(a, b Phase) int { return a.Kind.order() - b.Kind.order() })
}

// Validate checks a process (call Normalize first). Errors name the form
// and JSON fields: title, summary, partnership_id, phases[2].starts.
// Each phase kind appears at most once, each phase ends on or after it
// starts, and no phase starts before the one before it.
func (p *Process) Validate() error {
	var errs validation.Errors
	if errs.Required("title", p.Title, "a title") {
		errs.Line("title", p.Title, "Title", MaxTitle)
	}
	errs.Text("summary", p.Summary, "Summary", MaxSummary, true)
	if p.PartnershipID <= 0 {
		errs.Add("partnership_id", "Choose a partnership")
	}
	seen := map[PhaseKind]bool{}
	var prevStart time.Time
	// Check in phase order, naming each phase by its place as given.
	order := make([]int, len(p.Phases))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return p.Phases[a].Kind.order() - p.Phases[b].Kind.order() })
	for _, i := range order {
		ph := p.Phases[i]
		f := "phases[" + strconv.Itoa(i) + "]"
		if !ph.Kind.Valid() {
			errs.Add(f+".kind", "Choose a phase: information, consultation, proposals, review, voting, results or delivery")
			continue
		}
		if seen[ph.Kind] {
			errs.Add(f+".kind", ph.Kind.Label()+" phase is given twice")
			continue
		}
		seen[ph.Kind] = true
		start, err1 := ParseDate(ph.Starts)
		if err1 != nil {
			errs.Add(f+".starts", ph.Kind.Label()+" start must be a real date, like 2026-12-03")
		}
		end, err2 := ParseDate(ph.Ends)
		if err2 != nil {
			errs.Add(f+".ends", ph.Kind.Label()+" end must be a real date, like 2026-12-31")
		}
		if err1 == nil && err2 == nil && end.Before(start) {
			errs.Add(f+".ends", ph.Kind.Label()+" end must be the same as or after its start")
		}
		if err1 == nil {
			if !prevStart.IsZero() && start.Before(prevStart) {
				errs.Add(f+".starts", ph.Kind.Label()+" must start on or after the phase before it")
			}
			prevStart = start
		}
		errs.Text(f+".description", ph.Description, ph.Kind.Label()+" description", MaxSummary, true)
	}
	return errs.Err()
}

// ParseDate reads a calendar date written as DateLayout.
func ParseDate(s string) (time.Time, error) {
	return time.Parse(DateLayout, s)
}

// Day is the calendar date of t in England, where every process runs.
func Day(t time.Time) string {
	return t.In(london()).Format(DateLayout)
}

// Stage says where a process stands on a day.
type Stage string

// The stages a process can be at.
const (
	StageNotStarted Stage = "not-started" // before its first phase
	StageOpen       Stage = "open"        // inside a phase
	StageBetween    Stage = "between"     // after one phase and before the next
	StageFinished   Stage = "finished"    // after its last phase (or no phases)
)

// Standing is where a process stands on one day: the phase under way (if
// any), the one before and the one to come.
type Standing struct {
	Day      string `json:"day"`
	Stage    Stage  `json:"stage"`
	Current  *Phase `json:"current,omitempty"`
	Previous *Phase `json:"previous,omitempty"`
	Next     *Phase `json:"next,omitempty"`
	// Summary is one sentence for the public page.
	Summary string `json:"summary"`
}

// StandingOn computes where the process stands on day (DateLayout; the
// caller passes Day(clock.Now()), so tests pick the day). When phases
// overlap, the latest to start is the current one.
func (p Process) StandingOn(day string) Standing {
	st := Standing{Day: day}
	for i := range p.Phases {
		ph := p.Phases[i]
		switch {
		case ph.Ends < day:
			st.Previous = &ph
		case ph.Starts <= day:
			st.Current = &ph
		default:
			if st.Next == nil {
				st.Next = &ph
			}
		}
	}
	switch {
	case st.Current != nil:
		st.Stage = StageOpen
		st.Summary = st.Current.Kind.Label() + " phase, until " + LongDate(st.Current.Ends)
	case st.Previous == nil && st.Next != nil:
		st.Stage = StageNotStarted
		st.Summary = "Starts with the " + strings.ToLower(st.Next.Kind.Label()) + " phase on " + LongDate(st.Next.Starts)
	case st.Next != nil:
		st.Stage = StageBetween
		st.Summary = "Next: the " + strings.ToLower(st.Next.Kind.Label()) + " phase, from " + LongDate(st.Next.Starts)
	default:
		st.Stage = StageFinished
		st.Summary = "Finished"
	}
	return st
}

// Phase returns the process's phase of kind k, if it has one.
func (p Process) Phase(k PhaseKind) (Phase, bool) {
	for _, ph := range p.Phases {
		if ph.Kind == k {
			return ph, true
		}
	}
	return Phase{}, false
}

// LongDate writes a DateLayout date the GOV.UK way: 3 December 2026. Text
// that is not a date comes back unchanged.
func LongDate(d string) string {
	t, err := ParseDate(d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

var london = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Europe/London"); err == nil {
		return loc
	}
	return time.UTC
})
