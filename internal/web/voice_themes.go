package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// voiceManageGate loads the consultation and the form for a staff action.
func (w *Web) voiceManageGate(rw http.ResponseWriter, r *http.Request) (store.ConsultationItem, *auth.Principal, *Form, bool) {
	it, ok := w.voiceConsultation(rw, r)
	if !ok {
		return it, nil, nil, false
	}
	pr, ok := w.allow(rw, r, auth.ManageConsultations, it.PartnershipID)
	if !ok {
		return it, nil, nil, false
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read.")
		return it, nil, nil, false
	}
	return it, pr, f, true
}

func (w *Web) voiceAnalysisDone(rw http.ResponseWriter, r *http.Request, id int64, done string) {
	http.Redirect(rw, r, "/voice/consultations/"+formatIntPlain(id)+"/analysis?done="+done, http.StatusSeeOther)
}

// formInt reads a positive whole number field, recording a problem
// naming it otherwise.
func formInt(f *Form, field, message string) int64 {
	n, err := strconv.ParseInt(f.Get(field), 10, 64)
	if err != nil || n <= 0 {
		f.AddError(field, message)
		return 0
	}
	return n
}

// voiceThemeCreate adds a theme to the consultation.
func (w *Web) voiceThemeCreate(rw http.ResponseWriter, r *http.Request) {
	it, pr, f, ok := w.voiceManageGate(rw, r)
	if !ok {
		return
	}
	_, err := w.store.CreateTheme(r.Context(), pr.Actor(), voice.Theme{ConsultationID: it.ID, Name: f.Get("name"), Description: f.Get("description")})
	if err != nil {
		if !f.addValidation(err) {
			w.storeError(rw, r, err)
			return
		}
		w.renderAnalysis(rw, r, http.StatusUnprocessableEntity, it, pr, f, "")
		return
	}
	w.voiceAnalysisDone(rw, r, it.ID, "theme")
}

// voiceTag tags a free-text answer with a theme.
func (w *Web) voiceTag(rw http.ResponseWriter, r *http.Request) {
	it, pr, f, ok := w.voiceManageGate(rw, r)
	if !ok {
		return
	}
	tg := voice.ThemeTag{ThemeID: formInt(f, "theme_id", "Choose a theme"), ResponseID: formInt(f, "response_id", "response_id must be a response number"),
		QuestionID: formInt(f, "question_id", "question_id must be a question number")}
	if f.Valid() {
		if th, err := w.store.Theme(r.Context(), tg.ThemeID); errors.Is(err, store.ErrNotFound) || (err == nil && th.ConsultationID != it.ID) {
			f.AddError("theme_id", "Choose a theme of this consultation")
		} else if err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if f.Valid() {
		if err := w.store.TagAnswer(r.Context(), tg); err != nil && !f.addValidation(err) {
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		w.renderAnalysis(rw, r, http.StatusUnprocessableEntity, it, pr, f, "")
		return
	}
	w.voiceAnalysisDone(rw, r, it.ID, "tagged")
}

// voiceLinkCreate records what a theme led to: a board decision, or "not
// taken forward, because …".
func (w *Web) voiceLinkCreate(rw http.ResponseWriter, r *http.Request) {
	it, pr, f, ok := w.voiceManageGate(rw, r)
	if !ok {
		return
	}
	l := voice.Link{SubjectKind: voice.SubjectTheme, SubjectID: formInt(f, "theme_id", "Choose a theme"), TargetKind: voice.TargetKind(f.Get("target_kind")),
		Reason: f.Get("reason")}
	if l.TargetKind != voice.TargetNotTaken && f.Get("target_id") != "" {
		l.TargetID = formInt(f, "target_id", "Choose a decision")
	}
	if f.Valid() {
		if th, err := w.store.Theme(r.Context(), l.SubjectID); errors.Is(err, store.ErrNotFound) || (err == nil && th.ConsultationID != it.ID) {
			f.AddError("theme_id", "Choose a theme of this consultation")
		} else if err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if f.Valid() {
		if _, err := w.store.AddLink(r.Context(), pr.Actor(), l); err != nil {
			if !f.addValidation(err) {
				w.storeError(rw, r, err)
				return
			}
			// The domain names the subject subject_id; the form names it theme_id.
			for i := range f.Errors {
				if f.Errors[i].Field == "subject_id" {
					f.Errors[i].Field, f.Errors[i].ID = "theme_id", "theme_id"
				}
			}
		}
	}
	if !f.Valid() {
		w.renderAnalysis(rw, r, http.StatusUnprocessableEntity, it, pr, f, "")
		return
	}
	w.voiceAnalysisDone(rw, r, it.ID, "linked")
}
