package store

import (
	"context"
	"fmt"

	"github.com/placeboard/placeboard/internal/voice"
)

// "You said, we did" for proposals: a proposal links, through the same
// voice_yswd_links table as consultation themes (subject_kind
// 'proposal'), to a board decision of its partnership, a scheme, a plan
// priority, or "not taken forward, because …".

// AddProposalLink records what a proposal led to (audited): ErrNotFound
// for no such proposal; a decision of another partnership's board is a
// *validation.Errors on target_id.
func (s *Store) AddProposalLink(ctx context.Context, by Actor, proposalID int64, l voice.Link) (_ voice.Link, err error) {
	defer wrapOp(&err, "add proposal link")
	p, err := getProposal(ctx, s.db, proposalID)
	if err != nil {
		return voice.Link{}, err
	}
	l.SubjectKind, l.SubjectID = voice.SubjectProposal, p.ID
	l.Normalize()
	if err := l.Validate(); err != nil {
		return voice.Link{}, err
	}
	if l.TargetKind == voice.TargetDecision {
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM decisions WHERE id = $1 AND partnership_id = $2", l.TargetID, p.PartnershipID).Scan(&n); err != nil {
			return voice.Link{}, err
		}
		if n == 0 {
			return voice.Link{}, fieldErr("target_id", fmt.Sprintf("Decision %d is not a decision of this partnership's board", l.TargetID))
		}
	}
	return s.AddLink(ctx, by, l)
}

// ProposalLinks returns what a proposal led to, oldest first, each
// decision with its text, date and page.
func (s *Store) ProposalLinks(ctx context.Context, proposalID int64) (_ []voice.YSWDTarget, err error) {
	defer wrapOp(&err, "proposal links")
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, l.target_kind, COALESCE(l.target_id, 0), l.reason, l.created_at,
			COALESCE(d.text, ''), COALESCE(d.date, ''), COALESCE(d.partnership_id, 0)
		FROM voice_yswd_links l LEFT JOIN decisions d ON l.target_kind = 'decision' AND d.id = l.target_id
		WHERE l.subject_kind = 'proposal' AND l.subject_id = $1 ORDER BY l.id`, proposalID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []voice.YSWDTarget{}
	for rows.Next() {
		var x voice.YSWDTarget
		var tk string
		var pid int64
		if err := rows.Scan(&x.Link.ID, &tk, &x.Link.TargetID, &x.Link.Reason, &x.Link.CreatedAt, &x.Title, &x.Date, &pid); err != nil {
			return nil, err
		}
		x.Link.SubjectKind, x.Link.SubjectID, x.Link.TargetKind = voice.SubjectProposal, proposalID, voice.TargetKind(tk)
		if x.Link.TargetKind == voice.TargetDecision {
			x.URL = fmt.Sprintf("/partnerships/%d/decisions/%d", pid, x.Link.TargetID)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
