package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

func voiceRespondentKey(userID int64) string { return voice.Respondent{UserID: userID}.Key() }

// voiceQuestionField is one question as the response form shows it.
type voiceQuestionField struct {
	Q       voice.Question
	Field   Field
	Ranking []Field // one select per choice, for ranking questions
	Number  int     // its number among the questions shown
	Hidden  bool    // shown on another page: carried as hidden inputs
	Carried []voiceCarried
}

// voiceCarried is one value carried in a hidden input.
type voiceCarried struct{ Name, Value string }

type voiceRespondView struct {
	C         store.ConsultationItem
	Questions []voiceQuestionField
	PerPage   bool
	Page      int // 1-based page, when one question per page
	Pages     int
	Last      bool
	Orgs      []Option
	AllowAnon bool
	Action    string
}

// AnonOptions is the one box that asks for an anonymous response.
func (voiceRespondView) AnonOptions() []Option {
	return []Option{{Value: "yes", Label: "Respond anonymously: staff will not see your name or e-mail address"}}
}

// voiceRespondForm shows the response form, filled with the person's
// saved response when there is one. Long surveys show one question per
// page (the GOV.UK pattern); the answers so far travel with the form, so
// no JavaScript and no half-saved response is needed.
func (w *Web) voiceRespondForm(rw http.ResponseWriter, r *http.Request) {
	it, pr, ok := w.voiceRespondGate(rw, r)
	if !ok {
		return
	}
	f := newForm()
	if saved, err := w.store.ResponseOf(r.Context(), it.ID, voiceRespondentKey(pr.UserID)); err == nil {
		voiceFillForm(f, it.Consultation, saved.Answers)
		if saved.Anonymous {
			f.Values.Set("anonymous", "yes")
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		w.storeError(rw, r, err)
		return
	}
	if r.URL.Query().Get("changed") == "1" && len(it.Questions) > 0 {
		// Sent here by voiceRespond: an edit replaced the questions
		// this person had answered.
		f.AddError(it.Questions[0].Field(), voice.QuestionsChangedMessage)
	}
	w.renderRespond(rw, r, http.StatusOK, it, f, 1)
}

// voiceRespondGate lets in a signed-in person with a confirmed e-mail
// address while the consultation is open.
func (w *Web) voiceRespondGate(rw http.ResponseWriter, r *http.Request) (store.ConsultationItem, *auth.Principal, bool) {
	it, ok := w.voiceConsultation(rw, r)
	if !ok {
		return it, nil, false
	}
	pr, ok := w.requireSignIn(rw, r)
	if !ok {
		return it, nil, false
	}
	if !pr.EmailConfirmed {
		w.render(rw, r, http.StatusForbidden, "error", &Page{Title: "Confirm your e-mail address first",
			Data: errorView{Message: "Open the link we sent to your e-mail address, then come back to respond. You can ask for a new link at /register/resend."}})
		return it, nil, false
	}
	if !it.OpenOn(w.store.VoiceToday()) {
		w.render(rw, r, http.StatusConflict, "error", &Page{Title: "This consultation is not open",
			Data: errorView{Message: "It takes responses from " + dateLong(it.Opens) + " to " + dateLong(it.Closes) + "."}})
		return it, nil, false
	}
	return it, pr, true
}

// voiceFillForm writes saved answers into the form's fields.
func voiceFillForm(f *Form, c voice.Consultation, answers []voice.Answer) {
	for _, a := range answers {
		q, ok := c.Question(a.QuestionID)
		if !ok {
			continue
		}
		switch q.Kind {
		case voice.QuestionText:
			f.Values.Set(q.Field(), a.Text)
		case voice.QuestionRanking:
			for pos, choice := range a.Choices {
				f.Values.Set(q.Field()+"_"+strconv.Itoa(choice), strconv.Itoa(pos+1))
			}
		default:
			for _, ch := range a.Choices {
				f.Values.Add(q.Field(), strconv.Itoa(ch))
			}
		}
	}
}

// voiceReadAnswers reads the answers from the form, recording a problem
// for values that are not what the form offers.
func voiceReadAnswers(f *Form, c voice.Consultation) []voice.Answer {
	var out []voice.Answer
	for _, q := range c.Questions {
		a := voice.Answer{QuestionID: q.ID}
		switch q.Kind {
		case voice.QuestionText:
			a.Text = f.Values.Get(q.Field())
		case voice.QuestionRanking:
			n := len(q.Choices)
			order := make([]int, n)
			for i := range order {
				order[i] = -1
			}
			given, bad := 0, false
			for j := range n {
				s := f.Get(q.Field() + "_" + strconv.Itoa(j))
				if s == "" {
					continue
				}
				given++
				rank, err := strconv.Atoi(s)
				if err != nil || rank < 1 || rank > n || order[rank-1] != -1 {
					bad = true
					continue
				}
				order[rank-1] = j
			}
			switch {
			case bad || (given > 0 && given < n):
				f.AddError(q.Field(), "Give each choice a different rank, from 1 to "+strconv.Itoa(n))
			case given == n:
				a.Choices = order
			}
		default:
			for _, s := range f.Values[q.Field()] {
				if s == "" {
					continue
				}
				n, err := strconv.Atoi(s)
				if err != nil {
					f.AddError(q.Field(), "Select one of the answers to "+strconv.Quote(q.Text))
					break
				}
				a.Choices = append(a.Choices, n)
			}
		}
		out = append(out, a)
	}
	return out
}

// voiceRespond saves the response, or moves between pages of a long
// survey. Problems are shown with the GOV.UK error summary, naming each
// question's field.
func (w *Web) voiceRespond(rw http.ResponseWriter, r *http.Request) {
	it, pr, ok := w.voiceRespondGate(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read.")
		return
	}
	c := it.Consultation
	answers := voiceReadAnswers(f, c)
	page := 0
	if c.PerPage() {
		page, err = strconv.Atoi(f.Get("page"))
		if err != nil || page < 1 {
			f.AddError("page", "page must be a number from 1")
			w.renderRespond(rw, r, http.StatusUnprocessableEntity, it, f, 1)
			return
		}
	}
	shown := voiceShownQuestions(c, answers)
	if page > 0 && page <= len(shown) && f.Get("action") != "submit" {
		// Check this page's question only, then show the next.
		q := shown[page-1]
		if _, err := (voice.Consultation{Questions: []voice.Question{voiceUnconditional(q)}}).CheckAnswers(answers); err != nil {
			f.addValidation(err)
		}
		if !f.Valid() {
			w.renderRespond(rw, r, http.StatusUnprocessableEntity, it, f, page)
			return
		}
		if page < len(shown) {
			w.renderRespond(rw, r, http.StatusOK, it, f, page+1)
			return
		}
	}
	if !f.Valid() {
		w.renderRespond(rw, r, http.StatusUnprocessableEntity, it, f, voicePageOf(shown, f))
		return
	}
	who := voice.Respondent{UserID: pr.UserID, EmailConfirmed: pr.EmailConfirmed}
	if org := f.Get("respond_for"); org != "" {
		id, err := strconv.ParseInt(org, 10, 64)
		if err != nil || id <= 0 {
			f.AddError("respond_for", "Choose an organisation from the list, or respond as yourself")
		} else if _, err := w.store.GetOrganisation(r.Context(), id); err != nil {
			f.AddError("respond_for", "Choose an organisation from the list, or respond as yourself")
		}
		who.OrgID = id
	}
	if !f.Valid() {
		w.renderRespond(rw, r, http.StatusUnprocessableEntity, it, f, voicePageOf(shown, f))
		return
	}
	u, err := w.store.GetUser(r.Context(), pr.UserID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	who.LSOACode, who.WardCode, who.DistrictCode, who.AgeBand = u.LSOACode, u.WardCode, u.DistrictCode, u.AgeBand
	resp, err := c.PrepareResponse(w.store.VoiceToday(), who, f.Get("anonymous") == "yes", answers)
	switch {
	case errors.Is(err, voice.ErrNoAnonymous):
		f.AddError("anonymous", "This consultation does not take anonymous responses")
	case err != nil && !f.addValidation(err):
		w.serverError(rw, r, err)
		return
	}
	if !f.Valid() {
		w.renderRespond(rw, r, http.StatusUnprocessableEntity, it, f, voicePageOf(shown, f))
		return
	}
	if _, err := w.store.SaveResponse(r.Context(), resp); errors.Is(err, voice.ErrNotRespondent) {
		f.AddError("respond_for", "Somebody else has already responded for this organisation")
		w.renderRespond(rw, r, http.StatusConflict, it, f, voicePageOf(shown, f))
		return
	} else if errors.Is(err, voice.ErrQuestionsChanged) {
		// The form was checked against questions an edit has since
		// replaced: show the current ones again.
		http.Redirect(rw, r, "/voice/consultations/"+formatIntPlain(it.ID)+"/respond?changed=1", http.StatusSeeOther)
		return
	} else if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/voice/consultations/"+formatIntPlain(it.ID)+"?done=saved", http.StatusSeeOther)
}

// voiceUnconditional is q without its condition, for checking one page.
func voiceUnconditional(q voice.Question) voice.Question {
	q.ShowIf = nil
	return q
}

// voiceShownQuestions lists the questions the answers so far show.
func voiceShownQuestions(c voice.Consultation, answers []voice.Answer) []voice.Question {
	by := map[int64]voice.Answer{}
	for _, a := range answers {
		by[a.QuestionID] = a
	}
	vis := c.Visible(by)
	var out []voice.Question
	for _, q := range c.Questions {
		if vis[q.ID] {
			out = append(out, q)
		}
	}
	return out
}

// voicePageOf is the page of the first question with a problem (1 when
// none or the problem is not a question's).
func voicePageOf(shown []voice.Question, f *Form) int {
	for i, q := range shown {
		if f.ErrorFor(q.Field()) != "" {
			return i + 1
		}
	}
	return 1
}

func (w *Web) renderRespond(rw http.ResponseWriter, r *http.Request, status int, it store.ConsultationItem, f *Form, page int) {
	c := it.Consultation
	answers := voiceReadAnswers(&Form{Values: f.Values}, c)
	shown := voiceShownQuestions(c, answers)
	v := voiceRespondView{C: it, PerPage: c.PerPage(), AllowAnon: c.AllowAnonymous, Action: "/voice/consultations/" + formatIntPlain(it.ID) + "/respond"}
	if v.PerPage {
		v.Pages = len(shown)
		if page > v.Pages {
			page = v.Pages
		}
		if page < 1 {
			page = 1
		}
		v.Page, v.Last = page, page == v.Pages
	} else {
		v.Last = true
	}
	if !v.PerPage {
		// On one page without scripts, a conditional question cannot
		// appear when its condition is met: every question is shown, the
		// conditional ones saying when to answer (answers to them are
		// dropped when the condition is not met).
		shown = c.Questions
	}
	shownIdx := map[int64]int{}
	for i, q := range shown {
		shownIdx[q.ID] = i + 1
	}
	order := []string{}
	for _, q := range c.Questions {
		n, isShown := shownIdx[q.ID]
		qf := voiceQuestionField{Q: q, Number: n}
		if !isShown || (v.PerPage && n != v.Page) {
			qf.Hidden = true
			for _, name := range voiceFieldNames(q) {
				for _, val := range f.Values[name] {
					qf.Carried = append(qf.Carried, voiceCarried{Name: name, Value: val})
				}
			}
			qf.Field = Field{Name: q.Field()}
			v.Questions = append(v.Questions, qf)
			continue
		}
		order = append(order, q.Field())
		label := q.Text
		if !q.Required {
			label += " (optional)"
		}
		hint := q.Hint
		if q.ShowIf != nil && !v.PerPage && q.ShowIf.Position >= 1 && q.ShowIf.Position <= len(c.Questions) {
			on := c.Questions[q.ShowIf.Position-1]
			if opts := on.Options(); q.ShowIf.Choice >= 0 && q.ShowIf.Choice < len(opts) {
				hint = strings.TrimSpace("Answer only if you chose ‘" + opts[q.ShowIf.Choice] + "’ for question " + itoa(on.Position) + ". " + hint)
			}
		}
		switch q.Kind {
		case voice.QuestionText:
			qf.Field = f.Textarea(q.Field(), label, "hint="+hint, "rows=5")
		case voice.QuestionMultiple:
			if hint == "" {
				hint = "Select all that apply."
			}
			qf.Field = f.Choice(q.Field(), label, voiceOptions(q), "hint="+hint)
		case voice.QuestionRanking:
			if hint == "" {
				hint = "Give each a different number: 1 for the most important."
			}
			qf.Field = f.field(q.Field(), label, []string{"hint=" + hint})
			ranks := []Option{{Value: "", Label: "Choose a rank"}}
			for i := range q.Choices {
				ranks = append(ranks, Option{Value: strconv.Itoa(i + 1), Label: strconv.Itoa(i + 1)})
			}
			for j, ch := range q.Choices {
				name := q.Field() + "_" + strconv.Itoa(j)
				sf := f.Choice(name, ch, ranks)
				if j == 0 {
					sf.ID = fieldID(q.Field())
				}
				qf.Ranking = append(qf.Ranking, sf)
			}
		default:
			qf.Field = f.Choice(q.Field(), label, voiceOptions(q), "hint="+hint)
		}
		if v.PerPage {
			qf.Field.Heading = true
		}
		v.Questions = append(v.Questions, qf)
	}
	order = append(order, "respond_for", "anonymous", "page")
	f.OrderErrors(order...)
	if v.Last {
		orgs, _, err := w.store.ListOrganisations(r.Context(), store.OrgFilter{AreaCode: it.AreaCode, Page: store.Page{Limit: 200}})
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		if len(orgs) > 0 {
			v.Orgs = append(v.Orgs, Option{Value: "", Label: "Myself"})
			for _, o := range orgs {
				v.Orgs = append(v.Orgs, Option{Value: formatIntPlain(o.ID), Label: o.Name + " (" + places.OrgKind(o.Kind).Label() + ")"})
			}
		}
	}
	title := it.Title
	if v.PerPage && len(shown) > 0 {
		title = shown[v.Page-1].Text
	}
	w.render(rw, r, status, "voice-respond", &Page{Title: title, Nav: "voice", Form: f, Data: v, Breadcrumbs: voiceCrumbs(it, true)})
}

// voiceFieldNames lists the form fields of a question.
func voiceFieldNames(q voice.Question) []string {
	if q.Kind != voice.QuestionRanking {
		return []string{q.Field()}
	}
	out := make([]string, len(q.Choices))
	for j := range q.Choices {
		out[j] = q.Field() + "_" + strconv.Itoa(j)
	}
	return out
}

// voiceOptions are a choice question's options, valued by index.
func voiceOptions(q voice.Question) []Option {
	opts := q.Options()
	out := make([]Option, len(opts))
	for i, o := range opts {
		out[i] = Option{Value: strconv.Itoa(i), Label: o}
	}
	return out
}
