package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

// paperRows is how many paper links the decision form offers.
const paperRows = 3

type decisionFormView struct {
	P              places.Partnership
	Voters         []voterField
	MeetingOptions []Option
	Papers         []int
	HasMembers     bool
	// AtMeeting is the meeting the votes are offered for, when known.
	AtMeeting *places.Meeting
	// Action, Heading and Button tell the record form from the edit form.
	Action, Heading, Button string
}

// voterField names one member's vote radios.
type voterField struct {
	Field string // vote_<member id>
	Label string
}

// OutcomeOptions are how a decision can be reached.
func (decisionFormView) OutcomeOptions() []Option {
	return []Option{
		{Value: string(places.OutcomeConsensus), Label: "By consensus", Hint: "Members agreed without a vote"},
		{Value: string(places.OutcomeVote), Label: "By a vote", Hint: "Record each member's vote below"},
	}
}

// VoteOptions are the choices for each member.
func (decisionFormView) VoteOptions() []Option {
	return []Option{
		{Value: "", Label: "Did not vote"},
		{Value: string(places.VoteFor), Label: "For"},
		{Value: string(places.VoteAgainst), Label: "Against"},
		{Value: string(places.VoteAbstain), Label: "Abstained"},
	}
}

// PaperTitle and PaperURL name the fields of paper row n (from 1).
func (decisionFormView) PaperTitle(n int) string { return "paper_title_" + strconv.Itoa(n) }
func (decisionFormView) PaperURL(n int) string   { return "paper_url_" + strconv.Itoa(n) }

// decisionNewForm asks what was decided, when, how and each member's vote.
// ?meeting=ID (from a meeting's page) picks the meeting, so only the voting
// members present at it are offered a vote.
func (w *Web) decisionNewForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.RecordDecisions, id); !ok {
		return
	}
	f := newForm()
	if m := r.URL.Query().Get("meeting"); m != "" {
		f.Values.Set("meeting_id", m)
	}
	w.renderDecisionForm(rw, r, http.StatusOK, id, 0, f)
}

// renderDecisionForm shows the record form (decisionID 0) or the edit form.
func (w *Web) renderDecisionForm(rw http.ResponseWriter, r *http.Request, status int, id, decisionID int64, f *Form) {
	order := []string{"text", "meeting_id", "date", "outcome", "votes"}
	for _, e := range f.Errors {
		if strings.HasPrefix(e.Field, "vote_") {
			order = append(order, e.Field)
		}
	}
	for n := 1; n <= paperRows; n++ {
		order = append(order, "paper_title_"+strconv.Itoa(n), "paper_url_"+strconv.Itoa(n))
	}
	f.OrderErrors(order...)
	d, err := w.loadPartnership(r.Context(), r, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := decisionFormView{P: d.P, HasMembers: len(d.Members) > 0, Action: "/partnerships/" + formatIntPlain(id) + "/decisions/new",
		Heading: "Record a decision", Button: "Record decision"}
	if decisionID != 0 {
		v.Action = "/partnerships/" + formatIntPlain(id) + "/decisions/" + formatIntPlain(decisionID) + "/edit"
		v.Heading, v.Button = "Change a decision", "Save changes"
	}
	members := make([]places.Member, len(d.Members))
	for i, s := range d.Members {
		members[i] = s.Member
	}
	meetingID, _ := strconv.ParseInt(f.Get("meeting_id"), 10, 64)
	for i := range d.Meetings {
		if d.Meetings[i].ID == meetingID {
			v.AtMeeting = &d.Meetings[i]
		}
	}
	// Offered a vote: the voting members present at the meeting (all voting
	// members while no meeting is chosen), plus anyone whose vote the form
	// already reports a problem with, so the error summary's link lands.
	offered := map[int64]bool{}
	for _, m := range places.Voters(members, v.AtMeeting, "") {
		offered[m.ID] = true
	}
	for _, s := range d.Members {
		field := "vote_" + strconv.FormatInt(s.ID, 10)
		if offered[s.ID] || f.ErrorFor(field) != "" {
			v.Voters = append(v.Voters, voterField{Field: field, Label: s.PersonName + " (" + s.Org.Name + ")"})
		}
	}
	v.MeetingOptions = []Option{{Value: "", Label: "Not taken at a recorded meeting"}}
	for _, m := range d.Meetings {
		label := dateLong(m.Date)
		if m.CancelledOn != "" {
			label += " (cancelled)"
		}
		v.MeetingOptions = append(v.MeetingOptions, Option{Value: strconv.FormatInt(m.ID, 10), Label: label})
	}
	for i := 1; i <= paperRows; i++ {
		v.Papers = append(v.Papers, i)
	}
	w.render(rw, r, status, "decision-new", &Page{
		Title: v.Heading, Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: d.P.Name, Href: "/partnerships/" + formatIntPlain(id)}},
		Data:        v,
	})
}

// readDecision reads the decision form into d, with a vote for each of
// members, recording problems on f. It returns the map from the domain's
// field names (positions in Votes and Papers) to the form's.
func readDecision(f *Form, d *places.Decision, members []places.Member) map[string]string {
	d.Text, d.Outcome = f.Values.Get("text"), places.Outcome(f.Get("outcome"))
	d.MeetingID = parseID(f, "meeting_id", "Choose a meeting from the list")
	// A decision taken at a meeting has the meeting's date: the date boxes
	// are read only for one taken elsewhere.
	d.Date = ""
	if d.MeetingID == 0 {
		d.Date = f.DateValue("date", "Date of the decision")
	}
	d.Votes, d.Papers = nil, nil
	rename := map[string]string{"votes": "votes", "meeting_id": "meeting_id"}
	for _, m := range members {
		field := "vote_" + strconv.FormatInt(m.ID, 10)
		choice := places.VoteChoice(f.Get(field))
		if choice == "" {
			continue
		}
		i := strconv.Itoa(len(d.Votes))
		rename["votes["+i+"].choice"] = field
		rename["votes["+i+"].member_id"] = field
		d.Votes = append(d.Votes, places.Vote{MemberID: m.ID, Choice: choice})
	}
	for n := 1; n <= paperRows; n++ {
		title, link := f.Get("paper_title_"+strconv.Itoa(n)), f.Get("paper_url_"+strconv.Itoa(n))
		if title == "" && link == "" {
			continue
		}
		i := strconv.Itoa(len(d.Papers))
		rename["papers["+i+"].title"] = "paper_title_" + strconv.Itoa(n)
		rename["papers["+i+"].url"] = "paper_url_" + strconv.Itoa(n)
		d.Papers = append(d.Papers, places.Paper{Title: title, URL: link})
	}
	d.Normalize()
	if verr := d.Validate(); verr != nil {
		applyDomainError(f, verr, rename)
	}
	if f.ErrorFor("date") != "" && !strings.HasPrefix(f.ErrorFor("date"), "Date of") {
		reword(f, "date", "Date of the decision")
	}
	return rename
}

// decisionCreate records the decision with its votes and papers, or shows
// the form again naming each problem.
func (w *Web) decisionCreate(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.allow(rw, r, auth.RecordDecisions, id)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	ctx := r.Context()
	members, err := w.store.ListMembers(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	d := places.Decision{PartnershipID: id}
	rename := readDecision(f, &d, members)
	if !f.Valid() {
		w.renderDecisionForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	_, err = w.store.CreateDecision(ctx, pr.Actor(), d)
	if applyDomainError(f, err, rename) {
		w.renderDecisionForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	if isNotFound(err) {
		f.AddError("meeting_id", "Choose a meeting of this partnership")
		w.renderDecisionForm(rw, r, http.StatusUnprocessableEntity, id, 0, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(id)+"?done=decision#decisions", http.StatusSeeOther)
}
