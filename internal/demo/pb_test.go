package demo_test

import (
	"bytes"
	"context"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/pb"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// TestSeedPB: the demo has Hartlepool's fund open for voting (36 ballots,
// no result) and the Assen 2024 election closed and counted, with the
// winners Assen published (the file's selected column, MES + add1), and a
// second seed adds neither again.
func TestSeedPB(t *testing.T) {
	ref, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	storetest.EnginesEmpty(t, func(t *testing.T, st *store.Store) { checkSeedPB(t, st, ref) })
}

func checkSeedPB(t *testing.T, st *store.Store, ref *refdata.Set) {
	ctx := context.Background()
	if _, err := st.LoadReference(ctx, app.ReferenceFromSet(&refdata.Set{Areas: ref.Areas})); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := demo.Seed(ctx, st, ref); err != nil {
			t.Fatal(err)
		}
	}
	all, err := st.ListPBProcesses(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]budgeting.Process{}
	for _, p := range all {
		if _, dup := byTitle[p.Title]; dup {
			t.Errorf("%q seeded twice", p.Title)
		}
		byTitle[p.Title] = p
	}
	open, ok := byTitle[demo.PBOpenTitle]
	if !ok || open.Status != budgeting.StatusOpen {
		t.Fatalf("open demo process: %+v", open)
	}
	if n, err := st.PBBallotCount(ctx, open.ID); err != nil || n != 36 {
		t.Errorf("open process has %d ballots (%v), want 36", n, err)
	}
	if _, err := st.PBResult(ctx, open.ID); err == nil {
		t.Error("the open process has a result")
	}
	closed, ok := byTitle[demo.PBClosedTitle]
	if !ok || closed.Status != budgeting.StatusClosed {
		t.Fatalf("closed demo process: %+v", closed)
	}
	res, err := st.PBResult(ctx, closed.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("data/Netherlands_Assen_2024.pb")
	if err != nil {
		t.Fatal(err)
	}
	e, err := pb.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var selected []string
	for i, p := range e.Projects {
		if e.ProjectCell(i, "selected") == "1" {
			selected = append(selected, p.ID)
		}
	}
	got := append([]string(nil), res.Winners...)
	sort.Strings(got)
	sort.Strings(selected)
	if strings.Join(got, ",") != strings.Join(selected, ",") || res.Outcome.Ballots != len(e.Voters) {
		t.Errorf("Assen winners %v from %d ballots; Assen funded %v from %d", res.Winners, res.Outcome.Ballots, selected, len(e.Voters))
	}
}
