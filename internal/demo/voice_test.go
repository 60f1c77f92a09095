package demo_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice"
)

// The demo gives Hartlepool a closed consultation on its priorities with
// fictional responses, themes and a "you said, we did" whose every item
// links a decision, and an open consultation.
func TestSeedVoice(t *testing.T) {
	ref, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := st.LoadReference(ctx, app.ReferenceFromSet(&refdata.Set{Areas: ref.Areas})); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, st, ref); err != nil {
		t.Fatal(err)
	}
	items, err := st.ListConsultations(ctx, store.ConsultationFilter{PublishedOnly: true})
	if err != nil || len(items) != 2 {
		t.Fatalf("consultations %+v %v", items, err)
	}
	day := st.VoiceToday()
	var open, closed int
	for _, it := range items {
		switch {
		case it.OpenOn(day):
			open++
		case it.ClosedOn(day):
			closed++
			c, err := st.Consultation(ctx, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			res, err := voice.LoadResults(ctx, st, c)
			if err != nil {
				t.Fatal(err)
			}
			if res.Analysis.Responses != demo.VoiceResponses || !c.Fictional {
				t.Errorf("closed consultation: %d responses, fictional %v", res.Analysis.Responses, c.Fictional)
			}
			for _, r := range res.Responses {
				if !r.Fictional {
					t.Errorf("response %d not marked fictional", r.ID)
				}
			}
			if len(res.YSWD.Items) != 2 || len(res.YSWD.NotTaken) != 1 || len(res.YSWD.Orphans) != 1 {
				t.Errorf("you said, we did: %+v", res.YSWD)
			}
			for _, it := range res.YSWD.Items {
				if it.Theme.Count == 0 || len(it.WeDid) == 0 || it.WeDid[0].Link.TargetKind != voice.TargetDecision {
					t.Errorf("item %+v", it)
				}
			}
		}
	}
	if open != 1 || closed != 1 {
		t.Fatalf("%d open, %d closed", open, closed)
	}
	if err := demo.Seed(ctx, st, ref); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.ListConsultations(ctx, store.ConsultationFilter{}); len(again) != 2 {
		t.Fatalf("second seed made %d consultations", len(again))
	}
}
