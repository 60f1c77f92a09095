package demo

// This file seeds the proposals of `serve --demo`: in the Hartlepool
// board's engagement process, ideas from fictional residents with
// comments, replies and supports, one officially answered and one linked
// to what it led to. Every author is a fictional demo account that cannot
// sign in, and every proposal says it is fictional.

import (
	"context"
	"errors"
	"fmt"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice"
)

// FictionalMarker ends every demo proposal's description.
const FictionalMarker = "(Fictional demo proposal.)"

type demoProposal struct {
	author, title, description string
	category                   voice.Category
	comments                   []demoComment
	supporters                 []int // indexes into demoResidents
	answer                     *voice.OfficialAnswer
	notTaken                   string // a "not taken forward" reason
}

type demoComment struct {
	author  int
	body    string
	replies []demoComment
}

// demoResidents are fictional; their addresses are under .invalid, so no
// mail can reach anyone.
var demoResidents = []string{"Alex from Seaton Carew", "Jordan from the Headland", "Sam from Rift House", "Priya from Fens", "Chris from Owton Manor"}

var demoProposals = []demoProposal{
	{author: "Alex from Seaton Carew", title: "Weekly walking group along the sea front",
		description: "A volunteer-led walk every Wednesday morning from Seaton Carew bus station, open to anyone who is lonely or getting back on their feet after illness.",
		category:    voice.CategoryHealth, supporters: []int{1, 2, 3},
		comments: []demoComment{{author: 1, body: "I would come. Could it be step-free for people with walking frames?",
			replies: []demoComment{{author: 0, body: "Yes: the promenade is flat all the way to the Longscar Centre."}}},
			{author: 3, body: "A cup of tea at the end would help people stay and talk."}},
		answer: &voice.OfficialAnswer{State: voice.AnswerAccepted, Text: "The public health team will fund training for six walk leaders from April."}},
	{author: "Priya from Fens", title: "Evening clinic hours at the community hub",
		description: "People who work shifts cannot get to daytime appointments. Two evenings a week at the Owton Manor hub would help.",
		category:    voice.CategoryCare, supporters: []int{0, 4},
		comments: []demoComment{{author: 4, body: "Saturday mornings would suit me better than evenings."}},
		answer:   &voice.OfficialAnswer{State: voice.AnswerEvaluating, Text: "The primary care network is costing this with the practices."}},
	{author: "Jordan from the Headland", title: "Free swimming for under-18s in the summer holidays",
		description: "Mill House Leisure Centre is too expensive for many families. Free sessions in August would get children active.",
		category:    voice.CategoryYoungPeople, supporters: []int{0, 2, 3, 4},
		answer:   &voice.OfficialAnswer{State: voice.AnswerRejected, Text: "The leisure centre is closed for repairs this August; we will look again next year."},
		notTaken: "The pool is closed for repairs in August 2027; the idea is carried over to the next round."},
	{author: "Sam from Rift House", title: "More benches on the route to the hospital",
		description: "The walk from the bus stop to the hospital is long for older people. Benches every 200 metres would help.",
		category:    voice.CategoryOlderPeople, supporters: []int{1}},
}

// SeedVoiceProposals adds the demo proposals to the Hartlepool board's
// engagement process (made, with its proposals phase open around today,
// when the board has none), unless that process already has proposals.
func SeedVoiceProposals(ctx context.Context, st *store.Store) error {
	return st.Exclusive(ctx, "voice-proposals-demo", func(ctx context.Context) error {
		ps, _, err := st.ListPartnerships(ctx, store.PartnershipFilter{Kind: places.PartnershipHWB, AreaCode: HartlepoolCode})
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return errors.New("demo: no Hartlepool board to add proposals to")
		}
		board := ps[0]
		proc, err := demoProposalProcess(ctx, st, board)
		if err != nil {
			return err
		}
		_, n, err := st.ListProposals(ctx, voice.ProposalFilter{ProcessID: proc.ID, IncludeHidden: true})
		if err != nil || n > 0 {
			return err
		}
		residents := make([]store.User, len(demoResidents))
		for i, name := range demoResidents {
			if residents[i], err = demoResident(ctx, st, i, name); err != nil {
				return err
			}
		}
		by := func(i int) store.Actor { return store.Actor{UserID: residents[i].ID, Name: residents[i].Email} }
		index := map[string]int{}
		for i, n := range demoResidents {
			index[n] = i
		}
		pp := voice.ProposalProcessOn(proc, st.VoiceToday())
		pp.ProposalsOpen = true // seeding: the demo's ideas arrive whatever the day
		decisions, err := st.ListDecisions(ctx, board.ID)
		if err != nil {
			return err
		}
		for _, d := range demoProposals {
			p, err := st.CreateProposal(ctx, by(index[d.author]), pp, voice.NewProposal{Title: d.title, Description: d.description + " " + FictionalMarker,
				AreaCode: HartlepoolCode, Category: d.category})
			if err != nil {
				return fmt.Errorf("proposal %q: %w", d.title, err)
			}
			if err := demoComments(ctx, st, by, p.ID, 0, d.comments); err != nil {
				return err
			}
			for _, s := range d.supporters {
				if _, err := st.SupportProposal(ctx, by(s), p.ID); err != nil {
					return err
				}
			}
			if d.answer != nil {
				if _, err := st.AnswerProposal(ctx, Actor, p.ID, *d.answer); err != nil {
					return err
				}
			}
			switch {
			case d.notTaken != "":
				_, err = st.AddProposalLink(ctx, Actor, p.ID, voice.Link{TargetKind: voice.TargetNotTaken, Reason: d.notTaken})
			case d.answer != nil && d.answer.State == voice.AnswerAccepted && len(decisions) > 0:
				_, err = st.AddProposalLink(ctx, Actor, p.ID, voice.Link{TargetKind: voice.TargetDecision, TargetID: decisions[0].ID})
			}
			if err != nil {
				return fmt.Errorf("proposal %q link: %w", d.title, err)
			}
		}
		return nil
	})
}

func demoComments(ctx context.Context, st *store.Store, by func(int) store.Actor, proposalID, parentID int64, cs []demoComment) error {
	for _, c := range cs {
		saved, err := st.AddComment(ctx, by(c.author), voice.NewComment{ProposalID: proposalID, ParentID: parentID, Body: c.body})
		if err != nil {
			return err
		}
		if err := demoComments(ctx, st, by, proposalID, saved.ID, c.replies); err != nil {
			return err
		}
	}
	return nil
}

// demoProposalProcess returns the board's process with a proposals phase,
// making one when there is none.
func demoProposalProcess(ctx context.Context, st *store.Store, board places.Partnership) (voice.Process, error) {
	procs, err := st.ListProcesses(ctx, store.ProcessFilter{PartnershipID: board.ID})
	if err != nil {
		return voice.Process{}, err
	}
	// A process whose proposals phase is open today, so that a demo visitor
	// can propose as well as read (the priorities process's opens later).
	for _, p := range procs {
		if voice.ProposalProcessOn(p, st.VoiceToday()).ProposalsOpen {
			return p, nil
		}
	}
	today, _ := voice.ParseDate(st.VoiceToday())
	day := func(d int) string { return today.AddDate(0, 0, d).Format(voice.DateLayout) }
	return st.CreateProcess(ctx, Actor, voice.Process{PartnershipID: board.ID, Title: "Healthier Hartlepool: your ideas (fictional demo)",
		Summary: "Propose projects for the board's health and wellbeing strategy, comment on others' ideas and support the ones you like. Demo data: the ideas and people are fictional.",
		Phases:  []voice.Phase{{Kind: voice.PhaseProposals, Starts: day(-14), Ends: day(45)}, {Kind: voice.PhaseReview, Starts: day(46), Ends: day(75)}}})
}

// demoResident returns the fictional account n, making it when missing. It
// has no usable password, so nobody can sign in as it.
func demoResident(ctx context.Context, st *store.Store, n int, name string) (store.User, error) {
	email := fmt.Sprintf("demo-resident-%d@demo.invalid", n+1)
	if u, err := st.GetUserByEmail(ctx, email); err == nil {
		return u, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.User{}, err
	}
	return st.CreateUser(ctx, Actor, store.NewUser{Email: email, Name: name, PasswordHash: "!demo-account-without-a-password"})
}
