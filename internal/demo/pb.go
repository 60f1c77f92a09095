package demo

// This file seeds the participatory budgeting demo: Hartlepool's
// "Healthy Hartlepool Fund 2026" in its voting phase (realistic, fictional
// projects; a £40,000 pot; choose projects worth at least 70% of it), with
// some ballots cast with voting codes so staff see a turnout; and a closed
// process whose ballots are a real Pabulib election, Assen (Netherlands)
// 2024, counted with the Method of Equal Shares, so the results page has a
// real result to explain. Assen's amounts are the file's euros, shown as
// pounds; the process's description says so.

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/pb"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

//go:embed data/Netherlands_Assen_2024.pb
var assen2024 []byte

// Titles of the demo processes (their natural keys).
const (
	PBOpenTitle   = "Healthy Hartlepool Fund 2026"
	PBClosedTitle = "Assen Top Idee 2024 (real results from Pabulib)"
)

// pbStore is what the participatory budgeting demo needs; *store.Store
// satisfies it. A Store without it (a test double) gets no PB demo.
type pbStore interface {
	ListPBProcesses(ctx context.Context, partnershipID int64) ([]budgeting.Process, error)
	CreatePBProcess(ctx context.Context, by store.Actor, p *budgeting.Process) (int64, error)
	CreatePBCodes(ctx context.Context, by store.Actor, processID int64, potID int64, n int) ([]string, error)
	OpenPBProcess(ctx context.Context, by store.Actor, id int64) error
	ClosePBProcess(ctx context.Context, by store.Actor, id int64) error
	budgeting.BallotStore
	budgeting.CountStore
}

// seedPB adds the two demo processes to the Hartlepool board, each unless
// a process with its title is there already.
func (s *seeder) seedPB(ctx context.Context) error {
	st, ok := s.st.(pbStore)
	if !ok {
		return nil
	}
	parts, _, err := s.st.ListPartnerships(ctx, store.PartnershipFilter{AreaCode: HartlepoolCode, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return err
	}
	var board int64
	for _, p := range parts {
		if p.Name == HartlepoolBoardName {
			board = p.ID
		}
	}
	if board == 0 {
		return fmt.Errorf("no %s", HartlepoolBoardName)
	}
	have, err := st.ListPBProcesses(ctx, board)
	if err != nil {
		return err
	}
	exists := map[string]bool{}
	for _, p := range have {
		exists[p.Title] = true
	}
	if !exists[PBOpenTitle] {
		if err := seedPBOpen(ctx, st, board); err != nil {
			return fmt.Errorf("%s: %w", PBOpenTitle, err)
		}
	}
	if !exists[PBClosedTitle] {
		if err := seedPBClosed(ctx, st, board); err != nil {
			return fmt.Errorf("%s: %w", PBClosedTitle, err)
		}
	}
	return nil
}

// seedPBOpen: Hartlepool's fund, open for voting, with 36 ballots cast.
func seedPBOpen(ctx context.Context, st pbStore, board int64) error {
	yes, no := true, false
	p := &budgeting.Process{PartnershipID: board, Title: PBOpenTitle,
		Description: "£40,000 for small projects that help people in Hartlepool live healthier lives, chosen by residents.\nThe projects were put forward by local groups and checked by council and NHS staff. (Demo data: the projects are fictional.)",
		AreaType:    "utla", AreaCode: HartlepoolCode, PotPence: 4000000, Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotKnapsack,
		ThresholdPercent: 70, UseCodes: true, UseResidence: true, UseAssisted: true, MinAge: 16,
		Projects: []budgeting.Project{
			{Code: "walks", Title: "Headland walking group", Description: "Weekly led walks for older residents, with a volunteer trained in first aid.", CostPence: 650000, Feasible: &yes, FeasibilityReason: "costed by the council's active lives team"},
			{Code: "garden", Title: "Owton Manor community garden", Description: "Raised beds, a polytunnel and cooking sessions with what is grown.", CostPence: 1200000, Feasible: &yes, FeasibilityReason: "site agreed with the landlord"},
			{Code: "youth", Title: "Youth mental health drop-in", Description: "Evening drop-in sessions at the Hartlepool youth centre with trained staff.", CostPence: 1800000, Feasible: &yes, FeasibilityReason: "staffed by the local NHS trust's partner charity"},
			{Code: "cook", Title: "Family cooking on a budget", Description: "Eight-week courses in four community centres.", CostPence: 900000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "gym", Title: "Outdoor gym on the Town Moor", Description: "Six pieces of outdoor exercise equipment, free to use.", CostPence: 2500000, Feasible: &yes, FeasibilityReason: "planning advice received"},
			{Code: "benches", Title: "Benches along the Marina walk", Description: "Ten benches so people who need a rest can walk further.", CostPence: 450000, Feasible: &yes, FeasibilityReason: "costed"},
			{Code: "swim", Title: "Free swimming lessons for children", Description: "Lessons for 200 children who cannot swim 25 metres.", CostPence: 1500000, Feasible: &yes, FeasibilityReason: "leisure centre capacity confirmed"},
			{Code: "clinic", Title: "A new GP surgery", Description: "A surgery in the town centre.", CostPence: 350000000, Feasible: &no, FeasibilityReason: "it costs far more than the pot, and GP premises are planned by the integrated care board"},
		}}
	id, err := st.CreatePBProcess(ctx, Actor, p)
	if err != nil {
		return err
	}
	codes, err := st.CreatePBCodes(ctx, Actor, id, 0, 36)
	if err != nil {
		return err
	}
	if err := st.OpenPBProcess(ctx, Actor, id); err != nil {
		return err
	}
	ballots := [][]string{{"youth", "garden"}, {"gym", "walks"}, {"swim", "youth"}, {"cook", "garden", "benches", "walks"}, {"gym", "benches"}, {"youth", "cook", "benches"}}
	for i, code := range codes {
		if _, err := budgeting.Vote(ctx, st, id, budgeting.Proof{Code: code}, budgeting.Choices{Projects: ballots[i%len(ballots)]}, ""); err != nil {
			return fmt.Errorf("demo ballot %d: %w", i+1, err)
		}
	}
	return nil
}

// seedPBClosed: Assen 2024's real ballots, cast with codes, closed and
// counted.
func seedPBClosed(ctx context.Context, st pbStore, board int64) error {
	e, err := pb.Read(bytes.NewReader(assen2024))
	if err != nil {
		return err
	}
	p, err := budgeting.FromElection(e, board)
	if err != nil {
		return err
	}
	p.Title = PBClosedTitle
	p.Description = "The real ballots of Assen's 2024 youth budget (Netherlands): 84 young people aged 12 to 27 chose among 14 projects, and the Method of Equal Shares decided. " +
		"From the Pabulib library (pabulib.org). The amounts are the file's euros, shown here as pounds. Shown in this demo so the results page explains a real count."
	id, err := st.CreatePBProcess(ctx, Actor, p)
	if err != nil {
		return err
	}
	codes, err := st.CreatePBCodes(ctx, Actor, id, 0, len(e.Voters))
	if err != nil {
		return err
	}
	if err := st.OpenPBProcess(ctx, Actor, id); err != nil {
		return err
	}
	for i, v := range e.Voters {
		c, err := budgeting.ChoicesFromVoter(v)
		if err != nil {
			return err
		}
		if _, err := budgeting.Vote(ctx, st, id, budgeting.Proof{Code: codes[i]}, c, ""); err != nil {
			return fmt.Errorf("voter %s: %w", v.ID, err)
		}
	}
	if err := st.ClosePBProcess(ctx, Actor, id); err != nil {
		return err
	}
	_, err = budgeting.Recount(ctx, st, id, audit.FormatTime(time.Now()))
	return err
}
