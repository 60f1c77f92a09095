package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
)

// endFormView is the one-question form that ends a record: a partnership
// wound up, a member's term ended, a meeting cancelled, a decision
// rescinded. The record stays, shown with the date.
type endFormView struct {
	Caption, Heading, Hint, Action, Button, Back string
	// Consequence says what ending keeps, so nobody fears losing history.
	Consequence string
}

func (w *Web) renderEndForm(rw http.ResponseWriter, r *http.Request, status int, v endFormView, crumbs []Crumb, f *Form) {
	f.OrderErrors("date")
	w.render(rw, r, status, "record-end", &Page{Title: v.Heading, Form: f, Breadcrumbs: crumbs, Data: v})
}

// readEndDate reads the end form's date (required), recording problems on f
// in the words of label.
func readEndDate(f *Form, label string) string {
	date := f.DateValue("date", label)
	if date == "" && f.ErrorFor("date") == "" {
		f.AddError("date", "Enter the "+strings.ToLower(label[:1])+label[1:])
	}
	return date
}

// setDate fills a date input's three boxes from a YYYY-MM-DD value, for a
// form that edits a stored record.
func setDate(f *Form, name, iso string) {
	if len(iso) != 10 {
		return
	}
	f.Values.Set(name+"-year", iso[:4])
	f.Values.Set(name+"-month", strings.TrimLeft(iso[5:7], "0"))
	f.Values.Set(name+"-day", strings.TrimLeft(iso[8:10], "0"))
}

// endDateField maps a store problem with a record's own end-date field
// (term_end, cancelled_on, ...) onto the end form's date.
func endDateField(field string) map[string]string { return map[string]string{field: "date"} }

// boardRecord reads the record named by the path parameter param (a
// member, meeting or decision of partnership {id}) after checking the
// caller may do action there. It answers 404 for a record of another
// partnership, and reports false when it has written a response.
func boardRecord[T any](w *Web, rw http.ResponseWriter, r *http.Request, param string, action auth.Action,
	get func(context.Context, int64) (T, error), partnershipOf func(T) int64) (*auth.Principal, T, bool) {
	var zero T
	id, ok1 := pathID(r, "id")
	rid, ok2 := pathID(r, param)
	if !ok1 || !ok2 {
		w.notFound(rw, r)
		return nil, zero, false
	}
	pr, ok := w.allow(rw, r, action, id)
	if !ok {
		return nil, zero, false
	}
	rec, err := get(r.Context(), rid)
	if err != nil {
		w.storeError(rw, r, err)
		return nil, zero, false
	}
	if partnershipOf(rec) != id {
		w.notFound(rw, r)
		return nil, zero, false
	}
	return pr, rec, true
}

// endRecord answers an end form's POST: it reads the date, calls end, and
// goes to done, or shows the form again with the problems. field is the
// record's own end-date field, whose problems belong to the form's date.
func (w *Web) endRecord(rw http.ResponseWriter, r *http.Request, v endFormView, crumbs []Crumb, label, field, done string, end func(date string) error) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	date := readEndDate(f, label)
	if f.Valid() {
		err = end(date)
		if err == nil {
			http.Redirect(rw, r, done, http.StatusSeeOther)
			return
		}
		if !applyDomainError(f, err, endDateField(field)) {
			w.storeError(rw, r, err)
			return
		}
		// The domain words a bad date for YYYY-MM-DD text; the form has boxes.
		if strings.HasPrefix(f.ErrorFor("date"), "Date must") {
			reword(f, "date", label)
		}
	}
	w.renderEndForm(rw, r, http.StatusUnprocessableEntity, v, crumbs, f)
}
