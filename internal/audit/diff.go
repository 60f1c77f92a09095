package audit

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"unicode/utf8"
)

// ChangeKind says how a field changed between before and after.
type ChangeKind string

// Change kinds.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Change is one field's difference between an entry's before and after
// images, in words a reader can follow.
type Change struct {
	// Field is the JSON field, with nested objects' fields joined by dots
	// ("address.postcode"); "" when an image is not a JSON object and is
	// compared whole.
	Field    string
	Kind     ChangeKind
	Old, New string // readable values; "" on the side where the field is absent
}

// Label is the field as a reader would name it: "person_name" becomes
// "Person name", "address.postcode" "Address postcode".
func (c Change) Label() string {
	if c.Field == "" {
		return "Record"
	}
	s := strings.NewReplacer("_", " ", ".", " ").Replace(c.Field)
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// maxValueRunes cuts long values in a readable diff.
const maxValueRunes = 200

// Diff compares two record images field by field, sorted by field. Absent
// images (nil, empty or "null") have no fields, so a create lists every
// field as added and a delete as removed. Nested objects are compared field
// by field; arrays and other values are compared whole. When an image is
// not a JSON object, the two are compared whole as text, on field "".
func Diff(before, after []byte) []Change {
	b, bok := objectOf(before)
	a, aok := objectOf(after)
	if !bok || !aok {
		old, nw := wholeText(before), wholeText(after)
		switch {
		case old == nw:
			return nil
		case old == "":
			return []Change{{Kind: Added, New: nw}}
		case nw == "":
			return []Change{{Kind: Removed, Old: old}}
		}
		return []Change{{Kind: Changed, Old: old, New: nw}}
	}
	var out []Change
	diffObjects("", b, a, &out)
	return out
}

// hiddenFields are bookkeeping every row carries; they say nothing a
// reader of the log needs (the entry has its own time and ID).
var hiddenFields = map[string]bool{"id": true, "created_at": true, "updated_at": true, "name_lower": true}

// secretFields are shown only as "changed", never by value.
var secretFields = map[string]string{"password_hash_sha256": "password"}

// DiffEntry is Diff for showing an entry to people: bookkeeping fields are
// left out, and secrets (a password's hash digest) show as changed without
// their values.
func DiffEntry(e Entry) []Change {
	var out []Change
	for _, c := range Diff(e.Before, e.After) {
		if hiddenFields[c.Field] {
			continue
		}
		if name, ok := secretFields[c.Field]; ok {
			c.Field = name
			if c.Old != "" {
				c.Old = "(hidden)"
			}
			if c.New != "" {
				c.New = "(hidden)"
			}
		}
		out = append(out, c)
	}
	return out
}

// objectOf decodes an image that is a JSON object. Absent images are the
// empty object; anything else that is not an object reports false.
func objectOf(raw []byte) (map[string]any, bool) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return map[string]any{}, true
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
		return nil, false
	}
	return m, true
}

func diffObjects(prefix string, b, a map[string]any, out *[]Change) {
	keys := make([]string, 0, len(b)+len(a))
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		field := k
		if prefix != "" {
			field = prefix + "." + k
		}
		bv, inB := b[k]
		av, inA := a[k]
		bm, bIsObj := bv.(map[string]any)
		am, aIsObj := av.(map[string]any)
		switch {
		case inB && inA && bIsObj && aIsObj:
			diffObjects(field, bm, am, out)
		case !inB && aIsObj:
			diffObjects(field, map[string]any{}, am, out)
		case !inA && bIsObj:
			diffObjects(field, bm, map[string]any{}, out)
		case !inB:
			*out = append(*out, Change{Field: field, Kind: Added, New: readable(av)})
		case !inA:
			*out = append(*out, Change{Field: field, Kind: Removed, Old: readable(bv)})
		default:
			if old, nw := readable(bv), readable(av); old != nw || compact(bv) != compact(av) {
				*out = append(*out, Change{Field: field, Kind: Changed, Old: old, New: nw})
			}
		}
	}
}

// readable writes a JSON value for people: text as it is, null as
// "(none)", booleans as yes/no, lists as items joined by commas, and
// anything nested as compact JSON, cut to maxValueRunes.
func readable(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		s = "(none)"
	case string:
		s = x
		if s == "" {
			s = "(empty)"
		}
	case bool:
		s = "no"
		if x {
			s = "yes"
		}
	case json.Number:
		s = x.String()
	case []any:
		if len(x) == 0 {
			s = "(none)"
			break
		}
		parts := make([]string, len(x))
		for i, item := range x {
			if str, ok := item.(string); ok {
				parts[i] = str
			} else {
				parts[i] = compact(item)
			}
		}
		s = strings.Join(parts, ", ")
	default:
		s = compact(x)
	}
	return cut(s)
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// wholeText is an image that is not a JSON object, as text.
func wholeText(raw []byte) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return ""
	}
	if !utf8.Valid(t) {
		return "(not text)"
	}
	return cut(string(t))
}

func cut(s string) string {
	if utf8.RuneCountInString(s) <= maxValueRunes {
		return s
	}
	return string([]rune(s)[:maxValueRunes]) + "…"
}

// subjectKeys are the fields that name a record, best first.
var subjectKeys = []string{"name", "person_name", "title", "text", "email", "date"}

// Subject is a short readable name for what an entry concerns, taken from
// its after image (or before, for a delete): its name, title, text or
// e-mail. "" when it has none.
func Subject(e Entry) string {
	for _, raw := range [][]byte{e.After, e.Before} {
		m, ok := objectOf(raw)
		if !ok {
			continue
		}
		for _, k := range subjectKeys {
			if s, ok := m[k].(string); ok && strings.TrimSpace(s) != "" {
				s = strings.Join(strings.Fields(s), " ")
				if utf8.RuneCountInString(s) > 80 {
					s = string([]rune(s)[:80]) + "…"
				}
				return s
			}
		}
	}
	return ""
}
