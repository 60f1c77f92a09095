package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// PBRecountArgs is the job that counts a closed participatory budget again
// from its stored ballots (budgeting.Recount): the same rule, the same
// published tie-break, a fresh .pb export and SHA-256. A staff override
// stays as recorded.
type PBRecountArgs struct {
	ProcessID int64 `json:"process_id"`
}

// Kind names the job in the queue.
func (PBRecountArgs) Kind() string { return "pb_recount" }

// PBRecountAttempts bounds the tries of one recount.
const PBRecountAttempts = 3

type pbRecountWorker struct {
	river.WorkerDefaults[PBRecountArgs]
	store budgeting.CountStore
	log   *slog.Logger
}

// Work recounts. A recount of a process that is not closed fails for good
// (there is nothing to count yet); other errors send it back to the queue.
func (w *pbRecountWorker) Work(ctx context.Context, job *river.Job[PBRecountArgs]) error {
	res, err := budgeting.Recount(ctx, w.store, job.Args.ProcessID, audit.FormatTime(time.Now()))
	if err != nil {
		w.log.Warn("pb recount failed", "process", job.Args.ProcessID, "attempt", job.Attempt, "err", err)
		if errors.Is(err, budgeting.ErrNotCounted) {
			return river.JobCancel(err)
		}
		return err
	}
	w.log.Info("pb recount", "process", job.Args.ProcessID, "winners", len(res.Winners), "sha256", res.BallotsSHA256)
	return nil
}

// EnqueuePBRecount queues a recount of a closed process.
func (q *Queue) EnqueuePBRecount(ctx context.Context, processID int64) (int64, error) {
	if !q.pbRecount {
		return 0, fmt.Errorf("jobs: enqueue pb recount: no recount worker (Config.PBCount is nil)")
	}
	res, err := q.insert(ctx, PBRecountArgs{ProcessID: processID}, &river.InsertOpts{MaxAttempts: PBRecountAttempts})
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue pb recount: %w", err)
	}
	return res.Job.ID, nil
}
