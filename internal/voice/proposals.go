package voice

import (
	"errors"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// Proposals (issue 13 item 4): residents and organisations propose ideas
// during a process's proposals phase; others comment in threads and
// support them once each; staff give an official answer; moderators hide
// content with a reason and block accounts from posting.
//
// Nothing here knows HTTP or SQL: the web pages and the API read forms and
// JSON into these types, call Validate, and hand them to the store.

// Limits on what a proposal and a comment hold.
const (
	MaxProposalTitle       = 150
	MaxProposalDescription = 5000
	MaxCommentBody         = 2000
	MaxModerationReason    = 1000
)

// Category is what a proposal is about.
type Category string

// Categories, in the order forms offer them.
const (
	CategoryHealth      Category = "health"
	CategoryCare        Category = "care"
	CategoryHousing     Category = "housing"
	CategoryTransport   Category = "transport"
	CategoryEnvironment Category = "environment"
	CategoryYoungPeople Category = "young_people"
	CategoryOlderPeople Category = "older_people"
	CategoryCommunity   Category = "community"
	CategoryOther       Category = "other"
)

// Categories lists every category with its label.
var Categories = []struct {
	Value Category
	Label string
}{
	{CategoryHealth, "Health and wellbeing"},
	{CategoryCare, "Care and support"},
	{CategoryHousing, "Housing"},
	{CategoryTransport, "Transport and getting about"},
	{CategoryEnvironment, "Green spaces and environment"},
	{CategoryYoungPeople, "Children and young people"},
	{CategoryOlderPeople, "Older people"},
	{CategoryCommunity, "Community and culture"},
	{CategoryOther, "Something else"},
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	for _, k := range Categories {
		if k.Value == c {
			return true
		}
	}
	return false
}

// Label is the category's name as pages show it.
func (c Category) Label() string {
	for _, k := range Categories {
		if k.Value == c {
			return k.Label
		}
	}
	return string(c)
}

// AnswerState is the staff's official answer to a proposal.
type AnswerState string

// Answer states. A proposal starts unanswered ("").
const (
	AnswerNone       AnswerState = ""
	AnswerEvaluating AnswerState = "evaluating"
	AnswerAccepted   AnswerState = "accepted"
	AnswerRejected   AnswerState = "rejected"
)

// AnswerStates lists the answers staff can give, with labels.
var AnswerStates = []struct {
	Value AnswerState
	Label string
}{
	{AnswerEvaluating, "Being evaluated"},
	{AnswerAccepted, "Accepted"},
	{AnswerRejected, "Rejected"},
}

// Label is the answer as pages show it ("Not answered yet" for none).
func (a AnswerState) Label() string {
	for _, k := range AnswerStates {
		if k.Value == a {
			return k.Label
		}
	}
	return "Not answered yet"
}

// Valid reports whether a is an answer staff can give.
func (a AnswerState) Valid() bool {
	for _, k := range AnswerStates {
		if k.Value == a {
			return true
		}
	}
	return false
}

// HiddenPrefix starts what pages and the API show in place of hidden
// content, followed by the moderators' reason.
const HiddenPrefix = "Hidden by moderators: "

// Proposal is an idea put forward in a process. AuthorID is never shown
// publicly: pages and the API show AuthorName, the display name the
// author chose for their account (or "Deleted account").
type Proposal struct {
	ID               int64
	ProcessID        int64
	PartnershipID    int64
	AuthorID         int64
	AuthorName       string
	OrganisationID   int64 // 0 when the author proposes for themselves
	OrganisationName string
	Title            string
	Description      string
	AreaCode         string
	AreaName         string
	Category         Category
	Answer           AnswerState
	AnswerText       string
	AnsweredAt       string
	Hidden           bool
	HiddenReason     string
	Supports         int
	Comments         int
	CreatedAt        string
}

// Public is p as everyone may see it: a hidden proposal keeps only the
// moderators' reason in place of its title and description.
func (p Proposal) Public() Proposal {
	if p.Hidden {
		p.Title = HiddenPrefix + p.HiddenReason
		p.Description = ""
		p.AuthorName = ""
		p.OrganisationName = ""
		p.OrganisationID = 0
	}
	return p
}

// NewProposal is what a person submits.
type NewProposal struct {
	ProcessID      int64
	OrganisationID int64
	Title          string
	Description    string
	AreaCode       string
	Category       Category
}

// Normalize trims the text fields.
func (p *NewProposal) Normalize() {
	p.Title = strings.TrimSpace(p.Title)
	p.Description = strings.TrimSpace(p.Description)
	p.AreaCode = strings.ToUpper(strings.TrimSpace(p.AreaCode))
	p.Category = Category(strings.TrimSpace(string(p.Category)))
}

// Validate checks the proposal's own fields (whether the area is one the
// process covers is the store's check), naming each field: title,
// description, area_code, category.
func (p NewProposal) Validate() error {
	var errs validation.Errors
	if errs.Required("title", p.Title, "a title for your proposal") {
		errs.Line("title", p.Title, "Title", MaxProposalTitle)
	}
	if errs.Required("description", p.Description, "a description of your proposal") {
		errs.Text("description", p.Description, "Description", MaxProposalDescription, true)
	}
	if p.AreaCode == "" {
		errs.Add("area_code", "Choose the area your proposal is for")
	} else {
		errs.Line("area_code", p.AreaCode, "Area", 20)
	}
	if p.Category == "" {
		errs.Add("category", "Choose a category")
	} else if !p.Category.Valid() {
		errs.Add("category", "Choose a category from the list")
	}
	return errs.Err()
}

// Comment is one comment on a proposal; ParentID is the comment it replies
// to (0 for a comment on the proposal itself).
type Comment struct {
	ID           int64
	ProposalID   int64
	ParentID     int64
	AuthorID     int64
	AuthorName   string
	Body         string
	Hidden       bool
	HiddenReason string
	CreatedAt    string
	Replies      []Comment
}

// Public is c as everyone may see it: a hidden comment keeps only the
// moderators' reason, and its replies are made public too.
func (c Comment) Public() Comment {
	if c.Hidden {
		c.Body = HiddenPrefix + c.HiddenReason
		c.AuthorName = ""
	}
	if c.Replies != nil {
		r := make([]Comment, len(c.Replies))
		for i, x := range c.Replies {
			r[i] = x.Public()
		}
		c.Replies = r
	}
	return c
}

// NewComment is what a person submits.
type NewComment struct {
	ProposalID int64
	ParentID   int64
	Body       string
}

// Normalize trims the body.
func (c *NewComment) Normalize() { c.Body = strings.TrimSpace(c.Body) }

// Validate checks the comment's body (field body).
func (c NewComment) Validate() error {
	var errs validation.Errors
	if errs.Required("body", c.Body, "your comment") {
		errs.Text("body", c.Body, "Comment", MaxCommentBody, true)
	}
	if c.ParentID < 0 {
		errs.Add("parent_id", "Reply to a comment on this proposal")
	}
	return errs.Err()
}

// Thread arranges comments (in the order given, oldest first) into
// threads: each top-level comment with its replies, at any depth. A reply
// whose parent is missing is shown at the top level rather than lost.
func Thread(comments []Comment) []Comment {
	children := map[int64][]int{}
	byID := map[int64]bool{}
	for _, c := range comments {
		byID[c.ID] = true
	}
	var roots []int
	for i, c := range comments {
		if c.ParentID != 0 && byID[c.ParentID] && c.ParentID != c.ID {
			children[c.ParentID] = append(children[c.ParentID], i)
		} else {
			roots = append(roots, i)
		}
	}
	seen := map[int64]bool{}
	var build func(i int) Comment
	build = func(i int) Comment {
		c := comments[i]
		seen[c.ID] = true
		c.Replies = nil
		for _, j := range children[c.ID] {
			if !seen[comments[j].ID] {
				c.Replies = append(c.Replies, build(j))
			}
		}
		return c
	}
	out := make([]Comment, 0, len(roots))
	for _, i := range roots {
		out = append(out, build(i))
	}
	// Replies caught in a loop of parents (which the store cannot make,
	// but a hand-edited database could) are shown at the top level too.
	for i, c := range comments {
		if !seen[c.ID] {
			out = append(out, build(i))
		}
	}
	return out
}

// OfficialAnswer is the staff's official answer: State, and Text, which a
// rejection must give as its reason.
type OfficialAnswer struct {
	State AnswerState
	Text  string
}

// Normalize trims the text.
func (a *OfficialAnswer) Normalize() {
	a.State = AnswerState(strings.TrimSpace(string(a.State)))
	a.Text = strings.TrimSpace(a.Text)
}

// Validate checks the answer (fields state and text).
func (a OfficialAnswer) Validate() error {
	var errs validation.Errors
	if a.State == AnswerNone {
		errs.Add("state", "Choose an answer")
	} else if !a.State.Valid() {
		errs.Add("state", "Choose an answer from the list")
	}
	if a.State == AnswerRejected && a.Text == "" {
		errs.Add("text", "Enter the reason the proposal is rejected")
	} else {
		errs.Text("text", a.Text, "Answer", MaxProposalDescription, true)
	}
	return errs.Err()
}

// Reason checks a moderator's or flagger's reason (field reason), which
// required says must be given.
func Reason(reason string, required bool) error {
	var errs validation.Errors
	reason = strings.TrimSpace(reason)
	if reason == "" {
		if required {
			errs.Add("reason", "Enter the reason")
		}
		return errs.Err()
	}
	errs.Text("reason", reason, "Reason", MaxModerationReason, true)
	return errs.Err()
}

// ProposalFilter narrows a list of proposals. Empty fields match all.
type ProposalFilter struct {
	ProcessID int64
	Category  Category
	AreaCode  string
	Answer    string // an AnswerState, or "none" for unanswered
	Query     string
	// IncludeHidden lists hidden proposals too (moderators); they are
	// redacted by the door for everyone else anyway.
	IncludeHidden bool
	Limit         int
	Offset        int
}

// Validate checks the filter's values (fields category, answer, q).
func (f ProposalFilter) Validate() error {
	var errs validation.Errors
	if f.Category != "" && !f.Category.Valid() {
		errs.Add("category", "Choose a category from the list")
	}
	if f.Answer != "" && f.Answer != "none" && !AnswerState(f.Answer).Valid() {
		errs.Add("answer", "Choose an answer from the list")
	}
	errs.Line("q", f.Query, "Search", 200)
	if f.Offset < 0 {
		errs.Add("offset", "Offset must be 0 or more")
	}
	return errs.Err()
}

// ProposalNotice is the e-mail an author gets when their proposal is
// answered. It holds no other person's data.
func ProposalNotice(to string, p Proposal, link string) Notice {
	body := "Your proposal \"" + p.Title + "\" has an official answer: " + p.Answer.Label() + "."
	if p.AnswerText != "" {
		body += "\n\n" + p.AnswerText
	}
	if link != "" {
		body += "\n\nRead it here: " + link
	}
	return Notice{To: to, Subject: "Your proposal has an answer: " + p.Answer.Label(), Body: body + "\n"}
}

// ProposalProcess is what proposals need to know of the engagement process
// they belong to: its partnership, its area, and whether its proposals
// phase is open today.
type ProposalProcess struct {
	ID            int64
	PartnershipID int64
	AreaCode      string
	Title         string
	ProposalsOpen bool
	// Starts and Ends are the proposals phase's dates ("" without one).
	Starts, Ends string
}

// ProposalProcessOn is what proposals need of p on day (DateLayout): its
// proposals phase is open from its start to its end, both inclusive.
func ProposalProcessOn(p Process, day string) ProposalProcess {
	out := ProposalProcess{ID: p.ID, PartnershipID: p.PartnershipID, AreaCode: p.AreaCode, Title: p.Title}
	if ph, ok := p.Phase(PhaseProposals); ok {
		out.Starts, out.Ends = ph.Starts, ph.Ends
		out.ProposalsOpen = ph.Starts <= day && day <= ph.Ends
	}
	return out
}

// Errors from posting, testable with errors.Is.
var (
	// ErrProposalsClosed: the process is not in its proposals phase.
	ErrProposalsClosed = errors.New("this process is not taking proposals now")
	// ErrBlocked: the partnership's moderators blocked the account from
	// posting.
	ErrBlocked = errors.New("your account has been blocked from posting here by the moderators")
	// ErrEmailNotConfirmed: the account has not confirmed its e-mail
	// address, which posting needs.
	ErrEmailNotConfirmed = errors.New("confirm your email address before you post")
	// ErrHidden: the proposal is hidden by moderators and takes no more
	// comments, supports or flags.
	ErrHidden = errors.New("this proposal is hidden by the moderators")
)
