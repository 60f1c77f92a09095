package auth

import (
	"context"
	"strconv"
	"time"

	"github.com/placeboard/placeboard/internal/voice"
)

// Voice proposals (issue 13 item 4): who may post, who moderates, and the
// spam limits on posting.

// ModerateProposals: give official answers to a partnership's proposals,
// hide proposals and comments with a reason, block accounts from posting
// and see the flags. Administrators and officers of the partnership.
const ModerateProposals Action = "moderate_proposals"

// SpeakForOrganisations: make proposals on behalf of one of the
// partnership's member organisations (from the register). Its
// administrators, officers and board members.
const SpeakForOrganisations Action = "speak_for_organisations"

func init() {
	allowed[ModerateProposals] = []Role{RoleAdministrator, RoleOfficer}
	allowed[SpeakForOrganisations] = []Role{RoleAdministrator, RoleOfficer, RoleBoardMember}
}

// PostLimits caps posting (proposals and comments): at most PerAccount
// posts per account and PerAddress per client address (an IPv6 client by
// its /64) in each Window. The sign-in throttle's table keeps the counts,
// under keys of their own, so the limits hold across parallel requests
// and servers.
var PostLimits = struct {
	PerAccount int
	PerAddress int
	Window     time.Duration
}{PerAccount: 20, PerAddress: 60, Window: time.Hour}

// CanPost says why p may not post a proposal, comment, support or flag:
// nil when they may. Anyone signed in with a confirmed e-mail address may
// (residents need no role in the partnership); anonymous callers get
// ErrNotSignedIn and unconfirmed accounts voice.ErrEmailNotConfirmed.
// Blocks are the store's check, per partnership.
func CanPost(p *Principal) error {
	if p == nil {
		return ErrNotSignedIn
	}
	if !p.EmailConfirmed {
		return voice.ErrEmailNotConfirmed
	}
	return nil
}

// ErrNotSignedIn: the action needs a signed-in account.
var ErrNotSignedIn = errNotSignedIn{}

type errNotSignedIn struct{}

func (errNotSignedIn) Error() string { return "sign in to do that" }

// ReservePost takes one of the account's and one of the client address's
// posts in the window, or returns a *RateLimitedError saying when to try
// again. Call it after the input is checked and before it is stored.
func (s *Service) ReservePost(ctx context.Context, p *Principal, c Client) error {
	now := s.opt.Now()
	keys := []struct {
		key string
		max int
	}{{"post:account:" + strconv.FormatInt(p.UserID, 10), PostLimits.PerAccount}}
	if c.Address != "" {
		keys = append(keys, struct {
			key string
			max int
		}{"post:" + addressKey(c.Address), PostLimits.PerAddress})
	}
	for _, k := range keys {
		slot, err := s.store.ReserveLoginAttempt(ctx, k.key, now, PostLimits.Window, k.max)
		if err != nil {
			return err
		}
		if !slot.Granted {
			if slot.FirstRefusal {
				s.opt.Logger.Warn("posts refused: too many", "key", k.key)
			}
			return &RateLimitedError{RetryAfter: max(slot.RetryAt.Sub(now), time.Second)}
		}
	}
	return nil
}
