package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/placeboard/placeboard/internal/voice"
)

// VoicePhaseInterval is how often the queue looks for phases that have
// opened.
const VoicePhaseInterval = time.Hour

// VoicePhaseNoticesArgs is the job that e-mails the followers of each
// engagement process phase that has opened (once per phase, however often
// it runs).
type VoicePhaseNoticesArgs struct{}

// Kind names the job in the queue.
func (VoicePhaseNoticesArgs) Kind() string { return "voice_phase_notices" }

type voicePhaseWorker struct {
	river.WorkerDefaults[VoicePhaseNoticesArgs]
	store     voice.PhaseNoticeStore
	today     func() string
	publicURL string
	queue     *Queue // set once the queue exists: its notifier queues the mail jobs
	log       *slog.Logger
}

// Work queues one mail job per follower of each newly opened phase.
func (w *voicePhaseWorker) Work(ctx context.Context, job *river.Job[VoicePhaseNoticesArgs]) error {
	n, err := voice.AnnouncePhases(ctx, w.store, w.queue.Notifier(), w.today(), w.publicURL)
	if err != nil {
		w.log.Warn("voice: phase notices failed", "job", job.ID, "queued", n, "err", err)
		return err
	}
	if n > 0 {
		w.log.Info("voice: phase notices queued", "job", job.ID, "notices", n)
	}
	return nil
}

// EnqueueVoicePhaseNotices asks for a look for newly opened phases now
// (the queue also looks every VoicePhaseInterval).
func (q *Queue) EnqueueVoicePhaseNotices(ctx context.Context) (int64, error) {
	res, err := q.insert(ctx, VoicePhaseNoticesArgs{}, &river.InsertOpts{MaxAttempts: 3})
	if err != nil {
		return 0, err
	}
	return res.Job.ID, nil
}

// voicePeriodic is the periodic job that looks for opened phases.
func voicePeriodic() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(VoicePhaseInterval), func() (river.JobArgs, *river.InsertOpts) {
		return VoicePhaseNoticesArgs{}, &river.InsertOpts{MaxAttempts: 3}
	}, &river.PeriodicJobOpts{RunOnStart: true})
}
