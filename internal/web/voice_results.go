package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type voiceQuestionResult struct {
	R     voice.QuestionResult
	Chart *chartView
	ID    string
}

type voiceResultsView struct {
	C          store.ConsultationItem
	Closed     bool
	Responses  int
	Questions  []voiceQuestionResult
	Themes     []voice.ThemeCount
	CanAnalyse bool
}

// voiceResults shows each question's counts and percentages as a chart
// with its text alternative and table, and the themes people raised.
// Everyone sees them once the consultation has closed; before that only
// those who analyse consultations do. No respondent is named.
func (w *Web) voiceResults(rw http.ResponseWriter, r *http.Request) {
	it, ok := w.voiceConsultation(rw, r)
	if !ok {
		return
	}
	day := w.store.VoiceToday()
	canAnalyse := auth.Can(principal(r), auth.AnalyseConsultations, it.PartnershipID)
	if !it.ResultsVisible(day, canAnalyse) {
		w.resultsNotPublished(rw, r, it)
		return
	}
	res, err := voice.LoadResults(r.Context(), w.store, it.Consultation)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := voiceResultsView{C: it, Closed: it.ClosedOn(day), Responses: res.Analysis.Responses, Themes: res.Themes, CanAnalyse: canAnalyse}
	v.Questions = voiceCharts(res.Analysis)
	w.render(rw, r, http.StatusOK, "voice-results", &Page{Title: "Results: " + it.Title, Nav: "voice", Data: v, Breadcrumbs: voiceCrumbs(it, true)})
}

// voiceCharts draws each choice question's counts.
func voiceCharts(a voice.Analysis) []voiceQuestionResult {
	var out []voiceQuestionResult
	for _, qr := range a.Questions {
		x := voiceQuestionResult{R: qr, ID: "question-" + strconv.Itoa(qr.Question.Position)}
		if qr.Question.Kind != voice.QuestionText {
			bars := make([]chart.CountBar, len(qr.Options))
			for i, o := range qr.Options {
				bars[i] = chart.CountBar{Label: o.Label, Count: o.Count, Percent: o.Percent}
			}
			title := "Q" + strconv.Itoa(qr.Question.Position) + ". " + qr.Question.Text
			if qr.Question.Kind == voice.QuestionRanking {
				title += " (first choices)"
			}
			cv := newChartView("chart-"+x.ID, chart.CountChart("chart-"+x.ID, title, qr.Answered, bars), "")
			x.Chart = &cv
		}
		out = append(out, x)
	}
	return out
}

type voiceTextAnswer struct {
	ResponseID int64
	QuestionID int64
	Question   string
	Text       string
	Themes     []string
}

type voiceAnalysisView struct {
	C            store.ConsultationItem
	Responses    int
	By           voice.CrossBy
	ByOptions    []Option
	QOptions     []Option
	Cross        *voice.CrossTab
	Themes       []voice.ThemeCount
	ThemeOptions []Option
	Texts        []voiceTextAnswer
	YSWD         voice.YSWDPage
	CanManage    bool
	CanSeePeople bool
	Decisions    []Option
	TargetKinds  []Option
}

// voiceAnalysis is the staff's analysis page: a cross-tabulation chosen
// with ?by= and ?q=, the themes and the free-text answers to tag, the
// "you said, we did" links to record, and the exports.
func (w *Web) voiceAnalysis(rw http.ResponseWriter, r *http.Request) {
	it, ok := w.voiceConsultation(rw, r)
	if !ok {
		return
	}
	pr, ok := w.allow(rw, r, auth.AnalyseConsultations, it.PartnershipID)
	if !ok {
		return
	}
	notice := map[string]string{"theme": "Theme added", "tagged": "Answer tagged", "linked": "You said, we did: link recorded"}[r.URL.Query().Get("done")]
	w.renderAnalysis(rw, r, http.StatusOK, it, pr, newForm(), notice)
}

func (w *Web) renderAnalysis(rw http.ResponseWriter, r *http.Request, status int, it store.ConsultationItem, pr *auth.Principal, f *Form, notice string) {
	ctx := r.Context()
	res, err := voice.LoadResults(ctx, w.store, it.Consultation)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := voiceAnalysisView{C: it, Responses: res.Analysis.Responses, Themes: res.Themes, YSWD: res.YSWD,
		CanManage: auth.Can(pr, auth.ManageConsultations, it.PartnershipID), CanSeePeople: auth.Can(pr, auth.ViewRespondents, it.PartnershipID)}
	for _, b := range voice.CrossBys {
		v.ByOptions = append(v.ByOptions, Option{Value: string(b), Label: b.Label()})
	}
	for _, q := range it.Questions {
		if q.Crossable() {
			v.QOptions = append(v.QOptions, Option{Value: formatIntPlain(q.ID), Label: "Q" + itoa(q.Position) + ". " + q.Text})
		}
	}
	// The cross-tabulation: ?by= and ?q= (defaults: district, first question).
	query := r.URL.Query()
	by := voice.CrossBy(query.Get("by"))
	if by == "" {
		by = voice.ByDistrict
	}
	if !by.Valid() {
		f.AddParamError("by", "by must be one of district, ward, lsoa, age_band or respondent_type")
		by = voice.ByDistrict
		status = http.StatusBadRequest
	}
	v.By = by
	f.Values.Set("by", string(by))
	var qID int64
	if s := query.Get("q"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		q, found := it.Question(n)
		if err != nil || !found || !q.Crossable() {
			f.AddParamError("q", "q must be the number of a choice question of this consultation")
			status = http.StatusBadRequest
		} else {
			qID = n
		}
	}
	if qID == 0 && len(v.QOptions) > 0 {
		qID, _ = strconv.ParseInt(v.QOptions[0].Value, 10, 64)
	}
	f.Values.Set("q", formatIntPlain(qID))
	if q, found := it.Question(qID); found {
		var codes []string
		for _, resp := range res.Responses {
			if g := resp.GroupOf(by); g != voice.NotGiven && !slices.Contains(codes, g) {
				codes = append(codes, g)
			}
		}
		names := map[string]string{}
		if by == voice.ByDistrict || by == voice.ByWard || by == voice.ByLSOA {
			names = w.areaNames(ctx, codes)
		}
		names[string(voice.RespondentResident)] = "Residents"
		names[string(voice.RespondentOrganisation)] = "Organisations"
		ct := voice.Cross(q, res.Responses, by, names)
		v.Cross = &ct
	}
	themeNames := map[int64]string{}
	for _, t := range res.Themes {
		themeNames[t.Theme.ID] = t.Theme.Name
		v.ThemeOptions = append(v.ThemeOptions, Option{Value: formatIntPlain(t.Theme.ID), Label: t.Theme.Name})
	}
	tagged := map[[2]int64][]string{}
	for _, tg := range res.Tags {
		k := [2]int64{tg.ResponseID, tg.QuestionID}
		tagged[k] = append(tagged[k], themeNames[tg.ThemeID])
	}
	for _, resp := range res.Responses {
		for _, a := range resp.Answers {
			if a.Text == "" {
				continue
			}
			q, _ := it.Question(a.QuestionID)
			v.Texts = append(v.Texts, voiceTextAnswer{ResponseID: resp.ID, QuestionID: a.QuestionID, Question: "Q" + itoa(q.Position), Text: a.Text,
				Themes: tagged[[2]int64{resp.ID, a.QuestionID}]})
		}
	}
	if v.CanManage {
		decisions, err := w.store.ListDecisions(ctx, it.PartnershipID)
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		v.Decisions = []Option{{Value: "", Label: "Choose a decision"}}
		for _, d := range decisions {
			text := d.Text
			if len([]rune(text)) > 80 {
				text = string([]rune(text)[:80]) + "…"
			}
			v.Decisions = append(v.Decisions, Option{Value: formatIntPlain(d.ID), Label: dateLong(d.Date) + ": " + text})
		}
		v.TargetKinds = []Option{{Value: string(voice.TargetDecision), Label: "A board decision"}, {Value: string(voice.TargetNotTaken), Label: "Not taken forward"}}
	}
	w.render(rw, r, status, "voice-analysis", &Page{Title: "Analysis: " + it.Title, Nav: "voice", Form: f, Data: v, Notice: notice, Breadcrumbs: voiceCrumbs(it, true)})
}

// resultsNotPublished answers a request for a consultation's results
// before they are published (voice.Consultation.ResultsVisible).
func (w *Web) resultsNotPublished(rw http.ResponseWriter, r *http.Request, it store.ConsultationItem) {
	w.render(rw, r, http.StatusNotFound, "error", &Page{Title: "Results are not published yet",
		Data: errorView{Message: "The results are published when the consultation closes on " + dateLong(it.Closes) + "."}})
}
