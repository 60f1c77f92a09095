package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

// boardDecision reads the decision in the path ({id}, {decisionID}) after
// checking the caller may record decisions; false when a response was
// written.
func (w *Web) boardDecision(rw http.ResponseWriter, r *http.Request) (*auth.Principal, places.Decision, bool) {
	return boardRecord(w, rw, r, "decisionID", auth.RecordDecisions, w.store.GetDecision, func(d places.Decision) int64 { return d.PartnershipID })
}

// decisionEditForm shows the decision form filled with what is recorded.
func (w *Web) decisionEditForm(rw http.ResponseWriter, r *http.Request) {
	_, d, ok := w.boardDecision(rw, r)
	if !ok {
		return
	}
	f := newForm()
	f.Values.Set("text", d.Text)
	f.Values.Set("outcome", string(d.Outcome))
	if d.MeetingID != 0 {
		f.Values.Set("meeting_id", strconv.FormatInt(d.MeetingID, 10))
	} else {
		setDate(f, "date", d.Date)
	}
	for _, v := range d.Votes {
		f.Values.Set("vote_"+strconv.FormatInt(v.MemberID, 10), string(v.Choice))
	}
	for i, p := range d.Papers {
		if i < paperRows {
			f.Values.Set("paper_title_"+strconv.Itoa(i+1), p.Title)
			f.Values.Set("paper_url_"+strconv.Itoa(i+1), p.URL)
		}
	}
	w.renderDecisionForm(rw, r, http.StatusOK, d.PartnershipID, d.ID, f)
}

// decisionUpdate saves the changed decision (audited with before and
// after), or shows the form again naming each problem.
func (w *Web) decisionUpdate(rw http.ResponseWriter, r *http.Request) {
	pr, d, ok := w.boardDecision(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	members, err := w.store.ListMembers(r.Context(), d.PartnershipID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	// Papers beyond the form's rows are kept as they were.
	var extra []places.Paper
	if len(d.Papers) > paperRows {
		extra = d.Papers[paperRows:]
	}
	rename := readDecision(f, &d, members)
	d.Papers = append(d.Papers, extra...)
	if f.Valid() {
		_, err = w.store.UpdateDecision(r.Context(), pr.Actor(), d)
		if err == nil {
			http.Redirect(rw, r, "/partnerships/"+formatIntPlain(d.PartnershipID)+"/decisions/"+formatIntPlain(d.ID)+"?done=changed", http.StatusSeeOther)
			return
		}
		if !applyDomainError(f, err, rename) {
			w.storeError(rw, r, err)
			return
		}
	}
	w.renderDecisionForm(rw, r, http.StatusUnprocessableEntity, d.PartnershipID, d.ID, f)
}

func decisionEndView(d places.Decision) endFormView {
	base := "/partnerships/" + formatIntPlain(d.PartnershipID) + "/decisions/" + formatIntPlain(d.ID)
	return endFormView{
		Caption: "Decision of " + dateLong(d.Date), Heading: "Rescind the decision",
		Hint:   "The day it was rescinded or superseded, for example 30 9 2026",
		Action: base + "/end", Button: "Rescind decision", Back: base,
		Consequence: "The decision stays in the record with its votes, shown as rescinded from that day.",
	}
}

// decisionEndForm asks when the decision was rescinded.
func (w *Web) decisionEndForm(rw http.ResponseWriter, r *http.Request) {
	_, d, ok := w.boardDecision(rw, r)
	if !ok {
		return
	}
	f := newForm()
	setDate(f, "date", d.RescindedOn)
	w.renderEndForm(rw, r, http.StatusOK, decisionEndView(d), w.boardCrumbs(r, d.PartnershipID), f)
}

// decisionEnd rescinds the decision, or shows the form again.
func (w *Web) decisionEnd(rw http.ResponseWriter, r *http.Request) {
	pr, d, ok := w.boardDecision(rw, r)
	if !ok {
		return
	}
	w.endRecord(rw, r, decisionEndView(d), w.boardCrumbs(r, d.PartnershipID), "Date the decision was rescinded", "rescinded_on",
		"/partnerships/"+formatIntPlain(d.PartnershipID)+"/decisions/"+formatIntPlain(d.ID)+"?done=rescinded",
		func(date string) error {
			_, err := w.store.RescindDecision(r.Context(), pr.Actor(), d.ID, date)
			return err
		})
}
