package voice

import (
	"slices"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// Theme is a theme staff found in a consultation's free-text answers.
type Theme struct {
	ID             int64  `json:"id"`
	ConsultationID int64  `json:"consultation_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	CreatedAt      string `json:"created_at"`
}

// Normalize trims the theme's text.
func (t *Theme) Normalize() {
	t.Name, t.Description = strings.TrimSpace(t.Name), strings.TrimSpace(t.Description)
}

// Validate checks a theme (call Normalize first).
func (t *Theme) Validate() error {
	var errs validation.Errors
	if errs.Required("name", t.Name, "the theme's name") {
		errs.Line("name", t.Name, "Name", MaxTitle)
	}
	errs.Text("description", t.Description, "Description", MaxSummary, true)
	if t.ConsultationID <= 0 {
		errs.Add("consultation_id", "Choose a consultation")
	}
	return errs.Err()
}

// ThemeTag marks one free-text answer with a theme.
type ThemeTag struct {
	ThemeID    int64 `json:"theme_id"`
	ResponseID int64 `json:"response_id"`
	QuestionID int64 `json:"question_id"`
}

// ThemeCount is a theme with the number of answers tagged with it and a
// few of them quoted (the answers' text only: quotes carry no names).
type ThemeCount struct {
	Theme  Theme    `json:"theme"`
	Count  int      `json:"count"`
	Quotes []string `json:"quotes"`
}

// MaxQuotes is how many quotes a theme shows.
const MaxQuotes = 3

// CountThemes counts each theme's tags and picks its quotes (the first
// answers tagged, in response order), most-tagged first.
func CountThemes(themes []Theme, tags []ThemeTag, rs []Response) []ThemeCount {
	text := map[[2]int64]string{}
	for _, r := range rs {
		for _, a := range r.Answers {
			if a.Text != "" {
				text[[2]int64{r.ID, a.QuestionID}] = a.Text
			}
		}
	}
	out := make([]ThemeCount, len(themes))
	idx := map[int64]int{}
	for i, t := range themes {
		out[i] = ThemeCount{Theme: t, Quotes: []string{}}
		idx[t.ID] = i
	}
	tags = slices.Clone(tags)
	slices.SortFunc(tags, func(a, b ThemeTag) int {
		if a.ResponseID != b.ResponseID {
			return int(a.ResponseID - b.ResponseID)
		}
		return int(a.QuestionID - b.QuestionID)
	})
	for _, tg := range tags {
		i, ok := idx[tg.ThemeID]
		if !ok {
			continue
		}
		out[i].Count++
		if q, ok := text[[2]int64{tg.ResponseID, tg.QuestionID}]; ok && len(out[i].Quotes) < MaxQuotes {
			out[i].Quotes = append(out[i].Quotes, q)
		}
	}
	slices.SortStableFunc(out, func(a, b ThemeCount) int { return b.Count - a.Count })
	return out
}

// SubjectKind is what a "you said, we did" link answers.
type SubjectKind string

// The subjects: a consultation theme, or a proposal (the proposals part
// of Voice links its proposals the same way).
const (
	SubjectTheme    SubjectKind = "theme"
	SubjectProposal SubjectKind = "proposal"
)

// TargetKind is what a theme or proposal led to.
type TargetKind string

// The targets.
const (
	TargetDecision     TargetKind = "decision"      // a board decision (places)
	TargetScheme       TargetKind = "scheme"        // a Money scheme
	TargetPlanPriority TargetKind = "plan_priority" // a plan priority
	TargetNotTaken     TargetKind = "not_taken"     // not taken forward, because Reason
)

// TargetKinds lists the targets.
var TargetKinds = []TargetKind{TargetDecision, TargetScheme, TargetPlanPriority, TargetNotTaken}

// Label names a target kind for people.
func (k TargetKind) Label() string {
	switch k {
	case TargetDecision:
		return "Board decision"
	case TargetScheme:
		return "Funded scheme"
	case TargetPlanPriority:
		return "Plan priority"
	case TargetNotTaken:
		return "Not taken forward"
	}
	return string(k)
}

// Link is one "you said, we did" link: a theme (or proposal) led to a
// decision, a scheme, a plan priority, or was not taken forward for a
// reason.
type Link struct {
	ID          int64       `json:"id"`
	SubjectKind SubjectKind `json:"subject_kind"`
	SubjectID   int64       `json:"subject_id"`
	TargetKind  TargetKind  `json:"target_kind"`
	TargetID    int64       `json:"target_id,omitempty"`
	Reason      string      `json:"reason,omitempty"`
	CreatedBy   int64       `json:"-"`
	CreatedAt   string      `json:"created_at"`
}

// MaxReason limits a reason's length.
const MaxReason = 2000

// Normalize trims the reason.
func (l *Link) Normalize() { l.Reason = strings.TrimSpace(l.Reason) }

// Validate checks a link: a decision, scheme or plan priority needs its
// ID; "not taken forward" needs its reason.
func (l *Link) Validate() error {
	var errs validation.Errors
	if l.SubjectKind != SubjectTheme && l.SubjectKind != SubjectProposal {
		errs.Add("subject_kind", "Subject must be theme or proposal")
	}
	if l.SubjectID <= 0 {
		errs.Add("subject_id", "Choose a theme or proposal")
	}
	switch {
	case !slices.Contains(TargetKinds, l.TargetKind):
		errs.Add("target_kind", "Choose what it led to: decision, scheme, plan_priority or not_taken")
	case l.TargetKind == TargetNotTaken:
		if errs.Required("reason", l.Reason, "why it was not taken forward") {
			errs.Text("reason", l.Reason, "Reason", MaxReason, true)
		}
		l.TargetID = 0
	default:
		if l.TargetID <= 0 {
			errs.Add("target_id", "Choose the "+strings.ToLower(l.TargetKind.Label()))
		}
		errs.Text("reason", l.Reason, "Note", MaxReason, true)
	}
	return errs.Err()
}

// YSWDTarget is a link with what it points at, for the page.
type YSWDTarget struct {
	Link  Link   `json:"link"`
	Title string `json:"title"` // the decision's text, the scheme's name; "" for not taken
	Date  string `json:"date,omitempty"`
	URL   string `json:"url,omitempty"` // the public page of the decision
}

// YSWDItem is one item of a "you said, we did" page: what people said (a
// theme with its count) and what was done (its links).
type YSWDItem struct {
	Theme ThemeCount   `json:"theme"`
	WeDid []YSWDTarget `json:"we_did"`
}

// YSWDPage is a consultation's "you said, we did", generated from links:
// Items are the themes that led to at least one decision, scheme or plan
// priority; NotTaken the themes only answered "not taken forward,
// because ..."; Orphans the themes with no answer yet.
type YSWDPage struct {
	Items    []YSWDItem `json:"items"`
	NotTaken []YSWDItem `json:"not_taken"`
	Orphans  []Theme    `json:"orphans"`
}

// YSWD builds the page from the themes (most said first) and each theme's
// links.
func YSWD(themes []ThemeCount, targets map[int64][]YSWDTarget) YSWDPage {
	page := YSWDPage{Items: []YSWDItem{}, NotTaken: []YSWDItem{}, Orphans: []Theme{}}
	for _, t := range themes {
		ts := targets[t.Theme.ID]
		did := false
		for _, x := range ts {
			did = did || x.Link.TargetKind != TargetNotTaken
		}
		switch {
		case len(ts) == 0:
			page.Orphans = append(page.Orphans, t.Theme)
		case did:
			page.Items = append(page.Items, YSWDItem{Theme: t, WeDid: ts})
		default:
			page.NotTaken = append(page.NotTaken, YSWDItem{Theme: t, WeDid: ts})
		}
	}
	return page
}
