package voice

import (
	"slices"
	"testing"
)

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		c, n int
		want string
	}{{0, 0, "0.0%"}, {1, 3, "33.3%"}, {2, 3, "66.7%"}, {3, 7, "42.9%"}, {1, 8, "12.5%"}, {5, 5, "100.0%"}, {1, 2000, "0.1%"}} {
		if got := Percent(tt.c, tt.n); got != tt.want {
			t.Errorf("Percent(%d, %d) = %s, want %s", tt.c, tt.n, got, tt.want)
		}
	}
}

func analysisResponses() []Response {
	mk := func(id int64, ward, band string, typ RespondentType, answers ...Answer) Response {
		return Response{ID: id, WardCode: ward, AgeBand: band, Type: typ, Answers: answers}
	}
	return []Response{
		mk(1, "W1", "25-34", RespondentResident, Answer{QuestionID: 11, Choices: []int{0}}, Answer{QuestionID: 14, Choices: []int{2, 0, 1}}, Answer{QuestionID: 15, Text: "Buses"}),
		mk(2, "W1", "25-34", RespondentResident, Answer{QuestionID: 11, Choices: []int{0}}, Answer{QuestionID: 12, Choices: []int{0, 2}}),
		mk(3, "W1", "65-74", RespondentResident, Answer{QuestionID: 11, Choices: []int{1}}, Answer{QuestionID: 13, Choices: []int{4}}),
		mk(4, "W2", "", RespondentOrganisation, Answer{QuestionID: 11, Choices: []int{1}}, Answer{QuestionID: 14, Choices: []int{0, 1, 2}}),
		mk(5, "", "", RespondentResident, Answer{QuestionID: 12, Choices: []int{2}}),
	}
}

func TestAnalyse(t *testing.T) {
	a := Analyse(sampleConsultation(), analysisResponses())
	if a.Responses != 5 || len(a.Questions) != 5 {
		t.Fatalf("analysis %+v", a)
	}
	q1 := a.Questions[0]
	if q1.Answered != 4 || q1.Options[0].Count != 2 || q1.Options[0].Percent != "50.0%" || q1.Options[1].Count != 2 {
		t.Errorf("single: %+v", q1)
	}
	q2 := a.Questions[1]
	if q2.Answered != 2 || q2.Options[0].Count != 1 || q2.Options[2].Count != 2 || q2.Options[2].Percent != "100.0%" {
		t.Errorf("multiple: %+v", q2)
	}
	q3 := a.Questions[2]
	if q3.Answered != 1 || len(q3.Options) != 5 || q3.Options[4].Count != 1 {
		t.Errorf("scale: %+v", q3)
	}
	// Ranking: response 1 ranks Parks, Housing, Jobs; response 4 Housing,
	// Jobs, Parks. Borda: Housing 1+2, Jobs 0+1, Parks 2+0.
	q4 := a.Questions[3]
	if q4.Options[0].Points != 3 || q4.Options[1].Points != 1 || q4.Options[2].Points != 2 || q4.Options[0].Count != 1 || q4.Options[2].Count != 1 {
		t.Errorf("ranking: %+v", q4)
	}
	if q5 := a.Questions[4]; q5.Texts != 1 || q5.Options != nil {
		t.Errorf("text: %+v", q5)
	}
}

func TestCross(t *testing.T) {
	q := sampleConsultation().Questions[0]
	ct := Cross(q, analysisResponses(), ByWard, map[string]string{"W1": "Burn Valley", "W2": "Throston"})
	if !slices.Equal(ct.Names, []string{"Burn Valley", "Throston"}) {
		t.Fatalf("groups %v", ct.Names)
	}
	// W1 has 3 answers: shown; W2 has 1: suppressed.
	if ct.Totals[0] != 3 || !slices.Equal(ct.Cells[0], []int{2, 1}) || ct.Suppressed[0] {
		t.Errorf("W1 %v %v", ct.Cells[0], ct.Totals[0])
	}
	if !ct.Suppressed[1] || ct.Totals[1] != 0 || !slices.Equal(ct.Cells[1], []int{0, 0}) {
		t.Errorf("W2 not suppressed: %v %v", ct.Cells[1], ct.Totals[1])
	}
	byType := Cross(sampleConsultation().Questions[1], analysisResponses(), ByAgeBand, nil)
	if !slices.Equal(byType.Groups, []string{"25-34", NotGiven}) {
		t.Errorf("age groups %v", byType.Groups)
	}
}

func TestCountThemesAndYSWD(t *testing.T) {
	themes := []Theme{{ID: 1, Name: "Transport"}, {ID: 2, Name: "Parks"}, {ID: 3, Name: "Damp"}}
	tags := []ThemeTag{{ThemeID: 1, ResponseID: 1, QuestionID: 15}, {ThemeID: 2, ResponseID: 1, QuestionID: 15}, {ThemeID: 1, ResponseID: 9, QuestionID: 15}}
	counts := CountThemes(themes, tags, analysisResponses())
	if counts[0].Theme.ID != 1 || counts[0].Count != 2 || !slices.Equal(counts[0].Quotes, []string{"Buses"}) || counts[2].Count != 0 {
		t.Fatalf("counts %+v", counts)
	}
	page := YSWD(counts, map[int64][]YSWDTarget{
		1: {{Link: Link{TargetKind: TargetDecision, TargetID: 4}}},
		2: {{Link: Link{TargetKind: TargetNotTaken, Reason: "Covered elsewhere"}}},
	})
	if len(page.Items) != 1 || page.Items[0].Theme.Theme.ID != 1 || len(page.NotTaken) != 1 || len(page.Orphans) != 1 || page.Orphans[0].ID != 3 {
		t.Fatalf("page %+v", page)
	}
}

func TestLinkValidate(t *testing.T) {
	tests := []struct {
		l     Link
		field string
	}{
		{Link{SubjectKind: SubjectTheme, SubjectID: 1, TargetKind: TargetDecision, TargetID: 2}, ""},
		{Link{SubjectKind: SubjectProposal, SubjectID: 1, TargetKind: TargetScheme, TargetID: 2}, ""},
		{Link{SubjectKind: SubjectTheme, SubjectID: 1, TargetKind: TargetNotTaken, Reason: "Done already"}, ""},
		{Link{SubjectKind: "idea", SubjectID: 1, TargetKind: TargetDecision, TargetID: 2}, "subject_kind"},
		{Link{SubjectKind: SubjectTheme, TargetKind: TargetDecision, TargetID: 2}, "subject_id"},
		{Link{SubjectKind: SubjectTheme, SubjectID: 1, TargetKind: TargetDecision}, "target_id"},
		{Link{SubjectKind: SubjectTheme, SubjectID: 1, TargetKind: TargetNotTaken, Reason: " "}, "reason"},
	}
	for _, tt := range tests {
		l := tt.l
		l.Normalize()
		err := l.Validate()
		if tt.field == "" && err != nil {
			t.Errorf("%+v refused: %v", tt.l, err)
		}
		if tt.field != "" && !hasFieldErr(err, tt.field) {
			t.Errorf("%+v: want error on %s, got %v", tt.l, tt.field, err)
		}
	}
}
