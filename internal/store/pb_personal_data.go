package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbPersonalBallot is a signed-in resident's participatory-budget ballot
// or draft, as their data download shows it. Ballots cast with a voting
// code are not linked to any account, so they are not here.
type pbPersonalBallot struct {
	ProcessID   int64             `json:"process_id"`
	Process     string            `json:"process"`
	State       string            `json:"state"` // submitted or draft
	Choices     budgeting.Choices `json:"choices"`
	Channel     string            `json:"channel,omitempty"`
	SubmittedAt string            `json:"submitted_at,omitempty"`
}

func init() {
	RegisterPersonalData("participatory_budgets", func(ctx context.Context, s *Store, userID int64) (any, error) {
		ps, err := s.ListPBProcesses(ctx, 0)
		if err != nil {
			return nil, err
		}
		var out []pbPersonalBallot
		for _, p := range ps {
			h := budgeting.IdentityHash(p.Salt, budgeting.IdentityUser, strconv.FormatInt(userID, 10))
			b := pbPersonalBallot{ProcessID: p.ID, Process: p.Title, State: "submitted"}
			var choices string
			err := s.db.QueryRowContext(ctx, "SELECT choices, channel, submitted_at FROM pb_ballots WHERE process_id = $1 AND identity_hash = $2",
				p.ID, h).Scan(&choices, &b.Channel, &b.SubmittedAt)
			if errors.Is(err, sql.ErrNoRows) {
				b.State, b.Channel = "draft", ""
				err = s.db.QueryRowContext(ctx, "SELECT choices FROM pb_drafts WHERE process_id = $1 AND identity_hash = $2", p.ID, h).Scan(&choices)
			}
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if b.Choices, err = budgeting.DecodeChoices(choices); err != nil {
				return nil, err
			}
			out = append(out, b)
		}
		if out == nil {
			return nil, nil
		}
		return out, nil
	})
}
