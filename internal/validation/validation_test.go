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
