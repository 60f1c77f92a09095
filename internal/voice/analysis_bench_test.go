package voice

import (
	"strconv"
	"testing"
)

// benchResponses makes n responses to sampleConsultation spread over 20
// wards and the age bands.
func benchResponses(n int) []Response {
	bands := []string{"16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"}
	rs := make([]Response, n)
	for i := range rs {
		rs[i] = Response{ID: int64(i + 1), WardCode: "W" + strconv.Itoa(i%20), AgeBand: bands[i%len(bands)], Type: RespondentResident,
			Answers: []Answer{
				{QuestionID: 11, Choices: []int{i % 2}},
				{QuestionID: 12, Choices: []int{i % 3}},
				{QuestionID: 13, Choices: []int{i % 5}},
				{QuestionID: 14, Choices: []int{i % 3, (i + 1) % 3, (i + 2) % 3}},
				{QuestionID: 15, Text: "text"},
			}}
	}
	return rs
}

// BenchmarkAnalyse10k analyses a consultation of 10,000 responses and
// cross-tabulates its first question by ward (the analysis page's work
// after the store has read the responses).
func BenchmarkAnalyse10k(b *testing.B) {
	c := sampleConsultation()
	rs := benchResponses(10_000)
	b.ReportAllocs()
	for b.Loop() {
		a := Analyse(c, rs)
		ct := Cross(c.Questions[0], rs, ByWard, nil)
		if a.Responses != 10_000 || len(ct.Groups) != 20 {
			b.Fatal("wrong analysis")
		}
	}
}
