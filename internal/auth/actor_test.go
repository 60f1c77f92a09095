package auth

import (
	"testing"

	"github.com/placeboard/placeboard/internal/audit"
)

func TestPrincipalActor(t *testing.T) {
	tests := []struct {
		name string
		p    *Principal
		want audit.Actor
	}{
		{"anonymous", nil, audit.Actor{Name: "anonymous"}},
		{"user", &Principal{UserID: 7, Email: "a@example.org", Name: "Ann"}, audit.Actor{UserID: 7, Name: "a@example.org"}},
		{"admin", &Principal{UserID: 1, Email: "root@example.org", Admin: true}, audit.Actor{UserID: 1, Name: "root@example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Actor(); got != tt.want {
				t.Errorf("Actor() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
