package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
)

// voicePartnership makes the Hartlepool board the Voice tests hang off.
func voicePartnership(t *testing.T, s *store.Store) places.Partnership {
	t.Helper()
	p, err := s.CreatePartnership(context.Background(), store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVoiceProcessStore(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		pt := voicePartnership(t, s)
		in := voice.Process{PartnershipID: pt.ID, Title: " Our priorities ", Phases: []voice.Phase{
			{Kind: voice.PhaseVoting, Starts: "2027-01-10", Ends: "2027-01-31"},
			{Kind: voice.PhaseConsultation, Starts: "2026-11-15", Ends: "2026-12-15", Description: "Tell us"},
		}}
		p, err := s.CreateProcess(ctx, store.System, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 || p.Title != "Our priorities" || p.AreaCode != storetest.Hartlepool || p.AreaType != "utla" {
			t.Fatalf("created %+v", p)
		}
		if len(p.Phases) != 2 || p.Phases[0].Kind != voice.PhaseConsultation || p.Phases[1].Kind != voice.PhaseVoting || p.Phases[0].Description != "Tell us" {
			t.Fatalf("phases %+v", p.Phases)
		}
		if st := p.StandingOn("2026-12-03"); st.Current == nil || st.Current.Kind != voice.PhaseConsultation {
			t.Fatalf("standing %+v", st)
		}
		consultationID := p.Phases[0].ID

		// Update: drop voting, add information; consultation keeps its ID.
		p.Phases = []voice.Phase{
			{Kind: voice.PhaseInformation, Starts: "2026-11-01", Ends: "2026-11-14"},
			{Kind: voice.PhaseConsultation, Starts: "2026-11-15", Ends: "2026-12-20"},
		}
		p.Title = "Our priorities 2027"
		got, err := s.UpdateProcess(ctx, store.System, p)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Our priorities 2027" || len(got.Phases) != 2 || got.Phases[1].ID != consultationID || got.Phases[1].Ends != "2026-12-20" {
			t.Fatalf("updated %+v", got)
		}
		list, err := s.ListProcesses(ctx, store.ProcessFilter{PartnershipID: pt.ID})
		if err != nil || len(list) != 1 || len(list[0].Phases) != 2 {
			t.Fatalf("list %+v %v", list, err)
		}
		if other, err := s.ListProcesses(ctx, store.ProcessFilter{AreaCode: storetest.Durham}); err != nil || len(other) != 0 {
			t.Fatalf("Durham list %+v %v", other, err)
		}

		var reader voice.ProcessReader = s
		if _, err := reader.Process(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing process: %v", err)
		}
		if _, err := s.UpdateProcess(ctx, store.System, voice.Process{ID: 999, PartnershipID: pt.ID, Title: "x"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update missing: %v", err)
		}

		bad := []struct {
			p     voice.Process
			field string
		}{
			{voice.Process{PartnershipID: 999, Title: "x"}, "partnership_id"},
			{voice.Process{PartnershipID: pt.ID, Title: "x", AreaCode: "E99999999"}, "area_code"},
			{voice.Process{PartnershipID: pt.ID, Title: ""}, "title"},
		}
		for _, b := range bad {
			_, err := s.CreateProcess(ctx, store.System, b.p)
			if errs, ok := validation.As(err); !ok || !errs.Has(b.field) {
				t.Errorf("%+v: want error naming %s, got %v", b.p, b.field, err)
			}
		}
	})
}
