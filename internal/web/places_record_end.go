package web

import (
	"net/http"
	"strings"
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
