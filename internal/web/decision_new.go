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
func (w *Web) decisionNewForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.RecordDecisions, id); !ok {
		return
	}
	w.renderDecisionForm(rw, r, http.StatusOK, id, newForm())
}

func (w *Web) renderDecisionForm(rw http.ResponseWriter, r *http.Request, status int, id int64, f *Form) {
	order := []string{"text", "date", "meeting_id", "outcome", "votes"}
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
	v := decisionFormView{P: d.P, HasMembers: len(d.Members) > 0}
	for _, m := range d.Members {
		v.Voters = append(v.Voters, voterField{Field: "vote_" + strconv.FormatInt(m.ID, 10), Label: m.PersonName + " (" + m.Org.Name + ")"})
	}
	v.MeetingOptions = []Option{{Value: "", Label: "Not taken at a recorded meeting"}}
	for _, m := range d.Meetings {
		v.MeetingOptions = append(v.MeetingOptions, Option{Value: strconv.FormatInt(m.ID, 10), Label: dateLong(m.Date)})
	}
	for i := 1; i <= paperRows; i++ {
		v.Papers = append(v.Papers, i)
	}
	w.render(rw, r, status, "decision-new", &Page{
		Title: "Record a decision", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: d.P.Name, Href: "/partnerships/" + formatIntPlain(id)}},
		Data:        v,
	})
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
	d := places.Decision{
		PartnershipID: id,
		Text:          f.Values.Get("text"),
		Date:          f.DateValue("date", "Date of the decision"),
		Outcome:       places.Outcome(f.Get("outcome")),
	}
	d.MeetingID = parseID(f, "meeting_id", "Choose a meeting from the list")
	// Domain field names refer to positions in Votes and Papers; rename
	// maps them back to the form's fields.
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
	if !f.Valid() {
		w.renderDecisionForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	_, err = w.store.CreateDecision(ctx, pr.Actor(), d)
	if applyDomainError(f, err, rename) {
		w.renderDecisionForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if isNotFound(err) {
		f.AddError("meeting_id", "Choose a meeting of this partnership")
		w.renderDecisionForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(id)+"?done=decision#decisions", http.StatusSeeOther)
}
