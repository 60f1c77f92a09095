package voice

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

func sampleProcess() Process {
	return Process{ID: 1, PartnershipID: 2, Title: "Our priorities", Phases: []Phase{
		{Kind: PhaseInformation, Starts: "2026-11-01", Ends: "2026-11-14"},
		{Kind: PhaseConsultation, Starts: "2026-11-15", Ends: "2026-12-15"},
		{Kind: PhaseVoting, Starts: "2027-01-10", Ends: "2027-01-31"},
	}}
}

func TestStandingOn(t *testing.T) {
	p := sampleProcess()
	tests := []struct {
		day     string
		stage   Stage
		current PhaseKind
		next    PhaseKind
		summary string
	}{
		{"2026-10-31", StageNotStarted, "", PhaseInformation, "Starts with the information phase on 1 November 2026"},
		{"2026-11-01", StageOpen, PhaseInformation, PhaseConsultation, "Information phase, until 14 November 2026"},
		{"2026-11-14", StageOpen, PhaseInformation, PhaseConsultation, "Information phase, until 14 November 2026"},
		{"2026-12-03", StageOpen, PhaseConsultation, PhaseVoting, "Consultation phase, until 15 December 2026"},
		{"2026-12-20", StageBetween, "", PhaseVoting, "Next: the voting phase, from 10 January 2027"},
		{"2027-01-31", StageOpen, PhaseVoting, "", "Voting phase, until 31 January 2027"},
		{"2027-02-01", StageFinished, "", "", "Finished"},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			st := p.StandingOn(tt.day)
			if st.Stage != tt.stage || st.Summary != tt.summary {
				t.Errorf("stage %q summary %q, want %q %q", st.Stage, st.Summary, tt.stage, tt.summary)
			}
			if got := kindOf(st.Current); got != tt.current {
				t.Errorf("current %q, want %q", got, tt.current)
			}
			if got := kindOf(st.Next); got != tt.next {
				t.Errorf("next %q, want %q", got, tt.next)
			}
		})
	}
	if st := (Process{}).StandingOn("2026-12-03"); st.Stage != StageFinished {
		t.Errorf("no phases: %q", st.Stage)
	}
}

func kindOf(p *Phase) PhaseKind {
	if p == nil {
		return ""
	}
	return p.Kind
}

func TestProcessValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Process)
		field string // "" = valid
	}{
		{"valid", func(*Process) {}, ""},
		{"no title", func(p *Process) { p.Title = "  " }, "title"},
		{"long title", func(p *Process) { p.Title = strings.Repeat("x", MaxTitle+1) }, "title"},
		{"no partnership", func(p *Process) { p.PartnershipID = 0 }, "partnership_id"},
		{"unknown kind", func(p *Process) { p.Phases[1].Kind = "party" }, "phases[1].kind"},
		{"twice", func(p *Process) { p.Phases[2].Kind = PhaseConsultation }, "phases[2].kind"},
		{"bad start", func(p *Process) { p.Phases[0].Starts = "2026-02-30" }, "phases[0].starts"},
		{"bad end", func(p *Process) { p.Phases[0].Ends = "soon" }, "phases[0].ends"},
		{"end before start", func(p *Process) { p.Phases[1].Ends = "2026-11-01" }, "phases[1].ends"},
		{"out of order", func(p *Process) { p.Phases[2].Starts, p.Phases[2].Ends = "2026-10-01", "2026-10-02" }, "phases[2].starts"},
		{"kind sorted", func(p *Process) { p.Phases[0], p.Phases[2] = p.Phases[2], p.Phases[0] }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := sampleProcess()
			tt.edit(&p)
			p.Normalize()
			err := p.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("valid process refused: %v", err)
				}
				return
			}
			errs, ok := validation.As(err)
			if !ok || !errs.Has(tt.field) {
				t.Fatalf("want an error naming %s, got %v", tt.field, err)
			}
		})
	}
}

func TestLongDate(t *testing.T) {
	for in, want := range map[string]string{"2026-12-03": "3 December 2026", "x": "x"} {
		if got := LongDate(in); got != want {
			t.Errorf("LongDate(%q) = %q, want %q", in, got, want)
		}
	}
}
