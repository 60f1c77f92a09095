package voice

import (
	"slices"
	"strconv"
)

// Percent writes count/total as a percentage with one decimal place
// ("42.9%"), computed in integers so every door rounds alike (half up).
func Percent(count, total int) string {
	if total <= 0 {
		return "0.0%"
	}
	tenths := (count*1000*2 + total) / (total * 2)
	return strconv.Itoa(tenths/10) + "." + strconv.Itoa(tenths%10) + "%"
}

// OptionCount is how many respondents picked one option.
type OptionCount struct {
	Label   string `json:"label"`
	Count   int    `json:"count"`
	Percent string `json:"percent"` // of those who answered the question
	// Points is a ranking option's Borda score: n-1 for each first place
	// down to 0 for each last.
	Points int `json:"points,omitempty"`
}

// QuestionResult is the analysis of one question.
type QuestionResult struct {
	Question Question      `json:"question"`
	Answered int           `json:"answered"`
	Options  []OptionCount `json:"options,omitempty"` // not for text
	// Texts counts the free-text answers (the text itself is personal to
	// the respondent and is shown only as tagged quotes).
	Texts int `json:"texts,omitempty"`
}

// CrossBy names what responses are grouped by in a cross-tabulation.
type CrossBy string

// The cross-tabulations.
const (
	ByDistrict       CrossBy = "district"
	ByWard           CrossBy = "ward"
	ByLSOA           CrossBy = "lsoa"
	ByAgeBand        CrossBy = "age_band"
	ByRespondentType CrossBy = "respondent_type"
)

// CrossBys lists the groupings, in the order pages offer them.
var CrossBys = []CrossBy{ByDistrict, ByWard, ByAgeBand, ByRespondentType, ByLSOA}

// Label names the grouping for people.
func (b CrossBy) Label() string {
	switch b {
	case ByDistrict:
		return "Local authority district"
	case ByWard:
		return "Ward"
	case ByLSOA:
		return "Neighbourhood (LSOA)"
	case ByAgeBand:
		return "Age band"
	case ByRespondentType:
		return "Respondent type"
	}
	return string(b)
}

// Valid reports whether b is one of CrossBys.
func (b CrossBy) Valid() bool { return slices.Contains(CrossBys, b) }

// NotGiven labels the group of responses without the attribute.
const NotGiven = "Not given"

// GroupOf returns the response's group under b: a code (area), a band or
// a type, or NotGiven.
func (r Response) GroupOf(b CrossBy) string {
	var v string
	switch b {
	case ByDistrict:
		v = r.DistrictCode
	case ByWard:
		v = r.WardCode
	case ByLSOA:
		v = r.LSOACode
	case ByAgeBand:
		v = r.AgeBand
	case ByRespondentType:
		v = string(r.Type)
	}
	if v == "" {
		return NotGiven
	}
	return v
}

// CrossTab counts one choice question's answers by group: Rows are the
// groups (sorted, NotGiven last), Cells[i][j] the respondents in group i
// who picked option j, Totals[i] those in group i who answered.
type CrossTab struct {
	By       CrossBy  `json:"by"`
	Question Question `json:"question"`
	Options  []string `json:"options"`
	Groups   []string `json:"groups"`
	Names    []string `json:"names"` // the groups' names (area names for codes)
	Cells    [][]int  `json:"cells"`
	Totals   []int    `json:"totals"`
	// Suppressed is true for the groups smaller than the minimum cell
	// size, whose counts are withheld (zeros) so nobody can be picked out.
	Suppressed []bool `json:"suppressed"`
}

// MinCell is the smallest group whose counts a cross-tabulation shows
// (smaller groups are suppressed, decidim #5600).
const MinCell = 3

// Analysis is a consultation's results: counts and percentages for each
// question, and the themes staff tagged.
type Analysis struct {
	Consultation Consultation     `json:"consultation"`
	Responses    int              `json:"responses"`
	Questions    []QuestionResult `json:"questions"`
	Themes       []ThemeCount     `json:"themes"`
}

// Analyse counts the responses to c.
func Analyse(c Consultation, rs []Response) Analysis {
	a := Analysis{Consultation: c, Responses: len(rs)}
	for _, q := range c.Questions {
		qr := QuestionResult{Question: q}
		opts := q.Options()
		if q.Kind != QuestionText {
			qr.Options = make([]OptionCount, len(opts))
			for i, o := range opts {
				qr.Options[i].Label = o
			}
		}
		for _, r := range rs {
			ans, ok := r.Answer(q.ID)
			if !ok {
				continue
			}
			qr.Answered++
			switch q.Kind {
			case QuestionText:
				qr.Texts++
			case QuestionRanking:
				for pos, i := range ans.Choices {
					if i >= 0 && i < len(opts) {
						qr.Options[i].Points += len(opts) - 1 - pos
						if pos == 0 {
							qr.Options[i].Count++
						}
					}
				}
			default:
				for _, i := range ans.Choices {
					if i >= 0 && i < len(opts) {
						qr.Options[i].Count++
					}
				}
			}
		}
		for i := range qr.Options {
			qr.Options[i].Percent = Percent(qr.Options[i].Count, qr.Answered)
		}
		a.Questions = append(a.Questions, qr)
	}
	return a
}

// Answer returns the response's answer to a question.
func (r Response) Answer(questionID int64) (Answer, bool) {
	for _, a := range r.Answers {
		if a.QuestionID == questionID {
			return a, true
		}
	}
	return Answer{}, false
}

// Cross cross-tabulates a choice question (single, multiple or scale; for
// ranking, first choices) by b. names maps group codes to names (missing
// codes keep the code).
func Cross(q Question, rs []Response, b CrossBy, names map[string]string) CrossTab {
	ct := CrossTab{By: b, Question: q, Options: q.Options()}
	idx := map[string]int{}
	for _, r := range rs {
		ans, ok := r.Answer(q.ID)
		if !ok || len(ans.Choices) == 0 {
			continue
		}
		g := r.GroupOf(b)
		i, ok := idx[g]
		if !ok {
			i = len(ct.Groups)
			idx[g] = i
			ct.Groups = append(ct.Groups, g)
			ct.Cells = append(ct.Cells, make([]int, len(ct.Options)))
			ct.Totals = append(ct.Totals, 0)
		}
		ct.Totals[i]++
		picks := ans.Choices
		if q.Kind == QuestionRanking {
			picks = picks[:1]
		}
		for _, j := range picks {
			if j >= 0 && j < len(ct.Options) {
				ct.Cells[i][j]++
			}
		}
	}
	// Sort groups: by name, NotGiven last.
	order := make([]int, len(ct.Groups))
	for i := range order {
		order[i] = i
	}
	name := func(g string) string {
		if n, ok := names[g]; ok && n != "" {
			return n
		}
		return g
	}
	slices.SortStableFunc(order, func(x, y int) int {
		gx, gy := ct.Groups[x], ct.Groups[y]
		if (gx == NotGiven) != (gy == NotGiven) {
			if gx == NotGiven {
				return 1
			}
			return -1
		}
		switch nx, ny := name(gx), name(gy); {
		case nx < ny:
			return -1
		case nx > ny:
			return 1
		}
		return 0
	})
	out := CrossTab{By: b, Question: q, Options: ct.Options}
	for _, i := range order {
		small := ct.Totals[i] < MinCell
		out.Groups = append(out.Groups, ct.Groups[i])
		out.Names = append(out.Names, name(ct.Groups[i]))
		out.Suppressed = append(out.Suppressed, small)
		if small {
			out.Cells = append(out.Cells, make([]int, len(ct.Options)))
			out.Totals = append(out.Totals, 0)
			continue
		}
		out.Cells = append(out.Cells, ct.Cells[i])
		out.Totals = append(out.Totals, ct.Totals[i])
	}
	return out
}

// Crossable reports whether a question can be cross-tabulated.
func (q Question) Crossable() bool { return q.Kind != QuestionText }
