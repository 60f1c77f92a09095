package places

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// PartnershipKind says what a partnership is.
type PartnershipKind string

// Partnership kinds: a health and wellbeing board sits on an upper-tier
// council area (utla); a footprint partnership on an STP footprint or ICB.
const (
	PartnershipHWB       PartnershipKind = "hwb"
	PartnershipFootprint PartnershipKind = "footprint"
)

// Valid reports whether k is a known kind.
func (k PartnershipKind) Valid() bool { return k == PartnershipHWB || k == PartnershipFootprint }

// AreaTypesFor lists the area types a partnership of kind k may be tied to.
func (k PartnershipKind) AreaTypesFor() []AreaType {
	switch k {
	case PartnershipHWB:
		return []AreaType{AreaUTLA}
	case PartnershipFootprint:
		return []AreaType{AreaSTP, AreaICB}
	}
	return nil
}

// Partnership is a health and wellbeing board or a footprint partnership,
// tied to one area.
type Partnership struct {
	ID       int64           `json:"id"`
	Kind     PartnershipKind `json:"kind"`
	AreaCode string          `json:"area_code"`
	// AreaType tells apart a footprint (stp) and an ICB sharing one E54 code.
	// Empty: utla for a hwb; for a footprint, stp if such a footprint
	// exists, else icb.
	AreaType  AreaType `json:"area_type,omitempty"`
	Name      string   `json:"name"`
	LeadOrgID int64    `json:"lead_org_id,omitempty"` // 0: no lead organisation yet
	// EndedOn is the day the partnership was wound up ("" while it runs).
	// An ended partnership keeps its record.
	EndedOn string `json:"ended_on,omitempty"`
}

// Ended reports whether the partnership has been wound up.
func (p Partnership) Ended() bool { return p.EndedOn != "" }

// Normalize trims spaces and upper-cases the area code.
func (p *Partnership) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.Kind = PartnershipKind(strings.TrimSpace(string(p.Kind)))
	p.AreaCode = strings.ToUpper(strings.TrimSpace(p.AreaCode))
	p.AreaType = AreaType(strings.TrimSpace(string(p.AreaType)))
	p.EndedOn = strings.TrimSpace(p.EndedOn)
}

// Validate checks the fields; the store checks the area and lead
// organisation exist and that the area's type suits the kind.
func (p *Partnership) Validate() *validation.Errors {
	var errs validation.Errors
	if errs.Required("name", p.Name, "the partnership's name") {
		errs.Line("name", p.Name, "Name", MaxNameLen)
	}
	if p.Kind == "" {
		errs.Add("kind", "Select the kind of partnership")
	} else if !p.Kind.Valid() {
		errs.Add("kind", "Kind must be hwb or footprint")
	}
	if p.AreaCode == "" {
		errs.Add("area_code", "Enter the area's code")
	} else if !ValidAreaCode(p.AreaCode) {
		errs.Add("area_code", "Area code must be an ONS code like E10000003")
	}
	if p.AreaType != "" && p.Kind.Valid() && !contains(p.Kind.AreaTypesFor(), p.AreaType) {
		errs.Add("area_type", "A "+string(p.Kind)+" partnership must be tied to an area of type "+joinTypes(p.Kind.AreaTypesFor()))
	}
	if p.LeadOrgID < 0 {
		errs.Add("lead_org_id", "Lead organisation must be an organisation's ID")
	}
	if p.EndedOn != "" {
		validDate(&errs, "ended_on", p.EndedOn, "the date the partnership ended")
	}
	return orNil(&errs)
}

// MemberRole is a board member's role.
type MemberRole string

// Board roles.
const (
	RoleChair     MemberRole = "chair"
	RoleViceChair MemberRole = "vice_chair"
	RoleMember    MemberRole = "member"
	RoleObserver  MemberRole = "observer"
)

// MemberRoles lists the board roles in display order.
var MemberRoles = []MemberRole{RoleChair, RoleViceChair, RoleMember, RoleObserver}

// Valid reports whether r is a known role.
func (r MemberRole) Valid() bool {
	for _, k := range MemberRoles {
		if k == r {
			return true
		}
	}
	return false
}

// Member is one seat on a partnership's board.
type Member struct {
	ID            int64      `json:"id"`
	PartnershipID int64      `json:"partnership_id"`
	PersonName    string     `json:"person_name"`
	OrgID         int64      `json:"org_id"`
	Role          MemberRole `json:"role"`
	// Statutory is true for a statutory member, false for a co-opted one.
	Statutory bool   `json:"statutory"`
	JobTitle  string `json:"job_title,omitempty"`
	// TermStart and TermEnd bound the member's term (2006-01-02, both
	// inclusive); "" leaves that end open. A member whose term has ended
	// stays in the record with their past attendance and votes.
	TermStart string `json:"term_start,omitempty"`
	TermEnd   string `json:"term_end,omitempty"`
}

// Normalize trims spaces.
func (m *Member) Normalize() {
	m.PersonName = strings.TrimSpace(m.PersonName)
	m.Role = MemberRole(strings.TrimSpace(string(m.Role)))
	m.JobTitle = strings.TrimSpace(m.JobTitle)
	m.TermStart = strings.TrimSpace(m.TermStart)
	m.TermEnd = strings.TrimSpace(m.TermEnd)
}

// InTerm reports whether date (2006-01-02) falls within the member's term.
// ISO dates compare correctly as text.
func (m Member) InTerm(date string) bool {
	return (m.TermStart == "" || m.TermStart <= date) && (m.TermEnd == "" || date <= m.TermEnd)
}

// EndedBy reports whether the member's term ended before today.
func (m Member) EndedBy(today string) bool { return m.TermEnd != "" && m.TermEnd < today }

// Votes reports whether the member may vote: observers never do.
func (m Member) Votes() bool { return m.Role != RoleObserver }

// Validate checks the fields; the store checks the organisation exists.
func (m *Member) Validate() *validation.Errors {
	var errs validation.Errors
	if errs.Required("person_name", m.PersonName, "the person's name") {
		errs.Line("person_name", m.PersonName, "Person's name", MaxNameLen)
	}
	errs.Line("job_title", m.JobTitle, "Job title", MaxNameLen)
	startOK := m.TermStart == "" || validDate(&errs, "term_start", m.TermStart, "the start of the term")
	endOK := m.TermEnd == "" || validDate(&errs, "term_end", m.TermEnd, "the end of the term")
	if startOK && endOK && m.TermStart != "" && m.TermEnd != "" && m.TermEnd < m.TermStart {
		errs.Add("term_end", "End of term must be on or after the start of term ("+m.TermStart+")")
	}
	if m.OrgID <= 0 {
		errs.Add("org_id", "Select the member's organisation")
	}
	if m.Role == "" {
		errs.Add("role", "Select the member's role")
	} else if !m.Role.Valid() {
		errs.Add("role", "Role must be chair, vice_chair, member or observer")
	}
	return orNil(&errs)
}

// Meeting is one meeting of a partnership's board.
type Meeting struct {
	ID            int64  `json:"id"`
	PartnershipID int64  `json:"partnership_id"`
	Date          string `json:"date"` // 2006-01-02
	Agenda        string `json:"agenda"`
	Minutes       string `json:"minutes"`
	// Attendance lists the IDs of board members present.
	Attendance []int64 `json:"attendance"`
	// CancelledOn is the day the meeting was called off ("" when it stands).
	// A cancelled meeting stays in the record; no decision is taken at it.
	CancelledOn string `json:"cancelled_on,omitempty"`
}

// Normalize trims spaces.
func (m *Meeting) Normalize() {
	m.Date = strings.TrimSpace(m.Date)
	m.CancelledOn = strings.TrimSpace(m.CancelledOn)
}

// Present reports whether member id attended.
func (m Meeting) Present(id int64) bool {
	for _, a := range m.Attendance {
		if a == id {
			return true
		}
	}
	return false
}

// Validate checks the fields; the store checks attendees are members of the
// same partnership.
func (m *Meeting) Validate() *validation.Errors {
	var errs validation.Errors
	validDate(&errs, "date", m.Date, "the meeting's date")
	errs.Text("agenda", m.Agenda, "Agenda", MaxTextLen, true)
	errs.Text("minutes", m.Minutes, "Minutes", MaxTextLen, true)
	if m.CancelledOn != "" {
		validDate(&errs, "cancelled_on", m.CancelledOn, "the date the meeting was cancelled")
	}
	seen := map[int64]bool{}
	for _, id := range m.Attendance {
		if id <= 0 || seen[id] {
			errs.Add("attendance", "Attendance must list each board member once")
			break
		}
		seen[id] = true
	}
	return orNil(&errs)
}

// Outcome says how a decision was reached.
type Outcome string

// Decision outcomes.
const (
	OutcomeConsensus Outcome = "consensus"
	OutcomeVote      Outcome = "vote"
)

// VoteChoice is one member's vote.
type VoteChoice string

// Vote choices.
const (
	VoteFor     VoteChoice = "for"
	VoteAgainst VoteChoice = "against"
	VoteAbstain VoteChoice = "abstain"
)

// Vote is one board member's vote on a decision.
type Vote struct {
	MemberID int64      `json:"member_id"`
	Choice   VoteChoice `json:"choice"`
}

// Paper is a document linked to a decision.
type Paper struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Decision is something a board decided.
type Decision struct {
	ID            int64  `json:"id"`
	PartnershipID int64  `json:"partnership_id"`
	MeetingID     int64  `json:"meeting_id,omitempty"` // 0: not tied to a meeting
	Text          string `json:"text"`
	// Date is the meeting's date when the decision was taken at a meeting
	// (see FollowMeeting); given only for a decision taken elsewhere.
	Date    string  `json:"date"` // 2006-01-02
	Outcome Outcome `json:"outcome"`
	Votes   []Vote  `json:"votes"` // empty when the outcome is consensus
	Papers  []Paper `json:"papers"`
	// RescindedOn is the day the decision was rescinded or superseded (""
	// while it stands). It stays in the record, shown as rescinded.
	RescindedOn string `json:"rescinded_on,omitempty"`
}

// Tally counts votes for, against and abstaining, exactly.
func (d *Decision) Tally() (forVotes, against, abstain int) {
	for _, v := range d.Votes {
		switch v.Choice {
		case VoteFor:
			forVotes++
		case VoteAgainst:
			against++
		case VoteAbstain:
			abstain++
		}
	}
	return
}

// Normalize trims spaces.
func (d *Decision) Normalize() {
	d.Text = strings.TrimSpace(d.Text)
	d.Date = strings.TrimSpace(d.Date)
	d.Outcome = Outcome(strings.TrimSpace(string(d.Outcome)))
	d.RescindedOn = strings.TrimSpace(d.RescindedOn)
	for i := range d.Papers {
		d.Papers[i].Title = strings.TrimSpace(d.Papers[i].Title)
		d.Papers[i].URL = strings.TrimSpace(d.Papers[i].URL)
	}
}

// Validate checks the fields; the store checks voters are members of the
// same partnership.
func (d *Decision) Validate() *validation.Errors {
	var errs validation.Errors
	if errs.Required("text", d.Text, "what was decided") {
		errs.Text("text", d.Text, "Decision text", MaxTextLen, true)
	}
	// A decision taken at a meeting takes the meeting's date.
	if d.MeetingID == 0 || d.Date != "" {
		validDate(&errs, "date", d.Date, "the decision's date")
	}
	if d.RescindedOn != "" && validDate(&errs, "rescinded_on", d.RescindedOn, "the date the decision was rescinded") &&
		d.Date != "" && d.RescindedOn < d.Date {
		errs.Add("rescinded_on", "A decision can only be rescinded on or after the day it was taken ("+d.Date+")")
	}
	switch d.Outcome {
	case "":
		errs.Add("outcome", "Select how the decision was reached")
	case OutcomeConsensus:
		if len(d.Votes) > 0 {
			errs.Add("votes", "A consensus decision has no votes")
		}
	case OutcomeVote:
		if len(d.Votes) == 0 {
			errs.Add("votes", "Record at least one member's vote")
		}
	default:
		errs.Add("outcome", "Outcome must be consensus or vote")
	}
	seen := map[int64]bool{}
	for i, v := range d.Votes {
		field := "votes[" + strconv.Itoa(i) + "]"
		if v.MemberID <= 0 || seen[v.MemberID] {
			errs.Add(field+".member_id", "Each vote must name a different board member")
		}
		seen[v.MemberID] = true
		if v.Choice != VoteFor && v.Choice != VoteAgainst && v.Choice != VoteAbstain {
			errs.Add(field+".choice", "Vote must be for, against or abstain")
		}
	}
	if len(d.Papers) > 50 {
		errs.Add("papers", "A decision can link at most 50 papers")
	}
	for i, p := range d.Papers {
		field := "papers[" + strconv.Itoa(i) + "]"
		if errs.Required(field+".title", p.Title, "the paper's title") {
			errs.Line(field+".title", p.Title, "Paper title", MaxTitleLen)
		}
		if !validURL(p.URL) {
			errs.Add(field+".url", "Paper link must be a full web address starting https:// or http://")
		}
	}
	return orNil(&errs)
}

// validDate records a problem unless value is a real date between 1900 and
// 2200, and reports whether it is.
func validDate(errs *validation.Errors, field, value, label string) bool {
	if !errs.Required(field, value, label) {
		return false
	}
	t, err := ParseDate(value)
	if err != nil {
		errs.Add(field, "Date must be a real date written as YYYY-MM-DD, like 2026-03-31")
		return false
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		errs.Add(field, "Date must be between 1900 and 2200")
		return false
	}
	return true
}

func validURL(s string) bool {
	if len(s) == 0 || len(s) > MaxURLLen {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func contains(ts []AreaType, t AreaType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

func joinTypes(ts []AreaType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, " or ")
}

// ---- Consistency of the board record ----
//
// These rules hold across members, meetings and decisions. The store runs
// them inside the write's transaction, with the partnership's rows locked,
// so two writes racing cannot break them; the pages use Voters and Agreed
// to offer and show the same answer.

// memberName names a member in a message ("member 7" when unknown).
func memberName(members []Member, id int64) string {
	for _, m := range members {
		if m.ID == id {
			return m.PersonName
		}
	}
	return "Member " + strconv.FormatInt(id, 10)
}

func findMember(members []Member, id int64) (Member, bool) {
	for _, m := range members {
		if m.ID == id {
			return m, true
		}
	}
	return Member{}, false
}

// CheckAttendance checks that everyone listed as present at mt is on the
// board and was in term on the meeting's date.
func CheckAttendance(mt Meeting, members []Member) *validation.Errors {
	var errs validation.Errors
	for _, id := range mt.Attendance {
		m, ok := findMember(members, id)
		switch {
		case !ok:
			errs.Add("attendance", fmt.Sprintf("Member %d is not on this partnership's board", id))
		case !m.InTerm(mt.Date):
			errs.Add("attendance", m.PersonName+" was not on the board on "+mt.Date+" (term "+termText(m)+")")
		}
		if len(errs.Fields) > 0 {
			break
		}
	}
	return orNil(&errs)
}

func termText(m Member) string {
	from, to := m.TermStart, m.TermEnd
	if from == "" {
		from = "open"
	}
	if to == "" {
		to = "open"
	}
	return from + " to " + to
}

// Voters lists, in board order, who may vote on a decision: at a meeting,
// the members present; elsewhere, the members in term on date. Observers
// never vote.
func Voters(members []Member, mt *Meeting, date string) []Member {
	var out []Member
	for _, m := range members {
		if !m.Votes() {
			continue
		}
		if mt != nil && mt.Present(m.ID) || mt == nil && (date == "" || m.InTerm(date)) {
			out = append(out, m)
		}
	}
	return out
}

// CheckDecisionMeeting checks a decision against the meeting it was taken
// at: not a cancelled meeting, and no date other than the meeting's.
// FollowMeeting then gives it the meeting's date.
func CheckDecisionMeeting(d Decision, mt Meeting) *validation.Errors {
	var errs validation.Errors
	if mt.CancelledOn != "" {
		errs.Add("meeting_id", "The meeting of "+mt.Date+" was cancelled: no decision was taken at it")
	}
	if d.Date != "" && d.Date != mt.Date {
		errs.Add("date", "A decision taken at a meeting has the meeting's date ("+mt.Date+"): leave the date out or give that date")
	}
	return orNil(&errs)
}

// FollowMeeting gives d the date of the meeting it was taken at.
func (d *Decision) FollowMeeting(mt Meeting) { d.Date = mt.Date }

// CheckVotes checks that every vote on d is by someone Voters offers a
// vote: on the board, not an observer, present at the meeting (or in term
// on the date of a decision taken elsewhere). mt is nil for a decision not
// taken at a meeting.
func CheckVotes(d Decision, members []Member, mt *Meeting) *validation.Errors {
	var errs validation.Errors
	allowed := map[int64]bool{}
	for _, m := range Voters(members, mt, d.Date) {
		allowed[m.ID] = true
	}
	for i, v := range d.Votes {
		if allowed[v.MemberID] {
			continue
		}
		field := "votes[" + strconv.Itoa(i) + "].member_id"
		m, ok := findMember(members, v.MemberID)
		switch {
		case !ok:
			errs.Add(field, fmt.Sprintf("Member %d is not on this partnership's board", v.MemberID))
		case !m.Votes():
			errs.Add(field, m.PersonName+" is an observer: observers do not vote")
		case mt != nil:
			errs.Add(field, m.PersonName+" was not present at the meeting of "+mt.Date+", so cannot vote on a decision taken at it")
		default:
			errs.Add(field, m.PersonName+" was not on the board on "+d.Date+" (term "+termText(m)+")")
		}
	}
	return orNil(&errs)
}

// Agreed lists who agreed to d, in board order: those voting for it, or,
// for a consensus reached at a meeting, the voting members present.
// Observers are never counted as agreeing.
func Agreed(d Decision, members []Member, mt *Meeting) []Member {
	var out []Member
	switch d.Outcome {
	case OutcomeVote:
		for _, m := range members {
			for _, v := range d.Votes {
				if v.MemberID == m.ID && v.Choice == VoteFor && m.Votes() {
					out = append(out, m)
				}
			}
		}
	case OutcomeConsensus:
		if mt != nil {
			out = Voters(members, mt, "")
		}
	}
	return out
}

// CheckMemberRecord checks a change to member m against the record it
// already has: its term must cover every meeting it attended, and a member
// who has voted cannot become an observer.
func CheckMemberRecord(m Member, attended []Meeting, votedOn []Decision) *validation.Errors {
	var errs validation.Errors
	for _, mt := range attended {
		if !m.InTerm(mt.Date) {
			field := "term_end"
			if m.TermStart != "" && mt.Date < m.TermStart {
				field = "term_start"
			}
			errs.Add(field, m.PersonName+" attended the meeting of "+mt.Date+", so their term must include that date")
			break
		}
	}
	if !m.Votes() && len(votedOn) > 0 {
		errs.Add("role", m.PersonName+" voted on the decision of "+votedOn[0].Date+": observers do not vote, so they cannot become one")
	}
	return orNil(&errs)
}

// CheckMeetingRecord checks a change to meeting mt against the decisions
// taken at it: a meeting with decisions cannot be cancelled, and everyone
// who voted on one of them must stay listed as present.
func CheckMeetingRecord(mt Meeting, members []Member, decisions []Decision) *validation.Errors {
	var errs validation.Errors
	if mt.CancelledOn != "" && len(decisions) > 0 {
		errs.Add("cancelled_on", "Decisions were taken at this meeting, so it cannot be cancelled")
	}
	for _, d := range decisions {
		for _, v := range d.Votes {
			if !mt.Present(v.MemberID) {
				errs.Add("attendance", memberName(members, v.MemberID)+" voted on a decision taken at this meeting, so must be listed as present")
				return orNil(&errs)
			}
		}
	}
	return orNil(&errs)
}
