package voice

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Follower is a person who follows a process, with where to write.
type Follower struct {
	UserID int64
	Name   string
	Email  string
}

// PhaseDue is a phase that has opened and whose followers have not been
// told, with its process and their addresses.
type PhaseDue struct {
	Process   Process
	Phase     Phase
	Followers []Follower
}

// PhaseNoticeStore is what AnnouncePhases needs; *store.Store satisfies it.
// ClaimPhaseNotice records a phase as told and reports false when another
// run has already claimed it; ReleasePhaseNotice undoes a claim whose
// notices could not be queued, so the next run tries again.
type PhaseNoticeStore interface {
	PhasesToAnnounce(ctx context.Context, day string) ([]PhaseDue, error)
	ClaimPhaseNotice(ctx context.Context, phaseID int64, followers int) (bool, error)
	ReleasePhaseNotice(ctx context.Context, phaseID int64) error
}

// PhaseNotices writes the e-mails telling followers that a phase opened.
// baseURL is the site's address ("" leaves links relative).
func PhaseNotices(d PhaseDue, baseURL string) []Notice {
	link := strings.TrimSuffix(baseURL, "/") + "/voice/processes/" + strconv.FormatInt(d.Process.ID, 10)
	out := make([]Notice, 0, len(d.Followers))
	for _, f := range d.Followers {
		body := fmt.Sprintf("Hello %s,\n\nThe %s phase of %q has opened. It runs from %s to %s.\n\n",
			f.Name, strings.ToLower(d.Phase.Kind.Label()), d.Process.Title, LongDate(d.Phase.Starts), LongDate(d.Phase.Ends))
		if d.Phase.Description != "" {
			body += d.Phase.Description + "\n\n"
		}
		body += "See where it stands and take part: " + link + "\n\nYou get this because you follow the process. To stop, open the link and choose Stop following.\n"
		out = append(out, Notice{To: f.Email, Subject: d.Phase.Kind.Label() + " phase open: " + d.Process.Title, Body: body})
	}
	return out
}

// AnnouncePhases tells the followers of every phase open on day that has
// not been announced, once per phase: the phase is claimed before its
// notices are queued, so two runs never both send, and a claim whose
// notices could not be queued is released for the next run. It returns
// the number of notices queued.
func AnnouncePhases(ctx context.Context, st PhaseNoticeStore, n Notifier, day, baseURL string) (int, error) {
	due, err := st.PhasesToAnnounce(ctx, day)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range due {
		ok, err := st.ClaimPhaseNotice(ctx, d.Phase.ID, len(d.Followers))
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		notices := PhaseNotices(d, baseURL)
		if len(notices) == 0 {
			continue
		}
		if err := n.Notify(ctx, notices); err != nil {
			if rerr := st.ReleasePhaseNotice(ctx, d.Phase.ID); rerr != nil {
				return sent, fmt.Errorf("%w (and releasing the phase: %v)", err, rerr)
			}
			return sent, err
		}
		sent += len(notices)
	}
	return sent, nil
}
