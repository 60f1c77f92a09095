package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode"
)

// maxFormBytes caps a form body; the largest legitimate form (a decision
// with its text and papers) is far smaller. Imports use their own limit.
const maxFormBytes = 1 << 20

// Form is a submitted (or blank) form: the values to show again and the
// problems found, in the order they were found. Field names are the domain's
// snake_case names, so a *validation.Errors from the domain maps straight
// onto the fields.
type Form struct {
	Values url.Values
	Errors []FormError
	// ids maps a field to the element its errors link to, where that is not
	// the field's own id (a date's day box, for example).
	ids map[string]string
}

// FormError is one problem, with the id of the element the error summary
// links to.
type FormError struct {
	Field   string
	ID      string
	Message string
	// NoLink marks a problem with a query parameter that has no field on the
	// page (such as page or sort); the summary shows it without a link.
	NoLink bool
}

func newForm() *Form { return &Form{Values: url.Values{}} }

// parseForm reads a POSTed urlencoded form within maxFormBytes. A body that
// cannot be read gives an error the caller turns into a 400.
func parseForm(rw http.ResponseWriter, r *http.Request) (*Form, error) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return &Form{Values: r.PostForm}, nil
}

// Get returns the trimmed value of field.
func (f *Form) Get(field string) string { return strings.TrimSpace(f.Values.Get(field)) }

// AddError records a problem with field, once per field.
func (f *Form) AddError(field, message string) {
	for _, e := range f.Errors {
		if e.Field == field {
			return
		}
	}
	id := fieldID(field)
	if to, ok := f.ids[field]; ok {
		id = to
	}
	f.Errors = append(f.Errors, FormError{Field: field, ID: id, Message: message})
}

// AddParamError records a problem with a query parameter that is not a
// field on the page. The message should name the parameter.
func (f *Form) AddParamError(param, message string) {
	f.AddError(param, message)
	f.Errors[len(f.Errors)-1].NoLink = f.Errors[len(f.Errors)-1].Field == param
}

// ErrorFor returns field's message, or "".
func (f *Form) ErrorFor(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Valid reports whether no problem was recorded.
func (f *Form) Valid() bool { return len(f.Errors) == 0 }

// fieldID turns a field name such as "votes[2].choice" into an element id
// ("votes-2-choice") that is valid in HTML and in a URL fragment.
func fieldID(field string) string {
	var b strings.Builder
	dash := false
	for _, r := range field {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Field is what the input, textarea, select, radios and checkboxes
// components render.
type Field struct {
	ID           string
	Name         string
	Label        string
	Hint         string
	Value        string
	Values       []string // checkboxes
	Error        string
	Type         string // input type; "text" unless set
	Autocomplete string
	InputMode    string
	Spellcheck   string
	Width        string // GOV.UK width class suffix: "10", "20", "one-half"...
	Rows         int
	Heading      bool // the label or legend is the page's h1
	Inline       bool // radios side by side
	Options      []Option
}

// Option is one choice in a select, radios or checkboxes.
type Option struct {
	Value   string
	Label   string
	Hint    string
	Checked bool
	ID      string
}

// Field options from templates are written "key=value", e.g.
// (.Form.Input "name" "Full name" "autocomplete=name" "width=20").
func (f *Form) field(name, label string, opts []string) Field {
	fd := Field{ID: fieldID(name), Name: name, Label: label, Type: "text", Rows: 5}
	if f != nil {
		fd.Value = f.Values.Get(name)
		fd.Values = f.Values[name]
		fd.Error = f.ErrorFor(name)
	}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "hint":
			fd.Hint = v
		case "type":
			fd.Type = v
		case "autocomplete":
			fd.Autocomplete = v
		case "inputmode":
			fd.InputMode = v
		case "spellcheck":
			fd.Spellcheck = v
		case "width":
			fd.Width = v
		case "rows":
			fd.Rows = atoiDefault(v, 5)
		case "heading":
			fd.Heading = true
		case "inline":
			fd.Inline = true
		case "id":
			fd.ID = v
		}
	}
	return fd
}

// Input describes a text input.
func (f *Form) Input(name, label string, opts ...string) Field { return f.field(name, label, opts) }

// Textarea describes a textarea.
func (f *Form) Textarea(name, label string, opts ...string) Field { return f.field(name, label, opts) }

// Choice describes a select, radios or checkboxes over options, marking the
// ones the form holds. The first option's id is the field's id, so the error
// summary's link lands on it (the GOV.UK convention).
func (f *Form) Choice(name, label string, options []Option, opts ...string) Field {
	fd := f.field(name, label, opts)
	chosen := map[string]bool{}
	for _, v := range fd.Values {
		chosen[v] = true
	}
	fd.Options = make([]Option, len(options))
	for i, o := range options {
		o.Checked = chosen[o.Value]
		if i == 0 {
			o.ID = fd.ID
		} else {
			o.ID = fd.ID + "-" + itoa(i+1)
		}
		fd.Options[i] = o
	}
	return fd
}

func atoiDefault(s string, def int) int {
	n := 0
	if s == "" {
		return def
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
		if n > 1000 {
			return def
		}
	}
	return n
}

func itoa(n int) string { return formatIntPlain(int64(n)) }

func formatIntPlain(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// OrderErrors puts the problems in the order the fields appear on the page,
// as the GOV.UK error summary should list them. Fields not named keep their
// order, after the named ones.
func (f *Form) OrderErrors(fields ...string) {
	rank := map[string]int{}
	for i, name := range fields {
		rank[name] = i
	}
	pos := func(e FormError) int {
		if r, ok := rank[e.Field]; ok {
			return r
		}
		return len(fields)
	}
	sort.SliceStable(f.Errors, func(i, j int) bool { return pos(f.Errors[i]) < pos(f.Errors[j]) })
}

// DateField is the GOV.UK date input: day, month and year boxes named
// <name>-day, <name>-month and <name>-year.
type DateField struct {
	ID, Label, Hint  string
	Day, Month, Year string
	Error            string
	DayErr, MonthErr bool
	YearErr          bool
}

// DateInput describes a date input for field name.
func (f *Form) DateInput(name, label, hint string) DateField {
	d := DateField{ID: fieldID(name), Label: label, Hint: hint}
	if f != nil {
		d.Day, d.Month, d.Year = f.Values.Get(name+"-day"), f.Values.Get(name+"-month"), f.Values.Get(name+"-year")
		d.Error = f.ErrorFor(name)
		if d.Error != "" {
			// Mark the boxes at fault: the empty ones, or all when the date
			// as a whole is wrong.
			d.DayErr, d.MonthErr, d.YearErr = d.Day == "", d.Month == "", d.Year == ""
			if !d.DayErr && !d.MonthErr && !d.YearErr {
				d.DayErr, d.MonthErr, d.YearErr = true, true, true
			}
		}
	}
	return d
}

// DateValue reads a date input's three boxes as YYYY-MM-DD for the domain
// to validate. It records a GOV.UK-style problem for missing parts or
// non-numbers, and links the field's errors to the first box at fault.
// "" with no problem means the date was left blank.
func (f *Form) DateValue(name, label string) string {
	day, month, year := f.Get(name+"-day"), f.Get(name+"-month"), f.Get(name+"-year")
	if f.ids == nil {
		f.ids = map[string]string{}
	}
	first := name + "-day"
	switch {
	case day != "":
		if month == "" {
			first = name + "-month"
		} else if year == "" {
			first = name + "-year"
		}
	}
	f.ids[name] = fieldID(first)
	if day == "" && month == "" && year == "" {
		return ""
	}
	var missing []string
	for _, p := range []struct{ v, what string }{{day, "day"}, {month, "month"}, {year, "year"}} {
		if p.v == "" {
			missing = append(missing, p.what)
		}
	}
	if len(missing) > 0 {
		f.AddError(name, label+" must include a "+strings.Join(missing, " and "))
		return ""
	}
	num := func(s string, max int) (int, bool) {
		if len(s) > 4 {
			return 0, false
		}
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, n >= 1 && n <= max
	}
	d, ok1 := num(day, 31)
	m, ok2 := num(month, 12)
	y, ok3 := num(year, 9999)
	if !ok1 || !ok2 || !ok3 || len(year) != 4 {
		f.AddError(name, label+" must be a real date, like 31 3 2026")
		return ""
	}
	pad := func(n, w int) string {
		s := itoa(n)
		for len(s) < w {
			s = "0" + s
		}
		return s
	}
	return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
}
