package voice

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// QuestionKind is the kind of answer a question takes.
type QuestionKind string

// The question kinds (Decidim forms).
const (
	QuestionSingle   QuestionKind = "single"   // one of the choices
	QuestionMultiple QuestionKind = "multiple" // any of the choices
	QuestionScale    QuestionKind = "scale"    // 1 to 5
	QuestionRanking  QuestionKind = "ranking"  // every choice, in order
	QuestionText     QuestionKind = "text"     // free text
)

// QuestionKinds lists the kinds.
var QuestionKinds = []QuestionKind{QuestionSingle, QuestionMultiple, QuestionScale, QuestionRanking, QuestionText}

// ScaleLabels are the points of a scale question, 1 to 5.
var ScaleLabels = []string{"1 - strongly disagree", "2 - disagree", "3 - neither agree nor disagree", "4 - agree", "5 - strongly agree"}

// Limits on consultation text.
const (
	MaxQuestionText = 500
	MaxChoice       = 200
	MaxChoices      = 20
	MaxQuestions    = 60
	MaxDocuments    = 20
	MaxAnswerText   = 5000
	// MinDays is the shortest a consultation may run (opening and
	// closing days included) without a recorded reason.
	MinDays = 28
	// OnePerPageFrom is the number of questions from which a survey is
	// shown one question per page even when not asked to be.
	OnePerPageFrom = 8
)

// Condition shows a question only when an earlier question (by its
// 1-based position) was answered with one choice (0-based index).
type Condition struct {
	Position int `json:"position"`
	Choice   int `json:"choice"`
}

// Question is one question of a consultation.
type Question struct {
	ID       int64        `json:"id"`
	Position int          `json:"position"` // 1-based
	Kind     QuestionKind `json:"kind"`
	Text     string       `json:"text"`
	Hint     string       `json:"hint"`
	Required bool         `json:"required"`
	Choices  []string     `json:"choices"`
	ShowIf   *Condition   `json:"show_if,omitempty"`
}

// Field is the form field (and error field) of the question: q<ID>.
func (q Question) Field() string { return "q" + strconv.FormatInt(q.ID, 10) }

// Options are the choices a person picks from: the question's own, or the
// scale's five points.
func (q Question) Options() []string {
	if q.Kind == QuestionScale {
		return ScaleLabels
	}
	return q.Choices
}

// Document is a consultation document, published as a link (Gunning 2).
type Document struct {
	Title  string `json:"title"`
	URL    string `json:"url"`
	Format string `json:"format"` // "PDF, 12 pages", "Easy read"
}

// Consultation is a survey published within a process, with what people
// need to respond (the Gunning principles): its documents, the options
// under consideration, and its dates.
type Consultation struct {
	ID        int64  `json:"id"`
	ProcessID int64  `json:"process_id"`
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	// Options describes the options under consideration (Gunning 1 and 2).
	Options        string `json:"options"`
	Opens          string `json:"opens"`  // DateLayout, inclusive
	Closes         string `json:"closes"` // DateLayout, inclusive
	Published      bool   `json:"published"`
	AllowAnonymous bool   `json:"allow_anonymous"`
	OnePerPage     bool   `json:"one_per_page"`
	Fictional      bool   `json:"fictional"` // demo data
	// ShortReason says why the consultation runs for less than
	// MinDays (Gunning 3: adequate time); required then.
	ShortReason string     `json:"short_reason,omitempty"`
	Documents   []Document `json:"documents"`
	Questions   []Question `json:"questions"`
	CreatedAt   string     `json:"created_at"`
	UpdatedAt   string     `json:"updated_at"`
}

// Normalize trims text and numbers the questions in order.
func (c *Consultation) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	c.Summary = strings.TrimSpace(c.Summary)
	c.Options = strings.TrimSpace(c.Options)
	c.Opens = strings.TrimSpace(c.Opens)
	c.Closes = strings.TrimSpace(c.Closes)
	c.ShortReason = strings.TrimSpace(c.ShortReason)
	for i := range c.Documents {
		d := &c.Documents[i]
		d.Title, d.URL, d.Format = strings.TrimSpace(d.Title), strings.TrimSpace(d.URL), strings.TrimSpace(d.Format)
	}
	for i := range c.Questions {
		q := &c.Questions[i]
		q.Position = i + 1
		q.Kind = QuestionKind(strings.ToLower(strings.TrimSpace(string(q.Kind))))
		q.Text, q.Hint = strings.TrimSpace(q.Text), strings.TrimSpace(q.Hint)
		for j := range q.Choices {
			q.Choices[j] = strings.TrimSpace(q.Choices[j])
		}
		if q.Kind == QuestionScale || q.Kind == QuestionText {
			q.Choices = nil
		}
	}
}

// Validate checks a consultation (call Normalize first). Fields are named
// as the form and JSON name them: title, closes, documents[0].url,
// questions[2].choices, questions[3].show_if.
func (c *Consultation) Validate() error {
	var errs validation.Errors
	if errs.Required("title", c.Title, "a title") {
		errs.Line("title", c.Title, "Title", MaxTitle)
	}
	errs.Text("summary", c.Summary, "Summary", MaxSummary, true)
	errs.Text("options", c.Options, "Options", MaxSummary, true)
	if c.ProcessID <= 0 {
		errs.Add("process_id", "Choose a process")
	}
	opens, err1 := ParseDate(c.Opens)
	if err1 != nil {
		errs.Add("opens", "Opening date must be a real date, like 2026-12-03")
	}
	closes, err2 := ParseDate(c.Closes)
	if err2 != nil {
		errs.Add("closes", "Closing date must be a real date, like 2026-12-31")
	}
	if err1 == nil && err2 == nil && closes.Before(opens) {
		errs.Add("closes", "Closing date must be the same as or after the opening date")
	} else if err1 == nil && err2 == nil && c.Days() < MinDays && c.ShortReason == "" {
		errs.Add("short_reason", "The consultation runs "+strconv.Itoa(c.Days())+" days: say why it is shorter than "+strconv.Itoa(MinDays)+" days")
	}
	errs.Text("short_reason", c.ShortReason, "Reason", MaxSummary, true)
	if len(c.Documents) > MaxDocuments {
		errs.Add("documents", "Attach "+strconv.Itoa(MaxDocuments)+" documents or fewer")
	}
	for i, d := range c.Documents {
		f := "documents[" + strconv.Itoa(i) + "]"
		if errs.Required(f+".title", d.Title, "the document's title") {
			errs.Line(f+".title", d.Title, "Document title", MaxTitle)
		}
		if u, err := url.Parse(d.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs.Add(f+".url", "Document link must be a web address starting https://")
		}
		errs.Line(f+".format", d.Format, "Document format", MaxTitle)
	}
	if len(c.Questions) > MaxQuestions {
		errs.Add("questions", "Ask "+strconv.Itoa(MaxQuestions)+" questions or fewer")
	}
	for i, q := range c.Questions {
		f := "questions[" + strconv.Itoa(i) + "]"
		if !slices.Contains(QuestionKinds, q.Kind) {
			errs.Add(f+".kind", "Choose a question type: single, multiple, scale, ranking or text")
		}
		if errs.Required(f+".text", q.Text, "the question") {
			errs.Text(f+".text", q.Text, "Question", MaxQuestionText, true)
		}
		errs.Text(f+".hint", q.Hint, "Hint", MaxQuestionText, true)
		switch q.Kind {
		case QuestionSingle, QuestionMultiple, QuestionRanking:
			if len(q.Choices) < 2 || len(q.Choices) > MaxChoices {
				errs.Add(f+".choices", "Give between 2 and "+strconv.Itoa(MaxChoices)+" choices")
			}
			seen := map[string]bool{}
			for _, ch := range q.Choices {
				if ch == "" {
					errs.Add(f+".choices", "Choices cannot be blank")
					break
				}
				if !errs.Line(f+".choices", ch, "Choice", MaxChoice) {
					break
				}
				if seen[ch] {
					errs.Add(f+".choices", "Choice "+strconv.Quote(ch)+" is given twice")
					break
				}
				seen[ch] = true
			}
		}
		if q.ShowIf != nil {
			j := q.ShowIf.Position - 1
			switch {
			case j < 0 || j >= i:
				errs.Add(f+".show_if", "A question can only depend on an earlier question")
			case c.Questions[j].Kind != QuestionSingle && c.Questions[j].Kind != QuestionMultiple:
				errs.Add(f+".show_if", "A question can only depend on a single or multiple choice question")
			case q.ShowIf.Choice < 0 || q.ShowIf.Choice >= len(c.Questions[j].Choices):
				errs.Add(f+".show_if", "Choose one of the earlier question's choices")
			}
		}
	}
	return errs.Err()
}

// Days is how many days the consultation runs, opening and closing days
// included (0 when its dates are not real dates).
func (c Consultation) Days() int {
	opens, err1 := ParseDate(c.Opens)
	closes, err2 := ParseDate(c.Closes)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(closes.Sub(opens).Hours()/24) + 1
}

// OpenOn reports whether the consultation takes responses on day: it is
// published and day is between its opening and closing dates.
func (c Consultation) OpenOn(day string) bool {
	return c.Published && c.Opens <= day && day <= c.Closes
}

// ClosedOn reports whether the consultation has closed by day.
func (c Consultation) ClosedOn(day string) bool { return c.Published && day > c.Closes }

// ResultsVisible reports whether a viewer may see the consultation's
// results on day: its counts, its themes and "you said, we did". Everyone
// may once it has closed; before that only those who analyse
// consultations (canAnalyse), so that early counts sway no one still to
// respond. The web's pages and the API's reads ask this one rule.
func (c Consultation) ResultsVisible(day string, canAnalyse bool) bool {
	return canAnalyse || c.ClosedOn(day)
}

// A consultation's status on a day, as both doors show it: the web as a tag,
// the API as the consultation's "status".
const (
	StatusDraft    = "draft"    // not published
	StatusUpcoming = "upcoming" // published, not open yet
	StatusOpen     = "open"
	StatusClosed   = "closed"
)

// Status is the consultation's status on day: draft until published, then
// upcoming, open and closed by its dates.
func (c Consultation) Status(day string) string {
	switch {
	case !c.Published:
		return StatusDraft
	case c.OpenOn(day):
		return StatusOpen
	case c.ClosedOn(day):
		return StatusClosed
	}
	return StatusUpcoming
}

// PerPage reports whether the survey is shown one question per page.
func (c Consultation) PerPage() bool { return c.OnePerPage || len(c.Questions) >= OnePerPageFrom }

// Question returns the consultation's question with id.
func (c Consultation) Question(id int64) (Question, bool) {
	for _, q := range c.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// RespondentType says who a response speaks for.
type RespondentType string

// The respondent types.
const (
	RespondentResident     RespondentType = "resident"
	RespondentOrganisation RespondentType = "organisation"
)

// Respondent is who answers: a signed-in person, for themselves or for an
// organisation in the register.
type Respondent struct {
	UserID         int64
	EmailConfirmed bool
	OrgID          int64 // 0: the person answers for themselves
	// The person's profile, copied into the response for analysis.
	LSOACode, WardCode, DistrictCode, AgeBand string
}

// Key is the respondent's identity for the one-response rule.
func (r Respondent) Key() string {
	if r.OrgID != 0 {
		return "org:" + strconv.FormatInt(r.OrgID, 10)
	}
	return "user:" + strconv.FormatInt(r.UserID, 10)
}

// Answer is one question's answer: choices as 0-based indexes (the order
// for ranking; the point 1-5 for scale, as index 0-4), or text.
type Answer struct {
	QuestionID int64  `json:"question_id"`
	Choices    []int  `json:"choices,omitempty"`
	Text       string `json:"text,omitempty"`
}

// Empty reports whether the answer says nothing.
func (a Answer) Empty() bool { return len(a.Choices) == 0 && strings.TrimSpace(a.Text) == "" }

// Response is one respondent's answers to one consultation.
type Response struct {
	ID             int64          `json:"id"`
	ConsultationID int64          `json:"consultation_id"`
	Respondent     string         `json:"-"`
	UserID         int64          `json:"-"`
	OrgID          int64          `json:"org_id,omitempty"`
	Type           RespondentType `json:"respondent_type"`
	Anonymous      bool           `json:"anonymous"`
	Fictional      bool           `json:"fictional"`
	LSOACode       string         `json:"lsoa_code"`
	WardCode       string         `json:"ward_code"`
	DistrictCode   string         `json:"district_code"`
	AgeBand        string         `json:"age_band"`
	Answers        []Answer       `json:"answers"`
	SubmittedAt    string         `json:"submitted_at"`
	UpdatedAt      string         `json:"updated_at"`
	// Asked is the questions the answers were checked against
	// (PrepareResponse), for the store to confirm they are still the
	// consultation's when it saves them (StillAsked).
	Asked []Question `json:"-"`
}

// Refusals of a response that are not about its fields.
var (
	ErrNotOpen        = errors.New("voice: the consultation is not open")
	ErrNotConfirmed   = errors.New("voice: confirm your e-mail address before responding")
	ErrNoAnonymous    = errors.New("voice: this consultation does not take anonymous responses")
	ErrNotRespondent  = errors.New("voice: somebody else answered for this organisation")
	ErrAnswersChanged = errors.New("voice: the consultation's questions have responses and cannot change")
	// ErrQuestionsChanged: the questions were changed (before the first
	// response) between a response being checked and being saved.
	ErrQuestionsChanged = errors.New("voice: the consultation's questions changed while the response was being saved")
)

// QuestionsChangedMessage tells a respondent what to do about
// ErrQuestionsChanged, in both doors' words.
const QuestionsChangedMessage = "The questions changed while you were answering: check your answers and send them again"

// Visible reports which questions are shown, given the answers so far:
// a conditional question shows when its condition's question is shown
// and was answered with the condition's choice.
func (c Consultation) Visible(answers map[int64]Answer) map[int64]bool {
	shown := map[int64]bool{}
	for i, q := range c.Questions {
		if q.ShowIf == nil {
			shown[q.ID] = true
			continue
		}
		j := q.ShowIf.Position - 1
		if j < 0 || j >= i {
			continue
		}
		on := c.Questions[j].ID
		shown[q.ID] = shown[on] && slices.Contains(answers[on].Choices, q.ShowIf.Choice)
	}
	return shown
}

// CheckAnswers normalises and checks answers against the questions:
// answers to unknown or hidden questions are dropped, required shown
// questions must be answered, and choices must fit the kind. Errors name
// the question's field (q<ID>). The result is in question order.
func (c Consultation) CheckAnswers(in []Answer) ([]Answer, error) {
	var errs validation.Errors
	byQ := map[int64]Answer{}
	for _, a := range in {
		if _, ok := c.Question(a.QuestionID); ok {
			a.Text = strings.TrimSpace(a.Text)
			byQ[a.QuestionID] = a
		}
	}
	shown := c.Visible(byQ)
	var out []Answer
	for _, q := range c.Questions {
		a, ok := byQ[q.ID]
		if !shown[q.ID] {
			continue
		}
		f := q.Field()
		if !ok || a.Empty() {
			if q.Required {
				if q.Kind == QuestionText {
					errs.Add(f, "Answer "+strconv.Quote(q.Text))
				} else {
					errs.Add(f, "Select an answer to "+strconv.Quote(q.Text))
				}
			}
			continue
		}
		n := len(q.Options())
		switch q.Kind {
		case QuestionText:
			if !errs.Text(f, a.Text, "Your answer", MaxAnswerText, true) {
				continue
			}
			a.Choices = nil
		case QuestionSingle, QuestionScale:
			if len(a.Choices) != 1 || a.Choices[0] < 0 || a.Choices[0] >= n {
				errs.Add(f, "Select one of the answers to "+strconv.Quote(q.Text))
				continue
			}
			a.Text = ""
		case QuestionMultiple:
			if !distinctInRange(a.Choices, n) {
				errs.Add(f, "Select answers from the list for "+strconv.Quote(q.Text))
				continue
			}
			a.Choices = slices.Clone(a.Choices)
			slices.Sort(a.Choices)
			a.Text = ""
		case QuestionRanking:
			if len(a.Choices) != n || !distinctInRange(a.Choices, n) {
				errs.Add(f, "Give each choice a different rank, from 1 to "+strconv.Itoa(n))
				continue
			}
			a.Text = ""
		}
		out = append(out, a)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func distinctInRange(xs []int, n int) bool {
	seen := map[int]bool{}
	for _, x := range xs {
		if x < 0 || x >= n || seen[x] {
			return false
		}
		seen[x] = true
	}
	return len(xs) > 0
}

// PrepareResponse is the response use-case's rules: the consultation is
// open on day, the person has confirmed their e-mail address, anonymity
// only where allowed, and the answers fit the questions. It returns the
// response to store (which keeps one per respondent).
func (c Consultation) PrepareResponse(day string, who Respondent, anonymous bool, answers []Answer) (Response, error) {
	if !c.OpenOn(day) {
		return Response{}, ErrNotOpen
	}
	if who.UserID == 0 || !who.EmailConfirmed {
		return Response{}, ErrNotConfirmed
	}
	if anonymous && !c.AllowAnonymous {
		return Response{}, ErrNoAnonymous
	}
	checked, err := c.CheckAnswers(answers)
	if err != nil {
		return Response{}, err
	}
	r := Response{ConsultationID: c.ID, Respondent: who.Key(), UserID: who.UserID, OrgID: who.OrgID, Type: RespondentResident,
		Anonymous: anonymous, Fictional: c.Fictional, Answers: checked, Asked: c.Questions}
	if who.OrgID != 0 {
		r.Type = RespondentOrganisation
	} else {
		r.LSOACode, r.WardCode, r.DistrictCode, r.AgeBand = who.LSOACode, who.WardCode, who.DistrictCode, who.AgeBand
	}
	return r, nil
}

// QuestionsEditable reports whether a consultation's questions may still
// change: only while nobody has answered them.
func QuestionsEditable(responses int) bool { return responses == 0 }

// CheckQuestionChange refuses a change of questions once the consultation
// has responses (field questions): the answers would no longer match what
// was asked.
func CheckQuestionChange(responses int) error {
	if QuestionsEditable(responses) {
		return nil
	}
	return &validation.Errors{Fields: []validation.FieldError{{Field: "questions",
		Message: fmt.Sprintf("The questions cannot change: the consultation has %d responses", responses)}}}
}

// StillAsked reports whether a response checked against the questions
// asked may be saved now that the consultation's questions are current:
// the same questions with the same IDs. An edit before the first response
// replaces them, and SQLite may give the new ones the old IDs, so the IDs
// alone would pin an answer to a different question.
func StillAsked(asked, current []Question) bool {
	if len(asked) != len(current) {
		return false
	}
	for i := range asked {
		if asked[i].ID != current[i].ID {
			return false
		}
	}
	return SameQuestions(asked, current)
}

// SameQuestions reports whether two lists ask the same questions in the
// same order, whatever their IDs (an edit sends them without).
func SameQuestions(old, updated []Question) bool {
	if len(old) != len(updated) {
		return false
	}
	for i := range old {
		a, b := old[i], updated[i]
		a.ID, b.ID = 0, 0
		if len(a.Choices) == 0 {
			a.Choices = nil
		}
		if len(b.Choices) == 0 {
			b.Choices = nil
		}
		if !reflect.DeepEqual(a, b) {
			return false
		}
	}
	return true
}
