package places

import (
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
}

// Normalize trims spaces and upper-cases the area code.
func (p *Partnership) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.Kind = PartnershipKind(strings.TrimSpace(string(p.Kind)))
	p.AreaCode = strings.ToUpper(strings.TrimSpace(p.AreaCode))
	p.AreaType = AreaType(strings.TrimSpace(string(p.AreaType)))
}

// Validate checks the fields; the store checks the area and lead
// organisation exist and that the area's type suits the kind.
func (p *Partnership) Validate() *validation.Errors {
	var errs validation.Errors
	if errs.Required("name", p.Name, "the partnership's name") {
		errs.MaxLen("name", p.Name, "Name", MaxNameLen)
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
	Statutory bool `json:"statutory"`
}

// Normalize trims spaces.
func (m *Member) Normalize() {
	m.PersonName = strings.TrimSpace(m.PersonName)
	m.Role = MemberRole(strings.TrimSpace(string(m.Role)))
}

// Validate checks the fields; the store checks the organisation exists.
func (m *Member) Validate() *validation.Errors {
	var errs validation.Errors
	if errs.Required("person_name", m.PersonName, "the person's name") {
		errs.MaxLen("person_name", m.PersonName, "Person's name", MaxNameLen)
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
}

// Normalize trims spaces.
func (m *Meeting) Normalize() {
	m.Date = strings.TrimSpace(m.Date)
}

// Validate checks the fields; the store checks attendees are members of the
// same partnership.
func (m *Meeting) Validate() *validation.Errors {
	var errs validation.Errors
	validDate(&errs, "date", m.Date, "the meeting's date")
	errs.MaxLen("agenda", m.Agenda, "Agenda", MaxTextLen)
	errs.MaxLen("minutes", m.Minutes, "Minutes", MaxTextLen)
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
	ID            int64   `json:"id"`
	PartnershipID int64   `json:"partnership_id"`
	MeetingID     int64   `json:"meeting_id,omitempty"` // 0: not tied to a meeting
	Text          string  `json:"text"`
	Date          string  `json:"date"` // 2006-01-02
	Outcome       Outcome `json:"outcome"`
	Votes         []Vote  `json:"votes"` // empty when the outcome is consensus
	Papers        []Paper `json:"papers"`
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
		errs.MaxLen("text", d.Text, "Decision text", MaxTextLen)
	}
	validDate(&errs, "date", d.Date, "the decision's date")
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
			errs.MaxLen(field+".title", p.Title, "Paper title", MaxTitleLen)
		}
		if !validURL(p.URL) {
			errs.Add(field+".url", "Paper link must be a full web address starting https:// or http://")
		}
	}
	return orNil(&errs)
}

func validDate(errs *validation.Errors, field, value, label string) {
	if !errs.Required(field, value, label) {
		return
	}
	t, err := ParseDate(value)
	if err != nil {
		errs.Add(field, "Date must be a real date written as YYYY-MM-DD, like 2026-03-31")
		return
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		errs.Add(field, "Date must be between 1900 and 2200")
	}
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
