package budgeting

import "testing"

// One rule for both doors: a draft is seen only by those who may manage
// it; an open or closed process by everyone.
func TestProcessVisibleTo(t *testing.T) {
	tests := []struct {
		status    Status
		canManage bool
		want      bool
	}{
		{StatusDraft, false, false},
		{StatusDraft, true, true},
		{StatusOpen, false, true},
		{StatusClosed, false, true},
		{StatusClosed, true, true},
	}
	for _, tc := range tests {
		p := &Process{Status: tc.status}
		if got := p.VisibleTo(tc.canManage); got != tc.want {
			t.Errorf("%s process VisibleTo(canManage %v) = %v, want %v", tc.status, tc.canManage, got, tc.want)
		}
	}
}
