package voice

import (
	"errors"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

func sampleConsultation() Consultation {
	return Consultation{ID: 7, ProcessID: 1, Title: "Priorities", Opens: "2026-11-01", Closes: "2026-12-31", Published: true,
		Questions: []Question{
			{ID: 11, Kind: QuestionSingle, Text: "Is health your priority?", Required: true, Choices: []string{"Yes", "No"}},
			{ID: 12, Kind: QuestionMultiple, Text: "Which services?", Choices: []string{"GP", "Dentist", "Pharmacy"}},
			{ID: 13, Kind: QuestionScale, Text: "Services are good"},
			{ID: 14, Kind: QuestionRanking, Text: "Rank these", Choices: []string{"Housing", "Jobs", "Parks"}},
			{ID: 15, Kind: QuestionText, Text: "Why?", Required: true, ShowIf: &Condition{Position: 1, Choice: 0}},
		}}
}

func TestCheckAnswers(t *testing.T) {
	tests := []struct {
		name    string
		answers []Answer
		field   string // "" = accepted
		kept    int
	}{
		{"required missing", nil, "q11", 0},
		{"no, so why is hidden", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 15, Text: "dropped"}}, "", 1},
		{"yes needs why", []Answer{{QuestionID: 11, Choices: []int{0}}}, "q15", 0},
		{"yes with why", []Answer{{QuestionID: 11, Choices: []int{0}}, {QuestionID: 15, Text: " because "}}, "", 2},
		{"single out of range", []Answer{{QuestionID: 11, Choices: []int{2}}}, "q11", 0},
		{"single two", []Answer{{QuestionID: 11, Choices: []int{0, 1}}}, "q11", 0},
		{"multiple ok", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 12, Choices: []int{2, 0}}}, "", 2},
		{"multiple repeated", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 12, Choices: []int{1, 1}}}, "q12", 0},
		{"scale 5", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 13, Choices: []int{4}}}, "", 2},
		{"scale 6", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 13, Choices: []int{5}}}, "q13", 0},
		{"ranking whole", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 14, Choices: []int{2, 0, 1}}}, "", 2},
		{"ranking partial", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 14, Choices: []int{2, 0}}}, "q14", 0},
		{"ranking tie", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 14, Choices: []int{2, 2, 1}}}, "q14", 0},
		{"text control char", []Answer{{QuestionID: 11, Choices: []int{0}}, {QuestionID: 15, Text: "a\x00b"}}, "q15", 0},
		{"unknown question ignored", []Answer{{QuestionID: 11, Choices: []int{1}}, {QuestionID: 99, Text: "x"}}, "", 1},
	}
	c := sampleConsultation()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.CheckAnswers(tt.answers)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != tt.kept {
					t.Fatalf("kept %d answers, want %d: %+v", len(got), tt.kept, got)
				}
				return
			}
			errs, ok := validation.As(err)
			if !ok || !errs.Has(tt.field) {
				t.Fatalf("want error on %s, got %v", tt.field, err)
			}
		})
	}
}

func TestPrepareResponse(t *testing.T) {
	c := sampleConsultation()
	ok := []Answer{{QuestionID: 11, Choices: []int{1}}}
	who := Respondent{UserID: 3, EmailConfirmed: true, WardCode: "E05008942", AgeBand: "25-34"}
	tests := []struct {
		name string
		day  string
		who  Respondent
		anon bool
		c    func(*Consultation)
		want error
	}{
		{"open", "2026-12-03", who, false, nil, nil},
		{"closing day", "2026-12-31", who, false, nil, nil},
		{"closed", "2027-01-01", who, false, nil, ErrNotOpen},
		{"not yet", "2026-10-31", who, false, nil, ErrNotOpen},
		{"draft", "2026-12-03", who, false, func(c *Consultation) { c.Published = false }, ErrNotOpen},
		{"unconfirmed", "2026-12-03", Respondent{UserID: 3}, false, nil, ErrNotConfirmed},
		{"anonymous refused", "2026-12-03", who, true, nil, ErrNoAnonymous},
		{"anonymous allowed", "2026-12-03", who, true, func(c *Consultation) { c.AllowAnonymous = true }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc := sampleConsultation()
			if tt.c != nil {
				tt.c(&cc)
			}
			r, err := cc.PrepareResponse(tt.day, tt.who, tt.anon, ok)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if err == nil && (r.Respondent != "user:3" || r.WardCode != "E05008942" || r.Type != RespondentResident || r.Anonymous != tt.anon) {
				t.Fatalf("response %+v", r)
			}
		})
	}
	r, err := c.PrepareResponse("2026-12-03", Respondent{UserID: 3, EmailConfirmed: true, OrgID: 9, WardCode: "x"}, false, ok)
	if err != nil || r.Respondent != "org:9" || r.Type != RespondentOrganisation || r.WardCode != "" {
		t.Fatalf("organisation response %+v %v", r, err)
	}
}

func TestConsultationValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Consultation)
		field string
	}{
		{"valid", func(*Consultation) {}, ""},
		{"no title", func(c *Consultation) { c.Title = "" }, "title"},
		{"bad close", func(c *Consultation) { c.Closes = "2026-13-01" }, "closes"},
		{"close before open", func(c *Consultation) { c.Closes = "2026-10-01" }, "closes"},
		{"bad document link", func(c *Consultation) { c.Documents = []Document{{Title: "Plan", URL: "javascript:alert(1)"}} }, "documents[0].url"},
		{"document without title", func(c *Consultation) { c.Documents = []Document{{URL: "https://example.org/a.pdf"}} }, "documents[0].title"},
		{"one choice", func(c *Consultation) { c.Questions[0].Choices = []string{"Yes"} }, "questions[0].choices"},
		{"repeated choice", func(c *Consultation) { c.Questions[1].Choices = []string{"GP", "GP"} }, "questions[1].choices"},
		{"unknown kind", func(c *Consultation) { c.Questions[2].Kind = "slider" }, "questions[2].kind"},
		{"condition on later", func(c *Consultation) { c.Questions[0].ShowIf = &Condition{Position: 2} }, "questions[0].show_if"},
		{"condition on scale", func(c *Consultation) { c.Questions[4].ShowIf = &Condition{Position: 3} }, "questions[4].show_if"},
		{"condition choice", func(c *Consultation) { c.Questions[4].ShowIf = &Condition{Position: 1, Choice: 5} }, "questions[4].show_if"},
		{"blank question", func(c *Consultation) { c.Questions[3].Text = " " }, "questions[3].text"},
		{"too short without a reason", func(c *Consultation) { c.Opens, c.Closes = "2026-12-01", "2026-12-27" }, "short_reason"},
		{"short with a reason", func(c *Consultation) {
			c.Opens, c.Closes, c.ShortReason = "2026-12-01", "2026-12-14", "The board meets on 15 December"
		}, ""},
		{"exactly the minimum", func(c *Consultation) { c.Opens, c.Closes = "2026-12-01", "2026-12-28" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleConsultation()
			tt.edit(&c)
			c.Normalize()
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if errs, ok := validation.As(err); !ok || !errs.Has(tt.field) {
				t.Fatalf("want error on %s, got %v", tt.field, err)
			}
		})
	}
}

func hasFieldErr(err error, field string) bool {
	errs, ok := validation.As(err)
	return ok && errs.Has(field)
}

// The questions rule of an edit: the same questions (whatever their IDs)
// always pass; different ones only before the first response.
func TestQuestionChangeRule(t *testing.T) {
	q := func(id int64, text string, choices ...string) Question {
		return Question{ID: id, Position: 1, Kind: QuestionSingle, Text: text, Choices: choices}
	}
	stored := []Question{q(7, "Parks or libraries?", "Parks", "Libraries")}
	tests := []struct {
		name    string
		updated []Question
		same    bool
	}{
		{"sent back without IDs", []Question{q(0, "Parks or libraries?", "Parks", "Libraries")}, true},
		{"reworded", []Question{q(0, "Parks or buses?", "Parks", "Libraries")}, false},
		{"a choice added", []Question{q(0, "Parks or libraries?", "Parks", "Libraries", "Buses")}, false},
		{"one more question", []Question{q(0, "Parks or libraries?", "Parks", "Libraries"), {Kind: QuestionText, Text: "Why?"}}, false},
		{"none", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SameQuestions(stored, tc.updated); got != tc.same {
				t.Errorf("SameQuestions = %v, want %v", got, tc.same)
			}
		})
	}
	if !SameQuestions([]Question{{Kind: QuestionText, Text: "Why?", Choices: []string{}}}, []Question{{Kind: QuestionText, Text: "Why?"}}) {
		t.Error("no choices and an empty list of choices differ")
	}
	if err := CheckQuestionChange(0); err != nil {
		t.Errorf("no responses: %v", err)
	}
	err := CheckQuestionChange(3)
	if ve, ok := validation.As(err); !ok || len(ve.Fields) != 1 || ve.Fields[0].Field != "questions" || !strings.Contains(ve.Fields[0].Message, "3 responses") {
		t.Errorf("three responses: %v", err)
	}
}

// Status is the one answer both doors give: the web's tag and the API's
// "status" field.
func TestConsultationStatus(t *testing.T) {
	c := Consultation{Published: true, Opens: "2026-03-02", Closes: "2026-03-31"}
	draft := c
	draft.Published = false
	tests := []struct {
		name string
		c    Consultation
		day  string
		want string
	}{
		{"unpublished is a draft whatever the day", draft, "2026-03-10", StatusDraft},
		{"before it opens", c, "2026-03-01", StatusUpcoming},
		{"on its opening day", c, "2026-03-02", StatusOpen},
		{"on its closing day", c, "2026-03-31", StatusOpen},
		{"the day after it closes", c, "2026-04-01", StatusClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Status(tc.day); got != tc.want {
				t.Errorf("Status(%s) = %q, want %q", tc.day, got, tc.want)
			}
		})
	}
}

// Regression test: results, themes and "you said, we did" are one rule for
// both doors; the API once listed theme counts while a consultation was
// still open.
func TestConsultationResultsVisible(t *testing.T) {
	c := Consultation{Published: true, Opens: "2026-03-02", Closes: "2026-03-31"}
	draft := c
	draft.Published = false
	tests := []struct {
		name       string
		c          Consultation
		day        string
		canAnalyse bool
		want       bool
	}{
		{"open, to the public", c, "2026-03-10", false, false},
		{"on its closing day, to the public", c, "2026-03-31", false, false},
		{"the day after it closes, to the public", c, "2026-04-01", false, true},
		{"open, to its analysts", c, "2026-03-10", true, true},
		{"a draft long after its dates, to the public", draft, "2027-01-01", false, false},
		{"a draft, to its analysts", draft, "2026-03-10", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.ResultsVisible(tc.day, tc.canAnalyse); got != tc.want {
				t.Errorf("ResultsVisible(%s, %v) = %v, want %v", tc.day, tc.canAnalyse, got, tc.want)
			}
		})
	}
}
