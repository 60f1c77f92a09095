package voice

import (
	"strconv"
	"strings"
)

// Personal is the personal data behind one response: who gave it (and
// for which organisation). Only roles allowed to see respondents get it.
type Personal struct {
	ResponseID       int64  `json:"response_id"`
	Name             string `json:"name"`
	Email            string `json:"email"`
	Postcode         string `json:"postcode"`
	OrganisationName string `json:"organisation_name,omitempty"`
}

// ExportTable lays the responses out one row each, one column per
// question, for CSV and XLSX. The personal columns (name, e-mail address,
// postcode, organisation) are there only when personal is not nil: the
// door passes it only to roles allowed to see respondents. Anonymous
// responses have those cells blank either way.
func ExportTable(c Consultation, rs []Response, personal map[int64]Personal) (header []string, rows [][]string) {
	header = []string{"response_id", "submitted_at", "updated_at", "respondent_type", "anonymous", "fictional", "district_code", "ward_code", "lsoa_code", "age_band"}
	if personal != nil {
		header = append(header, "name", "email", "postcode", "organisation")
	}
	for _, q := range c.Questions {
		header = append(header, "Q"+strconv.Itoa(q.Position)+" "+q.Text)
	}
	for _, r := range rs {
		row := []string{strconv.FormatInt(r.ID, 10), r.SubmittedAt, r.UpdatedAt, string(r.Type), yesNo(r.Anonymous), yesNo(r.Fictional),
			r.DistrictCode, r.WardCode, r.LSOACode, r.AgeBand}
		if personal != nil {
			p := personal[r.ID]
			row = append(row, p.Name, p.Email, p.Postcode, p.OrganisationName)
		}
		for _, q := range c.Questions {
			a, ok := r.Answer(q.ID)
			if !ok {
				row = append(row, "")
				continue
			}
			row = append(row, AnswerText(q, a))
		}
		rows = append(rows, row)
	}
	return header, rows
}

// AnswerText writes an answer as words: the chosen labels ("; " between
// them, in rank order for ranking), or the text.
func AnswerText(q Question, a Answer) string {
	if q.Kind == QuestionText {
		return a.Text
	}
	opts := q.Options()
	parts := make([]string, 0, len(a.Choices))
	for _, i := range a.Choices {
		if i >= 0 && i < len(opts) {
			parts = append(parts, opts[i])
		}
	}
	return strings.Join(parts, "; ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// OpenData is a closed consultation's aggregates as open data: counts
// per option, theme counts, and no personal data (no free text, no
// respondents, no small areas).
type OpenData struct {
	ConsultationID int64            `json:"consultation_id"`
	Title          string           `json:"title"`
	Opens          string           `json:"opens"`
	Closes         string           `json:"closes"`
	Fictional      bool             `json:"fictional"`
	Responses      int              `json:"responses"`
	Questions      []OpenDataResult `json:"questions"`
	Themes         []OpenDataTheme  `json:"themes"`
}

// OpenDataResult is one question's counts.
type OpenDataResult struct {
	Position int           `json:"position"`
	Kind     QuestionKind  `json:"kind"`
	Text     string        `json:"text"`
	Answered int           `json:"answered"`
	Options  []OptionCount `json:"options"`
}

// OpenDataTheme is a theme with its count (no quotes).
type OpenDataTheme struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// ErrNotClosed refuses open data for a consultation still taking
// responses.
var ErrNotClosed = errorString("voice: the consultation has not closed")

type errorString string

func (e errorString) Error() string { return string(e) }

// MakeOpenData builds the open-data export of a consultation closed by
// day.
func MakeOpenData(day string, a Analysis, themes []ThemeCount) (OpenData, error) {
	c := a.Consultation
	if !c.ClosedOn(day) {
		return OpenData{}, ErrNotClosed
	}
	od := OpenData{ConsultationID: c.ID, Title: c.Title, Opens: c.Opens, Closes: c.Closes, Fictional: c.Fictional, Responses: a.Responses,
		Questions: []OpenDataResult{}, Themes: []OpenDataTheme{}}
	for _, q := range a.Questions {
		r := OpenDataResult{Position: q.Question.Position, Kind: q.Question.Kind, Text: q.Question.Text, Answered: q.Answered, Options: q.Options}
		if r.Options == nil {
			r.Options = []OptionCount{}
		}
		od.Questions = append(od.Questions, r)
	}
	for _, t := range themes {
		od.Themes = append(od.Themes, OpenDataTheme{Name: t.Theme.Name, Count: t.Count})
	}
	return od, nil
}
