package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// Editing a consultation: the form that adds one, filled in. The rules are
// the domain's (voice.Consultation.Validate, voice.CheckQuestionChange),
// applied by the store's UpdateConsultation, as for the API's edit.

// editableConsultation loads the consultation {id} for those who manage
// its partnership's consultations, with its process and the form's rows.
func (w *Web) editableConsultation(rw http.ResponseWriter, r *http.Request) (store.ConsultationItem, voiceConsultationFormView, *auth.Principal, bool) {
	it, ok := w.voiceConsultation(rw, r)
	if !ok {
		return it, voiceConsultationFormView{}, nil, false
	}
	pr, ok := w.allow(rw, r, auth.ManageConsultations, it.PartnershipID)
	if !ok {
		return it, voiceConsultationFormView{}, nil, false
	}
	p, err := w.store.Process(r.Context(), it.ProcessID)
	if err != nil {
		w.storeError(rw, r, err)
		return it, voiceConsultationFormView{}, nil, false
	}
	v := voiceConsultationFormView{P: p, Documents: voiceDocumentRows(len(it.Documents) + 1), Questions: voiceQuestionRows(len(it.Questions) + 2),
		Action: "/voice/consultations/" + formatIntPlain(it.ID) + "/edit", Button: "Save the changes", Editing: &it.Consultation}
	switch {
	case !voice.QuestionsEditable(it.Responses):
		v.Locked = "The questions cannot change: the consultation has " + strconv.Itoa(it.Responses) + " responses, and their answers must match what was asked."
	case hasConditions(it.Questions):
		v.Locked = "Some questions are shown only after an earlier answer; this form cannot say so, so change the questions through the API."
	}
	if v.Locked != "" {
		v.Fixed = it.Questions
	}
	return it, v, pr, true
}

func hasConditions(qs []voice.Question) bool {
	for _, q := range qs {
		if q.ShowIf != nil {
			return true
		}
	}
	return false
}

// consultationForm fills the form with c.
func consultationForm(c voice.Consultation, v voiceConsultationFormView) *Form {
	f := newForm()
	set := func(name, value string) { f.Values.Set(name, value) }
	yes := func(name string, on bool) {
		if on {
			set(name, "yes")
		}
	}
	set("title", c.Title)
	set("summary", c.Summary)
	set("options", c.Options)
	set("opens", c.Opens)
	set("closes", c.Closes)
	set("short_reason", c.ShortReason)
	yes("published", c.Published)
	yes("allow_anonymous", c.AllowAnonymous)
	yes("one_per_page", c.OnePerPage)
	for i, d := range c.Documents {
		set(v.Documents[i].Title, d.Title)
		set(v.Documents[i].URL, d.URL)
		set(v.Documents[i].Format, d.Format)
	}
	if v.Locked == "" {
		for i, q := range c.Questions {
			row := v.Questions[i]
			set(row.Kind, string(q.Kind))
			set(row.Text, q.Text)
			set(row.Hint, q.Hint)
			set(row.Choices, strings.Join(q.Choices, "\n"))
			yes(row.Required, q.Required)
		}
	}
	return f
}

// voiceConsultationEditForm shows the consultation's form, filled in.
func (w *Web) voiceConsultationEditForm(rw http.ResponseWriter, r *http.Request) {
	it, v, _, ok := w.editableConsultation(rw, r)
	if !ok {
		return
	}
	w.renderConsultationForm(rw, r, http.StatusOK, v, consultationForm(it.Consultation, v))
}

// voiceConsultationUpdate saves the edit (audited), or shows the form
// again with each problem by field.
func (w *Web) voiceConsultationUpdate(rw http.ResponseWriter, r *http.Request) {
	it, v, pr, ok := w.editableConsultation(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read.")
		return
	}
	c, rename := consultationFromForm(f, it.Consultation, v)
	if v.Locked != "" && sendsOtherQuestions(f, it.Consultation, v) {
		// The questions were offered when the form was loaded (before the
		// first response, say) and have been changed: refused, as the API
		// refuses them, rather than saved without them.
		f.AddError("questions", v.Locked)
		w.renderConsultationForm(rw, r, http.StatusUnprocessableEntity, v, f)
		return
	}
	if _, err := w.store.UpdateConsultation(r.Context(), pr.Actor(), c); err != nil {
		if !voiceFormErrors(f, err, rename) {
			w.storeError(rw, r, err)
			return
		}
		w.renderConsultationForm(rw, r, http.StatusUnprocessableEntity, v, f)
		return
	}
	http.Redirect(rw, r, "/voice/consultations/"+formatIntPlain(it.ID)+"?done=edited", http.StatusSeeOther)
}

// sendsOtherQuestions reports whether a form sent for a consultation whose
// questions cannot change (v.Locked) has question fields that differ from
// its questions. A form without question fields (the locked form) sends
// none.
func sendsOtherQuestions(f *Form, c voice.Consultation, v voiceConsultationFormView) bool {
	v.Locked = ""
	sent, _ := consultationFromForm(f, c, v)
	if len(sent.Questions) == 0 {
		return false
	}
	sent.Normalize()
	return !voice.SameQuestions(c.Questions, sent.Questions)
}
