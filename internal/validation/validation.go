// Package validation carries field-level errors from the domain to the edge.
// Domain packages return *Errors; the web layer renders them as a GOV.UK error
// summary and the API as RFC 9457 problem details. Neither HTTP nor the
// database is known here.
package validation

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FieldError says what is wrong with one named input: a form field, a JSON
// property, a CSV column or a CLI flag.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Errors collects every problem found in one input, in the order found.
type Errors struct {
	Fields []FieldError
}

// Add records a problem with field.
func (e *Errors) Add(field, message string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: message})
}

// Has reports whether field already has a problem recorded.
func (e *Errors) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns e as an error when it holds any problem, and nil otherwise, so
// validators can end with `return errs.Err()`.
func (e *Errors) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

func (e *Errors) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return strings.Join(parts, "; ")
}

// As extracts field errors from err, if it carries any.
func As(err error) (*Errors, bool) {
	var v *Errors
	if errors.As(err, &v) {
		return v, true
	}
	return nil, false
}

// Required records "Enter <label>" when value is blank, in the GOV.UK style.
func (e *Errors) Required(field, value, label string) bool {
	if strings.TrimSpace(value) == "" {
		e.Add(field, "Enter "+label)
		return false
	}
	return true
}

// MaxLen records a problem when value is longer than max characters.
func (e *Errors) MaxLen(field, value, label string, max int) bool {
	if len([]rune(value)) > max {
		e.Add(field, label+" must be "+itoa(max)+" characters or fewer")
		return false
	}
	return true
}

// TextProblem says what makes s unfit to store as text, or "" when it is
// fine: bytes that are not UTF-8 (or U+FFFD, left where a decoder met
// them), or a control character. Line breaks and
// tabs are allowed only when multiline is true (minutes, notes).
func TextProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8 text"
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return fmt.Sprintf("holds a control character (%U)", r)
		}
		if r == utf8.RuneError {
			// A JSON or text decoder puts U+FFFD where the bytes were not
			// UTF-8, so the API sees this rather than the bad bytes.
			return "is not valid UTF-8 text (it holds U+FFFD, which stands for bytes that were not UTF-8)"
		}
	}
	return ""
}

// Text checks one text input in a single call: valid UTF-8, no control
// characters (line breaks only when multiline), at most max characters.
// It records at most one problem, naming the field by its label.
func (e *Errors) Text(field, value, label string, max int, multiline bool) bool {
	if p := TextProblem(value, multiline); p != "" {
		e.Add(field, label+" "+p)
		return false
	}
	return e.MaxLen(field, value, label, max)
}

// Line checks a single-line text input (a name or title): see Text.
func (e *Errors) Line(field, value, label string, max int) bool {
	return e.Text(field, value, label, max, false)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
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
