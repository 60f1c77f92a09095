package validation

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrors(t *testing.T) {
	tests := []struct {
		name       string
		build      func(*Errors)
		wantErr    bool
		wantFields []string
	}{
		{"empty is nil", func(*Errors) {}, false, nil},
		{"required blank", func(e *Errors) { e.Required("name", "  ", "a name") }, true, []string{"name"}},
		{"required present", func(e *Errors) { e.Required("name", "Hartlepool", "a name") }, false, nil},
		{"maxlen over", func(e *Errors) { e.MaxLen("name", strings.Repeat("é", 11), "Name", 10) }, true, []string{"name"}},
		{"maxlen at limit", func(e *Errors) { e.MaxLen("name", strings.Repeat("é", 10), "Name", 10) }, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e Errors
			tt.build(&e)
			err := e.Err()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Err() = %v, want error %v", err, tt.wantErr)
			}
			for i, f := range tt.wantFields {
				if e.Fields[i].Field != f {
					t.Errorf("field %d = %q, want %q", i, e.Fields[i].Field, f)
				}
			}
		})
	}
}

func TestAsThroughWrapping(t *testing.T) {
	var e Errors
	e.Add("ods_code", "Enter a known ODS code")
	wrapped := fmt.Errorf("saving organisation: %w", e.Err())
	got, ok := As(wrapped)
	if !ok || got.Fields[0].Field != "ods_code" {
		t.Fatalf("As(wrapped) = %v, %v", got, ok)
	}
	if _, ok := As(errors.New("plain")); ok {
		t.Fatal("As(plain error) reported field errors")
	}
	if msg := MaxLenMessage(); msg != "Name must be 5 characters or fewer" {
		t.Fatalf("message = %q", msg)
	}
}

func MaxLenMessage() string {
	var e Errors
	e.MaxLen("n", "abcdef", "Name", 5)
	return e.Fields[0].Message
}

func TestText(t *testing.T) {
	tests := []struct {
		name      string
		value     string
		multiline bool
		max       int
		want      string // "" when accepted; else a fragment of the message
	}{
		{"plain", "Director of Public Health", false, 200, ""},
		{"accents count as one character each", strings.Repeat("é", 10), false, 10, ""},
		{"over the limit", strings.Repeat("é", 11), false, 10, "10 characters or fewer"},
		{"latin-1 byte", "Caf\xe9", false, 200, "not valid UTF-8"},
		{"truncated sequence", "\xe2\x82", true, 200, "not valid UTF-8"},
		{"NUL", "a\x00b", false, 200, "control character (U+0000)"},
		{"escape", "a\x1bb", true, 200, "control character (U+001B)"},
		{"DEL", "a\x7fb", true, 200, "control character (U+007F)"},
		{"C1 control", "a\u0085b", true, 200, "control character (U+0085)"},
		{"replacement character left by a JSON decoder", "Caf\uFFFD", false, 200, "not valid UTF-8"},
		{"newline in a name", "a\nb", false, 200, "control character (U+000A)"},
		{"newline in minutes", "item 1\r\nitem 2\tdone", true, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e Errors
			ok := e.Text("job_title", tt.value, "Job title", tt.max, tt.multiline)
			if tt.want == "" {
				if !ok || e.Err() != nil {
					t.Fatalf("refused: %v", e.Err())
				}
				return
			}
			if ok || len(e.Fields) != 1 {
				t.Fatalf("accepted or wrong count: ok=%v fields=%v", ok, e.Fields)
			}
			f := e.Fields[0]
			if f.Field != "job_title" || !strings.HasPrefix(f.Message, "Job title ") || !strings.Contains(f.Message, tt.want) {
				t.Fatalf("got %s: %q, want job_title naming %q", f.Field, f.Message, tt.want)
			}
		})
	}
}
