package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
)

var fuzzConsultation = voice.Consultation{ID: 1, Questions: []voice.Question{
	{ID: 11, Position: 1, Kind: voice.QuestionSingle, Text: "Yes?", Required: true, Choices: []string{"Yes", "No"}},
	{ID: 12, Position: 2, Kind: voice.QuestionMultiple, Text: "Which?", Choices: []string{"A", "B", "C"}},
	{ID: 13, Position: 3, Kind: voice.QuestionScale, Text: "Good?"},
	{ID: 14, Position: 4, Kind: voice.QuestionRanking, Text: "Rank", Choices: []string{"X", "Y", "Z"}},
	{ID: 15, Position: 5, Kind: voice.QuestionText, Text: "Why?", ShowIf: &voice.Condition{Position: 1, Choice: 0}},
}}

// FuzzVoiceReadAnswers feeds the response form parser (and the answer
// checks after it) arbitrary form bodies: it never panics, and every
// problem it reports names one of the form's questions.
func FuzzVoiceReadAnswers(f *testing.F) {
	for _, seed := range []string{
		"",
		"q11=0&q12=0&q12=2&q13=4&q14_0=2&q14_1=3&q14_2=1&q15=Because",
		"q11=1",
		"q11=7",
		"q11=yes",
		"q11=-1&q12=99",
		"q14_0=1&q14_1=1&q14_2=1",
		"q14_0=1",
		"q14_0=9999999999999999999999",
		"q15=%00",
		"q11=0&q11=1",
	} {
		f.Add(seed)
	}
	fields := map[string]bool{"q11": true, "q12": true, "q13": true, "q14": true, "q15": true}
	f.Fuzz(func(t *testing.T, body string) {
		vals, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		form := &Form{Values: vals}
		answers := voiceReadAnswers(form, fuzzConsultation)
		for _, e := range form.Errors {
			if !fields[e.Field] {
				t.Fatalf("problem on unknown field %q", e.Field)
			}
		}
		checked, err := fuzzConsultation.CheckAnswers(answers)
		if err != nil {
			v, ok := validation.As(err)
			if !ok {
				t.Fatalf("not a field error: %v", err)
			}
			for _, fe := range v.Fields {
				if !fields[fe.Field] || fe.Message == "" {
					t.Fatalf("problem %+v", fe)
				}
			}
			return
		}
		for _, a := range checked {
			q, ok := fuzzConsultation.Question(a.QuestionID)
			if !ok {
				t.Fatalf("answer to unknown question %d", a.QuestionID)
			}
			if q.Kind != voice.QuestionText && strings.TrimSpace(a.Text) != "" {
				t.Fatalf("choice answer with text: %+v", a)
			}
			for _, c := range a.Choices {
				if c < 0 || c >= len(q.Options()) {
					t.Fatalf("choice %d out of range for %+v", c, q)
				}
			}
		}
	})
}
