package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/voice"
)

// Staff forms that start an engagement process and add a consultation to
// it. Without scripts, the consultation form offers a fixed number of
// question and document rows; rows left blank are ignored.
const (
	voiceQuestionCount = 8
	voiceDocumentCount = 3
)

type voicePhaseRow struct {
	Kind          voice.PhaseKind
	Starts, Ends  string // field names
	Label, Intro  string
	DescriptionAs string
}

type voiceProcessFormView struct {
	P      places.Partnership
	Phases []voicePhaseRow
}

func voicePhaseRows() []voicePhaseRow {
	var out []voicePhaseRow
	for _, k := range voice.PhaseKinds {
		out = append(out, voicePhaseRow{Kind: k, Starts: "phase_" + string(k) + "_starts", Ends: "phase_" + string(k) + "_ends", Label: k.Label()})
	}
	return out
}

// voiceProcessNewForm asks for a process's title, summary and phase dates.
func (w *Web) voiceProcessNewForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.allow(rw, r, auth.ManageConsultations, id); !ok {
		return
	}
	w.renderProcessForm(rw, r, http.StatusOK, id, newForm())
}

func (w *Web) renderProcessForm(rw http.ResponseWriter, r *http.Request, status int, id int64, f *Form) {
	p, err := w.store.GetPartnership(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	order := []string{"title", "summary"}
	for _, row := range voicePhaseRows() {
		order = append(order, row.Starts, row.Ends)
	}
	f.OrderErrors(order...)
	w.render(rw, r, status, "voice-process-new", &Page{Title: "Start an engagement process", Nav: "voice", Form: f,
		Data:        voiceProcessFormView{P: p, Phases: voicePhaseRows()},
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: p.Name, Href: "/partnerships/" + formatIntPlain(p.ID)}}})
}

// voiceProcessCreate starts the process; phases with neither date are
// left out.
func (w *Web) voiceProcessCreate(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.allow(rw, r, auth.ManageConsultations, id)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read.")
		return
	}
	p := voice.Process{PartnershipID: id, Title: f.Get("title"), Summary: f.Get("summary")}
	rename := map[string]string{}
	for _, row := range voicePhaseRows() {
		s, e := f.Get(row.Starts), f.Get(row.Ends)
		if s == "" && e == "" {
			continue
		}
		i := strconv.Itoa(len(p.Phases))
		rename["phases["+i+"].starts"], rename["phases["+i+"].ends"], rename["phases["+i+"].kind"] = row.Starts, row.Ends, row.Starts
		p.Phases = append(p.Phases, voice.Phase{Kind: row.Kind, Starts: s, Ends: e})
	}
	saved, err := w.store.CreateProcess(r.Context(), pr.Actor(), p)
	if err != nil {
		if !voiceFormErrors(f, err, rename) {
			w.storeError(rw, r, err)
			return
		}
		w.renderProcessForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	http.Redirect(rw, r, "/voice/processes/"+formatIntPlain(saved.ID), http.StatusSeeOther)
}

// voiceFormErrors records the domain's field errors on the form under the
// form's own field names.
func voiceFormErrors(f *Form, err error, rename map[string]string) bool {
	tmp := newForm()
	if !tmp.addValidation(err) {
		return false
	}
	for _, e := range tmp.Errors {
		field := e.Field
		if to, ok := rename[field]; ok {
			field = to
		}
		f.AddError(field, e.Message)
	}
	return true
}

type voiceQuestionRow struct {
	N                                   int
	Kind, Text, Hint, Choices, Required string
}

type voiceDocumentRow struct {
	N                  int
	Title, URL, Format string
}

type voiceConsultationFormView struct {
	P         voice.Process
	Questions []voiceQuestionRow
	Documents []voiceDocumentRow
	// Action is where the form posts, Button what its button says.
	Action, Button string
	// Editing is the consultation being edited, as stored (nil for a
	// new one).
	Editing *voice.Consultation
	// Locked says why the questions cannot be changed here ("" when they
	// can); Fixed are the questions then, listed as they are.
	Locked string
	Fixed  []voice.Question
}

// KindOptions are the question types.
func (voiceConsultationFormView) KindOptions() []Option {
	return []Option{{Value: "", Label: "No question"}, {Value: "single", Label: "Single choice"}, {Value: "multiple", Label: "Multiple choice"},
		{Value: "scale", Label: "Scale 1 to 5"}, {Value: "ranking", Label: "Ranking"}, {Value: "text", Label: "Free text"}}
}

// YesOption is a single tick box.
func (voiceConsultationFormView) YesOption(label string) []Option {
	return []Option{{Value: "yes", Label: label}}
}

// voiceQuestionRows are the form's question rows: n, or
// voiceQuestionCount when fewer.
func voiceQuestionRows(n int) []voiceQuestionRow {
	out := make([]voiceQuestionRow, max(n, voiceQuestionCount))
	for i := range out {
		n := "question_" + strconv.Itoa(i+1) + "_"
		out[i] = voiceQuestionRow{N: i + 1, Kind: n + "kind", Text: n + "text", Hint: n + "hint", Choices: n + "choices", Required: n + "required"}
	}
	return out
}

// voiceDocumentRows are the form's document rows: n, or
// voiceDocumentCount when fewer.
func voiceDocumentRows(n int) []voiceDocumentRow {
	out := make([]voiceDocumentRow, max(n, voiceDocumentCount))
	for i := range out {
		n := "document_" + strconv.Itoa(i+1) + "_"
		out[i] = voiceDocumentRow{N: i + 1, Title: n + "title", URL: n + "url", Format: n + "format"}
	}
	return out
}

// voiceConsultationNewForm asks for a consultation: what people need to
// respond (summary, options, documents, dates) and its questions.
func (w *Web) voiceConsultationNewForm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.voiceManagedProcess(rw, r)
	if !ok {
		return
	}
	w.renderConsultationForm(rw, r, http.StatusOK, newConsultationFormView(p), newForm())
}

func newConsultationFormView(p voice.Process) voiceConsultationFormView {
	return voiceConsultationFormView{P: p, Questions: voiceQuestionRows(0), Documents: voiceDocumentRows(0),
		Action: "/voice/processes/" + formatIntPlain(p.ID) + "/consultations/new", Button: "Add the consultation"}
}

func (w *Web) voiceManagedProcess(rw http.ResponseWriter, r *http.Request) (voice.Process, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return voice.Process{}, false
	}
	p, err := w.store.Process(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return p, false
	}
	if _, ok := w.allow(rw, r, auth.ManageConsultations, p.PartnershipID); !ok {
		return p, false
	}
	return p, true
}

// renderConsultationForm shows the consultation form: a new one, or an
// edit (v.Editing).
func (w *Web) renderConsultationForm(rw http.ResponseWriter, r *http.Request, status int, v voiceConsultationFormView, f *Form) {
	order := []string{"title", "summary", "options", "opens", "closes", "short_reason"}
	for _, d := range v.Documents {
		order = append(order, d.Title, d.URL, d.Format)
	}
	order = append(order, "questions")
	for _, q := range v.Questions {
		order = append(order, q.Kind, q.Text, q.Hint, q.Choices)
	}
	f.OrderErrors(order...)
	title, crumbs := "Add a consultation", []Crumb{{Label: "Home", Href: "/"}, {Label: "Voice", Href: "/voice"}, {Label: v.P.Title, Href: "/voice/processes/" + formatIntPlain(v.P.ID)}}
	if v.Editing != nil {
		title = "Edit the consultation"
		crumbs = append(crumbs, Crumb{Label: v.Editing.Title, Href: "/voice/consultations/" + formatIntPlain(v.Editing.ID)})
	}
	w.render(rw, r, status, "voice-consultation-new", &Page{Title: title, Nav: "voice", Form: f, Data: v, Breadcrumbs: crumbs})
}

// consultationFromForm reads the form into c (whose ID, process and
// anything the form does not hold are kept), with its questions unless
// v.Locked. Rows left blank are ignored. rename maps the domain's field
// names (documents[0].title) to the form's (document_1_title).
func consultationFromForm(f *Form, c voice.Consultation, v voiceConsultationFormView) (voice.Consultation, map[string]string) {
	c.Title, c.Summary, c.Options, c.Opens, c.Closes, c.ShortReason = f.Get("title"), f.Get("summary"), f.Get("options"), f.Get("opens"), f.Get("closes"), f.Get("short_reason")
	c.Published, c.AllowAnonymous, c.OnePerPage = f.Get("published") == "yes", f.Get("allow_anonymous") == "yes", f.Get("one_per_page") == "yes"
	rename := map[string]string{}
	c.Documents = nil
	for _, d := range v.Documents {
		title, u, format := f.Get(d.Title), f.Get(d.URL), f.Get(d.Format)
		if title == "" && u == "" && format == "" {
			continue
		}
		i := "documents[" + strconv.Itoa(len(c.Documents)) + "]"
		rename[i+".title"], rename[i+".url"], rename[i+".format"] = d.Title, d.URL, d.Format
		c.Documents = append(c.Documents, voice.Document{Title: title, URL: u, Format: format})
	}
	if v.Locked != "" {
		return c, rename
	}
	c.Questions = nil
	for _, q := range v.Questions {
		kind, text := f.Get(q.Kind), f.Get(q.Text)
		if kind == "" && text == "" {
			continue
		}
		i := "questions[" + strconv.Itoa(len(c.Questions)) + "]"
		rename[i+".kind"], rename[i+".text"], rename[i+".choices"], rename[i+".hint"], rename[i+".show_if"] = q.Kind, q.Text, q.Choices, q.Hint, q.Kind
		var choices []string
		for _, line := range strings.Split(f.Values.Get(q.Choices), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				choices = append(choices, line)
			}
		}
		c.Questions = append(c.Questions, voice.Question{Kind: voice.QuestionKind(kind), Text: text, Hint: f.Get(q.Hint), Choices: choices, Required: f.Get(q.Required) == "yes"})
	}
	return c, rename
}

// voiceConsultationCreate adds the consultation.
func (w *Web) voiceConsultationCreate(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.voiceManagedProcess(rw, r)
	if !ok {
		return
	}
	pr := principal(r)
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read.")
		return
	}
	v := newConsultationFormView(p)
	c, rename := consultationFromForm(f, voice.Consultation{ProcessID: p.ID}, v)
	saved, err := w.store.CreateConsultation(r.Context(), pr.Actor(), c)
	if err != nil {
		if !voiceFormErrors(f, err, rename) {
			w.storeError(rw, r, err)
			return
		}
		w.renderConsultationForm(rw, r, http.StatusUnprocessableEntity, v, f)
		return
	}
	http.Redirect(rw, r, "/voice/consultations/"+formatIntPlain(saved.ID), http.StatusSeeOther)
}
