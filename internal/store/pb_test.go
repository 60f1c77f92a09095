package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// newPBProcess stores a small approval process (pot £1,000, four projects,
// one not feasible) in a new partnership and returns it with n codes.
func newPBProcess(t *testing.T, s *store.Store, ballot budgeting.BallotType) (int64, []string) {
	t.Helper()
	ctx := context.Background()
	part, err := s.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Board"})
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	p := &budgeting.Process{PartnershipID: part.ID, Title: "Hartlepool Health Fund", PotPence: 100000, Rule: budgeting.RuleMESAdd1,
		BallotType: ballot, UseCodes: true, MaxProjects: 2,
		Projects: []budgeting.Project{
			{Code: "p1", Title: "Walking group", CostPence: 40000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "p2", Title: "Community garden", CostPence: 60000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "p3", Title: "Youth café", CostPence: 50000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "p4", Title: "Bridge", CostPence: 90000000, Feasible: &no, FeasibilityReason: "the council does not own the river"},
		}}
	id, err := s.CreatePBProcess(ctx, store.System, p)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := s.CreatePBCodes(ctx, store.System, id, 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	return id, codes
}

func TestPBStore(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, codes := newPBProcess(t, s, budgeting.BallotApproval)
		vote := func(code string, prev string, projects ...string) (string, error) {
			return budgeting.Vote(ctx, s, id, budgeting.Proof{Code: code}, budgeting.Choices{Projects: projects}, prev)
		}
		if _, err := vote(codes[0], "", "p1"); !errors.Is(err, budgeting.ErrNotOpen) {
			t.Fatalf("vote before open: %v", err)
		}
		// Drafts can be edited, then the rules freeze.
		yes := true
		if err := s.SavePBProject(ctx, store.System, id, budgeting.Project{Code: "p5", Title: "Bench", CostPence: 1000, Feasible: &yes}); err != nil {
			t.Fatal(err)
		}
		if err := s.OpenPBProcess(ctx, store.System, id); err != nil {
			t.Fatal(err)
		}
		if err := s.SavePBProject(ctx, store.System, id, budgeting.Project{Code: "p6", Title: "Late", CostPence: 1000}); !errors.Is(err, budgeting.ErrNotDraft) {
			t.Fatalf("project after open: %v", err)
		}
		p, err := s.PBProcess(ctx, id)
		if err != nil || p.Lot == "" || p.Status != budgeting.StatusOpen || len(p.Ballot(0)) != 4 {
			t.Fatalf("opened process: %+v %v", p, err)
		}
		// Rules: p4 is not on the ballot; at most two projects.
		if _, err := vote(codes[0], "", "p4"); err == nil {
			t.Fatal("infeasible project accepted")
		} else if re, ok := budgeting.AsRuleError(err); !ok || re.Rule != budgeting.RuleUnknownProject {
			t.Fatalf("infeasible project: %v", err)
		}
		if _, err := vote(codes[0], "", "p1", "p2", "p3"); err == nil {
			t.Fatal("three projects accepted")
		}
		if _, err := vote("AAAA-BBBB-CCCC", "", "p1"); !errors.Is(err, budgeting.ErrUnknownCode) {
			t.Fatalf("unknown code: %v", err)
		}
		r1, err := vote(codes[0], "", "p1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := vote(codes[0], "", "p2"); !errors.Is(err, budgeting.ErrAlreadyVoted) {
			t.Fatalf("second ballot: %v", err)
		}
		// The receipt holder may change their mind; the old receipt says so.
		r2, err := vote(codes[0], r1, "p2")
		if err != nil {
			t.Fatal(err)
		}
		if rc, err := s.PBReceiptStatus(ctx, id, r1); err != nil || rc.Status != store.PBReceiptReplaced {
			t.Fatalf("old receipt: %+v %v", rc, err)
		}
		if rc, err := s.PBReceiptStatus(ctx, id, r2); err != nil || rc.Status != store.PBReceiptSubmitted {
			t.Fatalf("new receipt: %+v %v", rc, err)
		}
		if _, err := s.PBReceiptStatus(ctx, id, "NOPE-NOPE-NOPE-NOPE"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown receipt: %v", err)
		}
		// A voided code cannot vote.
		if err := s.VoidPBCode(ctx, store.System, id, codes[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := vote(codes[1], "", "p1"); !errors.Is(err, budgeting.ErrUnknownCode) {
			t.Fatalf("voided code: %v", err)
		}
		// Parallel ballots with one code: exactly one is stored.
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, dup := 0, 0
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := vote(codes[2], "", "p3")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, budgeting.ErrAlreadyVoted):
					dup++
				default:
					t.Errorf("parallel vote: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok != 1 || dup != 15 {
			t.Fatalf("parallel: %d stored, %d refused", ok, dup)
		}
		for _, c := range codes[3:8] {
			if _, err := vote(c, "", "p1", "p3"); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.PBBallotCount(ctx, id); err != nil || n != 7 {
			t.Fatalf("ballots: %d %v", n, err)
		}
		// Paper ballot: entered by one officer, checked by another.
		paper := budgeting.Submission{ProcessID: id, IdentityHash: budgeting.IdentityHash(p.Salt, budgeting.IdentityCode, codes[2]),
			Channel: budgeting.ChannelPaper, Choices: budgeting.Choices{Projects: []string{"p2"}}}
		clerk, checker := store.Actor{UserID: 101, Name: "clerk"}, store.Actor{UserID: 102, Name: "checker"}
		pid, err := s.EnterPBPaperBallot(ctx, clerk, paper)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CheckPBPaperBallot(ctx, clerk, id, pid, true); !errors.Is(err, budgeting.ErrSameOfficer) {
			t.Fatalf("same officer: %v", err)
		}
		// The same person voted online with the code: one vote across channels.
		if err := s.CheckPBPaperBallot(ctx, checker, id, pid, true); !errors.Is(err, budgeting.ErrAlreadyVoted) {
			t.Fatalf("paper ballot of someone who voted online: %v", err)
		}
		paper.IdentityHash = budgeting.IdentityHash(p.Salt, budgeting.IdentityPerson, budgeting.PersonKey("Ann Smith", "1950-02-03", "TS24 7AA"))
		if pid, err = s.EnterPBPaperBallot(ctx, clerk, paper); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckPBPaperBallot(ctx, checker, id, pid, true); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckPBPaperBallot(ctx, checker, id, pid, true); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("checked twice: %v", err)
		}
		if n, err := s.PBBallotCount(ctx, id); err != nil || n != 8 {
			t.Fatalf("ballots with paper: %d %v", n, err)
		}
		if rows, err := s.PBTurnout(ctx, id); err != nil || len(rows) != 2 {
			t.Fatalf("turnout: %+v %v", rows, err)
		}
		if _, err := s.PBResult(ctx, id); !errors.Is(err, budgeting.ErrNotCounted) {
			t.Fatalf("result while open: %v", err)
		}
		if err := s.ClosePBProcess(ctx, store.System, id); err != nil {
			t.Fatal(err)
		}
		if _, err := vote(codes[9], "", "p1"); !errors.Is(err, budgeting.ErrNotOpen) {
			t.Fatalf("vote after close: %v", err)
		}
		res, err := budgeting.Recount(ctx, s, id, "2026-12-03T08:00:00Z")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.PBResult(ctx, id)
		if err != nil || got.BallotsSHA256 != res.BallotsSHA256 || len(got.Winners) == 0 || got.Outcome.Ballots != 8 {
			t.Fatalf("result: %+v %v", got, err)
		}
		if err := s.OverridePBResult(ctx, store.System, id, []string{"p2", "p3"}, ""); err == nil {
			t.Fatal("override without reason")
		}
		if err := s.OverridePBResult(ctx, store.System, id, []string{"p2", "p3"}, "p2 and p3 share a site"); err == nil {
			t.Fatal("override over the pot accepted")
		}
		if err := s.OverridePBResult(ctx, store.System, id, []string{"p2"}, "the garden's land came free"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.PBResult(ctx, id)
		if pub := got.Published(); len(pub) != 1 || pub[0] != "p2" || got.OverrideReason == "" {
			t.Fatalf("override: %+v", got)
		}
	})
}

func TestPostcodeInArea(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, err := s.LoadPostcodes(ctx, store.System, "test", func(emit func(places.PostcodeArea) error) (int, error) {
			return 1, emit(places.PostcodeArea{Postcode: "TS24 7AA", LSOA: storetest.LSOA1, Ward: "E05008942", District: storetest.Hartlepool})
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			postcode, typ, code string
			want                bool
		}{
			{"ts247aa", "ltla", storetest.Hartlepool, true},
			{"TS24 7AA", "utla", storetest.Hartlepool, true},
			{"TS24 7AA", "region", storetest.NorthEast, true},
			{"TS24 7AA", "ward", "E05008942", true},
			{"TS24 7AA", "lsoa", storetest.LSOA1, true},
			{"TS24 7AA", "ltla", storetest.Durham, false},
			{"TS24 7AA", "ward", "E05000000", false},
			{"DH1 1AA", "ltla", storetest.Durham, false},
			{"not a postcode", "ltla", storetest.Hartlepool, false},
		} {
			got, err := s.PostcodeInArea(ctx, tc.postcode, tc.typ, tc.code)
			if err != nil || got != tc.want {
				t.Errorf("%s in %s %s: %v %v, want %v", tc.postcode, tc.typ, tc.code, got, err, tc.want)
			}
		}
	})
}

// TestPBPots: a process with a pot per district counts each pot with its
// own budget, projects and voters (codes belong to a pot), and exports
// each pot's ballots alone.
func TestPBPots(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		part, err := s.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Board"})
		if err != nil {
			t.Fatal(err)
		}
		yes := true
		id, err := s.CreatePBProcess(ctx, store.System, &budgeting.Process{PartnershipID: part.ID, Title: "Two districts", PotPence: 300000,
			Rule: budgeting.RuleGreedy, BallotType: budgeting.BallotApproval, UseCodes: true,
			Pots: []budgeting.Pot{{Name: "Hartlepool", AreaType: "ltla", AreaCode: storetest.Hartlepool, PotPence: 100000},
				{Name: "Durham", AreaType: "ltla", AreaCode: storetest.Durham, PotPence: 200000}},
			Projects: []budgeting.Project{
				{Code: "h1", Title: "H1", CostPence: 100000, PotID: 1, Feasible: &yes}, {Code: "h2", Title: "H2", CostPence: 100000, PotID: 1, Feasible: &yes},
				{Code: "d1", Title: "D1", CostPence: 150000, PotID: 2, Feasible: &yes}, {Code: "d2", Title: "D2", CostPence: 50000, PotID: 2, Feasible: &yes}}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.PBProcess(ctx, id)
		if err != nil || len(p.Pots) != 2 {
			t.Fatalf("pots: %+v %v", p, err)
		}
		if _, err := s.CreatePBCodes(ctx, store.System, id, 0, 1); err == nil {
			t.Fatal("codes without a pot in a process with pots")
		}
		hart, err := s.CreatePBCodes(ctx, store.System, id, p.Pots[0].ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		dur, err := s.CreatePBCodes(ctx, store.System, id, p.Pots[1].ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.OpenPBProcess(ctx, store.System, id); err != nil {
			t.Fatal(err)
		}
		vote := func(code string, projects ...string) error {
			_, err := budgeting.Vote(ctx, s, id, budgeting.Proof{Code: code}, budgeting.Choices{Projects: projects}, "")
			return err
		}
		// A Hartlepool code cannot vote for a Durham project.
		if err := vote(hart[0], "d1"); err == nil {
			t.Fatal("voted in another pot")
		}
		for _, c := range hart {
			if err := vote(c, "h2"); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range dur {
			if err := vote(c, "d1", "d2"); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.ClosePBProcess(ctx, store.System, id); err != nil {
			t.Fatal(err)
		}
		res, err := budgeting.Recount(ctx, s, id, "2026-12-03T08:00:00Z")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Outcome.Pots) != 2 || res.Outcome.Pots[0].Ballots != 3 || res.Outcome.Pots[1].Ballots != 2 ||
			strings.Join(res.Outcome.Pots[0].Winners, ",") != "h2" || res.TotalPence != 300000 {
			t.Fatalf("outcome: %+v", res.Outcome)
		}
		ballots, err := s.PBBallots(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if p, err = s.PBProcess(ctx, id); err != nil { // as closed: lot and dates
			t.Fatal(err)
		}
		file, sum, err := p.ExportPB(p.Pots[1].ID, ballots)
		if err != nil || sum != res.Outcome.Pots[1].BallotsSHA256 || strings.Contains(string(file), "h1") || !strings.Contains(string(file), "num_votes;2") {
			t.Fatalf("Durham's file (%v, %s vs %s):\n%s", err, sum, res.Outcome.Pots[1].BallotsSHA256, file)
		}
	})
}

// TestPBGroupCommitIsolatesFailures: in one group commit, a ballot that
// fails for an unexpected reason (here a pot that does not exist) fails
// alone; the others are stored, and a second ballot of the same identity
// in the same batch is refused as a second vote.
func TestPBGroupCommitIsolatesFailures(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, codes := newPBProcess(t, s, budgeting.BallotApproval)
		if err := s.OpenPBProcess(ctx, store.System, id); err != nil {
			t.Fatal(err)
		}
		p, err := s.PBProcess(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		sub := func(code string, pot int64) budgeting.Submission {
			return budgeting.Submission{ProcessID: id, PotID: pot, Channel: budgeting.ChannelCode, Choices: budgeting.Choices{Projects: []string{"p1"}},
				CodeHash: budgeting.CodeHash(p.Salt, code), IdentityHash: budgeting.IdentityHash(p.Salt, budgeting.IdentityCode, code),
				ReceiptHash: budgeting.ReceiptHash(budgeting.NewReceipt())}
		}
		res := s.CommitPBBatch([]budgeting.Submission{sub(codes[0], 0), sub(codes[1], 999999), sub(codes[2], 0), sub(codes[0], 0), sub("NOPE-NOPE-NOPE", 0)})
		if res[0] != nil || res[1] == nil || res[2] != nil || !errors.Is(res[3], budgeting.ErrAlreadyVoted) || !errors.Is(res[4], budgeting.ErrUnknownCode) {
			t.Fatalf("batch outcomes: %v", res)
		}
		if errors.Is(res[1], budgeting.ErrAlreadyVoted) || errors.Is(res[1], budgeting.ErrUnknownCode) {
			t.Fatalf("the bad ballot was refused as a rule, not failed: %v", res[1])
		}
		if n, err := s.PBBallotCount(ctx, id); err != nil || n != 2 {
			t.Fatalf("stored %d (%v), want 2", n, err)
		}
		if s.Engine() == store.SQLite {
			inside, after, err := s.PBSynchronous(ctx)
			if err != nil || inside != 2 || after != 1 {
				t.Fatalf("synchronous inside a ballot transaction %d (want 2, FULL), after %d (want 1, NORMAL): %v", inside, after, err)
			}
		}
	})
}
